import { describe, expect, it } from 'vitest';
import { WordLists } from '../../src/search/word-lists.ts';

describe('a word-list table', () => {
  const table = new WordLists({
    zebra: ['斑马'],
    apple: ['苹果', '苹果公司'],
    'apple pie': ['苹果派'],
    贡献者: ['contributor', 'benefactor'],
    贡献: ['contribution'],
    a: [],
  });

  it('finds every key, with its words in order, whatever order they were given in', () => {
    expect(table.get('apple')).toEqual(['苹果', '苹果公司']);
    expect(table.get('apple pie')).toEqual(['苹果派']);
    expect(table.get('zebra')).toEqual(['斑马']);
    expect(table.get('贡献者')).toEqual(['contributor', 'benefactor']);
    expect(table.get('贡献')).toEqual(['contribution']);
    expect(table.has('a')).toBe(true);
  });

  it('finds nothing for a key it lacks: a prefix, an extension, a prototype name', () => {
    for (const key of [
      '',
      'app',
      'apples',
      'apple pies',
      'zebras',
      '贡',
      'constructor',
      'toString',
      '__proto__',
    ])
      expect([key, table.get(key), table.has(key)]).toEqual([key, undefined, false]);
  });

  it('refuses a word holding its separator', () => {
    expect(() => new WordLists({ a: ['x\u001fy'] })).toThrow(/U\+001F/);
  });
});
