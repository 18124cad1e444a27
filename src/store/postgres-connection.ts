import type pg from 'pg';
import type { Normalize } from './limits.ts';
import { PG_SQL } from './postgres-sql.ts';
import type { StoreLogger } from './sqlite.ts';
import type { StoreResult } from './types.ts';

export type Queryable = Pick<pg.PoolClient, 'query'>;

export interface OpenPostgresOptions {
  /** DATABASE_URL (read by src/config.ts): postgres://user:password@host:port/database. */
  url: string;
  normalize: Normalize;
  /** Connections this instance keeps at most (default 10). */
  poolSize?: number;
  now?: () => Date;
  logger?: StoreLogger;
}

/** Connection-level helpers of the PostgreSQL store: transactions, errors, ids, what URLs may show. */

/** The URL without its password, for messages and logs. */
export function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'DATABASE_URL';
  }
}

/** An error from the database or the connection (they carry a code), not a bug. */
export function isStorageError(error: unknown): error is Error & { code: string } {
  return error instanceof Error && typeof (error as { code?: unknown }).code === 'string';
}

/** Pin and question ids are PostgreSQL integers; anything else names nothing. */
export function validId(id: number): boolean {
  return Number.isSafeInteger(id) && id >= 1 && id <= 2 ** 31 - 1;
}

/** BEGIN … COMMIT around `run`; a failed result or an error rolls everything back. */
export async function transaction<T>(
  client: pg.PoolClient,
  run: () => Promise<StoreResult<T>>,
): Promise<StoreResult<T>> {
  await client.query('BEGIN');
  try {
    const result = await run();
    await client.query(result.ok ? 'COMMIT' : 'ROLLBACK');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/** A server's pin count, on the pool or inside a transaction. */
export async function countPins(client: Queryable, guildId: string): Promise<number> {
  const { rows } = await client.query<{ n: number }>(PG_SQL.countPins, [guildId]);
  return rows[0]?.n ?? 0;
}
