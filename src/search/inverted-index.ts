/** BM25 parameters; the usual defaults suit paragraph-sized passages. */
export interface Bm25Options {
  /** Term-frequency saturation: higher lets repeated terms count for more. */
  k1: number;
  /** Length normalization: 0 ignores passage length, 1 fully normalizes by it. */
  b: number;
}

export const DEFAULT_BM25: Bm25Options = { k1: 1.2, b: 0.75 };

interface Postings {
  docs: number[];
  freqs: number[];
}

/** A weighted query term. */
export interface QueryTerm {
  term: string;
  weight: number;
}

/**
 * An inverted index over documents given as term lists. Built once at start; a query touches only
 * the postings of its own terms, never every document.
 */
export class InvertedIndex {
  readonly docCount: number;
  readonly averageLength: number;
  private readonly lengths: Float64Array;
  private readonly postings = new Map<string, Postings>();

  constructor(
    documents: readonly (readonly string[])[],
    private readonly options: Bm25Options = DEFAULT_BM25,
  ) {
    this.docCount = documents.length;
    this.lengths = new Float64Array(documents.length);
    let total = 0;
    // One pass: documents come in order, so a term's postings end with the current document
    // exactly when the term was already seen in it.
    documents.forEach((terms, doc) => {
      this.lengths[doc] = terms.length;
      total += terms.length;
      for (const term of terms) {
        let postings = this.postings.get(term);
        if (!postings) this.postings.set(term, (postings = { docs: [], freqs: [] }));
        const last = postings.docs.length - 1;
        if (postings.docs[last] === doc) postings.freqs[last]!++;
        else {
          postings.docs.push(doc);
          postings.freqs.push(1);
        }
      }
    });
    this.averageLength = total / Math.max(1, documents.length);
  }

  has(term: string): boolean {
    return this.postings.has(term);
  }

  /** Whether a document contains a term: a binary search in the term's (sorted) postings. */
  contains(doc: number, term: string): boolean {
    const docs = this.postings.get(term)?.docs;
    if (!docs) return false;
    let low = 0;
    let high = docs.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const value = docs[middle]!;
      if (value === doc) return true;
      if (value < doc) low = middle + 1;
      else high = middle - 1;
    }
    return false;
  }

  /** A document's length in terms. */
  lengthOf(doc: number): number {
    return this.lengths[doc]!;
  }

  documentFrequency(term: string): number {
    return this.postings.get(term)?.docs.length ?? 0;
  }

  /** BM25 idf; a term no document has gets the highest idf (it would be the rarest). */
  idf(term: string): number {
    const df = this.documentFrequency(term);
    return Math.log(1 + (this.docCount - df + 0.5) / (df + 0.5));
  }

  terms(): IterableIterator<string> {
    return this.postings.keys();
  }

  /** The BM25 contribution of one term occurring `freq` times in a document of `length` terms. */
  termScore(term: string, freq: number, length: number, idf = this.idf(term)): number {
    const { k1, b } = this.options;
    const norm = k1 * (1 - b + (b * length) / this.averageLength);
    return (idf * (freq * (k1 + 1))) / (freq + norm);
  }

  /** Scores every document that shares a term with the query; returns [doc, score] best first. */
  search(query: readonly QueryTerm[], limit: number): Array<[doc: number, score: number]> {
    const scores = new Map<number, number>();
    for (const { term, weight } of query) {
      const postings = this.postings.get(term);
      if (!postings) continue;
      const idf = this.idf(term);
      for (let i = 0; i < postings.docs.length; i++) {
        const doc = postings.docs[i]!;
        const score = weight * this.termScore(term, postings.freqs[i]!, this.lengths[doc]!, idf);
        scores.set(doc, (scores.get(doc) ?? 0) + score);
      }
    }
    return [...scores].sort((a, b) => b[1] - a[1]).slice(0, limit);
  }
}
