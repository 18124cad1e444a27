import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_ID, FakeDiscord } from './fake-discord.ts';
import { guildIds } from './load-harness.ts';

/**
 * The bot's own process (src/main.ts with npm start's node flags) with the shipped article, while
 * 20,000 distinct members from 50 servers ask at 250 a second through the fake Discord: its RSS
 * after them grows at most 25% over its RSS after the first 2,000, and stays within 150 MB.
 * Runs only with LOAD_SOAK set (`npm run test:load`).
 */

const TOTAL = Number(process.env.LOAD_SOAK ?? 0);
const FIRST = 2_000;
const PER_TICK = 25;
const TICK_MS = 100;
const MB = 2 ** 20;

let fake: FakeDiscord;
let bot: ChildProcess;
let dir: string;
let log = '';
let answered = 0;

const rss = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${bot.pid}/status`, 'utf8'))![1]) * 1024;

async function ask(from: number, count: number, guilds: string[]): Promise<void> {
  const target = answered + count;
  for (let sent = 0; sent < count; sent += PER_TICK) {
    for (let i = 0; i < PER_TICK && sent + i < count; i += 1) {
      const n = from + sent + i;
      fake.interactionIn(
        guilds[n % guilds.length]!,
        2,
        {
          id: '1',
          name: 'ask',
          type: 1,
          options: [{ name: 'question', type: 3, value: `PyTorch 有多少贡献者？ ${n % 7}` }],
        },
        {},
        { member: { id: String(1500000000000000000n + BigInt(n)), username: `member${n}` } },
      );
    }
    await new Promise((resolve) => setTimeout(resolve, TICK_MS));
  }
  const deadline = Date.now() + 30_000;
  while (answered < target && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  // RSS is read once the bot is idle: V8 returns memory some seconds after allocation slows.
  await new Promise((resolve) => setTimeout(resolve, 8_000));
}

describe.skipIf(!TOTAL)('load: the bot process under 20,000 distinct members', () => {
  beforeAll(async () => {
    fake = new FakeDiscord();
    fake.guildIds = guildIds(50);
    fake.retainRequests = false;
    // Counted once per interaction: a request discord.js retries reaches the fake twice.
    const seen = new Set<string>();
    fake.onRequest = (request) => {
      const id =
        request.method === 'POST' && request.body?.type === 4
          ? /^\/interactions\/(\d+)\//.exec(request.path)?.[1]
          : request.method === 'PATCH'
            ? /\/tok(\d+)\/messages\/@original$/.exec(request.path)?.[1]
            : undefined;
      if (id && !seen.has(id)) {
        seen.add(id);
        answered += 1;
      }
    };
    await fake.start();
    dir = mkdtempSync(join(tmpdir(), 'citebot-rss-'));
    bot = spawn(process.execPath, ['--max-semi-space-size=2', '--import', 'tsx', 'src/main.ts'], {
      env: {
        ...process.env,
        DISCORD_TOKEN: 'MTEwMDAwMDAwMDAwMDAwMDAwMQ.GfAkEx.fake-token-for-tests-only-000000000',
        DISCORD_APPLICATION_ID: APP_ID,
        DISCORD_API_URL: fake.apiUrl,
        DATABASE_PATH: join(dir, 'citebot.sqlite'),
        KNOWLEDGE_DIR: 'knowledge',
        LOG_LEVEL: 'warn',
        DOTENV_CONFIG_PATH: '/nonexistent',
        GUILD_ASKS_PER_MINUTE: '0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    bot.stderr!.on('data', (chunk) => (log += chunk.toString()));
    await fake.waitForIdentify();
    await new Promise((resolve) => setTimeout(resolve, 3_000));
  }, 60_000);

  afterAll(async () => {
    bot?.kill('SIGKILL');
    await fake?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it(
    `RSS after ${TOTAL} members grows at most 25% over RSS after ${FIRST}, and stays within 150 MB`,
    { timeout: 600_000 },
    async () => {
      const guilds = guildIds(50);
      const start = rss();
      await ask(0, FIRST, guilds);
      const first = rss();
      await ask(FIRST, TOTAL - FIRST, guilds);
      const after = rss();
      console.log(
        `bot RSS: at start ${(start / MB).toFixed(0)} MB, after ${FIRST} members ${(first / MB).toFixed(0)} MB, ` +
          `after ${TOTAL} ${(after / MB).toFixed(0)} MB (ratio ${(after / first).toFixed(3)}); answered ${answered}`,
      );
      const lines = log.split('\n').filter(Boolean);
      if (lines.length > 0)
        console.log(`bot logged ${lines.length} lines; first: ${lines[0]!.slice(0, 300)}`);
      expect(answered).toBe(TOTAL);
      expect(after / first).toBeLessThanOrEqual(1.25);
      expect(after).toBeLessThanOrEqual(150 * MB);
    },
  );
});
