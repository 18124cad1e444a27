import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord, shardFor, type RecordedRequest } from './fake-discord.ts';
import { InteractionType, askData, guildIds } from './load-harness.ts';
import { SHARD_BUNDLE, buildBot } from '../../scripts/build-bot.ts';

/**
 * `npm run start:sharded` (the bundle of src/transports/discord/shard.ts: discord.js's
 * ShardingManager, one bundled src/main.ts process per shard) against the fake Discord, which recommends two shards and routes each server's events
 * by (server id >> 22) % 2. Both shards answer; a pin written through one shard is seen by /ask on
 * the other, as after a resharding moves a server, because every shard shares the SQLite file.
 */

const run = promisify(execFile);
const MODERATOR_PERMISSIONS = String(1071698660928n | (1n << 13n));
const MODERATOR = { id: '1400000000000000009', username: 'mod' };

let fake: FakeDiscord;
let manager: ChildProcess;
let output = '';
let dir: string;
const [guildA, guildB] = guildIds(2) as [string, string];

async function answer(
  guild: string,
  data: unknown,
  options: { shard?: number; permissions?: string; member?: { id: string; username: string } } = {},
): Promise<RecordedRequest['body']> {
  const { id } = fake.interactionIn(guild, InteractionType.ApplicationCommand, data, {}, options);
  const callback = await fake.waitForRequest(
    (request) =>
      request.method === 'POST' && request.path.startsWith(`/interactions/${id}/`) && request.status === 204,
  );
  if (callback.body.type === 5) {
    // Deferred while that shard was still indexing: the answer is the edit.
    const edit = await fake.waitForRequest(
      (request) => request.method === 'PATCH' && request.path.includes(`/tok${id}/messages/@original`),
    );
    return { type: 4, data: edit.body };
  }
  return callback.body;
}

