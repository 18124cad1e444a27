import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { PinnedFact } from '../answer/types.ts';
import { databaseFileCheck, refuseWhenGone, type FileCheck } from './file-check.ts';
import { migrate, newerSchema, SCHEMA_VERSION } from './migrations.ts';
import { dayOf, fillDays, firstChartDay } from './daily.ts';
import {
  pinFromRow,
  pinUsageFromRow,
  prepareStatements,
  questionFromRow,
  type Statements,
} from './statements.ts';
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
import type {
  CitebotStore,
  ImportReport,
  Insights,
  PinAuthor,
  PinImportEntry,
  PinUsage,
  QuestionStat,
  StoreResult,
  Vote,
} from './types.ts';

/** The subset of a pino logger the store uses. */
export interface StoreLogger {
  warn(details: object, message: string): void;
  error?(details: object, message: string): void;
}

export interface OpenStoreOptions {
  /** The database file (DATABASE_PATH, read by src/config.ts). Its directory is created. */
  path: string;
  /**
   * The search normalization (`normalizeText`): pins and questions are compared after it, so
   * 贡献者? and 貢獻者 are one question.
   */
  normalize: Normalize;
  /** How long a writer waits for another process's write to finish before giving up (default 5 s). */
  busyTimeoutMs?: number;
  /** The clock, for tests of retention. */
  now?: () => Date;
  logger?: StoreLogger;
}

/**
 * Opens (creating if needed) and migrates the database. A corrupt, unwritable or too-new file
 * comes back as an error value, so the bot can keep answering from the articles without pins.
 */
export function openStore(options: OpenStoreOptions): StoreResult<SqliteStore> {
  const path = resolve(options.path);
  let db: Database.Database | undefined;
  try {
    mkdirSync(dirname(path), { recursive: true });
    db = new Database(path, { timeout: options.busyTimeoutMs ?? 5000 });
    db.pragma(`busy_timeout = ${Math.trunc(options.busyTimeoutMs ?? 5000)}`);
    // A file from a newer citebot is refused before anything in it changes (its journal mode too).
    const newer = newerSchema(db);
    if (newer) throw new Error(newer);
    // WAL lets the bot read while the console writes; FULL makes an acknowledged pin survive a
    // power cut, not only a crash. Pins and votes are rare enough that the extra fsync is free.
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (mode !== 'wal') throw new Error(`could not switch to WAL (journal mode is ${String(mode)})`);
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new Error(`integrity check failed: ${String(check)}`);
    const migrated = migrate(db);
    if (!migrated.ok) {
      db.close();
      return { ok: false, message: `Pins are unavailable: ${path}: ${migrated.message}` };
    }
    const store = new SqliteStore(db, options);
    store.pruneOld();
    return { ok: true, value: store };
  } catch (error) {
    try {
      db?.close();
    } catch {
      // Already failing; the first error is the one worth reporting.
    }
    return { ok: false, message: `Pins are unavailable: cannot open ${path}: ${describeError(error)}` };
  }
}

export class SqliteStore implements CitebotStore {
  readonly schemaVersion = SCHEMA_VERSION;
  private readonly normalize: Normalize;
  private readonly now: () => Date;
  private readonly logger?: StoreLogger;
  private readonly statements: Statements;
  private readonly fileGone: FileCheck;

  constructor(
    private readonly db: Database.Database,
    options: OpenStoreOptions,
  ) {
    this.normalize = options.normalize;
    this.now = options.now ?? (() => new Date());
    this.logger = options.logger;
    this.statements = prepareStatements(db);
    this.fileGone = databaseFileCheck(resolve(options.path));
  }

  async pinRevision(guildId: string): Promise<number> {
    return this.statements.pinRevision.get(guildId)?.revision ?? 0;
  }

  async listPins(guildId: string): Promise<PinnedFact[]> {
    return this.statements.listPins.all(guildId).map(pinFromRow);
  }

  async countPins(guildId: string): Promise<number> {
    return this.countPinsNow(guildId);
  }

  private countPinsNow(guildId: string): number {
    return this.statements.countPins.get(guildId)?.n ?? 0;
  }

  async getPin(guildId: string, id: number): Promise<PinnedFact | undefined> {
    return this.getPinNow(guildId, id);
  }

  private getPinNow(guildId: string, id: number): PinnedFact | undefined {
    const row = this.statements.getPin.get(guildId, id);
    return row ? pinFromRow(row) : undefined;
  }

