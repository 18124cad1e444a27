import { ComponentType, type APIEmbed, type APIEmbedField } from 'discord-api-types/v10';
import { glossAnswer } from '../../src/answer/gloss.ts';
import { answerLevel } from '../../src/answer/level.ts';
import type { AnswerResult, Citation, Engine, Passage, PinIndex, PinnedFact } from '../../src/engine.ts';
import type { CommandRequest, CommandResponse, ReplyData } from '../../src/interactions/contract.ts';
import {
  citedPassage,
  COLORS,
  discordDate,
  passageLabel,
  passageRef,
} from '../../src/interactions/formatting.ts';
import { COMMON_TEXTS, levelText, pick, replyLanguage } from '../../src/interactions/i18n.ts';
import {
  DISCORD_LIMITS,
  escapeUserText,
  reply,
  truncateText,
  unescapeUserText,
} from '../../src/interactions/reply.ts';
import { answerButtons } from './ids.ts';
import { ANSWER_TEXTS } from './texts.ts';

/**
 * How answers look, shared by /ask, the "Answer from article" menu and @mentions. Quoted passages
 * stay verbatim: only user text (the question, names) is escaped.
 */

/**
 * Every answer embed's title is the question after this mark. A custom id (100 characters) cannot
 * carry a question of up to 500, so the buttons under an answer read it back from the title:
 * written by `questionTitle`, read by `questionOf`, here together.
 */
const QUESTION_MARK = '❓ ';

export function questionTitle(question: string): string {
  return truncateText(
    QUESTION_MARK + escapeUserText(question.replace(/\s+/g, ' ').trim()),
    DISCORD_LIMITS.embedTitle,
  );
}

/** The question an answer message was for, read back from its embed title. */
export function questionOf(request: Pick<CommandRequest, 'targetMessage'>): string | undefined {
  const title = request.targetMessage?.embeds?.[0]?.title;
  if (!title?.startsWith(QUESTION_MARK)) return undefined;
  return unescapeUserText(title.slice(QUESTION_MARK.length)).replace(/…$/, '');
}

export interface AnswerContext {
  /** The guild's pins, if the store could give them. */
  pins?: PinIndex;
  pinsUnavailable: boolean;
}

function citationLabel(citation: Citation, engine: Pick<Engine, 'articles'>, locale: string): string {
  if (citation.pin) return pick(locale, ANSWER_TEXTS.pinned);
  return passageLabel(citedPassage(citation), engine);
}

function regexEscape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The answer sentence with the question's key words in bold. Terms are matched case-insensitively
 * on the verbatim text; the text between them is only markdown-escaped, never changed.
 */
export function boldKeyWords(text: string, terms: readonly string[]): string {
  const usable = [...new Set(terms.filter((term) => term.trim().length > 0))].sort(
    (a, b) => b.length - a.length,
  );
  if (usable.length === 0) return escapeMarkdownOnly(text);
  const pattern = new RegExp(usable.map(regexEscape).join('|'), 'giu');
  let out = '';
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    out += escapeMarkdownOnly(text.slice(last, match.index));
    out += `**${escapeMarkdownOnly(match[0])}**`;
    last = match.index + match[0].length;
  }
  return (out + escapeMarkdownOnly(text.slice(last))).replace(/\*\*\*\*/g, '');
}

