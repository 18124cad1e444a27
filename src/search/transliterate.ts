/**
 * Names a Chinese text writes by sound: "Fresno" is 弗雷斯诺, "Kearney" 科尔尼, "Sheepshanks"
 * 希普尚克斯. No dictionary lists every name, so an English name the knowledge lacks is compared
 * by sound with the runs of transliteration characters the knowledge has. Both sides become a
 * skeleton of consonant classes (vowels carry little across the two sound systems): Fresno ->
 * "flsn", 弗雷斯诺 (fu lei si nuo) -> "flsn".
 */
import { readingsOfCharacters, type HomophoneTable } from './homophones.ts';

/** Transliteration character -> its reading in toneless pinyin (data/zh-transliteration.json). */
export type Readings = Readonly<Record<string, string>>;

/** Shorter skeletons ("ln", "ml") match too many runs to mean anything. */
export const MIN_KEY_LENGTH = 3;
/**
 * Parts of a name written with an interpunct ("贾里德·艾伦") are names for certain, and few: a
 * skeleton of two consonants is enough there ("Allen" -> 艾伦).
 */
const MIN_DOTTED_KEY_LENGTH = 2;
/**
 * A foreign name's parts between the interpuncts Chinese writes; matched from a run's start only
 * (tried at every character of a long run, the pattern would take quadratic time).
 */
const NAME_PARTS = /(?<!\p{Script=Han})\p{Script=Han}+(?:[·・•‧]\p{Script=Han}+)+/gu;
/** A part of a dotted name beside other words ("端锋贾里德"): its last (or first) few characters. */
const MAX_PART_CHARS = 4;
/** Readings tried per dotted part (characters of several readings multiply them). */
const MAX_PART_READINGS = 8;
/** The longest run of transliteration characters taken as one name. */
const MAX_NAME_CHARS = 6;
/** An r between a vowel and a consonant, which a transliteration may leave out. */
const UNWRITTEN_R = /(?<=[aeiou])r(?=[^aeiouy])/gi;
/** How many runs an English name may stand for, best first. */
const MAX_MATCHES = 2;

// One class per group of consonants the two languages swap for one another: Chinese has no
// voiced stops (d and t are both 德/特), no v (维, 夫), and writes r as l or 尔 (er).
const CONSONANT_CLASS: Record<string, string> = {
  b: 'p',
  p: 'p',
  d: 't',
  t: 't',
  g: 'k',
  k: 'k',
  q: 'k',
  c: 'k',
  f: 'f',
  v: 'f',
  w: 'f',
  l: 'l',
  r: 'l',
  m: 'm',
  n: 'n',
  s: 's',
  z: 's',
  j: 's',
  x: 's',
  h: 'h',
};

function collapse(key: string): string {
  return key.replace(/(.)\1+/g, '$1');
}

/** An English name's consonant skeleton: "kearney" -> "kln", "huguenot" -> "hknt". */
export function englishKey(word: string): string {
  const spelled = word
    .toLowerCase()
    .replace(/[^a-z]/g, '')
    .replace(/ph/g, 'f')
    .replace(/ck/g, 'k')
    .replace(/ch(?=[^aeiouy]|$)/g, 'k')
    .replace(/sch|sh|ch|tch/g, 's')
    .replace(/th/g, 't')
    .replace(/gh/g, '')
    .replace(/^kn|^wr/g, (pair) => pair[1]!)
    .replace(/qu/g, 'kw')
    .replace(/x/g, 'ks')
    .replace(/c(?=[eiy])/g, 's')
    .replace(/ng$/, 'n');
  let key = '';
  for (const letter of spelled) key += CONSONANT_CLASS[letter] ?? '';
  return collapse(key);
}

