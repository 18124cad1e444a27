import { beforeAll, describe, expect, it } from 'vitest';
import { renderAnswer } from '../../commands/answer/render.ts';
import { loadEngine, type AnswerResult, type Engine } from '../../src/engine.ts';

// A withheld answer whose closest passage may well say it must not be headed "not in the article":
// members read that as certain (issue 8: "the article doesn't say" above the passage that says it).
describe('how a withheld answer is worded', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await loadEngine('knowledge');
  });

  const withheld = (engine: Engine, confidence: number): AnswerResult => {
    const passage = engine.ask('PyTorch 支持 Windows 吗？').citations[0]!;
    return {
      question: 'PyTorch 一开始支持 Windows 吗？',
      answered: false,
      confidence,
      answer: '',
      citations: [passage],
      matchedTerms: [],
    };
  };
  const describeIn = (result: AnswerResult, locale: string) => {
    const response = renderAnswer(result, { locale, guildId: 'g' }, engine, { pinsUnavailable: false });
    const data = (response as { data: { embeds: { description: string; fields: unknown[] }[] } }).data;
    return data.embeds[0]!;
  };

  it('says "no sure answer" above the closest passages when the top is still likely right', () => {
    const embed = describeIn(withheld(engine, 0.5), 'zh-CN');
    expect(embed.description).toBe('**没有把握回答。**最接近的段落：');
    // Tops scored 0.1-0.2 on the public sets are right 15% of the time: not "not in the article".
    expect(describeIn(withheld(engine, 0.15), 'zh-CN').description).toBe('**没有把握回答。**最接近的段落：');
    expect(embed.fields.length).toBe(1);
    expect(describeIn(withheld(engine, 0.5), 'en-US').description).toBe(
      '**No sure answer.** The closest passages:',
    );
  });

  it('says "not in the article" when the closest passage is unlikely to say it', () => {
    expect(describeIn(withheld(engine, 0.05), 'zh-TW').description).toBe('**文章沒有提到。**最接近的段落：');
  });
});
