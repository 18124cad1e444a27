/** Markup and colours every command shares, so each is written once. */

/** Embed colours: answers, abstentions and pinned facts look the same wherever they appear. */
export const COLORS = {
  answer: 0x5865f2,
  abstain: 0x99aab5,
  pin: 0xf1c40f,
} as const;

/**
 * Discord's relative timestamp ("in 8 seconds", localized and counting down in the member's own
 * client). Rounded up, so it never says "now" before the bucket has refilled.
 */
export function discordRelativeTime(epochMs: number): string {
  return `<t:${Math.ceil(epochMs / 1000)}:R>`;
}

/**
 * An ISO date as Discord's date markup, shown in the member's own locale: `short` (`:d`, 28/11/2026)
 * in dense lists, `long` (`:D`, 28 November 2026) under an answer. Unparseable dates stay as written.
 */
export function discordDate(iso: string, style: 'short' | 'long'): string {
  const seconds = Math.floor(Date.parse(iso) / 1000);
  return Number.isFinite(seconds) ? `<t:${seconds}:${style === 'short' ? 'd' : 'D'}>` : iso;
}

/** How a passage is named everywhere: §12, with its section when it has one. */
export function passageLabel(passage: { id: string; section?: string }): string {
  return passage.section ? `§${passage.id} · ${passage.section}` : `§${passage.id}`;
}
