/**
 * A passage split into sentences and clauses, and the candidate spans it offers (whole sentences,
 * or runs of clauses of a long one). None of it depends on the question, and the same passages
 * answer many questions, so it is worked out once per passage and kept.
 */
import { splitSentences } from '../knowledge/chunk.ts';
import { normalizeText } from '../search/normalize.ts';
import { tokenizeEach } from '../search/tokenize.ts';
import { holdsAnswerType, type AnswerType } from './answer-type.ts';
import { TextCache } from './text-cache.ts';

/**
 * A clause of a sentence (its index terms are in the passage's `terms`). Kept compact (strings rather than sets and arrays
 * of one-character strings, ~4x less heap) so that the cache below holds CMRC-sized knowledge
 * whole in the heap a quarter of it took: re-tokenizing passages that dropped out was most of
 * an answer's time.
 */
export interface Clause {
  text: string;
  normalized: string;
  /** How many letters and digits (code points) it has, normalized; punctuation and spaces left out. */
  charCount: number;
}

/** How a term is looked up in a passage's `terms`: worked out once per question term. */
export function termKey(term: string): string {
  // Index terms never hold a NUL: one that does is in no clause.
  return term.includes('\0') ? '\0\0' : `\0${term}\0`;
}

/**
 * Calls `found` with each clause (by place among all the passage's clauses) that has an index
 * term, given as its `termKey`: one search of the passage's terms, each occurrence placed in the
 * clause it falls in (a key that would run across two clauses' terms is in neither).
 */
export function clausesHaving(passage: TokenizedPassage, key: string, found: (clause: number) => void): void {
  const { terms, termStarts } = passage;
  let clause = 0;
  for (let at = terms.indexOf(key); at >= 0; at = terms.indexOf(key, at + 1)) {
    while (termStarts[clause + 1]! <= at) clause++;
    if (at + key.length <= termStarts[clause + 1]!) found(clause);
  }
}

/** Clauses [start, end) of one sentence: what a candidate answer span is made of. */
export interface SpanShape {
  sentence: number;
  start: number;
  end: number;
  whole: boolean;
  /** Verbatim, untrimmed. */
  text: string;
  normalized: string;
  /** Where its letters and digits start and end in the sentence's (see `sentenceChars`). */
  charFrom: number;
  charTo: number;
  /** log(1 + its trimmed length): the span feature `chars`, the same for every question. */
  charsLog: number;
  /** Whether it holds each answer type asked so far (holdsAnswerType, memoized). */
  holds: Partial<Record<AnswerType, boolean>>;
}

export interface TokenizedPassage {
  sentences: string[];
  clauses: Clause[][];
  /** Per sentence: its clauses' normalized text joined, and its whole span. */
  wholes: SpanShape[];
  /** Per sentence: its clauses' letters and digits, in order, as code points. */
  sentenceChars: Uint32Array[];
  /**
   * Every clause's distinct index terms, each between NULs ("\0a\0b\0"), clause after clause: a
   * question term is found in all of them with one search (`clausesHaving`), not one per clause.
   */
  terms: string;
  /** Where each clause's terms start in `terms` (clauses of all sentences in order), and the end. */
  termStarts: Int32Array;
  /** The spans offered for one answer length limit (one limit is used, but tests may vary it). */
  spansByLimit: Map<number, SpanShape[]>;
}

/** A sentence's clauses as written, keeping every character (commas stay attached). */
function clauseTexts(sentence: string): string[] {
  return sentence.match(/[^，,、：:]+[，,、：:]*/gu) ?? [sentence];
}

/**
 * The clauses of each sentence, their terms found with one tokenizer call for the passage, and
 * each sentence's letters and digits as code points (no string is kept or made per character).
 */
