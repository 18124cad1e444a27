import { DEFAULT_LIMITS, type LimitsConfig } from '../config.ts';

/**
 * Rate limits for what members can make the bot do: a per-member cooldown on answers and per-server
 * quotas (answers, pin changes). Discord-free and clock-injected, so handlers, the console and tests
 * share it; memory stays bounded however many members a public server has.
 *
 * Each limit is a token bucket: a key (a user, a server) may act `burst` times back to back, then
 * earns one action back every `periodMs`. A bucket that has refilled holds nothing worth keeping and
 * is forgotten, so memory follows the members active in the last `burst × period`, not all members.
 */

export interface BucketOptions {
  /** Actions allowed back to back. 0 turns the limit off. */
  burst: number;
  /** Milliseconds to earn one action back. */
  periodMs: number;
  /**
   * Keys tracked at most. Past it the least recently active key is forgotten (it starts afresh
   * with a full bucket), so a flood of distinct ids cannot grow memory without bound.
   */
  maxKeys: number;
}

export type LimitDecision =
  | { ok: true; /** Actions left right now. */ remaining: number }
  | {
      ok: false;
      /** Milliseconds until the key may act again. */
      retryAfterMs: number;
      /** Epoch milliseconds when the key may act again. */
      retryAt: number;
      /** Which limit refused: the caller's name for it ("member", "server", …). */
      limit: string;
      /**
       * The key was already refused in this cooldown window (and told so): where a refusal is
       * public (an @mention's reply), say nothing this time.
       */
      repeated: boolean;
    };

interface BucketState {
  tokens: number;
  updatedAt: number;
  /** Until when the key's last refusal holds (epoch ms): refusals before then are repeats. */
  refusedUntil?: number;
}

export type Clock = () => number;

export class TokenBuckets {
  private readonly buckets = new Map<string, BucketState>();

  constructor(
    readonly name: string,
    readonly options: BucketOptions,
    private readonly now: Clock = Date.now,
  ) {
    if (!(options.periodMs > 0) && options.burst > 0) throw new Error(`${name}: periodMs must be positive`);
  }

  get enabled(): boolean {
    return this.options.burst > 0;
  }

  /** How many keys are held now (for tests and a health line). */
  get size(): number {
    return this.buckets.size;
  }

  /** Spends one action of `key` if it has one; otherwise says when it will. */
  take(key: string): LimitDecision {
    if (!this.enabled) return { ok: true, remaining: Number.POSITIVE_INFINITY };
    const now = this.now();
    this.forgetIdle(now);
    const tokens = this.tokensAt(key, now);
    if (tokens >= 1) {
      this.store(key, { tokens: tokens - 1, updatedAt: now });
      return { ok: true, remaining: Math.floor(tokens - 1) };
    }
    const retryAfterMs = Math.ceil((1 - tokens) * this.options.periodMs);
    const previous = this.buckets.get(key)?.refusedUntil;
    const repeated = previous !== undefined && previous > now;
    this.store(key, { tokens, updatedAt: now, refusedUntil: repeated ? previous : now + retryAfterMs });
    return { ok: false, retryAfterMs, retryAt: now + retryAfterMs, limit: this.name, repeated };
  }

  /** Gives back an action taken by `take` (when a later check refused the request after all). */
  refund(key: string): void {
    const state = this.buckets.get(key);
    if (state) state.tokens = Math.min(this.options.burst, state.tokens + 1);
  }

  private tokensAt(key: string, now: number): number {
    const state = this.buckets.get(key);
    if (!state) return this.options.burst;
    // A clock that goes backwards (NTP step) earns nothing rather than going negative.
    const elapsed = Math.max(0, now - state.updatedAt);
    return Math.min(this.options.burst, state.tokens + elapsed / this.options.periodMs);
  }

  /** Re-inserts the key so the Map's order is least recently active first. */
  private store(key: string, state: BucketState): void {
    this.buckets.delete(key);
    this.buckets.set(key, state);
    while (this.buckets.size > this.options.maxKeys) {
      const oldest = this.buckets.keys().next();
      if (oldest.done) break;
      this.buckets.delete(oldest.value);
    }
  }

