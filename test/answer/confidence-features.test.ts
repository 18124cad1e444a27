import { describe, expect, it } from 'vitest';
import { chooseAnswer } from '../../src/answer/choose.ts';
import { extraConfidenceFeatures, withLanguageTerms } from '../../src/answer/confidence-features.ts';
import { confidenceFeatures } from '../../src/answer/features.ts';
import { InvertedIndex } from '../../src/search/inverted-index.ts';
import { normalizeText } from '../../src/search/normalize.ts';
import { buildQuery } from '../../src/search/query.ts';
import { tokenize } from '../../src/search/tokenize.ts';

const passages = [
  '青石水库是本省最大的人工水库。这项工程于1958年开工，1960年建设完成。如今水库周边已经成为旅游景点。',
  '白云山是本省的名山。山上有一座古寺，每年春天游客很多。',
  '城市的公园很多，市民常去散步。',
];
const index = new InvertedIndex(passages.map((passage) => tokenize(normalizeText(passage))));

/**
 * The confidence's extra features of passage `doc` as the top citation for `question`, the other
 * passages retrieved after it with the given scores (or, `strangers`, passages sharing no term).
 */
function featuresOf(
  question: string,
  doc: number,
  scores = [5, 2, 1.5, 1.2, 1],
  strangers = false,
  rivals: number[] = [],
) {
  const query = buildQuery(question, index);
  const text = passages[doc]!;
  const answer = chooseAnswer(text, query);
  const has = (passage: number | undefined) => (term: string) =>
    passage !== undefined && index.contains(passage, term);
  const view = {
    has: has(doc),
    normalized: normalizeText(text),
    score: scores[0]!,
    coverage: 0.5,
    bm25: scores[0]!,
    answer,
    answerNormalized: normalizeText(answer.span),
  };
  const others = passages.map((_, i) => i).filter((i) => i !== doc);
  const retrieved = scores.map((score, i) => ({
    has: has(i === 0 ? doc : strangers ? undefined : others[i - 1]),
    score,
    coverage: 0.5,
  }));
  return {
    answer,
    features: extraConfidenceFeatures(
      query,
      view,
      { unseenIdf: index.idf('\u0000'), retrieved },
      rivals.map((rival) => ({ has: has(rival) })),
    ),
  };
}

