import type { PinnedFact } from '../answer/types.ts';
import type { PinIndex } from '../engine.ts';

/**
 * What handlers need from storage. The SQLite implementation lives beside this file; another
 * database can implement the same interface without touching commands.
 * Every method is scoped by guild id: nothing reads or writes across servers.
 */
export interface CitebotStore {
  /** The guild's pins prepared for search, cached until they change. Empty for DMs (guildId null). */
  pinIndexFor(guildId: string | null): PinIndex | undefined;
  listPins(guildId: string): PinnedFact[];
  getPin(guildId: string, id: number): PinnedFact | undefined;
  addPin(pin: Omit<PinnedFact, 'id' | 'createdAt'>): StoreResult<PinnedFact>;
  editPin(
    guildId: string,
    id: number,
    changes: Partial<Pick<PinnedFact, 'text' | 'keywords' | 'passageKey'>>,
  ): StoreResult<PinnedFact>;
  removePin(guildId: string, id: number): StoreResult<PinnedFact>;

  /** Called for every answer shown in a guild; keeps abstained questions for /insights (no user ids). */
  recordQuestion(guildId: string, question: string, answered: boolean): void;
  /** One vote per member per answer, changeable. `answerId` identifies the shown answer. */
  recordVote(vote: {
    guildId: string;
    answerId: string;
    userId: string;
    helpful: boolean;
    question: string;
    cited: string;
  }): void;
  close(): void;
}

/** Errors a user can cause come back as values with a message for them, not exceptions. */
export type StoreResult<T> = { ok: true; value: T } | { ok: false; message: string };
