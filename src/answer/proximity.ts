/**
 * Where in a passage the question's words meet. Of two paragraphs of one article that both hold
 * the question's words, the one that answers most often holds them close together, in the one
 * sentence the question was written from, with the asked thing beside them; the other has them
 * scattered. Measured on the public sets by scripts/rank-analysis.ts.
 */
import type { QueryGroup } from '../search/query.ts';
import { holdsAnswerType, type AnswerType } from './answer-type.ts';

/** About one clause of Chinese: the stretch a question is usually written from. */
export const WINDOW_CHARS = 40;
/** How far from the question's words the asked thing is looked for. */
export const TYPE_NEAR_CHARS = 15;
/** Occurrences looked at per term: enough for any passage, bounded for a pathological one. */
const MAX_OCCURRENCES = 16;
/** A group's bigrams stand in for the word at most this much (as groupCoverage counts them). */
const BIGRAMS_CREDIT = 0.8;

/**
 * The question's terms as proximity looks for them, worked out once per content groups (a question
 * asks it 6 times: two weightings of 3 candidates): each term with its group, its credit (1 for the
 * word itself or a translation, a share of BIGRAMS_CREDIT for one of its bigrams) and which of the
 * group's distinct terms it is.
 */
interface TermPlan {
  terms: string[];
  group: Int32Array;
  credit: Float64Array;
  id: Int32Array;
  ids: number;
  bigramWeight: number;
}

const plans = new WeakMap<readonly QueryGroup[], TermPlan>();

function termPlan(groups: readonly QueryGroup[], bigramWeight: number): TermPlan {
  const known = plans.get(groups);
  if (known && known.bigramWeight === bigramWeight) return known;
  const terms: string[] = [];
  const group: number[] = [];
  const credit: number[] = [];
  const id: number[] = [];
  const ids = new Map<string, number>();
  groups.forEach((g, k) => {
    const bigrams = g.terms.filter((t) => t.weight === bigramWeight).length;
    for (const { term, weight } of g.terms) {
      const key = `${k}:${term}`;
      if (!ids.has(key)) ids.set(key, ids.size);
      terms.push(term);
      group.push(k);
      credit.push(weight === bigramWeight ? BIGRAMS_CREDIT / bigrams : 1);
      id.push(ids.get(key)!);
    }
  });
  const plan = {
    terms,
    group: Int32Array.from(group),
    credit: Float64Array.from(credit),
    id: Int32Array.from(id),
    ids: ids.size,
    bigramWeight,
  };
  plans.set(groups, plan);
  return plan;
}

/**
 * A passage's occurrences of the question's terms, by where they start: parallel arrays (one
 * object per occurrence was ~5% of what a question allocates), `term` the plan's index.
 */
interface Occurrences {
  at: number[];
  end: number[];
  term: number[];
  /** Occurrence numbers, ordered by `at` (ties as found). */
  order: number[];
}

export interface Proximity {
  /** Weighted share of the question's words found together within WINDOW_CHARS characters. */
  windowCoverage: number;
  /** Whether the text around that window (TYPE_NEAR_CHARS either side) holds the asked type. */
  typeNearWords: boolean;
}

/**
 * `groups` are the question's content groups with their weights; a term of weight `bigramWeight`
 * is one of a word's inner bigrams, standing in for it only in part.
 */
export function proximity(
  text: string,
  groups: readonly QueryGroup[],
  weights: readonly number[],
  asked: AnswerType | undefined,
  bigramWeight: number,
): Proximity {
  return proximities(text, groups, [{ weights, asked }], bigramWeight)[0]!;
}

/**
 * `proximity` of one text under several weightings of the same groups (the ranker asks for two):
 * the occurrences are found and ordered once, each weighting's windows worked out as before.
 */
