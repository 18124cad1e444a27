/**
 * What the span features (spans.ts) need of a question, worked out once per query: its index
 * terms and pieces as flags, its characters for lookup by code point, the kind of answer asked.
 */
import { normalizeText, pairKey } from '../search/normalize.ts';
import { INNER_BIGRAM_WEIGHT, type Query } from '../search/query.ts';
import { askedOf, type AnswerType } from './answer-type.ts';
import { termKey } from './clauses.ts';
import { QuestionChars } from './question-chars.ts';

/** The question's Han character pairs and Latin words: what a span copying its wording shares. */
function questionPieces(normalizedQuestion: string): string[] {
  const pieces = new Set<string>();
  for (const run of normalizedQuestion.match(/\p{Script=Han}+/gu) ?? []) {
    const chars = Array.from(run);
    for (let i = 0; i + 1 < chars.length; i++) pieces.add(chars[i]! + chars[i + 1]!);
  }
  for (const word of normalizedQuestion.match(/[a-z0-9]{2,}/g) ?? []) pieces.add(word);
  return [...pieces];
}

/** What the features need of the question, worked out once per query (it judges several passages). */
export interface QuestionView {
  asked: AnswerType | undefined;
  /** Every index term of the question's words, each once: a term's place in a span's flags. */
  termIndex: Map<string, number>;
  /** The terms of termIndex in its order, as clauses look them up (clauses.ts `termKey`). */
  termKeys: string[];
  /**
   * Per group of query.groups, its terms' flags in order, and whether each is an inner bigram:
   * what `groupCoverageAt` reads instead of looking each term up by name for every span.
   */
  groupTerms: Int32Array[];
  groupBigrams: Uint8Array[];
  pieces: string[];
  /**
   * The question's letters and digits as code points, as passages' `sentenceChars` are, with
   * its Han characters: looked up by slot (question-chars.ts).
   */
  chars: QuestionChars;
  /** By slot: whether the character is one of the letters and digits (not only a Han one). */
  inLetters: Uint8Array;
  /** The question's Han characters, each once, in order. */
  questionHan: string[];
  /** Each Han character's flag by slot (-1: none), and each Han-pair piece's by its two code points (`pairKey`). */
  hanFlag: Int32Array;
  pairFlag: Map<number, number>;
  /** The pieces that are Latin words, with their flags: found by substring search. */
  latinPieces: Array<[piece: string, flag: number]>;
  english: number;
  /** How many flags a span has: terms, then pieces, then Han characters. */
  width: number;
}

const questionViews = new WeakMap<Query, QuestionView>();

/** Whether a (normalized) question is asked in English: Latin letters and no Han character. */
export function isEnglishQuestion(normalizedQuestion: string): boolean {
  return /[a-z]/.test(normalizedQuestion) && !/\p{Script=Han}/u.test(normalizedQuestion);
}

/** The question's letters and digits (and Han characters), as the span features look them up. */
export function questionChars(query: Query): QuestionChars {
  return questionView(query).chars;
}

export function questionView(query: Query): QuestionView {
  let view = questionViews.get(query);
  if (!view) {
    const questionChars = Array.from(query.normalized.replace(/[^\p{L}\p{N}]/gu, ''));
    const termIndex = new Map<string, number>();
    for (const group of query.groups)
      for (const { term } of group.terms) if (!termIndex.has(term)) termIndex.set(term, termIndex.size);
    const pieces = questionPieces(query.normalized);
    const questionHan = [...new Set(query.normalized.match(/\p{Script=Han}/gu) ?? [])];
    const hanFrom = termIndex.size + pieces.length;
    const pairFlag = new Map<number, number>();
    const latinPieces: Array<[string, number]> = [];
    pieces.forEach((piece, i) => {
      const [first, second, more] = Array.from(piece);
      const han = second !== undefined && more === undefined && /^\p{Script=Han}{2}$/u.test(piece);
      if (han) pairFlag.set(pairKey(first!.codePointAt(0)!, second.codePointAt(0)!), termIndex.size + i);
      else latinPieces.push([piece, termIndex.size + i]);
    });
    // Typed arrays filled by loops: `TypedArray.from` with a mapping function goes through an
    // iterator and was ~4 kB allocated a question.
    const questionCodes = new Uint32Array(questionChars.length);
    for (let i = 0; i < questionChars.length; i++) questionCodes[i] = questionChars[i]!.codePointAt(0)!;
    const chars = new QuestionChars(
      questionCodes,
      questionHan.map((char) => char.codePointAt(0)!),
    );
    const inLetters = new Uint8Array(chars.distinct.length + 1);
    const hanFlag = new Int32Array(chars.distinct.length + 1).fill(-1);
    chars.positions.forEach((positions, i) => (inLetters[i + 1] = positions.length > 0 ? 1 : 0));
    questionHan.forEach((char, i) => (hanFlag[chars.slotOf(char.codePointAt(0)!)] = hanFrom + i));
    view = {
      asked: askedOf(query),
      termIndex,
      termKeys: [...termIndex.keys()].map(termKey),
      groupTerms: query.groups.map(({ terms }) => {
        const flags = new Int32Array(terms.length);
        for (let i = 0; i < terms.length; i++) flags[i] = termIndex.get(terms[i]!.term)!;
        return flags;
      }),
      groupBigrams: query.groups.map(({ terms }) => {
        const bigrams = new Uint8Array(terms.length);
        for (let i = 0; i < terms.length; i++) bigrams[i] = terms[i]!.weight === INNER_BIGRAM_WEIGHT ? 1 : 0;
        return bigrams;
      }),
      pieces,
      chars,
      inLetters,
      questionHan,
      hanFlag,
      pairFlag,
      latinPieces,
      english: isEnglishQuestion(query.normalized) ? 1 : 0,
      width: termIndex.size + pieces.length + questionHan.length,
    };
    questionViews.set(query, view);
  }
  return view;
}

/**
 * search/query.ts `groupCoverage` of group `g` over the flags at `at` in `flags`: the same
 * arithmetic, the terms read by their flags' places.
 */
export function groupCoverageAt(view: QuestionView, g: number, flags: Uint8Array, at: number): number {
  const terms = view.groupTerms[g]!;
  const bigram = view.groupBigrams[g]!;
  let best = 0;
  let bigramsSeen = 0;
  let bigrams = 0;
  for (let k = 0; k < terms.length; k++) {
    if (bigram[k] === 1) {
      bigrams++;
      if (flags[at + terms[k]!] === 1) bigramsSeen++;
    } else if (flags[at + terms[k]!] === 1) {
      best = 1;
    }
  }
  if (best === 0 && bigrams > 0) best = (0.8 * bigramsSeen) / bigrams;
  return best;
}
