import { readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { dataFile } from './data-files.ts';
import { parse as parseYaml } from 'yaml';
import type { LoadProblem } from '../knowledge/types.ts';
import { normalizeText, pairKey } from './normalize.ts';
import type { QueryHelpers } from './query.ts';
import { baseForms, stemLatin } from './tokenize.ts';
import { countriesOf } from './english-forms.ts';
import { HomophoneRepair, type HomophoneTable } from './homophones.ts';
import { Transliterator } from './transliterate.ts';
import { WordLists } from './word-lists.ts';

/** English word stem (or "stem stem" phrase) -> Chinese words, best first. See scripts/build-lexicon.ts. */
export type Lexicon = WordLists;

/** A user's own term list: a word or phrase (any language) -> terms the article uses for it. */
export type Glossary = Map<string, string[]>;

export const DEFAULT_LEXICON_PATH = dataFile('en-zh-lexicon.tsv');
/** ECDICT's senses of an English stem that its CC-CEDICT line lacks (scripts/ecdict.ts). */
export const DEFAULT_ECDICT_PATH = dataFile('en-zh-ecdict.tsv');
/** Chinese word -> the Latin name or acronym articles often write instead (推特 -> twitter). */
export const DEFAULT_NAMES_PATH = dataFile('zh-en-names.json');

/** Transliteration character -> its toneless pinyin, for names written by sound. */
export const DEFAULT_READINGS_PATH = dataFile('zh-transliteration.json');

/** Toneless pinyin -> the characters read so, for typos of the same sound (homophones.ts). */
export const DEFAULT_HOMOPHONES_PATH = dataFile('zh-homophones.json');

/** How many of a word's translations found in the knowledge are searched for. */
const MAX_TRANSLATIONS = 4;
/** Single-character translations are used only from among a word's first few senses. */
const SINGLE_CHARACTER_RANK = 5;
/** Further translations are used only within this many senses of the first one found. */
const RANK_WINDOW = 16;
/** The longest dictionary phrase looked for: "world war ii", "university of chicago". */
const MAX_PHRASE_WORDS = 3;

/**
 * Maps English question words to the Chinese terms the knowledge actually contains. The CC-CEDICT
 * lexicon is read on the first English word (2.9 MB, ~3.4 MB of heap as WordLists), never at start-up, so
 * Chinese-only use costs nothing.
 */
export class CrossLingualTerms {
  private lexicon?: Lexicon;

  constructor(
    /** Whether the knowledge contains a Chinese term (as a word or through all its bigrams). */
    private readonly occurs: (chinese: string) => boolean,
    private readonly glossary: Glossary = new Map(),
    private readonly lexiconPath = DEFAULT_LEXICON_PATH,
    /**
     * Whether the index holds a term as it is: a Latin stem (names written in Latin letters), a
     * Han word or bigram (homophone typos).
     */
    private readonly hasTerm: (term: string) => boolean = () => false,
    /**
     * English stem -> Chinese words as Chinese questions translate it, for English questions
     * (data/en-zh-question-senses.tsv, scripts/question-senses.ts). Not served by default
     * (EngineOptions.questionSensesPath, eval --question-senses): refitted with them, the answer
     * model's threshold falls and the Chinese rows lose more than English gains (docs/evaluation.md).
     */
    private readonly questionSensesPath?: string,
    private readonly namesPath = DEFAULT_NAMES_PATH,
    private readonly readingsPath = DEFAULT_READINGS_PATH,
    private readonly homophonesPath = DEFAULT_HOMOPHONES_PATH,
    /** Read for English questions only: a Chinese question's Latin words keep CC-CEDICT's senses. */
    private readonly ecdictPath = DEFAULT_ECDICT_PATH,
  ) {}
  private ecdict?: Lexicon;
  /** A key's CC-CEDICT senses; asked in English, then ECDICT's further ones ("game" -> 比赛). */
  private senses(key: string, englishQuestion: boolean): readonly string[] | undefined {
    const own = this.lexicon!.get(key);
    if (!englishQuestion) return own;
    const more = (this.ecdict ??= loadLexicon(this.ecdictPath)).get(key);
    return more ? [...(own ?? []), ...more] : own;
  }

  private questionSenses?: Lexicon;

  private transliterator?: Transliterator;

  /**
   * Runs of the knowledge's (normalized) texts that sound like an English name ("kearney" ->
   * 科尔尼). The runs are collected on the first name the dictionary lacks, never at start-up;
   * `texts` must be the same on every call (this object serves one knowledge).
   */
  transliterate(word: string, texts: Iterable<string>): string[] {
    this.transliterator ??= new Transliterator(
      texts,
      readTable<string>(this.readingsPath),
      this.homophoneTable(),
    );
    return this.transliterator.find(word);
  }

  private names?: Record<string, string[]>;

  /**
   * Rewrites Chinese words the knowledge lacks into the Latin names it uses instead, before
   * segmentation splits them ("官方推特" -> "官方 twitter", "人工智能硬件" -> "ai 硬件").
   */
  replaceNames(normalized: string): string {
    return normalized.replace(/\p{Script=Han}{2,}/gu, (run) => {
      // Where each character starts in the run (a few Han characters are outside the BMP).
      const starts: number[] = [];
      for (let at = 0; at < run.length; at += run.codePointAt(at)! > 0xffff ? 2 : 1) starts.push(at);
      starts.push(run.length);
      const count = starts.length - 1;
      let out = '';
      let i = 0;
      const prefixes = this.namePrefixes();
      while (i < count) {
        let replaced = false;
        // No name starts with these two characters: no word starting here is looked up.
        const known =
          i + 1 < count &&
          prefixes.has(pairKey(run.codePointAt(starts[i]!)!, run.codePointAt(starts[i + 1]!)!));
        for (let length = Math.min(6, count - i); known && length >= 2 && !replaced; length--) {
          const word = run.slice(starts[i]!, starts[i + length]!);
          // The names table first: it is a plain lookup, `occurs` normalizes and probes the index.
          const latin = this.latinName(word);
          if (latin && !this.occurs(word)) {
            out += ` ${latin} `;
            i += length;
            replaced = true;
          }
        }
        if (!replaced) out += run.slice(starts[i]!, starts[++i]!);
      }
      return out;
    });
  }

  /**
   * The first Latin name the knowledge uses for a Chinese word it lacks: a Chinese article may
   * write "Twitter" or "AI" where members type 推特 or 人工智能. Read on first use (190 KB).
   */
  private latinName(chinese: string): string | undefined {
    return this.namesTable()[chinese]?.find((stem) => this.hasTerm(stem));
  }

  private namesTable(): Record<string, string[]> {
    this.names ??= readTable<string[]>(this.namesPath);
    return this.names;
  }

  private prefixes?: Set<number>;

  /** The first two characters of every name of the table (`pairKey`), for skipping hopeless probes. */
  private namePrefixes(): Set<number> {
    if (!this.prefixes) {
      this.prefixes = new Set();
      for (const name of Object.keys(this.namesTable())) {
        const first = name.codePointAt(0)!;
        const second = name.codePointAt(first > 0xffff ? 2 : 1);
        if (second !== undefined) this.prefixes.add(pairKey(first, second));
      }
    }
    return this.prefixes;
  }

  /**
   * Chinese terms of the knowledge for an English word. `next` holds the Latin words after it
   * (space-separated): the longest dictionary or glossary phrase starting with the word wins
   * ("look back" -> 回顾, "corporal punishment" -> 体罚, "world war ii" -> 二战). A word form the
   * dictionary lacks, or whose translations the knowledge lacks, falls back to its base words
   * ("founder" -> found -> 创办, "creation" -> create, "lost" -> lose). In an English question a
   * word's senses are first those Chinese questions translate it to (question-senses.ts); a Latin
   * word inside a Chinese question is a name or a title more often, and keeps the lexicon's order.
   */
  translate(word: string, next?: string, englishQuestion = false): string[] {
    const following = (next ?? '')
      .split(/\s+/)
      .filter(Boolean)
      .slice(0, MAX_PHRASE_WORDS - 1);
    const phrases = following.map((_, i) => [word, ...following.slice(0, i + 1)].join(' ')).reverse();
    const fromGlossary = [...phrases, word].flatMap((term) => this.synonyms(term));
    if (fromGlossary.length > 0) return [...new Set(fromGlossary)];
    this.lexicon ??= loadLexicon(this.lexiconPath);
    const stems = following.map(stemLatin);
    const stem = stemLatin(word);
    const keys = stems.map((_, i) => [stem, ...stems.slice(0, i + 1)].join(' ')).reverse();
    keys.push(...baseForms(word));
    if (englishQuestion && this.questionSensesPath)
      this.questionSenses ??= loadLexicon(this.questionSensesPath);
    // Chinese writes "Chinese art" 中国艺术 and "German ruler" 德国统治者: a demonym's country
    // joins its own senses (the language, the people), asked in English only.
    const country = englishQuestion
      ? this.pick(countriesOf(word).flatMap((key) => this.senses(key, true) ?? []))
      : [];
    for (const key of keys) {
      // Keyed by the word as written: "found" is mostly find's (发现), "founded" never.
      const asked = englishQuestion && key === stem ? this.questionSenses?.get(word) : undefined;
      const found = this.pick(asked ?? this.senses(key, englishQuestion));
      if (found.length > 0) return [...new Set([...found, ...country])];
    }
    return country;
  }

  /** Of a key's translations (best first), those the knowledge contains that are worth searching. */
  private pick(candidates: readonly string[] = []): string[] {
    const found: string[] = [];
    let first = -1;
    for (const [rank, chinese] of candidates.entries()) {
      // Senses far below the first one found are other meanings ("company" -> 公司, not 一起).
      if (found.length === MAX_TRANSLATIONS || (first >= 0 && rank >= first + RANK_WINDOW)) break;
      // A one-character translation matches too much to trust unless it is a main sense.
      if (Array.from(chinese).length === 1 && rank >= SINGLE_CHARACTER_RANK) continue;
      if (!this.occurs(chinese)) continue;
      if (first < 0) first = rank;
      found.push(chinese);
    }
    return found;
  }

  /** The glossary's terms for a word or phrase (normalized), if the user wrote any. */
  synonyms(term: string): string[] {
    return this.glossary.get(glossaryKey(term)) ?? [];
  }

  /** What a query needs of this object, for the knowledge's normalized `texts`. */
  queryHelpers(texts: Iterable<string>): Omit<QueryHelpers, 'repairTypo'> {
    return {
      translate: (word, next, english) => this.translate(word, next, english),
      isDictionaryWord: (word) => this.isDictionaryWord(word),
      isOrdinaryWord: (word) => this.isOrdinaryWord(word),
      repairEnglish: (word, english) => this.repairEnglish(word, english),
      synonyms: (word) => this.synonyms(word),
      replaceNames: (text) => this.replaceNames(text),
      transliterate: (word) => this.transliterate(word, texts),
      repairHomophones: (text) => this.repairHomophones(text, texts),
    };
  }

  private homophones?: HomophoneRepair;

  private homophoneSounds?: HomophoneTable;

  /** data/zh-homophones.json, read once for both its readers (homophone repair, dotted names). */
  private homophoneTable(): HomophoneTable {
    return (this.homophoneSounds ??= readTable<string>(this.homophonesPath));
  }

  /**
   * The question with characters typed for others of the same sound repaired (贾杨清 -> 贾扬清,
   * homophones.ts). The table (40 KB) is read on the first Chinese question; the repair itself
   * returns at once when the knowledge has every character pair of the question.
   */
  repairHomophones(normalized: string, texts: Iterable<string>): string {
    if (!/\p{Script=Han}{2}/u.test(normalized)) return normalized;
    this.homophones ??= new HomophoneRepair(this.homophoneTable(), this.hasTerm, texts);
    return this.homophones.repair(normalized);
  }

  /**
   * An English word one slip away from the word typed ("fouder" -> founder, "contibutors" ->
   * contributors) whose translations the knowledge contains, with those translations. Slips are
   * tried most common first (two letters swapped, one left out, one doubled or stray, one
   * mistyped), and the first that the dictionary knows and the knowledge has wins: the knowledge
   * decides between "founder" and "folder" as it does between a word's senses.
   */
  repairEnglish(word: string, englishQuestion = false): { word: string; translations: string[] } | undefined {
    if (word.length < MIN_REPAIRED_LENGTH || !/^[a-z]+$/.test(word)) return undefined;
    for (const candidate of oneSlipAway(word)) {
      if (!this.isDictionaryWord(candidate)) continue;
      const translations = this.translate(candidate, undefined, englishQuestion);
      if (translations.length > 0) return { word: candidate, translations };
    }
    return undefined;
  }

  private nameStems?: Set<string>;

  /** Whether CC-CEDICT writes the word as a name of something Chinese (zh-en-names.json). */
  isDictionaryName(word: string): boolean {
    this.nameStems ??= new Set(Object.values(this.namesTable()).flat());
    return this.nameStems.has(stemLatin(word));
  }

  /** Whether the dictionary knows the word, and not as a name ("Bowl"; not "France", "Warsaw"). */
  isOrdinaryWord(word: string): boolean {
    return this.isDictionaryWord(word) && !this.isDictionaryName(word);
  }

  /** Whether the dictionary knows the word at all (an English word, not a name). */
  isDictionaryWord(word: string): boolean {
    this.lexicon ??= loadLexicon(this.lexiconPath);
    return baseForms(word).some((key) => this.lexicon!.has(key));
  }
}

/** Shorter words are a slip away from too many others ("cat": bat, cut, act…) to guess. */
const MIN_REPAIRED_LENGTH = 5;
const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/** Every word one edit from `word`, by kind of slip, the most common kind first. */
function* oneSlipAway(word: string): Generator<string> {
  const seen = new Set<string>([word]);
  const fresh = (candidate: string): boolean => !seen.has(candidate) && seen.add(candidate) !== undefined;
  for (let i = 0; i + 1 < word.length; i++) {
    const swapped = word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
    if (fresh(swapped)) yield swapped;
  }
  for (let i = 0; i <= word.length; i++)
    for (const letter of LETTERS) {
      const inserted = word.slice(0, i) + letter + word.slice(i);
      if (fresh(inserted)) yield inserted;
    }
  for (let i = 0; i < word.length; i++) {
    const deleted = word.slice(0, i) + word.slice(i + 1);
    if (fresh(deleted)) yield deleted;
  }
  for (let i = 0; i < word.length; i++)
    for (const letter of LETTERS) {
      const replaced = word.slice(0, i) + letter + word.slice(i + 1);
      if (fresh(replaced)) yield replaced;
    }
}

const tables = new Map<string, Record<string, unknown>>();

/**
 * A JSON table of the data folder, read once per file for the process: every engine (a reloaded
 * one, and each article's own, see engine.ts) shares it rather than holding a copy.
 */
function readTable<T>(file: string): Record<string, T> {
  let table = tables.get(file);
  if (!table)
    tables.set(file, (table = ownKeysOnly(JSON.parse(readFileSync(file, 'utf8')) as Record<string, T>)));
  return table as Record<string, T>;
}

const lexicons = new Map<string, Lexicon>();

/**
 * Reads the compact lexicon written by `npm run lexicon` (a sorted word-list file, see WordLists;
 * never CC-CEDICT itself), once per file for the process (~3.4 MB of heap), and a reloaded engine
 * uses the same one.
 */
export function loadLexicon(file = DEFAULT_LEXICON_PATH): Lexicon {
  let lexicon = lexicons.get(file);
  if (!lexicon) lexicons.set(file, (lexicon = new WordLists(readFileSync(file, 'utf8'))));
  return lexicon;
}

/**
 * The same entries in an object without a prototype: members type "constructors" and "toString",
 * and a lookup must find nothing rather than Object.prototype's functions.
 */
function ownKeysOnly<T>(entries: Record<string, T>): Record<string, T> {
  return Object.assign(Object.create(null) as Record<string, T>, entries);
}

function glossaryKey(term: string): string {
  return normalizeText(term)
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => (/^[a-z]+$/.test(word) ? stemLatin(word) : word))
    .join(' ');
}

