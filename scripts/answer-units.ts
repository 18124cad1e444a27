/**
 * npm run answer-units: learns data/answer-units.json (src/answer/answer-unit.ts) from the public
 * dev sets' gold answers (src/eval/answer-units.ts), and measures how much a question's own answer
 * weighs in the table: each article's questions scored with the table learned without its fifth
 * of the articles (what `npm run calibrate` gives its rows) against the table learned from all.
 *
 *   npx tsx scripts/answer-units.ts [--data DIR] [--out FILE] [--min N] [--alpha A] [--pairs N]
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { numberUnits, pairsOf, tableFrame, type UnitTable } from '../src/answer/answer-unit.ts';
import {
  learnUnitTable,
  NONE,
  readUnitSamples,
  UNIT_FOLDS,
  UNIT_OPTIONS,
  UNIT_SETS,
  unitOf,
  type UnitSample,
} from '../src/eval/answer-units.ts';
import { normalizeText } from '../src/search/normalize.ts';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: path.join('..', 'shared', 'eval') },
    out: { type: 'string', default: path.join('data', 'answer-units.json') },
    min: { type: 'string', default: String(UNIT_OPTIONS.minFrame) },
    alpha: { type: 'string', default: String(UNIT_OPTIONS.alpha) },
    pairs: { type: 'string', default: String(UNIT_OPTIONS.minPair) },
  },
});
const options = { minFrame: Number(values.min), alpha: Number(values.alpha), minPair: Number(values.pairs) };

const samples = await readUnitSamples(values.data!);
const inSample = learnUnitTable(samples, options);
const folds = Array.from({ length: UNIT_FOLDS }, (_, k) =>
  learnUnitTable(
    samples.filter((s) => s.fold !== k),
    options,
  ),
);

/** The gold's unit's probability, and whether it beats every other unit of the passage. */
function judge(table: UnitTable, sample: UnitSample): { p: number; likeliest: boolean } | undefined {
  const frame = tableFrame(table, normalizeText(sample.question));
  const pairs = pairsOf(table);
  const unit = unitOf(sample, pairs);
  if (!frame || unit === NONE) return undefined;
  const p = frame[unit] ?? frame['*'] ?? 0;
  const others = numberUnits(sample.context, pairs).filter((u) => u !== unit);
  return { p, likeliest: others.every((u) => (frame[u] ?? frame['*'] ?? 0) < p) };
}

const round = (x: number): number => Math.round(1000 * x) / 1000;
const report: Record<string, unknown> = {};
for (const set of [...UNIT_SETS.map(([name]) => name), 'all']) {
  const of = samples.filter((s) => set === 'all' || s.set === set);
  let scored = 0;
  let pIn = 0;
  let pOut = 0;
  let diff = 0;
  let topIn = 0;
  let topOut = 0;
  for (const sample of of) {
    const a = judge(inSample, sample);
    const b = judge(folds[sample.fold]!, sample);
    if (!a || !b) continue;
    scored++;
    pIn += a.p;
    pOut += b.p;
    diff += Math.abs(a.p - b.p);
    topIn += a.likeliest ? 1 : 0;
    topOut += b.likeliest ? 1 : 0;
  }
  const share = (x: number): number => round(x / Math.max(1, scored));
  report[set] = {
    framed: of.length,
    scored,
    goldUnitP: { inSample: share(pIn), outOfFold: share(pOut), meanAbsDiff: share(diff) },
    goldUnitLikeliestInPassage: { inSample: share(topIn), outOfFold: share(topOut) },
  };
}

const table: UnitTable = {
  ...inSample,
  fit: { script: 'scripts/answer-units.ts', sets: UNIT_SETS.map(([name]) => name), ...options, report },
};
await writeFile(values.out!, `${JSON.stringify(table)}\n`);
console.log(JSON.stringify(table.fit, null, 1));
console.log(`${Object.keys(table.frames).length} framings; pairs ${table.pairs.join(' ')}`);
console.log(`aliases ${JSON.stringify(table.aliases)}`);
