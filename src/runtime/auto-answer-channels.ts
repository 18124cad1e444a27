import type { CitebotStore, StoreResult } from '../store/types.ts';

/** How long a server's setting is trusted before it is read again (another instance may change it). */
export const AUTO_ANSWER_CACHE_MS = 30_000;

/**
 * Each server's auto-answer channel (/setup auto-answer), cached: with the Message Content intent
 * every member message of every server reaches the bot, and most servers never turn it on, so a
 * message must not cost a database read. A change made here is seen at once; one made through
 * another instance sharing the database within AUTO_ANSWER_CACHE_MS.
 */
export class AutoAnswerChannels {
  private readonly cached = new Map<string, { channelId: string | undefined; readAt: number }>();
  private readonly ttlMs: number;
  private readonly maxServers: number;
  private readonly now: () => number;

  constructor(
    private readonly store: Pick<CitebotStore, 'autoAnswerChannel' | 'setAutoAnswerChannel'>,
    options: { ttlMs?: number; maxServers?: number; now?: () => number } = {},
  ) {
    this.ttlMs = options.ttlMs ?? AUTO_ANSWER_CACHE_MS;
    this.maxServers = options.maxServers ?? 100_000;
    this.now = options.now ?? Date.now;
  }

  /** The channel whose new posts are answered in this server; undefined when off. Store errors throw. */
  async channelFor(guildId: string): Promise<string | undefined> {
    const hit = this.cached.get(guildId);
    if (hit && this.now() - hit.readAt < this.ttlMs) return hit.channelId;
    const channelId = await this.store.autoAnswerChannel(guildId);
    this.remember(guildId, channelId);
    return channelId;
  }

  /** Turns auto-answer on for `channelId` (off with null), in the store and in this cache. */
  async set(guildId: string, channelId: string | null, by: string): Promise<StoreResult<null>> {
    const saved = await this.store.setAutoAnswerChannel(guildId, channelId, by);
    if (saved.ok) this.remember(guildId, channelId ?? undefined);
    return saved;
  }

  private remember(guildId: string, channelId: string | undefined): void {
    // Map order is insertion order: re-inserting keeps the most recently read servers last.
    this.cached.delete(guildId);
    this.cached.set(guildId, { channelId, readAt: this.now() });
    if (this.cached.size > this.maxServers) this.cached.delete(this.cached.keys().next().value!);
  }
}
