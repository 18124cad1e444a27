import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_ID, FakeDiscord } from './fake-discord.ts';
import { guildIds } from './load-harness.ts';
import { readSquad, writeKnowledge } from '../../src/eval/public-sets.ts';
import { BOT_ENV, BOT_NODE_FLAGS } from '../../src/transports/discord/node-flags.ts';
import { BOT_BUNDLE, buildBot } from '../../scripts/build-bot.ts';

/**
 * The bot's own process as npm start runs it (the bundle of src/main.ts, with BOT_NODE_FLAGS and
 * BOT_ENV), measured from outside (/proc/PID/status), while distinct members from 50 servers ask
 * at 250 a second through the fake Discord (which runs here, in the test's process):
 * - with the shipped article, 20,000 members: RSS after them grows at most 25% over RSS after the
 *   first 2,000, and stays within 150 MB;
 * - with CMRC-sized knowledge (the 848 paragraphs of CMRC 2018 dev, one file each): RSS after
 *   2,000 members stays within 200 MB, and a /reload of it peaks at most 1.5× that.
 * Runs only with LOAD_SOAK set (`npm run test:load`); the CMRC part needs ../shared/eval (or
 * CITEBOT_EVAL_DATA).
 */

const TOTAL = Number(process.env.LOAD_SOAK ?? 0);
const FIRST = 2_000;
const PER_TICK = 25;
const TICK_MS = 100;
const MB = 2 ** 20;
const OWNER = { id: '1400000000000000999', username: 'owner' };
const CMRC = join(
  process.env.CITEBOT_EVAL_DATA ?? join(import.meta.dirname, '../../../shared/eval'),
  'cmrc2018_dev.json',
);

interface RunningBot {
  fake: FakeDiscord;
  process: ChildProcess;
  dir: string;
  log: string;
  /** Interactions answered (each counted once, though discord.js may retry a request). */
  answered: number;
  /** Interaction ids whose answer (a callback or an edit of the deferral) arrived. */
  done: Set<string>;
}

