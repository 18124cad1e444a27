import Fuse from 'fuse.js';

/**
 * Repairs a misspelled Latin word against the knowledge's own vocabulary ("pytroch" -> "pytorch").
 * fuse.js proposes candidates; an edit distance (with transpositions) decides, because Fuse's
 * substring-tolerant score would also call "cook" close to "facebook".
 */
const MAX_WORD_LENGTH = 32;

export class TypoRepair {
  private readonly fuse: Fuse<string>;

  constructor(vocabulary: Iterable<string>) {
    const words = [...vocabulary].filter((term) => /^[a-z][a-z0-9+#]{2,}$/.test(term));
    this.fuse = new Fuse(words, { includeScore: true, threshold: 0.45, ignoreLocation: true });
  }

  /** The closest vocabulary word within the allowed edits, or undefined. */
  repair(word: string): string | undefined {
    // Names are short; a long run of letters is noise, and fuzzy search cost grows with length.
    if (word.length < 3 || word.length > MAX_WORD_LENGTH) return undefined;
    // One slip, or two in a long word: beyond that it is another word ("group" is not "gross").
    const allowed = word.length >= 8 ? 2 : 1;
    let best: { word: string; distance: number } | undefined;
    for (const { item } of this.fuse.search(word, { limit: 8 })) {
      const distance = editDistance(word, item);
      if (distance <= allowed && (!best || distance < best.distance)) best = { word: item, distance };
    }
    return best?.word;
  }
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
