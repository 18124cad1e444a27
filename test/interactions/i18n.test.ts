import { describe, expect, it } from 'vitest';
import { questionLanguage, replyLocale } from '../../src/interactions/i18n.ts';

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

  it('decides the reply locale, else the client locale stays', () => {
    expect(replyLocale('PyTorch 有多少贡献者？', 'en-US')).toBe('zh-CN');
    expect(replyLocale('PyTorch 有多少貢獻者？', 'en-GB')).toBe('zh-TW');
    expect(replyLocale('How many contributors are there?', 'zh-CN')).toBe('en-US');
    expect(replyLocale('How many contributors are there?', 'en-GB')).toBe('en-GB');
    expect(replyLocale('PyTorch?', 'zh-TW')).toBe('zh-TW');
    expect(replyLocale(undefined, 'zh-CN')).toBe('zh-CN');
  });
});