export function proximities(
  text: string,
  groups: readonly QueryGroup[],
  weightings: ReadonlyArray<{ weights: ArrayLike<number>; asked: AnswerType | undefined }>,
  bigramWeight: number,
): Proximity[] {
  const totals = weightings.map(({ weights }) => {
    let total = 0;
    for (let g = 0; g < weights.length; g++) total += weights[g]!;
    return total;
  });
  const none = { windowCoverage: 0, typeNearWords: false };
  if (totals.every((total) => total <= 0)) return weightings.map(() => ({ ...none }));
  const plan = termPlan(groups, bigramWeight);
  const found: Occurrences = { at: [], end: [], term: [], order: [] };
  plan.terms.forEach((term, t) => {
    for (let at = text.indexOf(term), n = 0; at >= 0 && n < MAX_OCCURRENCES; n++) {
      found.order.push(found.at.length);
      found.at.push(at);
      found.end.push(at + term.length);
      found.term.push(t);
      at = text.indexOf(term, at + 1);
    }
  });
  if (found.order.length === 0) return weightings.map(() => ({ ...none }));
  const { order, at } = found;
  // A stable insertion sort for the usual few dozen occurrences (the comparator called from
  // Array.prototype.sort cost more than the sorting); the same order either way.
  if (order.length > 64) order.sort((a, b) => at[a]! - at[b]!);
  else
    for (let i = 1; i < order.length; i++) {
      const o = order[i]!;
      let j = i - 1;
      for (; j >= 0 && at[order[j]!]! > at[o]!; j--) order[j + 1] = order[j]!;
      order[j + 1] = o;
    }
  return weightings.map(({ weights, asked }, w) =>
    totals[w]! <= 0 ? { ...none } : windows(text, found, plan, groups.length, weights, totals[w]!, asked),
  );
}

/** The best window of the occurrences under one weighting, and what is asked beside it. */
function windows(
  text: string,
  found: Occurrences,
  plan: TermPlan,
  groupCount: number,
  weights: ArrayLike<number>,
  total: number,
  asked: AnswerType | undefined,
): Proximity {
  const { order } = found;
  let best = -1;
  let bestStart = 0;
  let bestEnd = 0;
  // Reused by every window: a window's bigram is counted once (seen[term] === the window).
  const full = new Float64Array(groupCount);
  const partialCredit = new Float64Array(groupCount);
  const seen = new Int32Array(plan.ids).fill(-1);
  // Each window starts at an occurrence and takes every occurrence ending within WINDOW_CHARS.
  for (let i = 0; i < order.length; i++) {
    const start = found.at[order[i]!]!;
    full.fill(0);
    partialCredit.fill(0);
    let end = start;
    for (let j = i; j < order.length && found.end[order[j]!]! - start <= WINDOW_CHARS; j++) {
      const o = order[j]!;
      const t = found.term[o]!;
      const group = plan.group[t]!;
      const credit = plan.credit[t]!;
      end = Math.max(end, found.end[o]!);
      if (credit === 1) full[group] = 1;
      else if (seen[plan.id[t]!] !== i) {
        seen[plan.id[t]!] = i;
        partialCredit[group]! += credit;
      }
    }
    let covered = 0;
    for (let g = 0; g < weights.length; g++)
      covered += weights[g]! * Math.max(full[g]!, Math.min(BIGRAMS_CREDIT, partialCredit[g]!));
    if (covered > best) {
      best = covered;
      bestStart = start;
      bestEnd = end;
    }
  }
  return {
    windowCoverage: best / total,
    typeNearWords: asked !== undefined && holdsAnswerType(around(text, found, bestStart, bestEnd), asked),
  };
}

/**
 * The text within TYPE_NEAR_CHARS of a window, with the question's own words blanked: a number or
 * name the question repeats is not the thing it asks for.
 */
function around(text: string, found: Occurrences, start: number, end: number): string {
  const from = Math.max(0, start - TYPE_NEAR_CHARS);
  const stretch = text.slice(from, end + TYPE_NEAR_CHARS);
  // Which code units are blanked, then the kept runs sliced out (a string per code unit, split
  // and joined, was most of this function's cost).
  const blank = new Uint8Array(stretch.length);
  for (let o = 0; o < found.at.length; o++)
    for (let k = Math.max(found.at[o]!, from); k < found.end[o]! && k - from < stretch.length; k++)
      blank[k - from] = 1;
  let result = '';
  let kept = 0;
  for (let k = 0; k < stretch.length; k++) {
    if (blank[k] === 0) continue;
    result += stretch.slice(kept, k) + ' ';
    kept = k + 1;
  }
  return result + stretch.slice(kept);
}
