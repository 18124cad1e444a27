/**
 * The kind of thing a question asks for, and whether a piece of text holds one. "谁/who" wants a
 * person, "什么时候/when" a time, "多少/how many" an amount, "哪里/where" a place, "叫什么/called" a
 * name. A passage that repeats the question's words but holds no such thing rarely answers it.
 *
 * Detection is by pattern, for Chinese (simplified, after normalization) and English alike; it
 * knows nothing of any one article.
 */
import { normalizeText } from '../search/normalize.ts';
import { LATIN_STOPWORDS } from '../search/tokenize.ts';
import type { Query } from '../search/query.ts';

export type AnswerType = 'person' | 'time' | 'amount' | 'place' | 'name' | 'reason';

// Tried in order: "哪一年" is a time before it is a "which"; "多少钱" an amount.
const ASKS: ReadonlyArray<[AnswerType, RegExp]> = [
  [
    'time',
    /什么时候|何时|何年|何月|何日|哪一?年|哪一?个?年代|哪一天|哪天|几月|几号|几日|什么时间|多少年前|\bwhen\b|\bwhat (?:year|date|time|day|month|century|decade)\b|\bwhich (?:year|date|day|month|century|decade)\b|\bhow long ago\b/,
  ],
  [
    'amount',
    /多少|几[个位名项次家种条天周年岁倍成人只件部本篇所座场届万千百亿]|多久|多长|多大|多高|多远|多重|多快|多老|比例|份额|百分之|\bhow (?:many|much|long|old|far|big|large|high|tall|fast|often)\b|\bwhat (?:share|percent(?:age)?|proportion|number|fraction|amount)\b/,
  ],
  ['person', /谁|何人|哪位|哪个人|什么人|哪些人|\bwho(?:m|se)?\b/],
  [
    'place',
    /哪里|哪儿|什么地方|在哪|哪个国家|哪座|哪个城市|哪国|哪个地区|何处|何地|\bwhere\b|\bwhat (?:country|city|place|region|state|town)\b|\bwhich (?:country|city|place|region|state|town)\b/,
  ],
  ['name', /叫什么|名字|名称|称为|称作|什么名|\bcalled\b|\bnamed?\b|\bwhat is the name\b/],
  ['reason', /为什么|为何|原因|\bwhy\b/],
];

/** The kind of answer a (normalized) question asks for, if it says. */
export function askedAnswerType(normalizedQuestion: string): AnswerType | undefined {
  for (const [type, pattern] of ASKS) if (pattern.test(normalizedQuestion)) return type;
  return undefined;
}

/**
 * For a question asking an amount or a time, the question word that says so and where it is
 * ("多少", "几岁", "how old", "what year"): the framing whose answer's unit answer-unit.ts learned.
 * The earlier of the two kinds' words: "How old was she when she left?" asks an age, whatever
 * askedAnswerType's order says of the "when" of its clause.
 */
export function askedWord(
  normalizedQuestion: string,
): { type: 'amount' | 'time'; word: string; index: number } | undefined {
  let found: { type: 'amount' | 'time'; word: string; index: number } | undefined;
  for (const [type, pattern] of ASKS) {
    if (type !== 'amount' && type !== 'time') continue;
    const match = pattern.exec(normalizedQuestion);
    if (match && (!found || match.index < found.index)) found = { type, word: match[0], index: match.index };
  }
  return found;
}

const writtenOfQuery = new WeakMap<Query, string>();

/**
 * A query's question as written, normalized (query.normalized has question frames such as
 * "叫什么名字" folded): worked out once per query for the asked kind and the asked unit.
 */
export function writtenOf(query: Query): string {
  // buildQuery normalized it already.
  if (query.written !== undefined) return query.written;
  let written = writtenOfQuery.get(query);
  if (written === undefined) writtenOfQuery.set(query, (written = normalizeText(query.question)));
  return written;
}

const askedOfQuery = new WeakMap<Query, { type: AnswerType | undefined }>();

/** The kind of answer a query's question asks for, as written: once per query. */
export function askedOf(query: Query): AnswerType | undefined {
  let asked = askedOfQuery.get(query);
  if (!asked) askedOfQuery.set(query, (asked = { type: askedAnswerType(writtenOf(query)) }));
  return asked.type;
}

const HOLDS: Record<AnswerType, RegExp> = {
  time: /\d{3,4}\s*年|\d{1,2}\s*月|\d{1,2}\s*[日号]|[一二三四五六七八九十〇零]{2,4}年|世纪|年代|朝|时期|期间|\b(?:1[0-9]{3}|20[0-9]{2})\b|\b(?:january|february|march|april|may|june|july|august|september|october|november|december)\b|[上下]午|凌晨|晚上|早上|当天|次日|前夕/,
  amount:
    /\d|[一二两三四五六七八九十百千万亿半几][个位名项次家种条天周年岁倍成人只件部本篇所座场届万千百亿多余分%]/,
  // Chinese names are not marked; names in Latin letters, transliterations with "·" and titles
  // that follow a name are. Role words (创始人, 作者) are not: "who is the founder" repeats them.
  person: /\b[a-z][a-z]+(?:\s+[a-z][a-z]+)+\b|·|教授|博士|先生|女士|总统|主席|总裁|皇帝|国王/,
  place:
    /[省市县区州国岛山河湖海洋洲港湾城镇村路街馆院校园宫寺]|大学|学院|公司|总部|位于|地区|境内|以东|以西|以南|以北|附近|\bin [a-z]+/,
  name: /《|》|"|「|」|『|』|\b[a-z][a-z0-9+#.-]*\b|称为|称作|名为|叫做|简称|又称|别称|原名|命名/,
  reason: /因为|由于|为了|原因|所以|因此|导致|使得|以便|目的|\bbecause\b|\bdue to\b|\bso that\b/,
};

