/**
 * Features only the confidence model sees (model.ts): what tells "the top citation answers" from
 * "the top citation is about something else", beyond the ranker's view of the candidate. Like the
 * ranker's features, each is a share, a flag, a clamped log ratio or a clamped logit, so the same
 * weights serve one article and a thousand.
 */
import { groupCoverage, type Query, type QueryGroup } from '../search/query.ts';
import { contentGroups, groupRarity, type CandidateView } from './features.ts';
import type { Features } from './model.ts';
import { associationFeatures, type Associations } from './associations.ts';

export interface RetrievedList {
  /** idf of a term no passage has: rarities are shares of it. */
  unseenIdf: number;
  /** Every retrieved candidate, the top one included: its terms, retrieval score and coverage. */
  retrieved: ReadonlyArray<{ has(term: string): boolean; score: number; coverage: number; pinned?: boolean }>;
  /** Learned question wording (associations.ts): its features are measured only when given. */
  associations?: Associations;
}

const clamp = (value: number, low: number, high: number): number => Math.min(high, Math.max(low, value));

export function extraConfidenceFeatures(
  query: Query,
  top: CandidateView,
  list: RetrievedList,
  /** The other candidates the ranker judged, after the top one. */
  rivals: ReadonlyArray<Pick<CandidateView, 'has'>> = [],
): Features {
  const content = contentGroups(query);
  const rarity = (group: QueryGroup): number => groupRarity(group, list.unseenIdf);
  // A rare word the passage lacks whose characters it lacks too is a topic it does not treat;
  // one whose characters it has is more often the same thing worded otherwise ("发布" / "发表").
  const chinese = /\p{Script=Han}/u.test(query.normalized);
  let missAbsent = 0;
  let missWorded = 0;
  let missName = 0;
  let spanRare = 0;
  let rarest = 0;
  // A word most retrieved passages share is the topic (the article's subject); one few share is
  // what the question singles out, which a passage answering it must hold.
  let specificHeld = 0;
  let specificTotal = 0;
  let weightTotal = 0;
  let missSpecific = 0;
  // The same among the other retrieved passages only: the top always holds what it holds, so
  // counting it in the spread caps its specific words at 1 - 1/n, which in a knowledge of four
  // passages is 0.75 and in one of twenty retrieved 0.95 (art3, docs/evaluation.md).
  let specificHeldByOthers = 0;
  let specificTotalByOthers = 0;
  let missSpecificByOthers = 0;
  // Words no passage of the knowledge holds at all (rarity 1): a topic the knowledge lacks, not a
  // passage worded otherwise.
  let absentWeight = 0;
  const { retrieved } = list;
  // Loops over the retrieved and the rivals, not arrays mapped from them (scores, closures): each
  // array made here took the elements kind of its first values (integers, doubles, none), and every
  // new kind deoptimized this function, whose compiles were the costliest of a run (~0.2 s each).
  const rivalsHeld = new Float64Array(rivals.length);
  // Whether the top is among the retrieved (as `others` below, by its score), so not its own rival.
  let topListed = false;
  for (const other of retrieved) if (other.score === top.score) topListed = true;
  const otherCount = retrieved.length - (topListed ? 1 : 0);
  const topHas = (term: string): boolean => top.has(term);
  const spanHas = (term: string): boolean => top.answerNormalized.includes(term);
  for (const group of content) {
    const weight = rarity(group);
    const missing = 1 - groupCoverage(group, topHas);
    let holding = 0;
    for (const other of retrieved) if (groupCoverage(group, other.has) >= 0.5) holding++;
    const spread = retrieved.length ? holding / retrieved.length : 0;
    const specific = weight * (1 - spread);
    const othersHolding = holding - (topListed && missing < 0.5 ? 1 : 0);
    const specificByOthers = weight * (1 - (otherCount > 0 ? othersHolding / otherCount : 0));
    specificTotalByOthers += specificByOthers;
    specificHeldByOthers += specificByOthers * (1 - missing);
    missSpecificByOthers = Math.max(missSpecificByOthers, specificByOthers * missing);
    weightTotal += weight;
    if (weight >= 1) absentWeight += weight;
    specificTotal += specific;
    specificHeld += specific * (1 - missing);
    for (let k = 0; k < rivals.length; k++) rivalsHeld[k]! += specific * groupCoverage(group, rivals[k]!.has);
    missSpecific = Math.max(missSpecific, specific * missing);
    if (missing > 0.5) {
      if (charShare(group.word, top.normalized) >= 0.5) missWorded = Math.max(missWorded, weight);
      else missAbsent = Math.max(missAbsent, weight);
      // A number, or a Latin-letter name in a Chinese question: what the question is about.
      if (/\d/.test(group.word) || (chinese && /[a-z]/.test(group.word))) missName = 1;
    }
    // The chosen span's own hold of the question's rarest word, not the passage's.
    if (weight > rarest) {
      rarest = weight;
      spanRare = weight * groupCoverage(group, spanHas);
    }
  }
  const spanLogit = clamp(top.answer.spanLogit, -10, 10);
  // The retrieved scores but the top's first, best first; their mean and spread.
  const others: number[] = [];
  let skipped = false;
  let sum = 0;
  let bestCoverage = -Infinity;
  let ties = 0;
  for (const other of retrieved) {
    if (!skipped && other.score === top.score) skipped = true;
    else others.push(other.score);
    sum += other.score;
    bestCoverage = Math.max(bestCoverage, other.coverage);
    if (other.coverage >= top.coverage - 1e-9) ties++;
  }
  const score = Math.max(top.score, 1e-9);
  const ratio = (other: number | undefined): number =>
    other === undefined ? 3 : clamp(Math.log(score / Math.max(other, 1e-9)), -3, 3);
  const sorted = others.sort((a, b) => b - a);
  const mean = sum / retrieved.length;
  let squares = 0;
  for (const other of retrieved) squares += (other.score - mean) ** 2;
  const sd = Math.sqrt(squares / retrieved.length);
  const specificShareHeld = (held: number): number => (specificTotal > 0 ? held / specificTotal : 1);
  const features: Features = {
    spanLogit,
    spanMargin:
      top.answer.rivalSpanLogit === undefined ? 5 : clamp(spanLogit - top.answer.rivalSpanLogit, -5, 5),
    missAbsent,
    missWorded,
    missName,
    spanRare,
    specificCoverage: specificShareHeld(specificHeld),
    // Within one article every candidate holds the topic: the right one holds more of the words
    // few passages share than the next candidates do, an orphan's top about as much (out of fold,
    // scripts/confidence-misses.ts). Alone, it is ahead of nothing.
    specificOverRival: specificShareHeld(specificHeld) - specificShareHeld(Math.max(0, ...rivalsHeld)),
    missSpecific,
    coverageBehindBest: top.coverage - bestCoverage,
    scoreZ: sd > 0 ? clamp((top.score - mean) / sd, -5, 5) : 0,
    scoreOverSecond: ratio(sorted[0]),
    scoreOverFifth: ratio(sorted[3]),
    // Shares, whatever the question's length and the knowledge's size: how much of the question's
    // weight few retrieved passages share (none in a question only about the article's subject),
    // and the share of retrieved passages covering the question as well as the top one.
    specificShare: weightTotal > 0 ? specificTotal / weightTotal : 0,
    tieShare: retrieved.length ? ties / retrieved.length : 1,
    absentShare: weightTotal > 0 ? absentWeight / weightTotal : 0,
    // The idf of a word no passage has grows with the log of the number of passages: one article
    // and a thousand differ in how far a score stands out by chance.
    knowledgeScale: clamp(list.unseenIdf, 0, 12),
    // Knowledge-size-stable versions of specificCoverage, missSpecific and scoreZ: the first two
    // count the spread among the other retrieved passages; the z-score of the top among n scores
    // is at most sqrt(n - 1) (1.7 for the four passages of an XQuAD article), so it is given as a
    // share of that. Candidates (scripts/calibrate-fit.ts): measured, not fitted.
    specificCoverageByOthers: specificTotalByOthers > 0 ? specificHeldByOthers / specificTotalByOthers : 1,
    missSpecificByOthers,
    scoreZShare:
      sd > 0 && retrieved.length > 1
        ? clamp((top.score - mean) / sd / Math.sqrt(retrieved.length - 1), -1, 1)
        : 0,
    retrievedCount: Math.log(Math.max(1, retrieved.length)),
  };
  // Added after, as a spread in the literal did (same keys, same order), but only when measured:
  // a spread made every question's object in the slow, generic way.
  if (list.associations)
    Object.assign(
      features,
      associationFeatures(
        list.associations,
        content.map((group) => ({
          word: group.word,
          weight: rarity(group),
          missing: groupCoverage(group, topHas) < 0.5,
        })),
        top,
        retrieved,
      ),
    );
  return features;
}

