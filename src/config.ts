import { DISCORD_ID } from './discord-ids.ts';

/**
 * Everything citebot reads from the environment, checked once at start. Values users can get wrong
 * come back as problems naming the variable, never as exceptions; the token itself is never part
 * of a message or a log line.
 */
export interface BotConfig {
  token?: string;
  applicationId?: string;
  /** Deploy commands to this server only (instant updates) instead of globally. */
  guildId?: string;
  /** REST base passed to discord.js, e.g. "http://127.0.0.1:8080/api"; the gateway URL then comes from `GET /gateway/bot`. */
  apiUrl?: string;
  knowledgeDir: string;
  logLevel: string;
  /** DATABASE_PATH: the SQLite file of pins, questions and votes (default ./data/citebot.sqlite). */
  databasePath?: string;
  /** DATABASE_URL: a PostgreSQL database (postgres://…) shared by several instances; wins over DATABASE_PATH. */
  databaseUrl?: string;
  /** KNOWLEDGE_WATCH: reload the articles when files in the knowledge folder change. */
  watchKnowledge?: boolean;
  /** Cooldowns and quotas (ASK_BURST, ASK_COOLDOWN_SECONDS, …); absent means none are applied. */
  limits?: LimitsConfig;
  /** BOT_OWNER_IDS: users who may run /reload (comma separated). */
  ownerIds?: string[];
  /**
   * AUTO_ANSWER: the gateway bot requests the privileged Message Content intent, so servers can
   * turn on /setup auto-answer (answering new posts in one channel). Off by default.
   */
  autoAnswer?: boolean;
}

export interface ConfigProblem {
  variable: string;
  message: string;
}

export type ConfigCheck = { ok: true; config: BotConfig } | { ok: false; problems: ConfigProblem[] };

