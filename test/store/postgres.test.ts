import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../src/config.ts';
import { createSharedRequestLimits } from '../../src/interactions/cooldown.ts';
import { normalizeText } from '../../src/search/normalize.ts';
import { STORE_LIMITS } from '../../src/store/limits.ts';
import { PG_SCHEMA_VERSION } from '../../src/store/postgres-migrations.ts';
import { openPostgresStore, type PostgresStore } from '../../src/store/postgres.ts';
import { freshPostgres, openPostgresOrThrow } from './helpers.ts';

/** What only PostgreSQL has to prove: migrations shared by instances, and limits under real concurrency. */

let db: Awaited<ReturnType<typeof freshPostgres>>;
const opened: PostgresStore[] = [];
const open = async () => {
  const store = await openPostgresOrThrow(db.url);
  opened.push(store);
  return store;
};

beforeEach(async () => {
  db = await freshPostgres();
});
afterEach(async () => {
  for (const store of opened.splice(0)) await store.close();
  await db.drop();
});

async function query<T extends pg.QueryResultRow>(sql: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    return (await client.query<T>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

describe('PostgreSQL schema', () => {
  it('instances starting together migrate once and record the version', async () => {
    const stores = await Promise.all([open(), open(), open()]);
    expect(stores.every((store) => store.schemaVersion === PG_SCHEMA_VERSION)).toBe(true);
    expect(await query('SELECT version FROM citebot_schema')).toEqual([{ version: PG_SCHEMA_VERSION }]);
  });

  it('refuses a database written by a newer citebot and leaves it unchanged', async () => {
    await (await open()).close();
    await query('UPDATE citebot_schema SET version = $1', [PG_SCHEMA_VERSION + 1]);
    const refused = await openPostgresStore({ url: db.url, normalize: normalizeText });
    expect(refused).toMatchObject({
      ok: false,
      message: expect.stringMatching(/newer than this citebot knows.*DATABASE_URL/),
    });
    expect(await query('SELECT version FROM citebot_schema')).toEqual([{ version: PG_SCHEMA_VERSION + 1 }]);
  });

  it('an unreachable server is an error value naming it, without the password', async () => {
    const result = await openPostgresStore({
      url: 'postgres://citebot:secret-pw@127.0.0.1:9/citebot',
      normalize: normalizeText,
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.message).toMatch(/cannot open postgres:\/\/citebot:\*\*\*@127\.0\.0\.1:9\/citebot/);
    expect(result.message).not.toContain('secret-pw');
  });
});

describe('limits hold across instances', () => {
  it(`two instances adding at once never pass ${STORE_LIMITS.pinsPerGuild} pins`, async () => {
    const [a, b] = await Promise.all([open(), open()]);
    const entries = Array.from({ length: STORE_LIMITS.pinsPerGuild - 5 }, (_, n) => ({ text: `fact ${n}` }));
    const imported = await a.importPins('g1', entries, { createdBy: '1' });
    expect(imported.added).toHaveLength(STORE_LIMITS.pinsPerGuild - 5);
    const attempts = await Promise.all(
      Array.from({ length: 40 }, (_, n) =>
        (n % 2 ? a : b).addPin({ guildId: 'g1', text: `racing fact ${n}`, createdBy: '2' }),
      ),
    );
    expect(attempts.filter((result) => result.ok)).toHaveLength(5);
    expect(attempts.filter((result) => !result.ok && result.problem === 'pin-limit')).toHaveLength(35);
    expect(await a.countPins('g1')).toBe(STORE_LIMITS.pinsPerGuild);
  });

  it('the same fact added at once through two instances is pinned once; the other is told it is a duplicate', async () => {
    const [a, b] = await Promise.all([open(), open()]);
    const attempts = await Promise.all(
      Array.from({ length: 20 }, (_, n) =>
        (n % 2 ? a : b).addPin({ guildId: 'g1', text: n % 3 ? 'Same fact.' : 'same FACT', createdBy: '2' }),
      ),
    );
    expect(attempts.filter((result) => result.ok)).toHaveLength(1);
    expect(attempts.filter((result) => !result.ok && result.problem === 'duplicate')).toHaveLength(19);
    expect(await b.listPins('g1')).toHaveLength(1);
  });

  it('every pin change bumps the revision other instances read; a refused one does not', async () => {
    const [a, b] = await Promise.all([open(), open()]);
    expect(await b.pinRevision('g1')).toBe(0);
    const pin = await a.addPin({ guildId: 'g1', text: 'fact', createdBy: '1' });
    if (!pin.ok) throw new Error('setup');
    const afterAdd = await b.pinRevision('g1');
    expect(afterAdd).toBeGreaterThan(0);
    expect((await a.addPin({ guildId: 'g1', text: 'Fact!', createdBy: '1' })).ok).toBe(false);
    expect(await b.pinRevision('g1')).toBe(afterAdd);
    await a.editPin('g1', pin.value.id, { text: 'fact, edited' });
    const afterEdit = await b.pinRevision('g1');
    expect(afterEdit).toBeGreaterThan(afterAdd);
    await a.removePins('g1', [pin.value.id]);
    expect(await b.pinRevision('g1')).toBeGreaterThan(afterEdit);
    expect(await b.pinRevision('g2')).toBe(0);
  });

  it('counts questions asked at once through several instances exactly', async () => {
    const stores = await Promise.all([open(), open()]);
    await Promise.all(
      Array.from({ length: 200 }, (_, n) =>
        stores[n % 2]!.recordQuestion('g1', 'When is the meetup?', n % 4 === 0),
      ),
    );
    const { mostAsked } = await stores[0]!.insights('g1');
    expect(mostAsked).toEqual([expect.objectContaining({ asked: 200, unanswered: 150 })]);
  });

  it('ids that PostgreSQL cannot hold name no pin rather than fail', async () => {
    const store = await open();
    expect(await store.getPin('g1', 2 ** 40)).toBeUndefined();
    expect(await store.removePins('g1', [2 ** 40])).toMatchObject({ ok: false, problem: 'no-such-pin' });
    expect(await store.getQuestion('g1', -1)).toBeUndefined();
  });
});

describe('cooldowns and quotas shared by instances', () => {
  const config = {
    ...DEFAULT_LIMITS,
    askBurst: 3,
    askCooldownSeconds: 10,
    guildAsksPerMinute: 5,
    guildPinChangesPerHour: 2,
  };

  it("a member's burst and a server's quota are spent across instances, not per instance", async () => {
    const [a, b] = await Promise.all([open(), open()]);
    const one = createSharedRequestLimits(config, a.buckets());
    const two = createSharedRequestLimits(config, b.buckets());
    const asks = [];
    for (let n = 0; n < 4; n++) asks.push(await (n % 2 ? one : two).ask('u1', 'g1'));
    expect(asks.map((decision) => decision.ok)).toEqual([true, true, true, false]);
    expect(asks[3]).toMatchObject({ ok: false, limit: 'member', retryAfterMs: expect.any(Number) });
    const refused = asks[3]!;
    if (!refused.ok) expect(refused.retryAfterMs).toBeGreaterThan(9_000);
    // Asked again in the same window, through the other instance: a repeat (an @mention stays quiet).
    expect(await one.ask('u1', 'g1')).toMatchObject({ ok: false, repeated: true });
    expect(asks[3]).toMatchObject({ repeated: false });
    // Two more members use the server's last two answers of the minute; the next is refused by the
    // server, and that refusal costs the member nothing.
    expect((await one.ask('u2', 'g1')).ok).toBe(true);
    expect((await two.ask('u3', 'g1')).ok).toBe(true);
    expect(await one.ask('u4', 'g1')).toMatchObject({ ok: false, limit: 'server' });
    expect((await two.ask('u4', 'g2')).ok).toBe(true);
    expect((await one.ask('u4', 'g2')).ok).toBe(true);
    expect((await two.ask('u4', 'g2')).ok).toBe(true);
    // Pin changes: two an hour for the server, whichever instance they go through.
    expect((await one.pinChange('g1')).ok).toBe(true);
    expect((await two.pinChange('g1')).ok).toBe(true);
    expect(await one.pinChange('g1')).toMatchObject({ ok: false, limit: 'pins' });
  });

  it('concurrent takes never spend more than the bucket holds', async () => {
    const stores = await Promise.all([open(), open()]);
    const limits = stores.map((store) =>
      createSharedRequestLimits({ ...config, askBurst: 0, guildAsksPerMinute: 7 }, store.buckets()),
    );
    const decisions = await Promise.all(
      Array.from({ length: 40 }, (_, n) => limits[n % 2]!.ask(`u${n}`, 'g1')),
    );
    expect(decisions.filter((decision) => decision.ok)).toHaveLength(7);
  });

  it('a database that fails lets requests through, and says so', async () => {
    const store = await open();
    const buckets = store.buckets();
    await store.close();
    const errors: unknown[] = [];
    const limits = createSharedRequestLimits(config, buckets, (error) => errors.push(error));
    expect((await limits.ask('u1', 'g1')).ok).toBe(true);
    expect(errors.length).toBeGreaterThan(0);
  });
});
