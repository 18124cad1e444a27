import type { PinnedFact } from '../answer/types.ts';
import type { PinIndex } from '../engine.ts';

/** What the cache reads from the store: a server's pins, and a number that changes with them. */
export interface PinSource {
  listPins(guildId: string): Promise<PinnedFact[]>;
  /** Bumped by every pin change, in any process sharing the database. */
  pinRevision(guildId: string): Promise<number>;
}

/** The subset of a pino logger the cache uses. */
export interface PinIndexLogger {
  warn(details: object, message: string): void;
}

/**
 * Each server's pins prepared for search, cached until they change. The index is built by the
 * engine serving now; after a knowledge reload `forget()` drops every index so the next question
 * rebuilds it with the new engine.
 */
export class PinIndexes {
  private readonly indexes = new Map<string, { revision: number; index: PinIndex }>();

  constructor(
    private readonly source: PinSource,
    /** Builds a server's searchable pin index: the serving engine's `indexPins`. */
    private readonly indexPins: (pins: readonly PinnedFact[]) => PinIndex,
    private readonly logger?: PinIndexLogger,
  ) {}

  /** The server's pin index; undefined for DMs (guildId null). */
  async for(guildId: string | null): Promise<PinIndex | undefined> {
    if (guildId === null) return undefined;
    const cached = this.indexes.get(guildId);
    try {
      // One indexed read per question: another process or instance may have changed the pins.
      const revision = await this.source.pinRevision(guildId);
      if (cached?.revision === revision) return cached.index;
      const pins = await this.source.listPins(guildId);
      // Questions that read the pins meanwhile must not put back an older index.
      const latest = this.indexes.get(guildId);
      if (latest && latest.revision >= revision) return latest.index;
      const index = this.indexPins(pins);
      this.indexes.set(guildId, { revision, index });
      return index;
    } catch (error) {
      this.logger?.warn({ err: error, guildId }, 'pins unavailable for this answer');
      return cached?.index;
    }
  }

  /** Drops every cached index; the engine that built them was replaced. */
  forget(): void {
    this.indexes.clear();
  }
}
