import { PassThrough } from 'node:stream';
import pino from 'pino';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CommandModule, Services } from '../../../src/interactions/contract.ts';
import { loadCommandModules } from '../../../src/compose.ts';
import { CommandRouter } from '../../../src/interactions/router.ts';
import { consoleLocale, readConfig } from '../../../src/config.ts';
import { runConsole } from '../../../src/transports/console/loop.ts';
import { parseConsoleLine } from '../../../src/transports/console/parse.ts';
import { markdownForTerminal, renderForTerminal } from '../../../src/transports/console/render.ts';
import { loadEngine, type Engine } from '../../../src/engine.ts';

let modules: CommandModule[];
let engine: Engine;
const context = { user: { id: 'local', username: 'me' }, locale: 'en-US' };

beforeAll(async () => {
  modules = await loadCommandModules();
  engine = await loadEngine('knowledge');
});

describe('the local console reads slash commands as text', () => {
  it('plain text is /ask', () => {
    const parsed = parseConsoleLine('PyTorch 有多少贡献者？', modules, context);
    expect(parsed).toMatchObject({
      type: 'request',
      request: { commandName: 'ask', options: { question: 'PyTorch 有多少贡献者？' } },
    });
  });

  it('the rest of the line fills the first option: /passage 12, /ask …', () => {
    expect(parseConsoleLine('/passage 12', modules, context)).toMatchObject({
      request: { commandName: 'passage', options: { id: '12' } },
    });
    expect(parseConsoleLine('/ask who is Chintala', modules, context)).toMatchObject({
      request: { options: { question: 'who is Chintala' } },
    });
  });

  it('name:value pairs set options by name, typed by the definition', () => {
    const parsed = parseConsoleLine('/ask question:who founded PyTorch hide:true', modules, context);
    expect(parsed).toMatchObject({ request: { options: { question: 'who founded PyTorch', hide: true } } });
  });

  it('names the options when a name:value pair names one the command does not have', () => {
    const typo = parseConsoleLine(
      '/pin add fact:The fair is on Friday. keywords:fair sourceUrl:https://x.y/z',
      modules,
      context,
    );
    expect(typo).toEqual({
      type: 'error',
      message:
        '/pin add has no option "sourceUrl". Its options: fact, keywords, passage, source. (For "sourceUrl:" inside a value, put a space after the colon.)',
    });
    // A subcommand group is named with its subcommand, as the missing-option hint names them.
    expect(
      parseConsoleLine('/setup auto-answer on channel:#help chanel:#help', modules, context),
    ).toMatchObject({
      type: 'error',
      message: expect.stringMatching(/^\/setup auto-answer on has no option "chanel"/),
    });
    // Links, "time: 10:30" and an option the command has are read as before.
    expect(
      parseConsoleLine(
        '/pin add fact:Doors open at time: 10:30, see https://x.y keywords:fair source:https://x.y/z',
        modules,
        context,
      ),
    ).toMatchObject({
      type: 'request',
      request: {
        options: {
          fact: 'Doors open at time: 10:30, see https://x.y',
          keywords: 'fair',
          source: 'https://x.y/z',
        },
      },
    });
  });

  it('acts as server "local" with every permission, so moderator commands work', () => {
    const parsed = parseConsoleLine('/about', modules, context);
    if (parsed.type !== 'request') throw new Error('expected a request');
    expect(parsed.request.guildId).toBe('local');
    expect(parsed.request.memberPermissions).not.toBe(0n);
  });

  it('names the commands when one is unknown; #n clicks; /quit quits', () => {
    const unknown = parseConsoleLine('/nope', modules, context);
    expect(unknown.type).toBe('error');
    if (unknown.type === 'error') expect(unknown.message).toContain('/ask');
    expect(parseConsoleLine('#2', modules, context)).toEqual({ type: 'click', index: 2 });
    expect(parseConsoleLine('/quit', modules, context)).toEqual({ type: 'quit' });
  });

  it('picks the reply language from LANG', () => {
    expect(consoleLocale({ LANG: 'zh_CN.UTF-8' })).toBe('zh-CN');
    expect(consoleLocale({ LANG: 'zh_TW.UTF-8' })).toBe('zh-TW');
    expect(consoleLocale({ LANG: 'C.UTF-8' })).toBe('en-US');
  });
});

