/**
 * What a member asked, without the chat's markup around it. A question typed in Discord may carry
 * pings (@everyone, <@id>), custom emoji, markdown emphasis, spoilers, code marks or a link written
 * as [text](url): none of it is part of the question, and left in, the engine reads "everyone",
 * role ids or "https" as words the article lacks and withholds answers it has.
 */

/** Discord's mention and emoji syntax: users, roles, channels, slash commands, custom emoji. */
const DISCORD_TOKEN = /<(?:@[!&]?\d+|#\d+|\/[^\s:<>]+:\d+|a?:\w+:\d+)>/g;
/** @everyone and @here, however they are cased. */
const MASS_PING = /@(?:everyone|here)\b/gi;
/** A markdown link: only its text is what the member wrote. */
const LINK = /\[([^\]\n]*)\]\(\s*<?[^)\s>]*>?\s*\)/g;
/** An autolink without the link syntax: <https://…> keeps the address. */
const ANGLE_LINK = /<(https?:\/\/[^\s>]+)>/g;
/** Emphasis, strike-through, spoilers and code marks that come in pairs (**x**, __x__, ~~x~~, ||x||, `x`). */
const PAIRED_MARKS = /(\*\*|__|~~|\|\||`+)(?=\S)([\s\S]*?\S)\1/g;
/** Single * or _ emphasis around a phrase, not inside a word (snake_case, 2*3). */
const SINGLE_EMPHASIS = /(^|[^\p{L}\p{N}*_])([*_])(?=\S)([^*_\n]*?[^\s*_])\2(?![\p{L}\p{N}])/gu;
/** Block quote, heading and subtext marks at the start of a line. */
const LINE_MARKS = /^[ \t]*(?:>{1,3}|#{1,3}|-#)[ \t]+/gm;

/** The question a member typed, as plain text: markup gone, whitespace collapsed. */
export function plainQuestion(typed: string): string {
  return typed
    .replace(DISCORD_TOKEN, ' ')
    .replace(MASS_PING, ' ')
    .replace(LINK, '$1')
    .replace(ANGLE_LINK, '$1')
    .replace(PAIRED_MARKS, '$2')
    .replace(SINGLE_EMPHASIS, '$1$3')
    .replace(LINE_MARKS, '')
    .replace(/\s+/g, ' ')
    .trim();
}
