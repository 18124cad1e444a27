/**
 * A read-only table from a word to a list of words (the English -> Chinese lexicon, the Chinese ->
 * English glosses), held as its file's text: one line a key, in code-unit order, the key and its
 * words separated by tabs ("look back\t回顾\t回首"), with where each line and its words start; a
 * lookup is a binary search. As parsed JSON (an object of arrays) the lexicon took ~21 MB of heap
 * and the glosses ~28 MB; as a Map of joined lists ~9 MB and ~8 MB; like this ~3.4 MB and ~4.1 MB
 * (scripts/measure-heap.ts; the Map's 90,000 small strings and its hash table were most of it).
 * Read from such a file (data/*.tsv, written by `formatWordLists`), nothing is parsed or sorted at
 * load: reading the lexicon as JSON and packing it took 0.6-1 s on the first English question on
 * a shared 2-core machine, this ~50 ms.
 * Keys are never looked up on a prototype: members type "constructor" and "toString", and a
 * lookup must find nothing.
 */
const WORD_SEPARATOR = '\t';
const LINE_SEPARATOR = '\n';

/** The table's text for entries: lines of "key\tword\tword", keys in code-unit order (`sort()`). */
export function formatWordLists(entries: Readonly<Record<string, readonly string[]>>): string {
  const lines: string[] = [];
  for (const key of Object.keys(entries).sort()) {
    for (const text of [key, ...entries[key]!]) {
      if (text.includes(WORD_SEPARATOR) || text.includes(LINE_SEPARATOR))
        throw new Error(`word list of ${JSON.stringify(key)} holds a tab or a line break`);
    }
    lines.push(`${key}${WORD_SEPARATOR}${entries[key]!.join(WORD_SEPARATOR)}`);
  }
  return lines.map((line) => `${line}${LINE_SEPARATOR}`).join('');
}

export class WordLists {
  /** Every line, each ending in a line break. */
  private readonly text: string;
  /** Line i (key i) starts at lineStarts[i]; lineStarts[size] is the text's length. */
  private readonly lineStarts: Uint32Array;
  /** Where key i's words start (after its first tab): its key ends one before. */
  private readonly wordStarts: Uint32Array;

  /**
   * A table's text (a data file written with `formatWordLists`: keys in code-unit order, as it
   * sorts them), or its entries.
   */
  constructor(source: string | Readonly<Record<string, readonly string[]>>) {
    const text = typeof source === 'string' ? source : formatWordLists(source);
    let size = 0;
    for (let at = text.indexOf(LINE_SEPARATOR); at >= 0; at = text.indexOf(LINE_SEPARATOR, at + 1)) size++;
    this.text = text;
    this.lineStarts = new Uint32Array(size + 1);
    this.wordStarts = new Uint32Array(size);
    let start = 0;
    for (let i = 0; i < size; i++) {
      const end = text.indexOf(LINE_SEPARATOR, start);
      const tab = text.indexOf(WORD_SEPARATOR, start);
      if (tab < 0 || tab > end) throw new Error(`word list line ${i + 1} has no tab after its key`);
      this.lineStarts[i] = start;
      this.wordStarts[i] = tab + 1;
      start = end + 1;
    }
    if (start !== text.length) throw new Error('a word list file must end with a line break');
    this.lineStarts[size] = start;
  }

  /** The index of a key, or -1. */
  private find(key: string): number {
    let low = 0;
    let high = this.wordStarts.length - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const order = this.compareKey(middle, key);
      if (order === 0) return middle;
      if (order < 0) low = middle + 1;
      else high = middle - 1;
    }
    return -1;
  }

  /** Key i against `key` in code-unit order (as sort() put them), without slicing it out. */
  private compareKey(i: number, key: string): number {
    const start = this.lineStarts[i]!;
    const length = this.wordStarts[i]! - 1 - start;
    const shared = Math.min(length, key.length);
    for (let j = 0; j < shared; j++) {
      const difference = this.text.charCodeAt(start + j) - key.charCodeAt(j);
      if (difference !== 0) return difference;
    }
    return length - key.length;
  }

  /** The words listed for a key, in order, or undefined when the key is not in the table. */
  get(key: string): string[] | undefined {
    const i = this.find(key);
    return i < 0
      ? undefined
      : this.text.slice(this.wordStarts[i], this.lineStarts[i + 1]! - 1).split(WORD_SEPARATOR);
  }

  has(key: string): boolean {
    return this.find(key) >= 0;
  }

  /** Every key, in code-unit order. */
  *keys(): IterableIterator<string> {
    for (let i = 0; i < this.wordStarts.length; i++)
      yield this.text.slice(this.lineStarts[i], this.wordStarts[i]! - 1);
  }
}