beforeAll(async () => {
  fake = new FakeDiscord();
  fake.shardCount = 2;
  fake.guildIds = [guildA, guildB];
  await fake.start();
  dir = mkdtempSync(join(tmpdir(), 'citebot-shards-'));
  await buildBot();
  manager = spawn(process.execPath, [SHARD_BUNDLE], {
    env: {
      ...process.env,
      DISCORD_TOKEN: 'MTEwMDAwMDAwMDAwMDAwMDAwMQ.GfAkEx.fake-token-for-tests-only-000000000',
      DISCORD_API_URL: fake.apiUrl,
      DATABASE_PATH: join(dir, 'citebot.sqlite'),
      KNOWLEDGE_DIR: 'knowledge',
      LOG_LEVEL: 'info',
      DOTENV_CONFIG_PATH: '/nonexistent',
      // The fake has no identify rate limit; Discord's 5 s between shards would only slow the test.
      SHARD_SPAWN_DELAY_MS: '0',
      SHARD_COUNT: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  manager.stdout!.on('data', (chunk) => (output += chunk.toString()));
  manager.stderr!.on('data', (chunk) => (output += chunk.toString()));
  await fake.waitForIdentify(2);
}, 60_000);

afterAll(async () => {
  if (manager && manager.exitCode === null && manager.signalCode === null) {
    // Shards leave with their manager (src/main.ts watches the IPC channel), so this stops them too.
    const exited = new Promise((resolve) => manager.once('exit', resolve));
    manager.kill('SIGKILL');
    await exited;
  }
  await fake?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('npm run start:sharded with two shards', () => {
  it('spawns one process per shard, each identifying as its shard of the count Discord recommends', () => {
    expect(shardFor(guildA, 2)).not.toBe(shardFor(guildB, 2));
    const shards = fake.identifies.map((identify) => JSON.stringify(identify.shard)).sort();
    expect(shards).toEqual(['[0,2]', '[1,2]']);
  });

  it('both shards answer /ask in their own servers', { timeout: 30_000 }, async () => {
    for (const guild of [guildA, guildB]) {
      const body = await answer(guild, askData('PyTorch 有多少贡献者？'));
      expect(JSON.stringify(body.data.embeds)).toContain('2000贡献者');
    }
  });

  it('a pin written through one shard is seen by /ask on the other', { timeout: 30_000 }, async () => {
    const home = shardFor(guildA, 2);
    const other = 1 - home;
    const question = 'When is the PyTorch hackathon?';
    // The other shard answers this server first (no pin yet), so it holds a pin index to outdate.
    const before = await answer(guildA, askData(question), { shard: other });
    expect(JSON.stringify(before.data)).not.toContain('March 3');

    const pinned = await answer(
      guildA,
      {
        id: '3',
        name: 'pin',
        type: 1,
        options: [
          {
            name: 'add',
            type: 1,
            options: [
              { name: 'fact', type: 3, value: 'The PyTorch hackathon is on March 3 in Berlin.' },
              { name: 'keywords', type: 3, value: 'hackathon 黑客松' },
            ],
          },
        ],
      },
      { member: MODERATOR, permissions: MODERATOR_PERMISSIONS },
    );
    expect(pinned.data.embeds[0].title).toMatch(/Pinned #\d+/);

    const after = await answer(guildA, askData(question), { shard: other });
    expect(after.data.embeds[0].description).toContain('March 3');
    expect(after.data.embeds[0].fields[0].name).toBe('📌 pinned by moderators');
  });

  it('SIGTERM stops every shard cleanly; none is left running', { timeout: 30_000 }, async () => {
    const exited = new Promise<number | null>((resolve) => manager.once('exit', (code) => resolve(code)));
    manager.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output.match(/"msg":"logged out"/g)?.length).toBe(2);
    expect(output).not.toContain('fake-token-for-tests');
  });

  it('a malformed SHARD_COUNT is named, and nothing starts', { timeout: 30_000 }, async () => {
    const failed = await run(process.execPath, [SHARD_BUNDLE], {
      env: {
        ...process.env,
        DISCORD_TOKEN: 'MTEwMDAwMDAwMDAwMDAwMDAwMQ.GfAkEx.fake-token-for-tests-only-000000000',
        DISCORD_API_URL: fake.apiUrl,
        DOTENV_CONFIG_PATH: '/nonexistent',
        SHARD_COUNT: 'two',
      },
    }).then(
      () => undefined,
      (error: { code?: number; stderr?: string }) => error,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toContain('SHARD_COUNT must be a whole number of at least 1');
    expect(failed?.stderr).not.toContain('fake-token-for-tests');
  });

  it(
    'a shard that cannot start (no knowledge folder) ends the manager with its reason and exit 1',
    { timeout: 40_000 },
    async () => {
      const started = Date.now();
      const failed = await run(process.execPath, [SHARD_BUNDLE], {
        env: {
          ...process.env,
          DISCORD_TOKEN: 'MTEwMDAwMDAwMDAwMDAwMDAwMQ.GfAkEx.fake-token-for-tests-only-000000000',
          DISCORD_API_URL: fake.apiUrl,
          DOTENV_CONFIG_PATH: '/nonexistent',
          DATABASE_PATH: join(dir, 'missing.sqlite'),
          KNOWLEDGE_DIR: join(dir, 'no-such-folder'),
          SHARD_COUNT: '1',
          SHARD_SPAWN_DELAY_MS: '0',
        },
        // Before, the manager respawned the shard forever.
        timeout: 25_000,
        killSignal: 'SIGKILL',
      }).then(
        () => undefined,
        (error: { code?: number; stderr?: string }) => error,
      );
      process.stderr.write(
        `sharded launcher without knowledge: exited ${failed?.code} after ${Date.now() - started} ms\n`,
      );
      expect(failed?.code).toBe(1);
      expect(failed?.stderr).toContain('could not load the knowledge');
      expect(failed?.stderr).toContain('shard 0 could not start');
      expect(failed?.stderr?.match(/shard started/g)?.length ?? 0).toBeLessThanOrEqual(2);
    },
  );
});
