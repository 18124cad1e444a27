/**
 * The spans of one passage that could answer a question, each with what the sentence model
 * (data/sentence-model.json, `npm run fit-sentences`) sees of it: how much of the question it
 * covers, whether it holds the kind of thing asked, where it sits relative to the sentence that
 * repeats the question, how long it is. A span is a whole sentence, or, for a sentence longer than
 * the answer limit, a run of its clauses that fits. Features are shares, 0/1 flags or logs; the
 * model compares one passage's spans, so only what differs between them is one (the question's
 * kind and language enter as "holds the kind asked", "English question × coverage").
 */
import { normalizeText, pairKey } from '../search/normalize.ts';
import { groupCoverage, type Query } from '../search/query.ts';
import { tokenize } from '../search/tokenize.ts';
import { askedOf, type AnswerType } from './answer-type.ts';
import {
  clauseHas,
  spanHolds,
  termKey,
  spansOf,
  tokenizedSentences,
  type Clause,
  type SpanShape,
} from './clauses.ts';
import { characterCoverage, sentenceWeights } from './passage-weights.ts';
import {
  namedSpans,
  SPAN_COLUMN,
  SPAN_FEATURES,
  type NamedSpan,
  type Span,
  type SpanTable,
} from './span-table.ts';
import { QuestionChars } from './question-chars.ts';
import { longestSharedRun, sharedRunsEnding } from './shared-runs.ts';

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

/** The title's index terms and characters; the same few titles come back for every question. */
const MAX_CACHED_TITLES = 4096;
const titles = new Map<string, { terms: ReadonlySet<string>; chars: ReadonlySet<string> }>();

function titleOf(title: string): { terms: ReadonlySet<string>; chars: ReadonlySet<string> } {
  let entry = titles.get(title);
  if (!entry) {
    const normalized = normalizeText(title);
    entry = { terms: new Set(tokenize(normalized)), chars: new Set(normalized) };
    if (titles.size >= MAX_CACHED_TITLES) titles.delete(titles.keys().next().value!);
    titles.set(title, entry);
  }
  return entry;
}

