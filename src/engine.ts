import type { AnswerResult, Citation, PinnedFact } from './answer/types.ts';
import type { Article, LoadProblem, Passage } from './knowledge/types.ts';
import Fuse from 'fuse.js';
import { chooseAnswer, DEFAULT_ANSWER_OPTIONS, namedSpans, type AnswerOptions } from './answer/choose.ts';
import { decide } from './answer/decide.ts';
import { expandQuery, type AssociationOptions } from './answer/associations.ts';
import { loadAnswerModel, type AnswerModel } from './answer/model.ts';
import { loadKnowledge } from './knowledge/load.ts';
import { DEFAULT_BM25, InvertedIndex, type Bm25Options } from './search/inverted-index.ts';
import { normalizedSpan, normalizeText } from './search/normalize.ts';
import { buildQuery, type Query, type QueryHelpers } from './search/query.ts';
import { ArticleTitles, articleTopic, TITLE_WEIGHT } from './search/titles.ts';
import { tokenize } from './search/tokenize.ts';
import { assess, headSize, PinIndexImpl, type Candidate, type RankedCandidate } from './search/candidate.ts';
import { TypoRepair } from './search/typo-repair.ts';
import { pinForQuestion } from './search/pin-languages.ts';
import {
  CrossLingualTerms,
  DEFAULT_LEXICON_PATH,
  loadGlossaries,
  type Glossary,
} from './search/cross-lingual.ts';

export type { AnswerResult, Citation, PinnedFact, Article, Passage, LoadProblem };

/** A guild's pinned facts prepared for search; build with `Engine.indexPins`, rebuild when pins change. */
export interface PinIndex {
  readonly pins: readonly PinnedFact[];
}

export interface AskOptions {
  /** The asking server's pins, searched with the articles. */
  pins?: PinIndex;
  /** How many citations to return (default 5). */
  limit?: number;
  /** Return what the answer models saw (for `npm run calibrate`). */
  diagnose?: boolean;
}

/** The Discord-free core: everything a handler, the console or the CLI needs to answer. */
export interface Engine {
  readonly articles: readonly Article[];
  /** All passages of all articles, in article then reading order. */
  readonly passages: readonly Passage[];
  /** Files that were skipped, with why. */
  readonly problems: readonly LoadProblem[];
  /** The confidence model's threshold: below it the engine abstains (data/answer-model.json). */
  readonly threshold: number;
  ask(question: string, options?: AskOptions): AnswerResult;
  /** The question as retrieval and the span features read it (the sentence fit scores gold passages with it). */
  query(question: string): Query;
  /** Ranked passages (and pins) for a query, best first, without choosing an answer. */
  search(query: string, options?: AskOptions): Citation[];
  /** By key ("article§12"), as replies name it ("article §12"), or a bare id ("12", "§12") if unambiguous. */
  findPassage(ref: string): Passage | undefined;
  /** The passages before and after one, for "Show passage" and previous/next buttons. */
  neighbours(key: string): { previous?: Passage; next?: Passage };
  /** Autocomplete for passage references: fuzzy over ids, sections and text. */
  suggestPassages(typed: string, limit?: number): Passage[];
  /** Autocomplete for questions: questions the knowledge answers well, closest to what was typed. */
  suggestQuestions(typed: string, limit?: number): string[];
  indexPins(pins: readonly PinnedFact[]): PinIndex;
}

export interface EngineOptions {
  bm25: Bm25Options;
  answer: AnswerOptions;
  /**
   * The fitted ranker and confidence models (data/answer-model.json, `npm run calibrate`). Without
   * a ranker candidates stay in retrieval order (calibration fits the ranker on that order).
   */
  model: Partial<AnswerModel>;
  /** A user's glossary from `knowledge/*.glossary.yaml` (see search/cross-lingual.ts). */
  glossary?: Glossary;
  /** The English -> Chinese lexicon derived from CC-CEDICT (`npm run lexicon`). */
  lexiconPath: string;
  /** Its lines as Chinese questions translate English ones (`npm run question-senses`). */
  questionSensesPath?: string;
  /** Measuring only (scripts/measure-associations.ts): learned wording; `expand`: as retrieval terms. */
  associations?: AssociationOptions;
}

export const DEFAULT_ENGINE_OPTIONS: EngineOptions = {
  bm25: DEFAULT_BM25,
  answer: DEFAULT_ANSWER_OPTIONS,
  model: {},
  lexiconPath: DEFAULT_LEXICON_PATH,
};

