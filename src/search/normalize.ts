import * as OpenCC from 'opencc-js';
import { TextCache } from '../answer/text-cache.ts';
import { lookupConverter } from './opencc-lookup.ts';
import { QUESTION_FRAMING_WORDS } from './question-words.ts';

// Traditional -> simplified at character and phrase level, so 貢獻者 and 贡献者 index alike.
const convertToSimplified = OpenCC.Converter({ from: 'tw', to: 'cn' });
// OpenCC's Taiwan phrase table (專案 -> 项目, 軟體 -> 软件) and simplified -> traditional, for
// mainlandWord only, made on its first call (questions written in traditional). They look keys up
// in the dictionaries' text (opencc-lookup.ts): OpenCC's own tries took ~45 MB of heap and ~250 ms
// to build for the few words of traditional questions.
let convertTaiwanToMainland: ((text: string) => string) | undefined;
let convertToTraditional: ((text: string) => string) | undefined;

/** The converter of an opencc-js configuration, by lookup where its shape is known. */
function converterOf(
  config: string,
  options: Parameters<typeof OpenCC.Converter>[0],
): (text: string) => string {
  const configs = (OpenCC.Locale as { configs?: Record<string, Record<string, unknown>> }).configs;
  return lookupConverter(configs?.[config]) ?? OpenCC.Converter(options);
}

/**
 * What a key of some dictionary in the converter's chain can start with: the keys of one character
 * (one bit per code point, 139 kB) and the first two characters of the longer ones (`pairKey`),
 * with a bit for each pair's first. Text where no key of one character occurs and no longer key's
 * first two characters follow one another comes out of every step of the chain unchanged, so it
 * need not be converted. Most text (simplified Chinese, English) is such: of CMRC's clauses 5%
 * need the converter, where 82% hold a character some key starts with (the test before this one);
 * converting took a twentieth of `ask --json`'s time.
 */
interface KeyStarts {
  single: Uint8Array;
  pairFirst: Uint8Array;
  pairs: Set<number>;
}

function keyStarts(): KeyStarts | undefined {
  const config = (OpenCC.Locale as { configs?: Record<string, Record<string, unknown>> }).configs?.tw2s;
  if (!config) return undefined;
  const starts: KeyStarts = {
    single: new Uint8Array(0x110000 >> 3),
    pairFirst: new Uint8Array(0x110000 >> 3),
    pairs: new Set(),
  };
  const add = (dictionaries: unknown): boolean => {
    if (typeof dictionaries === 'string') {
      // Entries are "key value" (values may follow, space-separated), joined by "|".
      for (const entry of dictionaries.split('|')) {
        const key = entry.split(' ')[0]!;
        const first = key.codePointAt(0);
        if (first === undefined) continue;
        const second = key.codePointAt(first > 0xffff ? 2 : 1);
        if (second === undefined) setBit(starts.single, first);
        else {
          setBit(starts.pairFirst, first);
          starts.pairs.add(pairKey(first, second));
        }
      }
      return true;
    }
    return Array.isArray(dictionaries) && dictionaries.every(add);
  };
  const chains = [config.normalizationChain, config.segmentation, config.conversionChain];
  // A shape this code does not know (another opencc-js version): convert everything, as before.
  return chains.every(add) ? starts : undefined;
}

function setBit(bits: Uint8Array, code: number): void {
  bits[code >> 3]! |= 1 << (code & 7);
}

const hasBit = (bits: Uint8Array, code: number): boolean => (bits[code >> 3]! & (1 << (code & 7))) !== 0;

const keys = keyStarts();

function toSimplified(text: string): string {
  if (!keys) return convertToSimplified(text);
  for (let i = 0; i < text.length;) {
    const code = text.codePointAt(i)!;
    i += code > 0xffff ? 2 : 1;
    if (hasBit(keys.single, code)) return convertToSimplified(text);
    if (
      hasBit(keys.pairFirst, code) &&
      i < text.length &&
      keys.pairs.has(pairKey(code, text.codePointAt(i)!))
    )
      return convertToSimplified(text);
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

/** Whether a text is written in traditional characters: normalizing it changes them. */
export function writesTraditional(text: string): boolean {
  const lower = text.normalize('NFKC').toLowerCase();
  return toSimplified(lower) !== lower;
}

/**
 * The mainland word for a word (as normalized) that Taiwan words otherwise: a member who writes
 * 專案 or 軟體 means what a simplified article calls 项目 or 软件. Only for questions written in
 * traditional: on a simplified word the table would misread mainland words as Taiwan ones
 * (程序 -> 进程, 核心 -> 内核).
 */
export function mainlandWord(word: string): string | undefined {
  // OpenCC.Converter names these configurations s2tw and tw2sp.
  const toTraditional = (convertToTraditional ??= converterOf('s2tw', { from: 'cn', to: 'tw' }));
  const taiwanToMainland = (convertTaiwanToMainland ??= converterOf('tw2sp', { from: 'twp', to: 'cn' }));
  const mainland = taiwanToMainland(toTraditional(word));
  return mainland !== word ? mainland : undefined;
}

/**
 * A traditional question's text (else `knowledge` is false) with Taiwan's phrases in their
 * mainland form (盧安達 -> 卢旺达, 全球資訊網 -> 万维网) where the knowledge has that form (as a
 * word or through every bigram) and not the typed one. Phrases, not segmented words: the
 * segmenter splits Taiwan's names it does not know (卢|安达, 索|马|利亚), so no word of theirs
 * reached `mainlandWord`. Longest phrase first, up to MAX_PHRASE characters.
 */
export function mainlandPhrases(text: string, knowledge: false | KnownTerms): string {
  // Most questions hold no phrase Taiwan words otherwise: one conversion tells, not one a phrase.
  if (!knowledge || mainlandWord(text) === undefined) return text;
  const knows = (term: string): boolean => knowledge.hasWordOrBigrams(term);
  const chars = Array.from(text);
  let out = '';
  for (let i = 0; i < chars.length;) {
    let length = Math.min(MAX_PHRASE, chars.length - i);
    for (; length >= 2; length--) {
      const typed = chars.slice(i, i + length).join('');
      // A question's framing (西元, 何时) stays as typed: the query drops it as a stopword.
      if (!/^\p{Script=Han}+$/u.test(typed) || QUESTION_FRAMING_WORDS.some((word) => typed.includes(word)))
        continue;
      const mainland = knows(typed) ? undefined : mainlandWord(typed);
      if (mainland && knows(mainland)) {
        out += mainland;
        break;
      }
    }
    if (length < 2) out += chars[i++];
    else i += length;
  }
  return out;
}

const MAX_PHRASE = 6;

/** The knowledge's index, as far as mainlandPhrases asks it. */
interface KnownTerms {
  hasWordOrBigrams(term: string): boolean;
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
