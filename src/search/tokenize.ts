import { QUESTION_FRAMING_WORDS } from './question-words.ts';
import { baseForms, stemLatin } from './english-forms.ts';
import { segmentsOf } from './segment.ts';

// English word forms live in english-forms.ts; re-exported for the modules that import them from here.
export { baseForms, stemLatin };

/**
 * Tokenization of normalized text (see normalize.ts) into index terms.
 *
 * Chinese has no spaces, and Intl.Segmenter's dictionary splits differ between a question and the
 * passage that answers it ("版本号" vs "版本"), so every Han run yields both its words and its
 * character bigrams: words give precision, bigrams recall. Latin words are Porter-stemmed; numbers
 * keep their unit as a second term ("85" and "85%", "9" and "9万").
 */

/** A content word of a question or passage with the index terms that stand for it. */
export interface WordTerms {
  /** The word as written (normalized). */
  word: string;
  kind: 'han' | 'latin' | 'number';
  /** Index terms: for Han words the word and its bigrams; for Latin the stem; numbers with units. */
  terms: string[];
  /** For Han words: which content run (stretch between stopwords) the word belongs to. */
  run?: number;
  /**
   * Whether the word names the kind of answer rather than a fact the answer repeats: the word
   * right after a question word ("哪家**公司**", "什么**语言**": 'kind'), or the attribute asked of
   * something ("X 的**职业**是什么", "the **founder** of X": 'attribute').
   */
  answerType?: 'kind' | 'attribute';
}

// Function words and question words carry no content; they also break bigram chains, so that
// "是什么" does not produce the bigram "是什" that happens to match some passage.
const HAN_STOPWORDS = new Set(
  (
    '的 了 是 在 和 与 及 或 也 都 就 还 又 把 被 给 对 从 向 于 以 之 其 而 且 吗 呢 吧 啊 呀 么 着 过 很 这 那 哪 谁 几 何 ' +
    '有 没 个 位 该 此 即 并 等 将 让 使 为 由 到 叫 做 会 要 想 能 说 得 地 中 上 下 里 ' +
    '的是 是什么 什么 多少 怎么 怎样 怎么样 如何 为什么 为何 哪个 哪些 哪里 哪儿 哪位 哪家 哪一 哪年 是否 请问 一下 ' +
    '我们 你们 他们 她们 它们 我 你 他 她 它 这个 那个 这些 那些 可以 能够 应该 是不是 有没有 什么样 ' +
    '提到 提及 什么时候 多久 多长 几个 多大 一些 有些 其中 以及 因为 所以 但是 如果 已经 曾经 当时 然后 通过 进行 之后 之前'
  ).split(' '),
);

// Words that frame a question but that the answering passage seldom holds ("何年", "西元"),
// derived from the public sets by scripts/question-words.ts: in a question they are stopwords; in
// the knowledge, where they are rare, they stay words.
const QUESTION_STOPWORDS = new Set(QUESTION_FRAMING_WORDS);

export const LATIN_STOPWORDS = new Set(
  (
    'a an the of in on at to for by with from into about as is are was were be been being am do does did ' +
    'what which who whom whose when where why how that this these those it its and or but not no nor ' +
    'has have had can could would should will shall may might must there their they them i you he she we ' +
    'me my your his her our us much many any some all get got gets one s t also than then so if ' +
    // Light verbs carry the question's grammar, not its content ("which company makes X").
    'make makes made making take takes took taken go goes went come comes came become became called'
  ).split(' '),
);

// Determiners after which the next word names the kind of thing asked for ("哪家公司", "什么语言"),
// not a fact the answer will repeat.
// 何 is written Chinese's "what" ("何种语言", "何年"), common in traditional-Chinese questions.
const ASKING_WORDS = new Set('什么 哪 哪个 哪些 哪家 哪位 哪种 哪一 什么样 何 which what'.split(' '));
// A measure word right after 哪 ("哪家", "哪位") is part of the question word.
const MEASURE_WORDS = new Set(Array.from('家种类款座届个位名项次条本部门只件'));

// Question words that end "X 的 Y 是什么/是谁/在哪/有哪些", making Y the attribute asked about.
const QUESTION_WORDS = new Set('什么 谁 哪 哪里 哪儿 哪些 哪个 多少 几 何 如何 怎样 怎么样'.split(' '));
const TRAILING_PARTICLE = /[了的吗呢着过]$/u;
const LINKING_WORDS = new Set(['是', '有', '为', '都', '又', '叫']);
const ATTRIBUTE_QUESTION = /^(?:what|who|which)\s+(?:is|are|was|were)\s+(?:the|a|an)\s+([a-z]+)\s+of\b/;

