/**
 * The longest stretch of a question's characters a span of a sentence repeats verbatim (the span
 * feature longestShared, spans.ts), for every span of the sentence from one table.
 */

/**
 * For each character of a sentence, the longest run of the question's characters ending there:
 * a span starting at `from` shares min(run, j - from + 1) ending at j, so one pass serves every
 * span of the sentence.
 */
export function sharedRunsEnding(question: Uint32Array, sentence: Uint32Array): Uint16Array {
  const longest = new Uint16Array(sentence.length);
  // The two rows of the table, reused from sentence to sentence (only [0, length] is read).
  if (runRows[0].length <= sentence.length) runRows = newRunRows(sentence.length + 1);
  let [previous, current] = runRows;
  previous.fill(0, 0, sentence.length + 1);
  current[0] = 0;
  for (let i = 1; i <= question.length; i++) {
    for (let j = 1; j <= sentence.length; j++) {
      const run = question[i - 1] === sentence[j - 1] ? previous[j - 1]! + 1 : 0;
      current[j] = run;
      if (run > longest[j - 1]!) longest[j - 1] = run;
    }
    const done = previous;
    previous = current;
    current = done;
  }
  return longest;
}

function newRunRows(length: number): [Uint16Array, Uint16Array] {
  return [new Uint16Array(length), new Uint16Array(length)];
}

let runRows = newRunRows(256);

/** The longest run of question characters within [from, to) of a sentence (see sharedRunsEnding). */
export function longestSharedRun(runs: Uint16Array, from: number, to: number): number {
  let best = 0;
  for (let j = from; j < to; j++) best = Math.max(best, Math.min(runs[j]!, j - from + 1));
  return best;
}
