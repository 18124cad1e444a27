/**
 * The confidence's boosted trees as `npm run calibrate` fits them (src/eval/boost.ts): the
 * logistic first, then trees on its logit over the same rows and weights, then Platt scaling of the
 * summed margin on out-of-fold scores, so the served confidence still reads as the probability the
 * top citation is right. Shared by calibrate.ts and scripts/confidence-boost.ts.
 */
import { logit, sigmoid, type LogisticModel } from '../src/answer/model.ts';
import { boostedLogit, treesMargin, type BoostedTrees } from '../src/answer/trees.ts';
import { fitBoosted, type BoostOptions } from '../src/eval/boost.ts';
import { fitLogistic } from '../src/eval/logistic.ts';
import { balanced, FOLDS, type Row, type Scored } from './calibrate-fit.ts';

/** Chosen by out-of-fold log loss on the public rows (scripts/confidence-boost.ts, docs/evaluation.md). */
export const BOOST: BoostSpec = { trees: 300, depth: 3, rate: 0.05, minLeaf: 200, l2: 1 };

/**
 * Candidate features (calibrate-fit.ts) the trees may also split on with "extra": served for every
 * question. Not the rules decide.ts applies after the fit (unknownName, kindAbsent), nor the
 * learned wording's (assoc*), which is not served.
 */
export const TREE_EXTRA_FEATURES = [
  'specificShare',
  'tieShare',
  'absentShare',
  'knowledgeScale',
  'windowCoverage',
  'specificOverRival',
  'onlyCandidate',
  'traditional',
  'specificCoverageByOthers',
  'missSpecificByOthers',
  'scoreZShare',
  'retrievedCount',
];

export type BoostSpec = BoostOptions & {
  alone?: boolean;
  extra?: boolean;
  /** Families the trees are also fitted on (a pattern), beyond the logistic's. */
  treesAlsoOn?: string;
};

/** "trees,depth,rate,minLeaf,l2[,alone][,extra][,on:REGEX]": a variant for scripts/confidence-boost.ts. */
export function parseBoostSpec(spec: string): BoostSpec {
  const [trees, depth, rate, minLeaf, l2, ...flags] = spec.split(',');
  return {
    trees: Number(trees),
    depth: Number(depth),
    rate: Number(rate),
    minLeaf: Number(minLeaf),
    l2: Number(l2),
    alone: flags.includes('alone'),
    extra: flags.includes('extra'),
    ...(flags.some((f) => f.startsWith('on:')) && {
      treesAlsoOn: flags.find((f) => f.startsWith('on:'))!.slice(3),
    }),
  };
}

export interface BoostedFit {
  logistic: LogisticModel;
  trees: BoostedTrees['trees'];
  /** "alone": the constant margin the trees start from instead of the logistic's logit. */
  start?: number;
}

export function boostedConfidence(
  rows: readonly Row[],
  names: readonly string[],
  options: BoostSpec | undefined,
  offsetOf: (row: Row) => number = () => 0,
  /** Which of `rows` the logistic is fitted on; the trees see them all. */
  forLogistic: (row: Row) => boolean = () => true,
): BoostedFit {
  const logisticRows = rows.filter(forLogistic);
  const logistic = fitLogistic(
    balanced(logisticRows).map((e, i) => ({ ...e, offset: offsetOf(logisticRows[i]!) })),
    names,
  );
  if (!options) return { logistic, trees: [] };
  const examples = balanced(rows);
  // "alone": the trees start from the base rate (each family weighted alike), not the logistic.
  const rate =
    examples.reduce((s, e) => s + e.weight! * e.label, 0) / examples.reduce((s, e) => s + e.weight!, 0);
  const base = (row: Row): number =>
    (options.alone ? Math.log(rate / (1 - rate)) : logit(logistic, row.features)) + offsetOf(row);
  const trees = fitBoosted(
    examples.map((e, i) => ({ ...e, weight: e.weight!, base: base(rows[i]!) })),
    options.extra ? [...names, ...TREE_EXTRA_FEATURES] : names,
    options,
  );
  return { logistic, trees, ...(options.alone && { start: Math.log(rate / (1 - rate)) }) };
}

/** The uncalibrated margin a fit gives a row. */
export function marginOf(fit: BoostedFit, row: Row, offset = 0): number {
  const base = fit.start ?? logit(fit.logistic, row.features);
  return base + offset + treesMargin(fit.trees, row.features);
}

/**
 * Each row scored by a fit on the other folds' rows that `train` keeps; with trees, the margins
 * are Platt-scaled on these same out-of-fold margins (the fitted families'), as calibrate serves them.
 */
export function scoreBoostedOutOfFold(
  rows: readonly Row[],
  names: readonly string[],
  train: (row: Row) => boolean,
  options: BoostSpec | undefined,
  offsetOf: (row: Row) => number = () => 0,
): { scored: Array<Scored & { margin: number }>; calibration?: BoostedTrees['calibration'] } {
  const scored: Array<Scored & { margin: number }> = [];
  const also = options?.treesAlsoOn ? new RegExp(options.treesAlsoOn) : undefined;
  for (let fold = 0; fold < FOLDS; fold++) {
    const fit = boostedConfidence(
      rows.filter((r) => r.fold !== fold && (train(r) || also?.test(r.family))),
      names,
      options,
      offsetOf,
      train,
    );
    for (const row of rows.filter((r) => r.fold === fold)) {
      const margin = marginOf(fit, row, offsetOf(row));
      scored.push({ p: sigmoid(margin), margin, label: row.label, row });
    }
  }
  if (!options) return { scored };
  const calibration = plattScaling(scored.filter((s) => train(s.row)));
  for (const s of scored) s.p = sigmoid(boostedLogit({ trees: [], calibration }, s.margin, {}));
  return { scored, calibration };
}

/** Platt scaling: the logistic fit of the label on the margin, each family weighted alike. */
export function plattScaling(
  scored: ReadonlyArray<{ margin: number; row: Row }>,
): BoostedTrees['calibration'] {
  const rows = scored.map((s) => ({ ...s.row, features: { margin: s.margin } }));
  const fit = fitLogistic(balanced(rows), ['margin'], 0);
  const scale = fit.weights[0]! / fit.scale[0]!;
  const round = (v: number): number => Math.round(v * 1e6) / 1e6;
  return { scale: round(scale), shift: round(fit.bias - scale * fit.mean[0]!) };
}
