/** What the engine ranks: article passages and a server's pinned facts, one shape for both. */
import { holdsAnswerTypeAsWritten, type AnswerType } from '../answer/answer-type.ts';
import type { Citation, PinnedFact } from '../answer/types.ts';
import { normalizeText } from './normalize.ts';
import { groupCoverage, type Query, type QueryGroup } from './query.ts';
import { tokenize } from './tokenize.ts';
import type { PinCandidate } from './pin-languages.ts';

/** A searchable unit: an article passage or a pinned fact. */
export interface Candidate {
  citation: Omit<Citation, 'score'>;
  has(term: string): boolean;
  length: number; // in terms, for BM25's length normalization
  normalized: string;
  /** The text the answer is chosen from, when not the citation's: a pin read in the question's language (pin-languages.ts). */
  reading?: string;
  /** A pin's: whether its text as written holds the kind (holdsAnswerTypeAsWritten); undefined: read it as a passage. */
  holdsAsWritten?(type: AnswerType): boolean | undefined;
}

/** A guild's pins prepared for search (the engine's `PinIndex`). */
export class PinIndexImpl {
  readonly candidates: readonly PinCandidate[];

  constructor(
    readonly pins: readonly PinnedFact[],
    /** The engine's dictionary, for what a pin's text as written holds. */
    dictionary?: OrdinaryWords,
  ) {
    this.candidates = pins.map((pin) => pinCandidate(pin, dictionary));
  }
}

/** Whether the dictionary knows a word, and not as a name (search/cross-lingual.ts). */
export interface OrdinaryWords {
  isOrdinaryWord(word: string): boolean;
}

/**
 * A pin's candidate. With a dictionary, a pin's text as written says whether it holds a person or
 * a name (holdsAnswerTypeAsWritten); the dictionary is asked only when a question asks one of those.
 */
export function pinCandidate(pin: PinnedFact, dictionary?: OrdinaryWords): PinCandidate {
  const text = normalizeText(pin.text);
  const held = new Map<AnswerType, boolean | undefined>();
  const searchable = `${text} ${normalizeText(pin.keywords ?? '')}`;
  const tokens = tokenize(searchable);
  const terms = new Set(tokens);
  return {
    citation: {
      source: 'pin',
      passage: `pin-${pin.id}`,
      title: '📌',
      url: pin.sourceUrl,
      text: pin.text,
      pin,
    },
    has: (term) => terms.has(term),
    length: tokens.length,
    normalized: searchable,
    textLength: text.length,
    holdsAsWritten(type) {
      if (!dictionary) return undefined;
      if (!held.has(type))
        held.set(
          type,
          holdsAnswerTypeAsWritten(pin.text, type, (word) => dictionary.isOrdinaryWord(word)),
        );
      return held.get(type);
    },
  };
}

export interface RankedCandidate {
  candidate: Candidate;
  score: number;
  /** Share of the question the candidate covers, in [0, 1] (see queryCoverage). */
  coverage: number;
  bm25: number; // the plain BM25 score
  /**
   * `score` times its article title's factor (search/titles.ts): what orders the candidates. The
   * ranker and the confidence read `score`, as fitted.
   */
  rankScore: number;
}

/**
 * How many of the first candidates hold `passages` article passages: the head the ranker judges is
 * that many passages and the pins ranked among them, so a pin takes no passage's place there (a pin
 * that only shares the question's words would push out the passage that answers).
 */
export function headSize(ranked: readonly RankedCandidate[], passages: number): number {
  let seen = 0;
  const end = ranked.findIndex(({ candidate }) => !candidate.citation.pin && ++seen === passages);
  return end < 0 ? ranked.length : end + 1;
}

/**
 * How well a candidate fits the question. BM25 finds candidates; the share of the question each
 * covers decides among them, squared so that covering more of the question beats repeating part
 * of it. For "how many X", a passage with a number before X is the most precise match there is.
 */
export function assess(
  query: Query,
  candidate: Candidate,
  score: number,
  /** The factor its article's title gives it (titles.ts). */
  titleFactor = 1,
  /** The BM25 score with the question's words weighed by necessity (query.retrievalTerms). */
  retrievalBm25 = score,
): RankedCandidate {
  const present = (term: string): boolean => candidate.has(term);
  const coverage = queryCoverage(query, present);
  const counted = query.countPattern?.test(candidate.normalized) ?? false;
  const bonus = counted ? COUNT_RANK_BONUS : 0;
  const fit = coverage + bonus;
  const shaped = score * (0.25 + fit) ** 2;
  // The order weighs each word by its necessity too; what the ranker and the confidence read does not.
  const ordering = query.retrievalTerms
    ? retrievalBm25 * (0.25 + (queryCoverage(query, present, retrievalWeight) + bonus)) ** 2
    : shaped;
  return {
    candidate,
    score: shaped,
    rankScore: ordering * titleFactor,
    bm25: score,
    coverage: Math.min(1, coverage + (counted ? COUNT_CONFIDENCE_BONUS : 0)),
  };
}

/**
 * Importance-weighted share of the question's words that a set of terms covers, in [0, 1]. The
 * order of the candidates weighs each word by its retrieval weight instead (importance ×
 * necessity^alpha, where a necessity model is served: necessity.ts).
 */
export function queryCoverage(
  query: Query,
  present: (term: string) => boolean,
  weightOf = (group: QueryGroup): number => group.importance,
): number {
  let total = 0;
  let covered = 0;
  for (const group of query.groups) {
    const weight = weightOf(group);
    total += weight;
    covered += weight * groupCoverage(group, present);
  }
  return total > 0 ? covered / total : 0;
}

const retrievalWeight = (group: QueryGroup): number => group.retrieval ?? group.importance;

const COUNT_RANK_BONUS = 1;
/** Smaller than the ranking bonus: a counted noun alone must not make an unrelated question sure. */
const COUNT_CONFIDENCE_BONUS = 0.3;
