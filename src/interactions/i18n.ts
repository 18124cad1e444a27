import type { LocalizationMap } from 'discord-api-types/v10';
import * as OpenCC from 'opencc-js';
import type { AnswerLevel } from '../answer/level.ts';

/** Languages replies are written in; quoted passages stay as the article wrote them. */
export type ReplyLanguage = 'en' | 'zh-CN' | 'zh-TW';

export function replyLanguage(locale: string | undefined): ReplyLanguage {
  if (locale === 'zh-CN') return 'zh-CN';
  if (locale === 'zh-TW' || locale === 'zh-HK') return 'zh-TW';
  return 'en';
}

/**
 * Whether a character is written differently in the other script, from OpenCC's character tables
 * alone: a lone character never matches a phrase, and the simplified -> traditional phrase table
 * (~50,000 phrases) costs about 18 MB of heap as a trie, a fifth of the bot's heap.
 * Each group is [phrases, characters].
 */
const [[, traditionalCharacters]] = OpenCC.Locale.to.cn;
const [[, simplifiedCharacters]] = OpenCC.Locale.from.cn;
const toSimplified = OpenCC.ConverterFactory([traditionalCharacters!]);
const toTraditional = OpenCC.ConverterFactory([simplifiedCharacters!]);

/** A character only traditional Chinese writes (貢), by OpenCC's tables. */
export const isTraditionalOnly = (char: string): boolean => toSimplified(char) !== char;
/** A character only simplified Chinese writes (贡), by OpenCC's tables. */
export const isSimplifiedOnly = (char: string): boolean => toTraditional(char) !== char;
const HAN = /\p{Script=Han}/u;

/**
 * The language a question is clearly written in, or undefined: Chinese when it has at least two Han
 * characters and more of them than Latin words ("PyTorch 有多少贡献者？"), Traditional when more of
 * its characters are traditional-only than simplified-only; English when it has at least two Latin
 * words and no Han character. Anything else (a number, "PyTorch?", a mix) is not clear.
 */
export function questionLanguage(text: string): ReplyLanguage | undefined {
  const han = Array.from(text).filter((char) => HAN.test(char));
  const latinWords = text.match(/[A-Za-z]{2,}/g)?.length ?? 0;
  if (han.length >= 2 && han.length > latinWords) {
    const traditional = han.filter(isTraditionalOnly).length;
    const simplified = han.filter(isSimplifiedOnly).length;
    return traditional > simplified ? 'zh-TW' : 'zh-CN';
  }
  if (han.length === 0 && latinWords >= 2) return 'en';
  return undefined;
}

/**
 * The locale a reply to this question is written for: the question's language when it is clear
 * (a Chinese question from an English client gets Chinese labels, and vice versa), else the
 * client's locale.
 */
export function replyLocale(question: string | undefined, locale: string): string {
  const language = question ? questionLanguage(question) : undefined;
  if (!language || language === replyLanguage(locale)) return locale;
  return language === 'en' ? 'en-US' : language;
}

/** One text in every reply language. Handlers keep their texts next to their code. */
export type Texts = Record<ReplyLanguage, string>;

const englishPlural = new Intl.PluralRules('en');

/**
 * The text for the user's locale (zh-CN, zh-TW/zh-HK, else English), with `{name}` filled in and
 * `{name|one|other}` the word for that count ("{count} {count|fact|facts}": English counts nouns).
 */