function splitClauses(sentences: readonly string[]): {
  clauses: Clause[][];
  sentenceChars: Uint32Array[];
  terms: string;
  termStarts: Int32Array;
} {
  const texts = sentences.map(clauseTexts);
  const normalized = texts.flat().map(normalizeText);
  const terms = tokenizeEach(normalized);
  let k = 0;
  const sentenceChars: Uint32Array[] = [];
  const termStarts = new Int32Array(normalized.length + 1);
  // The terms' pieces, joined once at the end: a string grown by `+=` is a tree of two pieces per
  // step until first searched (~14 MB for CMRC's passages against 2 MB joined).
  const termParts: string[] = [];
  let termsLength = 0;
  const clauses = texts.map((sentenceTexts) => {
    const codes: number[] = [];
    const sentenceClauses = sentenceTexts.map((text) => {
      const normalizedText = normalized[k]!;
      const letters = normalizedText.replace(/[^\p{L}\p{N}]/gu, '');
      const before = codes.length;
      for (let at = 0; at < letters.length; at++) {
        const code = letters.codePointAt(at)!;
        if (code > 0xffff) at++;
        codes.push(code);
      }
      // Its distinct terms, each followed by a NUL, after a NUL.
      const seen = new Set<string>();
      termParts.push('\0');
      termsLength++;
      for (const term of terms[k++]!) {
        if (seen.has(term)) continue;
        seen.add(term);
        termParts.push(term, '\0');
        termsLength += term.length + 1;
      }
      termStarts[k] = termsLength;
      return {
        text,
        normalized: normalizedText,
        charCount: codes.length - before,
      };
    });
    sentenceChars.push(Uint32Array.from(codes));
    return sentenceClauses;
  });
  return { clauses, sentenceChars, terms: termParts.join(''), termStarts };
}

/** `whole`: false for a run of a long sentence, even one of all its clauses. */
function shapeOf(
  clauses: readonly Clause[],
  sentence: number,
  start: number,
  end: number,
  whole = start === 0 && end === clauses.length,
): SpanShape {
  let charFrom = 0;
  for (let i = 0; i < start; i++) charFrom += clauses[i]!.charCount;
  let charTo = charFrom;
  // Joined once, not grown by `+=`: such a string stays a tree of pieces (twice the heap, kept
  // with the passage) until something reads it whole.
  const texts: string[] = [];
  const normalizedTexts: string[] = [];
  for (let i = start; i < end; i++) {
    texts.push(clauses[i]!.text);
    normalizedTexts.push(clauses[i]!.normalized);
    charTo += clauses[i]!.charCount;
  }
  const text = texts.join('');
  const normalized = normalizedTexts.join('');
  const charsLog = Math.log(1 + text.trim().length);
  return { sentence, start, end, whole, text, normalized, charFrom, charTo, charsLog, holds: {} };
}

/** Whether a span holds the asked type; the answer is the same for every question asking it. */
export function spanHolds(shape: SpanShape, type: AnswerType): boolean {
  return (shape.holds[type] ??= holdsAnswerType(shape.normalized, type));
}

/**
 * The candidate spans, in order: each sentence that fits in `maxChars` whole, each longer one as
 * its runs of clauses that fit (a single clause always counts).
 */
export function spansOf(passage: TokenizedPassage, maxChars: number): SpanShape[] {
  let shapes = passage.spansByLimit.get(maxChars);
  if (shapes) return shapes;
  shapes = [];
  passage.clauses.forEach((clauses, sentence) => {
    const whole = passage.wholes[sentence]!;
    if (whole.text.length <= maxChars) {
      shapes!.push(whole);
      return;
    }
    for (let start = 0; start < clauses.length; start++) {
      let chars = 0;
      for (let end = start; end < clauses.length; end++) {
        chars += clauses[end]!.text.length;
        if (end > start && chars > maxChars) break;
        // Made whole-false by shapeOf, not by a spread copy: a copy's hidden class differs from
        // the wholes', and every function reading spans saw two.
        shapes!.push(shapeOf(clauses, sentence, start, end + 1, false));
      }
    }
  });
  passage.spansByLimit.set(maxChars, shapes);
  return shapes;
}

/**
 * Tokenizing a passage's clauses costs more than the rest of an answer; the same passages answer
 * many questions, so the most recently used are kept, bounded by characters rather than passages
 * (~35 bytes of heap a character): CMRC-sized knowledge (432,000 characters) fits whole, ~15 MB.
 */
export const tokenizedPassages = new TextCache<TokenizedPassage>(500_000);

export function tokenizedSentences(passage: string): TokenizedPassage {
  let entry = tokenizedPassages.get(passage);
  if (!entry) {
    const sentences = splitSentences(passage).filter((sentence) => sentence.trim());
    const { clauses, sentenceChars, terms, termStarts } = splitClauses(
      sentences.map((sentence) => sentence.trim()),
    );
    entry = {
      sentences,
      clauses,
      wholes: clauses.map((sentenceClauses, i) => shapeOf(sentenceClauses, i, 0, sentenceClauses.length)),
      sentenceChars,
      terms,
      termStarts,
      spansByLimit: new Map(),
    };
    tokenizedPassages.set(passage, entry);
  }
  return entry;
}
