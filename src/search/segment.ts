import { TextCache } from '../answer/text-cache.ts';

/** Chinese word segmentation (ICU's dictionary), for questions and knowledge alike. */
export const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });

/**
 * The Segmenter's words of Han runs joined by newlines, memoized by the joined text as the words'
 * lengths. Segmenting is most of the cost of tokenizing, and the same text comes back: a
 * passage's clauses hold exactly its runs, so tokenizing them (answer/clauses.ts, when first asked
 * about and whenever it dropped out of that cache) reuses what indexing the passage found. Keys
 * take 2 bytes a character, lengths 4 a word: ~1 MB of heap with CMRC-sized knowledge, bounded.
 */
const segmentations = new TextCache<Uint32Array>(2_000_000);

export function segmentsOf(text: string): string[] {
  const segments: string[] = [];
  const lengths = segmentations.get(text);
  if (lengths) {
    let start = 0;
    for (const length of lengths) segments.push(text.slice(start, (start += length)));
    return segments;
  }
  for (const { segment } of segmenter.segment(text)) segments.push(segment);
  // Filled by a loop: `Uint32Array.from` with a mapping function goes through an iterator.
  const found = new Uint32Array(segments.length);
  for (let i = 0; i < segments.length; i++) found[i] = segments[i]!.length;
  segmentations.set(text, found);
  return segments;
}
