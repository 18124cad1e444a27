/**
 * What each structure adds to the live heap with CMRC-sized knowledge: the 848 CMRC 2018 dev
 * paragraphs written as knowledge files (as test/e2e/load-rss.test.ts does), then the engine, the
 * lexicon, the glosses, every passage tokenized for answering, and the dev questions asked.
 * Run: node --expose-gc --import tsx scripts/measure-heap.ts [../shared/eval]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadGlosses } from '../src/answer/gloss.ts';
import { tokenizedSentences } from '../src/answer/clauses.ts';
import { loadEngine } from '../src/engine.ts';
import { readSquad, writeKnowledge } from '../src/eval/public-sets.ts';
import { loadLexicon } from '../src/search/cross-lingual.ts';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');
const MB = 2 ** 20;
let previous = 0;

/** Live heap after a full collection, and what the step added to it. */
function report(step: string): void {
  gc!();
  gc!();
  const heap = process.memoryUsage().heapUsed / MB;
  console.log(
    `${step.padEnd(28)} heap ${heap.toFixed(1).padStart(6)} MB  (+${(heap - previous).toFixed(1)})`,
  );
  previous = heap;
}

const data = process.argv[2] ?? path.join(import.meta.dirname, '..', '..', 'shared', 'eval');
const set = await readSquad(path.join(data, 'cmrc2018_dev.json'));
const knowledge = mkdtempSync(path.join(tmpdir(), 'citebot-heap-'));
try {
  await writeKnowledge(set.paragraphs, knowledge);
  report('start');
  const engine = await loadEngine(knowledge);
  report(`engine (${engine.passages.length} passages)`);
  const lexicon = loadLexicon();
  report('lexicon');
  const glosses = loadGlosses();
  report('glosses');
  for (const passage of engine.passages) tokenizedSentences(passage.text);
  report('tokenized-passage cache');
  for (const { question } of set.questions.slice(0, 2000)) engine.ask(question);
  report('after 2,000 questions');
  // Kept alive until here, so each step's figure is what it holds.
  console.log(
    `(${engine.articles.length} articles; lexicon and glosses loaded: ${[lexicon, glosses].every(Boolean)})`,
  );
} finally {
  rmSync(knowledge, { recursive: true, force: true });
}
