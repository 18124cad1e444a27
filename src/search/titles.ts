import type { Article } from '../knowledge/types.ts';
import type { InvertedIndex } from './inverted-index.ts';
import { normalizeText } from './normalize.ts';
import { groupCoverage, type Query } from './query.ts';
import { tokenize } from './tokenize.ts';

/** The factor on a passage whose article's title names all of the question: 1 + TITLE_WEIGHT. */
export const TITLE_WEIGHT = 4;

/**
 * What an article is about: its title, or — for a file with none — the phrase its first passage
 * opens with, which in encyclopedic text names the subject ("鑫诺一号通信卫星（SINOSAT-1）是…").
 */
export function articleTopic(article: Article): string {
  if (article.title !== article.id) return article.title;
  const opening = article.passages[0]?.text ?? '';
  return /^[^（(，,。;；：:]{1,30}?(?=是|为|[（(，,。;；：:])/.exec(opening)?.[0] ?? '';
}

/**
 * How much of a question an article's title names, as a factor on the retrieval score of each of
 * its passages. Indexing the title with every passage (tried first, reverted) made all passages
 * of an article match its words, so they no longer told each other apart; a factor shared by an
 * article's passages leaves their order as it was and only moves articles against each other
 * ("青石镇北边与什么相邻" favours the article titled 青石镇 over another whose passage says 北边
 * three times). With one title in the knowledge it is the same for every passage: nothing changes.
 */
export class ArticleTitles {
  /** Each passage's title, as an index into `terms`; -1 for a file without a title. */
  private readonly titleOf: Int32Array;
  /** Each distinct title's terms (the paragraphs of one article share a title). */
  private readonly terms: ReadonlySet<string>[] = [];
  /** Term -> the titles holding it: only those can name any of a question's words. */
  private readonly titlesWith = new Map<string, number[]>();

  constructor(
    articles: readonly Article[],
    /** The factor for a title naming the whole question: 1 + weight × share named. */
    private readonly weight: number,
  ) {
    this.titleOf = new Int32Array(articles.reduce((sum, article) => sum + article.passages.length, 0));
    const titles = new Map<string, number>();
    let doc = 0;
    for (const article of articles) {
      // A file without front matter is titled by its name, which says nothing of its subject.
      const titled = article.title !== article.id && article.title.trim() !== '';
      let title = titled ? titles.get(article.title) : -1;
      if (title === undefined) {
        titles.set(article.title, (title = this.terms.length));
        const terms = new Set(tokenize(normalizeText(article.title)));
        this.terms.push(terms);
        for (const term of terms) {
          const holding = this.titlesWith.get(term);
          if (holding) holding.push(title);
          else this.titlesWith.set(term, [title]);
        }
      }
      this.titleOf.fill(title, doc, (doc += article.passages.length));
    }
    if (titles.size < 2) this.weight = 0;
  }

  /**
   * The index's hits for a query, each passage's BM25 raised by its title's factor before the
   * best `limit` are kept, and returned plain with that factor.
   */
  search(
    index: InvertedIndex,
    query: Query,
    limit: number,
  ): { doc: number; bm25: number; titleFactor: number }[] {
    // An English question reaches Chinese text through translations, weighed down for their
    // doubt, while a title in Latin letters matches it verbatim: the title would outweigh the
    // passage (XQuAD asked in English: orphans abstained 86.3 -> 84.7%).
    if (this.weight === 0 || !/\p{Script=Han}/u.test(query.normalized)) {
      return index
        .search(query.retrievalTerms ?? query.terms, limit)
        .map(([doc, bm25]) => ({ doc, bm25, titleFactor: 1 }));
    }
    // A title's factor is the same for each of its passages: computed once per question, and only
    // for the titles holding one of the question's terms. Any other names none of its words: a
    // share of 0, the factor 1 + weight × 0 = 1 exactly (working it out for every scored passage's
    // article was ~5% of a question).
    const factors = new Map<number, number>();
    for (const group of query.groups)
      for (const { term } of group.terms)
        for (const title of this.titlesWith.get(term) ?? [])
          if (!factors.has(title))
            factors.set(title, 1 + this.weight * titleShare(query, this.terms[title]!));
    const factorOf = (doc: number): number => factors.get(this.titleOf[doc]!) ?? 1;
    return index.search(query.retrievalTerms ?? query.terms, limit, factorOf).map(([doc, score]) => {
      const titleFactor = factorOf(doc);
      return { doc, bm25: score / titleFactor, titleFactor };
    });
  }
}

/**
 * The importance-weighted share of the question's words a title holds whole, as a word or by all
 * its character pairs (the title segments alone, the question in context): a word matched by only
 * some of its pairs (博物馆 by 物馆 of 动物馆) names another thing.
 */
function titleShare(query: Query, terms: ReadonlySet<string>): number {
  let total = 0;
  let named = 0;
  for (const group of query.groups) {
    total += group.importance;
    // Every character pair of the word (0.8), or the word itself (1).
    const held = groupCoverage(group, (term) => terms.has(term));
    if (held >= FULL_PAIRS) named += group.importance * held;
  }
  return total > 0 ? named / total : 0;
}

/** groupCoverage of a word all of whose character pairs are present (query.ts). */
const FULL_PAIRS = 0.8 - 1e-9;
