import Database from 'better-sqlite3';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate, MIGRATIONS, SCHEMA_VERSION } from '../../src/store/migrations.ts';
import { databasePathFrom } from '../../src/config.ts';
import { normalizeText } from '../../src/search/normalize.ts';
import { PinIndexes } from '../../src/runtime/pin-indexes.ts';
import { openStore } from '../../src/store/sqlite.ts';
import { holdPins, openOrThrow, tempDir } from './helpers.ts';

let dir: ReturnType<typeof tempDir>;
beforeEach(async () => {
  dir = tempDir();
});
afterEach(() => dir.cleanup());

describe('migrations', () => {
  it('upgrades a version 1 file made by the first release, keeping its pins', async () => {
    const path = `${dir.dir}/v1.sqlite`;
    // Written by hand, as citebot's first schema left it (rollback journal, no later tables).
    const old = new Database(path);
    old.exec(`
      CREATE TABLE pins (
        id INTEGER PRIMARY KEY AUTOINCREMENT, guild_id TEXT NOT NULL, text TEXT NOT NULL,
        normalized TEXT NOT NULL, keywords TEXT, passage_key TEXT, source_url TEXT,
        created_by TEXT NOT NULL, created_by_name TEXT, created_at TEXT NOT NULL
      );
      CREATE UNIQUE INDEX pins_guild_normalized ON pins (guild_id, normalized);
      INSERT INTO pins (guild_id, text, normalized, created_by, created_at)
        VALUES ('g1', 'Old fact', 'old fact', 'u1', '2025-01-01T00:00:00.000Z');
      PRAGMA user_version = 1;
    `);
    old.close();

    const store = openOrThrow({ path });
    expect(await store.listPins('g1')).toEqual([
      { id: 1, guildId: 'g1', text: 'Old fact', createdBy: 'u1', createdAt: '2025-01-01T00:00:00.000Z' },
    ]);
    expect((await new PinIndexes(store, holdPins).for('g1'))?.pins).toHaveLength(1);
    // Later tables and the duplicate rule work on the upgraded file.
    expect(await store.addPin({ guildId: 'g1', text: 'old fact!', createdBy: 'u2' })).toMatchObject({
      ok: false,
    });
    await store.recordQuestion('g1', 'new question', false);
    expect((await store.insights('g1')).unanswered).toHaveLength(1);
    store.close();

    const check = new Database(path, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(check.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(check.pragma('foreign_key_check')).toEqual([]);
    check.close();
  });

  it('upgrades a version 4 file: its questions and pins stay, days and pin use are counted from then on', async () => {
    const path = `${dir.dir}/v4.sqlite`;
    const old = new Database(path);
    expect(migrate(old, MIGRATIONS.slice(0, 4))).toMatchObject({ ok: true, value: { to: 4 } });
    old.exec(`
      INSERT INTO pins (guild_id, text, normalized, created_by, created_at)
        VALUES ('g1', 'Old fact', 'old fact', 'u1', '2025-01-01T00:00:00.000Z');
      INSERT INTO questions (guild_id, normalized, asked, unanswered, last_unanswered, last_asked_at)
        VALUES ('g1', 'old question', 3, 3, 1, '${new Date().toISOString()}');
    `);
    old.close();

    const store = openOrThrow({ path });
    expect(store.schemaVersion).toBe(SCHEMA_VERSION);
    expect((await store.insights('g1')).unanswered.map((q) => [q.text, q.asked])).toEqual([
      ['old question', 3],
    ]);
    await store.recordQuestion('g1', 'What is the old fact?', true, 1);
    expect((await store.insights('g1')).daily.at(-1)).toMatchObject({ answered: 1, unanswered: 0 });
    expect(await store.pinUsage('g1')).toMatchObject([{ pinId: 1, text: 'Old fact', cited: 1 }]);
    await store.close();
    const check = new Database(path, { readonly: true });
    expect(check.pragma('foreign_key_check')).toEqual([]);
    check.close();
  });

  it('applies every step to a new file and does nothing on the next start', async () => {
    const path = `${dir.dir}/new.sqlite`;
    openOrThrow({ path }).close();
    const again = openOrThrow({ path });
    expect(again.schemaVersion).toBe(MIGRATIONS.at(-1)!.version);
    again.close();
  });

  it('refuses a schema newer than the code knows, with a clear message, and leaves the file alone', async () => {
    const path = `${dir.dir}/future.sqlite`;
    const future = new Database(path);
    future.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    future.close();
    const opened = openStore({ path, normalize: normalizeText });
    expect(opened).toEqual({
      ok: false,
      message: expect.stringMatching(
        new RegExp(
          `schema is version ${SCHEMA_VERSION + 1}, newer than this citebot knows \\(version ${SCHEMA_VERSION}\\)`,
        ),
      ),
    });
    const check = new Database(path, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION + 1);
    check.close();
  });
});

describe('a database that cannot be used', () => {
  it('returns an error value for a corrupt file', async () => {
    const path = `${dir.dir}/corrupt.sqlite`;
    writeFileSync(path, Buffer.alloc(8192, 'garbage! '));
    const opened = openStore({ path, normalize: normalizeText });
    expect(opened).toEqual({
      ok: false,
      message: expect.stringMatching(
        /^Pins are unavailable: cannot open .*corrupt\.sqlite: .*not a database/,
      ),
    });
  });

  it('returns an error value for a damaged page inside a valid file', async () => {
    const path = `${dir.dir}/damaged.sqlite`;
    const store = openOrThrow({ path });
    for (let n = 0; n < 200; n++)
      await store.addPin({ guildId: 'g1', text: `fact ${n} ${'x'.repeat(300)}`, createdBy: '1' });
    store.close();
    const db = new Database(path);
    db.pragma('journal_mode = DELETE');
    db.close();
    // Overwrite pages after the header with noise: the header says "SQLite" but the b-trees are gone.
    const bytes = readFileSync(path);
    bytes.fill(0x5a, 4096 * 2, bytes.length - 4096);
    writeFileSync(path, bytes);
    const opened = openStore({ path, normalize: normalizeText });
    expect(opened.ok).toBe(false);
    expect(!opened.ok && opened.message).toMatch(/^Pins are unavailable/);
  });

  it('returns an error value when the file cannot be created', async () => {
    writeFileSync(`${dir.dir}/a-file`, 'not a directory');
    const opened = openStore({ path: `${dir.dir}/a-file/citebot.sqlite`, normalize: normalizeText });
    expect(opened).toEqual({
      ok: false,
      message: expect.stringMatching(/^Pins are unavailable: cannot open/),
    });
  });

  it('returns an error value when the path is a directory', async () => {
    mkdirSync(`${dir.dir}/dir.sqlite`);
    expect(openStore({ path: `${dir.dir}/dir.sqlite`, normalize: normalizeText }).ok).toBe(false);
  });
});

describe('DATABASE_PATH', () => {
  it('defaults to ./data/citebot.sqlite', async () => {
    expect(databasePathFrom({})).toBe('./data/citebot.sqlite');
    expect(databasePathFrom({ DATABASE_PATH: ' /var/lib/citebot.db ' })).toBe('/var/lib/citebot.db');
  });
});
