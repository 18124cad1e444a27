import { describe, expect, it } from 'vitest';
import * as OpenCC from 'opencc-js';
import {
  pick,
  isSimplifiedOnly,
  isTraditionalOnly,
  questionLanguage,
  replyLocale,
} from '../../src/interactions/i18n.ts';

describe('the language of a question', () => {
  it('is Chinese, Traditional or English when that is clear', () => {
    expect(questionLanguage('PyTorch 有多少贡献者？')).toBe('zh-CN');
    expect(questionLanguage('PyTorch 有多少貢獻者？')).toBe('zh-TW');
    expect(questionLanguage('實習生來自哪所大學')).toBe('zh-TW');
    expect(questionLanguage('How many contributors does PyTorch have?')).toBe('en');
  });

  it('is not clear for a lone word, a number or a mix with more English than Chinese', () => {
    expect(questionLanguage('PyTorch?')).toBeUndefined();
    expect(questionLanguage('2017')).toBeUndefined();
    expect(questionLanguage('who is the 作者 of this article')).toBeUndefined();
  });

  it('tells traditional-only and simplified-only characters apart as the full OpenCC converters do', () => {
    // The character tables alone must agree with the converters (phrase tables included) on every
    // Han character of the unified block and extensions A-B. (The converters also map compatibility
    // ideographs, U+F900-FAFF, to unified ones in both directions: they count as both, so alike.)
    const fullToSimplified = OpenCC.Converter({ from: 't', to: 'cn' });
    const fullToTraditional = OpenCC.Converter({ from: 'cn', to: 't' });
    const ranges = [
      [0x3400, 0x4dbf],
      [0x4e00, 0x9fff],
      [0x20000, 0x2a6df],
    ];
    const disagreements: string[] = [];
    let traditionalOnly = 0;
    for (const [first, last] of ranges) {
      for (let code = first!; code <= last!; code++) {
        const char = String.fromCodePoint(code);
        if (isTraditionalOnly(char)) traditionalOnly += 1;
        if (isTraditionalOnly(char) !== (fullToSimplified(char) !== char)) disagreements.push(char);
        if (isSimplifiedOnly(char) !== (fullToTraditional(char) !== char)) disagreements.push(char);
      }
    }
    expect(disagreements).toEqual([]);
    expect(traditionalOnly).toBeGreaterThan(2000);
    expect([isTraditionalOnly('貢'), isSimplifiedOnly('贡'), isTraditionalOnly('贡')]).toEqual([
      true,
      true,
      false,
    ]);
  });

  it('decides the reply locale, else the client locale stays', () => {
    expect(replyLocale('PyTorch 有多少贡献者？', 'en-US')).toBe('zh-CN');
    expect(replyLocale('PyTorch 有多少貢獻者？', 'en-GB')).toBe('zh-TW');
    expect(replyLocale('How many contributors are there?', 'zh-CN')).toBe('en-US');
    expect(replyLocale('How many contributors are there?', 'en-GB')).toBe('en-GB');
    expect(replyLocale('PyTorch?', 'zh-TW')).toBe('zh-TW');
    expect(replyLocale(undefined, 'zh-CN')).toBe('zh-CN');
  });
});

describe('filling a text in', () => {
  const facts = {
    en: '{count} pinned {count|fact|facts}',
    'zh-CN': '{count} 条置顶事实',
    'zh-TW': '{count} 條置頂事實',
  };

  it('counts English nouns by the number and leaves Chinese as written', () => {
    expect(pick('en-US', facts, { count: 1 })).toBe('1 pinned fact');
    expect(pick('en-US', facts, { count: 0 })).toBe('0 pinned facts');
    expect(pick('en-GB', facts, { count: 3 })).toBe('3 pinned facts');
    expect(pick('zh-CN', facts, { count: 1 })).toBe('1 条置顶事实');
  });

  it('leaves a placeholder without its value as written', () => {
    expect(pick('en-US', facts, {})).toBe('{count} pinned {count|fact|facts}');
  });
});
