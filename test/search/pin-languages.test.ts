import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadEngine, type Engine, type PinIndex } from '../../src/engine.ts';
import { pinCandidate } from '../../src/search/candidate.ts';
import { pinForQuestion } from '../../src/search/pin-languages.ts';

// Pins across languages (src/search/pin-languages.ts): an English pin found and answered from
// Chinese and traditional Chinese questions, a Chinese pin from English ones, and a pin in the other
// language that only shares a name never hides the passage that answers. The pins are the fixture's
// (test/fixtures/pins-languages.export.json); the CLI test asks the same through `ask --pins`.
const root = path.join(import.meta.dirname, '..', '..');
const fixture = JSON.parse(
  readFileSync(path.join(root, 'test', 'fixtures', 'pins-languages.export.json'), 'utf8'),
) as { pins: { text: string; keywords?: string }[] };
const pinsOf = (texts: { text: string; keywords?: string }[]) =>
  texts.map((pin, i) => ({
    id: i + 1,
    guildId: 'g1',
    keywords: '',
    createdBy: 'u1',
    createdAt: '2026-01-01T00:00:00Z',
    ...pin,
  }));

let engine: Engine;
let pins: PinIndex;
beforeAll(async () => {
  engine = await loadEngine(path.join(root, 'knowledge'));
  pins = engine.indexPins(pinsOf(fixture.pins));
});

const answeredBy = (question: string, passage: string, index = pins) => {
  const result = engine.ask(question, { pins: index });
  expect(result.citations[0], question).toMatchObject({ source: 'pin', passage });
  expect(result.answered, question).toBe(true);
  return result;
};

describe('an English pin, asked in Chinese', () => {
  it('answers first, in simplified and traditional Chinese, with the pin as written', () => {
    for (const question of [
      'PyTorch 基金会是哪一年成立的？',
      'PyTorch 现在归 Linux 基金会管吗？',
      'PyTorch 基金會是哪一年成立的？',
      'PyTorch 現在歸 Linux 基金會管嗎？',
    ]) {
      expect(answeredBy(question, 'pin-1').answer).toBe(fixture.pins[0]!.text);
    }
  });

  it('answers pins of other wording too', () => {
    answeredBy('PyTorch 的贴纸在哪里领？', 'pin-5');
    answeredBy('PyTorch 的貼紙在哪裡領？', 'pin-5');
    answeredBy('Adam Paszke 现在在哪里工作？', 'pin-4');
  });
});

describe('a Chinese pin, asked in English', () => {
  it('answers first, above the passage that only shares the question’s names', () => {
    answeredBy('Does PyTorch have a Discord server?', 'pin-2');
    answeredBy('When did the PyTorch Discord server open?', 'pin-2');
    answeredBy('Where is the book club held?', 'pin-6');
  });

  it('reads a pin in traditional characters alike', () => {
    const hant = engine.indexPins(pinsOf([{ text: 'PyTorch 官方的 Discord 伺服器在 2021 年開放。' }]));
    answeredBy('Does PyTorch have a Discord server?', 'pin-1', hant);
  });
});

describe('the question’s words read in the pin’s language', () => {
  it('finds a pin whose words the dictionary glosses only the other way round', () => {
    // admins -> 管理员 is not among "admin"'s first senses the pin is read with; 管理员 -> administrator is.
    const chinese = engine.indexPins(pinsOf([{ text: '服务器的管理员是小王和小李。' }]));
    answeredBy('Who are the server admins?', 'pin-1', chinese);
    answeredBy('Who are the administrators of the server?', 'pin-1', chinese);
    // 电话会议 -> conference call: the English pin of the call, not the Chinese one of the rules.
    const both = engine.indexPins(
      pinsOf([
        { text: 'The next community call is on the first Monday of each month at 9 am Pacific time.' },
        { text: '新成员请先阅读置顶的社区规则。' },
      ]),
    );
    expect(engine.ask('社区电话会议是什么时候？', { pins: both }).citations[0]).toMatchObject({
      passage: 'pin-1',
    });
  });
});

describe('a pin in the other language that only shares a name', () => {
  it('never hides the passage that answers', () => {
    for (const question of ['PyTorch 的创始人是谁？', 'PyTorch 的創始人是誰？']) {
      const result = engine.ask(question, { pins });
      expect(result.citations[0]!.source, question).toBe('pytorch-5th-birthday');
      expect(result.answer, question).toContain('Soumith Chintala');
    }
    for (const question of ['Adam Paszke 在哪里读书？', 'Adam Paszke 在哪裡讀書？']) {
      const result = engine.ask(question, { pins });
      expect(result.citations[0]!.source, question).toBe('pytorch-5th-birthday');
      expect(result.citations[0]!.text, question).toContain('华沙大学');
    }
    const chinese = engine.indexPins(pinsOf([{ text: 'Soumith Chintala 住在纽约。' }]));
    const result = engine.ask('Who founded PyTorch?', { pins: chinese });
    expect(result.citations[0]!.source).toBe('pytorch-5th-birthday');
    expect(result.answer).toContain('Soumith Chintala');
  });
});

describe('an English pin asked in English', () => {
  it('answers only what it holds of the kind asked, never hiding the passage that answers', () => {
    // The Foundation pin shares "founded" and "PyTorch" but names no one: the article's §11 answers.
    const founder = engine.ask('Who founded PyTorch?', { pins });
    expect(founder).toMatchObject({ answered: true });
    expect(founder.citations[0]).toMatchObject({ source: 'pytorch-5th-birthday', passage: '11' });
    expect(founder.answer).toContain('Soumith Chintala');
    // As confident as without pins: the pin set aside is no rival either.
    expect(founder.confidence).toBe(engine.ask('Who founded PyTorch?').confidence);
    answeredBy('When was the PyTorch Foundation founded?', 'pin-1');
    // A pin naming a person holds one.
    answeredBy('Who works at Google?', 'pin-4');
    answeredBy('Where does Adam Paszke work now?', 'pin-4');
  });
});

describe('reading a pin in the other language', () => {
  it('glosses nothing when pinned and asked in one language, and nothing before a question', () => {
    const pin = pinCandidate(pinsOf([{ text: 'PyTorch 官方的 Discord 服务器在 2021 年开放。' }])[0]!);
    expect(pin.glosses).toBeUndefined(); // indexing reads no dictionary
    const query = engine.query('PyTorch 有 Discord 服务器吗？');
    expect(pinForQuestion(pin, query)).toBe(pin);
    expect(pin.glosses).toBeUndefined();
    const english = pinForQuestion(pin, engine.query('Does PyTorch have a Discord server?'));
    expect(pin.glosses).toBeDefined();
    // The matched sense is written after its word for the answer models; the citation stays the pin.
    expect(english.reading).toMatch(/服务器 server/);
    expect(english.citation.text).toBe('PyTorch 官方的 Discord 服务器在 2021 年开放。');
  });
});
