/**
 * `npm run fit-necessity`: fits term necessity (src/search/necessity.ts) on the public
 * dev sets in ../shared/eval and writes data/term-necessity.measured.json (never served). Nothing here reads the article's
 * own questions.
 * - Each set (CMRC, DRCD, XQuAD zh; XQuAD's English questions through their translations over the
 *   Chinese paragraphs) is one knowledge folder, as `npm run eval` builds it. Every word group of
 *   every question (engine.query, as served) is one example: its general features, labelled
 *   "the sentence holding the first gold answer covers it" (query.ts groupCoverage >= 0.5, its
 *   terms found in the normalized sentence). Each set counts alike.
 * - Articles are split five ways by a hash of their title; each fold is scored by a model fitted on
 *   the other four (rarity alone, and all features) and the out-of-fold log loss and AUC reported.
 *   Then the model is refitted on all of it.
 * - Each word seen in at least 3 questions gets a learned log-odds offset over the base rate,
 *   shrunk toward it (`wordPrior`, PRIOR_STRENGTH pseudo-questions); each row's offset is counted
 *   on the other folds' rows only (cross-fitted), so the fit never reads a row's own label through
 *   it. `--general` fits the general features alone (measured: docs/evaluation.md, term8).
 * `--alpha A` sets the exponent served (retrieval weight = importance × necessity^A, retrieval only:
 * query.ts retrievalTerms). The default, 0, serves nothing: measured and not kept (docs/evaluation.md,
 * term8, term9); to repeat the measurement, `npm run fit-necessity -- --alpha 0.5 --label passage
 * --out data/term-necessity.json`, then `npm run fit -- --rounds 1`. `--out FILE` writes elsewhere;
 * `--label passage` labels by the whole paragraph instead (term9).
 */
import { writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadEngine } from '../src/engine.ts';
import type { Features } from '../src/answer/model.ts';
import { fitLogistic, type Example } from '../src/eval/logistic.ts';
import { FIT_SETS, readFitSet, stableHash, writeKnowledge } from '../src/eval/public-sets.ts';
import type { InvertedIndex } from '../src/search/inverted-index.ts';
import {
  MEASURED_NECESSITY_PATH,
  knownGroup,
  necessity,
  necessityFeatures,
  type NecessityModel,
} from '../src/search/necessity.ts';
import { normalizeText } from '../src/search/normalize.ts';
import { groupCoverage } from '../src/search/query.ts';

const FOLDS = 5;
const L2 = 1;
const { values } = parseArgs({
  options: {
    data: { type: 'string', default: path.join(import.meta.dirname, '..', '..', 'shared', 'eval') },
    out: { type: 'string', default: MEASURED_NECESSITY_PATH },
    alpha: { type: 'string', default: '0' },
    label: { type: 'string', default: 'sentence' },
    general: { type: 'boolean', default: false },
  },
});

interface Row {
  set: string;
  fold: number;
  word: string;
  features: Features;
  label: 0 | 1;
}

/** The sentence of a normalized paragraph around a character offset. */
function sentenceAt(text: string, at: number): string {
  const start =
    Math.max(...['。', '！', '？', '!', '?', '；', '\n'].map((end) => text.lastIndexOf(end, at - 1))) + 1;
  const ends = ['。', '！', '？', '!', '?', '；', '\n']
    .map((end) => text.indexOf(end, at))
    .filter((i) => i >= 0);
  return text.slice(start, ends.length ? Math.min(...ends) + 1 : text.length);
}

