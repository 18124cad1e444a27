import type { PinnedFact } from '../answer/types.ts';
import { importProblem, refuse, STORE_LIMITS, validatePinFields, type Normalize } from './limits.ts';
import type { ImportProblem, PinImportEntry, StoreResult } from './types.ts';

/** What `/pin export` writes and `/pin import` reads. Versioned, so the format can grow. */
export interface PinFile {
  format: 'citebot-pins';
  version: 1;
  guildId: string;
  exportedAt: string;
  pins: PinImportEntry[];
}

/** An import file larger than this is refused before parsing (500 pins of 1000 chars fit easily). */
export const MAX_PIN_FILE_BYTES = 2_000_000;

export function serializePins(guildId: string, pins: readonly PinnedFact[], now = new Date()): string {
  const file: PinFile = {
    format: 'citebot-pins',
    version: 1,
    guildId,
    exportedAt: now.toISOString(),
    pins: pins.map((pin) => ({
      text: pin.text,
      keywords: pin.keywords,
      passageKey: pin.passageKey,
      sourceUrl: pin.sourceUrl,
      createdBy: pin.createdBy,
      createdByName: pin.createdByName,
      createdAt: pin.createdAt,
    })),
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

const OPTIONAL_STRING_FIELDS = [
  'keywords',
  'passageKey',
  'sourceUrl',
  'createdBy',
  'createdByName',
  'createdAt',
];

/**
 * Reads an export file (or a bare array of pins). The file as a whole must be well-formed; single
 * entries that are not objects with text are kept, with their text as "", so the store refuses
 * them by index and the report names them.
 */
export function parsePinFile(content: string): StoreResult<PinImportEntry[]> {
  if (Buffer.byteLength(content, 'utf8') > MAX_PIN_FILE_BYTES) {
    return refuse('file-too-large', `That file is larger than ${MAX_PIN_FILE_BYTES / 1_000_000} MB.`, {
      max: MAX_PIN_FILE_BYTES / 1_000_000,
    });
  }
  let data: unknown;
  try {
    data = JSON.parse(content.replace(/^\uFEFF/, ''));
  } catch {
    return refuse('not-json', 'That file is not JSON. Use a file made by /pin export.');
  }
  const list = Array.isArray(data) ? data : isObject(data) ? data.pins : undefined;
  if (isObject(data) && !Array.isArray(data) && data.format !== undefined && data.format !== 'citebot-pins') {
    return refuse('not-pin-file', 'That file is not a citebot pin export. Use a file made by /pin export.');
  }
  if (!Array.isArray(list)) {
    return refuse('not-pin-file', 'That file has no list of pins. Use a file made by /pin export.');
  }
  // More entries than a server may hold can only be refused: say so before any per-entry work
  // (a 2 MB file of a million entries held the event loop for seconds).
  if (list.length > STORE_LIMITS.pinsPerGuild) {
    return refuse(
      'too-many-entries',
      `That file holds ${list.length} entries; a server can have at most ${STORE_LIMITS.pinsPerGuild} pins.`,
      { count: list.length, max: STORE_LIMITS.pinsPerGuild },
    );
  }
  return {
    ok: true,
    value: list.map((item): PinImportEntry => {
      if (!isObject(item) || typeof item.text !== 'string') return { text: '' };
      const entry: PinImportEntry = { text: item.text };
      for (const field of OPTIONAL_STRING_FIELDS) {
        const value = item[field];
        if (typeof value !== 'string') continue;
        (entry as unknown as Record<string, string>)[field] = value;
      }
      return entry;
    }),
  };
}

/** A file's entries as an import would store them, each with its position in the file. */
export interface CheckedPinEntries {
  entries: { entry: PinImportEntry; index: number }[];
  /** What an import refuses: invalid fields, as the store checks them. */
  refused: ImportProblem[];
  /** Entries naming a passage that does not exist: taken without the link (a backup keeps them). */
  unlinked: ImportProblem[];
}

/**
 * The checks `/pin import` applies to a file's entries before the store sees them, shared with
 * `ask --pins` so both take the same pins: the fields as `/pin add` checks them, and each passage
 * reference resolved to a passage key (`passageKeyOf`, the loaded articles), or dropped when no
 * passage has it (the article was removed since the export): the pin is kept, without its link.
 */
export function checkPinEntries(
  entries: readonly PinImportEntry[],
  passageKeyOf: (ref: string) => string | undefined,
  normalize: Normalize,
): CheckedPinEntries {
  const checked: CheckedPinEntries = { entries: [], refused: [], unlinked: [] };
  entries.forEach((entry, index) => {
    const text = typeof entry.text === 'string' ? entry.text : '';
    const fields = validatePinFields({ ...entry, text }, normalize);
    if (!fields.ok) {
      checked.refused.push(importProblem(index, text, fields));
      return;
    }
    const ref = fields.value.passageKey;
    const passageKey = ref ? passageKeyOf(ref) : undefined;
    if (ref && !passageKey) {
      const failure = refuse('unknown-passage', `no passage "${ref}" in the articles`, { ref });
      checked.unlinked.push(importProblem(index, text, failure));
    }
    checked.entries.push({ entry: { ...entry, ...fields.value, passageKey }, index });
  });
  return checked;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
