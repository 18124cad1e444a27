/**
 * An opencc-js configuration's conversion (`OpenCC.Converter`) without building its tries. The
 * library builds a trie of `Map`s over every key of every dictionary of the chain when a converter
 * is made: for simplified -> Taiwan traditional that is ~45 MB of heap and ~250 ms, which a
 * question written in traditional paid at its first word (`mainlandWord`), and the scavenger paid
 * again copying the tries out of the young generation. Here each dictionary is searched where it
 * lies: its serialized text ("key value|key value…", sorted by key) is binary-searched through the
 * offsets of its entries, and a dictionary given otherwise (pairs, or out of order) is a `Map`.
 * The result is the library's: at each position the longest key of a group that starts there
 * (among a group's dictionaries the first holding the key wins, within one the last entry), text
 * no key matches left as it is, an ideographic description sequence kept whole.
 */

type DictLike = string | ReadonlyArray<readonly [string, string]>;

/** A dictionary looked up by key: the value the library's trie would hold for it. */
interface Lookup {
  /**
   * The value of the key s[from, to), if it is one; and whether a longer key starts with it (the
   * library's trie has a node further down), after which `extends` is read.
   */
  get(s: string, from: number, to: number): string | undefined;
  extends: boolean;
}

/** A serialized dictionary whose keys are in ascending order: binary search over its entries. */
function sortedLookup(text: string): Lookup | undefined {
  const starts: number[] = [];
  const keyEnds: number[] = [];
  let previous = '';
  for (let start = 0; start < text.length;) {
    let end = text.indexOf('|', start);
    if (end < 0) end = text.length;
    const space = text.indexOf(' ', start);
    // An entry without a value: the library rejects it, so does this (the caller falls back).
    if (space < 0 || space >= end) return undefined;
    const key = text.slice(start, space);
    if (key < previous) return undefined;
    previous = key;
    starts.push(start);
    keyEnds.push(space);
    start = end + 1;
  }
  /** Entry m's key against s[from, to), by UTF-16 code units as `<` compares strings: <0, 0, >0. */
  const compare = (m: number, s: string, from: number, to: number): number => {
    const keyStart = starts[m]!;
    const keyLength = keyEnds[m]! - keyStart;
    const length = to - from;
    for (let k = 0; k < keyLength && k < length; k++) {
      const difference = text.charCodeAt(keyStart + k) - s.charCodeAt(from + k);
      if (difference !== 0) return difference;
    }
    return keyLength - length;
  };
  const lookup: Lookup = {
    extends: false,
    get(s, from, to) {
      // The first entry whose key is above s[from, to): equal keys repeat side by side, and the
      // library's trie keeps the last of them, the one just before.
      let low = 0;
      let high = starts.length;
      while (low < high) {
        const middle = (low + high) >>> 1;
        if (compare(middle, s, from, to) <= 0) low = middle + 1;
        else high = middle;
      }
      // Keys that start with s[from, to) sort right after it: the next one does, or none does.
      const length = to - from;
      lookup.extends =
        low < starts.length &&
        keyEnds[low]! - starts[low]! > length &&
        compare(low, s, from, to) > 0 &&
        text.startsWith(s.slice(from, to), starts[low]!);
      if (low === 0 || compare(low - 1, s, from, to) !== 0) return undefined;
      const valueStart = keyEnds[low - 1]! + 1;
      let valueEnd = valueStart;
      // Only the first of several values, as the library reads them.
      while (valueEnd < text.length && text[valueEnd] !== '|' && text[valueEnd] !== ' ') valueEnd++;
      return text.slice(valueStart, valueEnd);
    },
  };
  return lookup;
}

function mapLookup(dict: DictLike): Lookup | undefined {
  const map = new Map<string, string>();
  const entries =
    typeof dict === 'string'
      ? dict.split('|').map((line) => line.split(' ') as [string, string | undefined])
      : dict.map(([key, value]) => [key, value] as [string, string | undefined]);
  for (const [key, value] of entries) {
    if (typeof value !== 'string') return undefined;
    map.set(key, value);
  }
  let maxLength = 0;
  for (const key of map.keys()) maxLength = Math.max(maxLength, key.length);
  const lookup: Lookup = {
    extends: false,
    get(s, from, to) {
      lookup.extends = to - from < maxLength;
      return map.get(s.slice(from, to));
    },
  };
  return lookup;
}

function isDictLike(dict: unknown): dict is DictLike {
  if (typeof dict === 'string') return true;
  return (
    Array.isArray(dict) &&
    dict.every((pair) => Array.isArray(pair) && typeof pair[0] === 'string' && typeof pair[1] === 'string')
  );
}

/** A group of dictionaries that one trie of the library holds (the first one's keys win). */
class Group {
  private constructor(private readonly lookups: Lookup[]) {}

