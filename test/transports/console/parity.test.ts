import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCommandModules, prepareServices } from '../../../src/compose.ts';
import { DEFAULT_LIMITS, type LimitsConfig } from '../../../src/config.ts';
import type { CommandModule, ServicesProvider } from '../../../src/interactions/contract.ts';
import { createRequestLimits } from '../../../src/interactions/cooldown.ts';
import { CommandRouter } from '../../../src/interactions/router.ts';
import { runConsole } from '../../../src/transports/console/loop.ts';
import { parseConsoleLine } from '../../../src/transports/console/parse.ts';
import { PromptSafeLog } from '../../../src/transports/console/prompt-safe-log.ts';

/**
 * The local console does what Discord does: the same limits (or it says they are off), /reload for
 * the person at the machine, private replies marked as such, its option syntax in /help, a way to
 * pick a passage without Discord's suggestion list, and log lines that never break into the prompt.
 */

const dirs: string[] = [];
let modules: CommandModule[];
const silent = pino({ level: 'silent' });

beforeAll(async () => {
  modules = await loadCommandModules();
});
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A knowledge folder holding the sourdough guide, and a database beside it. */
function tempFolder(): { knowledge: string; database: string } {
  const dir = mkdtempSync(join(tmpdir(), 'citebot-console-'));
  dirs.push(dir);
  const knowledge = join(dir, 'knowledge');
  mkdirSync(knowledge);
  copyFileSync('test/fixtures/knowledge-mixed/guide.md', join(knowledge, 'guide.md'));
  return { knowledge, database: join(dir, 'citebot.sqlite') };
}

/** The services `npm start` builds for the console (config -> prepareServices), on a temp folder. */
function composed(limits?: LimitsConfig) {
  const { knowledge, database } = tempFolder();
  const handle = prepareServices(
    { knowledgeDir: knowledge, logLevel: 'silent', databasePath: database, limits },
    silent,
  );
  return { handle, knowledge };
}

/** Runs a console session on piped lines and returns everything it wrote. */
async function session(
  lines: string[],
  services: Promise<ServicesProvider>,
  extra: { limits?: LimitsConfig; locale?: string } = {},
): Promise<string> {
  const input = new PassThrough();
  const output = new PassThrough();
  let text = '';
  output.on('data', (chunk) => (text += chunk.toString()));
  const done = runConsole({
    router: new CommandRouter(modules),
    services,
    input,
    output,
    color: false,
    locale: extra.locale ?? 'en-US',
    limits: extra.limits,
  });
  input.end(lines.map((line) => `${line}\n`).join(''));
  await done;
  return text;
}

