import { describe, expect, it } from 'vitest';
import { chooseAnswer } from '../src/answer/choose.ts';
import { tokenizedPassages, tokenizedSentences } from '../src/answer/clauses.ts';
import { TextCache } from '../src/answer/text-cache.ts';
import { InvertedIndex } from '../src/search/inverted-index.ts';
import { normalizeText } from '../src/search/normalize.ts';
import { buildQuery } from '../src/search/query.ts';
import { tokenize } from '../src/search/tokenize.ts';

const passage =
  '鑫诺一号通信卫星是法国宇航公司制造的一颗通信卫星。1998年7月18日在西昌卫星发射中心发射升空，在轨寿命为15年。卫星有24个C频段转发器。';
const index = new InvertedIndex([tokenize(normalizeText(passage)), tokenize('其他 文章 内容')]);

describe('choosing the answering sentence', () => {
  it('quotes the sentence that answers, verbatim, not the one that names the subject', () => {
    const query = buildQuery('鑫诺一号通信卫星的在轨寿命是多少年？', index);
    const { text, matchedWords } = chooseAnswer(passage, query, undefined, '鑫诺一号通信卫星');
    expect(passage).toContain(text);
    expect(text).toContain('在轨寿命为15年');
    expect(matchedWords.join()).toContain('寿命');
  });

  it('narrows a long sentence to its best clauses, verbatim and within the limit', () => {
    const long =
      '据统计，' +
      '某某项目的数据有很多，'.repeat(12) +
      'Hugging Face 上有 85% 的模型是 PyTorch 独家的，其余的情况另说。';
    const query = buildQuery(
      'Hugging Face 上有多少模型是 PyTorch 独家的？',
      new InvertedIndex([tokenize(normalizeText(long))]),
    );
    const { text } = chooseAnswer(long, query, { maxAnswerChars: 60, minAnswerChars: 10 });
    expect(long).toContain(text);
    expect(text.length).toBeLessThanOrEqual(60);
    expect(text).toContain('85%');
  });

  it('adds the next sentence when the answering one is too short to stand alone', () => {
    const text = '是的。PyTorch 在起步阶段就取得了不错的成就。后来更好了。';
    const query = buildQuery('是的', new InvertedIndex([tokenize(normalizeText(text))]));
    const chosen = chooseAnswer(text, query, { maxAnswerChars: 150, minAnswerChars: 10 });
    // The run may then grow on, by a sentence worth its length (the third, here).
    expect(chosen.text.startsWith('是的。PyTorch 在起步阶段就取得了不错的成就。')).toBe(true);
    expect(text).toContain(chosen.text);
  });

  it('takes the sentence before along when the answering one opens by pointing back to it', () => {
    const text =
      '河狸是一种半水栖的啮齿动物，分布在北美和欧亚大陆。牠們在建造水壩的時候大幅改變了生態系統，為鮭魚幼體提供了重要的生境。';
    const query = buildQuery(
      '何種動物在建造水壩時會大幅改變生態系統？',
      new InvertedIndex([tokenize(normalizeText(text))]),
    );
    const chosen = chooseAnswer(text, query, { maxAnswerChars: 150, minAnswerChars: 10 });
    expect(chosen.text).toBe(text);
    expect(chosen.span).toBe('牠們在建造水壩的時候大幅改變了生態系統，為鮭魚幼體提供了重要的生境。');
  });
});

describe('the tokenized-passage cache', () => {
  it('holds at most its bound in characters of passage text, dropping the least recently used', () => {
    const max = tokenizedPassages.maxCharacters;
    // Distinct ~1,000-character passages, twice what the bound holds; the first is used again often.
    const passages = Array.from(
      { length: Math.ceil((2 * max) / 1000) },
      (_, i) => `第${i}段。` + '卫星发射升空，在轨寿命为十五年。'.repeat(60),
    );
    const first = tokenizedSentences(passages[0]!);
    for (const [i, text] of passages.entries()) {
      tokenizedSentences(text);
      if (i % 10 === 0) tokenizedSentences(passages[0]!); // kept in use: never the oldest
      expect(tokenizedPassages.characters).toBeLessThanOrEqual(max);
    }
    expect(tokenizedPassages.characters).toBeGreaterThan(max - 2000);
    expect(tokenizedPassages.size).toBeLessThan(passages.length);
    expect(tokenizedSentences(passages[0]!)).toBe(first); // still cached: the same object
    expect(tokenizedSentences(passages[1]!).sentences[0]).toBe('第1段。'); // tokenized again after eviction
  });

  it('counts a replaced key once and keeps a single text longer than the bound', () => {
    const cache = new TextCache<number>(10);
    cache.set('abcd', 1);
    cache.set('abcd', 2);
    expect([cache.characters, cache.get('abcd')]).toEqual([4, 2]);
    cache.set('efgh', 3);
    cache.get('abcd'); // now the most recently used
    cache.set('ijk', 4); // 11 characters: efgh goes
    expect([cache.get('efgh'), cache.get('abcd'), cache.characters]).toEqual([undefined, 2, 7]);
    cache.set('a much longer text', 5);
    expect([cache.size, cache.get('a much longer text')]).toEqual([1, 5]);
  });
});
