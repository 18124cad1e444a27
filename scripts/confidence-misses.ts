/**
 * `tsx scripts/confidence-misses.ts --rows FILE`: what tells a right top citation the confidence
 * withholds from an orphan's top it scores highest, out of fold, on the rows `npm run calibrate --
 * --rows FILE` writes (public dev sets only). The confidence is fitted as calibrate fits it (kept
 * features, whole sets and slices) on four folds and scores the fifth; then, per family pattern
 * (`--families`, default each article alone, as published and cut short), the right tops under
 * the threshold are compared with the orphans' tops over `--orphans-above`: each feature's mean in
 * both groups and how well it alone orders them (AUC, 0.5: not at all).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { withLanguageTerms } from '../src/answer/confidence-features.ts';
import {
  chooseThreshold,
  DEFAULT_FIT_FAMILIES,
  DEFAULT_THRESHOLD_FAMILIES,
  isCandidateFeature,
  type Row,
  type Scored,
  scoreOutOfFold,
} from './calibrate-fit.ts';

const { values } = parseArgs({
  options: {
    rows: { type: 'string' },
    families: { type: 'string', default: 'article( short)?$' },
    /** Orphans scored at least this (out of fold) are the ones compared. */
    'orphans-above': { type: 'string', default: '0.5' },
    /** Both groups scored within this band only (low,high): the borderline, where a feature must help. */
    band: { type: 'string', default: '0,1' },
    /** Features the confidence leaves out, comma separated (the candidates measured). */
    without: { type: 'string', default: '' },
  },
});
if (!values.rows) throw new Error('--rows FILE is required (npm run calibrate -- --rows FILE)');
const rows = (JSON.parse(readFileSync(values.rows, 'utf8')) as Row[])
  .filter((row) => row.partition === 'left-out')
  .map((row) => ({ ...row, features: withLanguageTerms(row.features) }));
const without = values.without.split(',').filter(Boolean);
const all = Object.keys(rows[0]!.features);
const names = all.filter((name) => !isCandidateFeature(name) && !without.includes(name));
const fitted = new RegExp(DEFAULT_FIT_FAMILIES);
const scored = scoreOutOfFold(rows, names, (row) => fitted.test(row.family));
const thresholdOn = new RegExp(DEFAULT_THRESHOLD_FAMILIES);
const { threshold } = chooseThreshold(scored.filter((s) => thresholdOn.test(s.row.family)));
const families = new RegExp(values.families);
const picked = scored.filter((s) => families.test(s.row.family));
const [low, high] = values.band.split(',').map(Number) as [number, number];
const inBand = picked.filter((s) => s.p >= low && s.p <= high);
const withheld = inBand.filter((s) => s.label === 1 && s.p < threshold);
const orphans = inBand.filter((s) => !s.row.answerable && s.p >= Number(values['orphans-above']));
console.log(
  `threshold ${threshold}; ${withheld.length} right tops withheld, ${orphans.length} orphans' tops at ${values['orphans-above']} or more (families /${values.families}/)`,
);
/** AUC counting ties as half (most features here are flags or shares with many ties). */
function tiedAuc(positives: readonly number[], negatives: readonly number[]): number {
  const sorted = [...negatives].sort((a, b) => a - b);
  const below = (value: number, strict: boolean): number => {
    let low = 0;
    let high = sorted.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (strict ? sorted[mid]! < value : sorted[mid]! <= value) low = mid + 1;
      else high = mid;
    }
    return low;
  };
  let sum = 0;
  for (const value of positives) sum += (below(value, true) + below(value, false)) / 2;
  return sum / Math.max(1, positives.length * negatives.length);
}

const mean = (items: readonly Scored[], name: string): number =>
  items.reduce((sum, s) => sum + (s.row.features[name] ?? 0), 0) / Math.max(1, items.length);
const table = all
  .filter((name) => !name.startsWith('english*'))
  .map((name) => {
    // How well the feature alone tells the two groups apart: the withheld right tops as 1.
    const separation = tiedAuc(
      withheld.map((s) => s.row.features[name] ?? 0),
      orphans.map((s) => s.row.features[name] ?? 0),
    );
    return {
      feature: name,
      kept: names.includes(name) ? 'yes' : '',
      'right withheld': mean(withheld, name).toFixed(3),
      'orphans high': mean(orphans, name).toFixed(3),
      auc: separation.toFixed(3),
    };
  })
  .sort((a, b) => Math.abs(Number(b.auc) - 0.5) - Math.abs(Number(a.auc) - 0.5));
console.table(table);
