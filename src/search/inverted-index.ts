/** BM25 parameters; the usual defaults suit paragraph-sized passages. */
export interface Bm25Options {
  /** Term-frequency saturation: higher lets repeated terms count for more. */
  k1: number;
  /** Length normalization: 0 ignores passage length, 1 fully normalizes by it. */
  b: number;
  /** The article title's factor (titles.ts TITLE_WEIGHT, the default). */
  titleWeight?: number;
}

export const DEFAULT_BM25: Bm25Options = { k1: 1.2, b: 0.75 };

/** A weighted query term. */
export interface QueryTerm {
  term: string;
  weight: number;
}

/**
 * An inverted index over documents given as term lists. Built once at start; a query touches only
 * the postings of its own terms, never every document. The postings are packed into typed arrays
 * (a term's documents are one slice of `docs`): with CMRC-sized knowledge (~94,000 terms, most in
 * one document) an object and two arrays per term took ~41 MB of heap, the packed form ~4 MB.
 */
/** One term's BM25 contribution: its idf, its count in the document, k1 + 1, the document's length norm. */
function bm25Term(idf: number, freq: number, saturation: number, norm: number): number {
  return (idf * (freq * saturation)) / (freq + norm);
}

export class InvertedIndex {
  readonly docCount: number;
  readonly averageLength: number;
  private readonly lengths: Float64Array;
  /** Each document's BM25 length norm, k1 × (1 − b + b × length / average): the same for every term. */
  private readonly norms: Float64Array;
  /** Term -> its number; term t's postings are docs/freqs[starts[t], starts[t + 1]). */
  private readonly termIds = new Map<string, number>();
  private readonly starts: Uint32Array;
  /** Document numbers, ascending within each term's slice. */
  private readonly docs: Uint32Array;
  private readonly freqs: Uint32Array;
  /** Per-document score sums of a search and whether each was scored, zero between searches. */
  private scratch?: Float64Array;
  private seen?: Uint8Array;

  constructor(
    documents: readonly (readonly string[])[],
    private readonly options: Bm25Options = DEFAULT_BM25,
  ) {
    this.docCount = documents.length;
    this.lengths = new Float64Array(documents.length);
    // First pass: number the terms, count the documents each occurs in, and keep each occurrence's
    // term number, so the second pass looks no string up again (a lookup hashes the term).
    const docCounts: number[] = [];
    const lastDoc: number[] = [];
    let total = 0;
    for (const terms of documents) total += terms.length;
    const occurrences = new Uint32Array(total);
    let at = 0;
    documents.forEach((terms, doc) => {
      this.lengths[doc] = terms.length;
      for (const term of terms) {
        let id = this.termIds.get(term);
        if (id === undefined) {
          this.termIds.set(term, (id = docCounts.length));
          docCounts.push(0);
          lastDoc.push(-1);
        }
        occurrences[at++] = id;
        if (lastDoc[id] !== doc) {
          lastDoc[id] = doc;
          docCounts[id]!++;
        }
      }
    });
    this.averageLength = total / Math.max(1, documents.length);
    this.norms = new Float64Array(documents.length);
    for (let doc = 0; doc < documents.length; doc++) this.norms[doc] = this.lengthNorm(this.lengths[doc]!);
    this.starts = new Uint32Array(docCounts.length + 1);
    for (let id = 0; id < docCounts.length; id++) this.starts[id + 1] = this.starts[id]! + docCounts[id]!;
    // Second pass: documents come in order, so a term's slice ends with the current document
    // exactly when the term was already seen in it.
    this.docs = new Uint32Array(this.starts[docCounts.length]!);
    this.freqs = new Uint32Array(this.docs.length);
    const next = this.starts.slice(0, docCounts.length);
    lastDoc.fill(-1);
    at = 0;
    documents.forEach((terms, doc) => {
      for (let end = at + terms.length; at < end; at++) {
        const id = occurrences[at]!;
        if (lastDoc[id] === doc) this.freqs[next[id]! - 1]!++;
        else {
          lastDoc[id] = doc;
          this.docs[next[id]!] = doc;
          this.freqs[next[id]!] = 1;
          next[id]!++;
        }
      }
    });
  }

  has(term: string): boolean {
    return this.termIds.has(term);
  }

  /** Whether a normalized term is indexed as a word, or through every bigram of it. */
  hasWordOrBigrams(term: string): boolean {
    if (this.has(term)) return true;
    const chars = Array.from(term);
    if (chars.length < 2) return false;
    for (let i = 0; i + 1 < chars.length; i++) if (!this.has(chars[i]! + chars[i + 1]!)) return false;
    return true;
  }