/** What the features need of the question, worked out once per query (it judges several passages). */
interface QuestionView {
  asked: AnswerType | undefined;
  /** Every index term of the question's words, each once: a term's place in a span's flags. */
  termIndex: Map<string, number>;
  /** The terms of termIndex in its order, as clauses look them up (clauses.ts `termKey`). */
  termKeys: string[];
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

function questionView(query: Query): QuestionView {
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
    const chars = new QuestionChars(
      Uint32Array.from(questionChars, (char) => char.codePointAt(0)!),
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
 * What a clause holds of the question, as 0/1 flags (terms, pieces, Han characters): worked out
 * once per clause, so a span's are its clauses' flags or'ed together.
 */
function clauseFlags(clause: Clause, view: QuestionView, inPassage: Uint8Array): Uint8Array {
  const flags = new Uint8Array(view.width);
  view.termKeys.forEach((key, i) => {
    if (inPassage[i] === 1 && clauseHas(clause, key)) flags[i] = 1;
  });
  // Clauses end at punctuation, so no question bigram or word spans two of them. One pass over
  // the clause finds every Han pair and character the question has (searching the clause once per
  // pair and character took a tenth of an answer's time).
  const text = clause.normalized;
  // A pair of the question is two of its Han characters: only after one is a pair looked up.
  let previous = -1;
  for (let at = 0; at < text.length; at++) {
    const code = text.codePointAt(at)!;
    if (code > 0xffff) at++;
    const hanFlag = view.hanFlag[view.chars.slotOf(code)]!;
    if (hanFlag < 0) {
      previous = -1;
      continue;
    }
    flags[hanFlag] = 1;
    if (previous >= 0) {
      const pairFlag = view.pairFlag.get(pairKey(previous, code));
      if (pairFlag !== undefined) flags[pairFlag] = 1;
    }
    previous = code;
  }
  for (const [piece, flag] of view.latinPieces) if (text.includes(piece)) flags[flag] = 1;
  return flags;
}

function countFlags(flags: Uint8Array, from: number, to: number): number {
  let count = 0;
  for (let i = from; i < to; i++) count += flags[i]!;
  return count;
}

/** How many values of an ascending array are above `value` (binary search). */
function countAbove(ascending: Float64Array, value: number): number {
  let low = 0;
  let high = ascending.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (ascending[middle]! > value) high = middle;
    else low = middle + 1;
  }
  return ascending.length - low;
}

interface Raw {
  shape: SpanShape;
  flags: Uint8Array;
  weighted: number;
  coverage: number;
  matched: string[];
  /** Whether it covers the question word that weighs most within the passage. */
  heaviest: boolean;
}

function measure(
  shape: SpanShape,
  flags: Uint8Array,
  query: Query,
  view: QuestionView,
  weights: number[],
): Raw {
  const present = (term: string): boolean => flags[view.termIndex.get(term)!] === 1;
  let score = 0;
  let totalWeight = 0;
  let covered = 0;
  let total = 0;
  const matched: string[] = [];
  let heaviestWeight = -1;
  let heaviest = false;
  query.groups.forEach((group, g) => {
    const coverage = groupCoverage(group, present);
    const weight = weights[g]!;
    if (weight > heaviestWeight) {
      heaviestWeight = weight;
      heaviest = coverage >= 0.5;
    }
    score += weight * coverage;
    totalWeight += weight;
    covered += group.importance * coverage;
    total += group.importance;
    if (coverage > 0) matched.push(group.word);
  });
  return {
    shape,
    flags,
    weighted: totalWeight > 0 ? score / totalWeight : 0,
    coverage: total > 0 ? covered / total : 0,
    matched,
    heaviest,
  };
}

/** The flags of clauses [start, end) of a sentence or'ed together. */
function unionFlags(
  clauseFlags: readonly Uint8Array[],
  start: number,
  end: number,
  width: number,
): Uint8Array {
  if (end - start === 1) return clauseFlags[start]!;
  const flags = new Uint8Array(width);
  for (let c = start; c < end; c++) {
    const own = clauseFlags[c]!;
    for (let i = 0; i < width; i++) flags[i] = flags[i]! | own[i]!;
  }
  return flags;
}

/**
 * Every candidate span of the passage with its features. `maxChars`: a sentence longer than this
 * is offered as its runs of clauses that fit instead (verbatim, contiguous).
 */
export function answerSpans(passage: string, query: Query, maxChars: number, title = ''): NamedSpan[] {
  return namedSpans(spanTable(passage, query, maxChars, title));
}

/** The same spans with their features in one table, as the sentence model reads them. */
export function spanTable(passage: string, query: Query, maxChars: number, title = ''): SpanTable {
  const tokenized = tokenizedSentences(passage);
  const { clauses, sentenceChars } = tokenized;
  if (clauses.length === 0) return { spans: [], values: new Float64Array(0) };
  const topic = titleOf(title);
  const view = questionView(query);
  const { asked, pieces, chars, inLetters, questionHan, english, width } = view;
  const inPassage = Uint8Array.from(view.termKeys, (key) => (tokenized.terms.includes(key) ? 1 : 0));
  const flags = clauses.map((sentenceClauses) =>
    sentenceClauses.map((clause) => clauseFlags(clause, view, inPassage)),
  );
  // Counted over the sentence's code points (a clause's letters are a stretch of them), so no
  // string is made per character.
  const novel = clauses.map((sentenceClauses, s) => {
    const codes = sentenceChars[s]!;
    let at = 0;
    return sentenceClauses.map((clause) => {
      let count = 0;
      for (const end = at + clause.charCount; at < end; at++)
        if (inLetters[chars.slotOf(codes[at]!)] === 0) count++;
      return count;
    });
  });
  const wholeFlags = clauses.map((sentenceClauses, i) =>
    unionFlags(flags[i]!, 0, sentenceClauses.length, width),
  );
  const weights = sentenceWeights(
    query,
    clauses.length,
    (i) => (term) => wholeFlags[i]![view.termIndex.get(term)!] === 1,
    topic.terms,
  );
  const wholes = tokenized.wholes.map((shape, i) => measure(shape, wholeFlags[i]!, query, view, weights));
  // Runs of clauses come by start, then one clause longer each: a run's flags are the run one
  // shorter's and its last clause's, not all its clauses' again.
  let shorter: Raw | undefined;
  const raws = spansOf(tokenized, maxChars).map((shape) => {
    if (shape.whole) return wholes[shape.sentence]!;
    const sentenceFlags = flags[shape.sentence]!;
    let spanFlags: Uint8Array;
    const previous = shorter?.shape;
    if (
      previous &&
      previous.sentence === shape.sentence &&
      previous.start === shape.start &&
      previous.end === shape.end - 1
    ) {
      spanFlags = shorter!.flags.slice();
      const last = sentenceFlags[shape.end - 1]!;
      for (let i = 0; i < width; i++) spanFlags[i] = spanFlags[i]! | last[i]!;
    } else spanFlags = unionFlags(sentenceFlags, shape.start, shape.end, width);
    return (shorter = measure(shape, spanFlags, query, view, weights));
  });

  // The sentence that repeats the question best: the answer is in it or, often, right after it.
  let best = 0;
  wholes.forEach((whole, i) => {
    if (whole.weighted > wholes[best]!.weighted + 1e-9) best = i;
  });
  let holding = 0;
  if (asked !== undefined) for (const shape of tokenized.wholes) if (spanHolds(shape, asked)) holding++;
  const holdingShare = holding / wholes.length;
  let maxWeighted = -Infinity;
  for (const raw of raws) maxWeighted = Math.max(maxWeighted, raw.weighted);
  const hanFrom = view.termIndex.size + pieces.length;
  const charWeighted = characterCoverage(
    questionHan,
    wholes.length,
    (sentence, i) => wholeFlags[sentence]![hanFrom + i] === 1,
    topic.chars,
  );
  const spanCharWeighted = raws.map((raw) => charWeighted((i) => raw.flags[hanFrom + i] === 1));
  let maxCharWeighted = -Infinity;
  for (const value of spanCharWeighted) maxCharWeighted = Math.max(maxCharWeighted, value);
  // Sorted natively as numbers, rather than by a comparator called from the sort.
  const sortedWeighted = Float64Array.from(raws, (raw) => raw.weighted).sort();
  const last = Math.max(1, clauses.length - 1);
  const runs = sentenceChars.map((sentence) => sharedRunsEnding(view.chars, sentence));

  const values = new Float64Array(raws.length * SPAN_FEATURES.length);
  const C = SPAN_COLUMN;
  const spans = raws.map((raw, index): Span => {
    const { shape } = raw;
    const charCount = shape.charTo - shape.charFrom;
    let novelChars = 0;
    for (let c = shape.start; c < shape.end; c++) novelChars += novel[shape.sentence]![c]!;
    const holds = asked !== undefined && spanHolds(shape, asked);
    const found = pieces.length ? countFlags(raw.flags, view.termIndex.size, hanFrom) / pieces.length : 0;
    const hanFound = countFlags(raw.flags, hanFrom, width);
    const row = index * SPAN_FEATURES.length;
    values[row + C.weighted] = raw.weighted;
    values[row + C.weightedGap] = raw.weighted - maxWeighted;
    values[row + C.weightedRank] = Math.log(1 + countAbove(sortedWeighted, raw.weighted + 1e-9));
    values[row + C.heaviest] = raw.heaviest ? 1 : 0;
    // Single characters found: a paraphrase ("估计" for "预计") still shares one of two.
    values[row + C.questionChars] = questionHan.length ? hanFound / questionHan.length : 0;
    values[row + C.charWeighted] = spanCharWeighted[index]!;
    values[row + C.charWeightedGap] = spanCharWeighted[index]! - maxCharWeighted;
    values[row + C.coverage] = raw.coverage;
    values[row + C.bestSentence] = shape.sentence === best ? 1 : 0;
    values[row + C.afterBest] = shape.sentence === best + 1 ? 1 : 0;
    values[row + C.beforeBest] = shape.sentence === best - 1 ? 1 : 0;
    values[row + C.questionPieces] = found;
    values[row + C.longestShared] = Math.log(
      1 + longestSharedRun(runs[shape.sentence]!, shape.charFrom, shape.charTo),
    );
    values[row + C.typeHeld] = holds ? 1 : 0;
    // Holding the asked kind says more where few sentences of the passage do.
    values[row + C.typeHeldRare] = holds ? 1 - holdingShare : 0;
    values[row + C.typeHeldBest] = holds && shape.sentence === best ? 1 : 0;
    values[row + C.typeHeldAfterBest] = holds && shape.sentence === best + 1 ? 1 : 0;
    values[row + C.typeHeldBeforeBest] = holds && shape.sentence === best - 1 ? 1 : 0;
    // How much of the question the sentences around it repeat: the answer is often told next
    // to the sentence that repeats the question, not only next to the one repeating it most.
    values[row + C.previousWeighted] = wholes[shape.sentence - 1]?.weighted ?? 0;
    values[row + C.nextWeighted] = wholes[shape.sentence + 1]?.weighted ?? 0;
    values[row + C.chars] = shape.charsLog;
    values[row + C.novelChars] = Math.log(1 + novelChars);
    values[row + C.novelShare] = charCount ? novelChars / charCount : 0;
    values[row + C.narrowed] = shape.whole ? 0 : 1;
    values[row + C.firstSentence] = shape.sentence === 0 ? 1 : 0;
    values[row + C.position] = shape.sentence / last;
    values[row + C.englishWeighted] = english * raw.weighted;
    return {
      text: shape.text,
      sentence: shape.sentence,
      whole: shape.whole,
      matched: raw.matched,
      coverage: raw.coverage,
      weighted: raw.weighted,
    };
  });
  return { spans, values };
}
