/**
 * The public reading-comprehension sets (SQuAD format: CMRC 2018, DRCD, XQuAD) as knowledge folders
 * and questions, scored as docs/contracts.md describes: each paragraph is one knowledge file, R@1
 * is "the top citation is the question's paragraph", answer-hit is "the answer holds a gold answer".
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { AnswerResult, Engine } from '../engine.ts';

interface SquadFile {
  data: Array<{
    id?: string;
    title: string;
    paragraphs: Array<{
      id?: string;
      context: string;
      qas: Array<{ id: string; question: string; answers: Array<{ text: string }> }>;
    }>;
  }>;
}

export interface EvalParagraph {
  /** The knowledge file's name without extension. */
  id: string;
  /** Index of the paragraph's article in the set, for grouping paragraphs by article. */
  article: number;
  title: string;
  context: string;
}

export interface EvalQuestion {
  id: string;
  question: string;
  /** The paragraph (knowledge file) that answers it. */
  source: string;
  answers: string[];
}

export interface EvalSet {
  paragraphs: EvalParagraph[];
  questions: EvalQuestion[];
}

/**
 * Reads a SQuAD-format file. Paragraphs without ids (XQuAD) are named by position, so the Chinese
 * and English files of XQuAD, which share their structure, name the same paragraph alike.
 */
export async function readSquad(file: string): Promise<EvalSet> {
  const squad = JSON.parse(await readFile(file, 'utf8')) as SquadFile;
  const set: EvalSet = { paragraphs: [], questions: [] };
  squad.data.forEach((article, a) => {
    article.paragraphs.forEach((paragraph, p) => {
      const id = paragraph.id ?? `${a}-${p}`;
      set.paragraphs.push({ id, article: a, title: article.title, context: paragraph.context });
      for (const qa of paragraph.qas)
        set.questions.push({
          id: qa.id,
          question: qa.question,
          source: id,
          answers: qa.answers.map((answer) => answer.text),
        });
    });
  });
  return set;
}

/** Writes each paragraph as its own knowledge file, as a user would drop articles in. */
/** The public dev sets the fits read: name, knowledge file and, asked in English, the questions' file. */
export const FIT_SETS: ReadonlyArray<readonly [name: string, file: string, questionsFile?: string]> = [
  ['cmrc', 'cmrc2018_dev.json'],
  ['drcd', 'drcd_dev.json'],
  ['xquad-zh', 'xquad_dev.zh.json'],
  ['xquad-en', 'xquad_dev.zh.json', 'xquad_dev.en.json'],
];

/**
 * A fitted set's paragraphs and the questions asked of it. XQuAD's English questions are scored
 * against the Chinese passage, with the Chinese answers.
 */
export async function readFitSet(
  dataDir: string,
  [, file, questionsFile]: (typeof FIT_SETS)[number],
): Promise<{ set: EvalSet; questions: EvalQuestion[] }> {
  const full = path.join(dataDir, file);
  if (!existsSync(full)) throw new Error(`${full} is missing: fitting needs the public dev sets`);
  const set = await readSquad(full);
  const questions = questionsFile
    ? (await readSquad(path.join(dataDir, questionsFile))).questions.map((q) => ({
        ...q,
        answers: set.questions.find((zh) => zh.id === q.id)?.answers ?? [],
      }))
    : set.questions;
  return { set, questions };
}

export async function writeKnowledge(paragraphs: readonly EvalParagraph[], dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const paragraph of paragraphs) {
    const title = JSON.stringify(paragraph.title.replace(/_/g, ' '));
    await writeFile(path.join(dir, `${paragraph.id}.md`), `---\ntitle: ${title}\n---\n\n${paragraph.context}\n`);
  }
}

/** FNV-1a: a fixed, platform-independent hash, so every run leaves out the same paragraphs. */
export function stableHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/**
 * The fixed 20% of paragraphs left out of the knowledge for the abstention check; calibration
 * also draws other 20% partitions (other salts) for more negatives.
 */
export function isLeftOut(paragraphId: string): boolean {
  return isLeftOutBy('left-out', paragraphId);
}

export function isLeftOutBy(salt: string, paragraphId: string): boolean {
  return stableHash(`${salt}:${paragraphId}`) % 5 === 0;
}

/** One question's outcome: what the scores are computed from. */
export interface Outcome {
  question: EvalQuestion;
  /** Whether the question's paragraph is in the knowledge (false: it should be abstained). */
  answerable: boolean;
  result: AnswerResult;
  ms: number;
}

export interface SetScore {
  questions: number;
  /** Among answerable questions: top citation is the right paragraph. */
  recallAt1: number;
  /** Among answerable questions: the answer holds a gold answer. */
  answerHit: number;
  /** Among answerable questions: answered at all. */
  answered: number;
  /** Among answerable questions: answered with the right top citation. */
  answeredRight: number;
  /** Among questions whose paragraph was left out: abstained (NaN when none was left out). */
  abstained: number;
  /** Among answerable questions whose top citation is right: withheld ("the articles don't say"). */
  rightWithheld: number;
  meanAnswerChars: number;
  medianMs: number;
}

export function askAll(
  engine: Engine,
  questions: readonly EvalQuestion[],
  present: (source: string) => boolean = () => true,
): Outcome[] {
  return questions.map((question) => {
    const started = performance.now();
    const result = engine.ask(question.question);
    return { question, answerable: present(question.source), result, ms: performance.now() - started };
  });
}

export function isRight(outcome: Outcome): boolean {
  return outcome.result.citations[0]?.source === outcome.question.source;
}

export function scoreOutcomes(outcomes: readonly Outcome[]): SetScore {
  const answerable = outcomes.filter((o) => o.answerable);
  const orphans = outcomes.filter((o) => !o.answerable);
  const share = (items: readonly Outcome[], test: (o: Outcome) => boolean): number =>
    items.length ? items.filter(test).length / items.length : Number.NaN;
  const answers = outcomes.filter((o) => o.result.answered);
  return {
    questions: outcomes.length,
    recallAt1: share(answerable, isRight),
    answerHit: share(answerable, (o) => o.question.answers.some((gold) => o.result.answer.includes(gold))),
    answered: share(answerable, (o) => o.result.answered),
    answeredRight: share(answerable, (o) => o.result.answered && isRight(o)),
    abstained: share(orphans, (o) => !o.result.answered),
    rightWithheld: share(answerable.filter(isRight), (o) => !o.result.answered),
    meanAnswerChars: answers.reduce((sum, o) => sum + o.result.answer.length, 0) / Math.max(1, answers.length),
    medianMs: median(outcomes.map((o) => o.ms)),
  };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}
