import type {
  ImportProblem,
  ImportReport,
  PinAuthor,
  PinImportEntry,
  StoreFailure,
  StoreProblem,
  StoreResult,
} from './types.ts';

/** Limits on what moderators and members store; one place, each with why. */
export const STORE_LIMITS = {
  /** A pin is cited like a passage; 1000 chars fits an embed field (1024) with room to spare. */
  pinText: 1000,
  /** Keywords only help search; a short list is enough. */
  keywords: 200,
  /** Passage keys look like "article§12"; autocomplete values are at most 100 chars. */
  passageKey: 100,
  /** Discord message links are ~90 chars; other source links may be longer. */
  sourceUrl: 500,
  /** Per server: enough for a FAQ, small enough to rebuild a server's pin index in milliseconds. */
  pinsPerGuild: 500,
  /** Questions are kept normalized and cut to this length; insights show them in embed fields. */
  questionText: 300,
  /** Questions and votes older than this are deleted. */
  retentionDays: 90,
} as const;

/** An error as one line: its message and, when it has one, its code (SQLITE_BUSY, ECONNREFUSED, …). */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? `${error.message} (${code})` : error.message;
  }
  return String(error);
}

/**
 * The normalization search applies (NFKC, lower case, traditional -> simplified), handed to the
 * store when it opens, so the store depends on no search module.
 */
export type Normalize = (text: string) => string;

/** Pin text compared for duplicates: the search normalization, whitespace collapsed, end punctuation dropped. */
export function normalizePinText(text: string, normalize: Normalize): string {
  return normalize(text)
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\s.。!！?？,，;；:：…]+$/u, '');
}

/** Questions kept for insights: the same normalization, so 贡献者? and 貢獻者 count as one question. */
export function normalizeQuestion(question: string, normalize: Normalize): string {
  return [...normalizePinText(question, normalize)].slice(0, STORE_LIMITS.questionText).join('');
}

export interface PinFields {
  text: string;
  keywords?: string;
  passageKey?: string;
  sourceUrl?: string;
}

/**
 * What Discord would read as a ping. Answers quote a pin to every member; replies cannot ping
 * (allowed_mentions parse []), but a mention would still look live, so pins are refused with one.
 */
const MENTION = /@(everyone|here)\b|<@[!&]?\d+>/;

/** Trims the fields, turns empty optional ones into "absent", and explains what is wrong. */
export function validatePinFields(fields: PinFields, normalize: Normalize): StoreResult<PinFields> {
  const text = fields.text.trim();
  if (!text) return refuse('empty-text', 'A pinned fact needs some text.');
  if (text.length > STORE_LIMITS.pinText) {
    return refuse(
      'text-too-long',
      `A pinned fact can be at most ${STORE_LIMITS.pinText} characters; this one has ${text.length}.`,
      { max: STORE_LIMITS.pinText, length: text.length },
    );
  }
  if (!normalizePinText(text, normalize))
    return refuse('punctuation-only', 'A pinned fact needs more than punctuation.');
  const keywords = fields.keywords?.trim() || undefined;
  if (keywords && keywords.length > STORE_LIMITS.keywords) {
    return refuse('keywords-too-long', `Keywords can be at most ${STORE_LIMITS.keywords} characters.`, {
      max: STORE_LIMITS.keywords,
    });
  }
  const mention = [text, keywords ?? ''].join('\n').match(MENTION)?.[0];
  if (mention) {
    return refuse('mention', `A pin cannot contain ${mention}: pins hold no @everyone, @here or mentions.`, {
      mention,
    });
  }
  const passageKey = fields.passageKey?.trim() || undefined;
  if (passageKey && passageKey.length > STORE_LIMITS.passageKey) {
    return refuse(
      'passage-too-long',
      `A passage reference can be at most ${STORE_LIMITS.passageKey} characters.`,
      {
        max: STORE_LIMITS.passageKey,
      },
    );
  }
  const sourceUrl = fields.sourceUrl?.trim() ? canonicalLink(fields.sourceUrl.trim()) : undefined;
  if (sourceUrl === null || (sourceUrl && sourceUrl.length > STORE_LIMITS.sourceUrl)) {
    return refuse('bad-source', 'A pin source must be an http(s) link.');
  }
  return { ok: true, value: { text, keywords, passageKey, sourceUrl } };
}

