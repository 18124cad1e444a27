import { mkdtempSync, rmSync } from 'node:fs';
import { afterEach, beforeEach, inject } from 'vitest';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import type { PinnedFact } from '../../src/answer/types.ts';
import type { PinIndex } from '../../src/engine.ts';
import { normalizeText } from '../../src/search/normalize.ts';
import { openPostgresStore, type PostgresStore } from '../../src/store/postgres.ts';
import { openStore, type OpenStoreOptions, type SqliteStore } from '../../src/store/sqlite.ts';
import type { CitebotStore } from '../../src/store/types.ts';

/** Tests of storage don't need search: an index that just holds the pins shows when it was rebuilt. */
export const holdPins = (pins: readonly PinnedFact[]): PinIndex => ({ pins });

export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'citebot-store-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function openOrThrow(options: Partial<OpenStoreOptions> & { path: string }): SqliteStore {
  const opened = openStore({ normalize: normalizeText, ...options });
  if (!opened.ok) throw new Error(opened.message);
  return opened.value;
}

export const moderator = { createdBy: '100', createdByName: 'mod' };

/** The back ends the store suite runs on: SQLite always, PostgreSQL from the run's embedded server. */
export const BACKENDS = ['sqlite', 'postgres'] as const;
export type Backend = (typeof BACKENDS)[number];

/**
 * A database of its own on the run's PostgreSQL: a fresh schema, reached through a URL whose
 * search_path names it. `drop()` removes it.
 */
export async function freshPostgres(): Promise<{ url: string; drop: () => Promise<void> }> {
  const admin = inject('postgresUrl');
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE SCHEMA ${schema}`);
  await client.end();
  const url = new URL(admin);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    url: url.toString(),
    async drop() {
      const dropper = new pg.Client({ connectionString: admin });
      await dropper.connect();
      await dropper.query(`DROP SCHEMA ${schema} CASCADE`);
      await dropper.end();
    },
  };
}

export async function openPostgresOrThrow(
  url: string,
  options: { now?: () => Date } = {},
): Promise<PostgresStore> {
  const opened = await openPostgresStore({ url, normalize: normalizeText, poolSize: 4, ...options });
  if (!opened.ok) throw new Error(opened.message);
  return opened.value;
}

/**
 * Each test gets a fresh database on `backend` (for SQLite, in a nested folder the store must
 * create), closed and removed after it. `reopen()` opens a second store on the same database, as
 * another process or instance would.
 */
export function storePerTest(
  backend: Backend = 'sqlite',
  options: { now?: () => Date } = {},
): {
  readonly store: CitebotStore;
  readonly path: string;
  reopen(): Promise<CitebotStore>;
} {
  let dir: ReturnType<typeof tempDir> | undefined;
  let pgDb: Awaited<ReturnType<typeof freshPostgres>> | undefined;
  const opened: CitebotStore[] = [];
  const current = {
    store: undefined as unknown as CitebotStore,
    path: '',
    async reopen(): Promise<CitebotStore> {
      const store =
        backend === 'sqlite'
          ? openOrThrow({ path: current.path, ...options })
          : await openPostgresOrThrow(pgDb!.url, options);
      opened.push(store);
      return store;
    },
  };
  beforeEach(async () => {
    if (backend === 'sqlite') {
      dir = tempDir();
      current.path = `${dir.dir}/nested/dir/citebot.sqlite`;
    } else {
      pgDb = await freshPostgres();
      current.path = pgDb.url;
    }
    current.store = await current.reopen();
  });
  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close();
    dir?.cleanup();
    await pgDb?.drop();
    dir = undefined;
    pgDb = undefined;
  });
  return current;
}
