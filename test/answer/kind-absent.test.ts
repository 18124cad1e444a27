import { describe, expect, it } from 'vitest';
import { lacksAnswerType } from '../../src/answer/answer-type.ts';
import { sureConfidence as sure } from '../helpers/sure-confidence.ts';
import { createEngine } from '../../src/engine.ts';
import { parseArticle } from '../../src/knowledge/load.ts';
import { normalizeText } from '../../src/search/normalize.ts';

// A made-up article: one passage names the robots' maker without any number, another counts them.
const article = parseArticle(
  'robots',
  'robots.md',
  ['# 工厂', '', '这家工厂的机器人由蓝海公司制造，用于焊接车身。', '', '工厂的仓库位于河边。', ''].join('\n'),
);
const counted = parseArticle(
  'robots-counted',
  'robots-counted.md',
  [
    '# 工厂',
    '',
    '这家工厂的机器人由蓝海公司制造，共有 120 台，用于焊接车身。',
    '',
    '工厂的仓库位于河边。',
    '',
  ].join('\n'),
);

describe('an amount or a time asked and absent from the cited passage', () => {
  it('is told apart only where absent means absent', () => {
    expect(
      lacksAnswerType(normalizeText('比如特斯拉的 Autopilot、深度学习研发框架 Catalyst 等。'), 'amount'),
    ).toBe(true);
    // Written in numerals, as a quantity word, as a season: present, though HOLDS misses some.
    expect(lacksAnswerType(normalizeText('他们建了数百座桥'), 'amount')).toBe(false);
    expect(lacksAnswerType(normalizeText('投胎经常是很多次'), 'amount')).toBe(false);
    expect(lacksAnswerType(normalizeText('每到秋季举办成年礼'), 'time')).toBe(false);
    expect(lacksAnswerType(normalizeText('蓝海公司制造机器人'), 'time')).toBe(true);
    // A person's or a place's name is not marked in Chinese: its absence is never told.
    expect(lacksAnswerType(normalizeText('蓝海公司制造机器人'), 'person')).toBe(false);
  });

  it('withholds the answer from a passage with no number, and gives it where the passage counts', () => {
    const question = '工厂的机器人有多少台？';
    const absent = createEngine([article], [], { model: { confidence: sure } }).ask(question, {
      diagnose: true,
    });
    expect(absent.citations[0]).toMatchObject({ source: 'robots', passage: '1' });
    expect(absent.diagnosis?.confidence?.kindAbsent).toBe(1);
    expect(absent.answered).toBe(false);
    const present = createEngine([counted], [], { model: { confidence: sure } }).ask(question, {
      diagnose: true,
    });
    expect(present.diagnosis?.confidence?.kindAbsent).toBe(0);
    expect(present.answered).toBe(true);
  });

  it('leaves a question that asks for no amount or time as it was', () => {
    const result = createEngine([article], [], { model: { confidence: sure } }).ask(
      '工厂的机器人是谁制造的？',
      {
        diagnose: true,
      },
    );
    expect(result.diagnosis?.confidence?.kindAbsent).toBe(0);
    expect(result.answered).toBe(true);
  });
});