/** An article of this many passages or more is answered from its own statistics (articleAlone). */
const OWN_STATISTICS_PASSAGES = 3;
const RERANKED = 3; // how many of the first retrieved candidates the ranker re-orders
/** How many candidates BM25 retrieves for a question (and pins on top). */
const RETRIEVED = 20;
/** Autocomplete suggests the sentences of passages covering at least this share of what was typed. */
const SUGGEST_MIN_COVERAGE = 0.5;

class CitebotEngine implements Engine {
  readonly passages: Passage[];
  private readonly index: InvertedIndex;
  private readonly titles: ArticleTitles;
  private readonly normalizedTexts: string[];
  private readonly byKey = new Map<string, Passage>();
  private readonly articleById = new Map<string, Article>();
  private readonly typos: TypoRepair;
  private readonly crossLingual: CrossLingualTerms;
  private passageFuse?: Fuse<Passage>;
  readonly threshold: number;

  constructor(
    readonly articles: readonly Article[],
    readonly problems: readonly LoadProblem[],
    private readonly options: EngineOptions,
  ) {
    this.passages = articles.flatMap((article) => article.passages);
    this.threshold = options.model.confidence?.threshold ?? 0.5;
    for (const article of articles) this.articleById.set(article.id, article);
    for (const passage of this.passages) this.byKey.set(passage.key, passage);
    this.candidates = this.passages.map(() => undefined);
    // Sections and titles are searchable with the passage: a question often names the topic.
    this.normalizedTexts = this.passages.map((passage) => normalizeText(passage.text));
    const documents = this.normalizedTexts.map((text) => tokenize(text));
    this.index = new InvertedIndex(documents, options.bm25);
    this.titles = new ArticleTitles(articles, options.bm25.titleWeight ?? TITLE_WEIGHT);
    this.typos = new TypoRepair(this.index.terms(), this.normalizedTexts, (stem) => this.index.has(stem));
    this.crossLingual = new CrossLingualTerms(
      (chinese) => this.index.hasWordOrBigrams(normalizeText(chinese)),
      options.glossary,
      options.lexiconPath,
      (stem) => this.index.has(stem),
      options.questionSensesPath,
    );
  }

  private repairTypo: QueryHelpers['repairTypo'] = (...slip) => this.typos.repair(...slip);

  /** What a candidate's article is about (titles.ts articleTopic); nothing for a pin. */
  private topicOf(candidate: Candidate): string {
    const article = candidate.citation.key ? this.articleById.get(candidate.citation.source) : undefined;
    return article ? articleTopic(article) : '';
  }

  query(question: string): Query {
    const helpers = { repairTypo: this.repairTypo, ...this.crossLingual.queryHelpers(this.normalizedTexts) };
    return expandQuery(this.options.associations, buildQuery(question, this.index, helpers), this.index);
  }

  private citationFor(passage: Passage): Omit<Citation, 'score'> {
    const article = this.articleById.get(passage.articleId)!;
    return {
      source: article.id,
      passage: passage.id,
      title: article.title,
      url: article.url,
      text: passage.text,
      section: passage.section,
      key: passage.key,
    };
  }

  /** Per passage, what a question's candidate holds that no question changes: made on first use. */
  private readonly candidates: (Candidate | undefined)[];

  private candidateOf(doc: number): Candidate {
    return (this.candidates[doc] ??= {
      citation: this.citationFor(this.passages[doc]!),
      has: (term: string) => this.index.contains(doc, term),
      length: this.index.lengthOf(doc),
      normalized: this.normalizedTexts[doc]!,
    });
  }

  /** Ranked candidates with their share of the question covered, best first. */
  private rank(query: Query, options: AskOptions, limit: number): RankedCandidate[] {
    const hits = this.titles
      .search(this.index, query, Math.max(limit, RETRIEVED))
      .map(({ doc, bm25, titleFactor }) =>
        // Found with words weighed by necessity; the ranker and the confidence read plain BM25.
        query.retrievalTerms
          ? assess(query, this.candidateOf(doc), this.index.scoreOf(doc, query.terms), titleFactor, bm25)
          : assess(query, this.candidateOf(doc), bm25, titleFactor),
      );
    // A guild has a few hundred pins at most: each is scored on the article statistics, at a passage's
    // average length (BM25's length normalization would put a one-line pin above the answer for that).
    for (const pin of (options.pins as PinIndexImpl | undefined)?.candidates ?? []) {
      const candidate = pinForQuestion(pin, query, this.options.lexiconPath); // in the question's language
      let score = 0;
      for (const { term, weight } of query.terms) {
        if (candidate.has(term)) score += weight * this.index.termScore(term, 1, this.index.averageLength);
      }
      if (score > 0) hits.push(assess(query, candidate, score));
    }
    return hits.sort((a, b) => b.rankScore - a.rankScore).slice(0, limit);
  }