// Discord ids (application, server, users) are 17-20 digits.
const SNOWFLAKE = DISCORD_ID;
const LOG_LEVELS = new Set(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);
// A bot token's shape: three base64url parts separated by dots (the user id, a timestamp, an HMAC).
// Catches the usual paste mistakes (quotes, curly quotes, spaces, a line break, a placeholder such
// as "hello") without ever echoing the value.
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{17,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{20,}$/;

function clean(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

/**
 * Reads the configuration. `need` names what the caller cannot work without: the bot needs a
 * token, the deploy script a token and an application id, the console nothing.
 */
export function readConfig(
  env: NodeJS.ProcessEnv = process.env,
  need: { token?: boolean; applicationId?: boolean } = {},
): ConfigCheck {
  const problems: ConfigProblem[] = [];
  const token = clean(env.DISCORD_TOKEN);
  const applicationId = clean(env.DISCORD_APPLICATION_ID);
  const guildId = clean(env.DISCORD_GUILD_ID);
  const apiUrl = clean(env.DISCORD_API_URL);
  const logLevel = clean(env.LOG_LEVEL) ?? 'info';

  if (need.token && !token) {
    problems.push({
      variable: 'DISCORD_TOKEN',
      message:
        'DISCORD_TOKEN is not set: copy the bot token from the Developer Portal (Bot → Reset Token) into .env.',
    });
  } else if (token && !TOKEN_SHAPE.test(token.replace(/^Bot\s+/i, ''))) {
    problems.push({
      variable: 'DISCORD_TOKEN',
      message:
        'DISCORD_TOKEN does not look like a bot token (three parts separated by dots). Paste the token from Bot → Reset Token, without quotes.',
    });
  }
  if (need.applicationId && !applicationId) {
    problems.push({
      variable: 'DISCORD_APPLICATION_ID',
      message:
        'DISCORD_APPLICATION_ID is not set: copy the Application ID from the General Information page.',
    });
  } else if (applicationId && !SNOWFLAKE.test(applicationId)) {
    problems.push({
      variable: 'DISCORD_APPLICATION_ID',
      message: 'DISCORD_APPLICATION_ID must be the Application ID, a number of 17-20 digits.',
    });
  }
  if (guildId && !SNOWFLAKE.test(guildId)) {
    problems.push({
      variable: 'DISCORD_GUILD_ID',
      message:
        'DISCORD_GUILD_ID must be a server id, a number of 17-20 digits (right-click the server → Copy Server ID), or left empty.',
    });
  }
  if (apiUrl) {
    let url: URL | undefined;
    try {
      url = new URL(apiUrl);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      problems.push({
        variable: 'DISCORD_API_URL',
        message: 'DISCORD_API_URL must be an http(s) URL such as http://127.0.0.1:8080/api, or left empty.',
      });
    }
  }
  if (!LOG_LEVELS.has(logLevel)) {
    problems.push({
      variable: 'LOG_LEVEL',
      message: `LOG_LEVEL must be one of ${[...LOG_LEVELS].join(', ')}.`,
    });
  }
  const ownerIds = (clean(env.BOT_OWNER_IDS) ?? '').split(/[\s,]+/).filter(Boolean);
  if (ownerIds.some((id) => !SNOWFLAKE.test(id))) {
    problems.push({
      variable: 'BOT_OWNER_IDS',
      message:
        'BOT_OWNER_IDS must be user ids (numbers of 17-20 digits), separated by commas, or left empty.',
    });
  }
  const databaseUrl = clean(env.DATABASE_URL);
  if (databaseUrl && !/^postgres(ql)?:\/\/\S+$/i.test(databaseUrl)) {
    problems.push({
      variable: 'DATABASE_URL',
      message:
        'DATABASE_URL must be a PostgreSQL URL such as postgres://citebot:password@db.example:5432/citebot, or left empty (SQLite at DATABASE_PATH).',
    });
  }
  const limits = readLimitsConfig(env);
  if (!limits.ok) problems.push(...limits.problems);
  if (problems.length > 0 || !limits.ok) return { ok: false, problems };
  return {
    ok: true,
    config: {
      token: token?.replace(/^Bot\s+/i, ''),
      applicationId,
      guildId,
      apiUrl: apiUrl?.replace(/\/+$/, ''),
      knowledgeDir: knowledgeDirFrom(env),
      logLevel,
      databasePath: databasePathFrom(env),
      ...(databaseUrl ? { databaseUrl } : {}),
      watchKnowledge: knowledgeWatchEnabled(env),
      limits: limits.config,
      ownerIds,
      autoAnswer: switchedOn(env.AUTO_ANSWER),
    },
  };
}

/** KNOWLEDGE_DIR, default `knowledge` (also what `npm run ask` reads when no --knowledge is given). */
export function knowledgeDirFrom(env: NodeJS.ProcessEnv): string {
  return clean(env.KNOWLEDGE_DIR) ?? 'knowledge';
}

export const DEFAULT_DATABASE_PATH = './data/citebot.sqlite';

export function databasePathFrom(env: NodeJS.ProcessEnv = process.env): string {
  return env.DATABASE_PATH?.trim() || DEFAULT_DATABASE_PATH;
}

/** 1, true, yes or on (any case); anything else, or unset, is off. */
function switchedOn(value: string | undefined): boolean {
  return /^(1|true|yes|on)$/i.test(value?.trim() ?? '');
}

/** `KNOWLEDGE_WATCH=1` (or true/yes/on) turns the watcher on; off by default. */
export function knowledgeWatchEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return switchedOn(env.KNOWLEDGE_WATCH);
}

/** The local console's reply language, from the terminal's locale variables. */
export function consoleLocale(env: NodeJS.ProcessEnv = process.env): string {
  const lang = (env.LC_ALL || env.LC_MESSAGES || env.LANG || '').toLowerCase();
  if (/^zh[_-](tw|hk|mo)|^zh[_-]hant/.test(lang)) return 'zh-TW';
  if (lang.startsWith('zh')) return 'zh-CN';
  return 'en-US';
}

/** `npm run start:sharded`: SHARD_COUNT (else Discord's recommendation) and the pause between shards. */
export interface ShardConfig {
  shardCount?: number;
  /** SHARD_SPAWN_DELAY_MS: Discord allows one IDENTIFY per 5 s per max_concurrency bucket; local fakes can go faster. */
  spawnDelayMs?: number;
}

/** A whole number of at least `min` from the environment, or a message naming the variable. */
function wholeNumber(name: string, value: string | undefined, min: number): number | string | undefined {
  const trimmed = value?.trim();
  if (!trimmed) return undefined;
  if (!/^\d+$/.test(trimmed) || Number(trimmed) < min)
    return `${name} must be a whole number of at least ${min}, or left empty.`;
  return Number(trimmed);
}

export function readShardConfig(env: NodeJS.ProcessEnv = process.env): {
  config: ShardConfig;
  problems: string[];
} {
  const shardCount = wholeNumber('SHARD_COUNT', env.SHARD_COUNT, 1);
  const spawnDelay = wholeNumber('SHARD_SPAWN_DELAY_MS', env.SHARD_SPAWN_DELAY_MS, 0);
  return {
    config: {
      ...(typeof shardCount === 'number' ? { shardCount } : {}),
      ...(typeof spawnDelay === 'number' ? { spawnDelayMs: spawnDelay } : {}),
    },
    problems: [shardCount, spawnDelay].filter((value): value is string => typeof value === 'string'),
  };
}

export interface LimitsConfig {
  /** Per member (by user id, across servers and DMs): asks back to back. */
  askBurst: number;
  /** Seconds a member earns one ask back. */
  askCooldownSeconds: number;
  /** Per server: answers per minute, all members together. */
  guildAsksPerMinute: number;
  /** Per server: pin additions, edits, removals and imports per hour. */
  guildPinChangesPerHour: number;
  /** Keys each limiter tracks at most. */
  maxTrackedKeys: number;
}

/** Defaults: a member can ask 3 questions at once, then one every 10 s; a server 120 a minute. */
export const DEFAULT_LIMITS: LimitsConfig = {
  askBurst: 3,
  askCooldownSeconds: 10,
  guildAsksPerMinute: 120,
  guildPinChangesPerHour: 60,
  maxTrackedKeys: 100_000,
};

const LIMIT_VARIABLES: Record<keyof LimitsConfig, string> = {
  askBurst: 'ASK_BURST',
  askCooldownSeconds: 'ASK_COOLDOWN_SECONDS',
  guildAsksPerMinute: 'GUILD_ASKS_PER_MINUTE',
  guildPinChangesPerHour: 'GUILD_PIN_CHANGES_PER_HOUR',
  maxTrackedKeys: 'LIMITS_MAX_TRACKED',
};

export interface LimitsConfigProblem {
  variable: string;
  message: string;
}

/**
 * Reads the limits from the environment; unset means the default, 0 turns a limit off (except
 * LIMITS_MAX_TRACKED). A malformed value is a problem naming its variable.
 */
export function readLimitsConfig(
  env: NodeJS.ProcessEnv = process.env,
): { ok: true; config: LimitsConfig } | { ok: false; problems: LimitsConfigProblem[] } {
  const config: LimitsConfig = { ...DEFAULT_LIMITS };
  const problems: LimitsConfigProblem[] = [];
  for (const [field, variable] of Object.entries(LIMIT_VARIABLES) as [keyof LimitsConfig, string][]) {
    const raw = env[variable]?.trim();
    if (!raw) continue;
    const value = Number(raw);
    const min = field === 'maxTrackedKeys' ? 1 : 0;
    if (!/^\d+(\.\d+)?$/.test(raw) || !Number.isFinite(value) || value < min) {
      problems.push({
        variable,
        message: `${variable} must be a number ≥ ${min} (0 turns the limit off), not "${raw.slice(0, 20)}".`,
      });
      continue;
    }
    config[field] = field === 'askCooldownSeconds' ? value : Math.floor(value);
  }
  if (config.askBurst > 0 && config.askCooldownSeconds === 0) {
    // A burst with no cooldown refills instantly: no limit. Say so rather than divide by zero.
    config.askBurst = 0;
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, config };
}

/** `npm run start:http`: where to listen for Discord's interaction requests, and the key that signs them. */
export interface HttpConfig {
  /** HOST, default 0.0.0.0. */
  host: string;
  /** PORT, default 8080. */
  port: number;
  /** DISCORD_PUBLIC_KEY: the application's Ed25519 public key, 64 hex characters (General Information). */
  publicKey: string;
}

export function readHttpConfig(
  env: NodeJS.ProcessEnv = process.env,
): { ok: true; config: HttpConfig } | { ok: false; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const host = clean(env.HOST) ?? '0.0.0.0';
  const port = wholeNumber('PORT', env.PORT, 0);
  if (typeof port === 'string' || (typeof port === 'number' && port > 65_535))
    problems.push({
      variable: 'PORT',
      message: 'PORT must be a port number (0-65535), or left empty for 8080.',
    });
  const publicKey = clean(env.DISCORD_PUBLIC_KEY)?.toLowerCase();
  if (!publicKey || !/^[0-9a-f]{64}$/.test(publicKey)) {
    problems.push({
      variable: 'DISCORD_PUBLIC_KEY',
      message:
        'DISCORD_PUBLIC_KEY must be the Public Key from the Developer Portal (General Information), 64 hexadecimal characters.',
    });
  }
  if (problems.length > 0 || !publicKey) return { ok: false, problems };
  return { ok: true, config: { host, port: typeof port === 'number' ? port : 8080, publicKey } };
}
