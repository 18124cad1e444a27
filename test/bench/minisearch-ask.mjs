/**
 * The baseline `ask --json` is measured against (test/bench/ask-process.bench.ts): a plain Node
 * script that starts, indexes a knowledge folder with MiniSearch (BM25 over Intl.Segmenter words
 * and CJK bigrams, each paragraph a document) and answers each stdin line with its best paragraphs
 * as one JSON line. Run: node test/bench/minisearch-ask.mjs DIR < questions.txt
 */
import { readdir, readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import path from 'node:path';
import MiniSearch from 'minisearch';

const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });

function tokenize(text) {
  const terms = [];
  for (const { segment, isWordLike } of segmenter.segment(text.normalize('NFKC').toLowerCase())) {
    if (!isWordLike) continue;
    terms.push(segment);
    const chars = Array.from(segment);
    if (/\p{Script=Han}/u.test(segment))
      for (let i = 0; i + 1 < chars.length; i++) terms.push(chars[i] + chars[i + 1]);
  }
  return terms;
}

const dir = process.argv[2];
const documents = [];
for (const file of (await readdir(dir)).filter((name) => name.endsWith('.md')).sort()) {
  const text = (await readFile(path.join(dir, file), 'utf8')).replace(/^---\n[\s\S]*?\n---\n/, '');
  text
    .split(/\n\s*\n/)
    .filter((paragraph) => paragraph.trim())
    .forEach((paragraph, i) =>
      documents.push({ id: `${file}§${i + 1}`, source: file, text: paragraph.trim() }),
    );
}
const index = new MiniSearch({
  fields: ['text'],
  storeFields: ['source', 'text'],
  tokenize,
  processTerm: (t) => t,
});
index.addAll(documents);

for await (const question of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
  const citations = index.search(question).slice(0, 5);
  process.stdout.write(
    `${JSON.stringify({
      question,
      answered: citations.length > 0,
      answer: citations[0]?.text ?? '',
      citations: citations.map(({ id, source, text }) => ({ source, passage: id, text })),
    })}\n`,
  );
}
