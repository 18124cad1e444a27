import { readFileSync } from 'node:fs';
import { dataFile } from '../search/data-files.ts';
import { latinStems } from '../search/tokenize.ts';
import { WordLists } from '../search/word-lists.ts';

/**
 * The English gloss under a Chinese answer for English askers: the answer's key terms with their
 * English from data/zh-en-glosses.tsv (the English -> Chinese lexicon inverted ahead of time by
 * `npm run glosses`, CC-CEDICT derived). No machine translation, no network. The file (94,000
 * words, 2.6 MB) is read on the first English question answered in Chinese (tens of ms, ~4 MB of
 * heap: see WordLists), never at start-up.
 */

export const DEFAULT_GLOSSES_PATH = dataFile('zh-en-glosses.tsv');

/** Simplified Chinese word -> English glosses, best first. */
export type Glosses = WordLists;

const loaded = new Map<string, Glosses>();

export function loadGlosses(file = DEFAULT_GLOSSES_PATH): Glosses {
  let glosses = loaded.get(file);
  if (!glosses) loaded.set(file, (glosses = new WordLists(readFileSync(file, 'utf8'))));
  return glosses;
}

export interface Gloss {
  chinese: string;
  english: string;
}

/**
 * Longest words of the dictionary (2-6 characters), left to right, with where each starts (in
 * characters): the answer's words to gloss, a Chinese pin's words (search/pin-languages.ts).
 */
export function dictionaryWords(text: string, glosses: Glosses): { word: string; start: number }[] {
  const chars = Array.from(text);
  const words: { word: string; start: number }[] = [];
  for (let i = 0; i < chars.length;) {
    let found = 0;
    for (let length = Math.min(6, chars.length - i); length >= 2; length--) {
      if (glosses.has(chars.slice(i, i + length).join(''))) {
        found = length;
        break;
      }
    }
    if (found) words.push({ word: chars.slice(i, i + found).join(''), start: i });
    i += found || 1;
  }
  return words;
}

/**
 * The key terms of a Chinese answer to an English question: the words whose English the question
 * used ("contributors" → 贡献者 — contributor), each with the word right before it that qualifies
 * it when that is a name (华沙 — Warsaw before 大学 — university). At most `limit`, in reading order.
 */
export function glossAnswer(answer: string, question: string, glosses = loadGlosses(), limit = 4): Gloss[] {
  if (!/\p{Script=Han}/u.test(answer)) return [];
  const asked = new Set(latinStems(question));
  const words = dictionaryWords(answer, glosses);
  const chosen = new Map<number, Gloss>();
  words.forEach(({ word, start }, index) => {
    const english = glosses.get(word)!.find((gloss) => latinStems(gloss).some((stem) => asked.has(stem)));
    if (!english) return;
    chosen.set(start, { chinese: word, english });
    // A name right before the term qualifies it (华沙 before 大学): CC-CEDICT capitalizes names.
    const before = words[index - 1];
    const name = before && glosses.get(before.word)![0]!;
    if (before && name && /^\p{Lu}/u.test(name) && before.start + Array.from(before.word).length === start) {
      if (!chosen.has(before.start)) chosen.set(before.start, { chinese: before.word, english: name });
    }
  });
  const seen = new Set<string>();
  return [...chosen.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, gloss]) => gloss)
    .filter((gloss) => !seen.has(gloss.chinese) && seen.add(gloss.chinese))
    .slice(0, limit);
}