/**
 * Features whose weight differs for English questions: they reach Chinese passages through a
 * lexicon, so a ranker score or a span score means less for them than for a Chinese question.
 * Each is also given as `english*name` (the product with the 0/1 English flag), so the logistic
 * model has an English slope of its own for it.
 */
export const LANGUAGE_TERMS = [
  'rankerLogit',
  'rankerMargin',
  'spanLogit',
  'scoreOverSecond',
  'scoreZ',
  'coverage',
  'specificCoverage',
  'missAbsent',
  'absentShare',
  'knowledgeScale',
  'specificCoverageByOthers',
  'scoreZShare',
];

/** The features with their English-only copies (LANGUAGE_TERMS) added. */
export function withLanguageTerms(features: Features): Features {
  return addLanguageTerms({ ...features });
}

/** withLanguageTerms in place, for features built for this question alone (no copy). */
export function addLanguageTerms(features: Features): Features {
  const english = features.english ?? 0;
  for (const name of LANGUAGE_TERMS) features[`english*${name}`] = english * (features[name] ?? 0);
  return features;
}

/** Share of the word's characters (letters and Han) found anywhere in the text. */
function charShare(word: string, text: string): number {
  const chars = Array.from(word.replace(/[^\p{L}\p{N}]/gu, ''));
  if (chars.length === 0) return 0;
  return chars.filter((char) => text.includes(char)).length / chars.length;
}
