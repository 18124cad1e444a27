import { describe, expect, it } from 'vitest';
import {
  chooseAnswer,
  choiceText,
  DEFAULT_ANSWER_OPTIONS,
  loadSentenceModel,
  pickSpan,
  scoreSpans,
  spanLogits,
  tableLogits,
  type SentenceModel,
} from '../../src/answer/choose.ts';
import { tokenizedSentences } from '../../src/answer/clauses.ts';
import { namedSpans, withTraditionalProducts } from '../../src/answer/span-table.ts';
import { answerSpans, isEnglishQuestion, spanTable } from '../../src/answer/spans.ts';
import { fitConditionalLogit } from '../../src/eval/logistic.ts';
import { InvertedIndex } from '../../src/search/inverted-index.ts';
import { normalizeText } from '../../src/search/normalize.ts';
import { buildQuery } from '../../src/search/query.ts';
import { tokenize } from '../../src/search/tokenize.ts';

const queryFor = (question: string, passage: string) =>
  buildQuery(question, new InvertedIndex([tokenize(normalizeText(passage)), tokenize('其他 文章 内容')]));

describe('the conditional logit fit', () => {
  it('recovers the direction and rough size of a known choice model', () => {
    // Each choice picks one of four alternatives with probability softmax(2a - b).
    let seed = 7;
    const random = (): number => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    const choices = Array.from({ length: 3000 }, () => {
      const alternatives = Array.from({ length: 4 }, () => ({ a: random() * 2 - 1, b: random() * 2 - 1 }));
      const e = alternatives.map(({ a, b }) => Math.exp(2 * a - b));
      let pick = random() * e.reduce((sum, v) => sum + v, 0);
      const picked = e.findIndex((v) => (pick -= v) <= 0);
      return { alternatives, labels: alternatives.map((_, i) => (i === picked ? 1 : 0) as 0 | 1) };
    });
    const model = fitConditionalLogit(choices, ['a', 'b'], 0);
    const weightA = model.weights[0]! / model.scale[0]!;
    const weightB = model.weights[1]! / model.scale[1]!;
    expect(weightA).toBeGreaterThan(1.6);
    expect(weightA).toBeLessThan(2.4);
    expect(weightB).toBeLessThan(-0.7);
    expect(weightB).toBeGreaterThan(-1.3);
    // From a warm start (and again from none) the fit finds the same weights.
    for (const start of [undefined, [1, -1]]) {
      const fast = fitConditionalLogit(choices, ['a', 'b'], 0, start);
      fast.weights.forEach((w, i) => expect(w).toBeCloseTo(model.weights[i]!, 4));
    }
  });
});

describe('the committed sentence model', () => {
  const model = loadSentenceModel();

  it('was fitted by npm run fit-sentences on the features spans.ts computes', () => {
    expect(JSON.stringify(model.fit)).toContain('npm run fit-sentences');
    const passage = '第一句话说了一件事。第二句话说了另一件事，时间是2019年。';
    const [span] = answerSpans(passage, queryFor('第二件事是哪一年？', passage), 150);
    const linear = model.span.features.filter((name) => !name.startsWith('traditional:'));
    expect(Object.keys(span!.features).sort()).toEqual(linear.sort());
    expect(model.span.weights).toHaveLength(model.span.features.length);
    expect(model.extendPerChar).toBeGreaterThanOrEqual(0);
    expect(model.extendPerChar).toBeLessThan(1);
  });

  it('scores the table of features exactly as it scores the same features by name', () => {
    // A long sentence is offered as runs of its clauses too: rows that differ in every feature.
    const passage =
      '青石水库是本省最大的人工水库，位于青石县北部，由省水利厅设计，库容约三亿立方米，灌溉农田二十万亩。' +
      '这项工程于1958年开工。如今水库周边已经成为旅游景点。';
    const table = spanTable(passage, queryFor('青石水库哪一年开工？', passage), 40);
    expect(table.spans.length).toBeGreaterThan(3);
    const named = namedSpans(table);
    expect(new Set(named.map((span) => JSON.stringify(span.features))).size).toBe(named.length);
    expect(tableLogits(table, model)).toEqual(spanLogits(named, model));
    // A question written in traditional characters also reads the products of features.
    const withProducts = named.map((span) => ({ features: withTraditionalProducts(span.features, true) }));
    expect(tableLogits(table, model, true)).toEqual(spanLogits(withProducts, model));
    // A model naming a feature spans.ts does not compute reads it as 0, as `logit` does.
    const extra: SentenceModel = {
      ...model,
      span: {
        ...model.span,
        features: [...model.span.features, 'unknown'],
        mean: [...model.span.mean, 0.5],
        scale: [...model.span.scale, 2],
        weights: [...model.span.weights, 3],
      },
    };
    expect(tableLogits(table, extra)).toEqual(spanLogits(named, extra));
  });

  it('scores only the runs of clauses of a long sentence that hold a question term, given a reach of 0', () => {
    const passage =
      '青石水库是本省最大的人工水库，位于青石县北部，由省水利厅设计，库容约三亿立方米，灌溉农田二十万亩。' +
      '这项工程于1958年开工。如今水库周边已经成为旅游景点。';
    const query = queryFor('青石水库的库容是多少？', passage);
    const all = spanTable(passage, query, 40).spans;
    const reached = spanTable(passage, query, 40, '', 0).spans;
    expect(reached.length).toBeLessThan(all.length);
    // Whole sentences all stay; every run kept is one of the runs offered, and holds a term.
    expect(reached.filter((span) => span.whole)).toEqual(all.filter((span) => span.whole));
    for (const span of reached.filter((span) => !span.whole)) {
      expect(all.map((other) => other.text)).toContain(span.text);
      expect(span.matched.length).toBeGreaterThan(0);
    }
  });

  it('gives each span of a passage a probability, together one', () => {
    const passage = '青石水库是本省最大的人工水库。这项工程于1958年开工。如今水库周边已经成为旅游景点。';
    const spans = answerSpans(passage, queryFor('青石水库哪一年开工？', passage), 150);
    const scores = scoreSpans(spans, model);
    expect(scores).toHaveLength(3);
    expect(scores.reduce((sum, p) => sum + p, 0)).toBeCloseTo(1, 9);
    expect(scores[1]).toBe(Math.max(...scores));
  });
});