describe('the local console renders payloads as terminal text', () => {
  it('turns Discord markdown into plain text: links, escapes, timestamps, code', () => {
    expect(markdownForTerminal('[title](https://x.y) \\*a\\* <t:0:D> **b** `c`')).toBe(
      'title <https://x.y> *a* 1970-01-01 b c',
    );
  });

  it('runs a session: a question, then a button by number', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let text = '';
    output.on('data', (chunk) => (text += chunk.toString()));
    const services: Services = {
      engine,
      logger: pino({ level: 'silent' }),
    };
    const done = runConsole({
      router: new CommandRouter(modules),
      services: Promise.resolve(services),
      input,
      output,
      color: false,
      locale: 'en-US',
    });
    input.end('PyTorch 有多少贡献者？\n#2\n/passage 999999\n');
    await done;
    expect(text).toContain('❓ PyTorch 有多少贡献者？');
    expect(text).toContain(engine.findPassage('2')!.text);
    // A Chinese question gets Chinese buttons whatever the console's language.
    expect(text).toMatch(/#1 更多来源 {3}#2 查看段落/);
    expect(text).toContain('There is no passage "999999"');
    expect(text).not.toContain('\x1b[');
  });

  it("follows the question's language, else its own (LANG): banner, buttons and errors", async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let text = '';
    output.on('data', (chunk) => (text += chunk.toString()));
    const done = runConsole({
      router: new CommandRouter(modules),
      services: Promise.resolve({ engine, logger: pino({ level: 'silent' }) }),
      input,
      output,
      color: false,
      locale: 'zh-CN',
    });
    input.end('How many contributors does PyTorch have?\n#9\n/nope\n');
    await done;
    expect(text).toContain('citebot 控制台');
    expect(text).toMatch(/#1 More sources {3}#2 Show passage/);
    expect(text).toContain('上一条回复没有这个按钮');
    expect(text).toContain('没有 /nope 这个命令');
  });

  it('renders autocomplete choices one per line', () => {
    expect(
      renderForTerminal({
        type: 'autocomplete',
        choices: [
          { name: 'a', value: 'a' },
          { name: 'b', value: 'b' },
        ],
      }),
    ).toBe('  a\n  b');
  });
});

describe('configuration', () => {
  it('defaults knowledge to knowledge/ and the log level to info; never needs a token for the console', () => {
    const checked = readConfig({});
    expect(checked).toEqual({
      ok: true,
      config: expect.objectContaining({ knowledgeDir: 'knowledge', logLevel: 'info' }),
    });
  });

  it('names what the deploy script needs', () => {
    const checked = readConfig({}, { token: true, applicationId: true });
    expect(checked.ok).toBe(false);
    if (!checked.ok)
      expect(checked.problems.map((p) => p.variable)).toEqual(['DISCORD_TOKEN', 'DISCORD_APPLICATION_ID']);
  });

  it('names a malformed log level and API URL, and strips a trailing slash from the URL', () => {
    const bad = readConfig({ LOG_LEVEL: 'loud', DISCORD_API_URL: 'not a url' });
    if (bad.ok) throw new Error('expected problems');
    expect(bad.problems.map((p) => p.variable)).toEqual(['DISCORD_API_URL', 'LOG_LEVEL']);
    const good = readConfig({ DISCORD_API_URL: 'http://127.0.0.1:9/api/' });
    expect(good.ok && good.config.apiUrl).toBe('http://127.0.0.1:9/api');
  });
});
