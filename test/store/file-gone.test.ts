import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../src/store/migrations.ts';
import { openStore } from '../../src/store/sqlite.ts';
import { normalizeText } from '../../src/search/normalize.ts';
import { moderator, openOrThrow, tempDir } from './helpers.ts';

/** The database file as operators mishandle it: deleted while the bot runs, or from a newer citebot. */

let dir: ReturnType<typeof tempDir>;
beforeEach(async () => {
  dir = tempDir();
});
afterEach(() => dir.cleanup());

describe('the database file', () => {
  it('deleted while the bot runs: writes are refused with a clear reason and an error is logged', async () => {
    const path = join(dir.dir, 'citebot.sqlite');
    const errors: string[] = [];
    const store = openOrThrow({
      path,
      logger: {
        warn: () => undefined,
        error: (_details: object, message: string) => void errors.push(message),
      },
    });
    expect((await store.addPin({ guildId: 'g1', text: 'Kept fact', ...moderator })).ok).toBe(true);
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
    const added = await store.addPin({ guildId: 'g1', text: 'Lost fact', ...moderator });
    expect(added.ok).toBe(false);
    if (!added.ok) {
      expect(added.problem).toBe('database-gone');
      expect(added.message).toMatch(/was deleted while the bot runs/);
    }
    expect(errors.some((message) => message.includes('deleted'))).toBe(true);
    store.close();
  });

  it('from a newer citebot: refused before its journal mode is changed', async () => {
    const path = join(dir.dir, 'newer.sqlite');
    const db = new Database(path);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    expect(db.pragma('journal_mode', { simple: true })).toBe('delete');
    db.close();
    const opened = openStore({ path, normalize: normalizeText });
    expect(opened.ok).toBe(false);
    const after = new Database(path, { readonly: true });
    expect(after.pragma('journal_mode', { simple: true })).toBe('delete');
    after.close();
  });
});
