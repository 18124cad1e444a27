import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { normalizeText } from '../../src/search/normalize.ts';
import { copySqliteToPostgres } from '../../src/store/copy.ts';
import { freshPostgres, moderator, openOrThrow, openPostgresOrThrow, tempDir } from './helpers.ts';

/** Moving a single host's SQLite file into PostgreSQL, with `npm run copy-to-postgres`. */

let dir: ReturnType<typeof tempDir>;
let database: Awaited<ReturnType<typeof freshPostgres>>;
let path: string;

beforeEach(async () => {
  dir = tempDir();
  database = await freshPostgres();
  path = `${dir.dir}/citebot.sqlite`;
  const store = openOrThrow({ path });
  await store.addPin({ guildId: 'g1', text: 'First fact', keywords: 'k', passageKey: 'a§1', ...moderator });
  const removed = await store.addPin({ guildId: 'g1', text: 'Removed fact', ...moderator });
  await store.addPin({ guildId: 'g1', text: 'Third fact', sourceUrl: 'https://example.com/x', ...moderator });
  if (removed.ok) await store.removePins('g1', [removed.value.id]);
  await store.addPin({ guildId: 'g2', text: 'Their fact', createdBy: '7' });
  await store.recordQuestion('g1', 'When is the meetup?', false);
  await store.recordQuestion('g1', 'When is the meetup?', false);
  await store.recordQuestion('g1', 'What is the first fact?', true, 1);
  await store.recordVote({
    guildId: 'g1',
    answerId: 'm1',
    userId: 'u1',
    helpful: false,
    question: 'When is the meetup?',
    cited: 'a§1',
  });
  await store.setAutoAnswerChannel('g1', '1300000000000000001', '100');
  await store.close();
});
afterEach(async () => {
  dir.cleanup();
  await database.drop();
});

describe('copying a SQLite file into PostgreSQL', () => {
  it('copies every server’s pins with their ids, questions and votes; new pins are numbered after them', async () => {
    const sqlite = openOrThrow({ path });
    const copied = await copySqliteToPostgres({
      sqlitePath: path,
      databaseUrl: database.url,
      normalize: normalizeText,
    });
    expect(copied).toEqual({ ok: true, value: { pins: 3, questions: 2, votes: 1, servers: 2 } });
    const postgres = await openPostgresOrThrow(database.url);
    try {
      for (const guild of ['g1', 'g2']) {
        expect(await postgres.listPins(guild)).toEqual(await sqlite.listPins(guild));
        expect(await postgres.insights(guild)).toEqual(await sqlite.insights(guild));
        expect(await postgres.pinUsage(guild)).toEqual(await sqlite.pinUsage(guild));
      }
      expect((await postgres.listPins('g1')).map((pin) => pin.id)).toEqual([1, 3]);
      // The questions per day and the pin's use came along.
      expect((await postgres.insights('g1')).daily.at(-1)).toMatchObject({ answered: 1, unanswered: 2 });
      expect((await postgres.pinUsage('g1')).map((usage) => [usage.pinId, usage.cited])).toEqual([[1, 1]]);
      expect(await postgres.autoAnswerChannel('g1')).toBe('1300000000000000001');
      expect(await postgres.autoAnswerChannel('g2')).toBeUndefined();
      const next = await postgres.addPin({ guildId: 'g1', text: 'Fourth fact', createdBy: '1' });
      expect(next.ok && next.value.id).toBe(5);
      // The duplicate rule holds on copied pins.
      expect((await postgres.addPin({ guildId: 'g1', text: 'first FACT.', createdBy: '1' })).ok).toBe(false);
    } finally {
      await postgres.close();
      await sqlite.close();
    }
  });

  it('refuses to copy into a database that already has pins, and changes nothing', async () => {
    expect(
      (await copySqliteToPostgres({ sqlitePath: path, databaseUrl: database.url, normalize: normalizeText }))
        .ok,
    ).toBe(true);
    const again = await copySqliteToPostgres({
      sqlitePath: path,
      databaseUrl: database.url,
      normalize: normalizeText,
    });
    expect(again).toMatchObject({ ok: false, message: expect.stringMatching(/already holds pins/) });
  });

  it('npm run copy-to-postgres reads DATABASE_PATH and DATABASE_URL and says what it copied', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'scripts/copy-to-postgres.ts'],
      {
        env: {
          ...process.env,
          DATABASE_PATH: path,
          DATABASE_URL: database.url,
          DOTENV_CONFIG_PATH: '/nonexistent',
        },
      },
    );
    expect(stdout).toMatch(/Copied .* 3 pins of 2 servers \(same ids\), 2 questions, 1 votes/);
  });
});
