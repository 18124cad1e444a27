import { describe, expect, it } from 'vitest';
import type { LogisticModel } from '../../src/answer/model.ts';
import { createEngine } from '../../src/engine.ts';
import { parseArticle } from '../../src/knowledge/load.ts';

// Made-up passages: the segmenter cuts the song's name into single characters in the first (so
// only its character pairs are indexed); the second holds every pair of it, but apart.
const article = parseArticle(
  'anthem',
  'anthem.md',
  [
    '# 国歌',
    '',
    '德利斯勒在晚宴上谱写了莱茵守军战曲，后来成为国歌。',
    '',
    '莱茵河畔的守军在战时唱过许多歌曲，茵守、军战与战曲都是地名。',
    '',
  ].join('\n'),
);

/** A ranker that weighs nothing but how much of the question a passage covers. */
const coverageOnly: LogisticModel = { features: ['coverage'], mean: [0], scale: [1], weights: [5], bias: 0 };

describe('a question word the passage holds verbatim', () => {
  it('covers the word fully where the passage was segmented otherwise, and ranks it first', () => {
    const engine = createEngine([article], [], { model: { ranker: coverageOnly } });
    const result = engine.ask('莱茵守军战曲？', { diagnose: true });
    const coverage = (passage: string): number =>
      result.diagnosis!.candidates.find((c) => c.passage === passage)!.features.coverage!;
    expect(coverage('1')).toBeCloseTo(1);
    expect(coverage('2')).toBeLessThan(1);
    expect(result.citations[0]).toMatchObject({ source: 'anthem', passage: '1' });
  });
});
