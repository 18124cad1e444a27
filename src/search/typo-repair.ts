import Fuse from 'fuse.js';
import { stemLatin } from './english-forms.ts';

/**
 * Repairs a misspelled Latin word against the knowledge's own vocabulary ("pytroch" -> "pytorch").
 * First the words the knowledge writes, one slip from the word as typed (two letters swapped, one
 * left out, one doubled or stray, one wrong): matching written words, not stems, reads "huggign"
 * as "hugging" and "Fprce" as "Force", whose stems ("hug", "forc") are further from the typed
 * word than its own slip. Then, for what that misses (two slips in a long word), fuse.js proposes
 * stems and an edit distance (with transpositions) decides, because Fuse's substring-tolerant
 * score would also call "cook" close to "facebook".
 */
const MAX_WORD_LENGTH = 32;
/** Shorter words are one slip from too many others ("fcae" is "face", but "cta" is cat, act, ca…). */
const MIN_SLIP_LENGTH = 4;
const LATIN_WORD = /[a-z][a-z0-9+#]{2,}/g;
const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

export class TypoRepair {
  private readonly fuse: Fuse<string>;
  /** How often the knowledge writes each Latin word; made on the first repair. */
  private written?: Map<string, number>;

  constructor(
    vocabulary: Iterable<string>,
    private readonly texts: Iterable<string> = [],
    private readonly has: (stem: string) => boolean = () => true,
  ) {
    const words = [...vocabulary].filter((term) => /^[a-z][a-z0-9+#]{2,}$/.test(term));
    this.fuse = new Fuse(words, { includeScore: true, threshold: 0.45, ignoreLocation: true });
  }

  /** The closest vocabulary word (a stem) within the allowed edits, or undefined. */
  repair(typed: string, acronym = false): string | undefined {
    // Names are short; a long run of letters is noise, and fuzzy search cost grows with length.
    if (typed.length < 3 || typed.length > MAX_WORD_LENGTH) return undefined;
    const stem = stemLatin(typed);
    const written = this.writtenSlipAway(typed, acronym ? ACRONYM_SLIPS : ALL_SLIPS);
    if (written) return stemLatin(written);
    // Capitals are typed on purpose: an acronym the knowledge lacks is another name, unless its
    // letters slipped (a pair swapped, one left out or doubled, a key beside the one meant).
    if (acronym) return undefined;
    // One slip, or two in a long word: beyond that it is another word ("group" is not "gross").
    const allowed = stem.length >= 8 ? 2 : 1;
    let best: { word: string; distance: number } | undefined;
    for (const { item } of this.fuse.search(stem, { limit: 8 })) {
      const distance = editDistance(stem, item);
      if (distance <= allowed && (!best || distance < best.distance)) best = { word: item, distance };
    }
    return best?.word;
  }

  /**
   * A word the knowledge writes (and indexes) one slip from `typed`: of the most common kind of
   * slip that finds one, the word it writes most often.
   */
  private writtenSlipAway(typed: string, kinds: readonly SlipKind[]): string | undefined {
    if (typed.length < MIN_SLIP_LENGTH || !/^[a-z]+$/.test(typed)) return undefined;
    this.written ??= countWords(this.texts);
    const slips = slipsOf(typed);
    for (const kind of kinds) {
      let best: { word: string; count: number } | undefined;
      for (const candidate of slips[kind]) {
        if (candidate.length < MIN_SLIP_LENGTH) continue;
        const count = this.written.get(candidate) ?? 0;
        if (count > (best?.count ?? 0) && this.has(stemLatin(candidate))) best = { word: candidate, count };
      }
      if (best) return best.word;
    }
    return undefined;
  }
}

function countWords(texts: Iterable<string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const text of texts)
    for (const [word] of text.matchAll(LATIN_WORD)) counts.set(word, (counts.get(word) ?? 0) + 1);
  return counts;
}

type SlipKind = 'swapped' | 'leftOut' | 'extra' | 'wrong' | 'nearKey';
/** The most common kind first. */
const ALL_SLIPS: readonly SlipKind[] = ['swapped', 'leftOut', 'extra', 'wrong'];
/** A wrong letter in an acronym makes another acronym as often as a slip: only a key beside it. */
const ACRONYM_SLIPS: readonly SlipKind[] = ['swapped', 'leftOut', 'extra', 'nearKey'];

const KEY_ROWS = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm'];
/** Where each key sits on a QWERTY keyboard: its row, and its column with the row's stagger. */
const KEY_AT = new Map(
  KEY_ROWS.flatMap((keys, row) =>
    Array.from(keys, (key, column) => [key, [row, column + [0, 0.25, 0.75][row]!]] as const),
  ),
);
/** Keys beside each other, in a row or across rows ("t" and "g"). */
function nearKeys(a: string, b: string): boolean {
  const [rowA, columnA] = KEY_AT.get(a)!;
  const [rowB, columnB] = KEY_AT.get(b)!;
  return Math.abs(rowA - rowB) <= 1 && Math.abs(columnA - columnB) <= 1 && a !== b;
}

/** The words one slip from `word`, by kind (never its first letter). */
function slipsOf(word: string): Record<SlipKind, string[]> {
  const swapped: string[] = [];
  const leftOut: string[] = [];
  const extra: string[] = [];
  const wrong: string[] = [];
  const nearKey: string[] = [];
  for (let i = 1; i + 1 < word.length; i++)
    if (word[i] !== word[i + 1]) swapped.push(word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2));
  for (let i = 1; i <= word.length; i++)
    for (const letter of LETTERS) leftOut.push(word.slice(0, i) + letter + word.slice(i));
  for (let i = 1; i < word.length; i++) extra.push(word.slice(0, i) + word.slice(i + 1));
  for (let i = 1; i < word.length; i++)
    for (const letter of LETTERS)
      if (letter !== word[i]) {
        wrong.push(word.slice(0, i) + letter + word.slice(i + 1));
        if (nearKeys(letter, word[i]!)) nearKey.push(word.slice(0, i) + letter + word.slice(i + 1));
      }
  return { swapped, leftOut, extra, wrong, nearKey };
}

/** Optimal string alignment distance: insertions, deletions, substitutions, adjacent swaps. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        value = Math.min(value, d[i - 2]![j - 2]! + 1);
      d[i]![j] = value;
    }
  }
  return d[rows - 1]![cols - 1]!;
}
