/** Scoring on the article's dev questions (docs/contracts.md); the public sets are in public-sets.ts. */
import type { Engine } from '../engine.ts';

/** One dev question (format in docs/contracts.md). */
export interface DevQuestion {
  id: string;
  lang: string;
  q: string;
  gold?: string[];
  key?: string[];
  answerable?: boolean;
}

/** The comparison docs/contracts.md defines: whitespace and quote marks removed, case-insensitive. */
export function comparable(text: string): string {
  return text.replace(/\s+/g, '').replace(/["“”]/g, '').toLowerCase();
}

export interface DevScore {
  byLang: Record<string, { right: number; total: number }>;
  abstained: number;
  unanswerable: number;
  keyHits: number;
  answerable: number;
  meanAnswerChars: number;
  misses: string[];
}

export function scoreDev(engine: Engine, questions: readonly DevQuestion[]): DevScore {
  const score: DevScore = {
    byLang: {},
    abstained: 0,
    unanswerable: 0,
    keyHits: 0,
    answerable: 0,
    meanAnswerChars: 0,
    misses: [],
  };
  let answerChars = 0;
  let answers = 0;
  for (const question of questions) {
    const result = engine.ask(question.q);
    if (result.answered) {
      answerChars += result.answer.length;
      answers++;
    }
    if (question.answerable === false) {
      score.unanswerable++;
      if (!result.answered) score.abstained++;
      else score.misses.push(`${question.id} answered: ${result.answer}`);
      continue;
    }
    score.answerable++;
    const lang = (score.byLang[question.lang] ??= { right: 0, total: 0 });
    lang.total++;
    const top = result.citations[0];
    const right =
      result.answered &&
      top !== undefined &&
      (question.gold ?? []).some((g) => comparable(top.text).includes(comparable(g)));
    if (right) lang.right++;
    else
      score.misses.push(
        `${question.id} ${question.q} -> ${result.answered ? `§${top?.passage}` : 'abstained'}`,
      );
    if (right && (question.key ?? []).some((k) => comparable(result.answer).includes(comparable(k))))
      score.keyHits++;
  }
  score.meanAnswerChars = answers ? answerChars / answers : 0;
  return score;
}
