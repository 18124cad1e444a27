/** A small L2-regularized logistic regression, fitted by Newton's method on standardized features. */
import type { Features, LogisticModel } from '../answer/model.ts';

export interface Example {
  features: Features;
  label: 0 | 1;
  /** How much the example counts (balances sources of different sizes). */
  weight?: number;
  /** Added to the example's logit as it is, not fitted (a rule applied on top of the model). */
  offset?: number;
}

function solve(matrix: number[][], vector: number[]): number[] {
  // Gaussian elimination with partial pivoting; the matrix is small (features + 1).
  const n = vector.length;
  const a = matrix.map((row, i) => [...row, vector[i]!]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let row = col + 1; row < n; row++) if (Math.abs(a[row]![col]!) > Math.abs(a[pivot]![col]!)) pivot = row;
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    for (let row = col + 1; row < n; row++) {
      const factor = a[row]![col]! / a[col]![col]!;
      for (let k = col; k <= n; k++) a[row]![k]! -= factor * a[col]![k]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let row = n - 1; row >= 0; row--) {
    let sum = a[row]![n]!;
    for (let k = row + 1; k < n; k++) sum -= a[row]![k]! * x[k]!;
    x[row] = sum / a[row]![row]!;
  }
  return x;
}

export function fitLogistic(examples: readonly Example[], names: readonly string[], l2 = 1): LogisticModel {
  const d = names.length;
  const rows = examples.map((example) => names.map((name) => example.features[name] ?? 0));
  const weights = examples.map((example) => example.weight ?? 1);
  const total = weights.reduce((sum, w) => sum + w, 0);
  const mean = names.map((_, j) => rows.reduce((sum, row, i) => sum + weights[i]! * row[j]!, 0) / total);
  const scale = names.map((_, j) => {
    const variance = rows.reduce((sum, row, i) => sum + weights[i]! * (row[j]! - mean[j]!) ** 2, 0) / total;
    return Math.sqrt(variance) || 1;
  });
  const x = rows.map((row) => [1, ...row.map((v, j) => (v - mean[j]!) / scale[j]!)]);
  let beta = new Array<number>(d + 1).fill(0);
  for (let iteration = 0; iteration < 50; iteration++) {
    const gradient = new Array<number>(d + 1).fill(0);
    const hessian = Array.from({ length: d + 1 }, () => new Array<number>(d + 1).fill(0));
    x.forEach((xi, i) => {
      const z = xi.reduce((sum, v, j) => sum + v * beta[j]!, examples[i]!.offset ?? 0);
      const p = 1 / (1 + Math.exp(-z));
      const w = weights[i]!;
      const residual = w * (examples[i]!.label - p);
      const curvature = w * p * (1 - p);
      for (let j = 0; j <= d; j++) {
        gradient[j]! += residual * xi[j]!;
        for (let k = j; k <= d; k++) hessian[j]![k]! += curvature * xi[j]! * xi[k]!;
      }
    });
    // The intercept is not penalized.
    for (let j = 1; j <= d; j++) {
      gradient[j]! -= l2 * beta[j]!;
      hessian[j]![j]! += l2;
    }
    for (let j = 0; j <= d; j++) for (let k = 0; k < j; k++) hessian[j]![k] = hessian[k]![j]!;
    const step = solve(hessian, gradient);
    beta = beta.map((b, j) => b + step[j]!);
    if (Math.max(...step.map(Math.abs)) < 1e-7) break;
  }
  const round = (v: number): number => Math.round(v * 1e6) / 1e6;
  return {
    features: [...names],
    mean: mean.map(round),
    scale: scale.map(round),
    weights: beta.slice(1).map(round),
    bias: round(beta[0]!),
  };
}

/** One choice among alternatives: which of them are right, and how much the choice counts. */
export interface Choice {
  alternatives: Features[];
  /** 1 for each alternative that is a right pick. At least one. */
  labels: ReadonlyArray<0 | 1>;
  weight?: number;
}

/**
 * A conditional logit (McFadden): the probability of picking an alternative is the softmax of its
 * linear score among the alternatives of its choice, fitted to pick a right one. Fitting the
 * choice itself, not each alternative alone, lets features that are constant within a question
 * (its kind, its length) drop out. Standardized features, L2 penalty, Newton steps with the
 * Fisher information (the covariance of features under the model's softmax); no intercept.
 * Over flat Float64Arrays (the sentence fit's ~100 features in seconds), optionally from a warm
 * start (`start`, weights on the standardized features, e.g. the previous fold's).
 */
