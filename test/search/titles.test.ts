import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine.ts';
import { parseArticle } from '../../src/knowledge/load.ts';
import { DEFAULT_BM25 } from '../../src/search/inverted-index.ts';

/** A made-up article of one paragraph per line, titled as a member's file would be. */
const article = (id: string, title: string, ...paragraphs: string[]) =>
  parseArticle(id, `${id}.md`, `---\ntitle: ${title}\n---\n\n${paragraphs.join('\n\n')}\n`);

const town = article(
  'town',
  '青石镇',
  '青石镇位于山谷之中，镇上有一座明代石桥，每年春天举办庙会。',
  '北边与白河相邻，河上有一个渡口，渡船每天往返两次。',
);
const county = article(
  'county',
  '黑松县',
  '黑松县北边与青山相邻，县城北边多为山地，北边的村庄以种茶为生。',
  '县里的学校有十二所，最大的一所建于民国时期。',
);
const withTitleWeight = (titleWeight: number, articles = [town, county]) =>
  createEngine(articles, [], { bm25: { ...DEFAULT_BM25, titleWeight } });

describe('article titles in retrieval', () => {
  it('lifts the passages of the article whose title the question names', () => {
    // The county's passage says 北边 three times; the town's answer never repeats the town's name.
    const question = '青石镇北边与什么地方相邻？';
    expect(withTitleWeight(0).search(question, { limit: 1 })[0]?.source).toBe('county');
    expect(withTitleWeight(0).ask(question).citations[0]?.source).toBe('county');
    expect(withTitleWeight(4).search(question, { limit: 1 })[0]).toMatchObject({
      source: 'town',
      passage: '2',
    });
    expect(withTitleWeight(4).ask(question).citations[0]?.source).toBe('town');
  });

  it('changes nothing with one article: its passages keep their order and scores', () => {
    const question = '镇上的石桥和渡口在哪里？';
    expect(withTitleWeight(4, [town]).search(question)).toEqual(withTitleWeight(0, [town]).search(question));
  });

  it('leaves English questions to the passages (their Chinese words are translations)', () => {
    const question = 'Which river borders the north?';
    expect(withTitleWeight(4).search(question)).toEqual(withTitleWeight(0).search(question));
  });
});
