/**
 * The PostgreSQL store's SQL: the statements of statements.ts, with numbered parameters and
 * counts cast to integers (pg returns bigint as text). Rows are read back by the same
 * `pinFromRow` and `questionFromRow`.
 */

import type { NewPinRow } from './limits.ts';

const PIN_COLUMNS =
  'id, guild_id, text, keywords, passage_key, source_url, created_by, created_by_name, created_at';

// Vote counts per question, joined onto questions for insights. $1 is the guild.
const QUESTION_SELECT = `
  SELECT q.id, q.normalized, q.asked, q.unanswered, q.last_unanswered, q.last_asked_at,
         COALESCE(v.helpful, 0)::int AS helpful, COALESCE(v.unhelpful, 0)::int AS unhelpful
  FROM questions q
  LEFT JOIN (
    SELECT question_id, SUM(helpful) AS helpful, SUM(1 - helpful) AS unhelpful
    FROM votes WHERE guild_id = $1 GROUP BY question_id
  ) v ON v.question_id = q.id
  WHERE q.guild_id = $1`;

export const PG_SQL = {
  listPins: `SELECT ${PIN_COLUMNS} FROM pins WHERE guild_id = $1 ORDER BY id`,
  countPins: 'SELECT COUNT(*)::int AS n FROM pins WHERE guild_id = $1',
  getPin: `SELECT ${PIN_COLUMNS} FROM pins WHERE guild_id = $1 AND id = $2`,
  findDuplicate: 'SELECT id FROM pins WHERE guild_id = $1 AND normalized = $2',
  insertPin: `INSERT INTO pins (guild_id, text, normalized, keywords, passage_key, source_url, created_by,
      created_by_name, created_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
    RETURNING ${PIN_COLUMNS}`,
  updatePin: `UPDATE pins SET text = $3, normalized = $4, keywords = $5, passage_key = $6, updated_at = $7,
    source_url = $8
    WHERE guild_id = $1 AND id = $2
    RETURNING ${PIN_COLUMNS}`,
  deletePin: `DELETE FROM pins WHERE guild_id = $1 AND id = $2 RETURNING ${PIN_COLUMNS}`,
  pinRevision: 'SELECT revision::int AS revision FROM pin_revisions WHERE guild_id = $1',
  /**
   * Takes the server's pin lock for the rest of the transaction (creating its row if needed):
   * every pin write of that server, in any instance, waits here for the one before it.
   */
  lockGuildPins: `INSERT INTO pin_revisions (guild_id, revision) VALUES ($1, 0)
    ON CONFLICT (guild_id) DO UPDATE SET revision = pin_revisions.revision`,
  bumpRevision: 'UPDATE pin_revisions SET revision = revision + 1 WHERE guild_id = $1',
  /** $1 guild, $2 normalized, $3 asked (0 or 1), $4 unanswered (0 or 1), $5 now. */
  upsertQuestion: `INSERT INTO questions (guild_id, normalized, asked, unanswered, last_unanswered, last_asked_at)
    VALUES ($1, $2, $3, $4, $4, $5)
    ON CONFLICT (guild_id, normalized) DO UPDATE SET
      asked = questions.asked + excluded.asked,
      unanswered = questions.unanswered + excluded.unanswered,
      last_unanswered = CASE WHEN excluded.asked > 0 THEN excluded.last_unanswered ELSE questions.last_unanswered END,
      last_asked_at = CASE WHEN excluded.asked > 0 THEN excluded.last_asked_at ELSE questions.last_asked_at END
    RETURNING id`,
  /** $1 guild, $2 answer id, $3 user id, $4 helpful, $5 question id, $6 cited, $7 now. */
  upsertVote: `INSERT INTO votes (guild_id, answer_id, user_id, helpful, question_id, cited, voted_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7)
    ON CONFLICT (guild_id, answer_id, user_id) DO UPDATE SET
      helpful = excluded.helpful, question_id = excluded.question_id, cited = excluded.cited,
      voted_at = excluded.voted_at`,
  /** $1 guild, $2 limit. */
  unanswered: `${QUESTION_SELECT} AND (q.last_unanswered = 1 OR COALESCE(v.unhelpful, 0) > COALESCE(v.helpful, 0))
      AND (q.answer_pinned_at IS NULL OR q.last_asked_at > q.answer_pinned_at)
    ORDER BY q.unanswered + COALESCE(v.unhelpful, 0) DESC, q.last_asked_at DESC, q.id DESC
    LIMIT $2`,
  mostAsked: `${QUESTION_SELECT} AND q.asked > 0 ORDER BY q.asked DESC, q.last_asked_at DESC, q.id DESC LIMIT $2`,
  getQuestion: `${QUESTION_SELECT} AND q.id = $2`,
  feedback:
    'SELECT SUM(helpful)::int AS helpful, SUM(1 - helpful)::int AS unhelpful FROM votes WHERE guild_id = $1',
  markAnswerPinned: 'UPDATE questions SET answer_pinned_at = $3 WHERE guild_id = $1 AND id = $2',
  /**
   * An asked question in one statement (one round trip on the answer's path): the question, its
   * day's count and, when a pin was the answer, that pin's count (only a pin of this server).
   * $1 guild, $2 normalized, $3 unanswered (0 or 1), $4 now, $5 day (YYYY-MM-DD), $6 pin id or null.
   */
  recordQuestion: `WITH asked AS (
      INSERT INTO questions (guild_id, normalized, asked, unanswered, last_unanswered, last_asked_at)
      VALUES ($1, $2, 1, $3, $3, $4)
      ON CONFLICT (guild_id, normalized) DO UPDATE SET
        asked = questions.asked + 1,
        unanswered = questions.unanswered + excluded.unanswered,
        last_unanswered = excluded.last_unanswered,
        last_asked_at = excluded.last_asked_at
    ), day AS (
      INSERT INTO question_days (guild_id, day, answered, unanswered) VALUES ($1, $5, 1 - $3, $3)
      ON CONFLICT (guild_id, day) DO UPDATE SET
        answered = question_days.answered + excluded.answered,
        unanswered = question_days.unanswered + excluded.unanswered
    )
    INSERT INTO pin_citations (pin_id, guild_id, cited, last_cited_at)
      SELECT id, guild_id, 1, $4 FROM pins WHERE guild_id = $1 AND id = $6::int
    ON CONFLICT (pin_id) DO UPDATE SET
      cited = pin_citations.cited + 1, last_cited_at = excluded.last_cited_at`,
  /** $1 guild, $2 first day. */
  daily: 'SELECT day, answered, unanswered FROM question_days WHERE guild_id = $1 AND day >= $2 ORDER BY day',
  pinUsage: `SELECT c.pin_id, p.text, c.cited, c.last_cited_at FROM pin_citations c
      JOIN pins p ON p.id = c.pin_id AND p.guild_id = c.guild_id
    WHERE c.guild_id = $1 ORDER BY c.cited DESC, c.pin_id`,
  pruneQuestions: 'DELETE FROM questions WHERE last_asked_at < $1',
  pruneDays: 'DELETE FROM question_days WHERE day < $1',
  pruneVotes: 'DELETE FROM votes WHERE voted_at < $1',
  autoAnswerChannel: 'SELECT auto_answer_channel FROM server_settings WHERE guild_id = $1',
  /** $1 guild, $2 channel (null: off), $3 who, $4 now. */
  setAutoAnswerChannel: `INSERT INTO server_settings (guild_id, auto_answer_channel, updated_by, updated_at)
    VALUES ($1, $2, $3, $4)
    ON CONFLICT (guild_id) DO UPDATE SET auto_answer_channel = excluded.auto_answer_channel,
      updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
} as const;

/** PG_SQL.insertPin's parameters, in its column order. */
export function insertPinParams(guildId: string, row: NewPinRow): unknown[] {
  const { text, normalized, keywords, passageKey, sourceUrl, createdBy, createdByName, createdAt } = row;
  return [guildId, text, normalized, keywords, passageKey, sourceUrl, createdBy, createdByName, createdAt];
}