async function collect(dataDir: string, label: string): Promise<Row[]> {
  const rows: Row[] = [];
  for (const entry of FIT_SETS) {
    const [name] = entry;
    const { set, questions } = await readFitSet(dataDir, entry);
    const paragraphs = new Map(set.paragraphs.map((p) => [p.id, p]));
    const dir = await mkdtemp(path.join(tmpdir(), 'citebot-fit-necessity-'));
    try {
      await writeKnowledge(set.paragraphs, dir);
      const engine = await loadEngine(dir, { model: {} });
      // The features as served read the engine's index (its rarities and vocabulary).
      const index = (engine as unknown as { index: InvertedIndex }).index;
      const context = { unknownIdf: index.idf('\u0000'), has: (term: string) => index.has(term) };
      for (const question of questions) {
        const paragraph = paragraphs.get(question.source);
        const answer = question.answers[0] && normalizeText(question.answers[0]);
        if (!paragraph || !answer) continue;
        const text = normalizeText(paragraph.context);
        const at = text.indexOf(answer);
        if (at < 0) continue;
        const target = label === 'passage' ? text : sentenceAt(text, at);
        const query = engine.query(question.question);
        const fold = stableHash(`necessity:${paragraph.title}`) % FOLDS;
        query.groups.forEach((group, position) => {
          if (!knownGroup(group, context.has)) return;
          rows.push({
            set: name,
            fold,
            word: group.word,
            features: necessityFeatures(group, position, query.groups, {
              ...context,
              normalized: query.normalized,
            }),
            label: groupCoverage(group, (term) => target.includes(term)) >= 0.5 ? 1 : 0,
          });
        });
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    const own = rows.filter((row) => row.set === name);
    console.error(
      `  ${name}: ${own.length} question words, ${((100 * own.filter((r) => r.label).length) / own.length).toFixed(1)}% in the answering ${label}`,
    );
  }
  return rows;
}

/** Each set counts alike. */
function examples(rows: readonly Row[]): Example[] {
  const perSet = new Map<string, number>();
  for (const row of rows) perSet.set(row.set, (perSet.get(row.set) ?? 0) + 1);
  const mean = rows.length / perSet.size;
  return rows.map((row) => ({
    features: row.features,
    label: row.label,
    weight: mean / perSet.get(row.set)!,
  }));
}

function auc(scored: ReadonlyArray<{ p: number; label: 0 | 1 }>): number {
  const sorted = [...scored].sort((a, b) => a.p - b.p);
  let rankSum = 0;
  let positives = 0;
  sorted.forEach((s, i) => {
    if (s.label) ((rankSum += i + 1), positives++);
  });
  const negatives = sorted.length - positives;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

function outOfFold(
  rows: readonly Row[],
  names: readonly string[],
): Map<string, { loss: number; auc: number }> {
  const scored: Array<{ set: string; p: number; label: 0 | 1 }> = [];
  for (let fold = 0; fold < FOLDS; fold++) {
    const model = fitLogistic(examples(rows.filter((r) => r.fold !== fold)), names, L2);
    for (const row of rows.filter((r) => r.fold === fold))
      scored.push({ set: row.set, p: necessity(model, row.features), label: row.label });
  }
  const out = new Map<string, { loss: number; auc: number }>();
  for (const set of ['all', ...new Set(rows.map((r) => r.set))]) {
    const own = scored.filter((s) => set === 'all' || s.set === set);
    const loss =
      own.reduce((sum, s) => sum - Math.log(Math.max(1e-9, s.label ? s.p : 1 - s.p)), 0) /
      Math.max(1, own.length);
    out.set(set, { loss: Number(loss.toFixed(4)), auc: Number(auc(own).toFixed(4)) });
  }
  return out;
}

const rows = await collect(values.data!, values.label!);
const allNames = Object.keys(rows[0]!.features).filter((name) => name !== 'wordPrior');
const PRIOR_STRENGTH = 20;
const PRIOR_MIN = 3;
/** A shrunk per-word log-odds offset over the base rate, from some rows (served as `priors`). */
function wordPriors(from: readonly Row[]): Map<string, number> {
  const base = from.filter((r) => r.label).length / from.length;
  const counts = new Map<string, [number, number]>();
  for (const row of from) {
    const c = counts.get(row.word) ?? [0, 0];
    c[0] += row.label;
    c[1]++;
    counts.set(row.word, c);
  }
  const logit = (p: number): number => Math.log(p / (1 - p));
  const out = new Map<string, number>();
  for (const [word, [pos, n]] of counts)
    if (n >= PRIOR_MIN)
      out.set(word, logit((pos + PRIOR_STRENGTH * base) / (n + PRIOR_STRENGTH)) - logit(base));
  return out;
}
// Cross-fitted: each row's prior comes from the other folds' rows, never its own.
for (let fold = 0; fold < FOLDS; fold++) {
  const priors = wordPriors(rows.filter((r) => r.fold !== fold));
  for (const row of rows) if (row.fold === fold) row.features.wordPrior = priors.get(row.word) ?? 0;
}
console.error(`  words with a prior (all rows): ${wordPriors(rows).size}`);
const variants: Array<[string, string[]]> = [
  ['rarity', ['rarity', 'raritySquared']],
  ['all', allNames],
  ['all+wordPrior', [...allNames, 'wordPrior']],
  ['wordPrior', ['wordPrior']],
];
const figures: Record<string, Record<string, { loss: number; auc: number }>> = {};
for (const [name, names] of variants) {
  figures[name] = Object.fromEntries(outOfFold(rows, names));
  console.error(`  out of fold, ${name}: ${JSON.stringify(figures[name])}`);
}
const withPriors = !values.general ? [...allNames, 'wordPrior'] : allNames;
const fitted = fitLogistic(examples(rows), withPriors, L2);
const served = [...wordPriors(rows)]
  .filter(([, prior]) => Math.abs(prior) >= 0.05)
  .sort(([a], [b]) => (a < b ? -1 : 1));
const model: NecessityModel = {
  ...fitted,
  alpha: Number(values.alpha),
  ...(!values.general && {
    priors: Object.fromEntries(served.map(([word, prior]) => [word, Number(prior.toFixed(2))])),
  }),
  fit: {
    data: 'CMRC, DRCD, XQuAD zh dev; XQuAD en dev through its translations',
    label: values.label,
    examples: rows.length,
    folds: `${FOLDS}, by article title`,
    outOfFold: figures,
  },
};
const round = (x: number): number => Number(x.toFixed(5));
writeFileSync(
  values.out!,
  JSON.stringify(
    {
      ...model,
      mean: model.mean.map(round),
      scale: model.scale.map(round),
      weights: model.weights.map(round),
      bias: round(model.bias),
    },
    null,
    2,
  ) + '\n',
);
console.error(`wrote ${values.out}`);
for (let i = 0; i < withPriors.length; i++)
  console.error(`  ${withPriors[i]}: ${model.weights[i]!.toFixed(3)}`);
