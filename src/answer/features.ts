/**
 * What the answer models (model.ts) see of a candidate: how much of the question it covers, which
 * rare question words it lacks, whether its chosen sentence holds the kind of thing asked, how it
 * compares with the other candidates. Every feature is a share, a 0/1 flag or a log ratio, so the
 * same weights serve a one-article knowledge folder and a thousand-article one.
 */
import type { Candidate } from '../search/candidate.ts';
import { groupCoverage, INNER_BIGRAM_WEIGHT, type Query, type QueryGroup } from '../search/query.ts';
import { askedOf, holdsAnswerType, type AnswerType } from './answer-type.ts';
import { unitFit, unitsOf } from './answer-unit.ts';
import type { ChosenAnswer } from './choose.ts';
import type { Features } from './model.ts';
import { proximities, type Proximity } from './proximity.ts';
import { passageRuns } from './shared-runs.ts';
import { questionChars } from './question-view.ts';

export interface CandidateView {
  has(term: string): boolean;
  /** The candidate's normalized text. */
  normalized: string;
  /** The retrieval score (BM25 shaped by coverage). */
  score: number;
  /** Importance-weighted share of the question covered (queryCoverage). */
  coverage: number;
  /** The plain BM25 score. */
  bm25: number;
  answer: ChosenAnswer;
  /** The chosen span (without a neighbour taken along), normalized. */
  answerNormalized: string;
  /** A server's pinned fact rather than an article passage. */
  pinned?: boolean;
  /** A pin in the question's other language, read with its words glossed (search/pin-languages.ts). */
  glossed?: boolean;
  /** What the view was made of: a pin's reading of the kinds its text as written holds. */
  candidate?: Pick<Candidate, 'holdsAsWritten'>;
}

/** Whether a candidate's text holds the asked kind: a pin as its text is written, where that says. */
function holds(view: CandidateView, normalizedText: string, type: AnswerType): boolean {
  return view.candidate?.holdsAsWritten?.(type) ?? holdsAnswerType(normalizedText, type);
}

/** The question's word groups that carry its content, not the kind of answer it asks for. */
export function contentGroups(query: Query): QueryGroup[] {
  return query.groups.filter((group) => !group.answerType);
}

/**
 * A group's rarity as a share of `unseenIdf`, the idf of a term no passage has: "as rare as a word
 * the knowledge lacks" is 1 whatever the size of the knowledge.
 */
export function groupRarity(group: QueryGroup, unseenIdf: number): number {
  return Math.min(1, (group.rarity ?? group.importance) / unseenIdf);
}

