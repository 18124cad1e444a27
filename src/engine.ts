import type { AnswerResult, Citation, PinnedFact } from './answer/types.ts';
import type { Article, LoadProblem, Passage } from './knowledge/types.ts';

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
}

/** The Discord-free core: everything a handler, the console or the CLI needs to answer. */
export interface Engine {
  readonly articles: readonly Article[];
  /** All passages of all articles, in article then reading order. */
  readonly passages: readonly Passage[];
  /** Files that were skipped, with why. */
  readonly problems: readonly LoadProblem[];
  ask(question: string, options?: AskOptions): AnswerResult;
  /** Ranked passages (and pins) for a query, best first, without choosing an answer. */
  search(query: string, options?: AskOptions): Citation[];
  /** By `Passage.key` ("article§12"), or by a bare id ("12", "§12") when it is unambiguous. */
  findPassage(ref: string): Passage | undefined;
  /** The passages before and after one, for "Show passage" and previous/next buttons. */
  neighbours(key: string): { previous?: Passage; next?: Passage };
  /** Autocomplete for passage references: fuzzy over ids, sections and text. */
  suggestPassages(typed: string, limit?: number): Passage[];
  /** Autocomplete for questions: questions the knowledge answers well, closest to what was typed. */
  suggestQuestions(typed: string, limit?: number): string[];
  indexPins(pins: readonly PinnedFact[]): PinIndex;
}
