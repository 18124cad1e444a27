/**
 * Discord ids (snowflakes), in one place. Discord sends 17–20 digits today; what an operator
 * configures may be shorter, so local fakes can use short test ids.
 */
export const DISCORD_ID = /^\d{17,20}$/;

/** Ids in the configuration (BOT_OWNER_IDS, DISCORD_GUILD_ID, …): any run of up to 20 digits. */
export const CONFIGURED_ID = /^\d{1,20}$/;
