import { readLimitsConfig, type LimitsConfig } from './limits/cooldown.ts';
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
  databasePath?: string;
  /** KNOWLEDGE_WATCH: reload the articles when files in the knowledge folder change. */
  watchKnowledge?: boolean;
  /** Cooldowns and quotas (ASK_BURST, ASK_COOLDOWN_SECONDS, …); absent means none are applied. */
  limits?: LimitsConfig;
  /** BOT_OWNER_IDS: users who may run /reload (comma separated). */
  ownerIds?: string[];
}

export interface ConfigProblem {
  variable: string;
  message: string;
}

export type ConfigCheck = { ok: true; config: BotConfig } | { ok: false; problems: ConfigProblem[] };

// Discord ids are 17-20 digits today; any run of digits is accepted so local fakes can use short ones.
const SNOWFLAKE = /^\d{1,20}$/;
const LOG_LEVELS = new Set(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);
// Catches the usual paste mistakes (quotes, spaces, a line break) without ever echoing the value.
// The three-part shape of real tokens is not enforced: local fakes use short test tokens.
const TOKEN_SHAPE = /^[^\s'"`]+$/;

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
      message: 'DISCORD_APPLICATION_ID must be a number (the Application ID, 17-20 digits).',
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
      message: 'BOT_OWNER_IDS must be user ids (numbers), separated by commas, or left empty.',
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
      knowledgeDir: clean(env.KNOWLEDGE_DIR) ?? 'knowledge',
      logLevel,
      databasePath: clean(env.DATABASE_PATH),
      watchKnowledge: /^(1|true|yes|on)$/i.test(clean(env.KNOWLEDGE_WATCH) ?? ''),
      limits: limits.config,
      ownerIds,
    },
  };
}

/** Languages replies are written in; quoted passages stay as the article wrote them. */
export type ReplyLanguage = 'en' | 'zh-CN' | 'zh-TW';

export function replyLanguage(locale: string | undefined): ReplyLanguage {
  if (locale === 'zh-CN') return 'zh-CN';
  if (locale === 'zh-TW' || locale === 'zh-HK') return 'zh-TW';
  return 'en';
}
