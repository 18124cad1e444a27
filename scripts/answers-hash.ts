/**
 * One hash per set of everything `engine.ask(q, { diagnose: true })` returns (answer, confidence,
 * citations, every ranker, confidence and span feature), so that a change meant only to be faster
 * can be shown to compute exactly what it did before: run before and after, compare the lines.
 * Sets: the article's dev questions over knowledge/, and CMRC, DRCD, XQuAD (asked in Chinese and in
 * English) with their dev paragraphs as knowledge, CMRC also with its questions cut short.
 * Run: npx tsx scripts/answers-hash.ts [--data ../shared/eval] [--dump DIR] (DIR gets one JSONL a
 * set, to diff when a hash differs).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadEngine, type Engine } from '../src/engine.ts';
import { cutShort } from '../src/eval/conditions.ts';
import { readSquad, writeKnowledge, type EvalParagraph } from '../src/eval/public-sets.ts';

const root = path.join(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    data: { type: 'string', default: path.join(root, '..', 'shared', 'eval') },
    dump: { type: 'string' },
  },
});
const data = path.resolve(values.data!);
if (values.dump) mkdirSync(values.dump, { recursive: true });

function hashAnswers(name: string, engine: Engine, questions: readonly string[]): void {
  const hash = createHash('sha256');
  const lines: string[] = [];
  for (const question of questions) {
    const line = JSON.stringify(engine.ask(question, { diagnose: true }));
    hash.update(line).update('\n');
    if (values.dump) lines.push(line);
  }
  if (values.dump) writeFileSync(path.join(values.dump, `${name}.jsonl`), lines.join('\n') + '\n');
  console.log(`${name.padEnd(12)} ${String(questions.length).padStart(5)}  ${hash.digest('hex')}`);
}

async function withKnowledge(paragraphs: readonly EvalParagraph[], run: (engine: Engine) => void) {
  const dir = mkdtempSync(path.join(tmpdir(), 'citebot-answers-hash-'));
  try {
    await writeKnowledge(paragraphs, dir);
    run(await loadEngine(dir));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const dev = readFileSync(path.join(root, 'eval', 'article-qa.dev.jsonl'), 'utf8')
  .split('\n')
  .filter((line) => line.trim())
  .map((line) => (JSON.parse(line) as { q: string }).q);
hashAnswers('article', await loadEngine(path.join(root, 'knowledge')), dev);

const file = (name: string) => path.join(data, name);
if (existsSync(file('cmrc2018_dev.json'))) {
  const cmrc = await readSquad(file('cmrc2018_dev.json'));
  await withKnowledge(cmrc.paragraphs, (engine) => {
    hashAnswers(
      'cmrc',
      engine,
      cmrc.questions.map((q) => q.question),
    );
    hashAnswers(
      'cmrc-short',
      engine,
      cutShort(cmrc.questions).map((q) => q.question),
    );
  });
}
if (existsSync(file('drcd_dev.json'))) {
  const drcd = await readSquad(file('drcd_dev.json'));
  await withKnowledge(drcd.paragraphs, (engine) =>
    hashAnswers(
      'drcd',
      engine,
      drcd.questions.map((q) => q.question),
    ),
  );
}
if (existsSync(file('xquad_dev.zh.json')) && existsSync(file('xquad_dev.en.json'))) {
  const zh = await readSquad(file('xquad_dev.zh.json'));
  const en = await readSquad(file('xquad_dev.en.json'));
  await withKnowledge(zh.paragraphs, (engine) => {
    hashAnswers(
      'xquad-zh',
      engine,
      zh.questions.map((q) => q.question),
    );
    hashAnswers(
      'xquad-en',
      engine,
      en.questions.map((q) => q.question),
    );
  });
}
