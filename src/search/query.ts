import type { InvertedIndex, QueryTerm } from './inverted-index.ts';
import { countPatternFor } from './amount-pattern.ts';
import { CHAT_COURTESIES } from './courtesies.ts';
import { mainlandPhrases, mainlandWord, normalizeText, writesTraditional } from './normalize.ts';
import { hanWordTerms, splitWords, stemLatin, tokenize, type WordTerms } from './tokenize.ts';
import { retrievalTermsOf, weighByNecessity } from './necessity.ts';
import { sensesRarity } from './sense-rarity.ts';

/** How a question word reached the index. */
export type GroupSource = 'word' | 'typo' | 'translation' | 'untranslated' | 'unknown';

/** One content word of a question and the index terms that stand for it. */
export interface QueryGroup {
  word: string;
  source: GroupSource;
  terms: QueryTerm[];
  /** How much this word matters for "does the passage answer it": its rarity in the knowledge. */
  importance: number;
  /** Rarity before any answer-type discount: what the word says about which sentence answers. */
  rarity?: number;
  /** Names the kind of answer ("哪家公司"); its importance is discounted by ANSWER_TYPE_FACTOR. */
  answerType?: 'kind' | 'attribute';
  necessity?: number; // P(the answering sentence holds it), necessity.ts
  /** What the word weighs in finding the passage: importance × necessity^alpha (necessity.ts). */
  retrieval?: number;
}

export interface Query {
  question: string;
  normalized: string;
  groups: QueryGroup[];
  /** Everything to look up in the index, groups and bridging bigrams together. */
  terms: QueryTerm[];
  /** `terms` with each group's weighed by its necessity, for finding passages only (absent: `terms`). */
  retrievalTerms?: QueryTerm[];
  /**
   * For "how many X" questions, a pattern that finds a number followed by X in normalized text
   * ("多少个项目" -> "9 万项目"); for "how old/long/far…", a number followed by a unit of that
   * dimension ("39 岁"): the passage that counts is the one that answers (see amount-pattern.ts).
   */
  countPattern?: RegExp;
  /** Names and numbers of the question that nothing in the knowledge has ("jax", "2.0"). */
  unknownNames: string[];
  /** The question is written in traditional characters (normalize.ts writesTraditional). */
  traditional: boolean;
  /** The whole question as typed, normalized (answer-type.ts writtenOf); absent in hand-made queries. */
  written?: string;
}

export interface QueryHelpers {
  /** A vocabulary term close to an unknown Latin word ("pytroch" -> "pytorch", "Fcae" -> "face"). */
  repairTypo?(word: string, acronym?: boolean): string | undefined;
  /** Chinese terms of the knowledge for an English word (and a phrase's next words), asked in English or not. */
  translate?(word: string, next?: string, englishQuestion?: boolean): string[];
  /** A dictionary word one slip from an unknown Latin word, and its Chinese terms of the knowledge. */
  repairEnglish?(word: string, inEnglish?: boolean): { word: string; translations: string[] } | undefined;
  /** Whether an unknown Latin word is an ordinary English word (rather than a name). */
  isDictionaryWord?(word: string): boolean;
  /** Whether the dictionary knows a word, and not as a name ("Bowl"; not "France", "Warsaw"). */
  isOrdinaryWord?(word: string): boolean;
  /** Terms a user's glossary gives for a Chinese word ("母公司" -> 老父亲). */
  synonyms?(word: string): string[];
  /** Runs of the knowledge that sound like a name the dictionary lacks ("fresno" -> 弗雷斯诺). */
  transliterate?(word: string): string[];
  /** Rewrites Chinese names the knowledge writes in Latin letters ("推特" -> "twitter"). */
  replaceNames?(normalized: string): string;
  /** Repairs a character typed for another of the same sound ("贾杨清" -> "贾扬清"). */
  repairHomophones?(normalized: string): string;
}

// A group with every property, in one order: literals of different keys had hidden classes of
// their own, and V8 threw away (and compiled again) the code reading them as each shape came.
export function queryGroup(
  word: string,
  source: GroupSource,
  terms: QueryTerm[],
  importance: number,
  rarity?: number,
  answerType?: QueryGroup['answerType'],
): QueryGroup {
  return { word, source, terms, importance, rarity, answerType, necessity: undefined, retrieval: undefined };
}

