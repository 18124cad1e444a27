/**
 * The sentence model's span fit (scripts/fit-sentences.ts): a conditional logit over a passage's
 * spans, with or without the products of span features for questions written in traditional
 * characters (span-table.ts `TRADITIONAL_PRODUCTS`).
 */
import type { Features, LogisticModel } from '../answer/model.ts';
import { TRADITIONAL_PRODUCTS, withTraditionalProducts } from '../answer/span-table.ts';
import { fitConditionalLogit, type Choice } from './logistic.ts';

export const TRADITIONAL_PRODUCT_NAMES: ReadonlySet<string> = new Set(TRADITIONAL_PRODUCTS.map(([name]) => name));

/** Adds the traditional products to each span's features (derived, so a collected cache stays valid). */
export function addTraditionalProducts(spans: Array<{ features: Features }>, traditional: boolean): void {
  for (const span of spans) span.features = withTraditionalProducts(span.features, traditional);
}

/**
 * Fits the span model on `choices` over the linear `names`, and with `products` the traditional
 * products too, all weights fitted together. A product's mean is stored as 0: a constant within
 * a question does not move the choice, and so the products add nothing to the raw score of a
 * question not written in traditional characters. `warm` (updated) carries the weights from one
 * fold's fit to the next, a few Fisher steps instead of twenty.
 */
export function fitSpanModel(
  choices: readonly Choice[],
  names: readonly string[],
  products: boolean,
  warm: { weights?: number[] },
): LogisticModel {
  const all = products ? [...names, ...TRADITIONAL_PRODUCT_NAMES] : [...names];
  const model = fitConditionalLogit(choices, all, 1, warm.weights);
  warm.weights = model.weights;
  return { ...model, mean: model.mean.map((m, i) => (TRADITIONAL_PRODUCT_NAMES.has(all[i]!) ? 0 : m)) };
}
