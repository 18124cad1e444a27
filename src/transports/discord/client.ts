import { Client, GatewayIntentBits, Options } from 'discord.js';
import type { BotConfig } from '../../config.ts';

/** Guilds for GUILD_CREATE, GuildMessages for @mentions (which carry content without MessageContent). */
export const BOT_INTENTS = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages];

/**
 * With AUTO_ANSWER the privileged Message Content intent too: a help channel's posts do not mention
 * the bot, so without it their text arrives empty. Requested only then (SECURITY.md).
 */
export function botIntents(config: Pick<BotConfig, 'autoAnswer'>): GatewayIntentBits[] {
  return config.autoAnswer ? [...BOT_INTENTS, GatewayIntentBits.MessageContent] : BOT_INTENTS;
}

/**
 * What discord.js keeps in memory. citebot reads everything it needs from each interaction or
 * message as it arrives, so it keeps no users, members, messages or presences: by default
 * discord.js caches every member who ever asked (10,000 members: +23 MB heap). Guilds, their
 * channels and roles stay (the gateway sends them once; permissions and routing use them), and
 * the bot's own user and member are kept.
 */
export const CACHE_LIMITS = Options.cacheWithLimits({
  ...Options.DefaultMakeCacheSettings,
  UserManager: { maxSize: 0, keepOverLimit: (user) => user.id === user.client.user?.id },
  GuildMemberManager: { maxSize: 0, keepOverLimit: (member) => member.id === member.client.user?.id },
  MessageManager: 0,
  PresenceManager: 0,
  ReactionManager: 0,
  ReactionUserManager: 0,
  ThreadMemberManager: 0,
  GuildEmojiManager: 0,
  GuildStickerManager: 0,
  GuildScheduledEventManager: 0,
  StageInstanceManager: 0,
  VoiceStateManager: 0,
  GuildInviteManager: 0,
  GuildBanManager: 0,
  AutoModerationRuleManager: 0,
  ApplicationCommandManager: 0,
  BaseGuildEmojiManager: 0,
  GuildForumThreadManager: 0,
  GuildTextThreadManager: 0,
});

export function createClient(config: Pick<BotConfig, 'apiUrl' | 'autoAnswer'>): Client {
  return new Client({
    intents: botIntents(config),
    makeCache: CACHE_LIMITS,
    // Threads the bot saw are swept an hour after they were archived (discord.js's default).
    sweepers: Options.DefaultSweeperSettings,
    rest: {
      // DISCORD_API_URL points REST (and through GET /gateway/bot, the gateway) at another server.
      ...(config.apiUrl ? { api: config.apiUrl } : {}),
      // The REST client keeps a request handler per route, and an interaction's routes hold its
      // token: one handler per interaction, swept when idle every hour by default (20,000
      // members asking grew the process by hundreds of MB). Idle handlers go after 10 s instead.
      handlerSweepInterval: 10_000,
    },
    // discord.js holds interactions back until every guild named in READY has arrived, waiting up
    // to this long after the last guild packet (default 15 s). Guild packets stream in quickly; a
    // guild that does not come (an outage, a gateway that never sends it) must not keep members'
    // questions waiting past Discord's 3 s.
    waitGuildTimeout: 1_000,
  });
}
