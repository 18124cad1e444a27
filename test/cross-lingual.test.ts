import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadEngine, type Engine } from '../src/engine.ts';
import { CrossLingualTerms, loadGlossaries } from '../src/search/cross-lingual.ts';

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

  it('drops translations the knowledge does not contain', () => {
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
