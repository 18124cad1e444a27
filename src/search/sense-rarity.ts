/**
 * How much a word reached through its senses weighs (the word itself where the knowledge has it,
 * and its translations): docs/evaluation.md, en11.
 * - `rarest`: its rarest term found, bigrams included: a far sense ("between" -> 时间 where 之间 is
 *   absent) weighs like a real match.
 * - `mean`: the mean rarity of the senses found.
 * - `any`: the rarity of the passages holding any of its senses, as if they were one word.
 * A sense the knowledge has only in pieces counts its rarest bigram, as a Chinese word's does.
 * Asked in English only: a Latin word of a Chinese question is mostly a name the knowledge writes
 * in Latin letters, and keeps `rarest` (query.ts).
 */
import type { InvertedIndex, QueryTerm } from './inverted-index.ts';

export type SenseRarity = 'rarest' | 'mean' | 'any';
export const SENSE_RARITIES: readonly SenseRarity[] = ['rarest', 'mean', 'any'];

/** The weighting English questions read: the served one, or another measured (`npm run eval -- --sense-rarity`). */
let served: SenseRarity = 'rarest';

/** `--sense-rarity M` of npm run eval, fit-sentences, calibrate and fit: none keeps the served one. */
export function useSenseRarityOption(option: string | undefined): void {
  if (option === undefined) return;
  if (!SENSE_RARITIES.includes(option as SenseRarity))
    throw new Error(`--sense-rarity: one of ${SENSE_RARITIES.join(', ')}`);
  served = option as SenseRarity;
}

/** The index term standing for a sense: the whole word, or else a Han word's rarest bigram. */
function senseTerm(term: string, index: InvertedIndex): string | undefined {
  if (index.has(term)) return term;
  if (!/\p{Script=Han}/u.test(term)) return undefined;
  const chars = Array.from(term);
  let rarest: string | undefined;
  for (let i = 0; i + 1 < chars.length; i++) {
    const bigram = chars[i]! + chars[i + 1]!;
    if (!index.has(bigram)) continue;
    if (!rarest || index.documentFrequency(bigram) < index.documentFrequency(rarest)) rarest = bigram;
  }
  return rarest;
}

/** A group's rarity from its terms; those of weight `pieceWeight` are pieces (bigrams) of a sense. */
export function sensesRarity(
  terms: readonly QueryTerm[],
  index: InvertedIndex,
  mode: SenseRarity = served,
  pieceWeight = Number.NaN,
): number {
  if (mode === 'rarest') return Math.max(...terms.map(({ term }) => (index.has(term) ? index.idf(term) : 0)));
  const found = terms
    .filter(({ weight }) => weight !== pieceWeight)
    .map(({ term }) => senseTerm(term, index))
    .filter((term) => term !== undefined);
  if (found.length === 0) return 0;
  if (mode === 'any') return index.idfOfCount(index.documentsHoldingAny(found));
  return found.reduce((sum, term) => sum + index.idf(term), 0) / found.length;
}
