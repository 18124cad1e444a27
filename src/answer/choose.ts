import { splitSentences } from '../knowledge/chunk.ts';
import { normalizeText } from '../search/normalize.ts';
import { groupCoverage, type Query, type QueryGroup } from '../search/query.ts';
import { tokenize } from '../search/tokenize.ts';

export interface AnswerOptions {
  /** A chosen sentence longer than this is narrowed to its best clauses (verbatim, contiguous). */
  maxAnswerChars: number;
  /** A chosen sentence shorter than this takes the next sentence along, for context. */
  minAnswerChars: number;
}

export const DEFAULT_ANSWER_OPTIONS: AnswerOptions = { maxAnswerChars: 150, minAnswerChars: 40 };

export interface ChosenAnswer {
  text: string;
  /** Query words the answer contains, normalized, for bolding. */
  matchedWords: string[];
  /** Share of the question's importance the answer itself covers. */
  coverage: number;
}

// Questions asking for an amount, a time or a name are answered by sentences holding one.
const ASKS_NUMBER =
  /多少|几|比例|份额|百分|how (many|much)|what (share|percent|proportion|number)|多久|多长|多大|多高|多远|多重/;
const ASKS_TIME = /什么时候|何时|哪一?年|哪天|几月|几号|when|what year|which year|年份|日期/;
const HAS_NUMBER = /\d|[一二三四五六七八九十百千万亿两半]/;
const HAS_YEAR = /\d{4}\s*年|\d+\s*月|\d+\s*日|\b\d{4}\b/;

interface Scored {
  text: string;
  score: number;
  coverage: number;
  matched: string[];
}

/** A clause of a sentence with its index terms, tokenized once per answer. */
interface Clause {
  text: string;
  terms: ReadonlySet<string>;
}

/** How much each question word counts when choosing among the sentences of one passage. */
type SentenceWeights = Map<QueryGroup, number>;

/**
 * Within one passage, a word every sentence repeats (the subject, usually) cannot tell sentences
 * apart, while the word naming what is asked ("用途", "职业") often can: weigh each word by its
 * rarity among the passage's sentences, without the retrieval discount on answer-type words.
 */
function sentenceWeights(
  query: Query,
  sentences: ReadonlyArray<readonly Clause[]>,
  topic: ReadonlySet<string>,
): SentenceWeights {
  const weights: SentenceWeights = new Map();
  for (const group of query.groups) {
    const seenIn = sentences.filter((clauses) => groupCoverage(group, (t) => hasTerm(clauses, t)) > 0).length;
    const local = Math.log(1 + (sentences.length + 0.5) / (seenIn + 0.5));
    // The article's own subject (its title's words) is what every sentence is about; the words
    // around the subject point at the sentence that answers.
    const onTopic = groupCoverage(group, (t) => topic.has(t)) >= 0.8 ? TOPIC_FACTOR : 1;
    weights.set(group, (group.rarity ?? group.importance) * local * onTopic);
  }
  return weights;
}

const TOPIC_FACTOR = 0.3;

function hasTerm(clauses: readonly Clause[], term: string): boolean {
  return clauses.some((clause) => clause.terms.has(term));
}

/** Scores a run of clauses. Clauses end at punctuation, so no bigram spans two of them. */
function scoreClauses(clauses: readonly Clause[], query: Query, weights: SentenceWeights): Scored {
  const text = clauses.map((clause) => clause.text).join('');
  const present = (term: string): boolean => hasTerm(clauses, term);
  let score = 0;
  let covered = 0;
  let total = 0;
  let totalWeight = 0;
  const matched: string[] = [];
  for (const group of query.groups) {
    const coverage = groupCoverage(group, present);
    const weight = weights.get(group) ?? 0;
    score += weight * coverage;
    totalWeight += weight;
    covered += group.importance * coverage;
    total += group.importance;
    if (coverage > 0) matched.push(group.word);
  }
  // A small nudge, worth a fraction of the question, so it only breaks near-ties.
  if (ASKS_NUMBER.test(query.normalized) && HAS_NUMBER.test(text)) score += 0.15 * totalWeight;
  if (ASKS_TIME.test(query.normalized) && HAS_YEAR.test(text)) score += 0.15 * totalWeight;
  return { text, score, coverage: total > 0 ? covered / total : 0, matched };
}

