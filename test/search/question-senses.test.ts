import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CrossLingualTerms } from '../../src/search/cross-lingual.ts';
import { formatWordLists } from '../../src/search/word-lists.ts';
import {
  DEFAULT_ADDITION,
  DEFAULT_RULE,
  chineseWordCounts,
  promoteSenses,
  senseEvidence,
  type QuestionPair,
} from '../../scripts/question-senses.ts';

describe('question senses: how Chinese questions translate English words', () => {
  const lexicon = new Map([
    ['year', ['年度', '岁月', '年']],
    ['caus', ['原因']],
    ['found', ['创办', '创建']],
  ]);
  // Made-up parallel questions over three articles; nothing here is from a public set.
  const pairs: QuestionPair[] = [
    { english: 'In what year did the river flood?', chinese: '河流在哪一年泛滥？', article: 0 },
    { english: 'Which years saw the most rain?', chinese: '哪些年降雨最多？', article: 1 },
    { english: 'What year was the bridge opened?', chinese: '大桥在哪一年开通？', article: 2 },
    { english: 'How many years did the war last?', chinese: '战争持续了多少年？', article: 2 },
    { english: 'What caused the flood?', chinese: '什么导致了洪水？', article: 0 },
    { english: 'What caused the fire?', chinese: '什么导致了火灾？', article: 1 },
    { english: 'What causes rust?', chinese: '什么导致生锈？', article: 2 },
    { english: 'Who founded the city?', chinese: '谁创建了这座城市？', article: 1 },
  ];
  const evidence = senseEvidence(pairs, lexicon, true);
  const { lexicon: fitted } = promoteSenses(lexicon, evidence, DEFAULT_RULE, {
    rule: DEFAULT_ADDITION,
    wordCounts: chineseWordCounts(pairs),
  });

  it('puts the sense the questions use first, alone when they nearly always use it', () => {
    expect(fitted.year).toEqual(['年']);
    expect(fitted.years).toEqual(['年']);
  });

  it('adds a word the questions of several articles translate it to', () => {
    // In every "caused" question: the only sense of English questions.
    expect(fitted.caused).toEqual(['导致']);
  });

  it('serves only the written forms asked often enough', () => {
    expect(fitted.causes).toBeUndefined();
    expect(fitted.founded).toBeUndefined();
  });

  it('is read for English questions only, before the lexicon', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'question-senses-'));
    const file = path.join(dir, 'senses.tsv');
    await writeFile(file, formatWordLists({ second: ['秒'] }));
    const terms = new CrossLingualTerms(
      (chinese) => ['第二', '秒'].includes(chinese),
      new Map(),
      undefined,
      undefined,
      file,
    );
    expect(terms.translate('second', undefined, true)).toEqual(['秒']);
    // A Latin word inside a Chinese question keeps the lexicon's order.
    expect(terms.translate('second')[0]).toBe('第二');
  });
});