const PINYIN_INITIAL = /^(zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?(.*)$/;

/** A pinyin syllable's skeleton: "lei" -> "l", "lan" -> "ln", "er" -> "l" (尔 writes r). */
function syllableKey(syllable: string): string {
  if (syllable === 'er') return 'l';
  const [, initial = '', final = ''] = PINYIN_INITIAL.exec(syllable)!;
  const head = initial === 'y' ? '' : initial.length === 2 ? 's' : (CONSONANT_CLASS[initial] ?? '');
  return head + (/n(g)?$/.test(final) ? 'n' : '');
}

/** A run of transliteration characters' skeleton, or undefined if one has no reading. */
export function chineseKey(run: string, readings: Readings): string | undefined {
  let key = '';
  for (const char of run) {
    const reading = readings[char];
    if (reading === undefined) return undefined;
    key += syllableKey(reading);
  }
  return collapse(key);
}

/**
 * The runs of transliteration characters in a set of texts, by skeleton. Built once per
 * knowledge, on the first English name the dictionary does not know.
 */
export class Transliterator {
  private readonly byKey = new Map<string, string[]>();
  /** The parts of dotted names (any characters, read by `sounds`), by skeleton. */
  private readonly dottedByKey = new Map<string, string[]>();
  /** Character -> its toneless readings, from `sounds` (reading -> characters read so). */
  private readonly charReadings: ReadonlyMap<string, string[]>;

  constructor(
    texts: Iterable<string>,
    private readonly readings: Readings,
    /** Toneless reading -> the characters read so (data/zh-homophones.json), for dotted names. */
    sounds: HomophoneTable = {},
  ) {
    this.charReadings = readingsOfCharacters(sounds);
    const seen = new Set<string>();
    const seenParts = new Set<string>();
    const names = new RegExp(`[${Object.keys(readings).join('')}]{2,}`, 'gu');
    for (const text of texts) {
      for (const [run] of text.matchAll(names)) {
        const chars = Array.from(run);
        // A name may sit inside a longer run ("弗雷斯诺西侧": 西 is a transliteration character too).
        for (let start = 0; start < chars.length; start++)
          for (let length = 2; length <= MAX_NAME_CHARS && start + length <= chars.length; length++) {
            const name = chars.slice(start, start + length).join('');
            if (seen.has(name)) continue;
            seen.add(name);
            const key = chineseKey(name, readings);
            if (!key || key.length < MIN_KEY_LENGTH) continue;
            let list = this.byKey.get(key);
            if (!list) this.byKey.set(key, (list = []));
            list.push(name);
          }
      }
      if (this.charReadings.size > 0) this.addDottedParts(text, seenParts);
    }
  }

  /** A character's readings: as in foreign names where it writes them, else all it has. */
  private readingsOf(char: string): string[] {
    const reading = this.readings[char];
    return reading !== undefined ? [reading] : (this.charReadings.get(char) ?? []);
  }

  private addDottedParts(text: string, seen: Set<string>): void {
    if (!/[·・•‧]/.test(text)) return;
    for (const [name] of text.matchAll(NAME_PARTS)) {
      const parts = name.split(/[·・•‧]/).map((part) => Array.from(part));
      parts.forEach((chars, i) => {
        const candidates: string[] = [];
        // The first part may follow other words, the last be followed by them: try their ends.
        for (let length = 2; length <= Math.min(MAX_PART_CHARS, chars.length); length++) {
          if (i === 0) candidates.push(chars.slice(-length).join(''));
          if (i === parts.length - 1) candidates.push(chars.slice(0, length).join(''));
        }
        if (i > 0 && i < parts.length - 1 && chars.length <= MAX_NAME_CHARS) candidates.push(chars.join(''));
        for (const candidate of candidates) {
          if (seen.has(candidate)) continue;
          seen.add(candidate);
          for (const key of this.keysOf(candidate)) {
            if (key.length < MIN_DOTTED_KEY_LENGTH) continue;
            let list = this.dottedByKey.get(key);
            if (!list) this.dottedByKey.set(key, (list = []));
            if (!list.includes(candidate)) list.push(candidate);
          }
        }
      });
    }
  }

  /** Every skeleton a run can have, one per combination of its characters' readings. */
  private keysOf(run: string): string[] {
    let keys = [''];
    for (const char of run) {
      const readings = this.readingsOf(char);
      if (readings.length === 0) return [];
      keys = keys.flatMap((key) => readings.map((reading) => key + syllableKey(reading)));
      if (keys.length > MAX_PART_READINGS) keys = keys.slice(0, MAX_PART_READINGS);
    }
    return [...new Set(keys.map(collapse))];
  }

  /**
   * Runs that sound like an English name: the same skeleton, or the skeleton less one consonant
   * Chinese left unwritten (胡格诺 for "Huguenot", without its t). Longest runs first.
   */
  find(word: string): string[] {
    const key = englishKey(word);
    if (key.length < MIN_DOTTED_KEY_LENGTH) return [];
    const long = key.length >= MIN_KEY_LENGTH;
    // Runs of a skeleton: undotted ones only for a long one (a short skeleton matches too much).
    const runsOf = (skeleton: string): string[] => [
      ...(skeleton.length >= MIN_KEY_LENGTH ? (this.byKey.get(skeleton) ?? []) : []),
      ...(this.dottedByKey.get(skeleton) ?? []),
    ];
    const exact = runsOf(key);
    // Chinese often leaves an r after a vowel unwritten ("Norman" 诺曼, "Martin" 马丁).
    const unwritten = englishKey(word.replace(UNWRITTEN_R, ''));
    if (unwritten !== key && unwritten.length >= MIN_DOTTED_KEY_LENGTH) exact.push(...runsOf(unwritten));
    const dropped = new Set<string>();
    for (let i = 0; long && i < key.length; i++) {
      const shorter = collapse(key.slice(0, i) + key.slice(i + 1));
      if (shorter.length > MIN_KEY_LENGTH) dropped.add(shorter);
    }
    const near = [...dropped].flatMap(runsOf);
    // A character of a vowel alone (亚, 阿, 伊) starts or ends the name only where the English does:
    // "Fresno" is 弗雷斯诺, not 弗雷斯诺亚. Chinese writes a syllable per vowel at least and about one
    // per consonant ("Fr-es-no": 弗雷斯诺), so runs of other lengths are other words.
    const startsVowel = /^[aeiouy]/i.test(word);
    const endsVowel = /[aeiouy]$/i.test(word);
    const vowels = word.match(/[aeiouy]+/gi)?.length ?? 1;
    const fits = (name: string): boolean => {
      const chars = Array.from(name);
      return (
        chars.length >= vowels &&
        chars.length <= key.length + 1 &&
        this.vowelOnly(chars[0]!) === startsVowel &&
        (this.vowelOnly(chars.at(-1)!) ? endsVowel : true)
      );
    };
    const closest = (a: string, b: string): number =>
      Math.abs(Array.from(a).length - key.length) - Math.abs(Array.from(b).length - key.length) ||
      b.length - a.length;
    return [...new Set([...exact.filter(fits).sort(closest), ...near.filter(fits).sort(closest)])].slice(
      0,
      MAX_MATCHES,
    );
  }

  /** Whether a character is read as a vowel alone (亚, 阿, 艾): no consonant of its own. */
  private vowelOnly(char: string): boolean {
    return syllableKey(this.readingsOf(char)[0] ?? '') === '';
  }
}
