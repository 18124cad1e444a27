import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, readLimitsConfig } from '../../src/config.ts';
import { createRequestLimits, TokenBuckets, type LimitDecision } from '../../src/interactions/cooldown.ts';
import { discordRelativeTime } from '../../src/interactions/formatting.ts';

/** A clock the test moves by hand. */
function manualClock(start = 1_800_000_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => void (now += ms) };
}

function refused(decision: LimitDecision): Extract<LimitDecision, { ok: false }> {
  if (decision.ok) throw new Error('expected a refusal');
  return decision;
}

describe('a member cooldown', () => {
  it('lets a member ask a burst of questions, then says when to try again', () => {
    const clock = manualClock();
    const buckets = new TokenBuckets('member', { burst: 3, periodMs: 10_000, maxKeys: 100 }, clock.now);
    expect(buckets.take('alice')).toEqual({ ok: true, remaining: 2 });
    expect(buckets.take('alice')).toEqual({ ok: true, remaining: 1 });
    expect(buckets.take('alice')).toEqual({ ok: true, remaining: 0 });
    const fourth = refused(buckets.take('alice'));
    expect(fourth.retryAfterMs).toBe(10_000);
    expect(fourth.retryAt).toBe(clock.now() + 10_000);
    expect(fourth.limit).toBe('member');
  });

  it('marks refusals after the first in one cooldown window as repeats (a mention stays silent)', () => {
    const clock = manualClock();
    const buckets = new TokenBuckets('member', { burst: 1, periodMs: 10_000, maxKeys: 100 }, clock.now);
    expect(buckets.take('alice').ok).toBe(true);
    expect(refused(buckets.take('alice')).repeated).toBe(false);
    clock.advance(3_000);
    expect(refused(buckets.take('alice')).repeated).toBe(true);
    expect(refused(buckets.take('alice')).repeated).toBe(true);
    clock.advance(7_000);
    expect(buckets.take('alice').ok).toBe(true);
    // A new window: the member is told once more.
    expect(refused(buckets.take('alice')).repeated).toBe(false);
  });

  it('earns one question back per period, and the wait shrinks as time passes', () => {
    const clock = manualClock();
    const buckets = new TokenBuckets('member', { burst: 1, periodMs: 10_000, maxKeys: 100 }, clock.now);
    expect(buckets.take('alice').ok).toBe(true);
    clock.advance(4_000);
    expect(refused(buckets.take('alice')).retryAfterMs).toBe(6_000);
    clock.advance(6_000);
    expect(buckets.take('alice').ok).toBe(true);
  });

  it("one member's cooldown never slows another member", () => {
    const clock = manualClock();
    const buckets = new TokenBuckets('member', { burst: 1, periodMs: 10_000, maxKeys: 100 }, clock.now);
    expect(buckets.take('alice').ok).toBe(true);
    expect(buckets.take('alice').ok).toBe(false);
    expect(buckets.take('bob').ok).toBe(true);
  });

  it('a refused attempt does not push the retry time further out', () => {
    const clock = manualClock();
    const buckets = new TokenBuckets('member', { burst: 1, periodMs: 10_000, maxKeys: 100 }, clock.now);
    buckets.take('alice');
    for (let i = 0; i < 5; i++) {
      clock.advance(1_000);
      refused(buckets.take('alice'));
    }
    clock.advance(5_000);
    expect(buckets.take('alice').ok).toBe(true);
  });

  it('a clock stepping backwards neither crashes nor grants extra questions', () => {
    const clock = manualClock();
    const buckets = new TokenBuckets('member', { burst: 1, periodMs: 10_000, maxKeys: 100 }, clock.now);
    buckets.take('alice');
    clock.advance(-60_000);
    const decision = refused(buckets.take('alice'));
    expect(decision.retryAfterMs).toBe(10_000);
  });

  it('burst 0 turns the limit off', () => {
    const buckets = new TokenBuckets('member', { burst: 0, periodMs: 0, maxKeys: 1 });
    for (let i = 0; i < 100; i++) expect(buckets.take('alice').ok).toBe(true);
    expect(buckets.size).toBe(0);
  });

  it('says when in Discord timestamp form, rounded up so it never says "now" too early', () => {
    expect(discordRelativeTime(1_800_000_000_001)).toBe('<t:1800000001:R>');
    expect(discordRelativeTime(1_800_000_000_000)).toBe('<t:1800000000:R>');
  });
});