  static of(dicts: unknown): Group | undefined {
    const list: unknown[] = typeof dicts === 'string' ? [dicts] : Array.isArray(dicts) ? dicts : [];
    if (list.length === 0 || !list.every(isDictLike)) return undefined;
    const lookups: Lookup[] = [];
    for (const dict of list) {
      const lookup = (typeof dict === 'string' ? sortedLookup(dict) : undefined) ?? mapLookup(dict);
      if (!lookup) return undefined;
      lookups.push(lookup);
    }
    return new Group(lookups);
  }

  /** The library's `matchPrefix`: the longest key starting at `i`, and its value. */
  matchPrefix(s: string, i: number): { end: number; value: string } | undefined {
    let match: { end: number; value: string } | undefined;
    // Which dictionaries may still hold a longer key (a bit each; a group has a few).
    let open = (1 << this.lookups.length) - 1;
    for (let j = i; j < s.length && open !== 0;) {
      j += s.codePointAt(j)! > 0xffff ? 2 : 1;
      let value: string | undefined;
      for (let d = 0; d < this.lookups.length; d++) {
        if ((open & (1 << d)) === 0) continue;
        const lookup = this.lookups[d]!;
        const found = lookup.get(s, i, j);
        value ??= found;
        if (!lookup.extends) open &= ~(1 << d);
      }
      if (value !== undefined) match = { end: j, value };
    }
    return match;
  }

  /** The library's `Trie.segment`: matched keys and the runs between them. */
  segment(s: string): string[] {
    const segments: string[] = [];
    let unmatched: number | undefined;
    for (let i = 0; i < s.length;) {
      const matched = this.matchPrefix(s, i);
      if (matched) {
        if (unmatched !== undefined) segments.push(s.slice(unmatched, i));
        unmatched = undefined;
        segments.push(s.slice(i, matched.end));
        i = matched.end;
      } else {
        unmatched ??= i;
        i += unmatchedLength(s, i);
      }
    }
    if (unmatched !== undefined) segments.push(s.slice(unmatched));
    return segments;
  }

  /** The library's `Trie.convert`. */
  convert(s: string): string {
    let out = '';
    let unmatched: number | undefined;
    for (let i = 0; i < s.length;) {
      const matched = this.matchPrefix(s, i);
      if (matched) {
        if (unmatched !== undefined) out += s.slice(unmatched, i);
        unmatched = undefined;
        out += matched.value;
        i = matched.end;
      } else {
        unmatched ??= i;
        i += unmatchedLength(s, i);
      }
    }
    if (unmatched !== undefined) out += s.slice(unmatched);
    return out;
  }
}

const codePointLength = (s: string, i: number): number => (s.codePointAt(i)! > 0xffff ? 2 : 1);

function descriptionArity(code: number): number {
  if (code >= 0x2ff0 && code <= 0x2ff1) return 2;
  if (code >= 0x2ff2 && code <= 0x2ff3) return 3;
  if (code >= 0x2ff4 && code <= 0x2fff) return 2;
  return 0;
}

/** Where an ideographic description sequence starting at `i` ends (0: none starts there). */
function descriptionEnd(s: string, i: number): number {
  const arity = descriptionArity(s.codePointAt(i)!);
  if (arity === 0) return 0;
  let end = i + codePointLength(s, i);
  for (let n = 0; n < arity; n++) {
    if (end >= s.length) return 0;
    const childEnd = descriptionEnd(s, end);
    end = childEnd || end + codePointLength(s, end);
  }
  return end;
}

function unmatchedLength(s: string, i: number): number {
  const end = descriptionEnd(s, i);
  return end > i ? end - i : codePointLength(s, i);
}

/**
 * The converter of an opencc-js configuration (`Locale.configs[name]`: a segmentation
 * dictionary, a conversion chain of groups, an optional normalization chain), as
 * `OpenCC.Converter` makes it; undefined for a shape this code does not know.
 */
export function lookupConverter(
  config: Record<string, unknown> | undefined,
): ((s: string) => string) | undefined {
  if (!config || !Array.isArray(config.conversionChain)) return undefined;
  const segmentation = config.segmentation ? Group.of(config.segmentation) : undefined;
  if (config.segmentation && !segmentation) return undefined;
  const chain = config.conversionChain.map((group) => Group.of(group));
  const normalization =
    config.normalizationChain === undefined
      ? []
      : Array.isArray(config.normalizationChain)
        ? config.normalizationChain.map((group) => Group.of(group))
        : [undefined];
  if (chain.includes(undefined) || normalization.includes(undefined)) return undefined;
  const groups = chain as Group[];
  const normalizers = normalization as Group[];
  return (s: string): string => {
    const normalized = normalizers.reduce((text, group) => group.convert(text), s);
    const segments = segmentation ? segmentation.segment(normalized) : [normalized];
    return groups.reduce((parts, group) => parts.map((part) => group.convert(part)), segments).join('');
  };
}
