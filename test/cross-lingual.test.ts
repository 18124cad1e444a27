import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadEngine, type Engine } from '../src/engine.ts';
import {
  CrossLingualTerms,
  DEFAULT_LEXICON_PATH,
  loadGlossaries,
  loadLexicon,
} from '../src/search/cross-lingual.ts';
import { statSync } from 'node:fs';

const root = path.join(import.meta.dirname, '..');
const fixtures = path.join(import.meta.dirname, 'fixtures');

describe('English questions about Chinese text', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await loadEngine(path.join(root, 'knowledge'));
  });

  it.each([
    ['How many contributors does PyTorch have?', '2000贡献者'],
    ['Which university was the intern studying at?', '华沙大学'],
    ['How many bugs were fixed within a week?', '30 多个 bug'],
    ['Which Google engineer follows PyTorch on Twitter?', 'Jeff Dean'],
  ])('%s', (question, expected) => {
    const result = engine.ask(question);
    expect(result.answered).toBe(true);
    expect(result.answer).toContain(expected);
  });

  it('does not answer English questions the article does not cover', () => {
    expect(engine.ask('What is the capital of France?').answered).toBe(false);
    expect(engine.ask('How do I cook rice?').answered).toBe(false);
  });
});

describe('the lexicon', () => {
  const present = new Set(['创始人', '邀请', '论文', '公司', '历史']);
  const terms = new CrossLingualTerms((chinese) => present.has(chinese));

  it('maps English words to the Chinese words the knowledge contains', () => {
    expect(terms.translate('founder')).toEqual(['创始人']);
    expect(terms.translate('invited')).toEqual(['邀请']);
    expect(terms.translate('papers')).toEqual(['论文']);
    expect(terms.translate('company')).toEqual(['公司']);
    expect(terms.translate('history')).toEqual(['历史']);
  });

  it('reaches a compound through its one-character main sense', () => {
    // CC-CEDICT glosses 编写 only as "to compile"; 编 and 写 both mean "to write".
    const withWrite = new CrossLingualTerms((chinese) => ['编写', '写'].includes(chinese));
    expect(withWrite.translate('written')).toEqual(['编写']);
    expect(withWrite.translate('wrote')).toEqual(['编写']);
  });

  it('reads an irregular past tense as its verb', () => {
    const withSing = new CrossLingualTerms((chinese) => chinese === '演唱');
    expect(withSing.translate('sang')).toEqual(['演唱']);
  });

  it('lets a two-word phrase win over its first word', () => {
    const withPhrase = new CrossLingualTerms((chinese) => ['回顾', '看'].includes(chinese));
    expect(withPhrase.translate('look', 'back')).toEqual(['回顾']);
  });

  it('puts the main sense found first, before far senses', () => {
    const both = new CrossLingualTerms((chinese) => ['公司', '一起'].includes(chinese));
    expect(both.translate('company')[0]).toBe('公司');
  });

  it('falls back from a derived form to its base word', () => {
    const founding = new CrossLingualTerms((chinese) => ['创办'].includes(chinese));
    // "founder" lists 创始人, 创办人…; the knowledge has only the verb.
    expect(founding.translate('founder')).toEqual(['创办']);
    expect(founding.translate('founders')).toEqual(['创办']);
    expect(founding.translate('founded')).toEqual(['创办']);
    const creating = new CrossLingualTerms((chinese) => ['创造', '发明', '贡献'].includes(chinese));
    expect(creating.translate('creator')).toContain('创造');
    expect(creating.translate('creation')).toContain('创造');
    expect(creating.translate('inventor')).toEqual(['发明']);
    expect(creating.translate('invention')).toEqual(['发明']);
    expect(creating.translate('contributors')).toEqual(['贡献']);
    const losing = new CrossLingualTerms((chinese) => ['失去'].includes(chinese));
    expect(losing.translate('lost')).toEqual(['失去']);
  });

  it('prefers the exact form when the knowledge has its translation', () => {
    const both = new CrossLingualTerms((chinese) => ['创始人', '创办'].includes(chinese));
    expect(both.translate('founder')).toEqual(['创始人']);
  });

  it('finds two- and three-word dictionary phrases', () => {
    const phrases = new CrossLingualTerms((chinese) => ['体罚', '二战', '深度学习'].includes(chinese));
    expect(phrases.translate('corporal', 'punishment')).toEqual(['体罚']);
    expect(phrases.translate('world', 'war ii')).toEqual(['二战']);
    expect(phrases.translate('deep', 'learning models')).toEqual(['深度学习']);
    expect(phrases.translate('corporal')).not.toContain('二战');
  });

  it("adds a people's adjective's country to its senses, asked in English", () => {
    const countries = new CrossLingualTerms((chinese) => ['中国', '中文', '亚洲', '德国'].includes(chinese));
    // "Chinese art" is 中国艺术: the country, beside the language.
    expect(countries.translate('chinese', undefined, true)).toEqual(['中文', '中国']);
    expect(countries.translate('asian', undefined, true)).toContain('亚洲');
    expect(countries.translate('german', undefined, true)).toContain('德国');
    // A Latin word of a Chinese question keeps the lexicon's senses.
    expect(countries.translate('chinese')).toEqual(['中文']);
  });

  it('drops translations the knowledge does not contain', () => {
    const nothing = new CrossLingualTerms(() => false);
    expect(nothing.translate('founder')).toEqual([]);
    expect(nothing.translate('paper')).toEqual([]);
    expect(terms.translate('rice')).toEqual([]);
    expect(terms.isDictionaryWord('rice')).toBe(true);
    expect(terms.isDictionaryWord('mxnet')).toBe(false);
  });
});

