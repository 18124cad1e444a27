/**
 * Shallow regression trees added to the confidence's logistic logit (data/answer-model.json
 * `confidence.trees`, fitted by `npm run calibrate` with src/eval/boost.ts): gradient boosting on
 * the logistic's margin, so the confidence can weigh features together (an English question with
 * few retrieved passages, a high ranker score with a rare word missing) where the logistic weighs
 * each alone. `calibration` maps the summed margin back to a probability (Platt, fitted out of fold).
 */
import type { Features } from './model.ts';

/** A split (`feature` below `threshold` goes left) or a leaf adding `value` to the logit. */
export type Tree = { value: number } | { feature: string; threshold: number; left: Tree; right: Tree };

export interface BoostedTrees {
  trees: Tree[];
  /** p = sigmoid(scale × margin + shift) over the logistic's logit plus the trees' values. */
  calibration?: { scale: number; shift: number };
}

export function treeValue(tree: Tree, features: Features): number {
  let node = tree;
  while (!('value' in node)) node = (features[node.feature] ?? 0) < node.threshold ? node.left : node.right;
  return node.value;
}

/** The trees as flat arrays (a leaf's feature is -1), and the features they read, in order. */
interface Flat {
  names: string[];
  feature: Int32Array;
  threshold: Float64Array;
  left: Int32Array;
  right: Int32Array;
  value: Float64Array;
  roots: Int32Array;
}

const flattened = new WeakMap<readonly Tree[], Flat>();

function flatten(trees: readonly Tree[]): Flat {
  const names: string[] = [];
  const nodes: Array<{ feature: number; threshold: number; left: number; right: number; value: number }> = [];
  const add = (tree: Tree): number => {
    const at = nodes.length;
    nodes.push({ feature: -1, threshold: 0, left: 0, right: 0, value: 0 });
    if ('value' in tree) nodes[at]!.value = tree.value;
    else {
      if (!names.includes(tree.feature)) names.push(tree.feature);
      const left = add(tree.left);
      const right = add(tree.right);
      Object.assign(nodes[at]!, {
        feature: names.indexOf(tree.feature),
        threshold: tree.threshold,
        left,
        right,
      });
    }
    return at;
  };
  const roots = Int32Array.from(trees, add);
  const column = <K extends keyof (typeof nodes)[number]>(key: K) => nodes.map((node) => node[key]);
  return {
    names,
    feature: Int32Array.from(column('feature')),
    threshold: Float64Array.from(column('threshold')),
    left: Int32Array.from(column('left')),
    right: Int32Array.from(column('right')),
    value: Float64Array.from(column('value')),
    roots,
  };
}

/**
 * The logit the trees add to the logistic's. Walked over flat arrays built once per model (a
 * walk of the nested objects, reading each feature by name, cost ~30 µs a question for 300 trees).
 */
export function treesMargin(trees: readonly Tree[], features: Features): number {
  let flat = flattened.get(trees);
  if (!flat) flattened.set(trees, (flat = flatten(trees)));
  const x = flat.names.map((name) => features[name] ?? 0);
  let sum = 0;
  for (const root of flat.roots) {
    let node = root;
    while (flat.feature[node]! >= 0)
      node = x[flat.feature[node]!]! < flat.threshold[node]! ? flat.left[node]! : flat.right[node]!;
    sum += flat.value[node]!;
  }
  return sum;
}

/** The logistic's logit `base` with the trees added, calibrated: a logit again. */
export function boostedLogit(model: Partial<BoostedTrees>, base: number, features: Features): number {
  if (!model.trees) return base;
  const margin = base + treesMargin(model.trees, features);
  const { scale = 1, shift = 0 } = model.calibration ?? {};
  return scale * margin + shift;
}
