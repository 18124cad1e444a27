import type Database from 'better-sqlite3';
import type { StoreResult } from './types.ts';

/**
 * The schema, one step per version, applied in order at start. `PRAGMA user_version` holds the
 * version a file is at. Steps are never edited once released: a change is a new step, so a file
 * written by any earlier citebot upgrades in place.
 */
export interface Migration {
  version: number;
  description: string;
  sql: string;
}

/**
 * Version 5 here and version 3 in PostgreSQL (postgres-migrations.ts): the same statements in both.
 * Citations live beside pins, not in them: an update of pins bumps the pin revision, which would
 * rebuild every process's pin index on each cited answer.
 */
export const QUESTION_DAYS_AND_PIN_CITATIONS = `
  CREATE TABLE question_days (
    guild_id TEXT NOT NULL,
    day TEXT NOT NULL,
    answered INTEGER NOT NULL DEFAULT 0,
    unanswered INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (guild_id, day)
  );
  CREATE INDEX question_days_day ON question_days (day);
  CREATE TABLE pin_citations (
    pin_id INTEGER PRIMARY KEY REFERENCES pins (id) ON DELETE CASCADE,
    guild_id TEXT NOT NULL,
    cited INTEGER NOT NULL DEFAULT 0,
    last_cited_at TEXT NOT NULL
  );
  CREATE INDEX pin_citations_guild ON pin_citations (guild_id);
`;

/** Version 6 here and version 4 in PostgreSQL: each server's auto-answer channel (/setup auto-answer). */
export const SERVER_SETTINGS = `
  CREATE TABLE server_settings (
    guild_id TEXT PRIMARY KEY,
    auto_answer_channel TEXT,
    updated_by TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
`;

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'pinned facts, one set per server, unique by normalized text',
    sql: `
      CREATE TABLE pins (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        guild_id TEXT NOT NULL,
        text TEXT NOT NULL,
        normalized TEXT NOT NULL,
        keywords TEXT,
        passage_key TEXT,
        source_url TEXT,
        created_by TEXT NOT NULL,
        created_by_name TEXT,
        created_at TEXT NOT NULL
      );
      CREATE UNIQUE INDEX pins_guild_normalized ON pins (guild_id, normalized);
    `,
  },
  {
    version: 2,
    description: 'questions kept for insights (no user ids) and feedback votes',
    sql: `
      CREATE TABLE questions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        guild_id TEXT NOT NULL,
        normalized TEXT NOT NULL,
        asked INTEGER NOT NULL DEFAULT 0,
        unanswered INTEGER NOT NULL DEFAULT 0,
        last_unanswered INTEGER NOT NULL DEFAULT 0,
        last_asked_at TEXT NOT NULL,
        UNIQUE (guild_id, normalized)
      );
      CREATE INDEX questions_last_asked ON questions (last_asked_at);
      CREATE TABLE votes (
        guild_id TEXT NOT NULL,
        answer_id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        helpful INTEGER NOT NULL CHECK (helpful IN (0, 1)),
        question_id INTEGER NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
        cited TEXT NOT NULL,
        voted_at TEXT NOT NULL,
        PRIMARY KEY (guild_id, answer_id, user_id)
      );
      CREATE INDEX votes_question ON votes (question_id);
      CREATE INDEX votes_voted_at ON votes (voted_at);
    `,
  },
  {
    version: 3,
    description: 'pin edit dates and per-server pin revisions, so every process sees pin changes at once',
    sql: `
      ALTER TABLE pins ADD COLUMN updated_at TEXT;
      CREATE TABLE pin_revisions (
        guild_id TEXT PRIMARY KEY,
        revision INTEGER NOT NULL
      );
      INSERT INTO pin_revisions (guild_id, revision) SELECT DISTINCT guild_id, 1 FROM pins;
      CREATE TRIGGER pins_revision_insert AFTER INSERT ON pins BEGIN
        INSERT INTO pin_revisions (guild_id, revision) VALUES (new.guild_id, 1)
          ON CONFLICT (guild_id) DO UPDATE SET revision = revision + 1;
      END;
      CREATE TRIGGER pins_revision_update AFTER UPDATE ON pins BEGIN
        INSERT INTO pin_revisions (guild_id, revision) VALUES (new.guild_id, 1)
          ON CONFLICT (guild_id) DO UPDATE SET revision = revision + 1;
      END;
      CREATE TRIGGER pins_revision_delete AFTER DELETE ON pins BEGIN
        INSERT INTO pin_revisions (guild_id, revision) VALUES (old.guild_id, 1)
          ON CONFLICT (guild_id) DO UPDATE SET revision = revision + 1;
      END;
    `,
  },
  {
    version: 4,
    description:
      'when a moderator pinned an answer to a question, so insights stop listing it until it is asked again',
    sql: `ALTER TABLE questions ADD COLUMN answer_pinned_at TEXT;`,
  },
  {
    version: 5,
    description:
      'questions per server and day (counts only) for the /insights chart, and how often each pin was the answer',
    sql: QUESTION_DAYS_AND_PIN_CITATIONS,
  },
  {
    version: 6,
    description: 'per-server settings: the channel whose new posts citebot answers (/setup auto-answer)',
    sql: SERVER_SETTINGS,
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

/**
 * Brings the file to SCHEMA_VERSION. Each step runs in its own IMMEDIATE transaction and re-reads
 * the version inside it, so two processes starting at once apply each step exactly once.
 */
/** Why the file cannot be used when a newer citebot wrote it; undefined otherwise. */
export function newerSchema(
  db: Database.Database,
  migrations: readonly Migration[] = MIGRATIONS,
): string | undefined {
  const latest = migrations[migrations.length - 1]?.version ?? 0;
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version <= latest) return undefined;
  return (
    `the database schema is version ${version}, newer than this citebot knows (version ${latest}); ` +
    'it was written by a newer citebot. Run that version, or point DATABASE_PATH at another file.'
  );
}

export function migrate(
  db: Database.Database,
  migrations: readonly Migration[] = MIGRATIONS,
): StoreResult<{ from: number; to: number }> {
  const readVersion = () => db.pragma('user_version', { simple: true }) as number;
  const from = readVersion();
  const newer = newerSchema(db, migrations);
  if (newer) return { ok: false, message: newer };
  for (const step of migrations) {
    db.transaction(() => {
      if (readVersion() >= step.version) return;
      db.exec(step.sql);
      // user_version takes no bound parameters; the value is our own integer.
      db.pragma(`user_version = ${Math.trunc(step.version)}`);
    }).immediate();
  }
  return { ok: true, value: { from, to: readVersion() } };
}