/**
 * Reads every `*.glossary.yaml` / `*.glossary.yml` in the knowledge folder: a mapping from a word
 * or phrase to a term (or list of terms) the article uses, e.g. `founder: [创始人]`. Keys are
 * normalized as questions are (lowercase, NFKC, simplified, English words stemmed). A malformed
 * file is skipped and returned among `problems` (path + reason); this never throws for content.
 */
export async function loadGlossaries(dir: string): Promise<{ glossary: Glossary; problems: LoadProblem[] }> {
  const glossary: Glossary = new Map();
  const problems: LoadProblem[] = [];
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((entry) => entry.isFile() && /\.glossary\.ya?ml$/i.test(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
  for (const file of files) {
    try {
      const data: unknown = parseYaml(await readFile(file, 'utf8'));
      if (data === null || typeof data !== 'object' || Array.isArray(data)) {
        throw new Error('a glossary is a mapping: term: [words the article uses]');
      }
      for (const [term, value] of Object.entries(data as Record<string, unknown>)) {
        const terms = (Array.isArray(value) ? value : [value]).filter(
          (item): item is string | number => typeof item === 'string' || typeof item === 'number',
        );
        if (terms.length === 0) throw new Error(`"${term}" has no terms`);
        const key = glossaryKey(term);
        glossary.set(key, [...(glossary.get(key) ?? []), ...terms.map(String)]);
      }
    } catch (error) {
      problems.push({ path: file, reason: `bad glossary: ${(error as Error).message.split('\n')[0]}` });
    }
  }
  return { glossary, problems };
}
