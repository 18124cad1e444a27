/**
 * A read-only table from a word to a list of words (the English -> Chinese lexicon, the Chinese ->
 * English glosses), held as two strings, every key and every list joined in key order, with where
 * each starts; a lookup is a binary search. As parsed JSON (an object of arrays) the lexicon took
 * ~21 MB of heap and the glosses ~28 MB; as a Map of joined lists ~9 MB and ~8 MB; like this
 * ~3 MB and ~5 MB (the Map's 90,000 small strings and its hash table were most of it).
 * Keys are never looked up on a prototype: members type "constructor" and "toString", and a
 * lookup must find nothing.
 */
const SEPARATOR = '\u001f';

export class WordLists {
  /** Every key, in code-unit order, joined. */
  private readonly keyText: string;
  /** Where key i starts in keyText; keyStarts[size] is its length. */
  private readonly keyStarts: Uint32Array;
  /** Every key's words joined with U+001F, in the keys' order, joined. */
  private readonly wordText: string;
  private readonly wordStarts: Uint32Array;

  constructor(entries: Readonly<Record<string, readonly string[]>>) {
    const keys = Object.keys(entries).sort();
    this.keyStarts = new Uint32Array(keys.length + 1);
    this.wordStarts = new Uint32Array(keys.length + 1);
    const lists: string[] = [];
    let keyLength = 0;
    let wordLength = 0;
    keys.forEach((key, i) => {
      const words = entries[key]!;
      if (words.some((word) => word.includes(SEPARATOR))) throw new Error(`word list of ${key} holds U+001F`);
      const joined = words.join(SEPARATOR);
      lists.push(joined);
      this.keyStarts[i] = keyLength;
      this.wordStarts[i] = wordLength;
      keyLength += key.length;
      wordLength += joined.length;
    });
    this.keyStarts[keys.length] = keyLength;
    this.wordStarts[keys.length] = wordLength;
    this.keyText = keys.join('');
    this.wordText = lists.join('');
  }

  /** The index of a key, or -1. */
  private find(key: string): number {
    let low = 0;
    let high = this.keyStarts.length - 2;
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
    const start = this.keyStarts[i]!;
    const length = this.keyStarts[i + 1]! - start;
    const shared = Math.min(length, key.length);
    for (let j = 0; j < shared; j++) {
      const difference = this.keyText.charCodeAt(start + j) - key.charCodeAt(j);
      if (difference !== 0) return difference;
    }
    return length - key.length;
  }

  /** The words listed for a key, in order, or undefined when the key is not in the table. */
  get(key: string): string[] | undefined {
    const i = this.find(key);
    return i < 0
      ? undefined
      : this.wordText.slice(this.wordStarts[i], this.wordStarts[i + 1]).split(SEPARATOR);
  }

  has(key: string): boolean {
    return this.find(key) >= 0;
  }

  /** Every key, in code-unit order. */
  *keys(): IterableIterator<string> {
    for (let i = 0; i + 1 < this.keyStarts.length; i++)
      yield this.keyText.slice(this.keyStarts[i], this.keyStarts[i + 1]);
  }
}
