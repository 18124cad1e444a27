/**
 * The spans of one passage that could answer a question, each with what the sentence model
 * (data/sentence-model.json, `npm run fit-sentences`) sees of it: how much of the question it
 * covers, whether it holds the kind of thing asked, where it sits relative to the sentence that
 * repeats the question, how long it is. A span is a whole sentence, or, for a sentence longer than
 * the answer limit, a run of its clauses that fits. Features are shares, 0/1 flags or logs; the
 * model compares one passage's spans, so only what differs between them is one (the question's
 * kind and language enter as "holds the kind asked", "English question × coverage").
 */
import { splitSentences } from '../knowledge/chunk.ts';
import { normalizeText } from '../search/normalize.ts';
import { groupCoverage, type Query, type QueryGroup } from '../search/query.ts';
import { tokenize } from '../search/tokenize.ts';
import { askedAnswerType, holdsAnswerType } from './answer-type.ts';
import type { Features } from './model.ts';
import { TextCache } from './text-cache.ts';

/** A clause of a sentence with its index terms, tokenized once per passage. */
interface Clause {
  text: string;
  normalized: string;
  terms: ReadonlySet<string>;
  /** The normalized letters and digits, punctuation and spaces left out. */
  chars: readonly string[];
  charSet: ReadonlySet<string>;
}

export interface Span {
  /** Verbatim text (a sentence, or a run of its clauses), untrimmed. */
  text: string;
  /** The sentence it is (or is part of), by position in the passage. */
  sentence: number;
  /** Whether it is the whole sentence. */
  whole: boolean;
  /** Query words it contains, normalized, for bolding. */
  matched: string[];
  /** Share of the question's importance it covers. */
  coverage: number;
  /** The rarity-weighted share of the question it covers (the hand-written score of old). */
  weighted: number;
  features: Features;
}

/** How much each question word counts when choosing among the sentences of one passage. */
type SentenceWeights = Map<QueryGroup, number>;

const TOPIC_FACTOR = 0.3;

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

function hasTerm(clauses: readonly Clause[], term: string): boolean {
  return clauses.some((clause) => clause.terms.has(term));
}

/** Splits a sentence into clauses, keeping every character (commas stay attached). */
function splitClauses(sentence: string): Clause[] {
  const texts = sentence.match(/[^，,、：:]+[，,、：:]*/gu) ?? [sentence];
  return texts.map((text) => {
    const normalized = normalizeText(text);
    const chars = Array.from(normalized.replace(/[^\p{L}\p{N}]/gu, ''));
    return { text, normalized, terms: new Set(tokenize(normalized)), chars, charSet: new Set(chars) };
  });
}

interface TokenizedPassage {
  sentences: string[];
  clauses: Clause[][];
}

/**
 * Segmenting a passage's clauses is most of the cost of an answer; the same passages answer many
 * questions, so the most recently used are kept, bounded by characters rather than passages:
 * CMRC-sized knowledge (430,000 characters) kept whole took ~48 MB of heap.
 */
export const tokenizedPassages = new TextCache<TokenizedPassage>(100_000);

export function tokenizedSentences(passage: string): TokenizedPassage {
  let entry = tokenizedPassages.get(passage);
  if (!entry) {
    const sentences = splitSentences(passage).filter((sentence) => sentence.trim());
    entry = { sentences, clauses: sentences.map((sentence) => splitClauses(sentence.trim())) };
    tokenizedPassages.set(passage, entry);
  }
  return entry;
}

/** The question's Han character pairs and Latin words: what a span copying its wording shares. */
function questionPieces(normalizedQuestion: string): string[] {
  const pieces = new Set<string>();
  for (const run of normalizedQuestion.match(/\p{Script=Han}+/gu) ?? []) {
    const chars = Array.from(run);
    for (let i = 0; i + 1 < chars.length; i++) pieces.add(chars[i]! + chars[i + 1]!);
  }
  for (const word of normalizedQuestion.match(/[a-z0-9]{2,}/g) ?? []) pieces.add(word);
  return [...pieces];
}