/** `unseenIdf` is the idf of a term no passage has (see groupRarity). */
export function rankerFeatures(
  query: Query,
  views: readonly CandidateView[],
  unseenIdf: number,
  /** The BM25 score of a passage holding each query term once: BM25 as a share of the best. */
  idealBm25: number,
  /** The coverage of every retrieved candidate, these included. */
  coverages: readonly number[] = views.map((view) => view.coverage),
): Features[] {
  const asked = askedOf(query);
  const units = unitsOf(query);
  const content = contentGroups(query);
  const rarity = (group: QueryGroup): number => groupRarity(group, unseenIdf);
  const rarest = content.reduce<QueryGroup | undefined>(
    (best, group) => (!best || rarity(group) > rarity(best) ? group : best),
    undefined,
  );
  const latin = (query.normalized.match(/[a-z]/g) ?? []).length;
  const han = (query.normalized.match(/\p{Script=Han}/gu) ?? []).length;
  // "PyTorch 是谁开发的" has more Latin letters than Han characters and is still Chinese.
  const english = han === 0 && latin > 0 ? 1 : 0;
  let best = 1e-9;
  for (const view of views) best = Math.max(best, view.score);
  const questionBigrams = hanBigrams(query.normalized);
  // Typed arrays: arrays of numbers took the elements kind of their values (integers, doubles,
  // none), and each new kind reaching `proximities` deoptimized it.
  const importances = Float64Array.from(content, (group) => group.importance);
  const rarities = Float64Array.from(content, rarity);
  const rarityTotal = rarities.reduce((sum, r) => sum + r, 0);
  const features: Features[] = views.map((view, i) => {
    const [near, rareNear] = proximities(
      view.normalized,
      content,
      [
        { weights: importances, asked },
        { weights: rarities, asked: undefined },
      ],
      INNER_BIGRAM_WEIGHT,
    ) as [Proximity, Proximity];
    let rareCovered = 0;
    let missRare = 0;
    let missed = 0;
    let rarestCovered = 0;
    // A loop with one term test per candidate, not a closure per group; the rarest group's
    // coverage is kept for rareHit rather than worked out again.
    const has = (term: string): boolean => view.has(term);
    for (let k = 0; k < content.length; k++) {
      const covered = groupCoverage(content[k]!, has);
      if (content[k] === rarest) rarestCovered = covered;
      missRare = Math.max(missRare, rarities[k]! * (1 - covered));
      rareCovered += rarities[k]! * covered;
      if (covered < 0.5) missed++;
    }
    // The other candidates' coverage, by a loop rather than an array of them: such arrays held
    // integers or doubles by their values, and each new kind deoptimized this function.
    let othersBest = -Infinity;
    let othersSum = 0;
    for (let j = 0; j < views.length; j++) {
      if (j === i) continue;
      othersBest = Math.max(othersBest, views[j]!.coverage);
      othersSum += views[j]!.coverage;
    }
    const othersCount = views.length - 1;
    return {
      coverage: view.coverage,
      missRare,
      missedShare: content.length ? missed / content.length : 0,
      rareHit: rarest ? rarity(rarest) * rarestCovered : 0,
      relScore: Math.max(-5, Math.log(Math.max(view.score, 1e-9) / best)),
      coverageGap: view.coverage - (othersCount > 0 ? othersBest : 0),
      othersCoverage: othersCount > 0 ? othersSum / othersCount : 0,
      // Other retrieved candidates covering the question as well: a question every passage
      // answers alike ("PyTorch 是谁开发的" in an article on PyTorch) does not single one out.
      ties: Math.log(coverages.filter((c) => c >= view.coverage - 1e-9).length),
      bm25Share: Math.min(3, view.bm25 / Math.max(idealBm25, 1e-9)),
      sentenceCoverage: view.answer.coverage,
      typeAsked: asked ? 1 : 0,
      typeInSentence: asked && holds(view, view.answerNormalized, asked) ? 1 : 0,
      typeInPassage: asked && holds(view, view.normalized, asked) ? 1 : 0,
      unknownNames: query.unknownNames.length > 0 ? 1 : 0,
      english,
      englishCoverage: english * view.coverage,
      groups: Math.log(1 + content.length),
      counted: query.countPattern?.test(view.normalized) ? 1 : 0,
      // Questions reuse the answering sentence's wording: the share of the question's character
      // pairs found, and the longest stretch of the question found verbatim.
      bigramsInPassage: shareFound(questionBigrams, view.normalized),
      bigramsInSentence: shareFound(questionBigrams, view.answerNormalized),
      longestShared: Math.log(1 + longestSharedRun(query, view.answerNormalized)),
      retrievalRank: Math.log(1 + i),
      answerChars: Math.log(1 + view.answer.span.length),
      windowCoverage: near.windowCoverage,
      rareWindowCoverage: rareNear.windowCoverage,
      rareCoverage: rarityTotal > 0 ? rareCovered / rarityTotal : 0,
      typeNearWords: near.typeNearWords ? 1 : 0,
      // How likely the unit of the likeliest number is for the question's framing, learned from
      // the public sets' gold answers (answer-unit.ts): "5 岁" for "how old", not "5 年前".
      unitInSentence: unitFit(units.frame, view.answerNormalized, units.pairs),
      unitInPassage: unitFit(units.frame, view.normalized, units.pairs),
    };
  });
  // How a candidate's answering sentence stands out from the others' (0 alone): of two paragraphs
  // of one article, the one the question was written from holds its wording in one sentence.
  for (const name of STANDOUT_FEATURES)
    features.forEach((f, i) => {
      let most = -Infinity;
      for (let j = 0; j < features.length; j++) if (j !== i) most = Math.max(most, features[j]![name]!);
      f[`${name}Gap`] = features.length > 1 ? f[name]! - most : 0;
    });
  return features;
}

