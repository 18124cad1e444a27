import 'dotenv/config';
import { ShardingManager, type Shard } from 'discord.js';
import { fileURLToPath } from 'node:url';
import { createLogger } from '../../compose.ts';
import { readConfig, readShardConfig, type BotConfig } from '../../config.ts';
import { runEntry } from '../../entry.ts';
import { flushLogs } from '../../logging.ts';
import { BOT_ENV, BOT_NODE_FLAGS } from './node-flags.ts';

/**
 * `npm run start:sharded`: discord.js's ShardingManager runs src/main.ts (the same bot as
 * `npm start`, bundled) once per shard, each in its own process. Discord sends each shard the events of its
 * servers ((server id >> 22) % shard count); every shard opens the same SQLite database (WAL), so
 * pins and insights are shared. The shard count is Discord's recommendation (GET /gateway/bot) or
 * SHARD_COUNT.
 */

/**
 * Run from its bundle (dist/bot/shard.mjs, `npm run start:sharded`), each shard runs the bundled
 * bot beside it; run from source (node --import tsx), the TypeScript entry through tsx.
 */
const BUNDLED = import.meta.url.endsWith('.mjs');
const BOT_ENTRY = fileURLToPath(new URL(BUNDLED ? './main.mjs' : '../../main.ts', import.meta.url));
const SHARD_EXEC_ARGV = BUNDLED ? [...BOT_NODE_FLAGS] : [...BOT_NODE_FLAGS, '--import', 'tsx'];

/** What Discord recommends for this bot, through DISCORD_API_URL when it is set. */
export async function recommendedShardCount(config: Pick<BotConfig, 'token' | 'apiUrl'>): Promise<number> {
  const api = config.apiUrl ?? 'https://discord.com/api';
  const response = await fetch(`${api}/v10/gateway/bot`, {
    headers: { Authorization: `Bot ${config.token ?? ''}` },
  });
  if (response.status === 401)
    throw new Error('Discord refused the token (401) when asked for the shard count');
  if (!response.ok) throw new Error(`GET /gateway/bot answered ${response.status}`);
  const { shards } = (await response.json()) as { shards?: unknown };
  if (typeof shards !== 'number' || !Number.isInteger(shards) || shards < 1)
    throw new Error('GET /gateway/bot gave no shard count');
  return shards;
}

async function main(): Promise<number> {
  const checked = readConfig(process.env, { token: true });
  const shards = readShardConfig(process.env);
  const { shardCount, spawnDelayMs } = shards.config;
  const problems = [
    ...(checked.ok ? [] : checked.problems.map((problem) => problem.message)),
    ...shards.problems,
  ];
  if (!checked.ok || problems.length > 0) {
    for (const problem of problems) console.error(problem);
    console.error('Fix these in .env (see .env.example) and start again.');
    return 1;
  }
  const { config } = checked;
  const logger = createLogger(config.logLevel, [config.token]).child({ manager: true });
  const totalShards = shardCount ?? (await recommendedShardCount(config));

  // Shards inherit the environment: npm run start:sharded sets BOT_ENV; node started by hand may not.
  for (const [name, value] of Object.entries(BOT_ENV)) process.env[name] ??= value;
  const manager = new ShardingManager(BOT_ENTRY, {
    token: config.token,
    totalShards,
    mode: 'process',
    respawn: true,
    // Each shard runs with npm start's heap sizes.
    execArgv: SHARD_EXEC_ARGV,
  });
  let stopping = false;
  /** Stops every shard, then the manager, with `code`. */
  const stop = (reason: string, code: number) => {
    if (stopping) return;
    stopping = true;
    manager.respawn = false;
    logger.info({ reason }, 'stopping every shard');
    // Each shard's process logs out on SIGTERM (src/main.ts) and exits 0.
    const exits = [...manager.shards.values()].map((shard) => {
      const child = shard.process;
      if (!child || child.exitCode !== null) return Promise.resolve();
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      shard.kill();
      return exited;
    });
    const deadline = setTimeout(() => process.exit(1), 15_000);
    void Promise.all(exits).then(() => {
      clearTimeout(deadline);
      void flushLogs().finally(() => process.exit(code));
    });
  };
  const watch = (shard: Shard) => {
    logger.info({ shard: shard.id, of: totalShards }, 'shard started');
    let connected = false;
    shard.on('ready', () => {
      connected = true;
    });
    shard.on('death', (child) => {
      const code = 'exitCode' in child ? child.exitCode : undefined;
      if (!connected && !stopping) {
        // It could not start (no knowledge folder, a bad database path…): respawning would only
        // repeat that forever. Its own fatal line, above, says why.
        logger.fatal(
          { shard: shard.id, exitCode: code },
          `shard ${shard.id} could not start (its message is above); stopping`,
        );
        // Let discord.js's respawn begin, then stop it with the rest.
        setImmediate(() => stop('a shard could not start', 1));
        return;
      }
      if (!stopping) logger.warn({ shard: shard.id, exitCode: code }, 'shard exited; respawning');
    });
    shard.on('error', (error) => {
      if (!stopping) logger.error({ err: error, shard: shard.id }, 'shard error');
    });
  };
  manager.on('shardCreate', watch);

  process.once('SIGINT', () => stop('SIGINT', 0));
  process.once('SIGTERM', () => stop('SIGTERM', 0));

  logger.info(
    { shards: totalShards, source: shardCount !== undefined ? 'SHARD_COUNT' : 'Discord' },
    'spawning shards',
  );
  await manager.spawn({
    amount: totalShards,
    delay: spawnDelayMs ?? 5_500,
    timeout: 60_000,
  });
  logger.info({ shards: manager.shards.size }, 'every shard is connected');
  return new Promise<number>(() => undefined);
}

runEntry(main, 'citebot could not start its shards', () => [process.env.DISCORD_TOKEN]);
