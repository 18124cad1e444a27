import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandModule } from '../../src/interactions/contract.ts';
import { InteractionType, LoadHarness, askData, describeFigures } from './load-harness.ts';

/**
 * Faults through the fake Discord and the real discord.js client: the gateway dropping mid-burst
 * (discord.js resumes, the fake replays what it missed), Discord answering replies with 5xx or 429,
 * and a handler that throws. (A promise rejection nobody handles is tested on the real entry point,
 * in npm-start.test.ts.)
 */

/** A command whose handler always throws, as a bug would. */
const broken: CommandModule = {
  definition: { name: 'broken', description: 'Always fails' },
  async handle() {
    throw new Error('a bug in a handler');
  },
} as unknown as CommandModule;

let harness: LoadHarness;

beforeAll(async () => {
  harness = new LoadHarness(50, 'info');
  await harness.start({ extraModules: [broken] });
});

afterAll(async () => {
  await harness?.stop();
});

async function until(condition: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
}

describe('faults', () => {
  it('the gateway drops twice mid-burst; discord.js resumes and every interaction is answered once', async () => {
    const fake = harness.fake;
    const identifies = fake.identifies.length;
    const figures = await harness.run({
      count: 600,
      perTick: 25,
      tickMs: 200,
      drainMs: 20_000,
      during: {
        atSent: 200,
        action: () => {
          // A close Discord asks clients to resume after, then (once resumed) an abrupt drop.
          fake.disconnect(4000);
          const resumed = fake.resumes.length;
          const drop = setInterval(() => {
            if (fake.resumes.length > resumed) {
              clearInterval(drop);
              setTimeout(() => fake.disconnect(), 300);
            }
          }, 20);
          setTimeout(() => clearInterval(drop), 10_000);
        },
      },
    });
    console.log(
      describeFigures('600 interactions, gateway closed (4000) then dropped (1006) mid-burst', figures) +
        `; resumes: ${fake.resumes.length}, dispatches replayed: ${fake.replayed}`,
    );
    expect(fake.resumes.length).toBeGreaterThanOrEqual(2);
    // Resumed, not identified afresh (which would lose the dispatches in between).
    expect(fake.identifies.length).toBe(identifies);
    expect(fake.replayed).toBeGreaterThan(0);
    expect(harness.unanswered()).toEqual([]);
    expect(figures.answered).toBe(600);
    expect(figures.extraResponses).toBe(0);
  });

  it('5xx and 429 answers to replies are retried by discord.js and logged; every interaction is answered', async () => {
    const fake = harness.fake;
    harness.logged.length = 0;
    for (let i = 0; i < 6; i++)
      fake.failOnce('POST', /^\/interactions\/\d+\/[^/]+\/callback$/, i % 2 ? 502 : 500);
    for (let i = 0; i < 3; i++) fake.rateLimitOnce('POST', /^\/interactions\/\d+\/[^/]+\/callback$/, 0.2);
    const figures = await harness.run({ count: 100, perTick: 10, tickMs: 100 });
    console.log(
      describeFigures('100 interactions, 6 callbacks answered 500/502 and 3 answered 429', figures),
    );
    expect(harness.unanswered()).toEqual([]);
    expect(figures.answered).toBe(100);
    expect(figures.extraResponses).toBe(0);
    expect(figures.failedCallbacks).toBe(9);
    const serverErrors = harness.logged.filter((line) => line.msg === 'Discord answered with a server error');
    expect(serverErrors).toHaveLength(6);
    expect(serverErrors.every((line) => line.level === 40)).toBe(true);
    expect(harness.logged.filter((line) => line.msg === 'Discord answered 429 (rate limited)')).toHaveLength(
      3,
    );
    expect(harness.logged.filter((line) => line.level >= 50)).toEqual([]);
  });

  it('a reply that fails every retry is logged with an error id, and the bot goes on answering', async () => {
    const fake = harness.fake;
    harness.logged.length = 0;
    // The first try and discord.js's 3 retries all fail.
    for (let i = 0; i < 4; i++) fake.failOnce('POST', /^\/interactions\/\d+\/[^/]+\/callback$/, 503);
    const lost = fake.interactionIn(
      harness.guilds[1]!,
      InteractionType.ApplicationCommand,
      askData('Who created PyTorch?'),
    );
    await until(() => harness.logged.some((line) => line.msg === 'could not respond'));
    const failure = harness.logged.find((line) => line.msg === 'could not respond') as
      { errorId?: string; interaction?: string } | undefined;
    expect(failure?.interaction).toBe(lost.id);
    expect(failure?.errorId).toMatch(/^[0-9a-f]{8}$/);
    const figures = await harness.run({ count: 20, perTick: 10, tickMs: 100 });
    expect(figures.answered).toBe(20);
  });

  it('a handler that throws gives the member a short apology with an error id, which is logged', async () => {
    const fake = harness.fake;
    harness.logged.length = 0;
    const { id } = fake.interactionIn(harness.guilds[2]!, InteractionType.ApplicationCommand, {
      id: '9',
      name: 'broken',
      type: 1,
    });
    const callback = await fake.waitForRequest(
      (request) => request.path.startsWith(`/interactions/${id}/`) && request.status === 204,
    );
    expect(callback.body.type).toBe(4);
    expect(callback.body.data.flags & 64).toBe(64);
    const text = JSON.stringify(callback.body.data);
    const shown = /error ([0-9a-f]{8})/.exec(text)?.[1];
    expect(shown).toBeDefined();
    expect(text).not.toContain('a bug in a handler');
    const failure = harness.logged.find((line) => line.msg === 'handler failed') as
      { errorId?: string; err?: { message: string } } | undefined;
    expect(failure?.errorId).toBe(shown);
    expect(failure?.err?.message).toBe('a bug in a handler');
    const after = await harness.run({ count: 10, perTick: 10, tickMs: 100 });
    expect(after.answered).toBe(10);
  });

  it('a session Discord can no longer resume is identified afresh; the bot answers on', async () => {
    const fake = harness.fake;
    const identifies = fake.identifies.length;
    // The fake keeps nothing to replay, so the RESUME is refused (op 9) as Discord refuses a stale one.
    fake.replayLimit = 0;
    fake.disconnect(4000);
    // Sent while the socket is closing: discord.js never receives these, so it cannot answer them.
    const lost = new Set(
      [1, 2, 3].map(
        (i) =>
          fake.interactionIn(
            harness.guilds[i]!,
            InteractionType.ApplicationCommand,
            askData('Who created PyTorch?'),
          ).id,
      ),
    );
    let lostAnswered = 0;
    const watch = fake.onRequest;
    fake.onRequest = (request) => {
      watch?.(request);
      if ([...lost].some((id) => request.path.startsWith(`/interactions/${id}/`))) lostAnswered += 1;
    };
    await fake.waitForIdentify(identifies + 1);
    fake.replayLimit = 1000;
    const figures = await harness.run({ count: 100, perTick: 10, tickMs: 100, drainMs: 20_000 });
    fake.onRequest = watch;
    console.log(describeFigures('100 interactions after a refused RESUME and a fresh IDENTIFY', figures));
    expect(fake.identifies.length).toBe(identifies + 1);
    expect(figures.answered).toBe(100);
    expect(figures.extraResponses).toBe(0);
    // Never delivered, so never answered (Discord shows the member "The application did not respond").
    expect(lostAnswered).toBe(0);
  });
});
