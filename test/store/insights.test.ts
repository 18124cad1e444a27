import { beforeEach, describe, expect, it } from 'vitest';
import type { CitebotStore } from '../../src/store/types.ts';
import { BACKENDS, storePerTest } from './helpers.ts';

describe.each(BACKENDS)('%s store', (backend) => {
  let clock = new Date('2026-06-01T12:00:00Z');
  beforeEach(() => {
    clock = new Date('2026-06-01T12:00:00Z');
  });
  const db = storePerTest(backend, { now: () => clock });

  const vote = (over: Partial<Parameters<CitebotStore['recordVote']>[0]> = {}) => ({
    guildId: 'g1',
    answerId: 'a1',
    userId: 'u1',
    helpful: true,
    question: 'Who founded PyTorch?',
    cited: 'pytorch-5th-birthday#3',
    ...over,
  });

  describe('questions for insights', () => {
    it('counts a question asked in different forms as one, normalized, without who asked', async () => {
      await db.store.recordQuestion('g1', 'When is the MEETUP?', false);
      await db.store.recordQuestion('g1', '  when is the meetup ', false);
      await db.store.recordQuestion('g1', '貢獻者有多少', true);
      await db.store.recordQuestion('g1', '贡献者有多少？', true);
      const { unanswered, mostAsked } = await db.store.insights('g1');
      expect(unanswered).toEqual([
        expect.objectContaining({
          text: 'when is the meetup',
          asked: 2,
          unanswered: 2,
          lastUnanswered: true,
        }),
      ]);
      expect(mostAsked.map((q) => [q.text, q.asked])).toEqual([
        ['贡献者有多少', 2],
        ['when is the meetup', 2],
      ]);
    });

    it('drops a question from unanswered once it is answered, and lists it again after 👎', async () => {
      await db.store.recordQuestion('g1', 'When is the meetup?', false);
      await db.store.recordQuestion('g1', 'When is the meetup?', true);
      expect((await db.store.insights('g1')).unanswered).toEqual([]);
      await db.store.recordVote(vote({ question: 'When is the meetup?', helpful: false }));
      expect((await db.store.insights('g1')).unanswered).toEqual([
        expect.objectContaining({ text: 'when is the meetup', unhelpful: 1, lastUnanswered: false }),
      ]);
    });

    it('stops listing a question once a moderator pins an answer, until it is asked again', async () => {
      await db.store.recordQuestion('g1', 'When is the meetup?', false);
      const id = (await db.store.insights('g1')).unanswered[0]!.id;
      clock = new Date(clock.getTime() + 60_000);
      await db.store.markAnswerPinned('g1', id);
      expect((await db.store.insights('g1')).unanswered).toEqual([]);
      clock = new Date(clock.getTime() + 60_000);
      await db.store.recordQuestion('g1', 'When is the meetup?', false);
      expect((await db.store.insights('g1')).unanswered.map((q) => q.id)).toEqual([id]);
      // Another server cannot mark this server's question.
      clock = new Date(clock.getTime() + 60_000);
      await db.store.markAnswerPinned('other', id);
      expect((await db.store.insights('g1')).unanswered.map((q) => q.id)).toEqual([id]);
    });

    it('ignores empty questions', async () => {
      await db.store.recordQuestion('g1', '  ？ ', false);
      expect((await db.store.insights('g1')).mostAsked).toEqual([]);
    });

    it('keeps questions and votes 90 days, then deletes them', async () => {
      await db.store.recordQuestion('g1', 'old question', false);
      await db.store.recordVote(vote({ question: 'old question', helpful: false }));
      clock = new Date('2026-08-29T12:00:00Z'); // 89 days later
      await db.store.recordQuestion('g1', 'new question', false);
      expect((await db.store.insights('g1')).unanswered.map((q) => q.text)).toContain('old question');
      clock = new Date('2026-09-01T12:00:00Z'); // 92 days later
      await db.store.recordQuestion('g1', 'new question', false);
      const insights = await db.store.insights('g1');
      expect(insights.unanswered.map((q) => q.text)).toEqual(['new question']);
      expect(insights.feedback).toEqual({ helpful: 0, unhelpful: 0 });
      expect(insights.retentionDays).toBe(90);
    });
  });

  describe('feedback votes', () => {
    it('keeps one vote per member per answer, changeable', async () => {
      await db.store.recordVote(vote({ helpful: true }));
      await db.store.recordVote(vote({ helpful: true }));
      expect((await db.store.insights('g1')).feedback).toEqual({ helpful: 1, unhelpful: 0 });
      await db.store.recordVote(vote({ helpful: false }));
      expect((await db.store.insights('g1')).feedback).toEqual({ helpful: 0, unhelpful: 1 });
      await db.store.recordVote(vote({ userId: 'u2', helpful: true }));
      await db.store.recordVote(vote({ answerId: 'a2', helpful: true }));
      expect((await db.store.insights('g1')).feedback).toEqual({ helpful: 2, unhelpful: 1 });
    });
  });

  describe('guild isolation of insights', () => {
    it("another server never sees this server's questions, votes or question ids", async () => {
      await db.store.recordQuestion('ours', 'secret roadmap question', false);
      await db.store.recordVote(vote({ guildId: 'ours', helpful: false }));
      const theirs = await db.store.insights('theirs');
      expect(theirs.unanswered).toEqual([]);
      expect(theirs.mostAsked).toEqual([]);
      expect(theirs.feedback).toEqual({ helpful: 0, unhelpful: 0 });
      const id = (await db.store.insights('ours')).unanswered.find(
        (q) => q.text === 'secret roadmap question',
      )!.id;
      expect((await db.store.getQuestion('ours', id))?.text).toBe('secret roadmap question');
      expect(await db.store.getQuestion('theirs', id)).toBeUndefined();
      // The same answer id voted in two servers stays two votes.
      await db.store.recordVote(vote({ guildId: 'theirs', helpful: true }));
      expect((await db.store.insights('ours')).feedback).toEqual({ helpful: 0, unhelpful: 1 });
      expect((await db.store.insights('theirs')).feedback).toEqual({ helpful: 1, unhelpful: 0 });
    });
  });
});
