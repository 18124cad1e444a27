/**
 * `npm run fit`: refits both models on the public dev sets, the sentence model (`npm run
 * fit-sentences`, data/sentence-model.json) and then the answer model (`npm run calibrate`,
 * data/answer-model.json), whose ranker and confidence read the sentence model's span logit. The
 * sentence fit reads no fitted model (each question's own passage, whatever the ranker cites), so
 * one pass is a fixed point: a second round writes both files byte for byte as the first did.
 * Rounds go on until a round writes both files as they were (`--tolerance X`: or moves no weight
 * or bias by more than X, nothing else changed), at most `--rounds` (2: one pass and its check;
 * a pass that leaves both files as they were stops there). Each round prints its time, the largest
 * change of any weight or bias in each model and what else changed (the neighbour rule, the
 * threshold). `--keep DIR` copies each round's files to DIR/roundN; `--data DIR`: the public dev
 * sets (../shared/eval); `--sense-rarity M`: both fits with another weighting of English questions'
 * senses (search/sense-rarity.ts); arguments after `--` go to calibrate.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

const root = path.join(import.meta.dirname, '..');
const SENTENCE_MODEL = path.join(root, 'data', 'sentence-model.json');
const ANSWER_MODEL = path.join(root, 'data', 'answer-model.json');

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * The largest |Δ| of the fitted weights and biases of two models of the same shape, and the paths
 * of any other value that changed (means and scales of the features excepted: they follow the
 * data, and the weights say what the model does with it).
 */
export function compareModels(before: Json, after: Json): { maxWeightChange: number; changed: string[] } {
  let maxWeightChange = 0;
  const changed: string[] = [];
  const walk = (a: Json | undefined, b: Json | undefined, at: string, weight: boolean): void => {
    if (at.endsWith('.fit')) return;
    // The confidence's trees (src/answer/trees.ts): one line for how many moved, not one per node.
    if (at.endsWith('.trees') && Array.isArray(a) && Array.isArray(b)) {
      const moved = b.filter((tree, i) => JSON.stringify(tree) !== JSON.stringify(a[i])).length;
      if (moved || a.length !== b.length) changed.push(`${at}: ${moved} of ${b.length} trees changed`);
      return;
    }
    if (typeof a === 'number' && typeof b === 'number') {
      if (weight) maxWeightChange = Math.max(maxWeightChange, Math.abs(a - b));
      else if (a !== b && !/\.(mean|scale)\[\d+\]$/.test(at)) changed.push(`${at}: ${a} → ${b}`);
      return;
    }
    if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
      a.forEach((value, i) => walk(value, b[i], `${at}[${i}]`, weight));
      return;
    }
    if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
      for (const key of new Set([...Object.keys(a), ...Object.keys(b)]))
        walk(a[key], b[key], `${at}.${key}`, key === 'weights' || key === 'bias');
      return;
    }
    if (JSON.stringify(a) !== JSON.stringify(b)) changed.push(`${at}: changed`);
  };
  walk(before, after, '', false);
  return { maxWeightChange, changed };
}

function run(script: string, args: readonly string[]): void {
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', path.join(root, 'scripts', script), ...args],
    {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  if (result.status !== 0) throw new Error(`${script} failed (exit ${result.status})`);
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      data: { type: 'string', default: path.join(root, '..', 'shared', 'eval') },
      rounds: { type: 'string', default: '2' },
      tolerance: { type: 'string', default: '0' },
      keep: { type: 'string' },
      'sense-rarity': { type: 'string' },
    },
  });
  const data = path.resolve(values.data);
  const tolerance = Number(values.tolerance);
  // How English questions' words weigh through their senses, for both fits (search/sense-rarity.ts).
  const senseRarity = values['sense-rarity'] ? ['--sense-rarity', values['sense-rarity']] : [];
  const read = (file: string): { text: string; json: Json } => {
    const text = readFileSync(file, 'utf8');
    return { text, json: JSON.parse(text) as Json };
  };
  for (let round = 1; round <= Number(values.rounds); round++) {
    const started = performance.now();
    const sentenceBefore = read(SENTENCE_MODEL);
    const answerBefore = read(ANSWER_MODEL);
    run('fit-sentences.ts', ['--data', data, ...senseRarity]);
    const fittedSentences = performance.now();
    run('calibrate.ts', ['--data', data, ...senseRarity, ...positionals]);
    const sentenceAfter = read(SENTENCE_MODEL);
    const answerAfter = read(ANSWER_MODEL);
    const sentence = compareModels(sentenceBefore.json, sentenceAfter.json);
    const answer = compareModels(answerBefore.json, answerAfter.json);
    if (values.keep) {
      const dir = path.join(values.keep, `round${round}`);
      mkdirSync(dir, { recursive: true });
      copyFileSync(SENTENCE_MODEL, path.join(dir, 'sentence-model.json'));
      copyFileSync(ANSWER_MODEL, path.join(dir, 'answer-model.json'));
    }
    const same = sentenceBefore.text === sentenceAfter.text && answerBefore.text === answerAfter.text;
    const seconds = (ms: number): string => `${(ms / 1000).toFixed(0)} s`;
    console.log(
      `round ${round}: ${seconds(performance.now() - started)} (fit-sentences ${seconds(fittedSentences - started)}); max |Δw| sentence ${sentence.maxWeightChange.toFixed(6)}, answer ${answer.maxWeightChange.toFixed(6)}${same ? '; both files as they were' : ''}`,
    );
    for (const change of [
      ...sentence.changed.map((c) => `sentence${c}`),
      ...answer.changed.map((c) => `answer${c}`),
    ])
      console.log(`  ${change}`);
    const still =
      same ||
      (tolerance > 0 &&
        Math.max(sentence.maxWeightChange, answer.maxWeightChange) < tolerance &&
        sentence.changed.length + answer.changed.length === 0);
    if (still) {
      console.log(`stable after ${round} round(s)`);
      return;
    }
  }
  console.log(`still moving after ${values.rounds} rounds`);
  process.exitCode = 1;
}

if (process.argv[1] === import.meta.filename) await main();
