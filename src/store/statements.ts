import type Database from 'better-sqlite3';
import type { PinnedFact } from '../answer/types.ts';
import type { NewPinRow } from './limits.ts';
import type { DailyQuestions, PinUsage, QuestionStat } from './types.ts';

/** The store's SQL, prepared once per connection, and the rows it reads back as values. */

export interface PinRow {
  id: number;
  guild_id: string;
  text: string;
  keywords: string | null;
  passage_key: string | null;
  source_url: string | null;
  created_by: string;
  created_by_name: string | null;
  created_at: string;
}

export interface QuestionRow {
  id: number;
  normalized: string;
  asked: number;
  unanswered: number;
  last_unanswered: number;
  last_asked_at: string;
  helpful: number;
  unhelpful: number;
}

export interface PinUsageRow {
  pin_id: number;
  text: string;
  cited: number;
  last_cited_at: string;
}

export function pinUsageFromRow(row: PinUsageRow): PinUsage {
  return { pinId: row.pin_id, text: row.text, cited: row.cited, lastCitedAt: row.last_cited_at };
}

export function pinFromRow(row: PinRow): PinnedFact {
  const pin: PinnedFact = {
    id: row.id,
    guildId: row.guild_id,
    text: row.text,
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
  if (row.keywords !== null) pin.keywords = row.keywords;
  if (row.passage_key !== null) pin.passageKey = row.passage_key;
  if (row.source_url !== null) pin.sourceUrl = row.source_url;
  if (row.created_by_name !== null) pin.createdByName = row.created_by_name;
  return pin;
}

export function questionFromRow(row: QuestionRow): QuestionStat {
  return {
    id: row.id,
    text: row.normalized,
    asked: row.asked,
    unanswered: row.unanswered,
    lastUnanswered: row.last_unanswered === 1,
    helpful: row.helpful,
    unhelpful: row.unhelpful,
    lastAskedAt: row.last_asked_at,
  };
}

const PIN_COLUMNS =
  'id, guild_id, text, keywords, passage_key, source_url, created_by, created_by_name, created_at';

// Vote counts per question, joined onto questions for insights.
const QUESTION_SELECT = `
  SELECT q.id, q.normalized, q.asked, q.unanswered, q.last_unanswered, q.last_asked_at,
         COALESCE(v.helpful, 0) AS helpful, COALESCE(v.unhelpful, 0) AS unhelpful
  FROM questions q
  LEFT JOIN (
    SELECT question_id, SUM(helpful) AS helpful, SUM(1 - helpful) AS unhelpful
    FROM votes WHERE guild_id = @guild GROUP BY question_id
  ) v ON v.question_id = q.id
  WHERE q.guild_id = @guild`;

export function prepareStatements(db: Database.Database) {
  return {
    listPins: db.prepare<[string], PinRow>(`SELECT ${PIN_COLUMNS} FROM pins WHERE guild_id = ? ORDER BY id`),
    countPins: db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM pins WHERE guild_id = ?'),
    getPin: db.prepare<[string, number], PinRow>(
      `SELECT ${PIN_COLUMNS} FROM pins WHERE guild_id = ? AND id = ?`,
    ),
    findDuplicate: db.prepare<[string, string], { id: number }>(
      'SELECT id FROM pins WHERE guild_id = ? AND normalized = ?',
    ),
    insertPin: db.prepare<NewPinRow & { guild: string }, PinRow>(
      `INSERT INTO pins (guild_id, text, normalized, keywords, passage_key, source_url, created_by,
       created_by_name, created_at)
     VALUES (@guild, @text, @normalized, @keywords, @passageKey, @sourceUrl, @createdBy,
       @createdByName, @createdAt)
     RETURNING ${PIN_COLUMNS}`,
    ),
    updatePin: db.prepare<
      {
        guild: string;
        id: number;
        text: string;
        normalized: string;
        keywords: string | null;
        passageKey: string | null;
        sourceUrl: string | null;
        updatedAt: string;
      },
      PinRow
    >(
      `UPDATE pins SET text = @text, normalized = @normalized, keywords = @keywords,
       passage_key = @passageKey, source_url = @sourceUrl, updated_at = @updatedAt
     WHERE guild_id = @guild AND id = @id
     RETURNING ${PIN_COLUMNS}`,
    ),
    deletePin: db.prepare<[string, number], PinRow>(
      `DELETE FROM pins WHERE guild_id = ? AND id = ? RETURNING ${PIN_COLUMNS}`,
    ),
    pinRevision: db.prepare<[string], { revision: number }>(
      'SELECT revision FROM pin_revisions WHERE guild_id = ?',
    ),
    upsertQuestion: db.prepare<
      { guild: string; normalized: string; asked: number; unanswered: number; now: string },
      { id: number }
    >(
      `INSERT INTO questions (guild_id, normalized, asked, unanswered, last_unanswered, last_asked_at)
     VALUES (@guild, @normalized, @asked, @unanswered, @unanswered, @now)
     ON CONFLICT (guild_id, normalized) DO UPDATE SET
       asked = asked + excluded.asked,
       unanswered = unanswered + excluded.unanswered,
       last_unanswered = CASE WHEN excluded.asked > 0 THEN excluded.last_unanswered ELSE last_unanswered END,
       last_asked_at = CASE WHEN excluded.asked > 0 THEN excluded.last_asked_at ELSE last_asked_at END
     RETURNING id`,
    ),
    upsertVote: db.prepare<{
      guild: string;
      answerId: string;
      userId: string;
      helpful: number;
      questionId: number;
      cited: string;
      now: string;
    }>(
      `INSERT INTO votes (guild_id, answer_id, user_id, helpful, question_id, cited, voted_at)
     VALUES (@guild, @answerId, @userId, @helpful, @questionId, @cited, @now)
     ON CONFLICT (guild_id, answer_id, user_id) DO UPDATE SET
       helpful = excluded.helpful, question_id = excluded.question_id, cited = excluded.cited,
       voted_at = excluded.voted_at`,
    ),
    unanswered: db.prepare<{ guild: string; limit: number }, QuestionRow>(
      `${QUESTION_SELECT} AND (q.last_unanswered = 1 OR COALESCE(v.unhelpful, 0) > COALESCE(v.helpful, 0))
       AND (q.answer_pinned_at IS NULL OR q.last_asked_at > q.answer_pinned_at)
     ORDER BY q.unanswered + COALESCE(v.unhelpful, 0) DESC, q.last_asked_at DESC, q.id DESC
     LIMIT @limit`,
    ),
    mostAsked: db.prepare<{ guild: string; limit: number }, QuestionRow>(
      `${QUESTION_SELECT} AND q.asked > 0 ORDER BY q.asked DESC, q.last_asked_at DESC, q.id DESC LIMIT @limit`,
    ),
    getQuestion: db.prepare<{ guild: string; id: number }, QuestionRow>(`${QUESTION_SELECT} AND q.id = @id`),
    feedback: db.prepare<[string], { helpful: number | null; unhelpful: number | null }>(
      'SELECT SUM(helpful) AS helpful, SUM(1 - helpful) AS unhelpful FROM votes WHERE guild_id = ?',
    ),
    markAnswerPinned: db.prepare<{ guild: string; id: number; now: string }>(
      'UPDATE questions SET answer_pinned_at = @now WHERE guild_id = @guild AND id = @id',
    ),
    countDay: db.prepare<{ guild: string; day: string; answered: number; unanswered: number }>(
      `INSERT INTO question_days (guild_id, day, answered, unanswered)
     VALUES (@guild, @day, @answered, @unanswered)
     ON CONFLICT (guild_id, day) DO UPDATE SET
       answered = answered + excluded.answered, unanswered = unanswered + excluded.unanswered`,
    ),
    // Through pins, so only a pin of this server is ever counted.
    countPinCitation: db.prepare<{ guild: string; pin: number; now: string }>(
      `INSERT INTO pin_citations (pin_id, guild_id, cited, last_cited_at)
       SELECT id, guild_id, 1, @now FROM pins WHERE guild_id = @guild AND id = @pin
     ON CONFLICT (pin_id) DO UPDATE SET cited = cited + 1, last_cited_at = excluded.last_cited_at`,
    ),
    daily: db.prepare<{ guild: string; from: string }, DailyQuestions>(
      `SELECT day, answered, unanswered FROM question_days WHERE guild_id = @guild AND day >= @from ORDER BY day`,
    ),
    pinUsage: db.prepare<[string], PinUsageRow>(
      `SELECT c.pin_id, p.text, c.cited, c.last_cited_at FROM pin_citations c
       JOIN pins p ON p.id = c.pin_id AND p.guild_id = c.guild_id
     WHERE c.guild_id = ? ORDER BY c.cited DESC, c.pin_id`,
    ),
    pruneQuestions: db.prepare<[string]>('DELETE FROM questions WHERE last_asked_at < ?'),
    pruneDays: db.prepare<[string]>('DELETE FROM question_days WHERE day < ?'),
    pruneVotes: db.prepare<[string]>('DELETE FROM votes WHERE voted_at < ?'),
    autoAnswerChannel: db.prepare<[string], { auto_answer_channel: string | null }>(
      'SELECT auto_answer_channel FROM server_settings WHERE guild_id = ?',
    ),
    setAutoAnswerChannel: db.prepare<{ guild: string; channel: string | null; by: string; now: string }>(
      `INSERT INTO server_settings (guild_id, auto_answer_channel, updated_by, updated_at)
     VALUES (@guild, @channel, @by, @now)
     ON CONFLICT (guild_id) DO UPDATE SET auto_answer_channel = excluded.auto_answer_channel,
       updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
    ),
  };
}

export type Statements = ReturnType<typeof prepareStatements>;
