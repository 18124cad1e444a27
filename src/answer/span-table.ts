/**
 * What the sentence model sees of a passage's candidate spans (computed in spans.ts): each span,
 * and its features as a row of numbers in one table per passage.
 */
import type { Features } from './model.ts';

export interface Span {
  /** Verbatim text (a sentence, or a run of its clauses), untrimmed. */
  text: string;
  /** The sentence it is (or is part of), by position in the passage. */
  sentence: number;
  /** Whether it is the whole sentence. */
  whole: boolean;
  /** Query words it contains, normalized, for bolding. */
  matched: string[];
  /** Share of the question's importance it covers. */
  coverage: number;
  /** The rarity-weighted share of the question it covers (the hand-written score of old). */
  weighted: number;
}

/** A span with its features by name: what diagnosis shows and `npm run fit-sentences` fits on. */
export interface NamedSpan extends Span {
  features: Features;
}

/**
 * The sentence model's features of a span, in the order of a span's row in `SpanTable.values`.
 * They are kept as numbers in one array per passage, not an object per span (that object was
 * a third of what a question allocated): the model reads the rows (choose.ts `tableLogits`) and
 * names them only for diagnosis and fitting (`namedSpans`).
 */
export const SPAN_FEATURES = [
  'weighted',
  'weightedGap',
  'weightedRank',
  'heaviest',
  'questionChars',
  'charWeighted',
  'charWeightedGap',
  'coverage',
  'bestSentence',
  'afterBest',
  'beforeBest',
  'questionPieces',
  'longestShared',
  'typeHeld',
  'typeHeldRare',
  'typeHeldBest',
  'typeHeldAfterBest',
  'typeHeldBeforeBest',
  'previousWeighted',
  'nextWeighted',
  'chars',
  'novelChars',
  'novelShare',
  'narrowed',
  'firstSentence',
  'position',
  'englishWeighted',
  'unitFit',
  'unitFitGap',
] as const;

export type SpanFeature = (typeof SPAN_FEATURES)[number];

/** Each feature's column in a span's row. */
export const SPAN_COLUMN = Object.fromEntries(SPAN_FEATURES.map((name, i) => [name, i])) as Record<
  SpanFeature,
  number
>;

/**
 * The candidate spans of a passage and their features: span i's feature SPAN_FEATURES[c] is
 * values[i * SPAN_FEATURES.length + c].
 */
export interface SpanTable {
  spans: Span[];
  values: Float64Array;
}

/** The spans of a table with their features by name, in SPAN_FEATURES order. */
export function namedSpans(table: SpanTable): NamedSpan[] {
  return table.spans.map((span, i) => {
    const features: Features = {};
    SPAN_FEATURES.forEach((name, column) => {
      features[name] = table.values[i * SPAN_FEATURES.length + column]!;
    });
    return { ...span, features };
  });
}

/**
 * The span features whose pairwise products the sentence model also weighs for questions written
 * in traditional characters (DRCD's): their passages' sentences are shorter and the linear model
 * shared with simplified questions picks among them less well. Named `traditional:a*b`; 0 for
 * any other question.
 */
const TRADITIONAL_PRODUCT_BASES: readonly SpanFeature[] = [
  'weighted',
  'weightedGap',
  'charWeighted',
  'charWeightedGap',
  'bestSentence',
  'afterBest',
  'typeHeld',
  'longestShared',
  'chars',
  'novelShare',
  'questionChars',
  'position',
];

export const TRADITIONAL_PRODUCTS: ReadonlyArray<readonly [string, SpanFeature, SpanFeature]> =
  TRADITIONAL_PRODUCT_BASES.flatMap((a, i) =>
    TRADITIONAL_PRODUCT_BASES.slice(i + 1).map((b) => [`traditional:${a}*${b}`, a, b] as const),
  );

/** A span's features with the traditional products added (each 0 unless `traditional`). */
export function withTraditionalProducts(features: Features, traditional: boolean): Features {
  const out: Features = { ...features };
  for (const [name, a, b] of TRADITIONAL_PRODUCTS)
    out[name] = traditional ? (features[a] ?? 0) * (features[b] ?? 0) : 0;
  return out;
}
