/**
 * `tsx scripts/confidence-boost.ts ROWS [trees,depth,rate,minLeaf,l2[,alone] …]`: the confidence's
 * logistic against gradient-boosted shallow trees on its logit (src/eval/boost.ts), out of fold on
 * the rows `npm run calibrate -- --rows ROWS` writes (public dev sets, every partition; folds by
 * paragraph, as calibrate's). Per variant: log loss (each family weighted alike, as fitted),
 * AUC and calibration error over the fitted families, then per family the right tops withheld at
 * the threshold abstaining on as many of that family's orphans as the logistic does at its own
 * (scripts/confidence-matched.ts). "alone" boosts from a constant margin instead of the logistic.
 */
import { readFileSync } from 'node:fs';
import { withLanguageTerms } from '../src/answer/confidence-features.ts';
import { servedNameFactor } from '../src/answer/decide.ts';
import {
  auc,
  balanced,
  chooseThreshold,
  DEFAULT_FIT_FAMILIES,
  DEFAULT_THRESHOLD_FAMILIES,
  expectedCalibrationError,
  isCandidateFeature,
  type Row,
  type Scored,
  withheldAt,
} from './calibrate-fit.ts';
import { parseBoostSpec, scoreBoostedOutOfFold } from './calibrate-boost.ts';

const [file, ...specs] = process.argv.slice(2);
if (!file)
  throw new Error('usage: tsx scripts/confidence-boost.ts ROWS [trees,depth,rate,minLeaf,l2[,alone] …]');
const rows = (JSON.parse(readFileSync(file, 'utf8')) as Row[]).map((row) => ({
  ...row,
  features: withLanguageTerms(row.features),
}));
const names = Object.keys(rows[0]!.features).filter((name) => !isCandidateFeature(name));
const fitted = new RegExp(DEFAULT_FIT_FAMILIES);
const train = (row: Row): boolean => fitted.test(row.family);
console.error(`${rows.length} rows, ${rows.filter(train).length} fitted on, ${names.length} features`);

const FAMILIES = ['whole', 'article', 'article short'].flatMap((scale) =>
  ['cmrc', 'drcd', 'xquad-zh', 'xquad-en'].map((set) => `${set} ${scale}`),
);

function logLoss(scored: readonly Scored[]): number {
  const weights = balanced(scored.map((s) => s.row)).map((e) => e.weight!);
  let loss = 0;
  let total = 0;
  scored.forEach((s, i) => {
    const p = Math.min(1 - 1e-12, Math.max(1e-12, s.p));
    loss -= weights[i]! * (s.label ? Math.log(p) : Math.log(1 - p));
    total += weights[i]!;
  });
  return loss / total;
}

const kept = scoreBoostedOutOfFold(rows, names, train, undefined).scored;
const thresholdRows = (scored: readonly Scored[]) =>
  scored.filter((s) => new RegExp(DEFAULT_THRESHOLD_FAMILIES).test(s.row.family));
const { threshold } = chooseThreshold(thresholdRows(kept));
const table: Record<string, Record<string, string>> = {};
const served: Record<string, Record<string, string>> = {};
for (const spec of ['logistic', ...specs]) {
  const started = performance.now();
  const scored =
    spec === 'logistic' ? kept : scoreBoostedOutOfFold(rows, names, train, parseBoostSpec(spec)).scored;
  const fit = scored.filter((s) => train(s.row));
  const own = chooseThreshold(thresholdRows(scored)).threshold;
  const line: Record<string, string> = {
    logLoss: logLoss(fit).toFixed(4),
    auc: auc(fit).toFixed(4),
    ece: (100 * expectedCalibrationError(fit)).toFixed(2),
    thr: own.toFixed(2),
  };
  for (const family of FAMILIES) {
    const orphans = kept.filter((s) => s.row.family === family && !s.row.answerable);
    const share = orphans.filter((s) => s.p < threshold).length / orphans.length;
    line[family.replace('article short', 'short').replace('xquad-', '')] = withheldAt(
      scored,
      family,
      share,
    ).toFixed(1);
  }
  table[spec] = line;
  // As `npm run eval` serves it: decide.ts's factors after the fit, at the variant's own threshold.
  const servedLine: Record<string, string> = { thr: own.toFixed(2) };
  for (const family of FAMILIES) {
    const items = scored.filter((s) => s.row.family === family);
    const p = (s: Scored): number =>
      s.p * servedNameFactor(s.row.features) * (s.row.features.kindAbsent ? 0.6 : 1);
    const right = items.filter((s) => s.label === 1);
    const orphans = items.filter((s) => !s.row.answerable);
    const withheld = (100 * right.filter((s) => p(s) < own).length) / right.length;
    const abstained = (100 * orphans.filter((s) => p(s) < own).length) / orphans.length;
    servedLine[family.replace('article short', 'short').replace('xquad-', '')] =
      `${withheld.toFixed(1)}/${abstained.toFixed(1)}`;
  }
  served[spec] = servedLine;
  console.error(`${spec}: ${((performance.now() - started) / 1000).toFixed(0)} s`);
}
console.log(
  `right tops withheld (%) at the logistic's orphans abstained per family (threshold ${threshold})`,
);
console.table(table);
console.log(
  "served (factors applied) at each variant's own threshold: right withheld / orphans abstained (%)",
);
console.table(served);
