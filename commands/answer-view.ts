import {
  ButtonStyle,
  ComponentType,
  type APIButtonComponent,
  type APIEmbed,
  type APIEmbedField,
} from 'discord-api-types/v10';
import type { AnswerResult, Citation, Passage, PinnedFact } from '../src/engine.ts';
import { discordRelativeTime } from '../src/limits/cooldown.ts';
import type { PinIndex } from '../src/engine.ts';
import { COMMON_TEXTS, pick, type Texts } from './i18n.ts';
import { DISCORD_LIMITS, escapeUserText, reply, truncateText, unescapeUserText } from './reply.ts';
import type { CommandRequest, CommandResponse, ReplyData, Services } from './types.ts';

/**
 * How answers look, shared by /ask, the "Answer from article" menu and @mentions. Quoted passages
 * stay verbatim: only user text (the question, names) is escaped.
 */

export const ANSWER_TEXTS = {
  notCovered: {
    en: "The article doesn't say. The closest passages:",
    'zh-CN': '文章没有提到这一点。最接近的段落：',
    'zh-TW': '文章沒有提到這一點。最接近的段落：',
  },
  nothingClose: {
    en: "The article doesn't say, and nothing in it comes close.",
    'zh-CN': '文章没有提到这一点，也没有相近的内容。',
    'zh-TW': '文章沒有提到這一點，也沒有相近的內容。',
  },
  source: { en: 'Source', 'zh-CN': '来源', 'zh-TW': '來源' },
  confidence: { en: 'Confidence', 'zh-CN': '把握', 'zh-TW': '把握' },
  high: { en: 'High', 'zh-CN': '高', 'zh-TW': '高' },
  medium: { en: 'Medium', 'zh-CN': '中', 'zh-TW': '中' },
  low: { en: 'Low — check the passage', 'zh-CN': '低——请核对原文', 'zh-TW': '低——請核對原文' },
  pinned: { en: '📌 pinned by moderators', 'zh-CN': '📌 管理员置顶', 'zh-TW': '📌 管理員置頂' },
  pinnedBy: {
    en: 'Pinned by {who} {when}',
    'zh-CN': '由 {who} 于 {when} 置顶',
    'zh-TW': '由 {who} 於 {when} 置頂',
  },
  pinSource: { en: 'source', 'zh-CN': '出处', 'zh-TW': '出處' },
  moreSources: { en: 'More sources', 'zh-CN': '更多来源', 'zh-TW': '更多來源' },
  showPassage: { en: 'Show passage', 'zh-CN': '查看段落', 'zh-TW': '查看段落' },
  forYou: {
    en: '{user}, this answer is for you:',
    'zh-CN': '{user}，这是给你的回答：',
    'zh-TW': '{user}，這是給你的回答：',
  },
  replyingTo: {
    en: '↪ Answering {link} by {author}',
    'zh-CN': '↪ 回答 {author} 的{link}',
    'zh-TW': '↪ 回答 {author} 的{link}',
  },
  message: { en: 'message', 'zh-CN': '消息', 'zh-TW': '訊息' },
  noMoreSources: {
    en: 'No other passages match this question.',
    'zh-CN': '没有其他段落与这个问题相关。',
    'zh-TW': '沒有其他段落與這個問題相關。',
  },
  moreTitle: {
    en: 'More sources for: {question}',
    'zh-CN': '更多来源：{question}',
    'zh-TW': '更多來源：{question}',
  },
  passageGone: {
    en: 'That passage is no longer in the knowledge (the articles changed). Ask again.',
    'zh-CN': '这个段落已不在知识库中（文章已更新）。请重新提问。',
    'zh-TW': '這個段落已不在知識庫中（文章已更新）。請重新提問。',
  },
  thanksHelpful: {
    en: 'Thanks — noted that this answer helped 👍',
    'zh-CN': '谢谢——已记录：这个回答有帮助 👍',
    'zh-TW': '謝謝——已記錄：這個回答有幫助 👍',
  },
  thanksUnhelpful: {
    en: "Thanks — noted that this answer didn't help 👎. Moderators see such questions in /insights.",
    'zh-CN': '谢谢——已记录：这个回答没有帮助 👎。管理员会在 /insights 中看到这类问题。',
    'zh-TW': '謝謝——已記錄：這個回答沒有幫助 👎。管理員會在 /insights 中看到這類問題。',
  },
  feedbackGuildOnly: {
    en: 'Feedback is only kept in servers. Thanks anyway!',
    'zh-CN': '反馈只在服务器中记录。仍然感谢你！',
    'zh-TW': '回饋只在伺服器中記錄。仍然感謝你！',
  },
  emptyQuestion: {
    en: 'Ask me something about the articles, e.g. "@citebot how many contributors does PyTorch have?" — or use /help.',
    'zh-CN': '请问我关于文章的问题，例如“@citebot PyTorch 有多少贡献者？”——或使用 /help。',
    'zh-TW': '請問我關於文章的問題，例如「@citebot PyTorch 有多少貢獻者？」——或使用 /help。',
  },
} satisfies Record<string, Texts>;

