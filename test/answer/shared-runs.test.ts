import { describe, expect, it } from 'vitest';
import { QuestionChars } from '../../src/answer/question-chars.ts';
import { longestSharedRun, sharedRunsEnding } from '../../src/answer/shared-runs.ts';

const codes = (text: string) => Uint32Array.from(Array.from(text), (char) => char.codePointAt(0)!);

/** The full table of runs, as it was computed before it was made sparse. */
function fullTable(question: Uint32Array, sentence: Uint32Array): number[] {
  const longest = new Array<number>(sentence.length).fill(0);
  let previous = new Array<number>(sentence.length + 1).fill(0);
  for (let i = 1; i <= question.length; i++) {
    const current = [0];
    for (let j = 1; j <= sentence.length; j++) {
      current[j] = question[i - 1] === sentence[j - 1] ? previous[j - 1]! + 1 : 0;
      longest[j - 1] = Math.max(longest[j - 1]!, current[j]!);
    }
    previous = current;
  }
  return longest;
}

describe('sharedRunsEnding', () => {
  it('gives the full table’s runs, repeats and characters outside the BMP included', () => {
    const cases: Array<[string, string]> = [
      ['范廷颂是什么时候被任为主教的', '范廷颂于1919年在越南出生，范廷颂是主教，被任为主教的时候'],
      ['aaab', 'aaaaabaaab'],
      ['𠀀𠀁是', '是𠀀𠀁𠀀𠀁是'],
      ['', '任何'],
      ['问题', ''],
    ];
    for (const [question, sentence] of cases) {
      const q = codes(question);
      const s = codes(sentence);
      expect([...sharedRunsEnding(new QuestionChars(q), s)]).toEqual(fullTable(q, s));
    }
  });

  it('serves two questions in turn from the shared table', () => {
    const first = new QuestionChars(codes('北京大学'));
    const second = new QuestionChars(codes('清华大学'));
    const sentence = codes('北京大学和清华大学');
    for (const chars of [first, second, first])
      expect([...sharedRunsEnding(chars, sentence)]).toEqual(fullTable(chars.codes, sentence));
    expect(longestSharedRun(sharedRunsEnding(second, sentence), 0, 4)).toBe(2);
  });
});