/** Words written with a capital inside a question (not just at its start): names, most likely. */
function capitalizedWords(question: string): Set<string> {
  const names = new Set<string>();
  for (const match of question.matchAll(/(?<=\S\s+)[A-Z][A-Za-z0-9]*/g)) names.add(match[0].toLowerCase());
  return names;
}

/** Acronyms ("TPUs", "JAX"), typed in capitals on purpose: names the knowledge lacks, not slips ("GPU"). */
function acronyms(question: string): Set<string> {
  const found = new Set<string>();
  for (const match of question.matchAll(/\b[A-Z]{2,}[0-9]*s?\b/g)) found.add(match[0].toLowerCase());
  return found;
}

/** A translation as a whole word, with its bigrams standing in where segmentation differs. */
function termsOfTranslation(chinese: string, alternatives: number): QueryTerm[] {
  // Latin synonyms (names the article writes in Latin letters) are matched as stems, whole.
  const word = /^[a-z]+$/.test(chinese) ? stemLatin(chinese) : normalizeText(chinese);
  const chars = Array.from(word);
  const terms = [{ term: word, weight: TRANSLATION_WEIGHT / Math.sqrt(alternatives) }];
  if (chars.length > 2 && /\p{Script=Han}/u.test(word)) {
    for (let i = 0; i + 1 < chars.length; i++)
      terms.push({ term: chars[i]! + chars[i + 1]!, weight: INNER_BIGRAM_WEIGHT });
  }
  return terms;
}

// Weights within a group: the word itself counts fully; its bigrams stand in for it when the
// passage segments differently; bigrams that bridge two words reward phrases kept together.
const WORD_WEIGHT = 1;
export const INNER_BIGRAM_WEIGHT = 0.5;
const BRIDGE_BIGRAM_WEIGHT = 0.3;
const TRANSLATION_WEIGHT = 0.8;
/** An English word the dictionary knows but the knowledge lacks says less than an unknown name. */
const UNTRANSLATED_IMPORTANCE = 0.25;
/** Importance of a word that names the kind of answer ("哪家公司"): the answer rarely repeats it. */
export const ANSWER_TYPE_FACTOR = 0.3;
// Phrases that only frame a question ("试用多长时间" asks for a duration; 时间 is not in the answer).
// English number words become digits, as the articles write numbers ("five years" -> "5 年").
// "one" is left alone: "which one" asks, it does not count.
const NUMBER_VALUES: Record<string, number> = Object.fromEntries(
  'two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty'
    .split(' ')
    .map((word, i) => [word, i + 2])
    .concat([
      ['thirty', 30],
      ['forty', 40],
      ['fifty', 50],
      ['hundred', 100],
      ['thousand', 1000],
    ]),
);
const NUMBER_WORDS = new RegExp(`\\b(?:${Object.keys(NUMBER_VALUES).join('|')})\\b`, 'g');

const QUESTION_FRAMES =
  /多长时间|多少时间|什么时间|叫什么名字|什么名字|什么地方|什么意思|特别之处|\bhow (?:long|many|much|often|far|old|big)\b|\bwhat (?:kind|type|sort) of\b/g;

/**
 * Intl.Segmenter leaves characters it does not know as single-character words ("读博" -> 读|博);
 * alone they would look like rare, unmatched words. Glue each to its neighbour in the same run,
 * so the pair is matched through its bigram — where the knowledge has that bigram at all.
 */
function mergeSingleCharacters(words: WordTerms[], index: InvertedIndex): WordTerms[] {
  const merged: WordTerms[] = [];
  for (const word of words) {
    const previous = merged[merged.length - 1];
    const sameRun = previous?.kind === 'han' && word.kind === 'han' && previous.run === word.run;
    const single = sameRun && (Array.from(word.word).length === 1 || Array.from(previous.word).length === 1);
    // Only where the knowledge has the pair: "读博" is in "攻读博士", "框架用" is nowhere.
    if (single && index.has(Array.from(previous.word).at(-1)! + Array.from(word.word)[0]!)) {
      const text = previous.word + word.word;
      const terms = [text];
      const chars = Array.from(text);
      if (chars.length > 2) for (let i = 0; i + 1 < chars.length; i++) terms.push(chars[i]! + chars[i + 1]!);
      merged[merged.length - 1] = {
        ...previous,
        word: text,
        terms,
        answerType: previous.answerType || word.answerType,
      };
    } else {
      merged.push(word);
    }
  }
  return merged;
}

