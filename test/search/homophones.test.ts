import { readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildHomophones, type CedictEntry } from '../../scripts/build-lexicon.ts';
import { loadEngine } from '../../src/engine.ts';
import { DEFAULT_HOMOPHONES_PATH } from '../../src/search/cross-lingual.ts';
import { HomophoneRepair, type HomophoneTable } from '../../src/search/homophones.ts';
import { InvertedIndex } from '../../src/search/inverted-index.ts';
import { normalizeText } from '../../src/search/normalize.ts';
import { tokenize } from '../../src/search/tokenize.ts';

const table = JSON.parse(readFileSync(DEFAULT_HOMOPHONES_PATH, 'utf8')) as HomophoneTable;

/** A repair over a made-up knowledge of the given passages, indexed as the engine indexes them. */
function repairOver(...passages: string[]): HomophoneRepair {
  const texts = passages.map(normalizeText);
  const index = new InvertedIndex(texts.map((text) => tokenize(text)));
  return new HomophoneRepair(table, (term) => index.has(term), texts);
}

const knowledge = [
  '框架最早由贾扬清在伯克利读博期间开发，后来他加入了脸书的人工智能研究院。',
  '项目在开源社区里已有超过一千六百名贡献者，每月合并数百个改动。',
  '研究院的实验室设在纽约和巴黎。',
];

describe('homophone slips of a pinyin keyboard', () => {
  it('repairs a name or word typed with another character of the same sound', () => {
    const repair = repairOver(...knowledge);
    expect(repair.repair('贾杨清在哪里读博')).toBe('贾扬清在哪里读博');
    expect(repair.repair('pytorch 有多少供献者')).toBe('pytorch 有多少贡献者');
  });

  it('leaves a question typed right, and a word the knowledge lacks that is not a slip, as they are', () => {
    const repair = repairOver(...knowledge);
    for (const question of ['贾扬清在哪里读博', 'pytorch 有多少贡献者', '实验室在哪座城市', 'who wrote it'])
      expect(repair.repair(question)).toBe(question);
    // 实体 is a dictionary word of its own, not a slip for 尸体.
    const bodies = repairOver('警方在河边发现了一具尸体。');
    expect(bodies.repair('哪个实体负责立法')).toBe('哪个实体负责立法');
  });

  it('repairs only when one word of the knowledge sounds so', () => {
    const repair = repairOver(...knowledge, '另一位作者贾阳清在伯克利读博期间也写过论文。');
    expect(repair.repair('贾杨清在哪里读博')).toBe('贾杨清在哪里读博');
  });

  it('builds the table from toneless readings, commonest character first, rare readings left out', () => {
    const entries: CedictEntry[] = [
      ['扬', '扬', 'yang2', 'to raise', [], []],
      ['杨', '杨', 'yang2', 'poplar', [], []],
      ['表扬', '表扬', 'biao3 yang2', 'to praise', [], []],
      ['和', '和', 'he2', 'and', [], []],
      ['和平', '和平', 'he2 ping2', 'peace', [], []],
      ['和好', '和好', 'he2 hao3', 'to reconcile', [], []],
      ['平和', '平和', 'ping2 he2', 'gentle', [], []],
      ['和平区', '和平区', 'he2 ping2 qu1', 'a district', [], []],
      ['和解', '和解', 'he2 jie3', 'to settle', [], []],
      ['和气', '和气', 'he2 qi4', 'friendly', [], []],
      ['和睦', '和睦', 'he2 mu4', 'harmony', [], []],
      ['和谐', '和谐', 'he2 xie2', 'harmonious', [], []],
      ['和约', '和约', 'he2 yue1', 'treaty', [], []],
      ['暖和', '暖和', 'nuan3 huo5', 'warm', [], []],
    ];
    const built = buildHomophones(entries);
    expect(built.yang).toBe('扬杨');
    expect(built.he).toBe('和');
    // 和 read huo in one word of eleven: a rare reading.
    expect(built.huo ?? '').not.toContain('和');
  });

  it('answers a question with a slip as the engine answers it typed right', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'citebot-homophones-'));
    await writeFile(path.join(dir, 'framework.md'), `# 框架\n\n${knowledge.join('\n\n')}\n`);
    const engine = await loadEngine(dir);
    const right = engine.ask('贾扬清在哪里读博？');
    const slipped = engine.ask('贾杨清在哪里读博？');
    expect(slipped.citations[0]?.passage).toBe(right.citations[0]?.passage);
    expect(slipped.answer).toBe(right.answer);
    expect(slipped.confidence).toBeCloseTo(right.confidence, 6);
  });
});
