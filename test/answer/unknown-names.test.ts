import { describe, expect, it } from 'vitest';
import { sureConfidence as sure } from '../helpers/sure-confidence.ts';
import { LATIN_NAME_FACTOR, servedNameFactor, UNKNOWN_NAME_FACTOR } from '../../src/answer/decide.ts';
import { createEngine } from '../../src/engine.ts';
import { parseArticle } from '../../src/knowledge/load.ts';

// Made-up articles about one final: one written all in Chinese, as Chinese text writes the names an
// English question uses ("Broncos" -> 野马队); one that also writes a team's name in Latin letters.
const article = (name: string, final: string) =>
  parseArticle(
    name,
    `${name}.md`,
    ['# 决赛', '', final, '', '球队在赛季中赢得了十二场比赛。', '', '体育场位于城市的南部。', ''].join('\n'),
  );
const chineseOnly = article('final-zh', '在决赛中，红星队击败了蓝河队，赢得了冠军。');
const latinNames = article('final-latin', '在决赛中，红星队（Red Stars）击败了蓝河队，赢得了冠军。');

describe('a name the knowledge never mentions', () => {
  const question = 'Who did the Zorblats beat in the final?';

  it('does not withhold an English question over text that writes no name in Latin letters', () => {
    const result = createEngine([chineseOnly], [], { model: { confidence: sure } }).ask(question);
    expect(result.citations[0]).toMatchObject({ source: 'final-zh', passage: '1' });
    expect(result.answered).toBe(true);
  });

  it('withholds it where the knowledge writes names in Latin letters, as it does a Chinese question', () => {
    const latin = createEngine([latinNames], [], { model: { confidence: sure } }).ask(question);
    expect(latin.citations[0]).toMatchObject({ source: 'final-latin', passage: '1' });
    expect(latin.answered).toBe(false);
    const chinese = createEngine([chineseOnly], [], { model: { confidence: sure } }).ask(
      'Zorblats 在决赛中击败了谁？',
    );
    expect(chinese.answered).toBe(false);
  });
});

describe('what an English question names (en9)', () => {
  const latin = () => createEngine([latinNames], [], { model: { confidence: sure } });

  it('reads a lowercase word the dictionary lacks as no name where the member capitalizes names', () => {
    // "zorblatted" is no word the knowledge or the dictionary has; "Final" is typed capitalized.
    const result = latin().ask('Who was zorblatted in the Final?', { diagnose: true });
    expect(result.citations[0]).toMatchObject({ source: 'final-latin', passage: '1' });
    expect(result.diagnosis?.confidence?.unknownName).toBe(0);
    expect(result.answered).toBe(true);
  });

  it('counts it however it is typed where the question finds another Latin name verbatim', () => {
    // "Red Stars" is written so in the passage: the knowledge writes names as they are.
    const result = latin().ask('Did the Red Stars beat zorblatt in the final?', { diagnose: true });
    expect(result.diagnosis?.confidence).toMatchObject({ unknownName: 1, unknownLatinName: 0 });
    expect(result.answered).toBe(false);
  });

  it('still reads it as a name when the question is typed all in lower case, or capitalized', () => {
    expect(latin().ask('who did the zorblats beat in the final?').answered).toBe(false);
    expect(latin().ask('Who did the Red Stars beat, said Zorblatted?').answered).toBe(false);
  });

  it('scales an English question whose only unknown names are Latin words by LATIN_NAME_FACTOR', () => {
    const engine = latin();
    const latinOnly = engine.ask('Who did the Zorblats beat in the final?', { diagnose: true });
    expect(latinOnly.diagnosis?.confidence).toMatchObject({ unknownName: 1, unknownLatinName: 1 });
    const withNumber = engine.ask('Who did the Zorblats beat in the 2016 final?', { diagnose: true });
    expect(withNumber.diagnosis?.confidence).toMatchObject({ unknownName: 1, unknownLatinName: 0 });
    expect(servedNameFactor(latinOnly.diagnosis!.confidence!)).toBe(LATIN_NAME_FACTOR);
    expect(servedNameFactor(withNumber.diagnosis!.confidence!)).toBe(UNKNOWN_NAME_FACTOR);
    expect(LATIN_NAME_FACTOR).toBeGreaterThan(UNKNOWN_NAME_FACTOR);
  });

  it('takes a small number for one Chinese text may write as a numeral, a larger one for a name', () => {
    const chinese = () => createEngine([chineseOnly], [], { model: { confidence: sure } });
    const small = chinese().ask('Who did the team beat in final 2?', { diagnose: true });
    expect(small.diagnosis?.confidence?.unknownName).toBe(0);
    const large = chinese().ask('Who did the team beat in final 2016?', { diagnose: true });
    expect(large.diagnosis?.confidence?.unknownName).toBe(1);
  });
});

describe('the unknown-name rule fitted in as a logit offset', () => {
  // The same sure model, fitted knowing the rule: its offset is served in place of the factor.
  const withOffset = (offset: number) => ({ ...sure, unknownNameOffset: offset });

  it('withholds a question naming an unknown thing when the offset takes it below the threshold', () => {
    const engine = createEngine([chineseOnly], [], { model: { confidence: withOffset(-40) } });
    const result = engine.ask('Zorblats 在决赛中击败了谁？', { diagnose: true });
    expect(result.diagnosis?.confidence?.unknownName).toBe(1);
    expect(result.answered).toBe(false);
  });

  it('serves the offset instead of the factor: a small offset leaves a sure answer answered', () => {
    const engine = createEngine([chineseOnly], [], { model: { confidence: withOffset(-0.1) } });
    const result = engine.ask('Zorblats 在决赛中击败了谁？');
    expect(result.confidence).toBeGreaterThan(0.9);
    expect(result.answered).toBe(true);
  });

  it('adds nothing to a question whose names the knowledge has', () => {
    const engine = createEngine([chineseOnly], [], { model: { confidence: withOffset(-40) } });
    const result = engine.ask('红星队在决赛中击败了谁？', { diagnose: true });
    expect(result.diagnosis?.confidence?.unknownName).toBe(0);
    expect(result.answered).toBe(true);
  });
});
