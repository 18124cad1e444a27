/**
 * Which Chinese word an English question word is translated to, learned from XQuAD's parallel
 * questions (the same question in English and in Chinese, ids matching): an English stem's lexicon
 * senses that the Chinese question holds, counted over the pairs, move to the front of its list.
 * CC-CEDICT orders senses by headword, so a word's everyday sense may come late ("second" -> 第二
 * before 秒). Senses seen in most of its questions become its only ones; Chinese words seen with it
 * in questions of several articles that the lexicon lacks are added ("cause" -> 导致). Writes the
 * changed lines to data/en-zh-question-senses.tsv, which English questions read before the lexicon
 * (src/search/cross-lingual.ts). Run: npm run question-senses (all of XQuAD dev), or with
 * --articles 0-11 --out FILE for one fold of scripts/question-senses-crossfit.ts.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { readSquad } from '../src/eval/public-sets.ts';
import { normalizeText } from '../src/search/normalize.ts';
import { QUESTION_FRAMING_WORDS } from '../src/search/question-words.ts';
import { isStopword, LATIN_STOPWORDS, stemLatin, tokenize } from '../src/search/tokenize.ts';
import { formatWordLists } from '../src/search/word-lists.ts';

export interface QuestionPair {
  english: string;
  chinese: string;
  article: number;
}

export interface SenseEvidence {
  /** Pairs whose English question holds the stem. */
  asked: number;
  /** Sense -> the articles of the pairs whose Chinese question holds it. */
  found: Map<string, number[]>;
  /** The lexicon key its senses come from. */
  stem: string;
  /** The English words as written that counted here, with their pairs. */
  forms: Map<string, number>;
  /** Words of the Chinese questions (segmented) that are none of its senses -> the articles of their pairs. */
  cooccurring: Map<string, number[]>;
}

/** The parallel questions of XQuAD's Chinese and English files, paired by id. */
export async function questionPairs(dataDir: string): Promise<QuestionPair[]> {
  const zh = await readSquad(path.join(dataDir, 'xquad_dev.zh.json'));
  const en = await readSquad(path.join(dataDir, 'xquad_dev.en.json'));
  const articleOf = new Map(zh.paragraphs.map((p) => [p.id, p.article]));
  const chineseOf = new Map(zh.questions.map((q) => [q.id, q.question]));
  return en.questions
    .filter((q) => chineseOf.has(q.id))
    .map((q) => ({ english: q.question, chinese: chineseOf.get(q.id)!, article: articleOf.get(q.source)! }));
}

export function parseLexicon(text: string): Map<string, string[]> {
  const lexicon = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    if (!line) continue;
    const [key, ...words] = line.split('\t');
    lexicon.set(key!, words);
  }
  return lexicon;
}

/** For each English stem of the pairs, how often each of its lexicon senses is in the Chinese question. */
export function senseEvidence(
  pairs: readonly QuestionPair[],
  lexicon: ReadonlyMap<string, readonly string[]>,
  /** Whether a word's forms ("year", "years") count together. */
  pooled = false,
): Map<string, SenseEvidence> {
  const evidence = new Map<string, SenseEvidence>();
  for (const pair of pairs) {
    const chinese = normalizeText(pair.chinese);
    const words = chineseWords(chinese);
    const stems = tokenize(normalizeText(pair.english));
    // A sense a dictionary phrase of the question explains ("united states" -> 美国) is the
    // phrase's, not evidence for its words ("state" -> 美国).
    const explained = new Set<string>();
    for (let i = 0; i + 1 < stems.length; i++)
      for (const phrase of [stems.slice(i, i + 2), stems.slice(i, i + 3)].filter((p) => p.length > 1))
        for (const sense of lexicon.get(phrase.join(' ')) ?? [])
          if (chinese.includes(sense)) explained.add(sense);
    // Keyed by the word as written: "found" (of find: 发现) and "founded" (创办) share a stem.
    const written = (normalizeText(pair.english).match(/[a-z]+/g) ?? []).filter(
      (w) => !LATIN_STOPWORDS.has(w),
    );
    for (const word of new Set(written)) {
      const stem = stemLatin(word);
      const senses = lexicon.get(stem);
      const key = pooled ? stem : word;
      let entry = evidence.get(key);
      if (!entry)
        evidence.set(
          key,
          (entry = { stem, forms: new Map(), asked: 0, found: new Map(), cooccurring: new Map() }),
        );
      entry.asked++;
      entry.forms.set(word, (entry.forms.get(word) ?? 0) + 1);
      for (const chinese of words) {
        if (senses?.includes(chinese)) continue;
        const articles = entry.cooccurring.get(chinese) ?? [];
        articles.push(pair.article);
        entry.cooccurring.set(chinese, articles);
      }
      if (!senses) continue;
      for (const sense of senses) {
        if (!chinese.includes(sense) || explained.has(sense)) continue;
        const articles = entry.found.get(sense) ?? [];
        articles.push(pair.article);
        entry.found.set(sense, articles);
      }
    }
  }
  return evidence;
}