describe('console parity with Discord', () => {
  it('applies the configured limits and says which; with them off, it says so', async () => {
    const limits: LimitsConfig = { ...DEFAULT_LIMITS, askBurst: 2, askCooldownSeconds: 60 };
    const { handle } = composed(limits);
    const question = 'How long do I bake the loaf?';
    const text = await session([question, question, question], handle.provider, { limits });
    await handle.close();
    expect(text).toContain('Limits apply as on Discord: 2 questions back to back, then one every 60 s');
    expect(text.split('❓ How long do I bake the loaf?')).toHaveLength(3); // two answers
    expect(text).toMatch(/You are asking quickly — try again in \d+ seconds\./);

    const off = { ...DEFAULT_LIMITS, askBurst: 0, guildAsksPerMinute: 0, guildPinChangesPerHour: 0 };
    const unlimited = composed(off);
    const free = await session([question, question, question], unlimited.handle.provider, { limits: off });
    await unlimited.handle.close();
    expect(free).toContain('Rate limits are off');
    expect(free.split('❓ How long do I bake the loaf?')).toHaveLength(4);
  });

  it('/reload works for the person at the machine, with no BOT_OWNER_IDS', async () => {
    const { handle, knowledge } = composed();
    const input = new PassThrough();
    const output = new PassThrough();
    let text = '';
    output.on('data', (chunk) => (text += chunk.toString()));
    const done = runConsole({
      router: new CommandRouter(modules),
      services: handle.provider,
      input,
      output,
      color: false,
      locale: 'en-US',
    });
    copyFileSync('test/fixtures/knowledge-mixed/notes.txt', join(knowledge, 'notes.txt'));
    input.end('/reload\n/about\n');
    await done;
    await handle.close();
    expect(text).not.toContain("Only the bot's owner");
    expect(text).toMatch(/Reloaded: 2 articles, \d+ passages\./);
  });

  it('/help gives the console option syntax and the limits; private replies are marked', async () => {
    const { handle } = composed();
    const text = await session(
      ['/help', '/ask question:How long do I bake the loaf? hide:true'],
      handle.provider,
    );
    await handle.close();
    expect(text).toContain('/ask question:… hide:true');
    expect(text).toContain('#2');
    expect(text).toContain('Rate limits are off');
    const [help, hidden] = text.split('❓ How long do I bake the loaf?');
    expect(help).toContain('(private: on Discord only you would see this reply)');
    expect(hidden).toContain('(private: on Discord only you would see this reply)');
    // A public answer is not marked.
    const publicText = await session(['How long do I bake the loaf?'], composed().handle.provider);
    expect(publicText).toContain('❓ How long do I bake the loaf?');
    expect(publicText).not.toContain('(private');
  });

  it('/passage without an id says how to give one and lists some to pick from', async () => {
    expect(
      parseConsoleLine('/passage', modules, { user: { id: 'local', username: 'me' }, locale: 'en-US' }),
    ).toMatchObject({
      type: 'missingOption',
      option: { name: 'id' },
    });
    const { handle } = composed();
    const engine = (await handle.ready).engine;
    const text = await session(['/passage'], handle.provider, { locale: 'zh-CN' });
    await handle.close();
    expect(text).not.toContain("doesn't fit");
    expect(text).toContain('/passage 需要 id（段落编号，或其中的词语）');
    expect(text).toContain(`§1 · Starter — ${engine.passages[0]!.text.slice(0, 20)}`);
  });

  it('a subcommand left without its required option names the subcommand in the hint', async () => {
    const { handle } = composed();
    const text = await session(['/pin add'], handle.provider);
    await handle.close();
    expect(text).toContain('/pin add needs fact');
    expect(text).toContain('type /pin add followed by it');
  });
});

describe('log lines and the prompt', () => {
  it('a line logged while the prompt waits is written above it, and the prompt is redrawn with what was typed', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let screen = '';
    output.on('data', (chunk) => (screen += chunk.toString()));
    // Logs reach the same terminal as the prompt (stderr and stdout of one tty).
    const logs = new PromptSafeLog({ write: (line: string) => output.write(line) });
    const { handle } = composed();
    const done = runConsole({
      router: new CommandRouter(modules),
      services: handle.provider,
      input,
      output,
      color: true,
      locale: 'en-US',
      logs,
    });
    const until = async (seen: () => boolean) => {
      while (!seen()) await new Promise((resolve) => setTimeout(resolve, 10));
    };
    await until(() => screen.includes('›'));
    input.write('how long do I ba');
    await until(() => screen.includes('how long do I ba'));
    const before = screen.length;
    logs.write('{"level":40,"msg":"knowledge file skipped: empty"}\n');
    const after = screen.slice(before);
    input.end('/quit\r');
    await done;
    await handle.close();
    // eslint-disable-next-line no-control-regex
    const plain = after.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '');
    // The typed text is cleared before the log line and comes back after it, behind the prompt.
    expect(after.indexOf('\x1b[2K')).toBeLessThan(after.indexOf('knowledge file skipped'));
    expect(plain).toMatch(/knowledge file skipped: empty"\}\n› how long do I ba$/);
  });

  it('outside the prompt, log lines pass straight through', () => {
    const lines: string[] = [];
    const logs = new PromptSafeLog({ write: (line: string) => lines.push(line) });
    logs.write('one\n');
    expect(lines).toEqual(['one\n']);
  });
});