/** Splits a sentence into clauses, keeping every character (commas stay attached). */
function splitClauses(sentence: string): Clause[] {
  const texts = sentence.match(/[^，,、：:]+[，,、：:]*/gu) ?? [sentence];
  return texts.map((text) => ({ text, terms: new Set(tokenize(normalizeText(text))) }));
}

/** The best contiguous run of clauses that fits in `maxChars` (the whole sentence if it fits). */
function narrow(
  clauses: readonly Clause[],
  query: Query,
  weights: SentenceWeights,
  maxChars: number,
): Scored {
  const whole = scoreClauses(clauses, query, weights);
  if (whole.text.length <= maxChars) return whole;
  let best: Scored | undefined;
  for (let start = 0; start < clauses.length; start++) {
    let length = 0;
    for (let end = start; end < clauses.length; end++) {
      length += clauses[end]!.text.length;
      if (end > start && length > maxChars) break;
      const scored = scoreClauses(clauses.slice(start, end + 1), query, weights);
      // Prefer more of the question; among equals the longer span, which more often holds the
      // answer itself (it sits next to the words the question repeats).
      const tie = Math.abs(scored.score - (best?.score ?? 0)) < 1e-9;
      if (!best || scored.score > best.score + 1e-9 || (tie && scored.text.length > best.text.length)) {
        best = scored;
      }
    }
  }
  return best ?? whole;
}

interface TokenizedPassage {
  sentences: string[];
  clauses: Clause[][];
}

/**
 * Segmenting a passage's clauses is most of the cost of an answer; the same passages answer many
 * questions, so the last few thousand are kept (a Map in insertion order is the LRU).
 */
const tokenizedPassages = new Map<string, TokenizedPassage>();
const MAX_CACHED_PASSAGES = 4096;

function tokenizedSentences(passage: string): TokenizedPassage {
  let entry = tokenizedPassages.get(passage);
  if (entry) {
    tokenizedPassages.delete(passage);
  } else {
    const sentences = splitSentences(passage).filter((sentence) => sentence.trim());
    entry = { sentences, clauses: sentences.map((sentence) => splitClauses(sentence.trim())) };
    if (tokenizedPassages.size >= MAX_CACHED_PASSAGES) {
      tokenizedPassages.delete(tokenizedPassages.keys().next().value!);
    }
  }
  tokenizedPassages.set(passage, entry);
  return entry;
}

/** Picks the sentence (or two) of a passage that answers the query, verbatim. */
export function chooseAnswer(
  passage: string,
  query: Query,
  options: AnswerOptions = DEFAULT_ANSWER_OPTIONS,
  /** The article's title: words of the question that only name the subject count for less. */
  title = '',
): ChosenAnswer {
  const { sentences, clauses } = tokenizedSentences(passage);
  const weights = sentenceWeights(query, clauses, new Set(tokenize(normalizeText(title))));
  let bestIndex = 0;
  let best: Scored | undefined;
  clauses.forEach((sentenceClauses, index) => {
    const scored = narrow(sentenceClauses, query, weights, options.maxAnswerChars);
    if (!best || scored.score > best.score + 1e-9) {
      best = scored;
      bestIndex = index;
    }
  });
  if (!best) return { text: passage.trim(), matchedWords: [], coverage: 0 };
  let text = best.text.trim();
  const next = sentences[bestIndex + 1]?.trim();
  if (text.length < options.minAnswerChars && next && text === sentences[bestIndex]!.trim()) {
    text = `${sentences[bestIndex]!}${next}`.trim();
  }
  return { text, matchedWords: best.matched, coverage: best.coverage };
}
