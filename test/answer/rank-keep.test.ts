import { describe, expect, it } from 'vitest';
import type { LogisticModel } from '../../src/answer/model.ts';
import { proximity } from '../../src/answer/proximity.ts';
import { createEngine } from '../../src/engine.ts';
import { parseArticle } from '../../src/knowledge/load.ts';
import type { QueryGroup } from '../../src/search/query.ts';

// A made-up article: one paragraph names the project, the city and the volunteers again and again
// without a count; another counts the volunteers and does not name the city.
const article = parseArticle(
  'stars',
  'stars.md',
  [
    '# 星辰项目',
    '',
    '星辰项目在杭州招募志愿者。杭州的志愿者参与星辰项目的社区活动，星辰项目也感谢杭州的志愿者。',
    '',
    '星辰项目目前共有 300 名志愿者，分布在各个社区。',
    '',
    '星辰项目的网站介绍了社区活动的安排。',
    '',
  ].join('\n'),
);

/** A ranker that weighs nothing but how much of the question a passage covers. */
const coverageOnly: LogisticModel = { features: ['coverage'], mean: [0], scale: [1], weights: [5], bias: 0 };

describe('ranking a passage that holds the asked kind of answer', () => {
  it('cites the passage with the count over one that only covers more of the question', () => {
    const engine = createEngine([article], [], { model: { ranker: coverageOnly } });
    const result = engine.ask('星辰项目在杭州有多少名志愿者？', { diagnose: true });
    const [counting, naming] = ['stars§2', 'stars§1'].map(
      (key) => result.diagnosis!.candidates.find((c) => `${c.source}§${c.passage}` === key)!.features,
    );
    // The premise: the ranker alone puts the paragraph naming the city first.
    expect(naming!.coverage!).toBeGreaterThan(counting!.coverage!);
    expect(result.citations[0]).toMatchObject({ source: 'stars', passage: '2' });
    expect(result.citations[1]).toMatchObject({ source: 'stars', passage: '1' });
  });

  it('leaves the order alone when the question asks for no kind of answer', () => {
    const engine = createEngine([article], [], { model: { ranker: coverageOnly } });
    const result = engine.ask('星辰项目在杭州的志愿者', { diagnose: true });
    expect(result.citations[0]).toMatchObject({ source: 'stars', passage: '1' });
  });
});

describe('ranking a passage that counts the asked noun', () => {
  // Both paragraphs hold an amount next to the question's words; only the second counts the
  // volunteers. The ranker here prefers the longer answering sentence.
  const counted = parseArticle(
    'moon',
    'moon.md',
    [
      '# 月光项目',
      '',
      '月光项目成立 3 年来，无论是志愿者人数、捐款还是社区活动的规模都远远超出了最初的预期和计划。',
      '',
      '月光项目现在有 300 名志愿者。',
      '',
      '月光项目的网站介绍了社区活动。',
      '',
    ].join('\n'),
  );
  const longerSentence: LogisticModel = {
    features: ['answerChars'],
    mean: [0],
    scale: [1],
    weights: [5],
    bias: 0,
  };

  it('cites the count of the asked noun over another amount beside the question words', () => {
    const engine = createEngine([counted], [], { model: { ranker: longerSentence } });
    const result = engine.ask('月光项目有多少志愿者？', { diagnose: true });
    const features = (passage: string) =>
      result.diagnosis!.candidates.find((c) => c.passage === passage)!.features;
    // The premise: both hold an amount beside the question's words, only §2 counts the noun.
    expect(features('1')).toMatchObject({ typeInSentence: 1, counted: 0 });
    expect(features('2')).toMatchObject({ typeInSentence: 1, typeNearWords: 1, counted: 1 });
    expect(result.citations[0]).toMatchObject({ source: 'moon', passage: '2' });
  });
});

describe('where the question words meet in a passage', () => {
  const group = (word: string): QueryGroup => ({
    word,
    source: 'word',
    terms: [{ term: word, weight: 1 }],
    importance: 1,
  });
  const groups = [group('项目'), group('志愿者')];

  it('is the share of the question found within one window, and whether the asked thing is beside it', () => {
    const close = proximity('项目共有 300 名志愿者', groups, [1, 1], 'amount', 0.5);
    expect(close).toEqual({ windowCoverage: 1, typeNearWords: true });
    const apart = proximity(`项目${'很'.repeat(60)}志愿者`, groups, [1, 1], 'amount', 0.5);
    expect(apart).toEqual({ windowCoverage: 0.5, typeNearWords: false });
  });

  it('does not take a number the question repeats for the asked amount', () => {
    const groups2 = [group('2019'), group('志愿者')];
    expect(proximity('2019 年的志愿者', groups2, [1, 1], 'amount', 0.5).typeNearWords).toBe(false);
  });
});
