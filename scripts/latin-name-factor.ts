/**
 * `tsx scripts/latin-name-factor.ts --rows FILE`: chooses decide.ts LATIN_NAME_FACTOR, the
 * confidence kept when all an English question names and the knowledge lacks are Latin words
 * (which Chinese text may translate), on the rows `npm run calibrate -- --rows FILE` writes (public
 * dev sets only). Out of fold, as calibrate scores and thresholds them, each factor from 0.60 to
 * 1.00 is served on the English questions' rows; the chosen one is the largest that abstains on as
 * many English orphans (every English family) as UNKNOWN_NAME_FACTOR does: the veto kept as
 * strong as the orphans need, and no stronger. Prints right tops withheld and orphans abstained per
 * English family for each factor (docs/evaluation.md, en9).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { withLanguageTerms } from '../src/answer/confidence-features.ts';
import { KIND_ABSENT_FACTOR, UNKNOWN_NAME_FACTOR } from '../src/answer/decide.ts';
import {
  chooseThreshold,
  DEFAULT_FIT_FAMILIES,
  DEFAULT_THRESHOLD_FAMILIES,
  isCandidateFeature,
  type Row,
  type Scored,
  scoreOutOfFold,
} from './calibrate-fit.ts';

const { values } = parseArgs({ options: { rows: { type: 'string' } } });
if (!values.rows) throw new Error('--rows FILE is required (npm run calibrate -- --rows FILE)');
const rows = (JSON.parse(readFileSync(values.rows, 'utf8')) as Row[]).map((row) => ({
  ...row,
  features: withLanguageTerms(row.features),
}));
if (!rows.some((row) => row.features.unknownLatinName !== undefined))
  throw new Error(
    'rows without unknownLatinName: write them again with this code (npm run calibrate -- --rows FILE)',
  );

const names = Object.keys(rows[0]!.features).filter((name) => !isCandidateFeature(name));
const fitted = new RegExp(DEFAULT_FIT_FAMILIES);
const scored = scoreOutOfFold(rows, names, (row) => fitted.test(row.family));
const thresholdOn = new RegExp(DEFAULT_THRESHOLD_FAMILIES);
const { threshold } = chooseThreshold(scored.filter((s) => thresholdOn.test(s.row.family)));
const english = scored.filter((s) => s.row.features.english === 1);

/** The confidence served with `factor` for a Latin-only unknown name (and decide's other rules). */
const served = (s: Scored, factor: number): number => {
  const f = s.row.features;
  const name = f.unknownName === 1 ? (f.unknownLatinName === 1 ? factor : UNKNOWN_NAME_FACTOR) : 1;
  return s.p * name * (f.kindAbsent === 1 ? KIND_ABSENT_FACTOR : 1);
};
const abstainedOrphans = (items: readonly Scored[], factor: number): number =>
  items.filter((s) => !s.row.answerable && served(s, factor) < threshold).length;
const percent = (part: number, whole: number): string => ((100 * part) / Math.max(1, whole)).toFixed(1);

const families = [...new Set(english.map((s) => s.row.family))].sort();
const factors = Array.from({ length: 9 }, (_, i) => Math.round((0.6 + 0.05 * i) * 100) / 100);
const floor = abstainedOrphans(english, UNKNOWN_NAME_FACTOR);
console.log(
  `threshold ${threshold} (out of fold); English rows ${english.length}, Latin-only unknown names ` +
    `${english.filter((s) => s.row.features.unknownLatinName === 1).length}; cells: right withheld / orphans abstained (%)`,
);
const table = factors.map((factor) => {
  const row: Record<string, string> = { factor: factor.toFixed(2) };
  for (const family of families) {
    const items = english.filter((s) => s.row.family === family);
    const right = items.filter((s) => s.label === 1);
    const withheld = right.filter((s) => served(s, factor) < threshold).length;
    const orphans = items.filter((s) => !s.row.answerable).length;
    row[family] =
      `${percent(withheld, right.length)} / ${orphans ? percent(abstainedOrphans(items, factor), orphans) : '—'}`;
  }
  row['orphans abstained'] = String(abstainedOrphans(english, factor));
  return row;
});
console.table(table);
const chosen = factors.filter((factor) => abstainedOrphans(english, factor) >= floor).at(-1)!;
console.log(
  `LATIN_NAME_FACTOR: ${chosen} (the largest abstaining on the ${floor} English orphans ${UNKNOWN_NAME_FACTOR} does)`,
);
