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

interface Occurrence {
  at: number;
  end: number;
  group: number;
  /** 1 for the word itself (or a translation), a share of BIGRAMS_CREDIT for one of its bigrams. */
  credit: number;
  /** Which of the question's terms, per group. */
  term: number;
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
  const total = weights.reduce((sum, w) => sum + w, 0);
  if (total <= 0) return { windowCoverage: 0, typeNearWords: false };
  const occurrences: Occurrence[] = [];
  const ids = new Map<string, number>();
  groups.forEach((group, g) => {
    const bigrams = group.terms.filter((t) => t.weight === bigramWeight).length;
    for (const { term, weight } of group.terms) {
      const credit = weight === bigramWeight ? BIGRAMS_CREDIT / bigrams : 1;
      const key = `${g}:${term}`;
      if (!ids.has(key)) ids.set(key, ids.size);
      for (let at = text.indexOf(term), n = 0; at >= 0 && n < MAX_OCCURRENCES; n++) {
        occurrences.push({ at, end: at + term.length, group: g, credit, term: ids.get(key)! });
        at = text.indexOf(term, at + 1);
      }
    }
  });
  if (occurrences.length === 0) return { windowCoverage: 0, typeNearWords: false };
  occurrences.sort((a, b) => a.at - b.at);
  let best = -1;
  let bestStart = 0;
  let bestEnd = 0;
  // Reused by every window: a window's bigram is counted once (seen[term] === the window).
  const full = new Float64Array(groups.length);
  const partialCredit = new Float64Array(groups.length);
  const seen = new Int32Array(ids.size).fill(-1);
  // Each window starts at an occurrence and takes every occurrence ending within WINDOW_CHARS.
  for (let i = 0; i < occurrences.length; i++) {
    const start = occurrences[i]!.at;
    full.fill(0);
    partialCredit.fill(0);
    let end = start;
    for (let j = i; j < occurrences.length && occurrences[j]!.end - start <= WINDOW_CHARS; j++) {
      const o = occurrences[j]!;
      end = Math.max(end, o.end);
      if (o.credit === 1) full[o.group] = 1;
      else if (seen[o.term] !== i) {
        seen[o.term] = i;
        partialCredit[o.group]! += o.credit;
      }
    }
    let covered = 0;
    weights.forEach(
      (w, g) => (covered += w * Math.max(full[g]!, Math.min(BIGRAMS_CREDIT, partialCredit[g]!))),
    );
    if (covered > best) {
      best = covered;
      bestStart = start;
      bestEnd = end;
    }
  }
  return {
    windowCoverage: best / total,
    typeNearWords:
      asked !== undefined && holdsAnswerType(around(text, occurrences, bestStart, bestEnd), asked),
  };
}

/**
 * The text within TYPE_NEAR_CHARS of a window, with the question's own words blanked: a number or
 * name the question repeats is not the thing it asks for.
 */
function around(text: string, occurrences: readonly Occurrence[], start: number, end: number): string {
  const from = Math.max(0, start - TYPE_NEAR_CHARS);
  const chars = text.slice(from, end + TYPE_NEAR_CHARS).split('');
  for (const o of occurrences)
    for (let k = Math.max(o.at, from); k < o.end && k - from < chars.length; k++) chars[k - from] = ' ';
  return chars.join('');
}
