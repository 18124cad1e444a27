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

  describe('questions per day', () => {
    const day = (daily: Awaited<ReturnType<CitebotStore['insights']>>['daily'], date: string) =>
      daily.find((entry) => entry.day === date);

    it('counts answered and unanswered questions per UTC day over the last 30 days, oldest first', async () => {
      clock = new Date('2026-05-02T23:59:00Z'); // 31 days before 06-01: outside the chart
      await db.store.recordQuestion('g1', 'too old', true);
      clock = new Date('2026-05-03T00:00:00Z'); // 29 days before: the first day shown
      await db.store.recordQuestion('g1', 'first day', false);
      clock = new Date('2026-05-31T23:30:00Z');
      await db.store.recordQuestion('g1', 'Who founded PyTorch?', true);
      await db.store.recordQuestion('g1', 'who founded pytorch', true);
      await db.store.recordQuestion('g1', 'When is the meetup?', false);
      clock = new Date('2026-06-01T12:00:00Z');
      await db.store.recordQuestion('g1', 'today', true);

      const { daily } = await db.store.insights('g1');
      expect(daily).toHaveLength(30);
      expect(daily[0]).toEqual({ day: '2026-05-03', answered: 0, unanswered: 1 });
      expect(daily.at(-1)).toEqual({ day: '2026-06-01', answered: 1, unanswered: 0 });
      // The same question asked twice counts twice: these are questions asked, not distinct texts.
      expect(day(daily, '2026-05-31')).toEqual({ day: '2026-05-31', answered: 2, unanswered: 1 });
      expect(day(daily, '2026-05-15')).toEqual({ day: '2026-05-15', answered: 0, unanswered: 0 });
      expect(daily.map((entry) => entry.day)).toEqual([...daily.map((entry) => entry.day)].sort());
    });

    it("another server's questions are not in this server's days", async () => {
      await db.store.recordQuestion('ours', 'secret roadmap question', false);
      await db.store.recordQuestion('theirs', 'their question', true);
      expect((await db.store.insights('ours')).daily.at(-1)).toMatchObject({ answered: 0, unanswered: 1 });
      expect((await db.store.insights('theirs')).daily.at(-1)).toMatchObject({ answered: 1, unanswered: 0 });
      expect((await db.store.insights('nobody')).daily.every((d) => d.answered + d.unanswered === 0)).toBe(
        true,
      );
    });
  });

  describe('pin usage', () => {
    const pin = async (guildId: string, text: string) => {
      const added = await db.store.addPin({ guildId, text, createdBy: '100' });
      if (!added.ok) throw new Error(added.message);
      return added.value;
    };

    it('counts each time a pin is the answer, most used first; only pins of the asking server', async () => {
      const meetup = await pin('g1', 'The meetup is on Friday.');
      const venue = await pin('g1', 'The venue is the library.');
      const theirs = await pin('g2', 'Their fact.');
      await db.store.recordQuestion('g1', 'When is the meetup?', true, meetup.id);
      clock = new Date(clock.getTime() + 60_000);
      await db.store.recordQuestion('g1', 'when is the meetup', true, meetup.id);
      await db.store.recordQuestion('g1', 'Where is it?', true, venue.id);
      // A pin id from another server, as a forged or stale request could name: not counted anywhere.
      await db.store.recordQuestion('g1', 'Their question?', true, theirs.id);
      await db.store.recordQuestion('g2', 'When is the meetup?', true, meetup.id);

      expect(await db.store.pinUsage('g1')).toEqual([
        { pinId: meetup.id, text: meetup.text, cited: 2, lastCitedAt: clock.toISOString() },
        { pinId: venue.id, text: venue.text, cited: 1, lastCitedAt: clock.toISOString() },
      ]);
      expect(await db.store.pinUsage('g2')).toEqual([]);
      // Counting a citation does not change the pins (other processes' pin indexes stay valid).
      const revision = await db.store.pinRevision('g1');
      await db.store.recordQuestion('g1', 'When is the meetup?', true, meetup.id);
      expect(await db.store.pinRevision('g1')).toBe(revision);
    });

    it('forgets the count of a removed pin', async () => {
      const meetup = await pin('g1', 'The meetup is on Friday.');
      await db.store.recordQuestion('g1', 'When is the meetup?', true, meetup.id);
      expect(await db.store.removePins('g1', [meetup.id])).toMatchObject({ ok: true });
      expect(await db.store.pinUsage('g1')).toEqual([]);
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