/** Escapes what would change how article text renders, without touching its letters. */
function escapeMarkdownOnly(text: string): string {
  return text.replace(/[\\*_~`|]/g, '\\$&');
}

function quote(text: string): string {
  return text
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n');
}

/** Whether the answer quoted is the whole passage (whitespace aside). */
function isWholePassage(answer: string, passage: string): boolean {
  const squeeze = (text: string) => text.replace(/\s+/g, '');
  return answer.trim() !== '' && squeeze(answer) === squeeze(passage);
}

/** "Pinned by who when · source" under a pin, in answers and in /pin post. */
export function pinByline(pin: PinnedFact, locale: string): string {
  const who = escapeUserText(pin.createdByName ?? pin.createdBy);
  let line = pick(locale, ANSWER_TEXTS.pinnedBy, { who, when: discordDate(pin.createdAt, 'long') });
  if (pin.sourceUrl) line += ` · [${pick(locale, ANSWER_TEXTS.pinSource)}](${pin.sourceUrl})`;
  return line;
}

function sourceLine(citation: Citation, engine: Engine): string {
  const article = engine.articles.find((candidate) => candidate.id === citation.source);
  const title = escapeMarkdownOnly(citation.title);
  const linked = citation.url ? `[${title}](${citation.url})` : title;
  const extra = [article?.author, article?.date].filter(Boolean).join(', ');
  return extra ? `${linked} — ${escapeMarkdownOnly(extra)}` : linked;
}

/** The citation as an embed field: the full passage (or pin) verbatim, with who pinned it for pins. */
export function citationField(citation: Citation, engine: Engine, locale: string): APIEmbedField {
  if (citation.pin) {
    const byline = pinByline(citation.pin, locale);
    // Every reply breaks mentions with a zero-width space (one character more each), after this
    // field is sized: leave room for them, or the clamp to 1024 would cut the byline off.
    const mentions = `${citation.text}\n${byline}`.match(/@(everyone|here)|<@[!&]?\d+>/g)?.length ?? 0;
    const room = DISCORD_LIMITS.fieldValue - byline.length - 1 - mentions;
    return {
      name: pick(locale, ANSWER_TEXTS.pinned),
      value: `${truncateText(citation.text, room)}\n${byline}`,
    };
  }
  return {
    name: citationLabel(citation, engine, locale),
    value: truncateText(citation.text, DISCORD_LIMITS.fieldValue),
  };
}

export interface RenderOptions {
  ephemeral?: boolean;
  /** `/ask mention:` — the one user this reply may notify. */
  mentionUserId?: string;
  /** `/ask mention: hide:true`: the mention was dropped (only the asker sees the reply); say so. */
  mentionDropped?: boolean;
  /** Context menu: the message being answered, linked above the answer. */
  answering?: { url: string; author: string };
}

/** The embed + buttons for an answer (or an abstention with the closest passages). */
export function renderAnswer(
  result: AnswerResult,
  request: Pick<CommandRequest, 'locale' | 'guildId'>,
  engine: Engine,
  context: AnswerContext,
  options: RenderOptions = {},
): CommandResponse {
  const locale = request.locale;
  const embed: APIEmbed = { title: questionTitle(result.question) };
  const top = result.citations[0];
  if (result.answered && top) {
    const answerText = boldKeyWords(result.answer || top.text, result.matchedTerms);
    embed.color = top.pin ? COLORS.pin : COLORS.answer;
    const level = levelText(answerLevel(result, engine.threshold), engine.articles.length, locale);
    // English askers get the Chinese answer's key terms glossed under the quote.
    const glosses = replyLanguage(locale) === 'en' ? glossAnswer(result.answer, result.question) : [];
    const glossLine = glosses.map((g) => `${g.chinese} — ${escapeMarkdownOnly(g.english)}`).join(' · ');
    const head = `**${level}**\n`;
    const tail = glossLine ? `\n${glossLine}` : '';
    embed.description = head + truncateText(quote(answerText), 1500 - head.length - tail.length) + tail;
    const source = { name: pick(locale, ANSWER_TEXTS.source), value: sourceLine(top, engine) };
    if (!top.pin && isWholePassage(result.answer, top.text)) {
      // The quote is the whole passage already (a one-sentence passage): the passage's field names
      // it and its source instead of repeating it.
      embed.fields = [{ name: citationLabel(top, engine, locale), value: source.value }];
    } else {
      embed.fields = [citationField(top, engine, locale)];
      if (!top.pin) embed.fields.push(source);
    }
  } else {
    embed.color = COLORS.abstain;
    const suggestions = result.citations.slice(0, 3);
    if (suggestions.length === 0) {
      const level = levelText('none', engine.articles.length, locale);
      embed.description = pick(locale, ANSWER_TEXTS.nothingClose, { level });
    } else {
      // "Not in the article" only when the closest passage is unlikely to say it (answer/level.ts).
      const level = levelText(answerLevel(result, engine.threshold), engine.articles.length, locale);
      embed.description = pick(locale, ANSWER_TEXTS.notCovered, { level });
      embed.fields = suggestions.map((citation) => ({
        name: citationLabel(citation, engine, locale),
        value: truncateText(citation.text, 300),
      }));
    }
  }
  const notes: string[] = [];
  if (context.pinsUnavailable) notes.push(pick(locale, COMMON_TEXTS.pinsUnavailable));
  if (notes.length > 0) embed.footer = { text: notes.join('\n') };

  const lines: string[] = [];
  if (options.answering) {
    lines.push(
      pick(locale, ANSWER_TEXTS.replyingTo, {
        link: `[${pick(locale, ANSWER_TEXTS.message)}](${options.answering.url})`,
        author: escapeUserText(options.answering.author),
      }),
    );
  }
  if (options.mentionUserId)
    lines.push(pick(locale, ANSWER_TEXTS.forYou, { user: `<@${options.mentionUserId}>` }));
  if (options.mentionDropped) lines.push(pick(locale, ANSWER_TEXTS.mentionDropped));
  const buttons = answerButtons(result, request);
  const data: ReplyData = {
    ...(lines.length > 0 ? { content: lines.join('\n') } : {}),
    embeds: [embed],
    components: buttons.length > 0 ? [{ type: ComponentType.ActionRow, components: buttons }] : [],
  };
  return reply(data, {
    ephemeral: options.ephemeral,
    mentionUsers: options.mentionUserId ? [options.mentionUserId] : undefined,
  });
}

/** A passage with the ones before and after it, the passage itself in bold. */
export function renderPassageWithNeighbours(passage: Passage, engine: Engine): APIEmbed {
  const { previous, next } = engine.neighbours(passage.key);
  const article = engine.articles.find((candidate) => candidate.id === passage.articleId);
  const parts: string[] = [];
  if (previous) parts.push(`${passageRef(previous, engine)} ${truncateText(previous.text, 1000)}`);
  parts.push(`**${passageLabel(passage, engine)}**\n${quote(passage.text)}`);
  if (next) parts.push(`${passageRef(next, engine)} ${truncateText(next.text, 1000)}`);
  return {
    title: truncateText(article?.title ?? passage.articleId, DISCORD_LIMITS.embedTitle),
    ...(article?.url ? { url: article.url } : {}),
    description: truncateText(parts.join('\n\n'), DISCORD_LIMITS.embedDescription),
    color: COLORS.answer,
  };
}
