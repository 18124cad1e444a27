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

/** What names a passage: its article and its id within that article (a passage, or a citation's `source`/`passage`). */
export interface PassageName {
  articleId: string;
  id: string;
  section?: string;
}

/**
 * How members name a passage: §12 when one article is loaded; "pytorch-5th-birthday §12" when
 * several are, since ids restart in every article. /passage takes either form back.
 */
export function passageRef(passage: PassageName, knowledge: { articles: readonly unknown[] }): string {
  return knowledge.articles.length > 1 ? `${passage.articleId} §${passage.id}` : `§${passage.id}`;
}

/** A passage's name with its section when it has one: "§12 · 大牛追忆诞生历史". */
export function passageLabel(passage: PassageName, knowledge: { articles: readonly unknown[] }): string {
  const ref = passageRef(passage, knowledge);
  return passage.section ? `${ref} · ${passage.section}` : ref;
}

/** A citation's passage as `passageRef` and `passageLabel` take it. */
export function citedPassage(citation: { source: string; passage: string; section?: string }): PassageName {
  return {
    articleId: citation.source,
    id: citation.passage,
    ...(citation.section ? { section: citation.section } : {}),
  };
}
