/** A small L2-regularized logistic regression, fitted by Newton's method on standardized features. */
import type { Features, LogisticModel } from '../answer/model.ts';

export interface Example {
  features: Features;
  label: 0 | 1;
  /** How much the example counts (balances sources of different sizes). */
  weight?: number;
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
      const z = xi.reduce((sum, v, j) => sum + v * beta[j]!, 0);
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
