/**
 * The two small logistic models that decide answers (fitted by `npm run calibrate`, see
 * scripts/calibrate.ts and docs/contracts.md; weights in data/answer-model.json):
 * - the ranker: the probability that one candidate passage answers the question, from how it
 *   matches the question (features below); candidates are ordered by it;
 * - the confidence: the probability that the top citation answers the question, from the ranker's
 *   view of the top candidate and its margin over the runner-up: a logistic logit, plus shallow
 *   boosted trees over the same features when the model has them (trees.ts), calibrated. Below
 *   `threshold` the bot says the knowledge does not cover the question.
 */
import { readFileSync } from 'node:fs';
import { dataFile } from '../search/data-files.ts';
import type { BoostedTrees } from './trees.ts';

export interface LogisticModel {
  /** Feature names, in the order of `weights`; a feature a model lacks is ignored. */
  features: string[];
  /** Standardization: each feature is (x - mean) / scale before weighting. */
  mean: number[];
  scale: number[];
  weights: number[];
  bias: number;
}

export interface AnswerModel {
  ranker: LogisticModel;
  /**
   * The same candidates' features fitted one by one (logistic): how likely a candidate answers
   * whatever its rivals, which the confidence reads. The ranker's own scores only compare the
   * candidates of one question. Without it the confidence reads the ranker's score.
   */
  rankerAlone?: LogisticModel;
  confidence: LogisticModel & {
    /** At or above this probability the engine answers; chosen on held-apart folds. */
    threshold: number;
    /**
     * The same, per question language (decide.ts thresholdGroup: "en", "zh"), each chosen on
     * that language's orphans; a language missing here uses `threshold`.
     */
    thresholds?: Record<string, number>;
    /**
     * Added to the logit when the question names something the knowledge never mentions
     * (decide.ts `unknownName`), the same offset the model was fitted with. Without it the
     * probability is scaled by decide.ts UNKNOWN_NAME_FACTOR after the fit.
     */
    unknownNameOffset?: number;
    /** Shallow boosted trees adding to the logistic's logit (trees.ts); none: the logistic alone. */
    trees?: BoostedTrees['trees'];
    /** Maps the logit with the trees back to a probability (Platt, fitted out of fold). */
    calibration?: BoostedTrees['calibration'];
  };
  /** How the model was fitted: data, folds, figures. Informational. */
  fit?: unknown;
}

export type Features = Record<string, number>;

export function logit(model: LogisticModel, features: Features): number {
  let z = model.bias;
  const { features: names, weights, mean, scale } = model;
  for (let i = 0; i < names.length; i++)
    z += (weights[i]! * ((features[names[i]!] ?? 0) - mean[i]!)) / scale[i]!;
  return z;
}

export function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

export const DEFAULT_MODEL_PATH = dataFile('answer-model.json');

export function loadAnswerModel(file = DEFAULT_MODEL_PATH): AnswerModel {
  return JSON.parse(readFileSync(file, 'utf8')) as AnswerModel;
}