  async addPin(pin: Omit<PinnedFact, 'id' | 'createdAt'>): Promise<StoreResult<PinnedFact>> {
    return this.write('add the pin', () =>
      this.db.transaction(() => this.insertValidated(pin.guildId, pin, pin)).immediate(),
    );
  }

  async editPin(
    guildId: string,
    id: number,
    changes: Partial<Pick<PinnedFact, 'text' | 'keywords' | 'passageKey' | 'sourceUrl'>>,
  ): Promise<StoreResult<PinnedFact>> {
    return this.write('edit the pin', () =>
      this.db
        .transaction((): StoreResult<PinnedFact> => {
          const current = this.getPinNow(guildId, id);
          if (!current) return noSuchPin(id);
          // A field given (even as undefined, to clear it) replaces the current one.
          const fields = { ...current, ...changes, text: changes.text ?? current.text };
          const checked = validatePinFields(fields, this.normalize);
          if (!checked.ok) return checked;
          const normalized = normalizePinText(checked.value.text, this.normalize);
          const duplicate = this.statements.findDuplicate.get(guildId, normalized);
          if (duplicate && duplicate.id !== id) return alreadyPinned(duplicate.id);
          const { text, keywords, passageKey, sourceUrl } = checked.value;
          const row = this.statements.updatePin.get({
            guild: guildId,
            id,
            text,
            normalized,
            keywords: keywords ?? null,
            passageKey: passageKey ?? null,
            sourceUrl: sourceUrl ?? null,
            updatedAt: this.now().toISOString(),
          });
          return row ? { ok: true, value: pinFromRow(row) } : noSuchPin(id);
        })
        .immediate(),
    );
  }

  async removePins(guildId: string, ids: readonly number[]): Promise<StoreResult<PinnedFact[]>> {
    const { deletePin } = this.statements;
    const remove = this.db.transaction(() => ids.flatMap((id) => deletePin.get(guildId, id) ?? []));
    return this.write('remove the pins', () => {
      const rows = remove.immediate();
      return rows.length > 0 ? { ok: true, value: rows.map(pinFromRow) } : noSuchPin(ids[0] ?? 0);
    });
  }

  async importPins(
    guildId: string,
    entries: readonly PinImportEntry[],
    importer: PinAuthor,
  ): Promise<ImportReport> {
    const report: ImportReport = { added: [], skipped: [], refused: [] };
    const result = this.write('import the pins', () =>
      this.db
        .transaction((): StoreResult<null> => {
          entries.forEach((entry, index) => {
            const text = typeof entry.text === 'string' ? entry.text : '';
            // Who imported is who pinned: the file's createdBy/createdByName are whatever it says.
            const added = this.insertValidated(guildId, entry, importer, validDate(entry.createdAt));
            if (added.ok) report.added.push(added.value);
            else reportNotAdded(report, index, text, added);
          });
          return { ok: true, value: null };
        })
        .immediate(),
    );
    if (!result.ok) return storageFailureReport(entries, result.message);
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
    const result = this.write('record the question', () =>
      this.db
        .transaction((): StoreResult<null> => {
          const now = this.now();
          this.statements.upsertQuestion.get({
            guild: guildId,
            normalized,
            asked: 1,
            unanswered: answered ? 0 : 1,
            now: now.toISOString(),
          });
          this.statements.countDay.run({
            guild: guildId,
            day: dayOf(now),
            answered: answered ? 1 : 0,
            unanswered: answered ? 0 : 1,
          });
          if (citedPinId !== undefined && Number.isSafeInteger(citedPinId)) {
            this.statements.countPinCitation.run({ guild: guildId, pin: citedPinId, now: now.toISOString() });
          }
          // Retention is enforced on write, so nothing older than 90 days outlives the next question.
          this.pruneOld();
          return { ok: true, value: null };
        })
        .immediate(),
    );
    if (!result.ok) this.logger?.warn({ guildId }, result.message);
  }

  async recordVote(vote: Vote): Promise<void> {
    const normalized = normalizeQuestion(vote.question, this.normalize);
    if (!normalized) return;
    const result = this.write('record the vote', () =>
      this.db
        .transaction((): StoreResult<null> => {
          const now = this.now().toISOString();
          // A vote on a question not seen before (it was asked before the database existed) still counts.
          const question = this.statements.upsertQuestion.get({
            guild: vote.guildId,
            normalized,
            asked: 0,
            unanswered: 0,
            now,
          });
          this.statements.upsertVote.run({
            guild: vote.guildId,
            answerId: vote.answerId,
            userId: vote.userId,
            helpful: vote.helpful ? 1 : 0,
            questionId: question!.id,
            cited: vote.cited.slice(0, 200),
            now,
          });
          return { ok: true, value: null };
        })
        .immediate(),
    );
    if (!result.ok) this.logger?.warn({ guildId: vote.guildId }, result.message);
  }

