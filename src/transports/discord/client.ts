import { Client, GatewayIntentBits } from 'discord.js';
import type { BotConfig } from '../../config.ts';

/** Guilds for GUILD_CREATE, GuildMessages for @mentions (which carry content without MessageContent). */
export const BOT_INTENTS = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages];

export function createClient(config: Pick<BotConfig, 'apiUrl'>): Client {
  return new Client({
    intents: BOT_INTENTS,
    // DISCORD_API_URL points REST (and through GET /gateway/bot, the gateway) at another server.
    rest: config.apiUrl ? { api: config.apiUrl } : {},
    // discord.js holds interactions back until every guild named in READY has arrived, waiting up
    // to this long after the last guild packet (default 15 s). Guild packets stream in quickly; a
    // guild that does not come (an outage, a gateway that never sends it) must not keep members'
    // questions waiting past Discord's 3 s.
    waitGuildTimeout: 1_000,
  });
}
