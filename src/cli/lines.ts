/** Reading `ask`'s questions from stdin: lines split across chunks, any line ending, UTF-8 cut mid-character. */
const LINE_BREAK = /\r\n|\n|\r/;

/**
 * One answer per input line (\n, \r\n or \r ends one, as readline has it), in order, as each line
 * arrives: the answers to a chunk's lines come out as one string. A write per line was a system
 * call per answer, ~4% of `ask --json`'s time over a file of questions.
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
    if (lines.length > 0) yield lines.map(answer).join('');
  }
  pending += decoder.decode();
  const lines = pending.split(LINE_BREAK);
  // The last line needs no line break, and an input ending in one has no empty line after it.
  if (lines.at(-1) === '') lines.pop();
  if (lines.length > 0) yield lines.map(answer).join('');
}
