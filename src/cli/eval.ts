import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadEngine } from '../engine.ts';
import { median, scoreDev, writeCmrcKnowledge, type DevQuestion } from '../eval/datasets.ts';

async function evalCmrc(cmrcPath: string): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'citebot-cmrc-'));
  try {
    const questions = await writeCmrcKnowledge(cmrcPath, dir);
    const started = performance.now();
    const engine = await loadEngine(dir);
    const buildMs = performance.now() - started;
    let retrieved = 0;
    let answered = 0;
    let goldInAnswer = 0;
    let answerChars = 0;
    const times: number[] = [];
    for (const { source, question, answers } of questions) {
      const t0 = performance.now();
      const result = engine.ask(question);
      times.push(performance.now() - t0);
      if (result.citations[0]?.source === source) retrieved++;
      if (result.answered) {
        answered++;
        answerChars += result.answer.length;
      }
      if (answers.some((answer) => result.answer.includes(answer))) goldInAnswer++;
    }
    const pct = (n: number): string => `${((100 * n) / questions.length).toFixed(1)}%`;
    console.log(
      `CMRC 2018 dev: ${engine.articles.length} files, ${engine.passages.length} passages, ${questions.length} questions`,
    );
    console.log(`  load + index: ${buildMs.toFixed(0)} ms`);
    console.log(`  top citation is the right passage: ${retrieved} (${pct(retrieved)})`);
    console.log(`  answer contains a gold answer: ${goldInAnswer} (${pct(goldInAnswer)})`);
    console.log(
      `  answered: ${answered} (${pct(answered)}), mean answer ${(answerChars / Math.max(1, answered)).toFixed(1)} chars`,
    );
    console.log(
      `  per question: median ${median(times).toFixed(2)} ms, p95 ${[...times].sort((a, b) => a - b)[Math.floor(times.length * 0.95)]!.toFixed(2)} ms`,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      knowledge: { type: 'string', default: 'knowledge' },
      dev: { type: 'string', default: 'eval/article-qa.dev.jsonl' },
      cmrc: { type: 'string' },
      verbose: { type: 'boolean', default: false },
    },
  });
  const engine = await loadEngine(path.resolve(values.knowledge));
  const questions = (await readFile(values.dev, 'utf8'))
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as DevQuestion);
  const score = scoreDev(engine, questions);
  console.log(`Dev questions (${values.dev}):`);
  for (const [lang, { right, total }] of Object.entries(score.byLang))
    console.log(`  top-1 ${lang}: ${right}/${total}`);
  const right = Object.values(score.byLang).reduce((sum, l) => sum + l.right, 0);
  console.log(`  top-1 all answerable: ${right}/${score.answerable}`);
  console.log(`  abstained on unanswerable: ${score.abstained}/${score.unanswerable}`);
  console.log(`  answer holds the key fact: ${score.keyHits}/${score.answerable}`);
  console.log(`  mean answer length: ${score.meanAnswerChars.toFixed(1)} chars`);
  if (values.verbose) for (const miss of score.misses) console.log(`  miss: ${miss}`);
  if (values.cmrc) await evalCmrc(values.cmrc);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
