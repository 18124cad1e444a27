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
export function sharedRunsEnding(question: QuestionChars, sentence: Uint32Array): Uint16Array {
  const longest = new Uint16Array(sentence.length);
  const size = question.codes.length + 1;
  // Two columns of the table (run ending at question position i - 1), all zeros between uses.
  if (runColumns[0].length < size) runColumns = newRunColumns(size);
  let [previous, current] = runColumns;
  let previousSet: number[] = [];
  let currentSet: number[] = [];
  for (let j = 0; j < sentence.length; j++) {
    const slot = question.slotOf(sentence[j]!);
    if (slot !== 0) {
      let best = 0;
      for (const at of question.positions[slot - 1]!) {
        const run = previous[at]! + 1;
        current[at + 1] = run;
        currentSet.push(at + 1);
        if (run > best) best = run;
      }
      longest[j] = best;
    }
    for (const i of previousSet) previous[i] = 0;
    previousSet.length = 0;
    const column = previous;
    previous = current;
    current = column;
    const set = previousSet;
    previousSet = currentSet;
    currentSet = set;
  }
  for (const i of previousSet) previous[i] = 0;
  return longest;
}

function newRunColumns(length: number): [Uint16Array, Uint16Array] {
  return [new Uint16Array(length), new Uint16Array(length)];
}

let runColumns = newRunColumns(256);

/** The longest run of question characters within [from, to) of a sentence (see sharedRunsEnding). */
export function longestSharedRun(runs: Uint16Array, from: number, to: number): number {
  let best = 0;
  for (let j = from; j < to; j++) best = Math.max(best, Math.min(runs[j]!, j - from + 1));
  return best;
}