/** Every answer embed's title starts with this, so buttons can read the question back. */
const QUESTION_MARK = '❓ ';
const ANSWER_COLOR = 0x5865f2;
const ABSTAIN_COLOR = 0x99aab5;
const PIN_COLOR = 0xf1c40f;

export function passageLabel(passage: { id: string; section?: string }): string {
  return passage.section ? `§${passage.id} · ${passage.section}` : `§${passage.id}`;
}

function citationLabel(citation: Citation, locale: string): string {
  if (citation.pin) return pick(locale, ANSWER_TEXTS.pinned);
  return passageLabel({ id: citation.passage, section: citation.section });
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

function confidenceHint(confidence: number, locale: string): string {
  const level = confidence >= 0.8 ? 'high' : confidence >= 0.6 ? 'medium' : 'low';
  return `${pick(locale, ANSWER_TEXTS[level])} (${confidence.toFixed(2)})`;
}

function discordTime(iso: string): string {
  const seconds = Math.floor(Date.parse(iso) / 1000);
  return Number.isFinite(seconds) ? `<t:${seconds}:D>` : iso;
}

function pinByline(pin: PinnedFact, locale: string): string {
  const who = escapeUserText(pin.createdByName ?? pin.createdBy);
  let line = pick(locale, ANSWER_TEXTS.pinnedBy, { who, when: discordTime(pin.createdAt) });
  if (pin.sourceUrl) line += ` · [${pick(locale, ANSWER_TEXTS.pinSource)}](${pin.sourceUrl})`;
  return line;
}

function sourceLine(citation: Citation, services: Services): string {
  const article = services.engine.articles.find((candidate) => candidate.id === citation.source);
  const title = escapeMarkdownOnly(citation.title);
  const linked = citation.url ? `[${title}](${citation.url})` : title;
  const extra = [article?.author, article?.date].filter(Boolean).join(', ');
  return extra ? `${linked} — ${escapeMarkdownOnly(extra)}` : linked;
}

/** The citation as an embed field: the full passage (or pin) verbatim, with who pinned it for pins. */
export function citationField(citation: Citation, services: Services, locale: string): APIEmbedField {
  if (citation.pin) {
    const byline = pinByline(citation.pin, locale);
    const room = DISCORD_LIMITS.fieldValue - byline.length - 1;
    return {
      name: pick(locale, ANSWER_TEXTS.pinned),
      value: `${truncateText(citation.text, room)}\n${byline}`,
    };
  }
  return {
    name: citationLabel(citation, locale),
    value: truncateText(citation.text, DISCORD_LIMITS.fieldValue),
  };
}

export interface AnswerContext {
  /** The guild's pins, if the store could give them. */
  pins?: PinIndex;
  pinsUnavailable: boolean;
}

/** The guild's pins for search; a failing store is logged and answers go on from the articles. */
export function pinsFor(
  request: Pick<CommandRequest, 'guildId'>,
  services: Pick<Services, 'pinIndexFor' | 'logger'>,
): AnswerContext {
  if (!request.guildId) return { pinsUnavailable: false };
  if (!services.pinIndexFor) return { pinsUnavailable: true };
  try {
    return { pins: services.pinIndexFor(request.guildId), pinsUnavailable: false };
  } catch (error) {
    services.logger.warn({ err: error, guildId: request.guildId }, 'pins unavailable');
    return { pinsUnavailable: true };
  }
}

function recordQuestion(request: CommandRequest, services: Services, result: AnswerResult): void {
  if (!request.guildId || !services.store) return;
  try {
    services.store.recordQuestion(request.guildId, result.question, result.answered);
  } catch (error) {
    services.logger.warn({ err: error, guildId: request.guildId }, 'could not record question');
  }
}

function citedRef(citation: Citation | undefined): string {
  if (!citation) return '-';
  return citation.pin ? `pin-${citation.pin.id}` : (citation.key ?? citation.passage);
}

function button(
  customId: string,
  label: string,
  style: ButtonStyle.Primary | ButtonStyle.Secondary = ButtonStyle.Secondary,
  emoji?: string,
): APIButtonComponent {
  return {
    type: ComponentType.Button,
    custom_id: customId,
    label,
    style,
    ...(emoji ? { emoji: { name: emoji } } : {}),
  };
}

/** custom_ids carry only what fits in 100 characters; the question is read back from the embed title. */
export function answerButtons(result: AnswerResult, request: CommandRequest): APIButtonComponent[] {
  const buttons: APIButtonComponent[] = [];
  const top = result.citations[0];
  if (result.citations.length > 1 && result.answered) {
    buttons.push(button('ask:more', pick(request.locale, ANSWER_TEXTS.moreSources)));
  }
  const passageKey = top?.key ?? top?.pin?.passageKey;
  if (passageKey && `ask:show:${passageKey}`.length <= DISCORD_LIMITS.customId) {
    buttons.push(button(`ask:show:${passageKey}`, pick(request.locale, ANSWER_TEXTS.showPassage)));
  }
  if (request.guildId) {
    const cited = citedRef(top).slice(0, DISCORD_LIMITS.customId - 'ask:vote:u:'.length);
    buttons.push(button(`ask:vote:u:${cited}`, '', ButtonStyle.Secondary, '👍'));
    buttons.push(button(`ask:vote:d:${cited}`, '', ButtonStyle.Secondary, '👎'));
  }
  // Emoji-only buttons carry no label at all (Discord refuses an empty one).
  for (const b of buttons) if ('label' in b && b.label === '') delete b.label;
  return buttons;
}

export interface RenderOptions {
  ephemeral?: boolean;
  /** `/ask mention:` — the one user this reply may notify. */
  mentionUserId?: string;
  /** Context menu: the message being answered, linked above the answer. */
  answering?: { url: string; author: string };
}

/** The embed + buttons for an answer (or an abstention with the closest passages). */
export function renderAnswer(
  result: AnswerResult,
  request: CommandRequest,
  services: Services,
  context: AnswerContext,
  options: RenderOptions = {},
): CommandResponse {
  const locale = request.locale;
  const title = QUESTION_MARK + escapeUserText(result.question.replace(/\s+/g, ' ').trim());
  const embed: APIEmbed = { title: truncateText(title, DISCORD_LIMITS.embedTitle) };
  const top = result.citations[0];
  if (result.answered && top) {
    const answerText = boldKeyWords(result.answer || top.text, result.matchedTerms);
    embed.color = top.pin ? PIN_COLOR : ANSWER_COLOR;
    embed.description = truncateText(quote(answerText), 1500);
    embed.fields = [citationField(top, services, locale)];
    if (!top.pin)
      embed.fields.push({ name: pick(locale, ANSWER_TEXTS.source), value: sourceLine(top, services) });
    embed.fields.push({
      name: pick(locale, ANSWER_TEXTS.confidence),
      value: confidenceHint(result.confidence, locale),
      inline: true,
    });
  } else {
    embed.color = ABSTAIN_COLOR;
    const suggestions = result.citations.slice(0, 3);
    if (suggestions.length === 0) {
      embed.description = pick(locale, ANSWER_TEXTS.nothingClose);
    } else {
      embed.description = pick(locale, ANSWER_TEXTS.notCovered);
      embed.fields = suggestions.map((citation) => ({
        name: citationLabel(citation, locale),
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

/** Asks the engine with the guild's pins, records the question for /insights, renders the reply. */
export function answerQuestion(
  question: string,
  request: CommandRequest,
  services: Services,
  options: RenderOptions = {},
): CommandResponse {
  const trimmed = question.trim();
  if (!trimmed)
    return reply({ content: pick(request.locale, ANSWER_TEXTS.emptyQuestion) }, { ephemeral: true });
  const limited = services.limits?.ask(request.user.id, request.guildId);
  if (limited && !limited.ok) {
    const text = limited.limit === 'server' ? COMMON_TEXTS.serverBusy : COMMON_TEXTS.slowDown;
    return reply(
      { content: pick(request.locale, text, { when: discordRelativeTime(limited.retryAt) }) },
      { ephemeral: true },
    );
  }
  const context = pinsFor(request, services);
  const result = services.engine.ask(trimmed, { pins: context.pins });
  recordQuestion(request, services, result);
  services.logger.info(
    {
      kind: request.kind,
      guildId: request.guildId,
      answered: result.answered,
      confidence: result.confidence,
    },
    'answered',
  );
  return renderAnswer(result, request, services, context, options);
}

/** The question an answer message was for, read back from its embed title. */
export function questionOf(request: CommandRequest): string | undefined {
  const title = request.targetMessage?.embeds?.[0]?.title;
  if (!title?.startsWith(QUESTION_MARK)) return undefined;
  return unescapeUserText(title.slice(QUESTION_MARK.length)).replace(/…$/, '');
}

/** A passage with the ones before and after it, the passage itself in bold. */
export function renderPassageWithNeighbours(passage: Passage, services: Services): APIEmbed {
  const { previous, next } = services.engine.neighbours(passage.key);
  const article = services.engine.articles.find((candidate) => candidate.id === passage.articleId);
  const parts: string[] = [];
  if (previous) parts.push(`§${previous.id} ${truncateText(previous.text, 1000)}`);
  parts.push(`**${passageLabel(passage)}**\n${quote(passage.text)}`);
  if (next) parts.push(`§${next.id} ${truncateText(next.text, 1000)}`);
  return {
    title: truncateText(article?.title ?? passage.articleId, DISCORD_LIMITS.embedTitle),
    ...(article?.url ? { url: article.url } : {}),
    description: truncateText(parts.join('\n\n'), DISCORD_LIMITS.embedDescription),
    color: ANSWER_COLOR,
  };
}
