/** Reading `ask`'s questions from stdin: lines split across chunks, any line ending, UTF-8 cut mid-character. */
const LINE_BREAK = /\r\n|\n|\r/;
/** Enough to make a write's cost small against the answers', few enough that none waits long. */
const BATCH_LINES = 64;

/**
 * One answer per input line (\n, \r\n or \r ends one, as readline has it), in order, as each line
 * arrives: the first line of a chunk alone, so the first answer waits for no other, then the
 * chunk's answers up to BATCH_LINES at a time. A write per line was a system call per answer, ~4%
 * of `ask --json`'s time over a file of questions.
 */
export async function* answerLines(
  input: AsyncIterable<string | Buffer>,
  answer: (line: string) => string,
): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  let pending = '';
  for await (const chunk of input) {
    pending += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    // A trailing \r may be the first half of \r\n: its line waits for the next chunk.
    const end = pending.endsWith('\r') ? pending.length - 1 : pending.length;
    const lines = pending.slice(0, end).split(LINE_BREAK);
    pending = lines.pop()! + pending.slice(end);
    yield* batches(lines, answer);
  }
  pending += decoder.decode();
  const lines = pending.split(LINE_BREAK);
  // The last line needs no line break, and an input ending in one has no empty line after it.
  if (lines.at(-1) === '') lines.pop();
  yield* batches(lines, answer);
}

function* batches(lines: readonly string[], answer: (line: string) => string): Generator<string> {
  for (let from = 0; from < lines.length; from = from === 0 ? 1 : from + BATCH_LINES) {
    yield lines
      .slice(from, from === 0 ? 1 : from + BATCH_LINES)
      .map(answer)
      .join('');
  }
}
