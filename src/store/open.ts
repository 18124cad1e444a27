import { openPostgresStore } from './postgres.ts';
import { openStore, type StoreLogger } from './sqlite.ts';
import type { Normalize } from './limits.ts';
import type { CitebotStore, StoreResult } from './types.ts';

/**
 * The configured back end: PostgreSQL when a DATABASE_URL is given (several instances, one
 * database), otherwise the SQLite file at DATABASE_PATH. Both come back migrated, or as the reason
 * they could not open.
 */
export async function openConfiguredStore(options: {
  databaseUrl?: string;
  path: string;
  normalize: Normalize;
  logger?: StoreLogger;
}): Promise<StoreResult<CitebotStore>> {
  const { databaseUrl, path, ...rest } = options;
  if (databaseUrl) return openPostgresStore({ url: databaseUrl, ...rest });
  return openStore({ path, ...rest });
}
