import { describe, expect, it } from 'vitest';
import { AnswerQueue } from '../../src/interactions/answer-queue.ts';

/** A job that runs until released, recording when it started. */
function gatedJobs() {
  const started: number[] = [];
  const release: (() => void)[] = [];
  const job = (n: number) => () =>
    new Promise<number>((resolve) => {
      started.push(n);
      release.push(() => resolve(n));
    });
  return { started, release, job };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('the answer queue', () => {
  it('admits a job only while the jobs held, at the time per answer, are done within the wait', async () => {
    const queue = new AnswerQueue({ maxWaitMs: 250, maxQueued: 100, concurrency: 1, initialEstimateMs: 100 });
    const { release, job } = gatedJobs();
    expect(queue.admits()).toBe(true);
    const first = queue.run(job(1));
    expect(queue.admits()).toBe(true);
    const second = queue.run(job(2));
    // A third would be done after 3 × 100 ms > 250 ms.
    expect(queue.admits()).toBe(false);
    expect([queue.size, queue.refused]).toEqual([2, 1]);
    await tick();
    release.shift()!();
    expect(await first).toBe(1);
    await tick();
    release.shift()!();
    expect(await second).toBe(2);
    expect(queue.size).toBe(0);
  });

  it('holds at most maxQueued jobs, however fast answers are', () => {
    const queue = new AnswerQueue({ maxWaitMs: 2_500, maxQueued: 3, concurrency: 1, initialEstimateMs: 0 });
    const { job } = gatedJobs();
    for (let i = 0; i < 3; i++) {
      expect(queue.admits()).toBe(true);
      void queue.run(job(i));
    }
    expect(queue.admits()).toBe(false);
    expect([queue.size, queue.peak, queue.refused]).toEqual([3, 3, 1]);
  });

  it('runs jobs in arrival order, at most `concurrency` at once, each in a task of its own', async () => {
    const queue = new AnswerQueue({ maxWaitMs: 2_500, maxQueued: 10, concurrency: 2, initialEstimateMs: 0 });
    const { started, release, job } = gatedJobs();
    const done = [1, 2, 3, 4].map((n) => queue.run(job(n)));
    // Nothing runs in the caller's task.
    expect(started).toEqual([]);
    await tick();
    expect(started).toEqual([1, 2]);
    release.shift()!();
    await done[0];
    await tick();
    expect(started).toEqual([1, 2, 3]);
    while (release.length > 0) {
      release.shift()!();
      await tick();
    }
    expect(await Promise.all(done)).toEqual([1, 2, 3, 4]);
  });
});