/**
 * An http(s) link as the URL parser writes it, with parentheses encoded too: links are shown as
 * markdown `[source](link)`, where a ")" or "<" in the link would end it or start a mention.
 */
function canonicalLink(text: string): string | null {
  if (!/^https?:\/\/\S+$/i.test(text)) return null;
  try {
    const url = new URL(text);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
    return url.href.replace(/\(/g, '%28').replace(/\)/g, '%29');
  } catch {
    return null;
  }
}

export function refuse(
  problem: StoreProblem,
  message: string,
  values?: Record<string, string | number>,
): StoreFailure {
  return { ok: false, message, problem, ...(values ? { values } : {}) };
}

export function noSuchPin(id: number): StoreFailure {
  return refuse('no-such-pin', `There is no pin #${id} in this server.`, { id });
}

export function alreadyPinned(id: number): StoreFailure {
  return refuse('duplicate', `That fact is already pinned as #${id}.`, { id });
}

export function pinLimitReached(): StoreFailure {
  return refuse(
    'pin-limit',
    `This server already has ${STORE_LIMITS.pinsPerGuild} pinned facts, the most allowed. ` +
      'Remove one with /pin remove before pinning another.',
    { max: STORE_LIMITS.pinsPerGuild },
  );
}

/** One import entry not added, with why (the report's line for it). */
export function importProblem(index: number, text: string, failure: StoreFailure): ImportProblem {
  const { message: reason, problem, values } = failure;
  return { index, text, reason, ...(problem ? { problem } : {}), ...(values ? { values } : {}) };
}

/** Files one import entry the store did not add: a duplicate is skipped, anything else refused. */
export function reportNotAdded(
  report: ImportReport,
  index: number,
  text: string,
  failure: StoreFailure,
): void {
  const entry = importProblem(index, text, failure);
  if (failure.problem === 'duplicate') report.skipped.push(entry);
  else report.refused.push(entry);
}

export function validDate(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}

/** The import report when the database refused the whole import: every entry, with why. */
export function storageFailureReport(entries: readonly PinImportEntry[], reason: string): ImportReport {
  return {
    added: [],
    skipped: [],
    refused: entries.map((entry, index) => ({
      index,
      text: String(entry.text),
      reason,
      problem: 'storage' as const,
    })),
  };
}

/** A new pin's row as both stores insert it, once its fields and author are checked. */
export interface NewPinRow {
  text: string;
  normalized: string;
  keywords: string | null;
  passageKey: string | null;
  sourceUrl: string | null;
  createdBy: string;
  createdByName: string | null;
  createdAt: string;
}

/** Checks a new pin's fields and author (both stores, before their duplicate and limit checks). */
export function newPinRow(
  fields: Pick<PinImportEntry, 'text' | 'keywords' | 'passageKey' | 'sourceUrl'>,
  author: PinAuthor,
  normalize: Normalize,
  createdAt: string,
): StoreResult<NewPinRow> {
  if (typeof fields.text !== 'string') return refuse('empty-text', 'A pinned fact needs some text.');
  const checked = validatePinFields(fields, normalize);
  if (!checked.ok) return checked;
  if (!author.createdBy) return { ok: false, message: 'A pin needs the id of who pinned it.' };
  const { text, keywords, passageKey, sourceUrl } = checked.value;
  return {
    ok: true,
    value: {
      text,
      normalized: normalizePinText(text, normalize),
      keywords: keywords ?? null,
      passageKey: passageKey ?? null,
      sourceUrl: sourceUrl ?? null,
      createdBy: author.createdBy,
      createdByName: author.createdByName?.slice(0, 100) ?? null,
      createdAt,
    },
  };
}