describe('choosing with the committed model', () => {
  // The sentence repeating most of the question (the one naming the subject) is not the one that
  // answers; the kind of answer asked (a time, a colour named after the thing) is in the next one.
  it.each([
    [
      '东湖图书馆',
      '东湖图书馆是一座公共图书馆，位于城市东部的湖畔，由市政府出资兴建，是市民读书学习的重要场所。图书馆于2008年对外开放，藏书约120万册。',
      '由市政府出资兴建的东湖图书馆是哪一年开放的？',
      '2008年',
    ],
    [
      '金雀花',
      '金雀花是一种常绿灌木，原产于地中海沿岸，在欧洲各地都有栽培，常被用作庭院的绿篱。其花呈金黄色，形似蝴蝶。它的种子有毒，不可食用。',
      '金雀花的花是什么颜色？',
      '金黄色',
    ],
    [
      '白鷺鎮',
      '白鷺鎮位於江北平原的中部，以盛產蓮藕聞名全國。鎮上的蓮藕節每年都吸引大量遊客前來觀光。蓮藕節最早由一位名叫陳廣田的老農在1986年發起。',
      '白鷺鎮的蓮藕節是哪一年開始的？',
      '1986年',
    ],
  ])('%s', (title, passage, question, answer) => {
    const chosen = chooseAnswer(passage, queryFor(question, passage), undefined, title);
    expect(passage).toContain(chosen.text);
    expect(chosen.text).toContain(answer);
    expect(chosen.text.length).toBeLessThanOrEqual(loadSentenceModel().extendMaxChars);
  });
});