  /** Whether a document contains a term: a binary search in the term's (sorted) postings. */
  contains(doc: number, term: string): boolean {
    return this.posting(doc, term) >= 0;
  }

  /** Where a document is in a term's postings, or -1. */
  private posting(doc: number, term: string): number {
    const id = this.termIds.get(term);
    if (id === undefined) return -1;
    let low = this.starts[id]!;
    let high = this.starts[id + 1]! - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const value = this.docs[middle]!;
      if (value === doc) return middle;
      if (value < doc) low = middle + 1;
      else high = middle - 1;
    }
    return -1;
  }

  /** One document's BM25 score for a query, as `search` sums it. */
  scoreOf(doc: number, query: readonly QueryTerm[]): number {
    let score = 0;
    for (const { term, weight } of query) {
      const at = this.posting(doc, term);
      if (at >= 0) score += weight * this.termScore(term, this.freqs[at]!, this.lengthOf(doc));
    }
    return score;
  }

  /** A document's length in terms. */
  lengthOf(doc: number): number {
    return this.lengths[doc]!;
  }

  documentFrequency(term: string): number {
    const id = this.termIds.get(term);
    return id === undefined ? 0 : this.starts[id + 1]! - this.starts[id]!;
  }

  /** BM25 idf; a term no document has gets the highest idf (it would be the rarest). */
  idf(term: string): number {
    return this.idfOfCount(this.documentFrequency(term));
  }

  /** The idf of something `df` documents hold. */
  idfOfCount(df: number): number {
    return Math.log(1 + (this.docCount - df + 0.5) / (df + 0.5));
  }

  /** How many documents hold at least one of the terms (search's marks, cleared after). */
  documentsHoldingAny(terms: readonly string[]): number {
    const seen = (this.seen ??= new Uint8Array(this.docCount));
    const marked: number[] = [];
    for (const term of terms) {
      const id = this.termIds.get(term);
      if (id === undefined) continue;
      for (let i = this.starts[id]!; i < this.starts[id + 1]!; i++) {
        const doc = this.docs[i]!;
        if (seen[doc] === 0) {
          seen[doc] = 1;
          marked.push(doc);
        }
      }
    }
    for (const doc of marked) seen[doc] = 0;
    return marked.length;
  }

  terms(): IterableIterator<string> {
    return this.termIds.keys();
  }

  /** The BM25 contribution of one term occurring `freq` times in a document of `length` terms. */
  termScore(term: string, freq: number, length: number, idf = this.idf(term)): number {
    return bm25Term(idf, freq, this.options.k1 + 1, this.lengthNorm(length));
  }

  private lengthNorm(length: number): number {
    const { k1, b } = this.options;
    return k1 * (1 - b + (b * length) / this.averageLength);
  }

  /** Scores every document that shares a term with the query; returns [doc, score] best first. */
  search(
    query: readonly QueryTerm[],
    limit: number,
    /** A factor on each scored document's sum (its article's title, titles.ts), before the cut. */
    factor?: (doc: number) => number,
  ): Array<[doc: number, score: number]> {
    // Sums in a typed array, documents listed in the order first scored (the order ties keep);
    // the array is reused, and only the documents scored are cleared after.
    const scores = (this.scratch ??= new Float64Array(this.docCount));
    const seen = (this.seen ??= new Uint8Array(this.docCount));
    const scored: number[] = [];
    const saturation = this.options.k1 + 1;
    for (const { term, weight } of query) {
      const id = this.termIds.get(term);
      if (id === undefined) continue;
      const idf = this.idf(term);
      for (let i = this.starts[id]!; i < this.starts[id + 1]!; i++) {
        const doc = this.docs[i]!;
        // termScore with the document's norm read, not worked out again for each of its terms.
        const score = weight * bm25Term(idf, this.freqs[i]!, saturation, this.norms[doc]!);
        if (seen[doc] === 0) {
          seen[doc] = 1;
          scored.push(doc);
        }
        scores[doc] = scores[doc]! + score;
      }
    }
    // The best `limit`, as a stable sort of all of them would order them (ties in the order first
    // scored), kept by insertion: most questions score most passages, and only a few are wanted.
    const ranked: Array<[doc: number, score: number]> = [];
    for (const doc of scored) {
      const score = factor ? scores[doc]! * factor(doc) : scores[doc]!;
      scores[doc] = 0;
      seen[doc] = 0;
      if (limit <= 0 || (ranked.length === limit && !(score > ranked[limit - 1]![1]))) continue;
      let at = ranked.length;
      while (at > 0 && ranked[at - 1]![1] < score) at--;
      if (ranked.length === limit) ranked.pop();
      ranked.splice(at, 0, [doc, score]);
    }
    return ranked;
  }
}