describe('glossaries beside the articles', () => {
  it('let a user map their members’ words to the article’s, in any language', async () => {
    const { glossary, problems } = await loadGlossaries(path.join(fixtures, 'glossary-ok'));
    expect(problems).toEqual([]);
    expect(glossary.get('manag')).toEqual(['老板']);
    const engine = await loadEngine(path.join(fixtures, 'glossary-ok'));
    expect(engine.ask('What did the manager say about the budget?').answer).toContain('老板说');
    expect(engine.ask('经理说了什么？').answer).toContain('老板说');
  });

  it('wins over the dictionary, for words and phrases', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'citebot-glossary-'));
    await writeFile(path.join(dir, 'a.glossary.yml'), 'Founders: [老父亲]\nparent company: 老父亲\n');
    const { glossary, problems } = await loadGlossaries(dir);
    expect(problems).toEqual([]);
    expect(glossary.get('founder')).toEqual(['老父亲']);
    const terms = new CrossLingualTerms(
      (chinese) => ['老父亲', '创始人', '公司'].includes(chinese),
      glossary,
    );
    expect(terms.translate('founder')).toEqual(['老父亲']);
    expect(terms.translate('parent', 'company')).toEqual(['老父亲']);
    expect(terms.translate('company')).toEqual(['公司']);
  });

  it('reports malformed glossaries with path and reason instead of throwing', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'citebot-glossary-'));
    await writeFile(path.join(dir, 'list.glossary.yaml'), '- just\n- a list\n');
    await writeFile(path.join(dir, 'broken.glossary.yaml'), 'founder: [创始人\n');
    await writeFile(path.join(dir, 'empty-term.glossary.yaml'), 'founder: []\n');
    await writeFile(path.join(dir, 'good.glossary.yaml'), 'invite: [邀请]\n');
    const { glossary, problems } = await loadGlossaries(dir);
    expect(problems.map((problem) => path.basename(problem.path)).sort()).toEqual([
      'broken.glossary.yaml',
      'empty-term.glossary.yaml',
      'list.glossary.yaml',
    ]);
    for (const problem of problems) expect(problem.reason).toMatch(/glossary/);
    expect(glossary.get('invit')).toEqual(['邀请']);
  });

  it('reports a malformed glossary with its path and still loads the articles', async () => {
    const engine = await loadEngine(path.join(fixtures, 'glossary-bad'));
    expect(engine.articles).toHaveLength(1);
    expect(engine.problems).toEqual([
      {
        path: path.join(fixtures, 'glossary-bad', 'notes.glossary.yaml'),
        reason: expect.stringMatching(/glossary/),
      },
    ]);
  });
});

describe('the lexicon file', () => {
  it('stays small and is a word-list file, its keys in the order lookups search them', () => {
    expect(statSync(DEFAULT_LEXICON_PATH).size).toBeLessThan(4_000_000);
    const lexicon = loadLexicon();
    const keys = [...lexicon.keys()];
    expect(keys.length).toBeGreaterThan(50_000);
    expect(keys).toEqual([...keys].sort());
    expect(lexicon.get('founder')).toContain('创始人');
    expect(lexicon.get('look back')?.[0]).toBe('回顾');
    expect(Math.max(...[...lexicon.keys()].map((key) => lexicon.get(key)!.length))).toBeLessThanOrEqual(22);
    // Keys no English word has, even those every object has, find nothing.
    expect(lexicon.get('constructor')).toBeUndefined();
    expect(lexicon.has('toString')).toBe(false);
  });
});

describe('Chinese names for what the article writes in Latin letters', () => {
  it('reads 推特 as Twitter and 人工智能 as AI when the article only has the Latin form', async () => {
    const engine = await loadEngine(path.join(root, 'knowledge'));
    const twitter = engine.ask('程序员们在推特下发出了什么？');
    expect(twitter.citations[0]?.text).toContain('在这条 Twitter 下许多程序员发出祝福');
    const ai = engine.ask('人工智能硬件的老大哥是谁？');
    expect(ai.answered).toBe(true);
    expect(ai.answer).toContain('英伟达');
  });
});
