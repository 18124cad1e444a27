import type { AnswerResult } from './types.ts';

/**
 * How an answer is worded for members, from the calibrated confidence (the number itself is only
 * in `ask --json`): "answer" when the engine answered and is at least SURE_CONFIDENCE sure (never
 * below its threshold), "possible" when it answered below that ("check the passage"), "none" when
 * it did not answer.
 */
export type AnswerLevel = 'answer' | 'possible' | 'none';

/** At or above this confidence an answer is shown as plainly an answer. */
export const SURE_CONFIDENCE = 0.9;

export function answerLevel(
  result: Pick<AnswerResult, 'answered' | 'confidence'>,
  threshold: number,
): AnswerLevel {
  if (!result.answered) return 'none';
  return result.confidence >= Math.max(SURE_CONFIDENCE, threshold) ? 'answer' : 'possible';
}
