/** A fact a server's moderators pinned; answered and cited like a passage, only in that server. */
export interface PinnedFact {
  id: number;
  guildId: string;
  text: string;
  /** Extra words that should find this pin (space or comma separated), not shown as the answer. */
  keywords?: string;
  /** The article passage this pin relates to (`Passage.key`), if the moderator named one. */
  passageKey?: string;
  /** Where the fact came from, e.g. a Discord message link. */
  sourceUrl?: string;
  createdBy: string;
  createdByName?: string;
  /** ISO 8601. */
  createdAt: string;
}

/** One cited passage (or pin), as the `ask --json` contract shows it, plus what renderers need. */
export interface Citation {
  /** Article id (file name without extension), or "pin" for a pinned fact. */
  source: string;
  /** Passage id within the article ("12"), or "pin-<id>". */
  passage: string;
  title: string;
  url?: string;
  /** The passage's full text, verbatim. */
  text: string;
  section?: string;
  /** `Passage.key`, for "Show passage" and neighbours; absent for pins. */
  key?: string;
  /** Present when this citation is a moderator's pinned fact. */
  pin?: PinnedFact;
  /** Retrieval score, comparable only within one answer. */
  score: number;
}

export interface AnswerResult {
  question: string;
  answered: boolean;
  /** In [0, 1]: how sure the engine is that the top citation answers the question. */
  confidence: number;
  /** Verbatim sentence(s) from the top citation; "" when not answered. */
  answer: string;
  /** Best first. When not answered these are the closest passages, offered as suggestions. */
  citations: Citation[];
  /** Normalized query terms found in the answer, for renderers that bold key words. */
  matchedTerms: string[];
  /** Present (true) when the question names something the knowledge never mentions (decide.ts). */
  unknownName?: true;
  /** What the answer models saw; only when asked for (`AskOptions.diagnose`). */
  diagnosis?: {
    candidates: Array<{ source: string; passage: string; features: Record<string, number> }>;
    confidence?: Record<string, number>;
    /** The top citation's candidate answer spans and the sentence model's features of each. */
    spans?: Array<{ text: string; sentence: number; whole: boolean; features: Record<string, number> }>;
  };
}
