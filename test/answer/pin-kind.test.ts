import { describe, expect, it } from 'vitest';
import { holdsAnswerType, holdsAnswerTypeAsWritten } from '../../src/answer/answer-type.ts';
import { headSize, type RankedCandidate } from '../../src/search/candidate.ts';
import { normalizeText } from '../../src/search/normalize.ts';

// What an English pin holds, read from its text as written (answer-type.ts holdsAnswerTypeAsWritten).
// A made-up dictionary stands for the engine's: "foundation", "booth" are ordinary words.
const ordinary = new Set(['foundation', 'conference', 'booth', 'now', 'works']);
const isOrdinaryWord = (word: string) => ordinary.has(word);
const asWritten = (text: string, type: 'person' | 'name' | 'time') =>
  holdsAnswerTypeAsWritten(text, type, isOrdinaryWord);

describe('a pin without Han characters, read as written', () => {
  const foundation = 'The PyTorch Foundation was founded in September 2022 under the Linux Foundation.';

  it('holds a person only as two capitalized words in a row, none ordinary nor a stopword', () => {
    // HOLDS reads any two Latin words as a name (for Latin names inside Chinese text).
    expect(holdsAnswerType(normalizeText(foundation), 'person')).toBe(true);
    expect(asWritten(foundation, 'person')).toBe(false);
    expect(asWritten('Adam Paszke now works at Google.', 'person')).toBe(true);
    expect(asWritten('Stickers are given at the Conference Booth.', 'person')).toBe(false);
    // Names apart, or apart by punctuation, are no one name.
    expect(asWritten('Paszke, Google and Meta know.', 'person')).toBe(false);
  });

  it('holds a name as one such word or a quotation', () => {
    expect(asWritten(foundation, 'name')).toBe(true);
    expect(asWritten('The booth is near the entrance.', 'name')).toBe(false);
    expect(asWritten('The channel is called "general".', 'name')).toBe(true);
  });

  it('says nothing of other kinds, or of text with Han characters', () => {
    expect(asWritten(foundation, 'time')).toBeUndefined();
    expect(asWritten('Soumith Chintala 住在纽约。', 'person')).toBeUndefined();
  });
});

describe('the head the ranker judges', () => {
  const ranked = (kinds: string) =>
    Array.from(kinds, (kind) => ({
      candidate: { citation: kind === 'p' ? { pin: {} } : {} },
    })) as unknown as RankedCandidate[];

  it('holds three passages and the pins ranked among them', () => {
    expect(headSize(ranked('aaaaa'), 3)).toBe(3);
    expect(headSize(ranked('paapaa'), 3)).toBe(5);
    expect(headSize(ranked('pa'), 3)).toBe(2);
  });
});
