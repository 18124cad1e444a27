import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AutoAnswerChannels } from '../../src/runtime/auto-answer-channels.ts';
import { SCHEMA_VERSION } from '../../src/store/migrations.ts';
import { BACKENDS, openOrThrow, storePerTest, tempDir } from './helpers.ts';

describe.each(BACKENDS)('%s store: server settings', (backend) => {
  const db = storePerTest(backend);

  it('keeps a server’s auto-answer channel, for that server only, until turned off', async () => {
    expect(await db.store.autoAnswerChannel('g1')).toBeUndefined();
    expect(await db.store.setAutoAnswerChannel('g1', '1300000000000000001', 'u1')).toEqual({
      ok: true,
      value: null,
    });
    expect(await db.store.autoAnswerChannel('g1')).toBe('1300000000000000001');
    expect(await db.store.autoAnswerChannel('g2')).toBeUndefined();
    // Another process (or instance) on the same database sees it.
    const other = await db.reopen();
    expect(await other.autoAnswerChannel('g1')).toBe('1300000000000000001');
    await db.store.setAutoAnswerChannel('g1', '1300000000000000002', 'u2');
    expect(await other.autoAnswerChannel('g1')).toBe('1300000000000000002');
    await db.store.setAutoAnswerChannel('g1', null, 'u1');
    expect(await other.autoAnswerChannel('g1')).toBeUndefined();
  });
});

describe('the auto-answer cache', () => {
  const db = storePerTest('sqlite');

  it('sees its own changes at once and another process’s after its time to live', async () => {
    let now = 0;
    const channels = new AutoAnswerChannels(db.store, { ttlMs: 1000, now: () => now });
    expect(await channels.channelFor('g1')).toBeUndefined();
    await channels.set('g1', '1300000000000000001', 'u1');
    expect(await channels.channelFor('g1')).toBe('1300000000000000001');
    const other = await db.reopen();
    await other.setAutoAnswerChannel('g1', null, 'u2');
    now = 999;
    expect(await channels.channelFor('g1')).toBe('1300000000000000001');
    now = 1000;
    expect(await channels.channelFor('g1')).toBeUndefined();
  });

  it('holds at most maxServers servers', async () => {
    let reads = 0;
    const store = {
      autoAnswerChannel: async () => {
        reads += 1;
        return undefined;
      },
      setAutoAnswerChannel: db.store.setAutoAnswerChannel.bind(db.store),
    };
    const channels = new AutoAnswerChannels(store, { maxServers: 2 });
    for (const guild of ['g1', 'g2', 'g3']) await channels.channelFor(guild);
    await channels.channelFor('g3');
    expect(reads).toBe(3);
    // g1 was the least recently read: forgotten, read again.
    await channels.channelFor('g1');
    expect(reads).toBe(4);
  });
});

describe('upgrading a version 5 file', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(() => dir.cleanup());

  it('adds the settings table and keeps the pins', async () => {
    const path = `${dir.dir}/v5.sqlite`;
    const first = openOrThrow({ path });
    await first.addPin({ guildId: 'g1', text: 'Kept fact', createdBy: 'u1' });
    await first.close();
    // As citebot left it before server settings existed.
    const old = new Database(path);
    old.exec('DROP TABLE server_settings; PRAGMA user_version = 5;');
    old.close();

    const store = openOrThrow({ path });
    expect((await store.listPins('g1')).map((pin) => pin.text)).toEqual(['Kept fact']);
    expect(await store.autoAnswerChannel('g1')).toBeUndefined();
    await store.setAutoAnswerChannel('g1', '1300000000000000001', 'u1');
    expect(await store.autoAnswerChannel('g1')).toBe('1300000000000000001');
    await store.close();
    const check = new Database(path, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    check.close();
  });
});