describe('memory stays bounded', () => {
  it('forgets members whose cooldown has passed', () => {
    const clock = manualClock();
    const buckets = new TokenBuckets('member', { burst: 2, periodMs: 1_000, maxKeys: 1_000_000 }, clock.now);
    for (let i = 0; i < 10_000; i++) buckets.take(`user${i}`);
    expect(buckets.size).toBe(10_000);
    clock.advance(2_000);
    buckets.take('late');
    expect(buckets.size).toBe(1);
  });

  it('holds at most maxKeys members however many distinct ids arrive at once', () => {
    const clock = manualClock();
    const buckets = new TokenBuckets('member', { burst: 1, periodMs: 60_000, maxKeys: 500 }, clock.now);
    for (let i = 0; i < 50_000; i++) buckets.take(`flood${i}`);
    expect(buckets.size).toBe(500);
    // The most recent ones are the ones kept: they are still cooling down.
    expect(buckets.take('flood49999').ok).toBe(false);
  });
});

describe('per-server quotas', () => {
  it("a busy server's quota refuses further asks without costing the member a question", () => {
    const clock = manualClock();
    const limits = createRequestLimits(
      { ...DEFAULT_LIMITS, askBurst: 2, askCooldownSeconds: 10, guildAsksPerMinute: 3 },
      clock.now,
    );
    expect(limits.ask('a', 'g1').ok).toBe(true);
    expect(limits.ask('b', 'g1').ok).toBe(true);
    expect(limits.ask('c', 'g1').ok).toBe(true);
    const full = refused(limits.ask('d', 'g1'));
    expect(full.limit).toBe('server');
    expect(full.retryAfterMs).toBe(20_000);
    // d was refused by the server, so d still has both questions in another server.
    expect(limits.ask('d', 'g2').ok).toBe(true);
    expect(limits.ask('d', 'g2').ok).toBe(true);
    expect(refused(limits.ask('d', 'g2')).limit).toBe('member');
  });

  it('direct messages count against the member only', () => {
    const clock = manualClock();
    const limits = createRequestLimits({ ...DEFAULT_LIMITS, askBurst: 1, guildAsksPerMinute: 1 }, clock.now);
    expect(limits.ask('a', null).ok).toBe(true);
    expect(limits.ask('b', null).ok).toBe(true);
    expect(refused(limits.ask('a', null)).limit).toBe('member');
  });

  it('pin changes have their own hourly quota per server', () => {
    const clock = manualClock();
    const limits = createRequestLimits({ ...DEFAULT_LIMITS, guildPinChangesPerHour: 2 }, clock.now);
    expect(limits.pinChange('g1').ok).toBe(true);
    expect(limits.pinChange('g1').ok).toBe(true);
    const third = refused(limits.pinChange('g1'));
    expect(third.limit).toBe('pins');
    expect(third.retryAfterMs).toBe(1_800_000);
    expect(limits.pinChange('g2').ok).toBe(true);
  });
});

describe('configuration', () => {
  it('uses the defaults when nothing is set', () => {
    expect(readLimitsConfig({})).toEqual({ ok: true, config: DEFAULT_LIMITS });
  });

  it('reads every variable, and 0 turns a limit off', () => {
    const read = readLimitsConfig({
      ASK_BURST: '5',
      ASK_COOLDOWN_SECONDS: '2.5',
      GUILD_ASKS_PER_MINUTE: '0',
      GUILD_PIN_CHANGES_PER_HOUR: '10',
      LIMITS_MAX_TRACKED: '1000',
    });
    expect(read).toEqual({
      ok: true,
      config: {
        askBurst: 5,
        askCooldownSeconds: 2.5,
        guildAsksPerMinute: 0,
        guildPinChangesPerHour: 10,
        maxTrackedKeys: 1000,
      },
    });
    if (!read.ok) return;
    const limits = createRequestLimits(read.config);
    for (let i = 0; i < 100; i++) expect(limits.ask(`u${i}`, 'g').ok).toBe(true);
  });

  it('names the variable that is wrong', () => {
    const read = readLimitsConfig({
      ASK_BURST: 'three',
      LIMITS_MAX_TRACKED: '0',
      ASK_COOLDOWN_SECONDS: '-1',
    });
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.problems.map((problem) => problem.variable).sort()).toEqual([
      'ASK_BURST',
      'ASK_COOLDOWN_SECONDS',
      'LIMITS_MAX_TRACKED',
    ]);
  });
});
