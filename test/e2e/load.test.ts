import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoadHarness, describeFigures } from './load-harness.ts';

/**
 * A burst through the fake Discord and the real discord.js client: interactions (mostly /ask with
 * varied questions, some autocomplete and button clicks) from 50 servers and 500 members. Every
 * one gets exactly one initial response, none later than Discord's 3 s after its INTERACTION_CREATE
 * (measured in the fake, dispatch to callback POST). The full 2000 take about 9 s, so `npm test`
 * runs them; LOAD_BURST=n changes the count.
 */

const COUNT = Number(process.env.LOAD_BURST ?? 2000);
// 2000 over ~8 s: 50 interactions every 200 ms, an open loop on a shared 2-core machine.
const PER_TICK = Number(process.env.LOAD_PER_TICK ?? 50);
const TICK_MS = 200;

let harness: LoadHarness;

beforeAll(async () => {
  harness = new LoadHarness(50);
  await harness.start();
});

afterAll(async () => {
  await harness?.stop();
});

describe('load: a burst from 50 servers', () => {
  it(`answers all ${COUNT} interactions, each once, within 3 s`, { timeout: 120_000 }, async () => {
    const figures = await harness.run({ count: COUNT, perTick: PER_TICK, tickMs: TICK_MS });
    console.log(describeFigures(`burst of ${COUNT} (${PER_TICK} every ${TICK_MS} ms, 50 servers)`, figures));
    expect(harness.unanswered()).toEqual([]);
    expect(figures.answered).toBe(COUNT);
    expect(figures.extraResponses).toBe(0);
    expect(figures.over3s).toBe(0);
    expect(harness.logged).toEqual([]);
  });
});