/**
 * For each character of a sentence, the longest run of the question's characters ending there:
 * a span starting at `from` shares min(run, j - from + 1) ending at j, so one pass serves every
 * span of the sentence.
 */
function sharedRunsEnding(question: readonly string[], sentence: readonly string[]): Uint16Array {
  const longest = new Uint16Array(sentence.length);
  let previous = new Uint16Array(sentence.length + 1);
  let current = new Uint16Array(sentence.length + 1);
  for (let i = 1; i <= question.length; i++) {
    for (let j = 1; j <= sentence.length; j++) {
      const run = question[i - 1] === sentence[j - 1] ? previous[j - 1]! + 1 : 0;
      current[j] = run;
      if (run > longest[j - 1]!) longest[j - 1] = run;
    }
    [previous, current] = [current, previous];
  }
  return longest;
}

/** The longest run of question characters within [from, to) of a sentence (see sharedRunsEnding). */
function longestSharedRun(runs: Uint16Array, from: number, to: number): number {
  let best = 0;
  for (let j = from; j < to; j++) best = Math.max(best, Math.min(runs[j]!, j - from + 1));
  return best;
}

/** The title's index terms and characters; the same few titles come back for every question. */
const titles = new Map<string, { terms: ReadonlySet<string>; chars: ReadonlySet<string> }>();
const MAX_CACHED_TITLES = 4096;

function titleOf(title: string): { terms: ReadonlySet<string>; chars: ReadonlySet<string> } {
  let entry = titles.get(title);
  if (!entry) {
    const normalized = normalizeText(title);
    entry = { terms: new Set(tokenize(normalized)), chars: new Set(normalized) };
    if (titles.size >= MAX_CACHED_TITLES) titles.delete(titles.keys().next().value!);
    titles.set(title, entry);
  }
  return entry;
}

/** What the features need of the question, worked out once per query (it judges several passages). */
interface QuestionView {
  asked: ReturnType<typeof askedAnswerType>;
  pieces: string[];
  questionChars: string[];
  questionCharSet: ReadonlySet<string>;
  questionHan: ReadonlySet<string>;
  english: number;
}

const questionViews = new WeakMap<Query, QuestionView>();

function questionView(query: Query): QuestionView {
  let view = questionViews.get(query);
  if (!view) {
    const questionChars = Array.from(query.normalized.replace(/[^\p{L}\p{N}]/gu, ''));
    const latin = (query.normalized.match(/[a-z]/g) ?? []).length;
    const han = (query.normalized.match(/\p{Script=Han}/gu) ?? []).length;
    view = {
      // Asked of the question as written: query.normalized has question frames ("叫什么名字") folded.
      asked: askedAnswerType(normalizeText(query.question)),
      pieces: questionPieces(query.normalized),
      questionChars,
      questionCharSet: new Set(questionChars),
      questionHan: new Set(query.normalized.match(/\p{Script=Han}/gu) ?? []),
      english: han === 0 && latin > 0 ? 1 : 0,
    };
    questionViews.set(query, view);
  }
  return view;
}

interface Raw {
  clauses: readonly Clause[];
  sentence: number;
  /** Its first clause's position in the sentence. */
  start: number;
  whole: boolean;
  weighted: number;
  coverage: number;
  matched: string[];
  /** Whether it covers the question word that weighs most within the passage. */
  heaviest: boolean;
}

