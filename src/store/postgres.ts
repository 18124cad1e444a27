import pg from 'pg';
import type { PinnedFact } from '../answer/types.ts';
import {
  alreadyPinned,
  describeError,
  noSuchPin,
  newPinRow,
  normalizePinText,
  normalizeQuestion,
  pinLimitReached,
  refuse,
  reportNotAdded,
  STORE_LIMITS,
  validatePinFields,
  validDate,
  type Normalize,
  storageFailureReport,
} from './limits.ts';
import { migratePostgres, PG_SCHEMA_VERSION } from './postgres-migrations.ts';
import { PostgresBuckets, PRUNE_BUCKETS } from './postgres-limits.ts';
import { insertPinParams, PG_SQL } from './postgres-sql.ts';
import {
  countPins,
  describeUrl,
  isStorageError,
  transaction,
  validId,
  type OpenPostgresOptions,
  type Queryable,
} from './postgres-connection.ts';

export type { OpenPostgresOptions };
import type { StoreLogger } from './sqlite.ts';
import {
  pinFromRow,
  pinUsageFromRow,
  questionFromRow,
  type PinRow,
  type PinUsageRow,
  type QuestionRow,
} from './statements.ts';
import { dayOf, fillDays, firstChartDay } from './daily.ts';
import type {
  CitebotStore,
  DailyQuestions,
  ImportReport,
  Insights,
  PinAuthor,
  PinImportEntry,
  PinUsage,
  QuestionStat,
  StoreResult,
  Vote,
} from './types.ts';

/** How often one instance deletes questions and votes past retention (also at start). */
const PRUNE_EVERY_MS = 60_000;

/** Connects and migrates; an unreachable server or a newer schema is an error value (answers go on). */
export async function openPostgresStore(options: OpenPostgresOptions): Promise<StoreResult<PostgresStore>> {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: 10_000,
  });
  // An idle connection dropped by the server is replaced by the pool; it must not end the process.
  pool.on('error', (error) => options.logger?.warn({ err: error }, 'database connection lost'));
  const where = describeUrl(options.url);
  try {
    const client = await pool.connect();
    const migrated = await migratePostgres(client).finally(() => client.release());
    if (!migrated.ok) {
      await pool.end();
      return { ok: false, message: `Pins are unavailable: ${where}: ${migrated.message}` };
    }
    const store = new PostgresStore(pool, options);
    await store.pruneOld();
    return { ok: true, value: store };
  } catch (error) {
    await pool.end().catch(() => undefined);
    return { ok: false, message: `Pins are unavailable: cannot open ${where}: ${describeError(error)}` };
  }
}

export class PostgresStore implements CitebotStore {
  readonly schemaVersion = PG_SCHEMA_VERSION;
  private readonly normalize: Normalize;
  private readonly now: () => Date;
  private readonly logger?: StoreLogger;
  private lastPrune = Number.NEGATIVE_INFINITY;
  private closed = false;

  constructor(
    private readonly pool: pg.Pool,
    options: OpenPostgresOptions,
  ) {
    this.normalize = options.normalize;
    this.now = options.now ?? (() => new Date());
    this.logger = options.logger;
  }

  async pinRevision(guildId: string): Promise<number> {
    const { rows } = await this.pool.query<{ revision: number }>(PG_SQL.pinRevision, [guildId]);
    return rows[0]?.revision ?? 0;
  }

  async listPins(guildId: string): Promise<PinnedFact[]> {
    const { rows } = await this.pool.query<PinRow>(PG_SQL.listPins, [guildId]);
    return rows.map(pinFromRow);
  }

  async countPins(guildId: string): Promise<number> {
    return countPins(this.pool, guildId);
  }

  async getPin(guildId: string, id: number): Promise<PinnedFact | undefined> {
    if (!validId(id)) return undefined;
    const { rows } = await this.pool.query<PinRow>(PG_SQL.getPin, [guildId, id]);
    return rows[0] ? pinFromRow(rows[0]) : undefined;
  }

  async addPin(pin: Omit<PinnedFact, 'id' | 'createdAt'>): Promise<StoreResult<PinnedFact>> {
    return this.write('add the pin', (client) =>
      this.pinWrite(client, pin.guildId, () => this.insertValidated(client, pin.guildId, pin, pin)),
    );
  }

