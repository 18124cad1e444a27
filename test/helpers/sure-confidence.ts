import type { LogisticModel } from '../../src/answer/model.ts';

/**
 * A confidence sure of any passage covering most of the question, with a threshold above the 0.6 a
 * factor applied after the fit (an unknown name, an asked kind absent) leaves of it: tests of those
 * factors see them alone decide.
 */
export const sureConfidence: LogisticModel & { threshold: number } = {
  features: ['coverage'],
  mean: [0],
  scale: [1],
  weights: [30],
  bias: -5,
  threshold: 0.7,
};
