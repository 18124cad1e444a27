import * as OpenCC from 'opencc-js';
import { TextCache } from '../answer/text-cache.ts';

// Traditional -> simplified at character and phrase level, so 貢獻者 and 贡献者 index alike.
const convertToSimplified = OpenCC.Converter({ from: 'tw', to: 'cn' });

/**
 * The characters that start a key of some dictionary in the converter's chain, one bit per code
 * point (139 kB): text holding none of them comes out of every step of the chain unchanged, so it
 * need not be converted. Most text (simplified Chinese, English) holds none, and converting it
 * took a tenth of an answer's time.
 */
function keyStarts(): Uint8Array | undefined {
  const config = (OpenCC.Locale as { configs?: Record<string, Record<string, unknown>> }).configs?.tw2s;
  if (!config) return undefined;
  const starts = new Uint8Array(0x110000 >> 3);
  const add = (dictionaries: unknown): boolean => {
    if (typeof dictionaries === 'string') {
      for (const entry of dictionaries.split('|')) {
        const code = entry.codePointAt(0)!;
        starts[code >> 3]! |= 1 << (code & 7);
      }
      return true;
    }
    return Array.isArray(dictionaries) && dictionaries.every(add);
  };
  const chains = [config.normalizationChain, config.segmentation, config.conversionChain];
  // A shape this code does not know (another opencc-js version): convert everything, as before.
  return chains.every(add) ? starts : undefined;
}

const keyStartBits = keyStarts();

function toSimplified(text: string): string {
  if (!keyStartBits) return convertToSimplified(text);
  for (let i = 0; i < text.length; i++) {
    const code = text.codePointAt(i)!;
    if (keyStartBits[code >> 3]! & (1 << (code & 7))) return convertToSimplified(text);
    if (code > 0xffff) i++;
  }
  return text;
}

/**
 * The one normalization applied to knowledge and questions alike: NFKC (full-width -> ASCII,
 * compatibility forms), lower case, traditional -> simplified, curly quotes -> straight.
 * Length may change, so callers normalize whole units (sentences) rather than map offsets.
 */
export function normalizeText(text: string): string {
  return (
    toSimplified(text.normalize('NFKC').toLowerCase())
      .replace(/[“”„‟"]/g, '"')
      .replace(/[‘’‚‛]/g, "'")
      // Taiwan writes 甚麼 for 什麼; the converter keeps 甚 (it is also "very"), so 甚么 would split
      // into 甚|么 and leave 甚 as a content word of the question.
      .replace(/甚么/g, '什么')
  );
}

/**
 * normalizeText of the answer spans the engine chooses: the same few sentences of the passages
 * that come first are chosen again and again, and normalizing one (NFKC, converter) took a
 * twentieth of an answer's time. Bounded by characters (~1 MB of heap at most).
 */
const normalizedSpans = new TextCache<string>(200_000);

export function normalizedSpan(span: string): string {
  let normalized = normalizedSpans.get(span);
  if (normalized === undefined) normalizedSpans.set(span, (normalized = normalizeText(span)));
  return normalized;
}

/** Two code points as one number (below 2^53), for looking character pairs up without making strings. */
export function pairKey(first: number, second: number): number {
  return first * 0x110000 + second;
}