  async editPin(
    guildId: string,
    id: number,
    changes: Partial<Pick<PinnedFact, 'text' | 'keywords' | 'passageKey' | 'sourceUrl'>>,
  ): Promise<StoreResult<PinnedFact>> {
    if (!validId(id)) return noSuchPin(id);
    return this.write('edit the pin', (client) =>
      this.pinWrite(client, guildId, async (): Promise<StoreResult<PinnedFact>> => {
        const found = await client.query<PinRow>(PG_SQL.getPin, [guildId, id]);
        const current = found.rows[0] ? pinFromRow(found.rows[0]) : undefined;
        if (!current) return noSuchPin(id);
        // A field given (even as undefined, to clear it) replaces the current one.
        const fields = { ...current, ...changes, text: changes.text ?? current.text };
        const checked = validatePinFields(fields, this.normalize);
        if (!checked.ok) return checked;
        const normalized = normalizePinText(checked.value.text, this.normalize);
        const duplicate = await client.query<{ id: number }>(PG_SQL.findDuplicate, [guildId, normalized]);
        if (duplicate.rows[0] && duplicate.rows[0].id !== id) return alreadyPinned(duplicate.rows[0].id);
        const updated = await client.query<PinRow>(PG_SQL.updatePin, [
          guildId,
          id,
          checked.value.text,
          normalized,
          checked.value.keywords ?? null,
          checked.value.passageKey ?? null,
          this.now().toISOString(),
          checked.value.sourceUrl ?? null,
        ]);
        return updated.rows[0] ? { ok: true, value: pinFromRow(updated.rows[0]) } : noSuchPin(id);
      }),
    );
  }

  async removePins(guildId: string, ids: readonly number[]): Promise<StoreResult<PinnedFact[]>> {
    return this.write('remove the pins', (client) =>
      this.pinWrite(client, guildId, async (): Promise<StoreResult<PinnedFact[]>> => {
        const removed: PinnedFact[] = [];
        for (const id of ids.filter(validId)) {
          const { rows } = await client.query<PinRow>(PG_SQL.deletePin, [guildId, id]);
          if (rows[0]) removed.push(pinFromRow(rows[0]));
        }
        return removed.length > 0 ? { ok: true, value: removed } : noSuchPin(ids[0] ?? 0);
      }),
    );
  }

  async importPins(
    guildId: string,
    entries: readonly PinImportEntry[],
    importer: PinAuthor,
  ): Promise<ImportReport> {
    const report: ImportReport = { added: [], skipped: [], refused: [] };
    const result = await this.write('import the pins', (client) =>
      this.pinWrite(client, guildId, async (): Promise<StoreResult<null>> => {
        for (const [index, entry] of entries.entries()) {
          const text = typeof entry.text === 'string' ? entry.text : '';
          // Who imported is who pinned: the file's createdBy/createdByName are whatever it says.
          const added = await this.insertValidated(
            client,
            guildId,
            entry,
            importer,
            validDate(entry.createdAt),
          );
          if (added.ok) report.added.push(added.value);
          else reportNotAdded(report, index, text, added);
        }
        // Nothing added: nothing changed, and the caches of other instances stay valid.
        return report.added.length > 0 ? { ok: true, value: null } : { ok: false, message: 'unchanged' };
      }),
    );
    if (!result.ok && result.problem === 'storage') return storageFailureReport(entries, result.message);
    return report;
  }

  async recordQuestion(
    guildId: string,
    question: string,
    answered: boolean,
    citedPinId?: number,
  ): Promise<void> {
    const normalized = normalizeQuestion(question, this.normalize);
    if (!normalized) return;
    const now = this.now();
    const pin = citedPinId !== undefined && validId(citedPinId) ? citedPinId : null;
    const result = await this.write('record the question', async (client) => {
      const unanswered = answered ? 0 : 1;
      await client.query(PG_SQL.recordQuestion, [
        guildId,
        normalized,
        unanswered,
        now.toISOString(),
        dayOf(now),
        pin,
      ]);
      return { ok: true, value: null };
    });
    if (!result.ok) this.logger?.warn({ guildId }, result.message);
    // Retention is enforced on write: with many instances, each prunes at most once a minute.
    if (this.now().getTime() - this.lastPrune >= PRUNE_EVERY_MS) {
      await this.pruneOld().catch((error: unknown) =>
        this.logger?.warn({ err: error }, 'could not delete old questions'),
      );
    }
  }

  async recordVote(vote: Vote): Promise<void> {
    const normalized = normalizeQuestion(vote.question, this.normalize);
    if (!normalized) return;
    const result = await this.write('record the vote', (client) =>
      transaction(client, async (): Promise<StoreResult<null>> => {
        const now = this.now().toISOString();
        // A vote on a question not seen before (asked before the database existed) still counts.
        const question = await client.query<{ id: number }>(PG_SQL.upsertQuestion, [
          vote.guildId,
          normalized,
          0,
          0,
          now,
        ]);
        await client.query(PG_SQL.upsertVote, [
          vote.guildId,
          vote.answerId,
          vote.userId,
          vote.helpful ? 1 : 0,
          question.rows[0]!.id,
          vote.cited.slice(0, 200),
          now,
        ]);
        return { ok: true, value: null };
      }),
    );
    if (!result.ok) this.logger?.warn({ guildId: vote.guildId }, result.message);
  }

  async insights(guildId: string, limit = 10): Promise<Insights> {
    const now = this.now();
    const [unanswered, mostAsked, feedback, daily] = await Promise.all([
      this.pool.query<QuestionRow>(PG_SQL.unanswered, [guildId, limit]),
      this.pool.query<QuestionRow>(PG_SQL.mostAsked, [guildId, limit]),
      this.pool.query<{ helpful: number | null; unhelpful: number | null }>(PG_SQL.feedback, [guildId]),
      this.pool.query<DailyQuestions>(PG_SQL.daily, [guildId, firstChartDay(now)]),
    ]);
    return {
      unanswered: unanswered.rows.map(questionFromRow),
      mostAsked: mostAsked.rows.map(questionFromRow),
      feedback: { helpful: feedback.rows[0]?.helpful ?? 0, unhelpful: feedback.rows[0]?.unhelpful ?? 0 },
      daily: fillDays(daily.rows, now),
      retentionDays: STORE_LIMITS.retentionDays,
    };
  }

