/**
 * The knowledges `npm run calibrate` fits on (scripts/calibrate.ts has the method): each public dev
 * set whole, in slices of whole articles and article by article, a 20% partition left out of each,
 * and the rows (features, label, fold, family) its engines give for their questions.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadEngine, type Engine, type EngineOptions } from '../src/engine.ts';
import { FOLDS, type Row } from './calibrate-fit.ts';
import {
  isLeftOutBy,
  readSquad,
  stableHash,
  writeKnowledge,
  type EvalParagraph,
  type EvalQuestion,
} from '../src/eval/public-sets.ts';
import { articleKnowledges, cutShort } from '../src/eval/conditions.ts';
import { askedAnswerType } from '../src/answer/answer-type.ts';
import type { Associations } from '../src/answer/associations.ts';
import { normalizeText } from '../src/search/normalize.ts';

export interface Scenario {
  name: string;
  engine: Engine;
  questions: EvalQuestion[];
  present: Set<string>;
  /** Paragraphs in the knowledge (before the 20% left out). */
  size: number;
  /** Questions cut down to their question word and fewest content words (conditions.ts). */
  short?: boolean;
}

export const SLICE_PARAGRAPHS = 30;
/**
 * Questions about other articles (of any set) asked of each article alone: a member's question
 * whose topic is not in the knowledge at all, which the left-out paragraphs (same article, same
 * topic) do not stand for.
 */
const OFF_TOPIC_PER_ARTICLE = 12;

/** OFF_TOPIC_PER_ARTICLE questions of the pool answered outside `ids`, drawn by a hash of `name`. */
function offTopicQuestions(
  name: string,
  pool: readonly EvalQuestion[],
  ids: ReadonlySet<string>,
): EvalQuestion[] {
  const picked: EvalQuestion[] = [];
  for (
    let draw = 0;
    pool.length && picked.length < OFF_TOPIC_PER_ARTICLE && draw < 4 * OFF_TOPIC_PER_ARTICLE;
    draw++
  ) {
    const question = pool[stableHash(`off-topic:${name}:${draw}`) % pool.length]!;
    if (!ids.has(question.source) && !picked.includes(question)) picked.push(question);
  }
  return picked;
}
/** The 20% partitions the confidence is fitted on: the one `npm run eval` leaves out first. */
export const LEFT_OUT_SALTS = ['left-out', 'left-out-b', 'left-out-c'];
const foldOf = (paragraphId: string): number => stableHash(`fold:${paragraphId}`) % FOLDS;