/**
 * A Han word's rarity. A word the knowledge never has as a whole but whose bigrams it has is most
 * likely segmented differently there, so it counts as rare as its bigrams; one with no trace at
 * all is as rare as can be, the mark of a question the knowledge does not cover.
 */
function hanImportance(word: WordTerms, index: InvertedIndex): { importance: number; rarity: number } {
  const [main, ...inner] = word.terms;
  let rarity = index.idf(main!);
  const known = index.has(main!) ? [main!] : inner.filter((term) => index.has(term));
  if (!index.has(main!) && known.length > 0) rarity = Math.max(...known.map((term) => index.idf(term)));
  if (Array.from(word.word).length === 1) rarity *= ANSWER_TYPE_FACTOR;
  // The kind asked for ("有什么感想") is discounted even when the knowledge words it otherwise; an
  // attribute ("Meta 的股价是多少") only when the knowledge mentions it at all.
  const discounted = word.answerType === 'kind' || (word.answerType === 'attribute' && known.length > 0);
  return { importance: discounted ? rarity * ANSWER_TYPE_FACTOR : rarity, rarity };
}

/**
 * Questions are a sentence or two; past this many characters the rest is ignored, so a pasted
 * wall of text costs no more than a long question.
 */
export const MAX_QUESTION_CHARS = 300;
/**
 * Roman numerals typed in capitals ("Super Bowl XLIX", "Henry III") as the digits a Chinese text
 * writes (第 49 届超级碗). Only I, V, X and L, two or more: "CD", "MD" and "DC" are more often names.
 */
const ROMAN_NUMERAL = /\b(?=[IVXL]{2,}\b)(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})\b/g;
const ROMAN_VALUES: Record<string, number> = { I: 1, V: 5, X: 10, L: 50 };

function romanToDigits(numeral: string): string {
  // The pattern can match nothing at all before a word that is not a numeral ("LL").
  if (numeral.length < 2) return numeral;
  let value = 0;
  for (let i = 0; i < numeral.length; i++) {
    const digit = ROMAN_VALUES[numeral[i]!]!;
    const next = ROMAN_VALUES[numeral[i + 1] ?? ''] ?? 0;
    value += digit < next ? -digit : digit;
  }
  return String(value);
}

