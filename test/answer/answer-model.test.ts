import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { askedAnswerType, holdsAnswerType } from '../../src/answer/answer-type.ts';
import { thresholdFor } from '../../src/answer/decide.ts';
import { writesTraditional } from '../../src/search/normalize.ts';
import { loadAnswerModel, logit, sigmoid } from '../../src/answer/model.ts';
import { loadEngine } from '../../src/engine.ts';
import { fitLogistic } from '../../src/eval/logistic.ts';
import { isLeftOut, stableHash } from '../../src/eval/public-sets.ts';
import { coverageRaise } from '../../scripts/calibrate-fit.ts';
import { normalizeText } from '../../src/search/normalize.ts';

describe('the kind of answer a question asks for', () => {
  it.each([
    ['PyTorch 是谁开发的？', 'person'],
    ['Who founded the company?', 'person'],
    ['这个项目是哪一年开始的？', 'time'],
    ['When did the war end?', 'time'],
    ['一周内修复了多少个 bug？', 'amount'],
    ['How many contributors are there?', 'amount'],
    ['他在哪里读博？', 'place'],
    ['Where did he study?', 'place'],
    ['这个框架叫什么名字？', 'name'],
    ['谷歌为什么开发 TensorFlow？', 'reason'],
  ] as const)('%s -> %s', (question, type) => {
    expect(askedAnswerType(normalizeText(question))).toBe(type);
  });

  it('says nothing for a question that names no kind', () => {
    expect(askedAnswerType(normalizeText('PyTorch 支持 Windows 吗？'))).toBeUndefined();
  });

  it('finds the kind in the sentence that holds it', () => {
    expect(holdsAnswerType(normalizeText('在经历了一个半月的紧张开发后'), 'amount')).toBe(true);
    expect(holdsAnswerType(normalizeText('2016 年 9 月发布'), 'time')).toBe(true);
    expect(holdsAnswerType(normalizeText('他在加州大学伯克利分校攻读博士'), 'place')).toBe(true);
    expect(holdsAnswerType(normalizeText('框架很受欢迎'), 'time')).toBe(false);
  });
});

describe('the logistic fit', () => {
  it('recovers the direction and rough size of a known model', () => {
    // Labels drawn from p = sigmoid(2a - b), with a fixed pseudo-random sequence.
    let seed = 1;
    const random = (): number => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    const examples = Array.from({ length: 4000 }, () => {
      const a = random() * 2 - 1;
      const b = random() * 2 - 1;
      return { features: { a, b }, label: (random() < sigmoid(2 * a - b) ? 1 : 0) as 0 | 1 };
    });
    const model = fitLogistic(examples, ['a', 'b'], 0);
    const weightA = model.weights[0]! / model.scale[0]!;
    const weightB = model.weights[1]! / model.scale[1]!;
    expect(weightA).toBeGreaterThan(1.6);
    expect(weightA).toBeLessThan(2.4);
    expect(weightB).toBeLessThan(-0.7);
    expect(weightB).toBeGreaterThan(-1.3);
  });
});

describe('the committed model', () => {
  const model = loadAnswerModel();

  it('has a ranker and a confidence model with a threshold, fitted by npm run calibrate', () => {
    expect(model.ranker?.features.length).toBe(model.ranker?.weights.length);
    expect(model.confidence.features.length).toBe(model.confidence.weights.length);
    expect(model.confidence.threshold).toBeGreaterThan(0.3);
    expect(model.confidence.threshold).toBeLessThan(0.9);
    expect(JSON.stringify(model.fit)).toContain('npm run calibrate');
  });

  it('is more sure of a candidate that covers the whole question than of one that covers little', () => {
    for (const ranker of [model.ranker!, model.rankerAlone!])
      expect(coverageRaise(ranker)).toBeGreaterThan(0);
  });
});

describe('the left-out split', () => {
  it('is fixed and leaves out about a fifth', () => {
    expect(stableHash('DEV_0')).toBe(stableHash('DEV_0'));
    const ids = Array.from({ length: 2000 }, (_, i) => `p${i}`);
    const share = ids.filter(isLeftOut).length / ids.length;
    expect(share).toBeGreaterThan(0.17);
    expect(share).toBeLessThan(0.23);
  });
});

describe('a threshold per question language', () => {
  it("holds a question to its language's threshold, else the pooled one", () => {
    const model = { threshold: 0.6, thresholds: { en: 0.8 } };
    expect(thresholdFor(model, { english: 1 })).toBe(0.8);
    expect(thresholdFor(model, { english: 0 })).toBe(0.6);
    expect(thresholdFor({ threshold: 0.6 }, { english: 1 })).toBe(0.6);
    expect(thresholdFor(undefined, { english: 1 })).toBe(0.5);
  });

  it('holds a traditional question to its own threshold, else to Chinese, else the pooled one', () => {
    const traditional = { english: 0, traditional: 1 };
    expect(thresholdFor({ threshold: 0.6, thresholds: { zh: 0.7, 'zh-Hant': 0.5 } }, traditional)).toBe(0.5);
    expect(thresholdFor({ threshold: 0.6, thresholds: { zh: 0.7 } }, traditional)).toBe(0.7);
    expect(thresholdFor({ threshold: 0.6, thresholds: { en: 0.8 } }, traditional)).toBe(0.6);
    expect(thresholdFor({ threshold: 0.6, thresholds: { zh: 0.7, 'zh-Hant': 0.5 } }, { english: 0 })).toBe(
      0.7,
    );
  });

  it.each([
    ['PyTorch 的貢獻者有多少？', 1],
    ['PyTorch 的贡献者有多少？', 0],
    ['他是著名的科学家吗？', 0],
    ['How many contributors are there?', 0],
  ] as const)('tells a question in traditional characters: %s -> %i', (question, flag) => {
    expect(writesTraditional(question) ? 1 : 0).toBe(flag);
  });

  it('withholds an English question whose language is held higher, and answers the same in Chinese', async () => {
    const committed = loadAnswerModel();
    const strictEnglish = {
      ...committed,
      confidence: { ...committed.confidence, thresholds: { en: 0.999, zh: committed.confidence.threshold } },
    };
    const knowledge = path.join(import.meta.dirname, '..', '..', 'knowledge');
    const engine = await loadEngine(knowledge, { model: strictEnglish });
    const english = engine.ask('Who is the intern Chintala brought in?');
    expect(english.answered).toBe(false);
    expect(english.answer).toBe('');
    expect(engine.ask('Chintala 拉来的实习生是谁？').answered).toBe(true);
    // The committed thresholds answer both.
    const plain = await loadEngine(knowledge);
    expect(plain.ask('Who is the intern Chintala brought in?').answered).toBe(true);
  });
});