export function fitConditionalLogit(
  choices: readonly Choice[],
  names: readonly string[],
  l2 = 1,
  start?: readonly number[],
): LogisticModel {
  const d = names.length;
  const count = choices.reduce((sum, choice) => sum + choice.alternatives.length, 0);
  const x = new Float64Array(count * d);
  const rowWeight = new Float64Array(count);
  let row = 0;
  for (const choice of choices)
    for (const features of choice.alternatives) {
      for (let j = 0; j < d; j++) x[row * d + j] = features[names[j]!] ?? 0;
      rowWeight[row++] = choice.weight ?? 1;
    }
  const total = rowWeight.reduce((a, b) => a + b, 0);
  const mean = new Float64Array(d);
  const scale = new Float64Array(d);
  for (let r = 0; r < count; r++) for (let j = 0; j < d; j++) mean[j]! += (rowWeight[r]! * x[r * d + j]!) / total;
  for (let r = 0; r < count; r++)
    for (let j = 0; j < d; j++) scale[j]! += (rowWeight[r]! * (x[r * d + j]! - mean[j]!) ** 2) / total;
  for (let j = 0; j < d; j++) scale[j] = Math.sqrt(scale[j]!) || 1;
  for (let r = 0; r < count; r++) for (let j = 0; j < d; j++) x[r * d + j] = (x[r * d + j]! - mean[j]!) / scale[j]!;
  const beta = start ? Float64Array.from(start) : new Float64Array(d);
  const gradient = new Float64Array(d);
  const fisher = new Float64Array(d * d);
  const expected = new Float64Array(d);
  // Fisher steps are not Newton's when a choice has several right alternatives, and with products
  // of features they overshoot and diverge: a step that lowers the penalized likelihood is halved.
  const accepted = Float64Array.from(beta);
  const lastStep = new Float64Array(d);
  let acceptedObjective = -Infinity;
  let stepScale = 1;
  for (let iteration = 0; iteration < 200; iteration++) {
    let objective = 0;
    for (let j = 0; j < d; j++) objective -= (l2 * beta[j]! ** 2) / 2;
    for (let j = 0; j < d; j++) gradient[j] = -l2 * beta[j]!;
    fisher.fill(0);
    for (let j = 0; j < d; j++) fisher[j * d + j] = l2;
    let first = 0;
    for (const choice of choices) {
      const n = choice.alternatives.length;
      const w = choice.weight ?? 1;
      const z = new Float64Array(n);
      let top = -Infinity;
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let j = 0; j < d; j++) s += x[(first + i) * d + j]! * beta[j]!;
        z[i] = s;
        top = Math.max(top, s);
      }
      let sum = 0;
      let rightSum = 0;
      for (let i = 0; i < n; i++) {
        z[i] = Math.exp(z[i]! - top);
        sum += z[i]!;
        if (choice.labels[i]) rightSum += z[i]!;
      }
      objective += w * Math.log(rightSum / sum);
      expected.fill(0);
      for (let i = 0; i < n; i++) {
        const p = z[i]! / sum;
        const q = choice.labels[i] ? z[i]! / rightSum : 0;
        for (let j = 0; j < d; j++) {
          const v = x[(first + i) * d + j]!;
          expected[j]! += p * v;
          gradient[j]! += w * (q - p) * v;
        }
      }
      for (let i = 0; i < n; i++) {
        const pw = (w * z[i]!) / sum;
        const base = (first + i) * d;
        for (let j = 0; j < d; j++) {
          const a = pw * (x[base + j]! - expected[j]!);
          if (a === 0) continue;
          for (let k = j; k < d; k++) fisher[j * d + k]! += a * (x[base + k]! - expected[k]!);
        }
      }
      first += n;
    }
    if (!(objective >= acceptedObjective - 1e-9) && stepScale > 1e-6) {
      stepScale /= 2;
      for (let j = 0; j < d; j++) beta[j] = accepted[j]! + stepScale * lastStep[j]!;
      continue;
    }
    acceptedObjective = objective;
    accepted.set(beta);
    stepScale = 1;
    const matrix = Array.from({ length: d }, (_, j) =>
      Array.from({ length: d }, (_, k) => (k >= j ? fisher[j * d + k]! : fisher[k * d + j]!)),
    );
    const step = solve(matrix, [...gradient]);
    for (let j = 0; j < d; j++) beta[j]! += (lastStep[j] = step[j]!);
    if (Math.max(...step.map(Math.abs)) < 1e-6) break;
  }
  const round = (v: number): number => Math.round(v * 1e6) / 1e6;
  return {
    features: [...names],
    mean: [...mean].map(round),
    scale: [...scale].map(round),
    weights: [...beta].map(round),
    bias: 0,
  };
}
