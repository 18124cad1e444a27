/** Scoring on the evaluation sets (docs/contracts.md): the article's dev questions and CMRC 2018. */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
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

interface CmrcFile {
  data: Array<{
    id: string;
    title: string;
    paragraphs: Array<{
      id: string;
      context: string;
      qas: Array<{ question: string; answers: Array<{ text: string }> }>;
    }>;
  }>;
}

/** Writes each CMRC passage as its own knowledge file, as a user would drop articles in. */
export async function writeCmrcKnowledge(
  cmrcPath: string,
  dir: string,
): Promise<Array<{ source: string; question: string; answers: string[] }>> {
  const cmrc = JSON.parse(await readFile(cmrcPath, 'utf8')) as CmrcFile;
  const questions: Array<{ source: string; question: string; answers: string[] }> = [];
  for (const article of cmrc.data) {
    for (const paragraph of article.paragraphs) {
      const title = JSON.stringify(article.title);
      await writeFile(
        path.join(dir, `${paragraph.id}.md`),
        `---\ntitle: ${title}\n---\n\n${paragraph.context}\n`,
      );
      for (const qa of paragraph.qas)
        questions.push({
          source: paragraph.id,
          question: qa.question,
          answers: qa.answers.map((a) => a.text),
        });
    }
  }
  return questions;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

