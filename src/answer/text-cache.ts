/**
 * A least-recently-used cache keyed by text and bounded by the total length of its keys, for
 * values whose size grows with their text (a tokenized passage takes ~35 bytes of heap per
 * character). A Map in insertion order is the LRU: a hit moves the key to the end.
 */
export class TextCache<V> {
  private readonly entries = new Map<string, V>();
  /** Characters of the keys held. */
  characters = 0;

  constructor(readonly maxCharacters: number) {}

  get size(): number {
    return this.entries.size;
  }

  get(text: string): V | undefined {
    const value = this.entries.get(text);
    if (value !== undefined) {
      this.entries.delete(text);
      this.entries.set(text, value);
    }
    return value;
  }

  /** Adds a value, dropping the least recently used ones while the keys exceed the bound. */
  set(text: string, value: V): void {
    if (this.entries.delete(text)) this.characters -= text.length;
    this.entries.set(text, value);
    this.characters += text.length;
    for (const oldest of this.entries.keys()) {
      if (this.characters <= this.maxCharacters || oldest === text) break;
      this.entries.delete(oldest);
      this.characters -= oldest.length;
    }
  }
}
