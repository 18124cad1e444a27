import { QUESTION_FRAMING_WORDS } from './question-words.ts';
import { segmenter, segmentsOf } from './segment.ts';
import { isStopword } from './tokenize.ts';

/**
 * Chinese typed with a pinyin keyboard slips to another character of the same sound: 贾杨清 for
 * 贾扬清, 供献者 for 贡献者. A stretch of the question the knowledge lacks whose one character, swapped
 * for a character of the same toneless reading, makes a word the knowledge has is read as that
 * word — only when exactly one such word exists. Words the knowledge has are never touched, so a
 * question typed right is unchanged.
 */

/** Toneless pinyin -> the characters read so, commonest first (data/zh-homophones.json). */
export type HomophoneTable = Readonly<Record<string, string>>;

/** The table turned round: each character -> its toneless readings, in the table's order. */
export function readingsOfCharacters(table: HomophoneTable): Map<string, string[]> {
  const readings = new Map<string, string[]>();
  for (const [reading, chars] of Object.entries(table))
    for (const char of chars) {
      const list = readings.get(char);
      if (list) list.push(reading);
      else readings.set(char, [reading]);
    }
  return readings;
}

/** A repaired word is two to four characters: a name or a word, not a phrase. */
const MIN_SPAN = 2;
const MAX_SPAN = 4;

const FRAMING_WORDS = new Set(QUESTION_FRAMING_WORDS);
/**
 * The share of the question's other bigrams (those the knowledge has) the repaired word's passage
 * must hold. Any one of them: 10 of CMRC's 3,219 questions and 23 of DRCD's 3,524 changed; a third:
 * 4 and 6, with as many made-up slips repaired (73.6%, 70.0%); a half cost DRCD's repairs 7 points
 * (scripts/homophone-typos.ts, docs/evaluation.md).
 */
const MIN_CONTEXT_SHARE = 1 / 3;
/**
 * Each candidate word is looked for in every passage; past this many a question is left as typed,
 * so its cost stays bounded (CMRC's made-up slips: the 99th percentile took 4.6 ms and the slowest
 * 15 ms without a bound).
 */
const MAX_SEARCHES = 12;

/** A repair: the word to write at a character position of the question. */
interface Fix {
  start: number;
  word: string[];
}

export class HomophoneRepair {
  private readonly readings: ReadonlyMap<string, string[]>;
  private readonly alike = new Map<string, string[]>();

  constructor(
    private readonly table: HomophoneTable,
    /** Whether the knowledge's index holds a term as it is (a Han word or bigram). */
    private readonly has: (term: string) => boolean,
    /** The knowledge's normalized passages, searched only for the few candidate words. */
    private readonly texts: Iterable<string>,
  ) {
    this.readings = readingsOfCharacters(table);
  }

  /** How many more candidate words this question may look for in the passages. */
  private searchesLeft = 0;

  /** The normalized question with every unambiguous homophone slip repaired. */
  repair(normalized: string): string {
    this.searchesLeft = MAX_SEARCHES;
    const chars = Array.from(normalized);
    const han = chars.map((char) => /\p{Script=Han}/u.test(char));
    /** Where the question's bigrams the knowledge has start: what a repaired word's passage shares. */
    const context: number[] = [];
    /** Where a bigram the knowledge lacks starts: a span holding none is known, never repaired. */
    const unknown = new Uint8Array(chars.length);
    let allKnown = true;
    for (let i = 0; i + 1 < chars.length; i++) {
      if (!han[i] || !han[i + 1]) continue;
      if (this.has(chars[i]! + chars[i + 1]!)) context.push(i);
      else {
        allKnown = false;
        unknown[i] = 1;
      }
    }
    if (allKnown) return normalized;
    const fixes: Fix[] = [];
    for (let start = 0; start < chars.length;) {
      let end = start;
      while (end < chars.length && han[end]) end++;
      // A run whose every bigram the knowledge has offers no span to repair (each is `known`):
      // its segmenting is skipped.
      if (end - start >= MIN_SPAN && unknown.subarray(start, end - 1).includes(1))
        fixes.push(...this.runFixes(chars, start, end, context));
      start = end + 1;
    }
    if (fixes.length === 0) return normalized;
    for (const { start, word } of fixes) chars.splice(start, word.length, ...word);
    return chars.join('');
  }

  /** Characters of any reading of `char`, commonest first, without `char` itself. */
  private soundAlike(char: string): string[] {
    let chars = this.alike.get(char);
    if (!chars) {
      const readings = this.readings.get(char) ?? [];
      chars = [...new Set(readings.flatMap((reading) => Array.from(this.table[reading]!)))];
      chars = chars.filter((other) => other !== char);
      this.alike.set(char, chars);
    }
    return chars;
  }