export function buildQuery(question: string, index: InvertedIndex, helpers: QueryHelpers = {}): Query {
  const limited = Array.from(question).slice(0, MAX_QUESTION_CHARS).join('');
  const asWritten = normalizeText(question);
  // Numbers spelled out ("two", "III"): Chinese may write 两, 三世, so lacking digits is no missing name.
  const spelled = new Set<string>();
  const spell = (digits: string): string => (spelled.add(digits), digits);
  const withDigits = limited.replace(ROMAN_NUMERAL, (numeral) => spell(romanToDigits(numeral)));
  // Most questions are short and hold no numeral: the question normalized once serves both.
  const framed = (withDigits === question ? asWritten : normalizeText(withDigits))
    .replace(CHAT_COURTESIES, ' ')
    .replace(QUESTION_FRAMES, (frame) =>
      /^how/.test(frame) ? 'how' : /^[a-z]/.test(frame) ? 'what' : '什么',
    )
    .replace(NUMBER_WORDS, (word) => spell(String(NUMBER_VALUES[word])));
  // Everything after reads the question as if typed right and worded as the knowledge words it.
  const traditional = writesTraditional(limited);
  const normalized = mainlandPhrases(helpers.repairHomophones?.(framed) ?? framed, traditional && index);
  const rewritten = helpers.replaceNames?.(normalized) ?? normalized;
  const runs: string[] = [];
  const names = capitalizedWords(question);
  // "Which Meta product": a name after which/what is what the question is about, and the noun
  // after it the kind asked for: a name the knowledge writes in Latin letters (typed capitalized,
  // or no English word), or, asked in English, a word typed capitalized that the dictionary knows
  // only as a name ("Which Tesla product", "Which NASA location", "What German ruler"; not "Which
  // Member of Parliament").
  const inEnglish = !/\p{Script=Han}/u.test(asWritten);
  const typedName = (latin: string): boolean =>
    inEnglish && names.has(latin) && !(helpers.isOrdinaryWord?.(latin) ?? false);
  const isName = (latin: string): boolean =>
    typedName(latin) ||
    (index.has(stemLatin(latin)) && (names.has(latin) || !(helpers.isDictionaryWord?.(latin) ?? false)));
  const words = splitWords(rewritten, runs, isName);
  const written = acronyms(question);
  const unknownIdf = index.idf('\u0000');
  const groups: QueryGroup[] = [];

  const merged = mergeSingleCharacters(words, index);
  // Asked in English (no Han character), words are translated as Chinese questions translate them.
  const translate = (word: string, next?: string) => helpers.translate?.(word, next, inEnglish) ?? [];
  const rarityOf = (terms: QueryTerm[]) =>
    sensesRarity(terms, index, inEnglish ? undefined : 'rarest', INNER_BIGRAM_WEIGHT);
  merged.forEach((asTyped, position) => {
    if (asTyped.kind === 'han') {
      // Taiwan's word for a thing stands for the mainland one where the knowledge has that and
      // not Taiwan's (專案 -> 项目); the word as typed is still looked for.
      const mainland = traditional ? mainlandWord(asTyped.word) : undefined;
      const word =
        mainland && index.has(mainland) && !index.has(asTyped.word)
          ? { ...asTyped, word: mainland, terms: hanWordTerms(mainland) }
          : asTyped;
      const [main, ...inner] = word.terms;
      const synonyms = helpers.synonyms?.(word.word) ?? [];
      const terms = [
        ...(word === asTyped ? [] : [{ term: asTyped.word, weight: WORD_WEIGHT }]),
        { term: main!, weight: WORD_WEIGHT },
        ...inner.map((term) => ({ term, weight: INNER_BIGRAM_WEIGHT })),
        ...synonyms.flatMap((synonym) => termsOfTranslation(synonym, synonyms.length)),
      ];
      const { importance, rarity } = hanImportance(word, index);
      groups.push(queryGroup(word.word, 'word', terms, importance, rarity, word.answerType));
      return;
    }
    const word = asTyped;
    if (word.kind === 'number') {
      const terms = word.terms.map((term) => ({ term, weight: WORD_WEIGHT }));
      const source = index.has(word.word) ? 'word' : spelled.has(word.word) ? 'untranslated' : 'unknown';
      groups.push(queryGroup(word.word, source, terms, index.idf(word.word)));
      return;
    }
    const stem = word.terms[0]!;
    // English asked of Chinese text: the word's translations that the knowledge contains join
    // the word itself, so either may match ("papers" -> 论文, while "Paper with Code" stays). A
    // dictionary phrase starting at the word ("corporal punishment" -> 体罚, "world war ii" -> 二战)
    // adds its translation; the words keep their own groups (merging them cost XQuAD recall).
    const following: string[] = [];
    for (const next of merged.slice(position + 1, position + 3)) {
      if (next.kind !== 'latin') break;
      following.push(next.word);
    }
    const alone = translate(word.word);
    const phrase = following.length > 0 ? translate(word.word, following.join(' ')) : alone;
    const translations = [...new Set([...phrase, ...alone])];
    const translated = translations.flatMap((chinese) => termsOfTranslation(chinese, translations.length));
    if (index.has(stem) || translated.length > 0) {
      const own = { term: stem, weight: WORD_WEIGHT };
      const rarity = rarityOf([own, ...translated]);
      const importance = word.answerType ? rarity * ANSWER_TYPE_FACTOR : rarity;
      // The word itself stays too: a server's pins may use it where the articles do not.
      const source = index.has(stem) ? 'word' : 'translation';
      groups.push(queryGroup(word.word, source, [own, ...translated], importance, rarity, word.answerType));
      return;
    }
    // A real English word is not a misspelt name, even when a name is close ("group", "gross").
    const dictionaryWord = !names.has(word.word) && (helpers.isDictionaryWord?.(word.word) ?? false);
    const repaired = dictionaryWord ? undefined : helpers.repairTypo?.(word.word, written.has(word.word));
    if (repaired) {
      const terms = [{ term: repaired, weight: WORD_WEIGHT }];
      groups.push(queryGroup(word.word, 'typo', terms, index.idf(repaired)));
      return;
    }
    // A misspelt English word ("fouder") of a question about Chinese text: the dictionary word one
    // slip away whose translations the knowledge has. Never a name or an acronym the member typed.
    const english =
      dictionaryWord || names.has(word.word) || written.has(word.word)
        ? undefined
        : helpers.repairEnglish?.(word.word, inEnglish);
    if (english) {
      const terms = [
        { term: stemLatin(english.word), weight: WORD_WEIGHT },
        ...english.translations.flatMap((chinese) =>
          termsOfTranslation(chinese, english.translations.length),
        ),
      ];
      const rarity = rarityOf(terms);
      groups.push(queryGroup(word.word, 'typo', terms, rarity, rarity));
      return;
    }
    // A name the dictionary lacks may be written by sound in the knowledge ("Fresno" -> 弗雷斯诺).
    const sounds = dictionaryWord ? [] : (helpers.transliterate?.(word.word) ?? []);
    if (sounds.length > 0) {
      const terms = [
        { term: stem, weight: WORD_WEIGHT },
        ...sounds.flatMap((chinese) => termsOfTranslation(chinese, sounds.length)),
      ];
      const rarity = Math.max(...terms.map(({ term }) => (index.has(term) ? index.idf(term) : 0)));
      groups.push(queryGroup(word.word, 'translation', terms, rarity, rarity));
      return;
    }
    // An English word the knowledge lacks says less than a name it lacks ("jax", "mxnet"); a
    // capitalized one is a name unless the dictionary knows it, and not as a name ("Bowl", "France").
    const common = dictionaryWord || (names.has(word.word) && (helpers.isOrdinaryWord?.(word.word) ?? false));
    const importance = common ? unknownIdf * UNTRANSLATED_IMPORTANCE : unknownIdf;
    const terms = [{ term: stem, weight: WORD_WEIGHT }];
    groups.push(queryGroup(word.word, common ? 'untranslated' : 'unknown', terms, importance));
  });

  const bridges: QueryTerm[] = [];
  for (const run of runs) {
    const chars = Array.from(run);
    for (let i = 0; i + 1 < chars.length; i++)
      bridges.push({ term: chars[i]! + chars[i + 1]!, weight: BRIDGE_BIGRAM_WEIGHT });
  }
  const groupTerms = new Set(groups.flatMap((group) => group.terms.map(({ term }) => term)));
  const bridging = bridges.filter(({ term }) => !groupTerms.has(term));
  const terms = [...groups.flatMap((group) => group.terms), ...bridging];
  const unknownNames = groups
    .filter((group) => group.source === 'unknown' && group.importance >= unknownIdf)
    .map((group) => group.word);
  weighByNecessity(groups, { normalized, unknownIdf, has: (term) => index.has(term) });
  return {
    question,
    normalized,
    groups,
    terms,
    retrievalTerms: retrievalTermsOf(groups, bridging),
    countPattern: countPatternFor(asWritten, translate, traditional, groups, normalized),
    unknownNames,
    traditional,
    written: asWritten,
  };
}

/**
 * How much of a group a set of terms covers, in [0, 1]: the word itself, or a translation,
 * counts fully; bigrams alone count for part, since they may come from other words.
 */
export function groupCoverage(group: QueryGroup, present: (term: string) => boolean): number {
  let best = 0;
  let bigramsSeen = 0;
  let bigrams = 0;
  for (const { term, weight } of group.terms) {
    if (weight === INNER_BIGRAM_WEIGHT) {
      bigrams++;
      if (present(term)) bigramsSeen++;
    } else if (present(term)) {
      best = 1;
    }
  }
  if (best === 0 && bigrams > 0) best = (0.8 * bigramsSeen) / bigrams;
  return best;
}
