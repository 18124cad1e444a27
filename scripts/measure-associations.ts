/**
 * `tsx scripts/measure-associations.ts --tables DIR [--collect] [--rows FILE] …`: does the question
 * wording learned by scripts/fit-associations.ts (`--folds DIR`) help? Out of fold by set: each
 * set's questions are scored with the table fitted on the other two (DIR/no-<set>.json).
 * `--collect` first asks every question of CMRC, DRCD and XQuAD zh (each whole set and each
 * article alone, 20% left out as npm run eval leaves it) with the served model and keeps, per
 * question, the first three citations, the chosen span, the served confidence and whether the top
 * is the question's paragraph (`--expand W`: with the table's words added to retrieval at weight
 * W, src/answer/associations.ts expandQuery). Then one of:
 * - (default) per family, the AUC of each association feature alone and stacked on the served
 *   confidence's logit (and `--control a,b`), a logistic fit out of fold by paragraph, with the
 *   right tops withheld at the threshold abstaining on as many orphans as the served model;
 * - `--ranking`: R@1 of a conditional logit on the served position and one feature, out of fold;
 * - `--summary`: R@1, right withheld and orphans abstained per family as served.
 * The refitted confidence with these features: npm run calibrate -- --associations DIR --rows R,
 * then scripts/confidence-matched.ts R 'name=+assocBridged,+assocUnbridged' (docs/evaluation.md).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  bridgedWords,
  expandQuery,
  readAssociations,
  tableFileFor,
  type Associations,
} from '../src/answer/associations.ts';
import { loadAnswerModel } from '../src/answer/model.ts';
import { loadEngine, type Engine, type EngineOptions } from '../src/engine.ts';
import { articleKnowledges } from '../src/eval/conditions.ts';
import { fitConditionalLogit, fitLogistic, type Choice } from '../src/eval/logistic.ts';
import { logit } from '../src/answer/model.ts';
import {
  isLeftOut,
  readSquad,
  stableHash,
  writeKnowledge,
  type EvalParagraph,
} from '../src/eval/public-sets.ts';
import { auc } from './calibrate-fit.ts';

interface Collected {
  set: string;
  family: string;
  question: string;
  source: string;
  answerable: boolean;
  label: 0 | 1;
  confidence: number;
  passage: string;
  span: string;
  /** The first three citations in served order (the top one first): for the ranking check. */
  candidates: Array<{ source: string; text: string }>;
}

const SETS: Array<[string, string]> = [
  ['cmrc', 'cmrc2018_dev.json'],
  ['drcd', 'drcd_dev.json'],
  ['xquad-zh', 'xquad_dev.zh.json'],
];
const FOLDS = 5;

/** `--expand W`: retrieval with the set's out-of-fold associations added at weight W (expandQuery). */
let expansionOf: ((set: string) => Partial<EngineOptions>) | undefined;

