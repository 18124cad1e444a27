/**
 * The unit an amount or a time is asked in, learned from the public sets' gold answers: "how old"
 * is answered "5 岁", "多久" "三个月", "哪一年" "2015 年". A question's framing (the question word
 * and the characters or word around it) gives a probability to each unit that follows a number in
 * the text (the one or two characters after it); a passage holding the number in a likely unit
 * answers better than one whose number is in another ("5 年前" for "how old").
 *
 * The table is data/answer-units.json, written by `npm run answer-units` (scripts/answer-units.ts);
 * nothing here knows any one article.
 */
import { readFileSync } from 'node:fs';
import { dataFile } from '../search/data-files.ts';
import type { Query } from '../search/query.ts';
import { askedWord, writtenOf } from './answer-type.ts';

export interface UnitTable {
  /** Two-character units gold answers hold often enough to be told from their first character ("个月", "公里"). */
  pairs: string[];
  /** Per framing, the smoothed probability of each unit; `*` is any unit the framing never had. */
  frames: Record<string, Record<string, number>>;
  /** An English phrase -> the Chinese question word its parallel questions use ("how old" -> 多大). */
  aliases?: Record<string, string>;
  /** How the table was learned: sets, counts, smoothing, leakage. Informational. */
  fit?: unknown;
}

export const DEFAULT_UNIT_TABLE_PATH = dataFile('answer-units.json');

let defaultTable: UnitTable | undefined;

export function loadUnitTable(file = DEFAULT_UNIT_TABLE_PATH): UnitTable {
  if (file === DEFAULT_UNIT_TABLE_PATH)
    return (defaultTable ??= JSON.parse(readFileSync(file, 'utf8')) as UnitTable);
  return JSON.parse(readFileSync(file, 'utf8')) as UnitTable;
}

/** A number: digits (with separators) or a run of Chinese numerals holding a digit numeral. */
const NUMBER =
  /(?<!\d[.,]?)\d[\d.,]*|[〇零一二两三四五六七八九十百千万亿]*[〇零一二两三四五六七八九十][〇零一二两三四五六七八九十百千万亿]*/gu;
/** What may sit between a number and its unit: spaces, a multiplier, "about/more than". */
const BETWEEN = /[\s万亿千百多余]*/uy;
/** A bare number (a score, a list) has no unit. */
export const NO_UNIT = '#';

/**
 * The unit of each number in (normalized) text: the character after it, or the two when that pair
 * is one of the table's. Two shapes of number are marked, so the table learns them apart: four
 * digits before 年 ("⁴年": a year, not a duration of years) and a lone 一 ("¹个": as often "a" as
 * "one").
 */
export function numberUnits(normalizedText: string, pairs: ReadonlySet<string>): string[] {
  const units: string[] = [];
  bestOverUnits(normalizedText, pairs, (unit) => (units.push(unit), 0));
  return units;
}

const LETTER_OR_PERCENT = /[\p{L}%‰]/u;
const LETTER = /\p{L}/u;
const FOUR_DIGITS = /^\d{4}$/;

/**
 * The highest `score` of the units of the numbers of a text, in order (numberUnits), 0 without
 * any: one scan, no array of units, of code points or of matches' iterator (the span table asks it
 * of every span of a question asking an amount or a time; those arrays were a sixteenth of what a
 * question allocated).
 */
function bestOverUnits(text: string, pairs: ReadonlySet<string>, score: (unit: string) => number): number {
  let best = 0;
  // NUMBER is global: exec from 0 to the end (where it returns null and rewinds lastIndex to 0).
  NUMBER.lastIndex = 0;
  for (let match = NUMBER.exec(text); match !== null; match = NUMBER.exec(text)) {
    const number = match[0];
    BETWEEN.lastIndex = match.index + number.length;
    BETWEEN.exec(text);
    const unit = unitAt(text, BETWEEN.lastIndex, pairs);
    const mark = number === '一' ? '¹' : FOUR_DIGITS.test(number) && unit.startsWith('年') ? '⁴' : '';
    best = Math.max(best, score(mark + unit));
  }
  return best;
}

