import { describe, expect, it } from 'vitest';
import { calibrationByLanguage, reliability } from '../../src/eval/reliability.ts';
import type { Outcome } from '../../src/eval/public-sets.ts';

/** An outcome whose top citation is right or not, shown at this confidence. */
function outcome(question: string, confidence: number, right: boolean): Outcome {
  return {
    question: { id: question, question, source: 'p1', answers: [] },
    answerable: true,
    result: {
      question,
      answered: confidence >= 0.5,
      confidence,
      answer: '',
      citations: [{ source: right ? 'p1' : 'p2', passage: '1', title: 't', text: 'x' }],
      matchedTerms: [],
    },
    ms: 0,
  } as unknown as Outcome;
}

describe('reliability', () => {
  it('is 0 when the confidence shown is how often the top citation is right', () => {
    const outcomes = [outcome('a', 0.95, true), outcome('b', 0.05, false)];
    expect(reliability(outcomes).calibrationError).toBeCloseTo(0.05, 5);
  });

  it('splits the calibration error by question language, so one language shown too low shows', () => {
    // Chinese questions shown at 0.9 and right 9 times in 10; English ones shown at 0.3 and always right.
    const zh = Array.from({ length: 10 }, (_, i) => outcome(`问题${i}？`, 0.9, i < 9));
    const en = Array.from({ length: 10 }, (_, i) => outcome(`Question ${i}?`, 0.3, true));
    const byLanguage = calibrationByLanguage([...zh, ...en]);
    expect(byLanguage).toEqual([
      { language: 'zh', count: 10, calibrationError: expect.closeTo(0, 5) },
      { language: 'en', count: 10, calibrationError: expect.closeTo(0.7, 5) },
    ]);
    // A Chinese question with a Latin name is Chinese.
    expect(calibrationByLanguage([outcome('PyTorch 是谁开发的？', 0.5, true)])[0]!.language).toBe('zh');
  });
});
