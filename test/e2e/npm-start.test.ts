import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';
import { readFileSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_ID, FakeDiscord } from './fake-discord.ts';
import { LEVEL_TEXTS } from '../../src/interactions/i18n.ts';

/**
 * `npm start` as a moderator runs it (src/main.ts in its own process, configured only through the
 * environment) against the fake Discord: the dev questions are answered with the right passage and
 * the unanswerable ones abstained, nothing can ping, a promise rejection nobody handles is logged
 * and the bot answers on, and SIGTERM logs out cleanly.
 */

interface DevQuestion {
  id: string;
  q: string;
  gold?: string[];
  answerable?: boolean;
}

// The repository's copy of the dev questions, so the test runs wherever the repository is checked out.
const devFile = join(import.meta.dirname, '../../eval/article-qa.dev.jsonl');
const questions: DevQuestion[] = readFileSync(devFile, 'utf8')
  .split('\n')
  .filter((line) => line.trim())
  .map((line) => JSON.parse(line) as DevQuestion);

/** As the eval compares: whitespace and quote marks removed, case-insensitive. */
const squash = (text: string) => text.replace(/[\s"'“”‘’「」『』]/g, '').toLowerCase();

interface Embed {
  description?: string;
  fields?: { name: string; value: string }[];
}

/**
 * What an /ask reply says: an answer (the quote, then the cited passage, its source and the
 * level in words) or an abstention ("Not in the articles", then the closest passages, which are
 * shown even though they do not answer). Anything else fails the test.
 */
/** A reply to /ask: its answer embed, or, for a question with no words to look up, the hint alone. */
interface Reply {
  embed?: Embed;
  content?: string;
}

function readReply({ embed, content }: Reply): { answered: boolean; cited: string } {
  // "？？？" holds nothing to look up: the "ask me something" hint, an abstention.
  if (!embed) {
    expect(content).toMatch(/Ask me something about the articles|请问我关于文章的问题/);
    return { answered: false, cited: '' };
  }
  const description = embed.description ?? '';
  const words = (...keys: (keyof typeof LEVEL_TEXTS)[]) =>
    keys.flatMap((key) => Object.values(LEVEL_TEXTS[key]));
  const abstained = words('noneMany', 'noneOne', 'unsure').some((level) =>
    description.startsWith(`**${level}`),
  );
  const names = (embed.fields ?? []).map((field) => field.name);
  // An answer: its level, the quote, and the cited passage (its source beside it, or as its value
  // when the quote is the whole passage).
  const answered =
    words('answer', 'possible').some((level) => description.startsWith(`**${level}**\n> `)) &&
    /^(§|📌)/.test(names[0] ?? '');
  expect(answered !== abstained, `neither an answer nor an abstention: ${JSON.stringify(embed)}`).toBe(true);
  // The cited passage is the first field, or the quote itself when the answer is the whole passage.
  const quote = description.replace(/\*\*|\\(?=[\\*_~`|])/g, '').replace(/^> /gm, '');
  return { answered, cited: `${quote}\n${embed.fields?.[0]?.value ?? ''}` };
}

async function ask(question: string): Promise<Reply> {
  const { id, token } = fake.interaction(2, {
    id: '1',
    name: 'ask',
    type: 1,
    options: [{ name: 'question', type: 3, value: question }],
  });
  const callback = await fake.waitForRequest(
    (request) => request.path.startsWith(`/interactions/${id}/`) && request.status === 204,
  );
  // On a loaded machine the bot may defer (type 5: still loading, or past its answer deadline) and
  // edit the answer in: the same message either way.
  const message =
    callback.body.type === 5
      ? (
          await fake.waitForRequest(
            (request) =>
              request.method === 'PATCH' &&
              request.path === `/webhooks/${APP_ID}/${token}/messages/@original`,
          )
        ).body
      : callback.body.data;
  expect(message.allowed_mentions).toEqual({ parse: [] });
  return { embed: message.embeds?.[0] as Embed | undefined, content: message.content };
}

let fake: FakeDiscord;
let child: ChildProcess;
let stderr = '';
let dir: string;

beforeAll(async () => {
  fake = new FakeDiscord();
  await fake.start();
  dir = mkdtempSync(join(tmpdir(), 'citebot-start-'));
  // The real entry point; the preload only lets a rejection go unhandled when asked (SIGUSR2).
  const preload = join(import.meta.dirname, 'reject-on-signal.ts');
  child = spawn(process.execPath, ['--import', 'tsx', '--import', preload, 'src/main.ts'], {
    env: {
      ...process.env,
      DISCORD_TOKEN: 'MTEwMDAwMDAwMDAwMDAwMDAwMQ.GfAkEx.fake-token-for-tests-only-000000000',
      DISCORD_APPLICATION_ID: APP_ID,
      DISCORD_API_URL: fake.apiUrl,
      DATABASE_PATH: join(dir, 'citebot.sqlite'),
      KNOWLEDGE_DIR: 'knowledge',
      LOG_LEVEL: 'info',
      DOTENV_CONFIG_PATH: '/nonexistent',
      // One member asks all the dev questions back to back; the per-member cooldown is off here
      // (its reply is tested in test/commands/limits-wiring.test.ts).
      ASK_BURST: '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk) => (stderr += chunk.toString()));
  child.stderr!.on('data', (chunk) => (stderr += chunk.toString()));
  await fake.waitForIdentify();
});

afterAll(async () => {
  if (child.exitCode === null) child.kill('SIGKILL');
  await fake.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('npm start against a fake Discord', () => {
  it('answers the answerable dev questions from the right passage and abstains on the others, pinging no one', async () => {
    let right = 0;
    let abstained = 0;
    const misses: string[] = [];
    const unanswerable = questions.filter((question) => question.answerable === false);
    const answerable = questions.filter((question) => question.answerable !== false && question.gold);
    for (const question of questions) {
      const reply = readReply(await ask(question.q));
      if (question.answerable === false) {
        if (!reply.answered) abstained += 1;
        else misses.push(`${question.id} answered`);
      } else if (question.gold) {
        const quoted = squash(reply.cited);
        if (reply.answered && question.gold.some((gold) => quoted.includes(squash(gold)))) right += 1;
        else misses.push(`${question.id} ${reply.answered ? 'cited another passage' : 'abstained'}`);
      }
    }
    process.stderr.write(
      `dev questions answered from the right passage: ${right}/${answerable.length}, abstained: ` +
        `${abstained}/${unanswerable.length}; misses: ${misses.join(', ')}\n`,
    );
    // Measured 25/27 and 3/4 with the fitted models (npm run eval -- --sets article; unit7's answer
    // units answer d09, withheld at 0.64 before): the floor is what is measured
    // (test/engine.test.ts allows one answer less in process).
    expect(right).toBeGreaterThanOrEqual(25);
    expect(abstained).toBeGreaterThanOrEqual(unanswerable.length - 1);
  });

  it('logs a promise rejection nobody handled and keeps answering', async () => {
    const logged = stderr.length;
    child.kill('SIGUSR2');
    const deadline = Date.now() + 10_000;
    while (
      !stderr.slice(logged).includes('unhandled promise rejection') &&
      child.exitCode === null &&
      Date.now() < deadline
    )
      await new Promise((resolve) => setTimeout(resolve, 20));
    const line = stderr
      .slice(logged)
      .split('\n')
      .filter((raw) => raw.startsWith('{'))
      .map((raw) => JSON.parse(raw) as { msg: string; level: number; err?: { message: string } })
      .find((entry) => entry.msg === 'unhandled promise rejection');
    expect(line?.err?.message).toBe('nobody caught this');
    expect(line?.level).toBe(50);
    expect(child.exitCode).toBeNull();
    const reply = readReply(await ask('Chintala 拉来的实习生是谁？'));
    expect(reply.answered).toBe(true);
    expect(reply.cited).toContain('Adam Paszke');
  });

  it('logs out and exits 0 on SIGTERM, never logging the token', async () => {
    expect(child.exitCode, 'the bot had already exited').toBeNull();
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).toContain('logged out');
    expect(stderr).not.toContain('fake-token-for-tests');
  });
});

describe('npm start without a usable configuration', () => {
  const start = (env: Record<string, string>) =>
    promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: { ...process.env, DISCORD_TOKEN: '', DOTENV_CONFIG_PATH: '/nonexistent', ...env },
    }).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
    );

  it('exits 1 naming DISCORD_TOKEN when there is no token and no terminal for the console', async () => {
    const result = await start({});
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('DISCORD_TOKEN');
  });

  it('exits 1 naming each malformed variable, without echoing the token', async () => {
    const result = await start({
      DISCORD_TOKEN: '"abc def"',
      DISCORD_GUILD_ID: 'my-server',
      DISCORD_API_URL: 'ftp://x',
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('DISCORD_TOKEN');
    expect(result.stderr).toContain('DISCORD_GUILD_ID');
    expect(result.stderr).toContain('DISCORD_API_URL');
    expect(result.stderr).not.toContain('abc def');
  });
});
