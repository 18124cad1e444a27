/**
 * How often Chinese writers use a word: counts over public Chinese text (the CMRC and DRCD dev
 * passages, simplified), for ordering an English word's senses (scripts/build-lexicon.ts).
 * CC-CEDICT has no frequencies. XQuAD's passages are never counted: its English questions are
 * asked of them, so counting them would fit the lexicon to the set that measures it.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { normalizeText } from '../src/search/normalize.ts';

/** The public sets whose passages are counted, in SQuAD format. */
export const FREQUENCY_CORPUS_FILES = ['cmrc2018_dev.json', 'drcd_dev.json'];
/** The longest word counted (CC-CEDICT words of more characters are names and idioms). */
const MAX_WORD_LENGTH = 6;

const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });

/** The passages of SQuAD-format files, each once. */
function squadContexts(file: string): string[] {
  const data = JSON.parse(readFileSync(file, 'utf8')) as { data: { paragraphs: { context: string }[] }[] };
  return [...new Set(data.data.flatMap((article) => article.paragraphs.map((p) => p.context)))];
}

/**
 * Word -> how many times it occurs aligned with word boundaries: it starts and ends where ICU's
 * segmenter puts a boundary, so 年 counts in 2008|年 but not inside 年度, and 贡献者 counts in
 * 贡献|者. A plain substring count lets a character count for every word it helps write (内 in
 * 国内), which ranked it above the word meant.
 */
export function wordFrequencies(texts: Iterable<string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const raw of texts) {
    const text = normalizeText(raw);
    for (const run of text.match(/\p{Script=Han}+/gu) ?? []) {
      const chars = Array.from(run);
      const boundaries: number[] = [0];
      let at = 0;
      for (const { segment } of segmenter.segment(run)) boundaries.push((at += Array.from(segment).length));
      for (const [i, start] of boundaries.entries()) {
        for (let j = i + 1; j < boundaries.length && boundaries[j]! - start <= MAX_WORD_LENGTH; j++) {
          const word = chars.slice(start, boundaries[j]).join('');
          counts.set(word, (counts.get(word) ?? 0) + 1);
        }
      }
    }
  }
  return counts;
}

/** The counts over the public corpus in `dataDir`, or undefined when its files are missing. */
export function corpusFrequencies(dataDir: string): Map<string, number> | undefined {
  const files = FREQUENCY_CORPUS_FILES.map((name) => path.join(dataDir, name));
  if (!files.every((file) => existsSync(file))) return undefined;
  return wordFrequencies(files.flatMap(squadContexts));
}
