import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_ID, BOT_ID, CHANNEL_ID, FakeDiscord } from './fake-discord.ts';

/**
 * `npm start` as a service manager runs it (the npm process is the one signalled), against the
 * fake Discord: a reply Discord refuses is logged without the token or the question, a member
 * mentioning the bot quickly gets one notice and then silence, and SIGTERM to npm stops every
 * process of the bot and closes its gateway connection.
 */

const TOKEN = 'MTEwMDAwMDAwMDAwMDAwMDAwMQ.GfAkEx.fake-token-for-operate-tests-000000';
let fake: FakeDiscord;
let npm: ChildProcess;
let log = '';
let dir: string;

/** Every process descended from `pid` (Linux /proc). */
function descendants(pid: number): number[] {
  const parents = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The command name is in parentheses and may hold spaces; the ppid follows it.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(ppid, [...(parents.get(ppid) ?? []), Number(entry)]);
    } catch {
      // The process ended while listing.
    }
  }
  const found: number[] = [];
  const walk = (parent: number) => {
    for (const child of parents.get(parent) ?? []) {
      found.push(child);
      walk(child);
    }
  };
  walk(pid);
  return found;
}

const alive = (pid: number) => {
  try {
    // A zombie has exited; only the parent's wait is missing.
    return !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ');
  } catch {
    return false;
  }
};

async function until(condition: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
  return condition();
}

beforeAll(async () => {
  fake = new FakeDiscord();
  await fake.start();
  dir = mkdtempSync(join(tmpdir(), 'citebot-operate-'));
  npm = spawn('npm', ['start', '--silent'], {
    env: {
      ...process.env,
      DISCORD_TOKEN: TOKEN,
      DISCORD_APPLICATION_ID: APP_ID,
      DISCORD_API_URL: fake.apiUrl,
      DATABASE_PATH: join(dir, 'citebot.sqlite'),
      KNOWLEDGE_DIR: 'knowledge',
      LOG_LEVEL: 'info',
      DOTENV_CONFIG_PATH: '/nonexistent',
      ASK_BURST: '3',
      ASK_COOLDOWN_SECONDS: '60',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  npm.stdout!.on('data', (chunk) => (log += chunk.toString()));
  npm.stderr!.on('data', (chunk) => (log += chunk.toString()));
  await fake.waitForIdentify();
  await until(() => log.includes('knowledge loaded'), 20_000);
});

afterAll(async () => {
  if (npm.exitCode === null) npm.kill('SIGKILL');
  for (const pid of descendants(npm.pid!)) process.kill(pid, 'SIGKILL');
  await fake.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('npm start under a service manager', () => {
  it('logs a reply Discord refuses without the interaction token or the question', async () => {
    const question = 'Who wrote the first line of PyTorch code, zanzibar?';
    fake.failOnce('POST', /^\/interactions\/\d+\/[^/]+\/callback$/, 400);
    const { token } = fake.interaction(2, {
      id: '1',
      name: 'ask',
      type: 1,
      options: [{ name: 'question', type: 3, value: question }],
    });
    expect(await until(() => log.includes('could not respond'), 10_000)).toBe(true);
    const line = log.split('\n').find((entry) => entry.includes('could not respond'))!;
    expect(line).toContain('"status":400');
    expect(line).toContain('/interactions/');
    expect(log).not.toContain(token);
    expect(log).not.toContain('zanzibar');
  });

  it('answers 10 quick @mentions from one member with at most 4 channel messages (ASK_BURST=3)', async () => {
    const before = fake.requests.length;
    for (let i = 0; i < 10; i += 1)
      fake.message(`<@${BOT_ID}> Who created PyTorch? (${i})`, [{ id: BOT_ID, username: 'citebot' }]);
    // The replies arrive within a second or two; wait past them for any late ones.
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    const posted = fake.requests
      .slice(before)
      .filter((request) => request.method === 'POST' && request.path === `/channels/${CHANNEL_ID}/messages`);
    expect(posted.length).toBeGreaterThanOrEqual(3);
    expect(posted.length).toBeLessThanOrEqual(4);
  });

  it('SIGTERM to the npm process stops every process of the bot within 5 s and closes the gateway', async () => {
    const processes = [npm.pid!, ...descendants(npm.pid!)];
    expect(fake.openSockets).toBe(1);
    const started = Date.now();
    npm.kill('SIGTERM');
    const stopped = await until(() => processes.every((pid) => !alive(pid)), 5_000);
    process.stderr.write(`SIGTERM to npm start: every process gone after ${Date.now() - started} ms\n`);
    expect(stopped).toBe(true);
    expect(fake.openSockets).toBe(0);
    expect(log).toContain('logged out');
    expect(log).not.toContain(TOKEN);
  });
});