const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });
const ASKING = /哪|谁|什么|多少|几|^一[个种位些次件项]$/;
const framing = new Set(QUESTION_FRAMING_WORDS);

/** The content words of a Chinese question: Han words of 2+ characters that do not frame it. */
export function chineseWords(normalized: string): Set<string> {
  const words = new Set<string>();
  for (const { segment, isWordLike } of segmenter.segment(normalized)) {
    if (!isWordLike || !/^\p{Script=Han}{2,}$/u.test(segment)) continue;
    if (isStopword(segment) || framing.has(segment) || ASKING.test(segment)) continue;
    words.add(segment);
  }
  return words;
}

/** How many Chinese questions hold each word (for the Dice coefficient of an added sense). */
export function chineseWordCounts(pairs: readonly QuestionPair[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const pair of pairs)
    for (const word of chineseWords(normalizeText(pair.chinese)))
      counts.set(word, (counts.get(word) ?? 0) + 1);
  return counts;
}

export interface AdditionRule {
  /** Dice coefficient of the stem's and the word's questions. */
  minDice: number;
  minPairs: number;
  minArticles: number;
}

/**
 * Chinese words the parallel questions translate a stem to that its lexicon line lacks ("cause" ->
 * 导致), strongest first: seen with it in minPairs pairs of minArticles articles at a Dice of minDice.
 */
export function addedSenses(
  entry: SenseEvidence,
  wordCounts: ReadonlyMap<string, number>,
  rule: AdditionRule,
): string[] {
  return [...entry.cooccurring]
    .map(([word, articles]) => ({
      word,
      articles,
      dice: (2 * articles.length) / (entry.asked + (wordCounts.get(word) ?? 0)),
    }))
    .filter(
      ({ articles, dice }) =>
        dice >= rule.minDice &&
        articles.length >= rule.minPairs &&
        new Set(articles).size >= rule.minArticles,
    )
    .sort((a, b) => b.dice - a.dice)
    .map(({ word }) => word);
}

/** How many of a stem's pairs hold one of `senses` in their Chinese question (at most). */
function coveredPairs(entry: SenseEvidence, senses: readonly string[]): number {
  let most = 0;
  for (const sense of senses)
    most = Math.max(most, (entry.found.get(sense) ?? entry.cooccurring.get(sense) ?? []).length);
  return most;
}

export interface PromotionRule {
  /** Pairs whose Chinese question holds the sense. */
  minPairs: number;
  /** Distinct articles among them: a sense found in one article is that article's topic. */
  minArticles: number;
  /** Share of the stem's pairs. */
  minShare: number;
  /** Whether one-character senses may move (they match inside many words: 年 in 年级). */
  singleCharacters: boolean;
  /**
   * When the attested senses are in at least this share of the stem's Chinese questions, they are
   * its only senses (Infinity: never).
   */
  exclusiveShare: number;
}

export const DEFAULT_RULE: PromotionRule = {
  minPairs: 2,
  minArticles: 2,
  minShare: 0.2,
  singleCharacters: true,
  exclusiveShare: 0.7,
};

