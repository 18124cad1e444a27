/**
 * `tsx scripts/rank-analysis.ts [--set drcd] [--model FILE] [--per-article] [--short]`: what the
 * right paragraph has that the cited one lacks, on a public dev set asked of the whole set (as
 * `npm run eval`'s first row), or with --per-article each article alone with 20% left out (the
 * "per article" rows; --short cuts the questions as the "short" rows do).
 * For the questions whose right paragraph is among the ranker's candidates but not cited first, it
 * counts, feature by feature, how often the right one has the higher value than the cited one and
 * how often the lower; for the questions ranked right, the same against the runner-up (a feature
 * that separates the wrong ones but also flips the right ones does not help). Also where the right
 * paragraph is when it is not among the candidates (4th-10th of retrieval, or further).
 * Public data only: nothing here reads the article's questions.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_MODEL_PATH, loadAnswerModel, type Features } from '../src/answer/model.ts';
import { createEngine, loadEngine, type Engine } from '../src/engine.ts';
import { articleKnowledges, cutShort, paragraphFiles } from '../src/eval/conditions.ts';
import { isLeftOut, readSquad, writeKnowledge, type EvalQuestion } from '../src/eval/public-sets.ts';

const FILES: Record<string, [string, string?]> = {
  cmrc: ['cmrc2018_dev.json'],
  drcd: ['drcd_dev.json'],
  'xquad-zh': ['xquad_dev.zh.json'],
  'xquad-en': ['xquad_dev.zh.json', 'xquad_dev.en.json'],
};

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: '../shared/eval' },
    set: { type: 'string', default: 'drcd' },
    model: { type: 'string', default: DEFAULT_MODEL_PATH },
    examples: { type: 'string', default: '0' },
    'per-article': { type: 'boolean', default: false },
    short: { type: 'boolean', default: false },
  },
});
const [file, questionsFile] = FILES[values.set!]!;
const set = await readSquad(path.join(values.data!, file));
const questions = questionsFile
  ? (await readSquad(path.join(values.data!, questionsFile))).questions
  : set.questions;
const model = loadAnswerModel(values.model);
// Each knowledge with the questions asked of it: the whole set, or each article alone (eval's
// per-article rows: 20% of its paragraphs left out, only the kept ones' questions asked).
const runs: { engine: Engine; asked: EvalQuestion[] }[] = [];
if (values['per-article']) {
  for (const article of articleKnowledges(set.paragraphs)) {
    const kept = article.filter((p) => !isLeftOut(p.id));
    if (kept.length === 0) continue;
    const ids = new Set(kept.map((p) => p.id));
    runs.push({
      engine: createEngine(paragraphFiles(kept), [], { model }),
      asked: questions.filter((q) => ids.has(q.source)),
    });
  }
} else {
  const dir = await mkdtemp(path.join(tmpdir(), 'citebot-rank-analysis-'));
  await writeKnowledge(set.paragraphs, dir);
  runs.push({ engine: await loadEngine(dir, { model }), asked: questions });
  await rm(dir, { recursive: true, force: true });
}
const textOf = new Map(set.paragraphs.map((p) => [p.id, p.context]));

type Pair = { right: Features; other: Features };
const wrongPairs: Pair[] = [];
const rightPairs: Pair[] = [];
// inHead splits by what retrieval alone put first: the right one (the ranker moved it down) or another.
const where = { top: 0, inHead: 0, demoted: 0, in4to5: 0, in4to10: 0, in11to20: 0, further: 0 };
const examples: string[] = [];
let total = 0;
for (const { engine, asked } of runs) {
  for (const question of values.short ? cutShort(asked) : asked) {
    total++;
    const result = engine.ask(question.question, { diagnose: true });
    const candidates = result.diagnosis?.candidates ?? [];
    const right = candidates.find((c) => c.source === question.source);
    const cited = result.citations[0]?.source;
    if (cited === question.source) {
      where.top++;
      const runnerUp =
        result.citations[1] && candidates.find((c) => c.source === result.citations[1]!.source);
      if (right && runnerUp) rightPairs.push({ right: right.features, other: runnerUp.features });
    } else if (right) {
      where.inHead++;
      if (engine.search(question.question, { limit: 1 })[0]?.source === question.source) where.demoted++;
      const other = candidates.find((c) => c.source === cited)!;
      wrongPairs.push({ right: right.features, other: other.features });
      if (examples.length < Number(values.examples))
        examples.push(
          `Q ${question.question} [${question.answers[0]}]\n  right: ${textOf.get(question.source)!.slice(0, 160)}\n  cited: ${textOf.get(cited!)?.slice(0, 160)}`,
        );
    } else {
      const twenty = engine
        .search(question.question, { limit: 20 })
        .findIndex((c) => c.source === question.source);
      if (twenty >= 0 && twenty < 5) where.in4to5++;
      if (twenty >= 0 && twenty < 10) where.in4to10++;
      else if (twenty >= 0) where.in11to20++;
      else where.further++;
    }
  }
}

const share = (n: number, of: number): string => `${((100 * n) / Math.max(1, of)).toFixed(1)}%`;
console.log(
  `${values.set}${values.short ? ' short' : ''}${values['per-article'] ? ' per article' : ''}: ${total} questions; right paragraph cited first ${where.top}, among the candidates but not first ${where.inHead} (of which retrieval had it first ${where.demoted}), 4th-10th of retrieval ${where.in4to10} (4th-5th ${where.in4to5}), 11th-20th ${where.in11to20}, not retrieved ${where.further}`,
);
console.log(
  '\nfeature               wrong: right>cited  right<cited | ranked right: right>runner-up  right<runner-up',
);
const names = Object.keys(wrongPairs[0]?.right ?? {});
const compare = (pairs: Pair[], name: string): [number, number] => [
  pairs.filter((p) => p.right[name]! > p.other[name]! + 1e-9).length,
  pairs.filter((p) => p.right[name]! < p.other[name]! - 1e-9).length,
];
for (const name of names) {
  const [wHigher, wLower] = compare(wrongPairs, name);
  const [rHigher, rLower] = compare(rightPairs, name);
  console.log(
    `${name.padEnd(20)}  ${share(wHigher, wrongPairs.length).padStart(8)}  ${share(wLower, wrongPairs.length).padStart(11)}  | ${share(rHigher, rightPairs.length).padStart(12)}  ${share(rLower, rightPairs.length).padStart(14)}`,
  );
}
console.log(`(${wrongPairs.length} wrong pairs, ${rightPairs.length} right pairs)`);
if (examples.length) console.log(`\n${examples.join('\n')}`);