/** The unit starting at `at`: its first code point, or its first two when they are a pair of the table's. */
function unitAt(text: string, at: number, pairs: ReadonlySet<string>): string {
  if (at >= text.length) return NO_UNIT;
  const firstEnd = at + (text.codePointAt(at)! > 0xffff ? 2 : 1);
  const first = text.slice(at, firstEnd);
  if (!LETTER_OR_PERCENT.test(first)) return NO_UNIT;
  if (firstEnd >= text.length) return first;
  const second = text.slice(firstEnd, firstEnd + (text.codePointAt(firstEnd)! > 0xffff ? 2 : 1));
  const pair = LETTER.test(second) ? first + second : undefined;
  return pair && pairs.has(pair) ? pair : first;
}

/**
 * The framings of a (normalized) question, most specific first, for a question asking an amount
 * or a time: the question word with the two or one characters after it ("多少人口", "多少人"), with
 * the two or one before it ("比例是多少" -> "例是|多少"), the word alone, the kind. English: the
 * wh-phrase with the word after it ("how many people"), the phrase, the kind.
 */
export function questionFrames(normalizedQuestion: string): string[] {
  const asked = askedWord(normalizedQuestion);
  if (!asked) return [];
  const { type, word, index } = asked;
  const kind = `(${type})`;
  if (/^[a-z]/.test(word)) {
    const next = /^\s+([a-z]+)/.exec(normalizedQuestion.slice(index + word.length))?.[1];
    return [...(next ? [`${word} ${next}`] : []), word, kind];
  }
  const after = Array.from(normalizedQuestion.slice(index + word.length).match(/^\p{Script=Han}{0,2}/u)![0]);
  const before = Array.from(normalizedQuestion.slice(0, index).match(/\p{Script=Han}{0,2}$/u)![0]);
  const frames: string[] = [];
  if (after.length >= 2) frames.push(`${word}|${after[0]}${after[1]}`);
  if (after.length >= 1) frames.push(`${word}|${after[0]}`);
  if (before.length >= 2) frames.push(`${before.join('')}|${word}`);
  if (before.length >= 1) frames.push(`${before.at(-1)}|${word}`);
  return [...frames, word, kind];
}

/** The most specific framing of a question the table holds, if any. */
export function tableFrame(table: UnitTable, normalizedQuestion: string): Record<string, number> | undefined {
  const frames = questionFrames(normalizedQuestion);
  for (const [i, frame] of frames.entries()) {
    if (table.frames[frame]) return table.frames[frame];
    // The word, before the kind: an English phrase too rare for a row reads its Chinese word's.
    const alias = i === frames.length - 2 ? table.aliases?.[frame] : undefined;
    if (alias && table.frames[alias]) return table.frames[alias];
  }
  return undefined;
}

/**
 * How well the numbers of a (normalized) text fit the unit a framing asks for: the highest
 * probability over their units (0 without a framing or a number).
 */
export function unitFit(
  frame: Record<string, number> | undefined,
  normalizedText: string,
  pairs: ReadonlySet<string>,
): number {
  if (!frame) return 0;
  return bestOverUnits(normalizedText, pairs, (unit) => frame[unit] ?? frame['*'] ?? 0);
}

interface QueryUnits {
  frame: Record<string, number> | undefined;
  pairs: ReadonlySet<string>;
}

const ofQuery = new WeakMap<Query, QueryUnits>();

/**
 * The table a question reads: the committed one, or for `npm run calibrate` the one learned
 * without the question's own article (src/eval/answer-units.ts), so its rows are out of fold.
 */
let tableForQuestion: ((question: string) => UnitTable | undefined) | undefined;

export function useUnitTables(resolve: ((question: string) => UnitTable | undefined) | undefined): void {
  tableForQuestion = resolve;
}

/** The framing's unit probabilities for a query's question as written, worked out once per query. */
export function unitsOf(query: Query): QueryUnits {
  let units = ofQuery.get(query);
  if (!units) {
    const table = tableForQuestion?.(query.question) ?? loadUnitTable();
    units = { frame: tableFrame(table, writtenOf(query)), pairs: pairsOf(table) };
    ofQuery.set(query, units);
  }
  return units;
}

const pairSets = new WeakMap<UnitTable, ReadonlySet<string>>();

export function pairsOf(table: UnitTable): ReadonlySet<string> {
  let pairs = pairSets.get(table);
  if (!pairs) pairSets.set(table, (pairs = new Set(table.pairs)));
  return pairs;
}
