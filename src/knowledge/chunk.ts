import type { Block, Passage } from './types.ts';

export interface ChunkOptions {
  /** Paragraphs longer than this are split at sentence ends into passages of about this size. */
  maxPassageChars: number;
}

export const DEFAULT_CHUNK_OPTIONS: ChunkOptions = { maxPassageChars: 600 };

// A sentence ends at 。！？!? (and ; ；), followed by any closing quotes or brackets; Latin
// full stops count only before a space, so "3.5" and "C++." stay whole.
const SENTENCE = /[^。！？!?；;]*?(?:[。！？!?；;]+|\.(?=\s)|$)["'”’」』）)]*\s*/gu;

/** Splits text into sentences that, joined, give back the text exactly (verbatim quoting). */
export function splitSentences(text: string): string[] {
  const sentences: string[] = [];
  for (const match of text.matchAll(SENTENCE)) {
    if (match[0]) sentences.push(match[0]);
  }
  return sentences;
}

// Captions under images ("△ Soumith Chintala") name a picture; alone they answer nothing.
function isCaption(text: string): boolean {
  return /^[△▲▽▼↑↓]/.test(text) || /^(图|圖|图片|图源|来源|source|image|photo)\s*[:：]/i.test(text);
}

/** Paragraph blocks -> passages with stable ids in reading order and their section heading. */
export function chunkBlocks(
  articleId: string,
  blocks: readonly Block[],
  options: ChunkOptions = DEFAULT_CHUNK_OPTIONS,
): Passage[] {
  const passages: Passage[] = [];
  let section: string | undefined;
  const push = (text: string): void => {
    const ordinal = passages.length + 1;
    passages.push({ key: `${articleId}§${ordinal}`, articleId, id: String(ordinal), ordinal, section, text });
  };
  for (const block of blocks) {
    if (block.kind === 'heading') {
      section = block.text;
      continue;
    }
    if (isCaption(block.text)) continue;
    if (block.text.length <= options.maxPassageChars) {
      push(block.text);
      continue;
    }
    let current = '';
    for (const sentence of splitSentences(block.text)) {
      if (current && current.length + sentence.length > options.maxPassageChars) {
        push(current.trim());
        current = '';
      }
      current += sentence;
    }
    if (current.trim()) push(current.trim());
  }
  return passages;
}
