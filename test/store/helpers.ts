import { mkdtempSync, rmSync } from 'node:fs';
import { afterEach, beforeEach } from 'vitest';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PinnedFact } from '../../src/answer/types.ts';
import type { PinIndex } from '../../src/engine.ts';
import { normalizeText } from '../../src/search/normalize.ts';
import { openStore, type OpenStoreOptions, type SqliteStore } from '../../src/store/sqlite.ts';

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

/** Each test gets a fresh database (in a nested folder the store must create), closed and removed after it. */
export function storePerTest(): { readonly store: SqliteStore; readonly path: string } {
  let dir: ReturnType<typeof tempDir> | undefined;
  const current = { store: undefined as unknown as SqliteStore, path: '' };
  beforeEach(() => {
    dir = tempDir();
    current.path = `${dir.dir}/nested/dir/citebot.sqlite`;
    current.store = openOrThrow({ path: current.path });
  });
  afterEach(() => {
    current.store.close();
    dir?.cleanup();
  });
  return current;
}
