import * as OpenCC from 'opencc-js';

// Traditional -> simplified at character and phrase level, so 貢獻者 and 贡献者 index alike.
const toSimplified = OpenCC.Converter({ from: 'tw', to: 'cn' });

/**
 * The one normalization applied to knowledge and questions alike: NFKC (full-width -> ASCII,
 * compatibility forms), lower case, traditional -> simplified, curly quotes -> straight.
 * Length may change, so callers normalize whole units (sentences) rather than map offsets.
 */
export function normalizeText(text: string): string {
  return toSimplified(text.normalize('NFKC').toLowerCase())
    .replace(/[“”„‟"]/g, '"')
    .replace(/[‘’‚‛]/g, "'");
}