  async insights(guildId: string, limit = 10): Promise<Insights> {
    const feedback = this.statements.feedback.get(guildId);
    return {
      unanswered: this.statements.unanswered.all({ guild: guildId, limit }).map(questionFromRow),
      mostAsked: this.statements.mostAsked.all({ guild: guildId, limit }).map(questionFromRow),
      feedback: { helpful: feedback?.helpful ?? 0, unhelpful: feedback?.unhelpful ?? 0 },
      daily: fillDays(
        this.statements.daily.all({ guild: guildId, from: firstChartDay(this.now()) }),
        this.now(),
      ),
      retentionDays: STORE_LIMITS.retentionDays,
    };
  }

  async pinUsage(guildId: string): Promise<PinUsage[]> {
    return this.statements.pinUsage.all(guildId).map(pinUsageFromRow);
  }

  async getQuestion(guildId: string, id: number): Promise<QuestionStat | undefined> {
    const row = this.statements.getQuestion.get({ guild: guildId, id });
    return row ? questionFromRow(row) : undefined;
  }

  async markAnswerPinned(guildId: string, id: number): Promise<void> {
    const result = this.write('mark the question answered', () => {
      this.statements.markAnswerPinned.run({ guild: guildId, id, now: this.now().toISOString() });
      return { ok: true, value: null };
    });
    if (!result.ok) this.logger?.warn({ guildId }, result.message);
  }

  async autoAnswerChannel(guildId: string): Promise<string | undefined> {
    return this.statements.autoAnswerChannel.get(guildId)?.auto_answer_channel ?? undefined;
  }

  async setAutoAnswerChannel(
    guildId: string,
    channelId: string | null,
    by: string,
  ): Promise<StoreResult<null>> {
    return this.write('save the setting', () => {
      this.statements.setAutoAnswerChannel.run({
        guild: guildId,
        channel: channelId,
        by,
        now: this.now().toISOString(),
      });
      return { ok: true, value: null };
    });
  }

  /** Deletes questions and votes older than the retention period. Cheap: both are indexed by date. */
  pruneOld(): void {
    const cutoff = new Date(this.now().getTime() - STORE_LIMITS.retentionDays * 86_400_000).toISOString();
    this.statements.pruneVotes.run(cutoff);
    this.statements.pruneQuestions.run(cutoff);
    this.statements.pruneDays.run(cutoff.slice(0, 10));
  }

  /** `PRAGMA integrity_check`, for tests and a health command. */
  integrityCheck(): string {
    return String(this.db.pragma('integrity_check', { simple: true }));
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  /** Inside a transaction: validates, enforces the per-server limit and duplicates, inserts. */
  private insertValidated(
    guildId: string,
    fields: Pick<PinImportEntry, 'text' | 'keywords' | 'passageKey' | 'sourceUrl'>,
    author: PinAuthor,
    createdAt?: string,
  ): StoreResult<PinnedFact> {
    const pin = newPinRow(fields, author, this.normalize, createdAt ?? this.now().toISOString());
    if (!pin.ok) return pin;
    const duplicate = this.statements.findDuplicate.get(guildId, pin.value.normalized);
    if (duplicate) return alreadyPinned(duplicate.id);
    if (this.countPinsNow(guildId) >= STORE_LIMITS.pinsPerGuild) return pinLimitReached();
    const row = this.statements.insertPin.get({ guild: guildId, ...pin.value });
    return { ok: true, value: pinFromRow(row!) };
  }

  /**
   * Runs a write; storage failures (busy past the timeout, disk full, read-only file) become a
   * message for the user and a log line, so a command fails politely and answers keep flowing.
   */
  private write<T>(what: string, run: () => StoreResult<T>): StoreResult<T> {
    const gone = refuseWhenGone(this.fileGone, what, this.logger);
    if (gone) return gone;
    try {
      return run();
    } catch (error) {
      if (!(error instanceof Database.SqliteError)) throw error;
      this.logger?.warn({ err: error }, `could not ${what}`);
      return refuse(
        'storage',
        `Could not ${what}: the database is busy or unwritable (${error.code}). Try again.`,
        {
          code: error.code,
        },
      );
    }
  }
}
