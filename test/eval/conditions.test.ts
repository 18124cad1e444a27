import { describe, expect, it } from 'vitest';
import {
  articleAsOneFile,
  articleKnowledges,
  CMRC_GROUP,
  countFlips,
  drawDistractors,
  paragraphOfPassage,
  shortQuestion,
} from '../../src/eval/conditions.ts';
import type { EvalParagraph } from '../../src/eval/public-sets.ts';

const paragraph = (article: number, i: number): EvalParagraph => ({
  id: `${article}-${i}`,
  article,
  title: `t${article}`,
  context: 'x',
});

describe('articleKnowledges', () => {
  it('gives each article of five or more paragraphs its own knowledge and drops shorter ones', () => {
    const paragraphs = [
      ...[0, 1, 2, 3, 4].map((i) => paragraph(0, i)),
      ...[0, 1].map((i) => paragraph(1, i)),
      ...[0, 1, 2, 3, 4, 5].map((i) => paragraph(2, i)),
    ];
    expect(articleKnowledges(paragraphs).map((group) => group.map((p) => p.id))).toEqual([
      ['0-0', '0-1', '0-2', '0-3', '0-4'],
      ['2-0', '2-1', '2-2', '2-3', '2-4', '2-5'],
    ]);
  });

  it('groups single-paragraph articles (CMRC) in runs of consecutive paragraphs', () => {
    const paragraphs = Array.from({ length: 20 }, (_, a) => paragraph(a, 0));
    const groups = articleKnowledges(paragraphs);
    expect(groups.map((group) => group.length)).toEqual([CMRC_GROUP, CMRC_GROUP, 20 - 2 * CMRC_GROUP]);
    expect(groups[1]![0]!.id).toBe(`${CMRC_GROUP}-0`);
  });
});

describe('shortQuestion', () => {
  it('keeps an English question word phrase and the names, dropping the rest', () => {
    expect(shortQuestion('How many career sacks did Jared Allen have?')).toBe('How many Jared Allen?');
  });

  it('keeps a Chinese question word and at most two content words, in their order', () => {
    const short = shortQuestion('锣鼓经是什么？');
    expect(short).toBe('锣鼓经什么？');
    const long = shortQuestion('印度的梵語的書寫形式是到何時才出現的？');
    expect(long).toContain('何時');
    expect(long.length).toBeLessThan('印度的梵語的書寫形式是到何時才出現的？'.length);
  });

  it('keeps the question word of a traditional question, and a cloze its asking end', () => {
    expect(shortQuestion('優西比烏認為約翰三書的作者是誰？')).toContain('是誰');
    expect(shortQuestion('周恩來在何處結識了鄧小平?')).toContain('何處');
    expect(shortQuestion('負責管理馬祖國家風景區的單位為？')).toMatch(/單位為？$/);
  });

  it('keeps two numbers it keeps side by side as two words', () => {
    expect(shortQuestion('在1997年8月6日於尼米茲山墜機的波音747上大部分人的狀況為？')).toContain('1997 747');
  });
});

describe('an article as one file', () => {
  const paragraphs: EvalParagraph[] = [
    { id: 'p1', article: 0, title: 'T', context: '第一段讲历史。它很长。' },
    { id: 'p2', article: 0, title: 'T', context: '第二段讲人物。\n他出生于1900年。' },
  ];

  it('makes each paragraph a passage of one file and scores a citation as its paragraph', () => {
    const article = articleAsOneFile('a', paragraphs);
    expect(article.passages.map((p) => p.text)).toEqual(['第一段讲历史。它很长。', '第二段讲人物。 他出生于1900年。']);
    expect([...paragraphOfPassage(article, paragraphs)]).toEqual([
      ['a§1', 'p1'],
      ['a§2', 'p2'],
    ]);
  });

  it('counts answers lost and gained between two runs of the same questions', () => {
    const outcome = (answered: boolean, source: string, answerable = true) => ({
      question: { id: source, question: '?', source: 'p1', answers: [] },
      answerable,
      ms: 0,
      result: { question: '?', answered, confidence: 0, answer: '', citations: [{ source, passage: '1', title: 'T', text: '', score: 1 }], matchedTerms: [] },
    });
    const alone = [outcome(true, 'p1'), outcome(true, 'p1'), outcome(false, 'p1'), outcome(true, 'p1', false)];
    const beside = [outcome(true, 'p1'), outcome(true, 'x'), outcome(true, 'p1'), outcome(false, 'p1', false)];
    expect(countFlips(alone, beside)).toEqual({ lost: 1, gained: 1, rightAlone: 2 });
  });

  it('draws the same distractors every time, as many as asked', () => {
    const many = Array.from({ length: 50 }, (_, i) => ({ id: `d${i}`, article: i, title: 't', context: 'x' }));
    const drawn = drawDistractors(many, 10).map((p) => p.id);
    expect(drawn).toHaveLength(10);
    expect(drawDistractors([...many].reverse(), 10).map((p) => p.id)).toEqual(drawn);
  });
});
