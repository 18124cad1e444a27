import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SqliteStore } from '../../src/store/sqlite.ts';
import { openOrThrow, tempDir } from './helpers.ts';

let dir: ReturnType<typeof tempDir>;
let store: SqliteStore;
let clock: Date;

beforeEach(() => {
  dir = tempDir();
  clock = new Date('2026-06-01T12:00:00Z');
  store = openOrThrow({ path: `${dir.dir}/db.sqlite`, now: () => clock });
});
afterEach(() => {
  store.close();
  dir.cleanup();
});

const vote = (over: Partial<Parameters<SqliteStore['recordVote']>[0]> = {}) => ({
  guildId: 'g1',
  answerId: 'a1',
  userId: 'u1',
  helpful: true,
  question: 'Who founded PyTorch?',
  cited: 'pytorch-5th-birthday#3',
  ...over,
});

describe('questions for insights', () => {
  it('counts a question asked in different forms as one, normalized, without who asked', () => {
    store.recordQuestion('g1', 'When is the MEETUP?', false);
    store.recordQuestion('g1', '  when is the meetup ', false);
    store.recordQuestion('g1', '貢獻者有多少', true);
    store.recordQuestion('g1', '贡献者有多少？', true);
    const { unanswered, mostAsked } = store.insights('g1');
    expect(unanswered).toEqual([
      expect.objectContaining({ text: 'when is the meetup', asked: 2, unanswered: 2, lastUnanswered: true }),
    ]);
    expect(mostAsked.map((q) => [q.text, q.asked])).toEqual([
      ['贡献者有多少', 2],
      ['when is the meetup', 2],
    ]);
  });

  it('drops a question from unanswered once it is answered, and lists it again after 👎', () => {
    store.recordQuestion('g1', 'When is the meetup?', false);
    store.recordQuestion('g1', 'When is the meetup?', true);
    expect(store.insights('g1').unanswered).toEqual([]);
    store.recordVote(vote({ question: 'When is the meetup?', helpful: false }));
    expect(store.insights('g1').unanswered).toEqual([
      expect.objectContaining({ text: 'when is the meetup', unhelpful: 1, lastUnanswered: false }),
    ]);
  });

  it('stops listing a question once a moderator pins an answer, until it is asked again', () => {
    store.recordQuestion('g1', 'When is the meetup?', false);
    const id = store.insights('g1').unanswered[0]!.id;
    clock = new Date(clock.getTime() + 60_000);
    store.markAnswerPinned('g1', id);
    expect(store.insights('g1').unanswered).toEqual([]);
    clock = new Date(clock.getTime() + 60_000);
    store.recordQuestion('g1', 'When is the meetup?', false);
    expect(store.insights('g1').unanswered.map((q) => q.id)).toEqual([id]);
    // Another server cannot mark this server's question.
    clock = new Date(clock.getTime() + 60_000);
    store.markAnswerPinned('other', id);
    expect(store.insights('g1').unanswered.map((q) => q.id)).toEqual([id]);
  });

  it('ignores empty questions', () => {
    store.recordQuestion('g1', '  ？ ', false);
    expect(store.insights('g1').mostAsked).toEqual([]);
  });

  it('keeps questions and votes 90 days, then deletes them', () => {
    store.recordQuestion('g1', 'old question', false);
    store.recordVote(vote({ question: 'old question', helpful: false }));
    clock = new Date('2026-08-29T12:00:00Z'); // 89 days later
    store.recordQuestion('g1', 'new question', false);
    expect(store.insights('g1').unanswered.map((q) => q.text)).toContain('old question');
    clock = new Date('2026-09-01T12:00:00Z'); // 92 days later
    store.recordQuestion('g1', 'new question', false);
    const insights = store.insights('g1');
    expect(insights.unanswered.map((q) => q.text)).toEqual(['new question']);
    expect(insights.feedback).toEqual({ helpful: 0, unhelpful: 0 });
    expect(insights.retentionDays).toBe(90);
  });
});

describe('feedback votes', () => {
  it('keeps one vote per member per answer, changeable', () => {
    store.recordVote(vote({ helpful: true }));
    store.recordVote(vote({ helpful: true }));
    expect(store.insights('g1').feedback).toEqual({ helpful: 1, unhelpful: 0 });
    store.recordVote(vote({ helpful: false }));
    expect(store.insights('g1').feedback).toEqual({ helpful: 0, unhelpful: 1 });
    store.recordVote(vote({ userId: 'u2', helpful: true }));
    store.recordVote(vote({ answerId: 'a2', helpful: true }));
    expect(store.insights('g1').feedback).toEqual({ helpful: 2, unhelpful: 1 });
  });
});

describe('guild isolation of insights', () => {
  it("another server never sees this server's questions, votes or question ids", () => {
    store.recordQuestion('ours', 'secret roadmap question', false);
    store.recordVote(vote({ guildId: 'ours', helpful: false }));
    const theirs = store.insights('theirs');
    expect(theirs.unanswered).toEqual([]);
    expect(theirs.mostAsked).toEqual([]);
    expect(theirs.feedback).toEqual({ helpful: 0, unhelpful: 0 });
    const id = store.insights('ours').unanswered.find((q) => q.text === 'secret roadmap question')!.id;
    expect(store.getQuestion('ours', id)?.text).toBe('secret roadmap question');
    expect(store.getQuestion('theirs', id)).toBeUndefined();
    // The same answer id voted in two servers stays two votes.
    store.recordVote(vote({ guildId: 'theirs', helpful: true }));
    expect(store.insights('ours').feedback).toEqual({ helpful: 0, unhelpful: 1 });
    expect(store.insights('theirs').feedback).toEqual({ helpful: 1, unhelpful: 0 });
  });
});