  /**
   * Drops buckets that have refilled: the oldest entries come first, so this stops at the first
   * one still refilling and costs O(1) amortized per call.
   */
  private forgetIdle(now: number): void {
    const fullAfter = this.options.burst * this.options.periodMs;
    for (const [key, state] of this.buckets) {
      if (now - state.updatedAt < fullAfter) break;
      this.buckets.delete(key);
    }
  }
}

export interface RequestLimits {
  /** One ask by `userId` (in `guildId`, null in DMs): the member's cooldown, then the server's quota. */
  ask(userId: string, guildId: string | null): LimitDecision | Promise<LimitDecision>;
  /** One pin change in `guildId`. */
  pinChange(guildId: string): LimitDecision | Promise<LimitDecision>;
}

/** Limits kept in this process's memory: answered at once. */
export interface LocalRequestLimits extends RequestLimits {
  ask(userId: string, guildId: string | null): LimitDecision;
  pinChange(guildId: string): LimitDecision;
}

/**
 * Where limits shared by several instances keep their buckets (the PostgreSQL store): the same
 * token buckets, each take one atomic statement on the database's clock.
 */
export interface SharedBuckets {
  takeToken(bucket: string, key: string, burst: number, periodMs: number): Promise<LimitDecision>;
  refundToken(bucket: string, key: string, burst: number): Promise<void>;
}

/** The limits of one process (the gateway bot, SQLite, the console), built once at start (src/config.ts). */
export function createRequestLimits(
  config: LimitsConfig = DEFAULT_LIMITS,
  now: Clock = Date.now,
): LocalRequestLimits {
  const buckets = (name: string, burst: number, periodMs: number) =>
    new TokenBuckets(name, { burst, periodMs, maxKeys: config.maxTrackedKeys }, now);
  /** `perWindow` actions per window, earned back evenly over it. */
  const quota = (name: string, perWindow: number, windowMs: number) =>
    buckets(name, perWindow, windowMs / Math.max(1, perWindow));
  const members = buckets('member', config.askBurst, config.askCooldownSeconds * 1000);
  const guildAsks = quota('server', config.guildAsksPerMinute, 60_000);
  const guildPins = quota('pins', config.guildPinChangesPerHour, 3_600_000);
  return {
    ask(userId, guildId) {
      const member = members.take(userId);
      if (!member.ok || guildId === null) return member;
      const server = guildAsks.take(guildId);
      // The server was full: this ask did not happen, so it must not cost the member either.
      if (!server.ok) members.refund(userId);
      return server.ok ? member : server;
    },
    pinChange(guildId) {
      return guildPins.take(guildId);
    },
  };
}

/**
 * The same limits, held in the shared database so they bind across every instance (HTTP instances
 * behind a load balancer, a gateway bot beside them). A database that fails lets the request
 * through (logged): limits protect the bot, they must not take answers down with them.
 */
export function createSharedRequestLimits(
  config: LimitsConfig,
  buckets: SharedBuckets,
  onError: (error: unknown) => void = () => undefined,
): RequestLimits {
  const open: LimitDecision = { ok: true, remaining: Number.POSITIVE_INFINITY };
  const take = async (name: string, key: string, burst: number, periodMs: number): Promise<LimitDecision> => {
    if (burst <= 0) return open;
    try {
      const decision = await buckets.takeToken(name, key, burst, periodMs);
      return decision.ok ? decision : { ...decision, limit: name };
    } catch (error) {
      onError(error);
      return open;
    }
  };
  const askPeriod = config.askCooldownSeconds * 1000;
  const guildAskPeriod = 60_000 / Math.max(1, config.guildAsksPerMinute);
  const pinPeriod = 3_600_000 / Math.max(1, config.guildPinChangesPerHour);
  return {
    async ask(userId, guildId) {
      const member = await take('member', userId, config.askBurst, askPeriod);
      if (!member.ok || guildId === null) return member;
      const server = await take('server', guildId, config.guildAsksPerMinute, guildAskPeriod);
      // The server was full: this ask did not happen, so it must not cost the member either.
      if (!server.ok && config.askBurst > 0)
        await buckets.refundToken('member', userId, config.askBurst).catch(onError);
      return server.ok ? member : server;
    },
    pinChange(guildId) {
      return take('pins', guildId, config.guildPinChangesPerHour, pinPeriod);
    },
  };
}