/** Whether (normalized) text holds something of the asked type. */
export function holdsAnswerType(normalizedText: string, type: AnswerType): boolean {
  return HOLDS[type].test(normalizedText);
}

/** A capitalized Latin word as written, with where it is ("Paszke", "PyTorch"). */
const CAPITALIZED = /\p{Lu}[\p{L}\p{N}]*/gu;

/**
 * Whether a pin written without Han characters holds a person or a name, read from its text as
 * written: HOLDS reads any two Latin words as a person's name and any Latin word as a name (meant
 * for names inside Chinese text), which every English sentence holds. Here a person is two or more
 * capitalized words in a row ("Adam Paszke"), a name one capitalized word or a quotation, and no
 * such word is a stopword or an ordinary dictionary word ("The", "Foundation"), so a sentence's
 * first word counts only as a name would. Undefined where HOLDS reads the text as it is: other
 * kinds (times and amounts are written alike in both languages) and text with Han characters.
 */
export function holdsAnswerTypeAsWritten(
  text: string,
  type: AnswerType,
  isOrdinaryWord: (word: string) => boolean,
): boolean | undefined {
  if ((type !== 'person' && type !== 'name') || /\p{Script=Han}/u.test(text)) return undefined;
  if (type === 'name' && /["“”«»]/.test(text)) return true;
  let run = 0;
  let end = -1;
  for (const match of text.matchAll(CAPITALIZED)) {
    const word = match[0].toLowerCase();
    if (LATIN_STOPWORDS.has(word) || isOrdinaryWord(word)) {
      run = 0;
      continue;
    }
    // Only a space between two names keeps them one ("Adam Paszke", not "Paszke, Google").
    run = end >= 0 && /^\s+$/.test(text.slice(end, match.index)) ? run + 1 : 1;
    end = match.index + match[0].length;
    if (run >= (type === 'person' ? 2 : 1)) return true;
  }
  return false;
}

/**
 * What text must lack to lack the kind asked for certain: looser than HOLDS, so "absent" means
 * absent: an amount written 六, 两支, 数百, 很多次 or "dozens"; a time written 秋季, 元宵节, 早期,
 * 之后 or "3 分 08 秒"; a duration ("多久") written 直至十九世纪. Only for amounts and times, whose
 * HOLDS patterns find 90-95% of the public sets' gold answers (scripts/answer-type-audit.ts); a
 * person's or a place's name in Chinese is not marked at all, so their absence says nothing.
 */
const MAY_HOLD: Partial<Record<AnswerType, RegExp>> = {
  amount:
    /\d|[〇零一二两三四五六七八九十百千万亿兆半双俩廿卅%％]|[几数多][十百千万亿个位名项次家种条天周年岁倍成人只件部本篇所座场届支层块张台辆架枚颗]|许多|很多|不少|大量|若干|众多|世纪|年代|时期|期间|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|thousand|million|billion|hundreds|thousands|millions|billions|dozens?|zero|none|single|double|triple|couple|pair|multiple|numerous|several|many|few|lots?|plenty|half|twice|once|percent|years?|months?|weeks?|days?|hours?|minutes?|seconds?|decades?|centur(?:y|ies))\b/,
  time: /\d|[〇零一二两三四五六七八九十廿年月日天周时季春夏秋冬节期代朝晚早夜午晨]|世纪|之后|之前|以后|以前|后来|前后|此后|随后|最初|起初|如今|目前|现在|\b(?:year|month|day|week|century|decade|era|period|age|ago|today|morning|evening|night|before|after|during|since|until|now|then|later|soon|once|recently|currently|formerly|earlier|tonight|tomorrow|yesterday|noon|midnight|weekends?|daily|weekly|monthly|yearly|annual(?:ly)?|hourly|o'clock|[ap]\.?m|spring|summer|autumn|fall|winter|seasons?|(?:mon|tues|wednes|thurs|fri|satur|sun)days?|january|february|march|april|may|june|july|august|september|october|november|december)\b|星期|礼拜|今|昨|明/,
};

/**
 * Whether (normalized) text surely holds nothing of the asked kind; false for a kind whose
 * absence cannot be told (MAY_HOLD lacks it).
 */
export function lacksAnswerType(normalizedText: string, type: AnswerType): boolean {
  const pattern = MAY_HOLD[type];
  return pattern !== undefined && !pattern.test(normalizedText);
}
