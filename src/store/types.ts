import type { PinnedFact } from '../answer/types.ts';

/**
 * What handlers need from storage: SQLite (sqlite.ts, one host) or PostgreSQL (postgres.ts, several
 * instances sharing one database), chosen by src/config.ts. Every method returns a promise, so both
 * back ends serve the same callers; a refusal a user can cause comes back as a value.
 * Every method is scoped by guild id: nothing reads or writes across servers.
 */
export interface CitebotStore {
  /**
   * A number that changes whenever the guild's pins change, in any process sharing the database:
   * what the pin-index cache (src/runtime/pin-indexes.ts) checks before reusing an index.
   */
  pinRevision(guildId: string): Promise<number>;
  /** Oldest first. */
  listPins(guildId: string): Promise<PinnedFact[]>;
  countPins(guildId: string): Promise<number>;
  getPin(guildId: string, id: number): Promise<PinnedFact | undefined>;
  addPin(pin: Omit<PinnedFact, 'id' | 'createdAt'>): Promise<StoreResult<PinnedFact>>;
  editPin(
    guildId: string,
    id: number,
    changes: Partial<Pick<PinnedFact, 'text' | 'keywords' | 'passageKey' | 'sourceUrl'>>,
  ): Promise<StoreResult<PinnedFact>>;
  /**
   * Removes those of `ids` that are pins of the guild, in one transaction (one change, however
   * many): the pins removed, in the order given; no-such-pin when none of them is one.
   */
  removePins(guildId: string, ids: readonly number[]): Promise<StoreResult<PinnedFact[]>>;
  /**
   * Adds each entry as `addPin` would, in one transaction; duplicates are skipped, invalid entries
   * and entries past the per-server limit are refused. Entries keep their date when given; their
   * author is always `importer` (a file's createdBy/createdByName are not trusted).
   */
  importPins(guildId: string, entries: readonly PinImportEntry[], importer: PinAuthor): Promise<ImportReport>;

  /**
   * Called for every answer shown in a guild; keeps abstained questions for /insights (no user ids),
   * counts the day's answered and unanswered questions, and counts a pin cited as the answer.
   */
  recordQuestion(guildId: string, question: string, answered: boolean, citedPinId?: number): Promise<void>;
  /** One vote per member per answer, changeable. `answerId` identifies the shown answer. */
  recordVote(vote: Vote): Promise<void>;
  /** What members ask that nothing answers, what they ask most, and how answers are rated. */
  insights(guildId: string, limit?: number): Promise<Insights>;
  /** How often each of the server's pins was cited as the answer; pins never cited are absent. Most cited first. */
  pinUsage(guildId: string): Promise<PinUsage[]>;
  /** A question kept for insights, by its id (for "Pin an answer"). */
  getQuestion(guildId: string, id: number): Promise<QuestionStat | undefined>;
  /** A moderator pinned an answer to this question: insights stop listing it until it is asked again. */
  markAnswerPinned(guildId: string, id: number): Promise<void>;
  /** The channel whose new posts citebot answers when sure (/setup auto-answer); undefined when off. */
  autoAnswerChannel(guildId: string): Promise<string | undefined>;
  /** Turns auto-answer on for `channelId`, or off with null; `by` is the member who changed it. */
  setAutoAnswerChannel(guildId: string, channelId: string | null, by: string): Promise<StoreResult<null>>;
  close(): Promise<void>;
}

/** A 👍/👎 on an answer, as recordVote keeps it. */
export interface Vote {
  guildId: string;
  answerId: string;
  userId: string;
  helpful: boolean;
  question: string;
  cited: string;
}

/** Errors a user can cause come back as values with a message for them, not exceptions. */
export type StoreResult<T> = { ok: true; value: T } | StoreFailure;

/**
 * A refusal: `message` in English for logs and the console; `problem` and `values` let a handler
 * say the same in the member's language.
 */
export interface StoreFailure {
  ok: false;
  message: string;
  problem?: StoreProblem;
  values?: Record<string, string | number>;
}

export type StoreProblem =
  | 'empty-text'
  | 'punctuation-only'
  | 'text-too-long'
  | 'keywords-too-long'
  | 'mention'
  | 'passage-too-long'
  | 'unknown-passage'
  | 'bad-source'
  | 'duplicate'
  | 'pin-limit'
  | 'no-such-pin'
  | 'storage'
  | 'database-gone'
  | 'file-too-large'
  | 'not-json'
  | 'not-pin-file'
  | 'too-many-entries';

export interface PinAuthor {
  createdBy: string;
  createdByName?: string;
}

/** One pin as an export file holds it, and as an import reads it (before validation). */
export interface PinImportEntry {
  text: string;
  keywords?: string;
  passageKey?: string;
  sourceUrl?: string;
  createdBy?: string;
  createdByName?: string;
  createdAt?: string;
}

export interface ImportReport {
  added: PinnedFact[];
  /** Already pinned in this server (same normalized text). */
  skipped: ImportProblem[];
  /** Invalid, or past the per-server limit. */
  refused: ImportProblem[];
  /** Added, but without the passage link the file gave: no such passage (filled by /pin import). */
  unlinked?: ImportProblem[];
}

/** One entry an import did not add: its position in the file, its text, and why. */
export interface ImportProblem {
  index: number;
  text: string;
  reason: string;
  problem?: StoreProblem;
  values?: Record<string, string | number>;
}

/** A question as kept for insights: normalized text only, never who asked. */
export interface QuestionStat {
  id: number;
  text: string;
  asked: number;
  /** How many times the engine abstained on it. */
  unanswered: number;
  /** Whether the most recent ask abstained. */
  lastUnanswered: boolean;
  helpful: number;
  unhelpful: number;
  /** ISO 8601. */
  lastAskedAt: string;
}

export interface Insights {
  /**
   * Abstained on the last ask, or rated 👎 more than 👍; most asked first. A question a moderator
   * pinned an answer to is left out until it is asked again.
   */
  unanswered: QuestionStat[];
  mostAsked: QuestionStat[];
  feedback: { helpful: number; unhelpful: number };
  /** Questions per day (UTC) over the last `CHART_DAYS` days, today last; days without questions are zeros. */
  daily: DailyQuestions[];
  /** How many days questions and votes are kept. */
  retentionDays: number;
}

/** One day's questions in a server: how many were answered and how many nothing answered. */
export interface DailyQuestions {
  /** YYYY-MM-DD, UTC. */
  day: string;
  answered: number;
  unanswered: number;
}

/** How often a pin was the answer shown (its text, for /insights). */
export interface PinUsage {
  pinId: number;
  text: string;
  cited: number;
  /** ISO 8601. */
  lastCitedAt: string;
}
