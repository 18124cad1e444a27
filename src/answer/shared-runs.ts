/**
 * The longest stretch of a question's characters a span of a sentence repeats verbatim (the span
 * feature longestShared, spans.ts), for every span of the sentence from one table.
 */
import type { QuestionChars } from './question-chars.ts';

/**
 * For each character of a sentence, the longest run of the question's characters ending there:
 * a span starting at `from` shares min(run, j - from + 1) ending at j, so one pass serves every
 * span of the sentence. The table of runs (question position × sentence position) is mostly
 * zeros: only where the sentence's character occurs in the question can a run continue, so each
 * column is worked out at those positions alone.
 */
export function sharedRunsEnding(
  question: QuestionChars,
  sentence: Uint32Array,
  /** Where to write them, from `at` on (every place written, zeros too): a new array by default. */
  longest = new Uint16Array(sentence.length),
  at = 0,
): Uint16Array {
  const size = question.codes.length + 1;
  // Two columns of the table (the run ending at question position i - 1), all zeros between
  // uses, and where each has a run (a column has at most one per question position).
  if (columns.length < size) columns = newColumns(size);
  let { previous, current, previousAt, currentAt } = columns;
  let previousCount = 0;
  for (let j = 0; j < sentence.length; j++) {
    const slot = question.slotOf(sentence[j]!);
    let currentCount = 0;
    let best = 0;
    if (slot !== 0) {
      for (const position of question.positions[slot - 1]!) {
        const run = previous[position]! + 1;
        current[position + 1] = run;
        currentAt[currentCount++] = position + 1;
        if (run > best) best = run;
      }
    }
    longest[at + j] = best;
    for (let k = 0; k < previousCount; k++) previous[previousAt[k]!] = 0;
    const column = previous;
    previous = current;
    current = column;
    const places = previousAt;
    previousAt = currentAt;
    currentAt = places;
    previousCount = currentCount;
  }
  for (let k = 0; k < previousCount; k++) previous[previousAt[k]!] = 0;
  return longest;
}

interface Columns {
  length: number;
  previous: Uint16Array;
  current: Uint16Array;
  previousAt: Int32Array;
  currentAt: Int32Array;
}

function newColumns(length: number): Columns {
  return {
    length,
    previous: new Uint16Array(length),
    current: new Uint16Array(length),
    previousAt: new Int32Array(length),
    currentAt: new Int32Array(length),
  };
}

let columns = newColumns(256);

/** The longest run of question characters within [from, to) of a sentence (see sharedRunsEnding). */
export function longestSharedRun(runs: Uint16Array, from: number, to: number): number {
  let best = 0;
  for (let j = from; j < to; j++) best = Math.max(best, Math.min(runs[j]!, j - from + 1));
  return best;
}

/**
 * `sharedRunsEnding` of each sentence of a passage, one after the other in one buffer kept from call
 * to call (valid until the next call): a Uint16Array per sentence, too long for V8 to keep on its
 * heap, took a buffer outside it each (~60 a question). Sentence s's runs start at `starts[s]`;
 * `longestSharedRun(runs, starts[s] + from, starts[s] + to)` is its span's, the same as alone.
 */
export function passageRuns(
  question: QuestionChars,
  sentences: readonly Uint32Array[],
): { runs: Uint16Array; starts: Int32Array } {
  const starts = new Int32Array(sentences.length);
  let total = 0;
  sentences.forEach((sentence, s) => {
    starts[s] = total;
    total += sentence.length;
  });
  // A pathological size is not kept.
  let runs = runBuffer;
  if (total > KEPT_RUNS) runs = new Uint16Array(total);
  else if (runBuffer.length < total)
    runs = runBuffer = new Uint16Array(Math.max(total, 2 * runBuffer.length));
  sentences.forEach((sentence, s) => sharedRunsEnding(question, sentence, runs, starts[s]!));
  return { runs, starts };
}

const KEPT_RUNS = 1 << 20;
let runBuffer = new Uint16Array(1 << 12);
