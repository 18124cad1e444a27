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
import type { Query } from '../search/query.ts';
import { tokenize } from '../search/tokenize.ts';
import {
  clausesHaving,
  spanHolds,
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
import { groupCoverageAt, questionView, type QuestionView } from './question-view.ts';
import { longestSharedRun, passageRuns } from './shared-runs.ts';
import { unitFit, unitsOf } from './answer-unit.ts';

/** Whether a question is asked in English: choose.ts reads it from here. */
export { isEnglishQuestion } from './question-view.ts';

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

/**
 * What a clause holds of the question's pieces and Han characters, as 0/1 flags (its terms' flags
 * are set by `clausesHaving`): worked out once per clause, so a span's are its clauses' flags
 * or'ed together.
 */
function clauseFlags(clause: Clause, view: QuestionView, flags: Uint8Array, at: number): void {
  // Clauses end at punctuation, so no question bigram or word spans two of them. One pass over
  // the clause finds every Han pair and character the question has (searching the clause once per
  // pair and character took a tenth of an answer's time).
  const text = clause.normalized;
  // A pair of the question is two of its Han characters: only after one is a pair looked up.
  let previous = -1;
  for (let k = 0; k < text.length; k++) {
    const code = text.codePointAt(k)!;
    if (code > 0xffff) k++;
    const hanFlag = view.hanFlag[view.chars.slotOf(code)]!;
    if (hanFlag < 0) {
      previous = -1;
      continue;
    }
    flags[at + hanFlag] = 1;
    if (previous >= 0) {
      const pairFlag = view.pairFlag.get(pairKey(previous, code));
      if (pairFlag !== undefined) flags[at + pairFlag] = 1;
    }
    previous = code;
  }
  for (const [piece, flag] of view.latinPieces) if (text.includes(piece)) flags[at + flag] = 1;
}

/**
 * The flags of one passage's clauses, sentences and spans, `width` apiece at offsets into one
 * buffer kept from call to call (a Uint8Array each was a fifth of what a question allocated).
 * Zeroed up to `size`; a pathological size is not kept.
 */
let flagBuffer = new Uint8Array(1 << 16);
const KEPT_FLAG_BYTES = 1 << 20;

function flagsBuffer(size: number): Uint8Array {
  if (size > KEPT_FLAG_BYTES) return new Uint8Array(size);
  if (flagBuffer.length < size) flagBuffer = new Uint8Array(Math.max(size, 2 * flagBuffer.length));
  return flagBuffer.fill(0, 0, size);
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
  /** Where its flags start in the passage's flag buffer. */
  flags: number;
  weighted: number;
  coverage: number;
  matched: string[];
  /** Whether it covers the question word that weighs most within the passage. */
  heaviest: boolean;
}

function measure(
  shape: SpanShape,
  buffer: Uint8Array,
  flags: number,
  query: Query,
  view: QuestionView,
  weights: ArrayLike<number>,
): Raw {
  let score = 0;
  let totalWeight = 0;
  let covered = 0;
  let total = 0;
  const matched: string[] = [];
  let heaviestWeight = -1;
  let heaviest = false;
  // A loop, not forEach: sums a callback updates live in its closure, boxed at every update.
  for (let g = 0; g < query.groups.length; g++) {
    const group = query.groups[g]!;
    const coverage = groupCoverageAt(view, g, buffer, flags);
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
  }
  return {
    shape,
    flags,
    weighted: totalWeight > 0 ? score / totalWeight : 0,
    coverage: total > 0 ? covered / total : 0,
    matched,
    heaviest,
  };
}

/**
 * Every candidate span of the passage with its features. `maxChars`: a sentence longer than this
 * is offered as its runs of clauses that fit instead (verbatim, contiguous).
 */
export function answerSpans(passage: string, query: Query, maxChars: number, title = ''): NamedSpan[] {
  return namedSpans(spanTable(passage, query, maxChars, title));
}

/**
 * Which spans get a row: every whole sentence, and the runs of clauses of a long sentence that
 * reach within `reach` clauses of one holding a question term (a run far from every question
 * term never won on the public sets). All of them when `reach` is Infinity, for an English
 * question (its terms are translations, and its winners lie farther), or when no clause of the
 * passage holds a term.
 */
function reachedSpans(
  shapes: readonly SpanShape[],
  termClauses: readonly number[][],
  reach: number,
  english: boolean,
): readonly SpanShape[] {
  if (reach === Infinity || english || termClauses.every((held) => held.length === 0)) return shapes;
  return shapes.filter(
    ({ whole, sentence, start, end }) =>
      whole || termClauses[sentence]!.some((c) => c >= start - reach && c < end + reach),
  );
}

/**
 * The same spans with their features in one table, as the sentence model reads them. `reach`
 * (see `reachedSpans`) leaves out runs of clauses far from the question's terms, before anything
 * is measured: the features compared across spans (gaps, ranks) are then taken over those kept.
 */
export function spanTable(
  passage: string,
  query: Query,
  maxChars: number,
  title = '',
  reach = Infinity,
): SpanTable {
  const tokenized = tokenizedSentences(passage);
  const { clauses, sentenceChars } = tokenized;
  if (clauses.length === 0) return { spans: [], values: new Float64Array(0) };
  const topic = titleOf(title);
  const view = questionView(query);
  const { asked, pieces, chars, inLetters, questionHan, english, width } = view;
  const shapes = spansOf(tokenized, maxChars);
  // Flags at offsets into one buffer: each clause's, then the unions of sentences and spans.
  const clauseStart: number[] = [];
  let clauseCount = 0;
  for (const sentenceClauses of clauses) {
    clauseStart.push(clauseCount);
    clauseCount += sentenceClauses.length;
  }
  const buffer = flagsBuffer((clauseCount + clauses.length + shapes.length) * width);
  const clauseAt = (sentence: number, clause: number): number => (clauseStart[sentence]! + clause) * width;
  // Each sentence's clauses holding a question term, by place in the sentence.
  const termClauses: number[][] = clauses.map(() => []);
  for (let i = 0; i < view.termKeys.length; i++)
    clausesHaving(tokenized, view.termKeys[i]!, (clause) => (buffer[clause * width + i] = 1));
  if (reach !== Infinity && shapes.some((shape) => !shape.whole))
    clauses.forEach((sentenceClauses, s) => {
      for (let c = 0; c < sentenceClauses.length; c++)
        if (countFlags(buffer, clauseAt(s, c), clauseAt(s, c) + view.termKeys.length) > 0)
          termClauses[s]!.push(c);
    });
  const scored = reachedSpans(shapes, termClauses, reach, english === 1);
  clauses.forEach((sentenceClauses, s) =>
    sentenceClauses.forEach((clause, c) => clauseFlags(clause, view, buffer, clauseAt(s, c))),
  );
  let free = clauseCount * width;
  /** The flags of clauses [start, end) of a sentence or'ed together: a clause's own when one. */
  const unionFlags = (sentence: number, start: number, end: number): number => {
    if (end - start === 1) return clauseAt(sentence, start);
    const at = free;
    free += width;
    for (let c = start; c < end; c++) {
      const own = clauseAt(sentence, c);
      for (let i = 0; i < width; i++) buffer[at + i] = buffer[at + i]! | buffer[own + i]!;
    }
    return at;
  };
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
  const wholeFlags = clauses.map((sentenceClauses, i) => unionFlags(i, 0, sentenceClauses.length));
  const weights = sentenceWeights(
    query,
    clauses.length,
    (i) => (term) => buffer[wholeFlags[i]! + view.termIndex.get(term)!] === 1,
    topic.terms,
  );
  const wholes = tokenized.wholes.map((shape, i) =>
    measure(shape, buffer, wholeFlags[i]!, query, view, weights),
  );
  // Runs of clauses come by start, then one clause longer each: a run's flags are the run one
  // shorter's and its last clause's, not all its clauses' again.
  let shorter: Raw | undefined;
  const raws = scored.map((shape) => {
    if (shape.whole) return wholes[shape.sentence]!;
    let spanFlags: number;
    const previous = shorter?.shape;
    if (
      previous &&
      previous.sentence === shape.sentence &&
      previous.start === shape.start &&
      previous.end === shape.end - 1
    ) {
      spanFlags = free;
      free += width;
      const from = shorter!.flags;
      const last = clauseAt(shape.sentence, shape.end - 1);
      for (let i = 0; i < width; i++) buffer[spanFlags + i] = buffer[from + i]! | buffer[last + i]!;
    } else spanFlags = unionFlags(shape.sentence, shape.start, shape.end);
    return (shorter = measure(shape, buffer, spanFlags, query, view, weights));
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
    (sentence, i) => buffer[wholeFlags[sentence]! + hanFrom + i] === 1,
    topic.chars,
  );
  // Per-span numbers in typed arrays: an array of numbers takes the elements kind of its values
  // (integers, doubles), and each new kind deoptimized this function, one of a run's costliest
  // to compile.
  const spanCharWeighted = Float64Array.from(raws, (raw) =>
    charWeighted((i) => buffer[raw.flags + hanFrom + i] === 1),
  );
  let maxCharWeighted = -Infinity;
  for (const value of spanCharWeighted) maxCharWeighted = Math.max(maxCharWeighted, value);
  // Sorted natively as numbers, rather than by a comparator called from the sort.
  const sortedWeighted = new Float64Array(raws.length);
  raws.forEach((raw, i) => (sortedWeighted[i] = raw.weighted));
  sortedWeighted.sort();
  const last = Math.max(1, clauses.length - 1);
  const { runs, starts } = passageRuns(view.chars, sentenceChars);

  // The likeliest unit of each span's numbers for the question's framing (answer-unit.ts).
  const units = unitsOf(query);
  const unitFits = Float64Array.from(raws, (raw) =>
    units.frame ? unitFit(units.frame, raw.shape.normalized, units.pairs) : 0,
  );
  const maxUnitFit = Math.max(0, ...unitFits);
  const values = new Float64Array(raws.length * SPAN_FEATURES.length);
  const C = SPAN_COLUMN;
  const spans = raws.map((raw, index): Span => {
    const { shape } = raw;
    const charCount = shape.charTo - shape.charFrom;
    let novelChars = 0;
    for (let c = shape.start; c < shape.end; c++) novelChars += novel[shape.sentence]![c]!;
    const holds = asked !== undefined && spanHolds(shape, asked);
    const found = pieces.length
      ? countFlags(buffer, raw.flags + view.termIndex.size, raw.flags + hanFrom) / pieces.length
      : 0;
    const hanFound = countFlags(buffer, raw.flags + hanFrom, raw.flags + width);
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
      1 +
        longestSharedRun(
          runs,
          starts[shape.sentence]! + shape.charFrom,
          starts[shape.sentence]! + shape.charTo,
        ),
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
    values[row + C.unitFit] = unitFits[index]!;
    values[row + C.unitFitGap] = unitFits[index]! - maxUnitFit;
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
