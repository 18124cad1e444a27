import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine.ts';
import { parseArticle } from '../../src/knowledge/load.ts';
import { CrossLingualTerms } from '../../src/search/cross-lingual.ts';
import { mainlandPhrases, mainlandWord, writesTraditional } from '../../src/search/normalize.ts';

/** An article of one paragraph per line, as a member would drop it into knowledge/. */
const article = (id: string, ...paragraphs: string[]) =>
  parseArticle(id, `${id}.md`, `---\ntitle: ${id}\n---\n\n${paragraphs.join('\n\n')}\n`);

describe('English words typed with a slip', () => {
  const present = new Set(['创始人', '贡献者', '大学']);
  const terms = new CrossLingualTerms((chinese) => present.has(chinese));

  it('are read as the dictionary word one slip away whose translation the knowledge has', () => {
    expect(terms.repairEnglish('fouder')).toEqual({ word: 'founder', translations: ['创始人'] });
    expect(terms.repairEnglish('contibutors')).toEqual({ word: 'contributors', translations: ['贡献者'] });
    expect(terms.repairEnglish('univeristy')).toEqual({ word: 'university', translations: ['大学'] });
  });

  it('are left alone when short, or when no near word is in the knowledge', () => {
    expect(terms.repairEnglish('fnd')).toBeUndefined();
    expect(terms.repairEnglish('kittne')).toBeUndefined();
    expect(terms.repairEnglish('zzzzzzz')).toBeUndefined();
  });

  it('find the passage, and a capitalized name is never repaired into a word', () => {
    const engine = createEngine([
      article('company', '这家公司的创始人是张三，他在北京长大。', '公司去年的营收增长了一倍。'),
    ]);
    expect(engine.ask('who is the fonuder of the company').citations[0]?.passage).toBe('1');
    const query = (
      engine as unknown as { query(q: string): { groups: { word: string; source: string }[] } }
    ).query('Where did Fonuder grow up?');
    expect(query.groups.find((group) => group.word === 'fonuder')?.source).not.toBe('typo');
  });
});

describe("Taiwan's words for a thing", () => {
  it('are told apart from simplified text, and map to the mainland word', () => {
    expect(writesTraditional('這家公司開發了幾個軟體？')).toBe(true);
    expect(writesTraditional('这家公司开发了几个软件？')).toBe(false);
    expect(mainlandWord('软体')).toBe('软件');
    expect(mainlandWord('专案')).toBe('项目');
    expect(mainlandWord('公司')).toBeUndefined();
  });

  it("find a simplified article's mainland word, and leave simplified questions as they are", () => {
    const engine = createEngine([
      article('studio', '工作室今年推出了几款新游戏。', '三款软件都不收费。', '工作室的程序员大多来自本地。'),
    ]);
    expect(engine.ask('軟體有幾款？').citations[0]?.passage).toBe('2');
    // 程序 is Taiwan's word for a procedure (mainland 进程): only traditional questions are read so.
    expect(engine.ask('工作室的程序员来自哪里？').citations[0]?.passage).toBe('3');
  });
});

describe("Taiwan's phrases the segmenter splits", () => {
  const knowledge = (...terms: string[]) => ({ hasWordOrBigrams: (term: string) => terms.includes(term) });

  it('read as the mainland phrase the knowledge has, not where it has the typed one or for framing', () => {
    // Normalized questions: 盧安達 -> 卢安达, which the segmenter cuts into 卢|安达.
    expect(mainlandPhrases('卢安达的首都在哪里', knowledge('卢旺达'))).toBe('卢旺达的首都在哪里');
    expect(mainlandPhrases('卢安达的首都在哪里', knowledge('卢旺达', '卢安达'))).toBe('卢安达的首都在哪里');
    expect(mainlandPhrases('卢安达的首都在哪里', false)).toBe('卢安达的首都在哪里');
    // 西元 frames the question (a stopword), though the knowledge writes 公元.
    expect(mainlandPhrases('西元几年', knowledge('公元'))).toBe('西元几年');
  });

  it("find a simplified article's passage for a name written Taiwan's way", () => {
    const engine = createEngine([
      article('africa', '卢旺达是东非的内陆国家，首都是基加利。', '肯尼亚的首都是内罗毕。'),
    ]);
    const query = (engine as unknown as { query(q: string): { normalized: string } }).query(
      '盧安達的首都是哪裡？',
    );
    expect(query.normalized).toContain('卢旺达');
    expect(engine.ask('盧安達的首都是哪裡？').citations[0]?.passage).toBe('1');
  });
});
