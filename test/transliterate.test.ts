import { readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildReadings, type CedictEntry } from '../scripts/build-lexicon.ts';
import { loadEngine } from '../src/engine.ts';
import { InvertedIndex } from '../src/search/inverted-index.ts';
import { buildQuery } from '../src/search/query.ts';
import { DEFAULT_HOMOPHONES_PATH, DEFAULT_READINGS_PATH } from '../src/search/cross-lingual.ts';
import { chineseKey, englishKey, Transliterator, type Readings } from '../src/search/transliterate.ts';

const readings = JSON.parse(readFileSync(DEFAULT_READINGS_PATH, 'utf8')) as Readings;

describe('names written by sound', () => {
  it('gives an English name and its Chinese transliteration the same consonant skeleton', () => {
    expect(englishKey('Fresno')).toBe('flsn');
    expect(chineseKey('弗雷斯诺', readings)).toBe('flsn');
    expect(englishKey('Kearney')).toBe(chineseKey('科尔尼', readings));
    expect(englishKey('Sheepshanks')).toBe('spsnks');
    // Not a transliteration character: no skeleton, so never a name.
    expect(chineseKey('的是', readings)).toBeUndefined();
  });

  it('finds the run of the knowledge that sounds like the name, not a longer or a different one', () => {
    const names = new Transliterator(['弗雷斯诺西侧的社区很大。', '波士顿是一座城市。'], readings);
    expect(names.find('Fresno')).toEqual(['弗雷斯诺']);
    expect(names.find('Boston')).toEqual(['波士顿']);
    expect(names.find('Kearney')).toEqual([]);
    // Two consonants are too few to tell one name from another.
    expect(names.find('Lee')).toEqual([]);
  });

  it('matches a name whose r after a vowel the transliteration leaves unwritten', () => {
    const names = new Transliterator(['马丁在诺曼底登陆。'], readings);
    expect(names.find('Martin')).toEqual(['马丁']);
  });

  it('reads the parts of a name written with an interpunct by any character, down to two consonants', () => {
    const sounds = JSON.parse(readFileSync(DEFAULT_HOMOPHONES_PATH, 'utf8')) as Readings;
    const texts = ['球队签下了后卫马克·艾伦。', '艾伦镇的比赛很精彩。'];
    // 艾 writes no name of CC-CEDICT's often enough to be a transliteration character.
    expect(new Transliterator(texts, readings).find('Allen')).toEqual([]);
    expect(new Transliterator(texts, readings, sounds).find('Allen')).toEqual(['艾伦']);
    expect(new Transliterator(texts, readings, sounds).find('Mack')).toEqual(['马克']);
    // Without the interpunct, two consonants are still too few.
    expect(new Transliterator(['艾伦镇的比赛很精彩。'], readings, sounds).find('Allen')).toEqual([]);
  });

  it('lets an English question reach a passage only through the name it writes by sound', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'citebot-names-'));
    await writeFile(path.join(dir, 'kearney.md'), '# 庄园\n\n科尔尼曾在巴黎学习建筑。\n');
    await writeFile(
      path.join(dir, 'london.md'),
      '# 留学\n\n他曾在伦敦学习法律，学习多年，后来又学习经济。\n',
    );
    const engine = await loadEngine(dir);
    const result = engine.ask('Where did Kearney study?');
    expect(result.citations[0]?.text).toContain('科尔尼');
  });

  it('learns transliteration characters from foreign names, not from Chinese places glossed in pinyin', () => {
    const entries: CedictEntry[] = [];
    for (let i = 0; i < 10; i++) entries.push(['', `斯${'拉'}`, 'si1 la1', `Sla${'x'.repeat(i)}`, [], []]);
    for (let i = 0; i < 10; i++) entries.push(['', '通辽', 'Tong1 liao2', 'Tongliao', [], []]);
    const learned = buildReadings(entries);
    expect(learned['斯']).toBe('si');
    expect(learned['拉']).toBe('la');
    expect(learned['通']).toBeUndefined();
  });
});

describe('Roman numerals', () => {
  const index = new InvertedIndex([['49', '33']]);

  it('become the digits Chinese text writes', () => {
    expect(buildQuery('Who won Super Bowl XLIX?', index).normalized).toContain('49');
    expect(buildQuery('Super Bowl XXXIII', index).normalized).toContain('33');
    expect(buildQuery('Super Bowl XXXIII', index).groups.map((group) => group.word)).toContain('33');
  });

  it('and numbers spelled out are no unknown names when the knowledge lacks their digits', () => {
    const treaties = new InvertedIndex([['两', '条约'], ['三世']]);
    // Chinese text writes them in its own numerals (两个条约, 亨利三世).
    expect(buildQuery('Which two treaties?', treaties).unknownNames).not.toContain('2');
    expect(buildQuery('Who did Henry III ennoble?', treaties).unknownNames).not.toContain('3');
    // Digits typed as digits are what the question is about.
    expect(buildQuery('Which 2 treaties?', treaties).unknownNames).toContain('2');
  });

  it('and a capitalized word is an unknown name only if the dictionary knows it as a name', () => {
    const helpers = {
      isDictionaryWord: (word: string) => ['bowl', 'france'].includes(word),
      isOrdinaryWord: (word: string) => word === 'bowl',
    };
    // "Bowl" of "Super Bowl" is an ordinary word the text may write otherwise (超级碗).
    expect(buildQuery('Who won the Super Bowl?', index, helpers).unknownNames).not.toContain('bowl');
    expect(buildQuery('Who visited France?', index, helpers).unknownNames).toContain('france');
  });

  it('are only capital I, V, X and L, two or more', () => {
    expect(buildQuery('LL Bean and mix', index).normalized).toBe('ll bean and mix');
    expect(buildQuery('Is it I?', index).normalized).toBe('is it i?');
    expect(buildQuery('the CD and DC', index).normalized).toBe('the cd and dc');
  });
});
