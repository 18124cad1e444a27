/** Discord ids (snowflakes), in one place: 17–20 digits, as Discord sends and the configuration takes them. */
export const DISCORD_ID = /^\d{17,20}$/;
