/**
 * Engine vs fuse.js over whole passages vs MiniSearch, on the article and on CMRC-sized knowledge
 * (848 Chinese Wikipedia passages, read from ../shared/eval when it is there). `npm run bench`.
 * Heap figures are printed once per data set; timings come from vitest bench (medians, ratios).
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Fuse from 'fuse.js';
import MiniSearch from 'minisearch';
import { bench, describe } from 'vitest';
import { createEngine } from '../../src/engine.ts';
import type { DevQuestion } from '../../src/eval/datasets.ts';
import { readSquad, writeKnowledge } from '../../src/eval/public-sets.ts';
import { loadKnowledge } from '../../src/knowledge/load.ts';
import type { Article, Passage } from '../../src/knowledge/types.ts';
import { normalizeText } from '../../src/search/normalize.ts';
import { tokenize } from '../../src/search/tokenize.ts';

const root = path.join(import.meta.dirname, '..', '..');
const cmrcPath = path.join(root, '..', 'shared', 'eval', 'cmrc2018_dev.json');

function buildMiniSearch(passages: readonly Passage[]): MiniSearch<Passage> {
  // The baseline the README measures against: BM25 over Intl.Segmenter words + CJK bigrams (our tokenizer).
  const index = new MiniSearch<Passage>({
    fields: ['text'],
    idField: 'key',
    storeFields: ['key'],
    tokenize: (text) => tokenize(normalizeText(text)),
    processTerm: (term) => term,
  });
  index.addAll(passages as Passage[]);
  return index;
}

function buildFuse(passages: readonly Passage[]): Fuse<Passage> {
  return new Fuse(passages as Passage[], { keys: ['text'], ignoreLocation: true, threshold: 0.6 });
}

function heapAfter(label: string, build: () => unknown): void {
  globalThis.gc?.();
  const before = process.memoryUsage().heapUsed;
  const kept = build();
  globalThis.gc?.();
  const after = process.memoryUsage().heapUsed;
  console.log(
    `${label}: heap +${((after - before) / 2 ** 20).toFixed(1)} MiB${kept ? '' : ' (nothing built)'}`,
  );
}

function suite(name: string, articles: Article[], questions: string[]): void {
  const passages = articles.flatMap((a) => a.passages);
  const engine = createEngine(articles);
  const mini = buildMiniSearch(passages);
  const fuse = buildFuse(passages);
  heapAfter(`${name} engine`, () => createEngine(articles));
  heapAfter(`${name} MiniSearch`, () => buildMiniSearch(passages));
  let next = 0;
  const question = (): string => questions[next++ % questions.length]!;

  describe(`${name}: index build`, () => {
    bench('citebot engine', () => void createEngine(articles), { iterations: 5, time: 0 });
    bench('MiniSearch', () => void buildMiniSearch(passages), { iterations: 5, time: 0 });
    bench('fuse.js over passages', () => void buildFuse(passages), { iterations: 5, time: 0 });
  });

  describe(`${name}: one question`, () => {
    bench('citebot engine (rank + answer)', () => void engine.ask(question()), { time: 2000 });
    bench('MiniSearch (rank only)', () => void mini.search(normalizeText(question())), { time: 2000 });
    bench('fuse.js over passages', () => void fuse.search(question(), { limit: 5 }), {
      time: 2000,
      iterations: 20,
    });
  });
}

const article = await loadKnowledge(path.join(root, 'knowledge'));
const devQuestions = readFileSync(path.join(root, 'eval', 'article-qa.dev.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((line) => (JSON.parse(line) as DevQuestion).q);
suite('article', article.articles, devQuestions);

if (existsSync(cmrcPath)) {
  const dir = mkdtempSync(path.join(tmpdir(), 'citebot-bench-'));
  const { paragraphs, questions: cmrcQuestions } = await readSquad(cmrcPath);
  await writeKnowledge(paragraphs, dir);
  const cmrc = await loadKnowledge(dir);
  suite(
    'CMRC 2018 dev',
    cmrc.articles,
    cmrcQuestions.map((q) => q.question),
  );
}
