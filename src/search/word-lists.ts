/**
 * A read-only table from a word to a list of words (the English -> Chinese lexicon, the Chinese ->
 * English glosses), each list kept as one joined string and split when looked up. As parsed JSON
 * (an object of arrays) the lexicon took ~21 MB of heap and the glosses ~28 MB; joined, ~9 MB each.
 * A Map, not an object: members type "constructor" and "toString", and a lookup must find nothing.
 */
const SEPARATOR = '\u001f';

export class WordLists {
  private readonly joined = new Map<string, string>();

  constructor(entries: Readonly<Record<string, readonly string[]>>) {
    for (const [key, words] of Object.entries(entries)) {
      const joined = words.join(SEPARATOR);
      if (words.some((word) => word.includes(SEPARATOR))) throw new Error(`word list of ${key} holds U+001F`);
      this.joined.set(key, joined);
    }
  }

  /** The words listed for a key, in order, or undefined when the key is not in the table. */
  get(key: string): string[] | undefined {
    return this.joined.get(key)?.split(SEPARATOR);
  }

  has(key: string): boolean {
    return this.joined.has(key);
  }

  keys(): IterableIterator<string> {
    return this.joined.keys();
  }
}