describe('what the confidence alone sees of the top citation', () => {
  it('tells a rare word the passage lacks altogether from one it words otherwise', () => {
    // "山水库": the passage on a mountain has 山 but neither 水 nor 库: another topic.
    const elsewhere = featuresOf('白云山水库哪一年建成？', 1).features;
    expect(elsewhere.missAbsent).toBeGreaterThan(0);
    expect(elsewhere.missWorded).toBe(0);
    const answering = featuresOf('青石水库哪一年开工？', 0).features;
    expect(answering.missAbsent).toBe(0);
  });

  it('holds a passage that treats another topic to less of the words that single the question out', () => {
    const answering = featuresOf('青石水库哪一年开工？', 0).features;
    const elsewhere = featuresOf('青石水库哪一年开工？', 1).features;
    expect(answering.specificCoverage).toBeGreaterThan(elsewhere.specificCoverage!);
    expect(answering.missSpecific).toBeLessThan(elsewhere.missSpecific!);
  });

  it('counts a word most retrieved passages share (the topic) for less than one few share', () => {
    // 本省 is in two of the three passages, 水库 in one: the mountain passage holds only the topic.
    const question = '本省的水库有多大？';
    const amongOthers = featuresOf(question, 1).features;
    const amongStrangers = featuresOf(question, 1, undefined, true).features;
    expect(amongOthers.specificCoverage).toBeLessThan(amongStrangers.specificCoverage!);
  });

  it('flags a number the passage lacks', () => {
    expect(featuresOf('1972年青石水库做了什么？', 0).features.missName).toBe(1);
    expect(featuresOf('1958年青石水库做了什么？', 0).features.missName).toBe(0);
  });

  it("gives the sentence model's raw score of the chosen span and its margin over another sentence", () => {
    const { answer, features } = featuresOf('青石水库哪一年开工？', 0);
    expect(answer.rivalSpanLogit).toBeDefined();
    expect(answer.spanLogit).toBeGreaterThanOrEqual(answer.rivalSpanLogit!);
    expect(features.spanLogit).toBeCloseTo(answer.spanLogit, 9);
    expect(features.spanMargin).toBeCloseTo(answer.spanLogit - answer.rivalSpanLogit!, 9);
  });

  it('places the top score within the retrieved list, clamped', () => {
    const clear = featuresOf('青石水库哪一年开工？', 0, [8, 1, 1, 1, 1]).features;
    const tied = featuresOf('青石水库哪一年开工？', 0, [2, 2, 2, 2, 2]).features;
    expect(clear.scoreOverSecond).toBeCloseTo(Math.log(8), 9);
    expect(tied.scoreOverSecond).toBe(0);
    expect(tied.scoreZ).toBe(0);
    expect(clear.scoreZ).toBeGreaterThan(1.5);
    expect(featuresOf('青石水库哪一年开工？', 0, [5]).features.scoreOverFifth).toBe(3);
  });

  it('weighs the question words no passage of the knowledge holds at all', () => {
    // 火箭 is in no passage; every word of the second question is in the first passage.
    expect(featuresOf('青石水库的火箭哪一年发射？', 0).features.absentShare).toBeGreaterThan(0);
    expect(featuresOf('青石水库哪一年开工？', 0).features.absentShare).toBe(0);
  });

  it('gives the share of retrieved passages covering the question as well as the top one', () => {
    const { features } = featuresOf('青石水库哪一年开工？', 0);
    // Every retrieved passage has coverage 0.5 here, as the top one: all tied.
    expect(features.tieShare).toBe(1);
    expect(features.knowledgeScale).toBeCloseTo(index.idf('\u0000'), 9);
  });

  it('says how much more of the words few passages share the top holds than the next candidates', () => {
    // 开工 and 1958 are in the reservoir passage only: it is well ahead of the mountain one, which
    // is ahead of nothing; alone, the top is ahead by all it holds.
    const ahead = featuresOf('青石水库哪一年开工？', 0, undefined, false, [1]).features;
    const behind = featuresOf('青石水库哪一年开工？', 1, undefined, false, [0]).features;
    const alone = featuresOf('青石水库哪一年开工？', 0).features;
    expect(ahead.specificOverRival).toBeGreaterThan(0.5);
    expect(behind.specificOverRival).toBeLessThan(-0.5);
    expect(alone.specificOverRival).toBeCloseTo(alone.specificCoverage!, 9);
  });

  it('reads the same top alike whatever the number of passages retrieved (candidates, art3)', () => {
    // The top is not its own rival: the words only it holds count as fully specific.
    const { features } = featuresOf('青石水库周边的古寺有多少游客？', 0);
    expect(features.specificCoverageByOthers).toBeGreaterThan(features.specificCoverage!);
    // Two scores: the top's z-score is 1, the most it can be among two (sqrt(n - 1)).
    const two = featuresOf('青石水库哪一年开工？', 0, [5, 1]).features;
    expect(two.scoreZ).toBeCloseTo(1);
    expect(two.scoreZShare).toBeCloseTo(1);
    expect(two.retrievedCount).toBeCloseTo(Math.log(2));
    const five = featuresOf('青石水库哪一年开工？', 0).features;
    expect(five.scoreZShare).toBeCloseTo(five.scoreZ! / 2);
  });

  it('gives English questions their own slope: the English copies are zero for Chinese', () => {
    const chinese = withLanguageTerms({ english: 0, rankerLogit: 2.5 });
    const english = withLanguageTerms({ english: 1, rankerLogit: 2.5 });
    expect(chinese['english*rankerLogit']).toBe(0);
    expect(english['english*rankerLogit']).toBe(2.5);
    expect(english.rankerLogit).toBe(2.5);
  });
});

describe("the confidence's view of where the question's words meet in the top citation", () => {
  it('keeps the share of the words found together in one clause, not the other ranking-only features', () => {
    const features = confidenceFeatures(
      { coverage: 0.8, windowCoverage: 0.6, rareWindowCoverage: 0.5, typeNearWords: 1, longestShared: 2 },
      1,
      0,
    );
    expect(features.windowCoverage).toBe(0.6);
    expect(features).not.toHaveProperty('rareWindowCoverage');
    expect(features).not.toHaveProperty('typeNearWords');
    expect(features).not.toHaveProperty('longestShared');
  });
});
