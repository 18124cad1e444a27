import { describe, expect, it } from 'vitest';
import { InvertedIndex } from '../../src/search/inverted-index.ts';
import { sensesRarity, useSenseRarityOption } from '../../src/search/sense-rarity.ts';

// Six passages: 时间 in four, 基地 in one, 基于 in two (one of them with 时间), 基金会 nowhere whole.
const index = new InvertedIndex([
  ['时间', '基于'],
  ['时间'],
  ['时间'],
  ['时间', '基地'],
  ['基于', '基金'],
  ['天气'],
]);
const senses = (...terms: string[]) => terms.map((term) => ({ term, weight: 0.8 }));

describe("a translated word's rarity through its senses", () => {
  it('rarest: the rarest sense found, however far (main)', () => {
    expect(sensesRarity(senses('时间', '基地'), index, 'rarest')).toBeCloseTo(index.idf('基地'));
  });

  it('mean: the mean rarity of the senses found, those the knowledge lacks left out', () => {
    const mean = (index.idf('时间') + index.idf('基地')) / 2;
    expect(sensesRarity(senses('时间', '基地', '之间'), index, 'mean')).toBeCloseTo(mean);
    expect(sensesRarity(senses('时间', '基地'), index, 'mean')).toBeLessThan(index.idf('基地'));
  });

  it('any: the passages holding any sense, each passage once', () => {
    expect(index.documentsHoldingAny(['时间', '基于'])).toBe(5);
    expect(sensesRarity(senses('时间', '基于'), index, 'any')).toBeCloseTo(index.idfOfCount(5));
  });

  it("a sense the knowledge has only in pieces counts its rarest bigram, as a Chinese word's does", () => {
    expect(sensesRarity(senses('基金会'), index, 'mean')).toBeCloseTo(index.idf('基金'));
    expect(sensesRarity(senses('之间'), index, 'mean')).toBe(0);
  });

  it('serves rarest; --sense-rarity measures another and refuses what it does not know', () => {
    expect(sensesRarity(senses('时间', '基地'), index)).toBeCloseTo(index.idf('基地'));
    expect(() => useSenseRarityOption('first')).toThrow(/rarest, mean, any/);
    useSenseRarityOption('mean');
    try {
      expect(sensesRarity(senses('时间', '基地'), index)).toBeLessThan(index.idf('基地'));
    } finally {
      useSenseRarityOption('rarest');
    }
  });
});