async function buildEngine(
  paragraphs: readonly EvalParagraph[],
  options: Partial<EngineOptions>,
): Promise<Engine> {
  const dir = await mkdtemp(path.join(tmpdir(), 'citebot-calibrate-'));
  try {
    await writeKnowledge(paragraphs, dir);
    return await loadEngine(dir, options);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Whole articles in slices of about SLICE_PARAGRAPHS paragraphs. */
function slices(paragraphs: readonly EvalParagraph[]): EvalParagraph[][] {
  const out: EvalParagraph[][] = [];
  let current: EvalParagraph[] = [];
  paragraphs.forEach((paragraph, i) => {
    current.push(paragraph);
    const articleEnds = paragraphs[i + 1]?.article !== paragraph.article;
    if (articleEnds && current.length >= SLICE_PARAGRAPHS) {
      out.push(current);
      current = [];
    }
  });
  if (current.length) out.push(current);
  return out;
}

export async function scenarios(
  dataDir: string,
  options: Partial<EngineOptions>,
  salt = 'left-out',
  /** Also each article alone as the knowledge, asked as published and cut short (conditions.ts). */
  conditions = false,
  /** `--associations DIR`: each set's learned wording, fitted without it (measuring only). */
  associationsOf?: (set: string) => { table: Associations },
): Promise<Scenario[]> {
  const out: Scenario[] = [];
  const add = async (
    name: string,
    paragraphs: EvalParagraph[],
    questions: EvalQuestion[],
    short = false,
    offTopicPool: readonly EvalQuestion[] = [],
  ): Promise<void> => {
    const kept = paragraphs.filter((p) => !isLeftOutBy(salt, p.id));
    if (kept.length === 0) return;
    const ids = new Set(paragraphs.map((p) => p.id));
    const asked = questions.filter((q) => ids.has(q.source));
    const scenario = {
      engine: await buildEngine(kept, { ...options, associations: associationsOf?.(name.split(' ')[0]!) }),
      present: new Set(kept.map((p) => p.id)),
      size: paragraphs.length,
    };
    out.push({ name, questions: asked, ...scenario });
    // The same knowledge asked questions about other articles: orphans of their own family.
    // As published and, with the short questions, cut short ("今天天气怎么样？" is short too).
    const offTopic = offTopicQuestions(name, offTopicPool, ids);
    if (offTopic.length)
      out.push({ name: name.replace(/ (\d+)$/, ' off-topic $1'), questions: offTopic, ...scenario });
    if (offTopic.length && short)
      out.push({
        name: name.replace(/ (\d+)$/, ' short off-topic $1'),
        questions: cutShort(offTopic),
        short: true,
        ...scenario,
      });
    // The same knowledge asked the short questions: another family, rows of their own.
    if (short)
      out.push({
        name: name.replace(/ (\d+)$/, ' short $1'),
        questions: cutShort(asked),
        short: true,
        ...scenario,
      });
  };
  const sets: Array<[string, string, string?]> = [
    ['cmrc', 'cmrc2018_dev.json'],
    ['drcd', 'drcd_dev.json'],
    ['xquad-zh', 'xquad_dev.zh.json'],
    ['xquad-en', 'xquad_dev.zh.json', 'xquad_dev.en.json'],
  ];
  const loaded: Array<{ name: string; paragraphs: EvalParagraph[]; questions: EvalQuestion[] }> = [];
  for (const [name, file, questionsFile] of sets) {
    const full = path.join(dataDir, file);
    if (!existsSync(full)) throw new Error(`${full} is missing: calibration needs the public dev sets`);
    const set = await readSquad(full);
    const questions = questionsFile
      ? (await readSquad(path.join(dataDir, questionsFile))).questions
      : set.questions;
    loaded.push({ name, paragraphs: set.paragraphs, questions });
  }
  // Every set's questions, English ones too: what a member may ask that the article does not cover.
  const pool = loaded.flatMap(({ questions }) => questions);
  for (const { name, paragraphs, questions } of loaded) {
    await add(`${name} whole`, paragraphs, questions);
    for (const [i, slice] of slices(paragraphs).entries()) await add(`${name} slice ${i}`, slice, questions);
    if (conditions)
      for (const [i, article] of articleKnowledges(paragraphs).entries())
        await add(`${name} article ${i}`, article, questions, true, pool);
  }
  return out;
}

/** Each scenario asked its questions: a row per candidate (the ranker's) or per top citation (the confidence's). */
export function askedRows(
  list: readonly Scenario[],
  pick: 'candidates' | 'top',
  partition = 'left-out',
): Row[] {
  const rows: Row[] = [];
  for (const scenario of list) {
    const family = scenario.name.replace(/ \d+$/, '');
    for (const question of scenario.questions) {
      const answerable = scenario.present.has(question.source);
      const result = scenario.engine.ask(question.question, { diagnose: true });
      const fold = foldOf(question.source);
      if (pick === 'candidates') {
        for (const candidate of result.diagnosis?.candidates ?? [])
          rows.push({
            features: candidate.features,
            label: answerable && candidate.source === question.source ? 1 : 0,
            fold,
            family,
            answerable,
            partition,
            question: `${scenario.name}:${question.id}`,
          });
      } else if (result.diagnosis?.confidence) {
        rows.push({
          features: result.diagnosis.confidence,
          label: answerable && result.citations[0]?.source === question.source ? 1 : 0,
          fold,
          family,
          answerable,
          partition,
          size: scenario.size,
          words: result.diagnosis.candidates[0]?.features.groups,
          asked: askedAnswerType(normalizeText(question.question)) ?? 'other',
        });
      }
    }
  }
  return rows;
}
