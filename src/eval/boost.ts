/**
 * Gradient-boosted shallow trees on the logistic loss (Newton steps, as XGBoost does), started
 * from a base margin (the confidence's logistic logit): each tree fits what the logistic and the
 * trees before it got wrong, split by split where the loss falls most. Features are cut at up to
 * `bins` quantiles once, so a split is a scan over a histogram. Served by src/answer/trees.ts.
 */
import type { Features } from '../answer/model.ts';
import type { Tree } from '../answer/trees.ts';

export interface BoostOptions {
  trees: number;
  depth: number;
  /** Each tree's values are scaled by this (shrinkage). */
  rate: number;
  /** Rows a leaf must hold at least. */
  minLeaf: number;
  /** L2 penalty on leaf values, in the units of the summed (weighted) curvature. */
  l2: number;
  bins?: number;
}

export interface BoostExample {
  features: Features;
  label: 0 | 1;
  weight: number;
  /** The margin the trees start from (the logistic's logit). */
  base: number;
}

/** Candidate cuts per feature: midpoints between distinct values at the quantiles. */
function cutsOf(values: Float64Array, bins: number): number[] {
  const sorted = [...new Set(values)].sort((a, b) => a - b);
  const cuts: number[] = [];
  const step = Math.max(1, sorted.length / bins);
  for (let at = step; at < sorted.length; at += step) {
    const i = Math.floor(at);
    const low = sorted[i - 1]!;
    const high = sorted[i]!;
    const rounded = Number(((low + high) / 2).toPrecision(6));
    cuts.push(rounded > low && rounded <= high ? rounded : (low + high) / 2);
  }
  return [...new Set(cuts)];
}

interface Split {
  gain: number;
  feature: number;
  cut: number;
}

export function fitBoosted(
  examples: readonly BoostExample[],
  names: readonly string[],
  options: BoostOptions,
): Tree[] {
  const n = examples.length;
  const columns = names.map((name) => Float64Array.from(examples, (e) => e.features[name] ?? 0));
  const cuts = columns.map((column) => cutsOf(column, options.bins ?? 64));
  // bin = how many cuts lie at or below the value: values below cut k sit in bins 0..k.
  const binned = columns.map((column, j) =>
    Uint8Array.from(column, (x) => {
      let bin = 0;
      while (bin < cuts[j]!.length && cuts[j]![bin]! <= x) bin++;
      return bin;
    }),
  );
  const margin = Float64Array.from(examples, (e) => e.base);
  const gradient = new Float64Array(n);
  const curvature = new Float64Array(n);
  const score = (g: number, h: number): number => (g * g) / (h + options.l2);

  function bestSplit(rows: Int32Array, g: number, h: number): Split | undefined {
    let best: Split | undefined;
    for (let j = 0; j < names.length; j++) {
      const size = cuts[j]!.length + 1;
      if (size < 2) continue;
      const sumG = new Float64Array(size);
      const sumH = new Float64Array(size);
      const count = new Int32Array(size);
      const bins = binned[j]!;
      for (const i of rows) {
        sumG[bins[i]!]! += gradient[i]!;
        sumH[bins[i]!]! += curvature[i]!;
        count[bins[i]!]!++;
      }
      let leftG = 0;
      let leftH = 0;
      let leftCount = 0;
      for (let k = 0; k < size - 1; k++) {
        leftG += sumG[k]!;
        leftH += sumH[k]!;
        leftCount += count[k]!;
        if (leftCount < options.minLeaf) continue;
        if (rows.length - leftCount < options.minLeaf) break;
        const gain = score(leftG, leftH) + score(g - leftG, h - leftH) - score(g, h);
        if (gain > 1e-9 && (!best || gain > best.gain)) best = { gain, feature: j, cut: k };
      }
    }
    return best;
  }

  function grow(rows: Int32Array, depth: number): Tree {
    let g = 0;
    let h = 0;
    for (const i of rows) {
      g += gradient[i]!;
      h += curvature[i]!;
    }
    const split = depth < options.depth ? bestSplit(rows, g, h) : undefined;
    if (!split) {
      const value = Math.round((-options.rate * g * 1e6) / (h + options.l2)) / 1e6;
      for (const i of rows) margin[i]! += value;
      return { value };
    }
    const bins = binned[split.feature]!;
    const left = rows.filter((i) => bins[i]! <= split.cut);
    const right = rows.filter((i) => bins[i]! > split.cut);
    return {
      feature: names[split.feature]!,
      threshold: cuts[split.feature]![split.cut]!,
      left: grow(left, depth + 1),
      right: grow(right, depth + 1),
    };
  }

  const all = Int32Array.from({ length: n }, (_, i) => i);
  const trees: Tree[] = [];
  for (let t = 0; t < options.trees; t++) {
    for (let i = 0; i < n; i++) {
      const p = 1 / (1 + Math.exp(-margin[i]!));
      const { weight, label } = examples[i]!;
      gradient[i] = weight * (p - label);
      curvature[i] = weight * p * (1 - p);
    }
    trees.push(grow(all, 0));
  }
  return trees;
}
