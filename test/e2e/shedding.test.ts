import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MessageFlags } from 'discord-api-types/v10';
import { BUSY_LOG, InteractionType, LoadHarness, askData } from './load-harness.ts';
import { COMMON_TEXTS } from '../../src/interactions/i18n.ts';
import { DEFAULT_ANSWER_QUEUE } from '../../src/interactions/answer-queue.ts';
import type { RecordedRequest } from './fake-discord.ts';

/**
 * Load shedding through the real discord.js client and the fake Discord: a burst of /ask sent at
 * once, more than the bot's answer queue holds (here at most 20 answers at a time, so the burst is
 * beyond it on any machine). Every interaction gets exactly one first response: an answer (or a
 * deferral and its edit) for those queued, an ephemeral "busy, try again" for the rest, at once,
 * with nothing stored for them. The queue never held more than its bound, and once the burst is
 * over the bot answers again.
 */

const BURST = 300;
const MAX_QUEUED = 20;

let harness: LoadHarness;
/** Per interaction id: its callbacks (first responses) and whether its deferral was edited. */
const callbacks = new Map<string, RecordedRequest[]>();
const edited = new Set<string>();

beforeAll(async () => {
  harness = new LoadHarness(5);
  harness.members = 'distinct';
  await harness.start({
    answerQueue: { ...DEFAULT_ANSWER_QUEUE, maxQueued: MAX_QUEUED },
  });
  const counted = harness.fake.onRequest!;
  harness.fake.onRequest = (request) => {
    counted(request);
    const callback = /^\/interactions\/(\d+)\/[^/]+\/callback$/.exec(request.path);
    if (callback && request.method === 'POST' && request.status === 204)
      callbacks.set(callback[1]!, [...(callbacks.get(callback[1]!) ?? []), request]);
    const edit = /\/tok(\d+)\/messages\/@original$/.exec(request.path);
    if (edit && request.method === 'PATCH') edited.add(edit[1]!);
  };
}, 60_000);

afterAll(async () => {
  await harness?.stop();
});

/** Sends /ask from distinct members of the harness's servers, all in one go. */
function burst(count: number, from: number): string[] {
  return Array.from({ length: count }, (_, i) => {
    const n = from + i;
    return harness.fake.interactionIn(
      harness.guilds[n % harness.guilds.length]!,
      InteractionType.ApplicationCommand,
      askData(`PyTorch 有多少贡献者？ ${n}`),
      {},
      { member: { id: (1500000000000000000n + BigInt(n)).toString(), username: `member${n}` } },
    ).id;
  });
}

/** Resolves once every interaction has its first response and every deferral its edit. */
async function settled(ids: readonly string[]): Promise<void> {
  const deadline = Date.now() + 60_000;
  const done = (id: string) => {
    const first = callbacks.get(id)?.[0];
    return first !== undefined && (first.body?.type !== 5 || edited.has(id));
  };
  while (!ids.every(done) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
}

const isBusy = (request: RecordedRequest) =>
  request.body?.type === 4 &&
  (request.body.data?.flags ?? 0) & MessageFlags.Ephemeral &&
  request.body.data?.content === COMMON_TEXTS.botBusy.en;

async function storedQuestions(): Promise<number> {
  let total = 0;
  for (const guild of harness.guilds) {
    const { daily } = await harness.store.insights(guild);
    for (const day of daily) total += day.answered + day.unanswered;
  }
  return total;
}

describe('load shedding: a burst beyond what the bot can answer in time', () => {
  it(
    `answers every one of ${BURST} interactions once: the queued with answers, the rest "busy" at once`,
    { timeout: 120_000 },
    async () => {
      const before = await storedQuestions();
      const ids = burst(BURST, 0);
      await settled(ids);
      expect(ids.filter((id) => callbacks.get(id)?.length !== 1)).toEqual([]);
      const busy = ids.filter((id) => isBusy(callbacks.get(id)![0]!));
      const answered = ids.filter((id) => !busy.includes(id));
      console.log(
        `burst of ${BURST}: ${answered.length} answered, ${busy.length} refused as busy; queue peak ` +
          `${harness.bot.queue.peak}, ${harness.bot.queue.estimateMs.toFixed(1)} ms per answer`,
      );
      expect(busy.length).toBeGreaterThan(0);
      expect(answered.length).toBeGreaterThan(0);
      for (const id of answered) {
        const first = callbacks.get(id)![0]!;
        // An answer (an embed with the passage), or a deferral its edit followed.
        if (first.body.type === 4) expect(first.body.data.embeds?.length).toBeGreaterThan(0);
        else expect([first.body.type, edited.has(id)]).toEqual([5, true]);
      }
      expect(harness.bot.queue.peak).toBeLessThanOrEqual(MAX_QUEUED);
      expect(harness.bot.queue.refused).toBe(busy.length);
      // Only the answered questions were stored; a refused one did no work.
      expect((await storedQuestions()) - before).toBe(answered.length);
      expect(harness.logged.map((line) => line.msg)).toContain(BUSY_LOG);
    },
  );

  it('answers again once the burst is over', { timeout: 60_000 }, async () => {
    const [id] = burst(1, BURST);
    await settled([id!]);
    const first = callbacks.get(id!)![0]!;
    expect(isBusy(first)).toBeFalsy();
    expect(first.body.type === 4 ? first.body.data.embeds?.length : edited.has(id!)).toBeTruthy();
  });
});
