import { describe, expect, it } from 'vitest';
import { answerLines } from '../../src/cli/lines.ts';

async function collect(chunks: Array<string | Buffer>): Promise<string[]> {
  const out: string[] = [];
  for await (const answers of answerLines(
    (async function* () {
      yield* chunks;
    })(),
    (line) => `[${line}]`,
  ))
    out.push(answers);
  return out;
}

describe('answerLines (ask reading questions from stdin)', () => {
  it('answers each line once, in order, whatever ends it and however it is cut into chunks', async () => {
    const answers = await collect(['一\r', '\n二\n\n三', '\rfour\r\nfi', 've']);
    expect(answers.join('')).toBe('[一][二][][三][four][five]');
  });

  it('answers a chunk’s first line alone, then the rest of its lines 64 at a time', async () => {
    const lines = Array.from({ length: 100 }, (_, i) => `q${i}`);
    const answers = await collect([`${lines.join('\n')}\n`]);
    expect(answers.map((batch) => batch.split('][').length)).toEqual([1, 64, 35]);
    expect(answers.join('')).toBe(lines.map((line) => `[${line}]`).join(''));
  });

  it('keeps a character cut between two chunks whole, and a byte-order mark as readline does', async () => {
    const bytes = Buffer.from('\uFEFF贡献者\n');
    expect((await collect([bytes.subarray(0, 5), bytes.subarray(5)])).join('')).toBe('[\uFEFF贡献者]');
  });

  it('adds no empty question after a final line break, nor for empty input', async () => {
    expect(await collect(['a\n'])).toEqual(['[a]']);
    expect(await collect([])).toEqual([]);
  });
});
