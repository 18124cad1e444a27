import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import pg from 'pg';
import type { Normalize } from './limits.ts';
import { SCHEMA_VERSION } from './migrations.ts';
import { openPostgresStore } from './postgres.ts';
import type { StoreResult } from './types.ts';

/**
 * Moving from one host to several: copies a SQLite file (DATABASE_PATH) into an empty PostgreSQL
 * database (DATABASE_URL) as it is: every server's pins with their ids (the numbers moderators
 * use in /pin edit and /pin remove), authors and dates, the questions kept for insights and the
 * votes. One transaction: it copies everything or nothing. The SQLite file is only read.
 */

export interface CopyCounts {
  pins: number;
  questions: number;
  votes: number;
  servers: number;
}

const TABLES = {
  pins: [
    'id',
    'guild_id',
    'text',
    'normalized',
    'keywords',
    'passage_key',
    'source_url',
    'created_by',
    'created_by_name',
    'created_at',
    'updated_at',
  ],
  pin_revisions: ['guild_id', 'revision'],
  questions: [
    'id',
    'guild_id',
    'normalized',
    'asked',
    'unanswered',
    'last_unanswered',
    'last_asked_at',
    'answer_pinned_at',
  ],
  votes: ['guild_id', 'answer_id', 'user_id', 'helpful', 'question_id', 'cited', 'voted_at'],
  question_days: ['guild_id', 'day', 'answered', 'unanswered'],
  pin_citations: ['pin_id', 'guild_id', 'cited', 'last_cited_at'],
} as const;

export async function copySqliteToPostgres(options: {
  sqlitePath: string;
  databaseUrl: string;
  normalize: Normalize;
}): Promise<StoreResult<CopyCounts>> {
  if (!existsSync(options.sqlitePath))
    return { ok: false, message: `There is no SQLite file at ${options.sqlitePath}.` };
  const source = new Database(options.sqlitePath, { readonly: true, fileMustExist: true });
  try {
    const version = source.pragma('user_version', { simple: true }) as number;
    if (version !== SCHEMA_VERSION) {
      return {
        ok: false,
        message:
          `${options.sqlitePath} is at schema version ${version}, this citebot writes version ${SCHEMA_VERSION}: ` +
          'start this citebot once on it (npm start) so it is upgraded, then copy.',
      };
    }
    // Creates or checks the PostgreSQL schema exactly as an instance would at start.
    const target = await openPostgresStore({ url: options.databaseUrl, normalize: options.normalize });
    if (!target.ok) return target;
    await target.value.close();
    const client = new pg.Client({ connectionString: options.databaseUrl });
    await client.connect();
    try {
      await client.query('BEGIN');
      const existing = await client.query<{ n: number }>(
        'SELECT (SELECT COUNT(*) FROM pins) + (SELECT COUNT(*) FROM questions) AS n',
      );
      if (Number(existing.rows[0]?.n ?? 0) > 0) {
        await client.query('ROLLBACK');
        return {
          ok: false,
          message:
            'The PostgreSQL database already holds pins or questions; copy into an empty database ' +
            '(or move single servers with /pin export and /pin import).',
        };
      }
      const counts: Record<keyof typeof TABLES, number> = {
        pins: 0,
        pin_revisions: 0,
        questions: 0,
        votes: 0,
        question_days: 0,
        pin_citations: 0,
      };
      for (const [table, columns] of Object.entries(TABLES) as [keyof typeof TABLES, readonly string[]][]) {
        const rows = source
          .prepare(`SELECT ${columns.join(', ')} FROM ${table}`)
          .raw()
          .all() as unknown[][];
        const placeholders = columns.map((_, index) => `$${index + 1}`).join(', ');
        const insert = `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${placeholders})`;
        for (const row of rows) await client.query(insert, row);
        counts[table] = rows.length;
      }
      // New pins and questions are numbered after every id SQLite ever gave (removed ones too).
      for (const table of ['pins', 'questions']) {
        const used = source.prepare('SELECT seq FROM sqlite_sequence WHERE name = ?').get(table) as
          { seq: number } | undefined;
        await client.query(
          `SELECT setval(pg_get_serial_sequence('${table}', 'id'), GREATEST($1::int, COALESCE((SELECT MAX(id) FROM ${table}), 0)) + 1, false)`,
          [used?.seq ?? 0],
        );
      }
      await client.query('COMMIT');
      return {
        ok: true,
        value: {
          pins: counts.pins,
          questions: counts.questions,
          votes: counts.votes,
          servers: counts.pin_revisions,
        },
      };
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      const message = error instanceof Error ? error.message : String(error);
      return { ok: false, message: `Nothing was copied: ${message}` };
    } finally {
      await client.end();
    }
  } finally {
    source.close();
  }
}
