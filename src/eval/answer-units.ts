/**
 * Learning the unit table of src/answer/answer-unit.ts from the public sets' gold answers: for
 * each question asking an amount or a time, the unit after the number of its gold answer, read in
 * the passage as the engine reads a passage's numbers, counted per framing of the question and
 * smoothed toward the coarser framing (the word, then the kind, then every question). English
 * phrases also back off to the Chinese question word XQuAD's parallel questions translate them
 * with ("how old" -> 多大). Used by scripts/answer-units.ts (the table) and scripts/calibrate.ts
 * (tables learned without each fifth of the articles, so the fit's rows are out of fold).
 */
import path from 'node:path';
import { numberUnits, questionFrames, useUnitTables, type UnitTable } from '../answer/answer-unit.ts';
import { normalizeText } from '../search/normalize.ts';
import { shortQuestion } from './conditions.ts';
import { FIT_SETS, readSquad, stableHash } from './public-sets.ts';

export interface UnitSample {
  set: string;
  fold: number;
  /** The question as asked, and its framings (most specific first). */
  question: string;
  frames: string[];
  /** The Chinese question's framings, for an English question of XQuAD (its parallel). */
  parallelFrames?: string[];
  /** The normalized gold answer, and the passage from its first number on (undefined: no number). */
  gold: string;
  tail: string | undefined;
  /** The normalized passage. */
  context: string;
}

export interface UnitOptions {
  /** A framing is kept when this many questions have it: below, one question's answer weighs much. */
  minFrame: number;
  /** Pseudo-counts of the coarser framing's distribution added to a framing's counts. */
  alpha: number;
  /** A two-character unit is kept apart when this many gold answers hold both characters. */
  minPair: number;
}

/**
 * Rare framings are kept: the fit reads tables learned without each question's own article
 * (crossFittedUnitTables), and smoothing holds a framing of a few questions near its word's row.
 */
export const UNIT_OPTIONS: UnitOptions = { minFrame: 3, alpha: 4, minPair: 5 };
export const UNIT_FOLDS = 5;
/** A gold answer that holds no number. */
export const NONE = '-';

export const UNIT_SETS = FIT_SETS;

const FIRST_NUMBER = /\d|[〇零一二两三四五六七八九十]/u;

/** Every framed question of the sets with its gold answer and passage. */
export async function readUnitSamples(dataDir: string): Promise<UnitSample[]> {
  const samples: UnitSample[] = [];
  const chineseOf = new Map<string, string>();
  for (const [name, file, questionsFile] of UNIT_SETS) {
    const set = await readSquad(path.join(dataDir, file));
    if (!questionsFile) for (const q of set.questions) chineseOf.set(q.id, q.question);
    const asked = questionsFile
      ? new Map((await readSquad(path.join(dataDir, questionsFile))).questions.map((q) => [q.id, q.question]))
      : undefined;
    const paragraphs = new Map(set.paragraphs.map((p) => [p.id, p]));
    for (const q of set.questions) {
      const paragraph = paragraphs.get(q.source)!;
      const question = asked ? asked.get(q.id) : q.question;
      if (question === undefined || !q.answers[0]) continue;
      const frames = questionFrames(normalizeText(question));
      if (frames.length === 0) continue;
      const context = normalizeText(paragraph.context);
      const gold = normalizeText(q.answers[0]);
      const number = FIRST_NUMBER.exec(gold);
      const at = context.indexOf(gold);
      const tail = !number ? undefined : at >= 0 ? context.slice(at + number.index) : gold.slice(number.index);
      // XQuAD's two files share ids and articles: one fold for both.
      const fold = stableHash(`${name.replace('-en', '-zh')}:${paragraph.article}`) % UNIT_FOLDS;
      const parallel = asked ? chineseOf.get(q.id) : undefined;
      samples.push({
        set: name,
        fold,
        question,
        frames,
        ...(parallel !== undefined && { parallelFrames: questionFrames(normalizeText(parallel)) }),
        gold,
        tail,
        context,
      });
    }
  }
  return samples;
}

/** Two-character units: the pair after a gold answer's number, both characters inside the answer. */
function learnPairs(samples: readonly UnitSample[], minPair: number): string[] {
  const counts = new Map<string, number>();
  for (const { gold } of samples) {
    const number = FIRST_NUMBER.exec(gold);
    if (!number) continue;
    const match = /^(?:\d[\d.,]*|[〇零一二两三四五六七八九十百千万亿]+)[\s万亿千百多余]*(\p{L}\p{L})/u.exec(
      gold.slice(number.index),
    );
    if (match) counts.set(match[1]!, (counts.get(match[1]!) ?? 0) + 1);
  }
  return [...counts].filter(([, n]) => n >= minPair).map(([pair]) => pair).sort();
}