const STANDOUT_FEATURES = [
  'sentenceCoverage',
  'bigramsInSentence',
  'longestShared',
  'windowCoverage',
  'unitInSentence',
];

/**
 * Features that only order candidates: how the question's words sit in a passage and how a
 * candidate stands out from the others. The confidence has its own view of the top candidate.
 */
export const RANKING_ONLY_FEATURES = [
  'windowCoverage',
  'rareWindowCoverage',
  'rareCoverage',
  'typeNearWords',
  ...STANDOUT_FEATURES.map((name) => `${name}Gap`),
];

/**
 * Features measuring wording copied from the passage: they help order candidates, but the public
 * sets' questions were written by copying the passage and members' questions are not, so the
 * confidence does not lean on them (it would withhold paraphrased questions).
 */
const WORDING_FEATURES = ['bigramsInPassage', 'bigramsInSentence', 'longestShared'];

/**
 * The ranking-only features the confidence's rows hold of the top candidate all the same: the share
 * of the question's words found together in one clause. Of the right tops withheld and the
 * orphans' tops scored highest on one article alone, it tells them apart best (out of fold,
 * scripts/confidence-misses.ts). A candidate feature (scripts/calibrate-fit.ts): measured, not
 * fitted (docs/evaluation.md, "Measured and not kept").
 */
const CONFIDENCE_READS = ['windowCoverage'];

/** The candidate features the confidence leaves out. */
const CONFIDENCE_SKIPS: ReadonlySet<string> = new Set(
  [...WORDING_FEATURES, ...RANKING_ONLY_FEATURES].filter((name) => !CONFIDENCE_READS.includes(name)),
);

/** The confidence model's view of the top candidate: its features, the ranker's and the margin. */
export function confidenceFeatures(
  top: Features,
  topLogit: number,
  runnerUpLogit: number | undefined,
): Features {
  // One copy that leaves out what the confidence does not read (a copy, deletes and a second
  // copy were most of what deciding allocated); the keys keep the candidate's order.
  const features: Features = {};
  for (const name in top) if (!CONFIDENCE_SKIPS.has(name)) features[name] = top[name]!;
  features.rankerLogit = topLogit;
  features.rankerMargin = runnerUpLogit === undefined ? 5 : Math.min(5, topLogit - runnerUpLogit);
  return features;
}

/** The question's Han character pairs, question words and particles included. */
function hanBigrams(text: string): string[] {
  const pairs = new Set<string>();
  for (const run of text.match(/\p{Script=Han}+/gu) ?? []) {
    const chars = Array.from(run);
    for (let i = 0; i + 1 < chars.length; i++) pairs.add(chars[i]! + chars[i + 1]!);
  }
  return [...pairs];
}

function shareFound(pairs: readonly string[], text: string): number {
  if (pairs.length === 0) return 0;
  return pairs.filter((pair) => text.includes(pair)).length / pairs.length;
}

/**
 * Length of the longest run of characters (letters and Han) the question's normalized text and a
 * text share: the longest of the runs ending at each character (the span features' table, over
 * the question's letters and digits as they read them).
 */
function longestSharedRun(query: Query, text: string): number {
  // Compared as code points: an array of one-character strings was a string per character. The
  // code points are scratch kept from call to call, the runs the span table's buffer (shared-runs.ts
  // passageRuns): each a buffer outside V8's heap when made anew, for three candidates a question.
  const codes = codePoints(text.replace(/[^\p{L}\p{N}]/gu, ''));
  const { runs } = passageRuns(questionChars(query), [codes]);
  let best = 0;
  for (let j = 0; j < codes.length; j++) if (runs[j]! > best) best = runs[j]!;
  return best;
}

let codeScratch = new Uint32Array(1 << 10);

/** The text's code points, in `codeScratch` (a view of its first ones: valid until the next call). */
function codePoints(text: string): Uint32Array {
  if (codeScratch.length < text.length)
    codeScratch = new Uint32Array(Math.max(text.length, 2 * codeScratch.length));
  const codes = codeScratch;
  let count = 0;
  for (let at = 0; at < text.length; at++) {
    const code = text.codePointAt(at)!;
    if (code > 0xffff) at++;
    codes[count++] = code;
  }
  return codes.subarray(0, count);
}
