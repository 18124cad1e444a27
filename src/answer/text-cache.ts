/**
 * A cache keyed by text and bounded by the total length of its keys (least recently used, by a
 * second-chance approximation), for values whose size grows with their text (a tokenized passage
 * takes ~35 bytes of heap per character). A Map in insertion order, with a second chance for what was used: a hit only marks
 * the entry (moving it to the end of the Map on every hit was a few percent of a question's time);
 * when the keys exceed the bound, the oldest entry is dropped unless used since it was last
 * placed, in which case it moves to the end, unmarked.
 */
interface Entry<V> {
  value: V;
  used: boolean;
}

export class TextCache<V> {
  private readonly entries = new Map<string, Entry<V>>();
  /** Characters of the keys held. */
  characters = 0;

  constructor(readonly maxCharacters: number) {}

  get size(): number {
    return this.entries.size;
  }

  get(text: string): V | undefined {
    const entry = this.entries.get(text);
    if (entry === undefined) return undefined;
    entry.used = true;
    return entry.value;
  }

  /** Adds a value, dropping the least recently used ones while the keys exceed the bound. */
  set(text: string, value: V): void {
    if (this.entries.delete(text)) this.characters -= text.length;
    this.entries.set(text, { value, used: false });
    this.characters += text.length;
    // Entries moved to the end come round again, unmarked; the text just added always stays.
    for (const [oldest, entry] of this.entries) {
      if (this.characters <= this.maxCharacters) break;
      if (oldest === text) continue;
      this.entries.delete(oldest);
      if (entry.used) {
        entry.used = false;
        this.entries.set(oldest, entry);
      } else this.characters -= oldest.length;
    }
  }
}
