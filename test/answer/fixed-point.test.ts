import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SENTENCE_MODEL_PATH } from '../../src/answer/choose.ts';
import { DEFAULT_MODEL_PATH } from '../../src/answer/model.ts';
import { compareModels } from '../../scripts/fit.ts';

const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as { fit: Record<string, unknown> };

describe('the two committed models, one fixed point (npm run fit)', () => {
  it('the answer model was fitted over the committed sentence model', () => {
    const hash = createHash('sha256').update(readFileSync(DEFAULT_SENTENCE_MODEL_PATH)).digest('hex');
    expect(readJson(DEFAULT_MODEL_PATH).fit.sentenceModelSha256).toBe(hash);
  });

  it('the sentence model was fitted on each question’s own passage, reading no fitted model', () => {
    expect(readJson(DEFAULT_SENTENCE_MODEL_PATH).fit.data).toContain('reads no fitted model');
  });

  it('measures how far the weights moved and names what else changed', () => {
    const before = { span: { weights: [1, 2], mean: [0], bias: 0 }, extendPerChar: 0.001, fit: { auc: 1 } };
    const after = {
      span: { weights: [1, 2.01], mean: [5], bias: -0.002 },
      extendPerChar: 0.002,
      fit: { auc: 2 },
    };
    const { maxWeightChange, changed } = compareModels(before, after);
    expect(maxWeightChange).toBeCloseTo(0.01, 9);
    expect(changed).toEqual(['.extendPerChar: 0.001 → 0.002']);
    expect(compareModels(before, before)).toEqual({ maxWeightChange: 0, changed: [] });
  });
});
