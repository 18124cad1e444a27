import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chunkBlocks, splitSentences } from '../src/knowledge/chunk.ts';
import { loadKnowledge, MAX_ARTICLE_BYTES, parseArticle } from '../src/knowledge/load.ts';
import { htmlToBlocks, splitFrontMatter } from '../src/knowledge/parse.ts';

const fixtures = path.join(import.meta.dirname, 'fixtures');

describe('loading knowledge', () => {
  it('reads the seed article as it came: front matter, HTML paragraphs, loose text, headings', async () => {
    const { articles, problems } = await loadKnowledge(path.join(import.meta.dirname, '..', 'knowledge'));
    expect(problems).toEqual([]);
    const [article] = articles;
    expect(article?.id).toBe('pytorch-5th-birthday');
    expect(article?.title).toBe('PyTorch迎来5岁生日，创始人带领大一实习生开发：没想到会这么成功');
    // Its front matter says "Sat, 22 Jan 2022 00:20:36 GMT"; replies show one calendar date.
    expect(article?.date).toBe('2022-01-22');
    const texts = article!.passages.map((p) => p.text);
    // Text that sits outside <p>, right after an image box, is a passage of its own.
    expect(texts).toContain('你细看，官方推文还复古了一把，图片里用上了 5 年前的原始 Logo。');
    // Bold inside a paragraph is not a heading; the bold-only paragraph is.
    expect(texts.some((t) => t.includes('2000贡献者，9 万项目'))).toBe(true);
    const founder = article!.passages.find((p) => p.text.includes('Soumith Chintala回忆说'));
    expect(founder?.section).toBe('大牛追忆诞生历史');
    expect(article!.passages.find((p) => p.text.includes('Hugging Face'))?.section).toBe(
      '与 TensorFlow 之争',
    );
    // Captions under pictures never become passages.
    expect(texts.some((t) => t.startsWith('△'))).toBe(false);
    // Ids are stable, 1-based, in reading order.
    expect(article!.passages.map((p) => p.id)).toEqual(article!.passages.map((_, i) => String(i + 1)));
    expect(article!.passages[0]?.key).toBe('pytorch-5th-birthday§1');
  });

  it('loads Markdown (through marked) and plain text, and reports each malformed file with its path', async () => {
    const { articles, problems } = await loadKnowledge(path.join(fixtures, 'knowledge-mixed'));
    expect(articles.map((a) => a.id).sort()).toEqual(['guide', 'notes']);
    const guide = articles.find((a) => a.id === 'guide')!;
    expect(guide).toMatchObject({
      title: 'Sourdough guide',
      author: 'Baker',
      url: 'https://example.org/sourdough',
    });
    expect(guide.tags).toEqual(['bread', 'baking']);
    expect(guide.passages.map((p) => [p.section, p.text])).toEqual([
      ['Starter', 'A starter is flour and water left to ferment for five days.'],
      ['Starter', 'Feed it twice a day with equal weights of flour and water.'],
      ['Baking', 'Bake the loaf at 250 degrees for 40 minutes, covered for the first 20.'],
      // Markdown is rendered (marked): list items are passages, emphasis and link syntax go.
      ['Baking', 'Keep the starter in a warm place.'],
      ['Baking', 'Discard half before feeding, see the FAQ.'],
    ]);
    const reasons = Object.fromEntries(problems.map((p) => [path.basename(p.path), p.reason]));
    expect(reasons['bad-front-matter.md']).toMatch(/front matter/);
    expect(reasons['empty.txt']).toMatch(/empty/);
    expect(reasons['archive.txt']).toMatch(/binary/);
  });

  it('skips a file too large to be an article, with its size, and loads the rest', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'citebot-huge-'));
    writeFileSync(path.join(dir, 'dump.txt'), 'x'.repeat(MAX_ARTICLE_BYTES + 1));
    writeFileSync(path.join(dir, 'note.md'), 'A short note.\n');
    const { articles, problems } = await loadKnowledge(dir);
    expect(articles.map((a) => a.id)).toEqual(['note']);
    expect(problems).toEqual([
      { path: path.join(dir, 'dump.txt'), reason: expect.stringMatching(/too large/) },
    ]);
  });

  it('decodes entities and drops image-only blocks and scripts', () => {
    const blocks = htmlToBlocks(
      '<div><p>A &amp; B &lt;3&gt;</p><div class="img"><img src="x.jpg"></div><script>alert(1)</script><h2>Next</h2>tail text</div>',
    );
    expect(blocks).toEqual([
      { kind: 'paragraph', text: 'A & B <3>' },
      { kind: 'heading', text: 'Next' },
      { kind: 'paragraph', text: 'tail text' },
    ]);
  });

  it('reads front matter with a real YAML parser and refuses a body-less file', () => {
    expect(splitFrontMatter('---\ntitle: "a: b"\ntags: x, y\n---\nbody').frontMatter).toMatchObject({
      title: 'a: b',
      tags: ['x', 'y'],
    });
    expect(() => parseArticle('x', 'x.md', '---\ntitle: only\n---\n')).toThrow(/empty/);
  });

  it('reads a front matter date as a calendar date, and keeps one it cannot read as written', () => {
    const date = (value: string) => splitFrontMatter(`---\ndate: ${value}\n---\nbody`).frontMatter.date;
    expect(date('2020-01-01')).toBe('2020-01-01');
    expect(date('2021-06-30T23:30:00+08:00')).toBe('2021-06-30'); // the day as written, not in UTC
    expect(date('"Sat, 22 Jan 2022 00:20:36 GMT"')).toBe('2022-01-22');
    expect(date('"2022 年春"')).toBe('2022 年春');
  });
});

describe('chunking', () => {
  it('splits long paragraphs at sentence ends, keeping every character', () => {
    const long = '第一句话很长。'.repeat(40) + '最后一句！';
    const passages = chunkBlocks('a', [{ kind: 'paragraph', text: long }], { maxPassageChars: 100 });
    expect(passages.length).toBeGreaterThan(2);
    expect(passages.every((p) => p.text.length <= 100)).toBe(true);
    expect(passages.map((p) => p.text).join('')).toBe(long);
    expect(passages.map((p) => p.key)).toEqual(passages.map((_, i) => `a§${i + 1}`));
  });

  it('splits sentences after Chinese and Latin sentence ends, not inside numbers', () => {
    expect(splitSentences('Python 3.5 发布。真的吗？是的! Done. Next')).toEqual([
      'Python 3.5 发布。',
      '真的吗？',
      '是的! ',
      'Done. ',
      'Next',
    ]);
  });
});