/** Each written word's lexicon line (its stem's) with its well-attested senses first (most pairs first), the rest in order. */
export function promoteSenses(
  lexicon: ReadonlyMap<string, readonly string[]>,
  evidence: ReadonlyMap<string, SenseEvidence>,
  rule: PromotionRule = DEFAULT_RULE,
  addition?: { rule: AdditionRule; wordCounts: ReadonlyMap<string, number> },
): { lexicon: Record<string, string[]>; changed: Map<string, string[]> } {
  const out: Record<string, string[]> = {};
  const changed = new Map<string, string[]>();
  for (const [key, entry] of evidence) {
    const senses = lexicon.get(entry.stem) ?? [];
    const promoted = [...entry.found]
      .filter(
        ([sense, articles]) =>
          (rule.singleCharacters || Array.from(sense).length > 1) &&
          articles.length >= rule.minPairs &&
          new Set(articles).size >= rule.minArticles &&
          articles.length >= rule.minShare * entry.asked,
      )
      .sort((a, b) => b[1].length - a[1].length || senses.indexOf(a[0]) - senses.indexOf(b[0]))
      .map(([sense]) => sense);
    const added = addition ? addedSenses(entry, addition.wordCounts, addition.rule) : [];
    const attested = [...promoted, ...added];
    const exclusive =
      attested.length > 0 && coveredPairs(entry, attested) >= rule.exclusiveShare * entry.asked;
    const reordered = [...new Set([...attested, ...(exclusive ? [] : senses)])];
    if (reordered.length === senses.length && reordered.every((sense, i) => sense === senses[i])) continue;
    // A pooled line serves only the forms asked often enough: "found" (发现), not "founded" once.
    const forms = [...entry.forms].filter(([, count]) => count >= rule.minPairs);
    for (const [form] of forms) {
      changed.set(form, [...promoted, ...added.map((w) => `+${w}`)]);
      out[form] = reordered;
    }
  }
  return { lexicon: out, changed };
}

export const DEFAULT_ADDITION: AdditionRule = { minDice: 0.2, minPairs: 3, minArticles: 2 };

if (import.meta.url === `file://${process.argv[1]}`) {
  // The defaults are the rule kept (docs/evaluation.md, en6); the options are the variants measured.
  const { values } = parseArgs({
    options: {
      data: { type: 'string', default: '../shared/eval' },
      lexicon: { type: 'string', default: 'data/en-zh-lexicon.tsv' },
      articles: { type: 'string' },
      out: { type: 'string', default: 'data/en-zh-question-senses.tsv' },
      'min-pairs': { type: 'string', default: String(DEFAULT_RULE.minPairs) },
      'min-articles': { type: 'string', default: String(DEFAULT_RULE.minArticles) },
      'min-share': { type: 'string', default: String(DEFAULT_RULE.minShare) },
      'no-single': { type: 'boolean', default: false },
      exclusive: { type: 'string', default: String(DEFAULT_RULE.exclusiveShare) },
      'no-add': { type: 'boolean', default: false },
      'add-dice': { type: 'string', default: String(DEFAULT_ADDITION.minDice) },
      'add-pairs': { type: 'string', default: String(DEFAULT_ADDITION.minPairs) },
      'add-articles': { type: 'string', default: String(DEFAULT_ADDITION.minArticles) },
      quiet: { type: 'boolean', default: false },
      'by-form': { type: 'boolean', default: false },
    },
  });
  const [from, to] = (values.articles ?? '0-999').split('-').map(Number);
  const pairs = (await questionPairs(values.data)).filter((p) => p.article >= from! && p.article <= to!);
  const lexicon = parseLexicon(readFileSync(values.lexicon, 'utf8'));
  const rule: PromotionRule = {
    minPairs: Number(values['min-pairs']),
    minArticles: Number(values['min-articles']),
    minShare: Number(values['min-share']),
    singleCharacters: !values['no-single'],
    exclusiveShare: Number(values.exclusive),
  };
  const addition = values['no-add']
    ? undefined
    : {
        rule: {
          minDice: Number(values['add-dice']),
          minPairs: Number(values['add-pairs']),
          minArticles: Number(values['add-articles']),
        },
        wordCounts: chineseWordCounts(pairs),
      };
  const { lexicon: fitted, changed } = promoteSenses(
    lexicon,
    senseEvidence(pairs, lexicon, !values['by-form']),
    rule,
    addition,
  );
  if (!values.quiet)
    for (const [key, senses] of changed)
      console.log(
        `${key}\t${senses.join(' ')}\t(was ${(lexicon.get(stemLatin(key)) ?? []).slice(0, 4).join(' ')})`,
      );
  // Only the lines that differ from the lexicon: the engine reads this file before it.
  const lines = Object.fromEntries([...changed.keys()].map((key) => [key, fitted[key]!]));
  writeFileSync(values.out, formatWordLists(lines));
  console.log(`${pairs.length} question pairs, ${changed.size} stems -> ${values.out}`);
}