  async pinUsage(guildId: string): Promise<PinUsage[]> {
    const { rows } = await this.pool.query<PinUsageRow>(PG_SQL.pinUsage, [guildId]);
    return rows.map(pinUsageFromRow);
  }

  async getQuestion(guildId: string, id: number): Promise<QuestionStat | undefined> {
    if (!validId(id)) return undefined;
    const { rows } = await this.pool.query<QuestionRow>(PG_SQL.getQuestion, [guildId, id]);
    return rows[0] ? questionFromRow(rows[0]) : undefined;
  }

  async markAnswerPinned(guildId: string, id: number): Promise<void> {
    if (!validId(id)) return;
    const result = await this.write('mark the question answered', async (client) => {
      await client.query(PG_SQL.markAnswerPinned, [guildId, id, this.now().toISOString()]);
      return { ok: true, value: null };
    });
    if (!result.ok) this.logger?.warn({ guildId }, result.message);
  }

  async autoAnswerChannel(guildId: string): Promise<string | undefined> {
    const { rows } = await this.pool.query<{ auto_answer_channel: string | null }>(PG_SQL.autoAnswerChannel, [
      guildId,
    ]);
    return rows[0]?.auto_answer_channel ?? undefined;
  }

  async setAutoAnswerChannel(
    guildId: string,
    channelId: string | null,
    by: string,
  ): Promise<StoreResult<null>> {
    return this.write('save the setting', async (client) => {
      await client.query(PG_SQL.setAutoAnswerChannel, [guildId, channelId, by, this.now().toISOString()]);
      return { ok: true, value: null };
    });
  }

  /** Deletes questions and votes older than the retention period (both indexed by date). */
  async pruneOld(): Promise<void> {
    const now = this.now().getTime();
    this.lastPrune = now;
    const cutoff = new Date(now - STORE_LIMITS.retentionDays * 86_400_000).toISOString();
    await this.pool.query(PG_SQL.pruneVotes, [cutoff]);
    await this.pool.query(PG_SQL.pruneQuestions, [cutoff]);
    await this.pool.query(PG_SQL.pruneDays, [cutoff.slice(0, 10)]);
    await this.pool.query(PRUNE_BUCKETS);
  }

  /** Cooldowns and quotas kept here, shared by every instance on this database. */
  buckets(): PostgresBuckets {
    return new PostgresBuckets(this.pool);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }

  /** A pin change in one transaction holding the server's pin lock; the revision moves only on success. */
  private async pinWrite<T>(
    client: pg.PoolClient,
    guildId: string,
    run: () => Promise<StoreResult<T>>,
  ): Promise<StoreResult<T>> {
    return transaction(client, async () => {
      await client.query(PG_SQL.lockGuildPins, [guildId]);
      const result = await run();
      if (result.ok) await client.query(PG_SQL.bumpRevision, [guildId]);
      return result;
    });
  }

  /** Inside pinWrite: validates, enforces the per-server limit and duplicates, inserts. */
  private async insertValidated(
    client: Queryable,
    guildId: string,
    fields: Pick<PinImportEntry, 'text' | 'keywords' | 'passageKey' | 'sourceUrl'>,
    author: PinAuthor,
    createdAt?: string,
  ): Promise<StoreResult<PinnedFact>> {
    const pin = newPinRow(fields, author, this.normalize, createdAt ?? this.now().toISOString());
    if (!pin.ok) return pin;
    const row = pin.value;
    const duplicate = await client.query<{ id: number }>(PG_SQL.findDuplicate, [guildId, row.normalized]);
    if (duplicate.rows[0]) return alreadyPinned(duplicate.rows[0].id);
    if ((await countPins(client, guildId)) >= STORE_LIMITS.pinsPerGuild) return pinLimitReached();
    const { rows } = await client.query<PinRow>(PG_SQL.insertPin, insertPinParams(guildId, row));
    return { ok: true, value: pinFromRow(rows[0]!) };
  }

  /** A write on one connection; storage failures become a message for the user and a log line. */
  private async write<T>(
    what: string,
    run: (client: pg.PoolClient) => Promise<StoreResult<T>>,
  ): Promise<StoreResult<T>> {
    let client: pg.PoolClient | undefined;
    try {
      client = await this.pool.connect();
      return await run(client);
    } catch (error) {
      if (!isStorageError(error)) throw error;
      this.logger?.warn({ err: error }, `could not ${what}`);
      return refuse(
        'storage',
        `Could not ${what}: the database is busy or unreachable (${error.code}). Try again.`,
        { code: error.code },
      );
    } finally {
      client?.release();
    }
  }
}