  search(query: string, options: AskOptions = {}): Citation[] {
    return this.rank(this.query(query), options, options.limit ?? 5).map(({ candidate, score }) => ({
      ...candidate.citation,
      score,
    }));
  }

  ask(question: string, options: AskOptions = {}): AnswerResult {
    const query = this.query(question);
    const limit = options.limit ?? 5;
    // Every retrieved candidate, not only those shown: how many cover the question as well as the
    // first ones says how much the question singles out.
    const ranked = this.rank(query, options, Math.max(limit, RETRIEVED));
    // An article with statistics of its own that retrieval puts in the head is answered as if it
    // were alone (articleAlone): the files beside it must not change its answers. When it heads
    // the list, its answer stands; when another file does, the likelier of the two answers does.
    // Engines are built on first use, so only for the article whose answer is asked for.
    const [head, ...next] = ranked.slice(0, RERANKED).map(({ candidate }) => candidate.citation);
    const first = head && this.articleAlone(head);
    if (first) return this.withOthers(first.ask(question, options), ranked, limit);
    let own: AnswerResult | undefined;
    for (const citation of next) {
      own = this.articleAlone(citation)?.ask(question, options);
      if (own) break;
    }
    const result = this.answerFrom(question, query, ranked, options);
    return own && own.confidence > result.confidence ? this.withOthers(own, ranked, limit) : result;
  }

  /** An article's own answer, its citations followed by other files' passages up to `limit`. */
  private withOthers(result: AnswerResult, ranked: readonly RankedCandidate[], limit: number): AnswerResult {
    const source = result.citations[0]?.source;
    const others = ranked
      .filter(({ candidate }) => candidate.citation.source !== source && candidate.citation.key)
      .map(({ candidate, score }) => ({ ...candidate.citation, score }));
    return { ...result, citations: [...result.citations, ...others].slice(0, limit) };
  }

  private readonly ownEngines = new Map<string, CitebotEngine>();

  /**
   * The engine of one article alone, for an article long enough to have statistics of its own
   * (built on first use): its own idf, passage lengths, vocabulary and score scales, so files
   * beside it cannot change how it answers.
   */
  private articleAlone(citation: Omit<Citation, 'score'>): CitebotEngine | undefined {
    if (this.articles.length < 2 || !citation.key) return undefined;
    const article = this.articleById.get(citation.source);
    if (!article || article.passages.length < OWN_STATISTICS_PASSAGES) return undefined;
    let engine = this.ownEngines.get(article.id);
    if (!engine) this.ownEngines.set(article.id, (engine = new CitebotEngine([article], [], this.options)));
    return engine;
  }

  private answerFrom(
    question: string,
    query: Query,
    ranked: RankedCandidate[],
    options: AskOptions,
  ): AnswerResult {
    const limit = options.limit ?? 5;
    if (ranked.length === 0) {
      return { question, answered: false, confidence: 0, answer: '', citations: [], matchedTerms: [] };
    }
    // The first few candidates are judged by the ranker on what they hold, not only on overlap.
    const headEnd = headSize(ranked, RERANKED);
    const head = ranked.slice(0, headEnd).map((ranked) => {
      // A pin read with its words glossed (pin-languages.ts) is answered with its own text.
      const { citation, reading } = ranked.candidate;
      const topic = this.topicOf(ranked.candidate);
      const chosen = chooseAnswer(reading ?? citation.text, query, this.options.answer, topic);
      const answer = reading === undefined ? chosen : { ...chosen, text: citation.text };
      return {
        ...ranked,
        answer,
        has: ranked.candidate.has,
        normalized: ranked.candidate.normalized,
        answerNormalized: normalizedSpan(answer.span),
        pinned: ranked.candidate.citation.pin !== undefined,
        glossed: reading !== undefined,
      };
    });
    // What a passage holding every query term once, at average length, would score.
    const ideal = query.terms.reduce(
      (sum, { term, weight }) => sum + weight * this.index.termScore(term, 1, this.index.averageLength),
      0,
    );
    const { order, judged, topFeatures, confidence, answered } = decide(query, head, this.options.model, {
      unseenIdf: this.index.idf('\u0000'),
      idealBm25: ideal,
      retrieved: ranked.map(({ candidate, score, coverage }) => ({
        has: candidate.has,
        score,
        coverage,
        pinned: candidate.citation.pin !== undefined,
      })),
      associations: this.options.associations?.table,
    });
    const top = order[0]!;
    const citations = [...order, ...ranked.slice(headEnd)]
      .slice(0, limit)
      .map(({ candidate, score }) => ({ ...candidate.citation, score }));
    return {
      question,
      answered,
      confidence: Math.round(confidence * 100) / 100,
      answer: answered ? top.answer.text : '',
      citations,
      matchedTerms: top.answer.matchedWords,
      ...(topFeatures.unknownName === 1 && { unknownName: true as const }),
      ...(options.diagnose && {
        diagnosis: {
          candidates: judged.map(({ candidate, features }) => ({
            source: candidate.citation.source,
            passage: candidate.citation.passage,
            features,
          })),
          confidence: topFeatures,
          spans: namedSpans(top.answer.spans),
        },
      }),
    };
  }

