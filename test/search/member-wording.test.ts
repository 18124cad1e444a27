import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine.ts';
import { parseArticle } from '../../src/knowledge/load.ts';
import { CrossLingualTerms } from '../../src/search/cross-lingual.ts';
import { mainlandWord, writesTraditional } from '../../src/search/normalize.ts';

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