export function unitOf(sample: UnitSample, pairs: ReadonlySet<string>): string {
  return sample.tail === undefined ? NONE : (numberUnits(sample.tail, pairs)[0] ?? NONE);
}

/** English phrase -> the Chinese question word its parallel questions use most (half or more, twice). */
function learnAliases(samples: readonly UnitSample[]): Record<string, string> {
  const seen = new Map<string, Map<string, number>>();
  for (const { frames, parallelFrames } of samples) {
    if (!parallelFrames?.length) continue;
    const phrase = frames.at(-2)!;
    const words = seen.get(phrase) ?? new Map<string, number>();
    seen.set(phrase, words);
    const word = parallelFrames.at(-2)!;
    words.set(word, (words.get(word) ?? 0) + 1);
  }
  const aliases: Record<string, string> = {};
  for (const [phrase, words] of [...seen].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const total = [...words.values()].reduce((a, b) => a + b, 0);
    const [word, n] = [...words].sort((a, b) => b[1] - a[1])[0]!;
    if (n >= 2 && n * 2 >= total) aliases[phrase] = word;
  }
  return aliases;
}

export function learnUnitTable(samples: readonly UnitSample[], options: UnitOptions = UNIT_OPTIONS): UnitTable {
  const pairs = learnPairs(samples, options.minPair);
  const pairSet = new Set(pairs);
  const aliases = learnAliases(samples);
  const counts = new Map<string, Map<string, number>>();
  const parents = new Map<string, string | undefined>();
  const all = new Map<string, number>();
  const count = (frame: string, unit: string, parent: string | undefined): void => {
    const row = counts.get(frame) ?? new Map<string, number>();
    counts.set(frame, row);
    row.set(unit, (row.get(unit) ?? 0) + 1);
    parents.set(frame, parent);
  };
  for (const sample of samples) {
    const unit = unitOf(sample, pairSet);
    all.set(unit, (all.get(unit) ?? 0) + 1);
    const { frames } = sample;
    const word = frames.at(-2)!;
    const kind = frames.at(-1)!;
    // An English phrase backs off to its Chinese word, whose own counts are the Chinese questions'.
    const wordParent = aliases[word] ?? kind;
    frames.forEach((frame, i) =>
      count(frame, unit, i === frames.length - 1 ? undefined : i === frames.length - 2 ? wordParent : word),
    );
  }
  const total = samples.length;
  const global = (unit: string): number => ((all.get(unit) ?? 0) + 1) / (total + all.size + 1);
  const distribution = (frame: string | undefined, depth = 0): ((unit: string) => number) => {
    if (!frame || !counts.has(frame) || depth > 4) return global;
    const row = counts.get(frame)!;
    const n = [...row.values()].reduce((a, b) => a + b, 0);
    const parent = distribution(parents.get(frame), depth + 1);
    return (unit) => ((row.get(unit) ?? 0) + options.alpha * parent(unit)) / (n + options.alpha);
  };
  const units = [...all.keys()].filter((unit) => unit !== NONE).sort();
  const frames: UnitTable['frames'] = {};
  for (const [frame, row] of [...counts].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const n = [...row.values()].reduce((a, b) => a + b, 0);
    if (n < options.minFrame) continue;
    const p = distribution(frame);
    const entry: Record<string, number> = {};
    for (const unit of units) {
      const value = Math.round(p(unit) * 1e4) / 1e4;
      if (value >= 0.002) entry[unit] = value;
    }
    entry['*'] = 0.001;
    frames[frame] = entry;
  }
  // Only aliases whose Chinese word is itself kept serve.
  const served = Object.fromEntries(Object.entries(aliases).filter(([, word]) => frames[word]));
  return { pairs, aliases: served, frames };
}

/**
 * Each question (as asked, and cut short as the fit also asks it) -> the table learned without its
 * fifth of the articles: what the fit's rows read, so a question's own answer is not in its row.
 */
export function crossFittedUnitTables(
  samples: readonly UnitSample[],
  options: UnitOptions = UNIT_OPTIONS,
): Map<string, UnitTable> {
  const tables = Array.from({ length: UNIT_FOLDS }, (_, k) =>
    learnUnitTable(
      samples.filter((s) => s.fold !== k),
      options,
    ),
  );
  const byQuestion = new Map<string, UnitTable>();
  for (const sample of samples) {
    byQuestion.set(sample.question, tables[sample.fold]!);
    byQuestion.set(shortQuestion(sample.question), tables[sample.fold]!);
  }
  return byQuestion;
}

/**
 * What `npm run calibrate`, `npm run fit-sentences` and `npm run eval -- --unit-folds` serve: each
 * public question reads the table learned without its article (questions of no set, the committed one).
 */
export async function useCrossFittedUnitTables(dataDir: string): Promise<void> {
  const byQuestion = crossFittedUnitTables(await readUnitSamples(dataDir));
  useUnitTables((question) => byQuestion.get(question));
}
