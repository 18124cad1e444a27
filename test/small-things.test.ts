import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { passageRef } from '../commands/pin/views.ts';
import { renderAnswer } from '../commands/answer/render.ts';
import { readConfig } from '../src/config.ts';
import { loadCommandModules } from '../src/compose.ts';
import { createEngine, loadEngine } from '../src/engine.ts';
import { CommandRouter } from '../src/interactions/router.ts';
import { openStore, type SqliteStore } from '../src/store/sqlite.ts';
import { normalizeText } from '../src/search/normalize.ts';
import { runConsole } from '../src/transports/console/loop.ts';
import { pngSize } from './helpers/png.ts';
import { parseConsoleLine } from '../src/transports/console/parse.ts';

/** Issue 12, item 8: the small things a new user hit. */

const TOKEN = 'MTEwMDAwMDAwMDAwMDAwMDAwMQ.GfAkEx.fake-token-for-tests-only-000000000';

describe('the configuration checks', () => {
  const problems = (env: Record<string, string>) => {
    const checked = readConfig(env, { token: true });
    return checked.ok ? [] : checked.problems.map((problem) => problem.variable);
  };

  it('a token must look like a Discord token: no placeholder, no quotes, curly or straight', () => {
    expect(problems({ DISCORD_TOKEN: TOKEN })).toEqual([]);
    expect(problems({ DISCORD_TOKEN: `Bot ${TOKEN}` })).toEqual([]);
    for (const bad of ['hello', `“${TOKEN}”`, `"${TOKEN}"`, `${TOKEN} x`, 'a.b.c']) {
      expect(problems({ DISCORD_TOKEN: bad }), bad).toEqual(['DISCORD_TOKEN']);
    }
  });

  it('server, application and owner ids are 17–20 digits', () => {
    expect(problems({ DISCORD_TOKEN: TOKEN, DISCORD_GUILD_ID: '12345' })).toEqual(['DISCORD_GUILD_ID']);
    expect(problems({ DISCORD_TOKEN: TOKEN, DISCORD_GUILD_ID: '123456789012345678901' })).toEqual([
      'DISCORD_GUILD_ID',
    ]);
    expect(problems({ DISCORD_TOKEN: TOKEN, DISCORD_GUILD_ID: '12345678901234567' })).toEqual([]);
    expect(problems({ DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: '42' })).toEqual([
      'DISCORD_APPLICATION_ID',
    ]);
    expect(problems({ DISCORD_TOKEN: TOKEN, BOT_OWNER_IDS: '1' })).toEqual(['BOT_OWNER_IDS']);
  });
});

describe('what members and moderators read', () => {
  it('a pin list names a passage once: "article §11", never "§ article§11"', () => {
    expect(passageRef('pytorch-5th-birthday§11')).toBe('pytorch-5th-birthday §11');
    expect(passageRef('§4')).toBe('§4');
  });

  it('/pin list shows the linked passage with one §', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'citebot-small-'));
    try {
      const engine = await loadEngine('knowledge');
      const opened = openStore({ path: join(dir, 's.sqlite'), normalize: normalizeText });
      if (!opened.ok) throw new Error(opened.message);
      const store = opened.value;
      const key = engine.passages[10]!.key;
      await store.addPin({ guildId: 'local', text: 'A fact', passageKey: key, createdBy: 'local' } as never);
      const router = new CommandRouter(await loadCommandModules());
      const parsed = parseConsoleLine('/pin list', router.modules, {
        user: { id: 'local', username: 'me' },
        locale: 'en-US',
      });
      if (parsed.type !== 'request') throw new Error('expected a request');
      const listed = JSON.stringify(
        await router.route(parsed.request, { engine, store, logger: pino({ level: 'silent' }) }),
      );
      expect(listed).toContain(`${engine.passages[10]!.articleId} §${engine.passages[10]!.id}`);
      expect(listed).not.toMatch(/§ |§[^"]*§/);
      await store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an answer that is a whole one-sentence passage is quoted once, its field naming the passage and its source', () => {
    const engine = createEngine([
      {
        id: 'notes',
        title: 'Notes',
        passages: [
          {
            key: 'notes§1',
            id: '1',
            articleId: 'notes',
            ordinal: 1,
            text: 'The meeting is on Friday at noon in room 12.',
          },
          {
            key: 'notes§2',
            id: '2',
            articleId: 'notes',
            ordinal: 2,
            text: 'Lunch is served after the meeting. Bring a cup.',
          },
        ],
      } as never,
    ]);
    const result = engine.ask('When is the meeting?');
    expect(result.answered).toBe(true);
    const response = renderAnswer(result, { locale: 'en-US', guildId: null }, engine, {
      pinsUnavailable: false,
    });
    if (response.type !== 'message') throw new Error('expected a message');
    const text = JSON.stringify(response.data.embeds).replace(/\*\*|\\\\/g, '');
    expect(text.split('The meeting is on Friday at noon in room 12.').length - 1).toBe(1);
    expect(response.data.embeds![0]!.fields).toEqual([{ name: '§1', value: 'Notes' }]);
  });
});

describe('the console', () => {
  it('says why a file cannot be read', () => {
    const context = { user: { id: 'local', username: 'me' }, locale: 'en-US' };
    return loadCommandModules().then((all) => {
      const parsed = parseConsoleLine('/pin import file:nope.json', all, context);
      expect(parsed).toMatchObject({ type: 'error' });
      if (parsed.type === 'error')
        expect(parsed.message).toMatch(/^Cannot read nope\.json: there is no such file/);
      const folder = parseConsoleLine('/pin import file:knowledge', all, context);
      if (folder.type === 'error') expect(folder.message).toMatch(/it is a folder/);
      else throw new Error('expected an error');
    });
  });

  /** One console session on a fresh database in `dir`: the lines typed, what it printed. */
  async function consoleSession(
    dir: string,
    lines: string,
    prepare?: (store: SqliteStore) => Promise<unknown>,
  ) {
    const engine = await loadEngine('knowledge');
    const opened = openStore({ path: join(dir, 's.sqlite'), normalize: normalizeText });
    if (!opened.ok) throw new Error(opened.message);
    const store = opened.value;
    await prepare?.(store);
    const input = new PassThrough();
    const output = new PassThrough();
    let text = '';
    output.on('data', (chunk) => (text += chunk.toString()));
    const done = runConsole({
      router: new CommandRouter(await loadCommandModules()),
      services: Promise.resolve({ engine, store, logger: pino({ level: 'silent' }) }),
      input,
      output,
      color: false,
      locale: 'en-US',
      filesDir: join(dir, 'data'),
    });
    input.end(lines);
    await done;
    await store.close();
    return text;
  }

  it('/pin export writes into data/ (or the given folder), not the current directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'citebot-export-'));
    try {
      const text = await consoleSession(dir, '/pin export\n', (store) =>
        store.addPin({ guildId: 'local', text: 'Exported fact', createdBy: 'local' } as never),
      );
      const saved = join(dir, 'data', 'citebot-pins-local.json');
      expect(text).toContain(`saved ${saved}`);
      expect(readFileSync(saved, 'utf8')).toContain('Exported fact');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('/insights in the console saves the chart PNG into data/ and says where, with the figures as text', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'citebot-chart-'));
    try {
      const text = await consoleSession(dir, 'What is the capital of Mongolia?\n/insights\n');
      const saved = join(dir, 'data', 'questions-per-day.png');
      expect(text).toContain(`saved ${saved}`);
      expect(text).toMatch(/Last 30 days: 1 asked, 0 answered, 1 not answered/);
      expect(pngSize(readFileSync(saved))).toEqual({ width: 800, height: 360 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