describe('the neighbouring sentences', () => {
  const passage =
    '白鹭镇位于江北平原的中部，以盛产莲藕闻名全国。镇上的莲藕节每年都吸引大量游客前来观光。莲藕节最早由一位名叫陈广田的老农在1986年发起。';
  const query = queryFor('白鹭镇的莲藕节是谁发起的？', passage);
  const spans = answerSpans(passage, query, 150);
  const { sentences } = tokenizedSentences(passage);
  const options = { ...DEFAULT_ANSWER_OPTIONS, minAnswerChars: 0 };
  const model = (
    extendPerChar: number,
    extendMaxChars: number,
    shortTakesLikelier = false,
  ): SentenceModel => ({
    ...loadSentenceModel(),
    extendPerChar,
    extendMaxChars,
    shortTakesLikelier,
  });
  const scores = scoreSpans(spans, model(0, 0));
  const chars = (sentence: number) => sentences[sentence]!.trim().length;

  it('come along when their probability is worth their length, and only if all fit', () => {
    expect(spans[2]!.sentence).toBe(2);
    expect(scores[2]).toBe(Math.max(...scores));
    const pick = (m: SentenceModel) =>
      pickSpan(spans, scores, sentences, { ...options, model: m }).neighbours;
    expect(pick(model(Infinity, 1000))).toEqual([]);
    // At no price every sentence that fits comes along, one after another.
    expect(pick(model(0, 1000))).toEqual([0, 1]);
    // Just below and just above the price the sentence before brings per character.
    const perChar = scores[1]! / chars(1);
    const upTo = chars(1) + chars(2);
    expect(pick(model(perChar * 0.99, upTo))).toEqual([1]);
    expect(pick(model(perChar * 1.01, upTo))).toEqual([]);
    expect(pick(model(0, chars(1) + chars(2) - 1))).toEqual([]);
  });

  it('cost a question asked in English its own price', () => {
    const priced = { ...model(0, 1000), extendPerCharEnglish: Infinity };
    const pick = (english: boolean) =>
      pickSpan(spans, scores, sentences, { ...options, model: priced, english }).neighbours;
    expect(pick(false)).toEqual([0, 1]);
    expect(pick(true)).toEqual([]);
    expect(isEnglishQuestion(normalizeText('Who started the lotus festival?'))).toBe(true);
    expect(isEnglishQuestion(normalizeText('白鹭镇的 festival 是谁发起的？'))).toBe(false);
  });

  it('cost a question written in traditional characters its own price', () => {
    const priced = {
      ...model(Infinity, 1000),
      extendPerCharEnglish: Infinity,
      extendPerCharTraditional: 0,
    };
    const pick = (traditional: boolean) =>
      pickSpan(spans, scores, sentences, { ...options, model: priced, traditional }).neighbours;
    expect(pick(false)).toEqual([]);
    expect(pick(true)).toEqual([0, 1]);
    // A question asked in English keeps the English price.
    expect(
      pickSpan(spans, scores, sentences, { ...options, model: priced, english: true, traditional: true })
        .neighbours,
    ).toEqual([]);
  });

  it('come along on both sides when both are worth it', () => {
    const asked = queryFor('莲藕节每年吸引大量游客吗？', passage);
    const middle = answerSpans(passage, asked, 150);
    const middleScores = [0.1, 0.8, 0.1];
    const choice = pickSpan(middle, middleScores, sentences, { ...options, model: model(0, 1000) });
    expect(choice.best).toBe(1);
    expect(choice.neighbours.sort()).toEqual([0, 2]);
    expect(choiceText(choice, middle, sentences)).toBe(passage);
  });

  it('reach a likely sentence two away, with the one between, up to the fitted depth', () => {
    const far = answerSpans(passage, queryFor('白鹭镇在哪里？', passage), 150);
    const farScores = [0.6, 0.01, 0.39];
    // The one between is not worth its length alone; the two together are.
    const price = 0.02 / chars(1);
    expect(farScores[1]!).toBeLessThan(price * chars(1));
    expect(farScores[1]! + farScores[2]!).toBeGreaterThan(price * (chars(1) + chars(2)));
    const pick = (extendDepth: number) =>
      pickSpan(far, farScores, sentences, { ...options, model: { ...model(price, 1000), extendDepth } })
        .neighbours;
    expect(pick(1)).toEqual([]);
    expect(pick(2)).toEqual([1, 2]);
  });

  it('a sentence too short to stand alone takes the next one, or the likelier when so fitted', () => {
    const short = { ...DEFAULT_ANSWER_OPTIONS, minAnswerChars: 1000 };
    const middle = answerSpans(passage, queryFor('莲藕节每年吸引大量游客吗？', passage), 150);
    const likelierBefore = [0.3, 0.65, 0.05];
    const next = pickSpan(middle, likelierBefore, sentences, { ...short, model: model(Infinity, 1000) });
    expect(next.neighbours).toEqual([2]);
    const likelier = pickSpan(middle, likelierBefore, sentences, {
      ...short,
      model: model(Infinity, 1000, true),
    });
    expect(likelier.neighbours).toEqual([0]);
  });

  it('makes a verbatim, contiguous answer', () => {
    const chosen = chooseAnswer(passage, query, { ...options, model: model(0, chars(1) + chars(2)) });
    expect(chosen.text).toBe(`${sentences[1]}${sentences[2]}`);
    expect(passage).toContain(chosen.text);
  });
});

describe('spans of a passage asked again', () => {
  // What a passage offers is kept per passage; what it holds of each question must not be.
  const passage =
    '这座桥由李明设计，他是当地的工程师。大桥于1998年建成通车，全长两千米，连接了江两岸的城市，每天有上万辆汽车经过这里，成为本市最繁忙的交通要道之一。';

  it('judges the kind of answer asked by each question, not the first one asked', () => {
    const held = (question: string) =>
      answerSpans(passage, queryFor(question, passage), 150).map((span) => span.features.typeHeld);
    expect(held('大桥哪一年建成？')).toEqual([0, 1]);
    expect(held('这座桥是谁设计的？')).toEqual([0, 0]);
    expect(held('大桥哪一年建成？')).toEqual([0, 1]);
  });

  it('offers the clause runs that fit each answer length asked', () => {
    const spans = (maxChars: number) => answerSpans(passage, queryFor('大桥哪一年建成？', passage), maxChars);
    expect(spans(150).map((span) => span.whole)).toEqual([true, true]);
    const narrow = spans(20);
    expect(narrow.some((span) => !span.whole)).toBe(true);
    for (const span of narrow.filter((span) => !span.whole)) expect(passage).toContain(span.text);
    expect(spans(150)).toHaveLength(2);
  });
});