// A number's unit is a following % or Han character; the Han one is only looked at, not consumed,
// so "5 年前" still yields the bigram "年前".
const TOKEN_PATTERN =
  /(\p{Script=Han}+)|(\d+(?:\.\d+)?)(?:\s?([%‰])|(?=\s?(\p{Script=Han}))|)|([a-z][a-z0-9]*(?:\+\+|#)?)/gu;

const NUMBER_SUFFIXES = new Set(['st', 'nd', 'rd', 'th', 's']);
// "may" is left out: it is far more often the verb.
const MONTHS = new Map(
  'january february march april _ june july august september october november december'
    .split(' ')
    .map((name, i) => [name, `${i + 1}月`] as const)
    .filter(([name]) => name !== '_'),
);

export function isStopword(word: string): boolean {
  return HAN_STOPWORDS.has(word) || LATIN_STOPWORDS.has(word);
}

/** A Han word's index terms: the word, and its bigrams when longer than two characters. */
export function hanWordTerms(word: string): string[] {
  const terms = [word];
  if (Array.from(word).length > 2) bigrams(word, terms);
  return terms;
}

function bigrams(run: string, into: string[]): void {
  if (/[\uD800-\uDBFF]/.test(run)) {
    // Characters outside the BMP (rare Han extensions) take two code units each.
    const chars = Array.from(run);
    for (let i = 0; i + 1 < chars.length; i++) into.push(chars[i]! + chars[i + 1]!);
    return;
  }
  for (let i = 0; i + 1 < run.length; i++) into.push(run.slice(i, i + 2));
}

/**
 * Splits normalized text into content words with their terms, in order. Han stopwords are
 * dropped; `runs` receives each maximal stretch of Han content (for cross-word bigrams).
 */
export function splitWords(
  normalized: string,
  runs?: string[],
  /** Whether a Latin word is a name (typed capitalized, or one the knowledge has). */
  isName?: (latin: string) => boolean,
): WordTerms[] {
  const words: WordTerms[] = [];
  let runCount = 0;
  let afterAsking = false;
  let afterLatinAsking = false;
  // For "X 的 Y 是什么": the content word before a question word, if only 是/有/为 stand between;
  // it is the attribute asked about unless a word follows the question word ("有什么感想").
  let lastContent: WordTerms | undefined;
  let lastAfterDe = false;
  let pendingAttribute: WordTerms | undefined;
  let previousSegment = '';
  const settleAttribute = (nextIsKind: boolean): void => {
    if (pendingAttribute && !nextIsKind) pendingAttribute.answerType ??= 'attribute';
    pendingAttribute = undefined;
  };
  let numberEnd = -1;
  for (const match of normalized.matchAll(TOKEN_PATTERN)) {
    const [, han, number, percent, hanUnit, latin] = match;
    const unit = percent ?? hanUnit;
    // Whether the token just before was which/what/哪/什么 (or a name after one); any other token ends it.
    const latinAsked: boolean = afterLatinAsking;
    afterLatinAsking = false;
    // "3rd", "21st", "1990s": the suffix only says how the number reads.
    const numberSuffix = match.index === numberEnd && latin !== undefined && NUMBER_SUFFIXES.has(latin);
    numberEnd = number ? match.index + match[0].length : -1;
    const month = latin && !numberSuffix ? MONTHS.get(latin) : undefined;
    if (numberSuffix) continue;
    if (month) {
      // Chinese writes months as digits ("March" -> 3月), which the index holds as "3月".
      settleAttribute(false);
      words.push({ word: month, kind: 'number', terms: [month] });
      afterAsking = false;
      lastContent = undefined;
      continue;
    }
    if (han) {
      let run = '';
      // Memoized: the homophone repair segmented this run of the question just before.
      for (const segment of segmentsOf(han)) {
        // A measure word right after a question word ("哪家", "几位") belongs to the question.
        // So does "一" with one ("哪一个国家", "哪一种气候"), which the segmenter keeps as a word.
        const measureWord: boolean =
          afterAsking &&
          (segment.length === 1
            ? MEASURE_WORDS.has(segment)
            : /^一.$/u.test(segment) && MEASURE_WORDS.has(segment[1]!));
        if (HAN_STOPWORDS.has(segment) || QUESTION_STOPWORDS.has(segment) || measureWord) {
          if (run) runs?.push(run);
          if (run) runCount++;
          run = '';
          afterAsking = ASKING_WORDS.has(segment) || (afterAsking && (segment.length === 1 || measureWord));
          if (QUESTION_WORDS.has(segment) && lastContent && lastAfterDe) pendingAttribute = lastContent;
          if (!LINKING_WORDS.has(segment)) lastContent = undefined;
          previousSegment = segment;
          continue;
        }
        settleAttribute(afterAsking);
        // Particles the segmenter glues on ("叛逃了") are not part of the word.
        const word = segment.length > 2 ? segment.replace(TRAILING_PARTICLE, '') : segment;
        run += segment;
        const terms = [word];
        if (word.length > 2) bigrams(word, terms);
        const content: WordTerms = {
          word,
          kind: 'han',
          terms,
          run: runCount,
          answerType: afterAsking ? 'kind' : undefined,
        };
        words.push(content);
        lastContent = content;
        lastAfterDe = previousSegment === '的';
        previousSegment = segment;
        afterAsking = false;
      }
      if (run) runs?.push(run);
      if (run) runCount++;
      // "哪个 NBA 球队" as "Which NBA team": the name is the subject, 球队 the kind asked for.
      afterLatinAsking = afterAsking;
    } else if (number) {
      settleAttribute(false);
      const terms = [number];
      if (unit) terms.push(number + unit);
      words.push({ word: number, kind: 'number', terms });
      afterAsking = false;
      lastContent = undefined;
    } else if (latin && !LATIN_STOPWORDS.has(latin)) {
      settleAttribute(afterAsking);
      // "Which Meta product", "哪个 NBA 球队": a name after which/what (哪/什么) is what the
      // question is about; the noun after the name is the kind asked for.
      const nameAfterAsking: boolean = afterAsking && latinAsked && (isName?.(latin) ?? false);
      words.push({
        word: latin,
        kind: 'latin',
        terms: [stemLatin(latin)],
        answerType: afterAsking && !nameAfterAsking ? 'kind' : undefined,
      });
      afterAsking = nameAfterAsking;
      afterLatinAsking = nameAfterAsking;
      lastContent = undefined;
    } else if (latin) {
      afterAsking = ASKING_WORDS.has(latin);
      afterLatinAsking = afterAsking;
    }
  }
  settleAttribute(false);
  // "Who is the founder of X?": founder names the kind of answer, X is what it is about.
  const attribute = ATTRIBUTE_QUESTION.exec(normalized)?.[1];
  for (const word of words) if (word.word === attribute) word.answerType = 'attribute';
  return words;
}

/**
 * All index terms of a normalized text, with repeats (term frequency matters to BM25): Han words,
 * bigrams over each run of content (they bridge differences in word segmentation), Latin stems,
 * numbers with units. The lean twin of splitWords, for indexing whole articles at start-up.
 */
export function tokenize(normalized: string): string[] {
  return tokenizeEach([normalized])[0]!;
}

/**
 * `tokenize` of each text, with one Segmenter call for all of them: runs joined by newlines
 * (always a boundary) segment as they would alone, and one call per text cost a third more for
 * short texts such as a passage's clauses. Term order does not matter to the index.
 */
export function tokenizeEach(texts: readonly string[]): string[][] {
  const termsOf: string[][] = [];
  const hanRuns: string[] = [];
  /** For each Han run, the terms of the text it comes from. */
  const runTerms: string[][] = [];
  for (const normalized of texts) {
    const terms: string[] = [];
    termsOf.push(terms);
    for (const match of normalized.matchAll(TOKEN_PATTERN)) {
      const [, han, number, percent, hanUnit, latin] = match;
      if (han) {
        hanRuns.push(han);
        runTerms.push(terms);
      } else if (number) {
        terms.push(number);
        const unit = percent ?? hanUnit;
        if (unit) terms.push(number + unit);
      } else if (latin && !LATIN_STOPWORDS.has(latin)) {
        terms.push(stemLatin(latin));
      }
    }
  }
  if (hanRuns.length === 0) return termsOf;
  let runIndex = 0;
  let terms = runTerms[0]!;
  let run = '';
  for (const segment of segmentsOf(hanRuns.join('\n'))) {
    if (segment === '\n') {
      bigrams(run, terms);
      run = '';
      terms = runTerms[++runIndex]!;
    } else if (HAN_STOPWORDS.has(segment)) {
      bigrams(run, terms);
      run = '';
    } else {
      terms.push(segment);
      run += segment;
    }
  }
  bigrams(run, terms);
  return termsOf;
}

/** The stems of an English text's content words ("the founders" -> found): glosses, a pin's senses. */
export function latinStems(text: string): string[] {
  return (text.toLowerCase().match(/[a-z][a-z0-9]*/g) ?? [])
    .filter((word) => !LATIN_STOPWORDS.has(word))
    .map(stemLatin);
}