async function startBot(knowledgeDir: string): Promise<RunningBot> {
  const fake = new FakeDiscord();
  fake.guildIds = guildIds(50);
  fake.retainRequests = false;
  const dir = mkdtempSync(join(tmpdir(), 'citebot-rss-'));
  const bot: RunningBot = { fake, process: undefined!, dir, log: '', answered: 0, done: new Set() };
  fake.onRequest = (request) => {
    const id =
      request.method === 'POST' && request.body?.type === 4
        ? /^\/interactions\/(\d+)\//.exec(request.path)?.[1]
        : request.method === 'PATCH'
          ? /\/tok(\d+)\/messages\/@original$/.exec(request.path)?.[1]
          : undefined;
    if (id && !bot.done.has(id)) {
      bot.done.add(id);
      bot.answered += 1;
    }
  };
  await fake.start();
  await buildBot();
  bot.process = spawn(process.execPath, [...BOT_NODE_FLAGS, BOT_BUNDLE], {
    env: {
      ...process.env,
      ...BOT_ENV,
      DISCORD_TOKEN: 'MTEwMDAwMDAwMDAwMDAwMDAwMQ.GfAkEx.fake-token-for-tests-only-000000000',
      DISCORD_APPLICATION_ID: APP_ID,
      DISCORD_API_URL: fake.apiUrl,
      DATABASE_PATH: join(dir, 'citebot.sqlite'),
      KNOWLEDGE_DIR: knowledgeDir,
      BOT_OWNER_IDS: OWNER.id,
      LOG_LEVEL: 'warn',
      DOTENV_CONFIG_PATH: '/nonexistent',
      GUILD_ASKS_PER_MINUTE: '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  bot.process.stderr!.on('data', (chunk) => (bot.log += chunk.toString()));
  await fake.waitForIdentify();
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  return bot;
}

async function stopBot(bot: RunningBot | undefined): Promise<void> {
  bot?.process.kill('SIGKILL');
  await bot?.fake.stop();
  if (bot) rmSync(bot.dir, { recursive: true, force: true });
}

const rss = (bot: RunningBot) =>
  Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${bot.process.pid}/status`, 'utf8'))![1]) * 1024;

/** `count` members (numbered from `from`) ask at 250 a second; resolves once all are answered and the bot is idle. */
async function ask(
  bot: RunningBot,
  from: number,
  count: number,
  question: (n: number) => string,
): Promise<void> {
  const target = bot.answered + count;
  for (let sent = 0; sent < count; sent += PER_TICK) {
    for (let i = 0; i < PER_TICK && sent + i < count; i += 1) {
      const n = from + sent + i;
      bot.fake.interactionIn(
        bot.fake.guildIds[n % bot.fake.guildIds.length]!,
        2,
        { id: '1', name: 'ask', type: 1, options: [{ name: 'question', type: 3, value: question(n) }] },
        {},
        { member: { id: String(1600000000000000000n + BigInt(n)), username: `member${n}` } },
      );
    }
    await new Promise((resolve) => setTimeout(resolve, TICK_MS));
  }
  const deadline = Date.now() + 30_000;
  while (bot.answered < target && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 50));
  // RSS is read once the bot is idle: V8 returns memory some seconds after allocation slows.
  await new Promise((resolve) => setTimeout(resolve, 8_000));
}

function printLog(bot: RunningBot): void {
  const lines = bot.log.split('\n').filter(Boolean);
  if (lines.length > 0) console.log(`bot logged ${lines.length} lines; first: ${lines[0]!.slice(0, 300)}`);
}

const mb = (bytes: number) => `${(bytes / MB).toFixed(0)} MB`;

describe.skipIf(!TOTAL)('load: the bot process under 20,000 distinct members', () => {
  let bot: RunningBot;
  beforeAll(async () => {
    bot = await startBot('knowledge');
  }, 60_000);
  afterAll(() => stopBot(bot));

  it(
    `RSS after ${TOTAL} members grows at most 25% over RSS after ${FIRST}, and stays within 150 MB`,
    { timeout: 600_000 },
    async () => {
      const question = (n: number) => `PyTorch 有多少贡献者？ ${n % 7}`;
      const start = rss(bot);
      await ask(bot, 0, FIRST, question);
      const first = rss(bot);
      await ask(bot, FIRST, TOTAL - FIRST, question);
      const after = rss(bot);
      console.log(
        `bot RSS: at start ${mb(start)}, after ${FIRST} members ${mb(first)}, after ${TOTAL} ${mb(after)} ` +
          `(ratio ${(after / first).toFixed(3)}); answered ${bot.answered}`,
      );
      printLog(bot);
      expect(bot.answered).toBe(TOTAL);
      expect(after / first).toBeLessThanOrEqual(1.25);
      expect(after).toBeLessThanOrEqual(150 * MB);
    },
  );
});

describe.skipIf(!TOTAL || !existsSync(CMRC))('load: the bot process with CMRC-sized knowledge', () => {
  let bot: RunningBot;
  let knowledge: string;
  let questions: string[];
  beforeAll(async () => {
    const set = await readSquad(CMRC);
    questions = set.questions.map((q) => q.question);
    knowledge = mkdtempSync(join(tmpdir(), 'citebot-rss-cmrc-'));
    await writeKnowledge(set.paragraphs, knowledge);
    bot = await startBot(knowledge);
  }, 120_000);
  afterAll(async () => {
    await stopBot(bot);
    rmSync(knowledge, { recursive: true, force: true });
  });

  it(
    `RSS after ${FIRST} members stays within 200 MB, and a reload peaks at most 1.5× that`,
    { timeout: 600_000 },
    async () => {
      const question = (n: number) => questions[n % questions.length]!;
      const start = rss(bot);
      await ask(bot, 0, FIRST, question);
      const steady = rss(bot);
      // The owner's /reload: RSS sampled every 10 ms until its answer (an edit of the deferral) arrives.
      const reload = bot.fake.interactionIn(
        bot.fake.guildIds[0]!,
        2,
        { id: '9', name: 'reload', type: 1 },
        {},
        {
          member: OWNER,
        },
      );
      let peak = 0;
      const deadline = Date.now() + 120_000;
      while (!bot.done.has(reload.id) && Date.now() < deadline) {
        peak = Math.max(peak, rss(bot));
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      await ask(bot, FIRST, FIRST, question);
      const after = rss(bot);
      console.log(
        `bot RSS with ${questions.length} CMRC questions over its paragraphs: at start ${mb(start)}, after ` +
          `${FIRST} members ${mb(steady)}, peak during /reload ${mb(peak)} (${(peak / steady).toFixed(2)}×), ` +
          `after ${FIRST} more ${mb(after)}; answered ${bot.answered}`,
      );
      printLog(bot);
      expect(bot.done.has(reload.id)).toBe(true);
      expect(bot.answered).toBe(2 * FIRST + 1);
      expect(steady).toBeLessThanOrEqual(200 * MB);
      expect(after).toBeLessThanOrEqual(200 * MB);
      expect(peak / steady).toBeLessThanOrEqual(1.5);
    },
  );
});
