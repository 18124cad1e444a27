import { describe, expect, it } from 'vitest';
import { rankerFeatures, type CandidateView } from '../../src/answer/features.ts';
import { InvertedIndex } from '../../src/search/inverted-index.ts';
import { normalizeText } from '../../src/search/normalize.ts';
import { buildQuery } from '../../src/search/query.ts';
import { tokenize } from '../../src/search/tokenize.ts';

/** The ranker's features of each passage (one sentence each) for a question, over those passages. */
function featuresOf(question: string, passages: string[]) {
  const texts = passages.map((text) => normalizeText(text));
  const index = new InvertedIndex(texts.map((text) => tokenize(text)));
  const query = buildQuery(question, index);
  const views: CandidateView[] = texts.map((text, doc) => ({
    has: (term) => index.contains(doc, term),
    normalized: text,
    score: 1,
    coverage: 0.5,
    bm25: 1,
    answer: { text: passages[doc]!, matchedWords: [], coverage: 0.5 },
    answerNormalized: text,
  }));
  return rankerFeatures(query, views, index.idf('\u0000'), 1, undefined, (term) => index.idf(term));
}

describe('the ranker features', () => {
  it('weighs the question’s character pairs by rarity: the rare pair found counts for more', () => {
    // Each of the first two holds one of the question's pairs: the first the rare one (倒塌),
    // the second "柏林", which most passages here have.
    const [rare, common] = featuresOf('柏林围墙在哪一年倒塌？', [
      '那座墙倒塌了。',
      '柏林是首都。',
      '柏林很大。',
      '柏林有很多人。',
    ]);
    expect(rare!.bigramsInPassage).toBe(common!.bigramsInPassage);
    expect(rare!.rareBigramsInPassage).toBeGreaterThan(common!.rareBigramsInPassage!);
    expect(rare!.rareBigramsInSentence).toBeGreaterThan(common!.rareBigramsInSentence!);
  });

  it('tells a paraphrase (characters of the missing word present) from another topic', () => {
    const [paraphrase, other] = featuresOf('谁是这个框架的创建者？', [
      '这个框架的创始人是张三。',
      '这个框架的性能很好。',
      '天气很好。',
    ]);
    expect(paraphrase!.missedCharsFound).toBeGreaterThan(other!.missedCharsFound!);
  });

  it('counts a candidate that misses nothing as keeping every character', () => {
    const [whole] = featuresOf('框架的性能', ['这个框架的性能很好。', '天气很好。']);
    expect(whole!.missedCharsFound).toBe(1);
  });
});
