import type pg from 'pg';

/**
 * Token buckets for cooldowns and quotas in PostgreSQL, so every instance spends from the same
 * bucket (src/interactions/cooldown.ts, `createSharedRequestLimits`). One statement per take, on
 * the database's clock: instances with clocks apart still agree.
 */

export type BucketDecision =
  | { ok: true; remaining: number }
  | { ok: false; retryAfterMs: number; retryAt: number; limit: string; repeated: boolean };

const NOW_MS = '(EXTRACT(EPOCH FROM clock_timestamp()) * 1000)::double precision';
// Tokens the bucket holds now: what it held, plus what it earned since, at most the burst.
const ACCRUED = `LEAST($3::double precision, r.tokens + GREATEST(0, excluded.updated_at - r.updated_at) / $4::double precision)`;

const TAKE = `
  INSERT INTO rate_limits AS r (bucket, key, tokens, updated_at, taken)
  VALUES ($1, $2, $3::double precision - 1, ${NOW_MS}, true)
  ON CONFLICT (bucket, key) DO UPDATE SET
    tokens = CASE WHEN ${ACCRUED} >= 1 THEN ${ACCRUED} - 1 ELSE ${ACCRUED} END,
    taken = ${ACCRUED} >= 1,
    repeated = ${ACCRUED} < 1 AND r.refused_until > excluded.updated_at,
    refused_until = CASE
      WHEN ${ACCRUED} >= 1 OR r.refused_until > excluded.updated_at THEN r.refused_until
      ELSE excluded.updated_at + (1 - ${ACCRUED}) * $4::double precision END,
    updated_at = excluded.updated_at
  RETURNING tokens, taken, repeated`;

const REFUND = `UPDATE rate_limits SET tokens = LEAST($3::double precision, tokens + 1) WHERE bucket = $1 AND key = $2`;

/** Buckets idle for a day are full again: nothing worth keeping. */
export const PRUNE_BUCKETS = `DELETE FROM rate_limits WHERE updated_at < ${NOW_MS} - 86400000`;

export class PostgresBuckets {
  constructor(private readonly pool: Pick<pg.Pool, 'query'>) {}

  async takeToken(bucket: string, key: string, burst: number, periodMs: number): Promise<BucketDecision> {
    const { rows } = await this.pool.query<{ tokens: number; taken: boolean; repeated: boolean }>(TAKE, [
      bucket,
      key,
      burst,
      periodMs,
    ]);
    const row = rows[0]!;
    if (row.taken) return { ok: true, remaining: Math.floor(row.tokens) };
    const retryAfterMs = Math.ceil((1 - row.tokens) * periodMs);
    return {
      ok: false,
      retryAfterMs,
      retryAt: Date.now() + retryAfterMs,
      limit: bucket,
      repeated: row.repeated,
    };
  }

  async refundToken(bucket: string, key: string, burst: number): Promise<void> {
    await this.pool.query(REFUND, [bucket, key, burst]);
  }
}