async function withEngine<T>(
  paragraphs: readonly EvalParagraph[],
  use: (engine: Engine) => T,
  extra: Partial<EngineOptions> = {},
): Promise<T> {
  const dir = await mkdtemp(path.join(tmpdir(), 'citebot-assoc-'));
  try {
    await writeKnowledge(paragraphs, dir);
    // Threshold 0: every top's answer is chosen and shown, withheld or not; the confidence is the same.
    const model = loadAnswerModel();
    return use(
      await loadEngine(dir, {
        ...extra,
        model: { ...model, confidence: { ...model.confidence, threshold: 0 } },
      }),
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function collect(dataDir: string): Promise<Collected[]> {
  const rows: Collected[] = [];
  for (const [set, file] of SETS) {
    const { paragraphs, questions } = await readSquad(path.join(dataDir, file));
    const knowledges: Array<[string, EvalParagraph[]]> = [
      [`${set} whole`, paragraphs],
      ...articleKnowledges(paragraphs).map((article): [string, EvalParagraph[]] => [
        `${set} per article`,
        article,
      ]),
    ];
    for (const [family, article] of knowledges) {
      const kept = article.filter((p) => !isLeftOut(p.id));
      if (!kept.length) continue;
      const ids = new Set(article.map((p) => p.id));
      await withEngine(
        kept,
        (engine) => {
          for (const q of questions.filter((question) => ids.has(question.source))) {
            const result = engine.ask(q.question, { diagnose: true });
            const top = result.citations[0];
            const answerable = !isLeftOut(q.source);
            rows.push({
              set,
              family,
              question: q.question,
              source: q.source,
              answerable,
              label: answerable && top?.source === q.source ? 1 : 0,
              confidence: result.confidence,
              passage: top?.text ?? '',
              span: result.answer,
              candidates: result.citations.slice(0, 3).map(({ source, text }) => ({ source, text })),
            });
          }
        },
        expansionOf?.(set),
      );
    }
    console.error(`collected ${set}: ${rows.length} rows so far`);
  }
  return rows;
}

type FeatureSet = Record<string, number>;

/** The association features of one row: over the question's words the text does not write. */
function associationFeatures(table: Associations, row: Collected): FeatureSet {
  const out: FeatureSet = {};
  for (const [where, text] of [
    ['passage', row.passage],
    ['span', row.span || row.passage],
  ] as const) {
    const missing = bridgedWords(table, row.question, text);
    const bridged = missing.filter((m) => m.bridge > 0);
    const total = Math.max(1, missing.length);
    out[`${where}Bridged`] = bridged.length / total;
    out[`${where}Unbridged`] = missing.length - bridged.length;
    // The control: the same count with no association at all (what the lexical miss says alone).
    out[`${where}Missing`] = missing.length;
    out[`${where}UnbridgedShare`] =
      (missing.length - bridged.length) / Math.max(1, missing.length + row.question.length / 8);
    out[`${where}MeanBridge`] = missing.reduce((sum, m) => sum + m.bridge, 0) / total;
    out[`${where}MaxBridge`] = Math.max(0, ...missing.map((m) => m.bridge));
  }
  return out;
}

const logitOf = (p: number): number =>
  Math.log(Math.min(0.995, Math.max(0.005, p)) / (1 - Math.min(0.995, Math.max(0.005, p))));
const pct = (n: number, d: number): string => (d ? ((100 * n) / d).toFixed(1) : '—');

function report(
  rows: readonly Collected[],
  tables: Record<string, Associations>,
  threshold: number,
  /** Features stacked with every one measured: what it must add to. */
  control: readonly string[],
): void {
  const features: FeatureSet[] = rows.map((row) => ({
    ...associationFeatures(tables[row.set]!, row),
    base: logitOf(row.confidence),
  }));
  const names = Object.keys(features[0]!).filter((name) => name !== 'base');
  const fold = (row: Collected): number => stableHash(`fold:${row.source}`) % FOLDS;
  const families = [...new Set(rows.map((r) => r.family))];
  const lines: string[] = [];
  for (const name of ['base', ...names]) {
    // Stacked out of fold over every family together, then scored per family.
    const stacked = new Array<number>(rows.length).fill(0);
    if (name !== 'base')
      for (let k = 0; k < FOLDS; k++) {
        const train = rows.flatMap((row, i) =>
          fold(row) === k ? [] : [{ features: features[i]!, label: row.label, weight: 1 }],
        );
        const model = fitLogistic(train, ['base', ...control.filter((c) => c !== name), name]);
        rows.forEach((row, i) => {
          if (fold(row) !== k) return;
          stacked[i] = logit(model, features[i]!);
        });
      }
    const cells: string[] = [];
    for (const family of families) {
      const idx = rows.flatMap((row, i) => (row.family === family ? [i] : []));
      const alone = auc(idx.map((i) => ({ p: features[i]![name]!, label: rows[i]!.label })));
      const score = (i: number): number => (name === 'base' ? features[i]!.base! : stacked[i]!);
      const both = auc(idx.map((i) => ({ p: score(i), label: rows[i]!.label })));
      // Threshold abstaining on as many of this family's orphans as the served model does.
      const orphans = idx.filter((i) => !rows[i]!.answerable);
      const abstainedServed = orphans.filter((i) => rows[i]!.confidence < threshold).length;
      const orphanScores = orphans.map(score).sort((a, b) => a - b);
      const cut = abstainedServed
        ? (orphanScores[abstainedServed - 1]! + (orphanScores[abstainedServed] ?? Infinity)) / 2
        : -Infinity;
      const rightTops = idx.filter((i) => rows[i]!.answerable && rows[i]!.label === 1);
      const withheld = rightTops.filter((i) => score(i) < cut).length;
      cells.push(
        `${family}: alone ${alone.toFixed(3)} stacked ${both.toFixed(3)} withheld ${pct(withheld, rightTops.length)}% (orphans ${pct(abstainedServed, orphans.length)}%)`,
      );
    }
    lines.push(`${name}\n  ${cells.join('\n  ')}`);
  }
  console.log(lines.join('\n'));
}

/**
 * (b) as a ranker feature: among the first three citations in served order, a conditional logit
 * on the served position (first, second) and one association feature of each candidate's passage,
 * out of fold by paragraph; R@1 per set against the served order and the position-only fit.
 */
function rankingCheck(rows: readonly Collected[], tables: Record<string, Associations>): void {
  const fold = (row: Collected): number => stableHash(`fold:${row.source}`) % FOLDS;
  const usable = rows.filter((row) => row.answerable && row.candidates.length > 1);
  const alternatives = usable.map((row) =>
    row.candidates.map((candidate, k) => ({
      first: k === 0 ? 1 : 0,
      second: k === 1 ? 1 : 0,
      ...associationFeatures(tables[row.set]!, { ...row, passage: candidate.text, span: candidate.text }),
    })),
  );
  const names = Object.keys(alternatives[0]![0]!).filter((n) => n.startsWith('passage'));
  for (const name of ['none', ...names]) {
    const picked = new Array<number>(usable.length).fill(0);
    for (let k = 0; k < FOLDS; k++) {
      const choices: Choice[] = usable.flatMap((row, i) =>
        fold(row) === k || !row.candidates.some((c) => c.source === row.source)
          ? []
          : [
              {
                alternatives: alternatives[i]!,
                labels: row.candidates.map((c) => (c.source === row.source ? 1 : 0)),
              },
            ],
      );
      const model = fitConditionalLogit(choices, ['first', 'second', ...(name === 'none' ? [] : [name])]);
      usable.forEach((row, i) => {
        if (fold(row) !== k) return;
        const scores = alternatives[i]!.map((features) => logit(model, features));
        picked[i] = scores.indexOf(Math.max(...scores));
      });
    }
    const cells = [...new Set(usable.map((row) => row.family))].map((family) => {
      const idx = usable.flatMap((row, i) => (row.family === family ? [i] : []));
      const right = idx.filter((i) => usable[i]!.candidates[picked[i]!]!.source === usable[i]!.source).length;
      const served = idx.filter((i) => usable[i]!.candidates[0]!.source === usable[i]!.source).length;
      return `${family} R@1 ${pct(right, idx.length)} (served ${pct(served, idx.length)})`;
    });
    console.log(`ranking ${name}: ${cells.join(', ')}`);
  }
}

/** Per family as npm run eval counts it: R@1, right tops withheld, orphans abstained (served model). */
function summary(rows: readonly Collected[], threshold: number): void {
  for (const family of [...new Set(rows.map((row) => row.family))]) {
    const answerable = rows.filter((row) => row.family === family && row.answerable);
    const orphans = rows.filter((row) => row.family === family && !row.answerable);
    const right = answerable.filter((row) => row.label === 1);
    console.log(
      `${family}: R@1 ${pct(right.length, answerable.length)}, answered+right ${pct(right.filter((r) => r.confidence >= threshold).length, answerable.length)}, right withheld ${pct(right.filter((r) => r.confidence < threshold).length, right.length)}, orphans abstained ${pct(orphans.filter((r) => r.confidence < threshold).length, orphans.length)}`,
    );
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      data: { type: 'string', default: '../shared/eval' },
      rows: { type: 'string', default: '/tmp/assoc/rows.json' },
      tables: { type: 'string', default: '/tmp/citebot-associations' },
      collect: { type: 'boolean', default: false },
      control: { type: 'string', default: '' },
      ranking: { type: 'boolean', default: false },
      expand: { type: 'string', default: '' },
      'absent-only': { type: 'boolean', default: false },
      summary: { type: 'boolean', default: false },
    },
  });
  const tables = Object.fromEntries(
    SETS.map(([set]) => [set, readAssociations(tableFileFor(values.tables, set))]),
  );
  if (values.expand)
    expansionOf = (set) => ({
      associations: { table: tables[set]!, expand: Number(values.expand), absentOnly: values['absent-only'] },
    });
  if (values.collect) writeFileSync(values.rows, JSON.stringify(await collect(values.data)));
  const rows = JSON.parse(readFileSync(values.rows, 'utf8')) as Collected[];
  if (values.summary) return summary(rows, loadAnswerModel().confidence.threshold);
  if (values.ranking) return rankingCheck(rows, tables);
  report(rows, tables, loadAnswerModel().confidence.threshold, values.control.split(',').filter(Boolean));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
