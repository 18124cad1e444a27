import type { AnswerResult } from './types.ts';

/**
 * How an answer is worded for members, from the calibrated confidence (the number itself is only
 * in `ask --json`): "answer" when the engine answered and is at least SURE_CONFIDENCE sure (never
 * below its threshold), "possible" when it answered below that ("check the passage"), "unsure"
 * when it did not answer but its top passage is still likely enough to be right that "not in the
 * article" would overstate it, "none" when it did not answer and nothing is that close or the
 * question names something the knowledge never mentions.
 */
export type AnswerLevel = 'answer' | 'possible' | 'unsure' | 'none';

/** At or above this confidence an answer is shown as plainly an answer. */
export const SURE_CONFIDENCE = 0.9;

/**
 * Withheld at or above this confidence, the reply says "no sure answer" instead of "not in the
 * article", which would be false too often: in `npm run eval`'s reliability table (public sets,
 * left-out runs) tops scored 0.1–0.2 are right 15% of the time, 0.2–0.3 24%, those under 0.1 5%.
 */
export const UNSURE_CONFIDENCE = 0.1;

export function answerLevel(
  result: Pick<AnswerResult, 'answered' | 'confidence' | 'unknownName'>,
  threshold: number,
): AnswerLevel {
  // A name the knowledge never mentions is "not in the article", however close the passages are.
  if (!result.answered)
    return result.confidence >= UNSURE_CONFIDENCE && !result.unknownName ? 'unsure' : 'none';
  return result.confidence >= Math.max(SURE_CONFIDENCE, threshold) ? 'answer' : 'possible';
}