function measure(
  clauses: readonly Clause[],
  sentence: number,
  start: number,
  whole: boolean,
  query: Query,
  weights: SentenceWeights,
): Raw {
  const present = (term: string): boolean => hasTerm(clauses, term);
  let score = 0;
  let totalWeight = 0;
  let covered = 0;
  let total = 0;
  const matched: string[] = [];
  let heaviestWeight = -1;
  let heaviest = false;
  for (const group of query.groups) {
    const coverage = groupCoverage(group, present);
    const weight = weights.get(group) ?? 0;
    if (weight > heaviestWeight) {
      heaviestWeight = weight;
      heaviest = coverage >= 0.5;
    }
    score += weight * coverage;
    totalWeight += weight;
    covered += group.importance * coverage;
    total += group.importance;
    if (coverage > 0) matched.push(group.word);
  }
  return {
    clauses,
    sentence,
    start,
    whole,
    weighted: totalWeight > 0 ? score / totalWeight : 0,
    coverage: total > 0 ? covered / total : 0,
    matched,
    heaviest,
  };
}

/**
 * Every candidate span of the passage with its features. `maxChars`: a sentence longer than this
 * is offered as its runs of clauses that fit instead (verbatim, contiguous).
 */
export function answerSpans(passage: string, query: Query, maxChars: number, title = ''): Span[] {
  const { clauses } = tokenizedSentences(passage);
  if (clauses.length === 0) return [];
  const topic = titleOf(title);
  const weights = sentenceWeights(query, clauses, topic.terms);
  const raws: Raw[] = [];
  const wholes: Raw[] = [];
  clauses.forEach((sentenceClauses, index) => {
    const whole = measure(sentenceClauses, index, 0, true, query, weights);
    wholes.push(whole);
    const length = sentenceClauses.reduce((sum, clause) => sum + clause.text.length, 0);
    if (length <= maxChars) {
      raws.push(whole);
      return;
    }
    for (let start = 0; start < sentenceClauses.length; start++) {
      let chars = 0;
      for (let end = start; end < sentenceClauses.length; end++) {
        chars += sentenceClauses[end]!.text.length;
        if (end > start && chars > maxChars) break;
        raws.push(measure(sentenceClauses.slice(start, end + 1), index, start, false, query, weights));
      }
    }
  });

  const { asked, pieces, questionChars, questionCharSet, questionHan, english } = questionView(query);

  // The sentence that repeats the question best: the answer is in it or, often, right after it.
  let best = 0;
  wholes.forEach((whole, i) => {
    if (whole.weighted > wholes[best]!.weighted + 1e-9) best = i;
  });
  const sentenceHolds = wholes.map(
    (whole) => asked !== undefined && holdsAnswerType(normalizedOf(whole.clauses), asked),
  );
  const holdingShare = sentenceHolds.filter(Boolean).length / wholes.length;
  const maxWeighted = Math.max(...raws.map((raw) => raw.weighted));
  const charWeighted = characterCoverage(
    query.normalized,
    wholes.map((whole) => normalizedOf(whole.clauses)),
    topic.chars,
  );
  const spanHas = (raw: Raw) => (char: string) => raw.clauses.some((clause) => clause.charSet.has(char));
  const spanCharWeighted = raws.map((raw) => charWeighted(spanHas(raw)));
  const maxCharWeighted = Math.max(...spanCharWeighted);
  const sortedWeighted = raws.map((raw) => raw.weighted).sort((a, b) => b - a);
  const last = Math.max(1, clauses.length - 1);
  // Per sentence: its clauses' characters, where each clause starts, and the shared runs.
  const sentenceChars = clauses.map((sentenceClauses) => sentenceClauses.flatMap((clause) => clause.chars));
  const clauseOffsets = clauses.map((sentenceClauses) => {
    const offsets = [0];
    for (const clause of sentenceClauses) offsets.push(offsets.at(-1)! + clause.chars.length);
    return offsets;
  });
  const runs = sentenceChars.map((chars) => sharedRunsEnding(questionChars, chars));
  const novelIn = new Map<Clause, number>();
  const novelOf = (clause: Clause): number => {
    let novel = novelIn.get(clause);
    if (novel === undefined) {
      novel = clause.chars.filter((c) => !questionCharSet.has(c)).length;
      novelIn.set(clause, novel);
    }
    return novel;
  };

  return raws.map((raw, index): Span => {
    const normalized = normalizedOf(raw.clauses);
    const text = raw.clauses.map((clause) => clause.text).join('');
    const from = clauseOffsets[raw.sentence]![raw.start]!;
    const to = clauseOffsets[raw.sentence]![raw.start + raw.clauses.length]!;
    const charCount = to - from;
    const novel = raw.clauses.reduce((sum, clause) => sum + novelOf(clause), 0);
    const holds = asked !== undefined && holdsAnswerType(normalized, asked);
    // Clauses end at punctuation, so no question bigram or word spans two of them.
    const found = pieces.length
      ? pieces.filter((piece) => raw.clauses.some((clause) => clause.normalized.includes(piece))).length /
        pieces.length
      : 0;
    const has = spanHas(raw);
    const hanFound = [...questionHan].filter(has).length;
    return {
      text,
      sentence: raw.sentence,
      whole: raw.whole,
      matched: raw.matched,
      coverage: raw.coverage,
      weighted: raw.weighted,
      features: {
        weighted: raw.weighted,
        weightedGap: raw.weighted - maxWeighted,
        weightedRank: Math.log(1 + sortedWeighted.findIndex((w) => w <= raw.weighted + 1e-9)),
        heaviest: raw.heaviest ? 1 : 0,
        // Single characters found: a paraphrase ("估计" for "预计") still shares one of two.
        questionChars: questionHan.size ? hanFound / questionHan.size : 0,
        charWeighted: spanCharWeighted[index]!,
        charWeightedGap: spanCharWeighted[index]! - maxCharWeighted,
        coverage: raw.coverage,
        bestSentence: raw.sentence === best ? 1 : 0,
        afterBest: raw.sentence === best + 1 ? 1 : 0,
        beforeBest: raw.sentence === best - 1 ? 1 : 0,
        questionPieces: found,
        longestShared: Math.log(1 + longestSharedRun(runs[raw.sentence]!, from, to)),
        typeHeld: holds ? 1 : 0,
        // Holding the asked kind says more where few sentences of the passage do.
        typeHeldRare: holds ? 1 - holdingShare : 0,
        typeHeldBest: holds && raw.sentence === best ? 1 : 0,
        typeHeldAfterBest: holds && raw.sentence === best + 1 ? 1 : 0,
        chars: Math.log(1 + text.trim().length),
        novelChars: Math.log(1 + novel),
        novelShare: charCount ? novel / charCount : 0,
        narrowed: raw.whole ? 0 : 1,
        firstSentence: raw.sentence === 0 ? 1 : 0,
        position: raw.sentence / last,
        englishWeighted: english * raw.weighted,
      },
    };
  });
}

/**
 * The share of the question's Han characters a text holds, each weighed by its rarity among the
 * passage's sentences, leaving out the title's: words segment differently in question and passage
 * ("个性" for "性格", "经书" for "书"), single characters do not.
 */
function characterCoverage(
  normalizedQuestion: string,
  sentences: readonly string[],
  titleChars: ReadonlySet<string>,
): (has: (char: string) => boolean) => number {
  const weights = new Map<string, number>();
  for (const char of new Set(normalizedQuestion.match(/\p{Script=Han}/gu) ?? [])) {
    if (titleChars.has(char)) continue;
    const seenIn = sentences.filter((sentence) => sentence.includes(char)).length;
    if (seenIn > 0) weights.set(char, Math.log(1 + (sentences.length + 0.5) / (seenIn + 0.5)));
  }
  const total = [...weights.values()].reduce((sum, w) => sum + w, 0);
  return (has) => {
    if (total === 0) return 0;
    let found = 0;
    for (const [char, weight] of weights) if (has(char)) found += weight;
    return found / total;
  };
}

function normalizedOf(clauses: readonly Clause[]): string {
  return clauses.map((clause) => clause.normalized).join('');
}
