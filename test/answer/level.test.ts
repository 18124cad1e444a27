import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { answerLevel } from '../../src/answer/level.ts';
import { formatForTerminal } from '../../src/cli/ask.ts';
import { loadEngine } from '../../src/engine.ts';
import type { AnswerResult } from '../../src/engine.ts';

const result = (over: Partial<AnswerResult>): AnswerResult => ({
  question: 'How many contributors does PyTorch have?',
  answered: true,
  confidence: 0.95,
  answer: 'x',
  citations: [{ source: 'a', passage: '1', title: 'T', text: 'x', score: 1 }],
  matchedTerms: [],
  ...over,
});

describe('how sure an answer is, in words', () => {
  it('answer when answered and sure, possible below that; unsure or none when not answered', () => {
    expect(answerLevel(result({ confidence: 0.95 }), 0.66)).toBe('answer');
    expect(answerLevel(result({ confidence: 0.7 }), 0.66)).toBe('possible');
    expect(answerLevel(result({ answered: false, confidence: 0.09 }), 0.66)).toBe('none');
    // Withheld but likely enough to be right that "not in the article" would overstate it.
    expect(answerLevel(result({ answered: false, confidence: 0.5 }), 0.66)).toBe('unsure');
    expect(answerLevel(result({ answered: false, confidence: 0.15 }), 0.66)).toBe('unsure');
    // ...unless it names something the knowledge never mentions.
    expect(answerLevel(result({ answered: false, confidence: 0.5, unknownName: true }), 0.66)).toBe('none');
    // A model whose threshold is above the usual "sure" level raises it.
    expect(answerLevel(result({ confidence: 0.92 }), 0.95)).toBe('possible');
  });

  it('the engine exposes the fitted threshold of data/answer-model.json', async () => {
    const engine = await loadEngine('knowledge');
    const committed = JSON.parse(readFileSync('data/answer-model.json', 'utf8'));
    expect(engine.threshold).toBe(committed.confidence.threshold);
  });

  it('npm run ask words it like Discord: no number; "article" when one is loaded', () => {
    const one = { threshold: 0.66, articles: [{}] } as never;
    const two = { threshold: 0.66, articles: [{}, {}] } as never;
    expect(formatForTerminal(result({}), two).split('\n')[0]).toBe('Answer');
    expect(formatForTerminal(result({ confidence: 0.7 }), two).split('\n')[0]).toBe(
      'Possible answer — check the passage',
    );
    const withheld = { answered: false, confidence: 0.05 };
    expect(formatForTerminal(result(withheld), two).split('\n')[0]).toBe('Not in the articles');
    expect(formatForTerminal(result(withheld), one).split('\n')[0]).toBe('Not in the article');
    expect(formatForTerminal(result({ answered: false, confidence: 0.5 }), one).split('\n')[0]).toBe(
      'No sure answer',
    );
    expect(
      formatForTerminal(
        result({ question: 'PyTorch 支援 Windows 嗎？', answered: false, confidence: 0.5 }),
        one,
      ),
    ).toMatch(/^沒有把握回答\n/);
    expect(formatForTerminal(result({ question: 'PyTorch 有多少贡献者？', confidence: 0.7 }), one)).toMatch(
      /^可能的回答（置信度较低）——请核对原文\n/,
    );
    expect(formatForTerminal(result({}), two)).not.toMatch(/0\.9|95/);
  });
});
