import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine.ts';
import { parseArticle } from '../../src/knowledge/load.ts';
import type { Query } from '../../src/search/query.ts';

/** A made-up article of one paragraph per line, as a member would drop it into knowledge/. */
const article = (id: string, ...paragraphs: string[]) =>
  parseArticle(id, `${id}.md`, `---\ntitle: ${id}\n---\n\n${paragraphs.join('\n\n')}\n`);

const band = createEngine([
  article(
    'band',
    'Mira 离开 Zorvex 乐队之后，于 2015 年组建了自己的乐队，并发行了新专辑。',
    'Mira 在 31 岁那年离开了 Zorvex 乐队，当时乐队正在巡演。',
    'Zorvex 乐队的唱片公司位于港口城市，录音室有三间。',
    '乐队的第一张专辑销量很好，唱片公司又签下了几支新乐队。',
  ),
]);
const query = (question: string): Query => (band as unknown as { query(q: string): Query }).query(question);

describe('English question framing', () => {
  it('reads "how old" as asking for a number of years of age, not a year', () => {
    const pattern = query('How old was Mira when she left Zorvex?').countPattern;
    expect(pattern?.test('mira 在 31 岁那年离开了 zorvex 乐队')).toBe(true);
    expect(pattern?.test('于 2015 年组建了自己的乐队')).toBe(false);
    expect(band.ask('How old was Mira when she left Zorvex?').citations[0]?.passage).toBe('2');
  });

  it('reads "how far" as asking for a distance; "how long" is left to the words', () => {
    expect(query('How far is the studio from the port?').countPattern?.test('距离港口 12 公里')).toBe(true);
    expect(query('How far is the studio from the port?').countPattern?.test('港口于 1870 年建成')).toBe(
      false,
    );
    expect(query('How long did the tour last?').countPattern).toBeUndefined();
  });

  it('takes a name after "which" as the subject, and the noun after it as the kind asked for', () => {
    const groups = query('Which Zorvex album sold well?').groups;
    const zorvex = groups.find((group) => group.word === 'zorvex');
    const album = groups.find((group) => group.word === 'album');
    expect(zorvex?.answerType).toBeUndefined();
    expect(album?.answerType).toBe('kind');
    // A plain word after "which" is still the kind ("which company").
    expect(query('Which company signed new bands?').groups[0]?.answerType).toBe('kind');
    // A name the knowledge has is one even typed in lower case.
    expect(query('which zorvex album sold well').groups.find((g) => g.word === 'album')?.answerType).toBe(
      'kind',
    );
  });

  it('takes a capitalized word the dictionary knows only as a name as the subject, though written in Chinese', () => {
    // The knowledge writes Tesla 特斯拉, not in Latin letters.
    const cars = createEngine([
      article(
        'cars',
        '特斯拉的自动驾驶产品使用了 PyTorch。',
        '这家公司的产品很多。',
        '一位议会成员发表了讲话。',
      ),
    ]);
    const groups = (cars as unknown as { query(q: string): Query }).query(
      'Which Tesla product uses PyTorch?',
    ).groups;
    expect(groups.find((group) => group.word === 'tesla')?.answerType).toBeUndefined();
    expect(groups.find((group) => group.word === 'product')?.answerType).toBe('kind');
    // An ordinary word typed capitalized stays the kind asked for ("Which Member of Parliament").
    const members = (cars as unknown as { query(q: string): Query }).query(
      'Which Member of Parliament spoke?',
    ).groups;
    expect(members.find((group) => group.word === 'member')?.answerType).toBe('kind');
  });

  it('takes a name after 哪/什么 as the subject too ("哪个 Zorvex 专辑"), the noun after it as the kind', () => {
    const groups = query('哪个 Zorvex 专辑销量很好？').groups;
    expect(groups.find((group) => group.word === 'zorvex')?.answerType).toBeUndefined();
    expect(groups.find((group) => group.word === '专辑')?.answerType).toBe('kind');
    // A Chinese word after 哪 is still the kind asked for.
    expect(query('哪家公司签下了新乐队？').groups.find((g) => g.word === '公司')?.answerType).toBe('kind');
  });
});
