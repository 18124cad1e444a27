import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createEngine, loadEngine, type Engine } from '../src/engine.ts';
import { parseArticle } from '../src/knowledge/load.ts';
import { comparable, scoreDev, type DevQuestion } from '../src/eval/datasets.ts';

const root = path.join(import.meta.dirname, '..');
let engine: Engine;

beforeAll(async () => {
  engine = await loadEngine(path.join(root, 'knowledge'));
});

describe('answering from the article', () => {
  it('quotes the answering sentence verbatim and cites its passage', () => {
    const result = engine.ask('Chintala 拉来的实习生是谁？');
    expect(result.answered).toBe(true);
    const top = result.citations[0]!;
    expect(top.text).toContain('Adam Paszke');
    expect(top).toMatchObject({ source: 'pytorch-5th-birthday', section: '大牛追忆诞生历史' });
    expect(top.text).toContain(result.answer);
    expect(result.answer).toContain('Adam Paszke');
    expect(result.confidence).toBeGreaterThan(0.5);
    expect(result.confidence).toBeLessThanOrEqual(1);
  });

  it('answers traditional Chinese from simplified text', () => {
    const result = engine.ask('Hugging Face 上有多少模型是 PyTorch 獨家的？');
    expect(result.answered).toBe(true);
    expect(result.answer).toContain('85%');
  });

  it('repairs typos in Latin names against the vocabulary', () => {
    const result = engine.ask('pytroch 和 tensorflw 谁更受欢迎');
    expect(result.answered).toBe(true);
    expect(result.citations[0]!.text).toContain('最受欢迎的两大框架');
  });

  it.each([
    'PyTorch 2.0 是什么时候发布的？',
    'JAX 的市场份额是多少？',
    '今天天气怎么样？',
    '',
    '？？？',
    'How do I cook rice?',
    // An acronym typed in capitals is a name the article lacks, not a typo of "GPU".
    'Does PyTorch support TPUs?',
  ])('abstains when the knowledge does not say: %j', (question) => {
    const result = engine.ask(question);
    expect(result.answered).toBe(false);
    expect(result.answer).toBe('');
  });

  it('still offers the closest passages when it abstains', () => {
    const result = engine.ask('JAX 的市场份额是多少？');
    expect(result.answered).toBe(false);
    expect(result.citations.length).toBeGreaterThan(0);
  });

  it('finds passages by key or bare id, with neighbours', () => {
    expect(engine.findPassage('§12')?.key).toBe('pytorch-5th-birthday§12');
    expect(engine.findPassage('pytorch-5th-birthday§3')?.id).toBe('3');
    expect(engine.findPassage('999')).toBeUndefined();
    const { previous, next } = engine.neighbours('pytorch-5th-birthday§1');
    expect(previous).toBeUndefined();
    expect(next?.id).toBe('2');
  });

  it('suggests passages fuzzily and questions it can answer', () => {
    expect(
      engine
        .suggestPassages('autopliot')
        .map((p) => p.text)
        .join(),
    ).toContain('Autopilot');
    expect(engine.suggestPassages('', 25)).toHaveLength(25);
    const questions = engine.suggestQuestions('实习生', 5);
    expect(questions[0]).toBe('实习生');
    expect(questions.length).toBeLessThanOrEqual(5);
  });
});

describe('pinned facts', () => {
  const pin = {
    id: 7,
    guildId: 'g1',
    text: 'The PyTorch meetup is on March 3 in Berlin.',
    keywords: 'meetup 聚会',
    createdBy: 'u1',
    createdAt: '2026-01-01T00:00:00Z',
  };

  it('answers from a pin and cites it, when the pin is passed in', () => {
    const pins = engine.indexPins([pin]);
    const result = engine.ask('When is the PyTorch meetup?', { pins });
    expect(result.answered).toBe(true);
    expect(result.citations[0]).toMatchObject({ source: 'pin', passage: 'pin-7', pin: { id: 7 } });
    expect(result.answer).toContain('March 3');
  });

  it('answers from an English pin whose words the dictionary would translate', () => {
    const pins = engine.indexPins([
      {
        id: 8,
        guildId: 'g1',
        text: 'Our study group meets every Thursday at 8 pm in the voice channel.',
        createdBy: 'u1',
        createdAt: '2026-01-01T00:00:00Z',
      },
    ]);
    const result = engine.ask('When does the study group meet?', { pins });
    expect(result.answered).toBe(true);
    expect(result.citations[0]).toMatchObject({ source: 'pin', passage: 'pin-8' });
  });

  it('answers only from the pins passed in: another server’s index, or none, never holds this one', () => {
    const mine = engine.indexPins([pin]);
    const theirs = engine.indexPins([
      { ...pin, id: 9, guildId: 'g2', text: 'The PyTorch reading group meets on Fridays.', keywords: '' },
    ]);
    expect(engine.ask('When is the PyTorch meetup?', { pins: mine }).citations[0]).toMatchObject({
      passage: 'pin-7',
    });
    for (const pins of [theirs, undefined]) {
      const result = engine.ask('When is the PyTorch meetup?', { pins });
      expect(result.citations.map((c) => c.passage)).not.toContain('pin-7');
      expect(JSON.stringify(result)).not.toContain('March 3');
    }
    // Indexing another server's pins afterwards does not change what this index holds.
    engine.indexPins([{ ...pin, id: 10, guildId: 'g3', text: 'Meetup cancelled.' }]);
    expect(engine.ask('When is the PyTorch meetup?', { pins: mine }).answer).toContain('March 3');
  });
});

describe('any article, not just the seed', () => {
  it('answers an English article dropped into knowledge', () => {
    const article = parseArticle(
      'sourdough',
      'sourdough.md',
      '# Starter\n\nA starter is flour and water left to ferment for five days.\n\n# Baking\n\nBake the loaf at 250 degrees for 40 minutes.\n',
    );
    const small = createEngine([article]);
    const result = small.ask('How long do I bake the loaf?');
    expect(result.answered).toBe(true);
    expect(result.answer).toBe('Bake the loaf at 250 degrees for 40 minutes.');
    expect(small.ask('Who won the 1998 world cup?').answered).toBe(false);
  });
});

describe('quality floor on the dev questions', () => {
  it('keeps top-1, abstention and key-fact rates at or above what was measured', () => {
    const questions = readFileSync(path.join(root, 'eval', 'article-qa.dev.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as DevQuestion);
    const score = scoreDev(engine, questions);
    const right = Object.values(score.byLang).reduce((sum, lang) => sum + lang.right, 0);
    // Measured 25/27 right, 25/27 key facts and 3/4 abstained (npm run eval, after unit7's answer
    // units): the floor is one answer below.
    expect(right).toBeGreaterThanOrEqual(24);
    expect(score.abstained).toBeGreaterThanOrEqual(score.unanswerable - 2);
    expect(score.keyHits).toBeGreaterThanOrEqual(24);
    expect(score.meanAnswerChars).toBeLessThan(90);
    expect(comparable(' “A b” ')).toBe('ab');
  });
});
