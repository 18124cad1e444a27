import { describe, expect, it } from 'vitest';
import { formatWordLists, WordLists } from '../../src/search/word-lists.ts';

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

  it('refuses a key or word holding a tab or a line break', () => {
    expect(() => new WordLists({ a: ['x\ty'] })).toThrow(/tab or a line break/);
    expect(() => new WordLists({ a: ['x\ny'] })).toThrow(/tab or a line break/);
    expect(() => new WordLists({ 'a\tb': ['x'] })).toThrow(/tab or a line break/);
  });

  it('reads its file as it was written: sorted lines of a key and its words, tab-separated', () => {
    const text = formatWordLists({ zebra: ['斑马'], apple: ['苹果', '苹果公司'], a: [] });
    expect(text).toBe('a\t\napple\t苹果\t苹果公司\nzebra\t斑马\n');
    const read = new WordLists(text);
    expect([...read.keys()]).toEqual(
      [...table.keys()].filter((key) => ['a', 'apple', 'zebra'].includes(key)),
    );
    expect(read.get('apple')).toEqual(['苹果', '苹果公司']);
    expect(read.get('zebra')).toEqual(['斑马']);
    expect(read.get('a')).toEqual(table.get('a'));
    expect(read.get('b')).toBeUndefined();
  });

  it('refuses a file that is not one: a line without a tab, a last line without a line break', () => {
    expect(() => new WordLists('apple\t苹果\nzebra\n')).toThrow(/line 2 has no tab/);
    expect(() => new WordLists('apple\t苹果')).toThrow(/must end with a line break/);
  });
});