export function pick(locale: string, texts: Texts, vars: Record<string, string | number> = {}): string {
  const text = texts[replyLanguage(locale)];
  return text
    .replace(/\{(\w+)\|([^|{}]*)\|([^|{}]*)\}/g, (whole, name: string, one: string, other: string) =>
      typeof vars[name] === 'number' ? (englishPlural.select(vars[name]) === 'one' ? one : other) : whole,
    )
    .replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

/** For builders' `setNameLocalizations` / `setDescriptionLocalizations` (en-US is the default text). */
export function localizations(texts: Texts): LocalizationMap {
  return { 'zh-CN': texts['zh-CN'], 'zh-TW': texts['zh-TW'] };
}

/**
 * The one wording of how sure an answer is, on Discord, in the console and in `npm run ask`
 * (answer/level.ts decides the level from the calibrated confidence; the number is only in JSON).
 */
export const LEVEL_TEXTS = {
  answer: { en: 'Answer', 'zh-CN': '回答（置信度高）', 'zh-TW': '回答（可信度高）' },
  possible: {
    en: 'Possible answer — check the passage',
    'zh-CN': '可能的回答（置信度较低）——请核对原文',
    'zh-TW': '可能的回答（可信度較低）——請核對原文',
  },
  unsure: { en: 'No sure answer', 'zh-CN': '没有把握回答', 'zh-TW': '沒有把握回答' },
  noneMany: { en: 'Not in the articles', 'zh-CN': '各篇文章都没有提到', 'zh-TW': '各篇文章都沒有提到' },
  noneOne: { en: 'Not in the article', 'zh-CN': '文章没有提到', 'zh-TW': '文章沒有提到' },
} satisfies Record<string, Texts>;

/** The words for an answer's level; "article" or "articles" by how many are loaded. */
export function levelText(level: AnswerLevel, articleCount: number, locale: string): string {
  if (level !== 'none') return pick(locale, LEVEL_TEXTS[level]);
  return pick(locale, articleCount === 1 ? LEVEL_TEXTS.noneOne : LEVEL_TEXTS.noneMany);
}

/** Texts more than one handler shows. */
export const COMMON_TEXTS = {
  slowDown: {
    en: 'You are asking quickly — try again {when}.',
    'zh-CN': '你提问太快了——请在{when}再试。',
    'zh-TW': '你提問太快了——請在{when}再試。',
  },
  serverBusy: {
    en: 'This server is asking a lot right now — try again {when}.',
    'zh-CN': '本服务器提问太多——请在{when}再试。',
    'zh-TW': '本伺服器提問太多——請在{when}再試。',
  },
  botBusy: {
    en: 'I am answering a lot of questions right now — please try again in a moment.',
    'zh-CN': '我现在要回答的问题太多——请稍后再试。',
    'zh-TW': '我現在要回答的問題太多——請稍後再試。',
  },
  pinQuota: {
    en: 'This server changed many pins in the last hour — try again {when}.',
    'zh-CN': '本服务器最近一小时修改置顶太多——请在{when}再试。',
    'zh-TW': '本伺服器最近一小時修改置頂太多——請在{when}再試。',
  },
  unexpectedError: {
    en: 'Something went wrong on my side (error {id}). Please try again; if it keeps happening, tell a moderator the error id.',
    'zh-CN': '我这边出了点问题（错误 {id}）。请再试一次；如果一直这样，请把错误编号告诉管理员。',
    'zh-TW': '我這邊出了點問題（錯誤 {id}）。請再試一次；如果一直這樣，請把錯誤編號告訴管理員。',
  },
  pinsUnavailable: {
    en: 'Pinned facts are unavailable right now; answering from the articles only.',
    'zh-CN': '置顶事实暂时不可用；仅根据文章回答。',
    'zh-TW': '置頂事實暫時無法使用；僅根據文章回答。',
  },
  feedbackUnavailable: {
    en: 'Feedback is unavailable right now (no database). Thanks anyway!',
    'zh-CN': '反馈功能暂时不可用（没有数据库）。仍然感谢你！',
    'zh-TW': '回饋功能暫時無法使用（沒有資料庫）。仍然感謝你！',
  },
  guildOnly: {
    en: 'This only works in a server.',
    'zh-CN': '此功能只能在服务器中使用。',
    'zh-TW': '此功能只能在伺服器中使用。',
  },
  notInstalled: {
    en: 'citebot is not installed in this server (only in your account): pins, feedback and insights need the server to add it.',
    'zh-CN': '此服务器没有安装 citebot（只安装在你的账号中）：置顶、反馈和洞察需要服务器添加它。',
    'zh-TW': '此伺服器沒有安裝 citebot（只安裝在你的帳號中）：置頂、回饋和洞察需要伺服器加入它。',
  },
} satisfies Record<string, Texts>;