  findPassage(ref: string): Passage | undefined {
    if (this.byKey.has(ref.trim())) return this.byKey.get(ref.trim());
    const [, article, id = ''] = /^(?:(.*?)\s*§)?\s*(\S*)$/.exec(ref.trim()) ?? [];
    const inArticle = (passage: Passage) =>
      !article || passage.articleId.toLowerCase() === article.toLowerCase();
    const matches = this.passages.filter((passage) => passage.id === id && inArticle(passage));
    return matches.length === 1 ? matches[0] : undefined;
  }

  neighbours(key: string): { previous?: Passage; next?: Passage } {
    const passage = this.byKey.get(key);
    if (!passage) return {};
    const article = this.articleById.get(passage.articleId)!;
    return { previous: article.passages[passage.ordinal - 2], next: article.passages[passage.ordinal] };
  }

  suggestPassages(typed: string, limit = 25): Passage[] {
    // Autocomplete values are at most 100 characters; a forged longer one costs fuzzy search dearly.
    const text = typed.trim().slice(0, 100);
    if (!text) return this.passages.slice(0, limit);
    const exact = this.findPassage(text);
    this.passageFuse ??= new Fuse(this.passages, {
      keys: ['id', 'section', 'text'],
      ignoreLocation: true,
      threshold: 0.4,
    });
    const fuzzy = this.passageFuse.search(normalizeText(text), { limit }).map(({ item }) => item);
    return [...new Set([...(exact ? [exact] : []), ...fuzzy])].slice(0, limit);
  }

  suggestQuestions(typed: string, limit = 25): string[] {
    const text = typed.trim();
    if (!text) return [];
    // The typed question first, then the sentences that would answer it best, so members see
    // what the knowledge can answer before they send.
    const query = this.query(text);
    const answers = this.rank(query, {}, limit)
      .filter(({ coverage }) => coverage >= SUGGEST_MIN_COVERAGE)
      .map(
        ({ candidate }) =>
          chooseAnswer(candidate.citation.text, query, this.options.answer, this.topicOf(candidate)).text,
      );
    return [...new Set([text, ...answers])].slice(0, limit);
  }

  indexPins(pins: readonly PinnedFact[]): PinIndex {
    return new PinIndexImpl(pins, this.crossLingual);
  }
}

let defaultModel: AnswerModel | undefined;

export function createEngine(
  articles: readonly Article[],
  problems: readonly LoadProblem[] = [],
  options: Partial<EngineOptions> = {},
): Engine {
  // The fitted models are read once, on the first engine built without models of its own.
  defaultModel ??= loadAnswerModel();
  return new CitebotEngine(articles, problems, {
    ...DEFAULT_ENGINE_OPTIONS,
    model: defaultModel,
    ...options,
  });
}

/** Loads `knowledgeDir` and builds the engine over it. */
export async function loadEngine(
  knowledgeDir: string,
  options: Partial<EngineOptions> = {},
): Promise<Engine> {
  const [{ articles, problems }, glossaries] = await Promise.all([
    loadKnowledge(knowledgeDir),
    loadGlossaries(knowledgeDir),
  ]);
  return createEngine(articles, [...problems, ...glossaries.problems], {
    glossary: glossaries.glossary,
    ...options,
  });
}
