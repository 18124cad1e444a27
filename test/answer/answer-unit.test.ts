import { describe, expect, it } from 'vitest';
import {
  loadUnitTable,
  numberUnits,
  pairsOf,
  questionFrames,
  tableFrame,
  unitFit,
  type UnitTable,
} from '../../src/answer/answer-unit.ts';
import { learnUnitTable, type UnitSample } from '../../src/eval/answer-units.ts';
import { normalizeText } from '../../src/search/normalize.ts';

const read = (text: string, pairs: Iterable<string> = []): string[] =>
  numberUnits(normalizeText(text), new Set(pairs));

describe('the units of a text', () => {
  it('reads the character after each number, past spaces and multipliers', () => {
    expect(read('PyTorch 迎来了自己的 5 岁生日')).toEqual(['岁']);
    expect(read('有 2400 多名贡献者，3 万人')).toEqual(['名', '人']);
    expect(read('增长了 30%，比分 3:2')).toEqual(['%', '#', '#']);
  });

  it('keeps a learned pair whole and marks years and a lone 一', () => {
    expect(read('历时 3 个月', ['个月'])).toEqual(['个月']);
    expect(read('历时 3 个人', ['个月'])).toEqual(['个']);
    expect(read('2015 年发布，历时 5 年')).toEqual(['⁴年', '年']);
    expect(read('一个半月后，十二人')).toEqual(['¹个', '人']);
  });
});

describe('the framings of a question', () => {
  it('goes from the question word with its neighbours to the kind', () => {
    expect(questionFrames(normalizeText('PyTorch 幾歲了？'))).toEqual(['几岁|了', '几岁', '(amount)']);
    expect(questionFrames('该市有多少人口')).toEqual([
      '多少|人口',
      '多少|人',
      '市有|多少',
      '有|多少',
      '多少',
      '(amount)',
    ]);
    expect(questionFrames('how many people live there?')).toEqual([
      'how many people',
      'how many',
      '(amount)',
    ]);
    expect(questionFrames('谁创立了 PyTorch')).toEqual([]);
    // The earlier question word: an age, whatever the "when" of its clause.
    expect(questionFrames('how old was mira when she left?')).toEqual(['how old was', 'how old', '(amount)']);
  });

  it('reads the most specific framing the table has, an English phrase its Chinese word', () => {
    const table: UnitTable = {
      pairs: [],
      frames: { 多少: { 人: 0.5, '*': 0.001 }, '(amount)': { 个: 0.2, '*': 0.001 } },
      aliases: { 'how many': '多少' },
    };
    expect(tableFrame(table, '多少人口')).toBe(table.frames['多少']);
    expect(tableFrame(table, 'how many people')).toBe(table.frames['多少']);
    expect(tableFrame(table, '几个')).toBe(table.frames['(amount)']);
    expect(tableFrame(table, 'who')).toBeUndefined();
  });
});

describe('learning the table from gold answers', () => {
  const sample = (question: string, gold: string, context: string): UnitSample => ({
    set: 'test',
    fold: 0,
    question,
    frames: questionFrames(question),
    gold,
    tail: context.slice(context.indexOf(gold)),
    context,
  });

  it('gives the unit its framing was answered in the higher probability, smoothed', () => {
    const samples = [
      ...Array.from({ length: 6 }, (_, i) =>
        sample('他几岁了', `${i + 3}岁`, `他今年${i + 3}岁，5年前来到这里`),
      ),
      ...Array.from({ length: 6 }, (_, i) => sample('哪一年成立', `${2000 + i}年`, `${2000 + i}年成立`)),
    ];
    const table = learnUnitTable(samples, { minFrame: 3, alpha: 4, minPair: 5 });
    const frame = tableFrame(table, '它几岁了')!;
    expect(frame['岁']!).toBeGreaterThan(0.5);
    expect(frame['年'] ?? frame['*']!).toBeLessThan(0.1);
    // The year's framing: a four-digit year, not a number of years.
    const year = tableFrame(table, '哪一年发布')!;
    expect(year['⁴年']!).toBeGreaterThan(year['年'] ?? year['*']!);
  });
});

describe('the committed table (data/answer-units.json, npm run answer-units)', () => {
  const table = loadUnitTable();
  const pairs = pairsOf(table);
  const fit = (question: string, text: string): number =>
    unitFit(tableFrame(table, normalizeText(question)), normalizeText(text), pairs);

  it('prefers "5 岁" over "5 年前" for an age, asked in Chinese or English', () => {
    for (const question of [
      'PyTorch 几岁了？',
      'PyTorch 多大了？',
      'PyTorch 多少岁了？',
      'How old is PyTorch?',
    ])
      expect(fit(question, 'PyTorch 迎来了自己的 5 岁生日')).toBeGreaterThan(
        fit(question, '追忆 5 年前的 Logo'),
      );
  });

  it('prefers a year for "哪一年" and a count of people for "多少人"', () => {
    expect(fit('PyTorch 是哪一年发布的？', '2016 年发布')).toBeGreaterThan(
      fit('PyTorch 是哪一年发布的？', '发布了 5 年'),
    );
    expect(fit('有多少人参加？', '共 300 人参加')).toBeGreaterThan(fit('有多少人参加？', '共 3 天'));
  });

  it('reads nothing for a question that asks no amount or time', () => {
    expect(fit('PyTorch 是谁开发的？', 'PyTorch 迎来了自己的 5 岁生日')).toBe(0);
  });
});