  /** Whether the knowledge may have a word: as an index term, or through every bigram of it. */
  private known(chars: readonly string[]): boolean {
    if (this.has(chars.join(''))) return true;
    if (chars.length === 2) return false;
    for (let i = 0; i + 1 < chars.length; i++) if (!this.has(chars[i]! + chars[i + 1]!)) return false;
    return true;
  }

  /**
   * Whether a passage has the word as it is — bigrams of other words (普拉斯 + 斯引 of 斯引起) do
   * not make 普拉斯引 a word of it — and, if the rest of the question has words the knowledge has,
   * a third of those too: 多元 in a passage about something else is not what "距离太阳多远" asks.
   */
  private written(word: string, context: readonly string[]): boolean {
    if (this.searchesLeft-- <= 0) return false;
    for (const text of this.texts) {
      if (!text.includes(word)) continue;
      let shared = 0;
      for (const bigram of context) if (text.includes(bigram)) shared++;
      if (context.length === 0 || (shared > 0 && shared >= MIN_CONTEXT_SHARE * context.length)) return true;
    }
    return false;
  }

  /**
   * Runs of characters the segmenter left alone, stopwords aside, as [start, end): its dictionary
   * has no word for them, as for a name or a word typed with a slip (供|献|者). A dictionary word is
   * not a slip: 实体 the knowledge lacks is not 尸体 it has.
   */
  private suspectRuns(chars: readonly string[], from: number, to: number): [number, number][] {
    const runs: [number, number][] = [];
    let start = from;
    // Memoized (segment.ts): splitWords reads the same runs of a question typed right.
    for (const segment of segmentsOf(chars.slice(from, to).join(''))) {
      const length = Array.from(segment).length;
      const suspect = length === 1 && !isStopword(segment) && !FRAMING_WORDS.has(segment);
      const last = runs.at(-1);
      if (suspect && last && last[1] === start) last[1] += 1;
      else if (suspect) runs.push([start, start + 1]);
      start += length;
    }
    return runs.filter(([from, to]) => to - from >= MIN_SPAN);
  }

  /**
   * The repairs to make in the Han run chars[from, to): in each suspect stretch, the longest spans
   * the knowledge lacks that exactly one same-sound swap of one character turns into a word it
   * has. A span with two such words is left as typed, and so are the shorter spans within it.
   */
  private runFixes(chars: readonly string[], from: number, to: number, context: readonly number[]): Fix[] {
    const fixes: Fix[] = [];
    for (const [first, last] of this.suspectRuns(chars, from, to)) {
      const taken = new Set<number>();
      for (let length = Math.min(MAX_SPAN, last - first); length >= MIN_SPAN; length--) {
        for (let start = first; start + length <= last; start++) {
          if (taken.has(start) || taken.has(start + length - 1)) continue;
          const span = chars.slice(start, start + length);
          if (this.known(span)) continue;
          const around = context
            .filter((at) => at + 1 < start || at >= start + length)
            .map((at) => chars[at]! + chars[at + 1]!);
          const words = this.sameSoundWords(span, around);
          if (words.length === 0) continue;
          for (let i = start; i < start + length; i++) taken.add(i);
          if (words.length === 1) fixes.push({ start, word: words[0]! });
        }
      }
    }
    return fixes;
  }

  /**
   * Words of the knowledge one same-sound swap away from `span`; stops at two (ambiguous). Only a
   * character that meets its neighbours nowhere in the knowledge is swapped: where the typed text
   * agrees with the knowledge (世昌 of 张世昌出名) the slip is not. Two characters make a word only
   * as a dictionary word (贡献), not any bigram of the knowledge (多长 is not 多掌).
   */
  private sameSoundWords(span: readonly string[], context: readonly string[]): string[][] {
    const found: string[][] = [];
    for (let at = 0; at < span.length; at++) {
      if (at > 0 && this.has(span[at - 1]! + span[at]!)) continue;
      if (at + 1 < span.length && this.has(span[at]! + span[at + 1]!)) continue;
      for (const char of this.soundAlike(span[at]!)) {
        const word = [...span];
        word[at] = char;
        if (!this.known(word)) continue;
        // Outside the dictionary, a function word (围 -> 为 of 为热兰) makes a phrase, not a word.
        const needsDictionary = span.length === 2 || isStopword(char);
        if (needsDictionary && !isDictionaryWord(word.join(''))) continue;
        if (!this.written(word.join(''), context)) continue;
        found.push(word);
        if (found.length > 1) return found;
      }
    }
    return found;
  }
}

/** Whether the segmenter's dictionary keeps a word whole. */
function isDictionaryWord(word: string): boolean {
  let count = 0;
  for (const _ of segmenter.segment(word)) if (++count > 1) return false;
  return true;
}
