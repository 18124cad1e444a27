import { normalizeText } from './normalize.ts';

/**
 * Greetings and thanks members wrap a question in ("大家好，想问一下…", "… thx"): no article answers
 * them, and alone ("thanks!") they must not find one ("thanks to" -> 由于 matched a passage at 1.0).
 * A general list of chat courtesies, in normalized (lowercase, simplified) text.
 */
export const CHAT_COURTESIES =
  /谢谢你?|多谢|谢啦|你好|您好|大家好|各位|请教一下|请教|想问一下|问一下|\b(?:thanks|thank you|thank|thx|tia|ty|please|pls|plz|hi|hello|hey|folks|guys)\b/g;

/**
 * The question as insights keep it: normalized, without the courtesies around it, so "大家好，想问一下
 * X？谢谢！" counts as the same question as "X？" (the store normalizes again; this is idempotent).
 */
export function questionWithoutCourtesies(question: string): string {
  return normalizeText(question)
    .replace(CHAT_COURTESIES, ' ')
    .replace(/^[\s,，.。!！?？;；:：、~～]+/u, '')
    .replace(/\s+/g, ' ')
    .trim();
}
