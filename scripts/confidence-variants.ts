/**
 * `tsx scripts/confidence-variants.ts --rows FILE`: compares confidence-model variants out of fold
 * on the rows `npm run calibrate -- --rows FILE` writes (public dev sets only), so a feature or a
 * partition is kept for what it adds on held-apart paragraphs, not for what it fits. For each
 * variant: out-of-fold AUC, expected calibration error, and, at the threshold chosen as calibrate
 * chooses it, answerable answered and orphans abstained on the partition `npm run eval` uses.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  auc,
  chooseThreshold,
  deriveFeature,
  expectedCalibrationError,
  type Row,
  type Scored,
  scoreOutOfFold,
} from './calibrate-fit.ts';

const { values } = parseArgs({
  options: {
    rows: { type: 'string' },
    /**
     * Variants as name=spec;… where spec is "+x" (add x to the base set), "-x" (remove it), "all"
     * (every feature), "+a*b" (the product of two features), "@salt+salt" (fit only on those
     * partitions; all by default) "^0.87" (the orphans-abstained floor of the threshold) and "by-family" (each family's orphans
     * count alike for that floor).
     */
    variants: { type: 'string', default: '' },
    base: { type: 'string', default: '' },
  },
});
if (!values.rows) throw new Error('--rows FILE is required (npm run calibrate -- --rows FILE)');
const rows = JSON.parse(readFileSync(values.rows, 'utf8')) as Row[];
const all = Object.keys(rows[0]!.features);
const base = values.base ? values.base.split(',') : all;
const allPartitions = [...new Set(rows.map((r) => r.partition))];

interface Variant {
  names: string[];
  partitions: string[];
  floor?: number;
  byFamily: boolean;
}

function parse(spec: string): Variant {
  let names = [...base];
  let partitions = allPartitions;
  let floor: number | undefined;
  let byFamily = false;
  for (const part of spec.split(',').filter(Boolean)) {
    if (part.startsWith('@')) partitions = part.slice(1).split('+');
    else if (part.startsWith('^')) floor = Number(part.slice(1));
    else if (part === 'by-family') byFamily = true;
    else if (part.startsWith('-')) names = names.filter((n) => n !== part.slice(1));
    else if (part === 'all') names = [...all];
    else names.push(part.replace(/^\+/, ''));
  }
  for (const name of names.filter((n) => n.includes('*'))) deriveFeature(rows, name);
  return { names: [...new Set(names)], partitions, floor, byFamily };
}

function outOfFold(names: readonly string[], fitOn: readonly string[]): Scored[] {
  return scoreOutOfFold(rows, names, (row) => fitOn.includes(row.partition));
}

const share = (items: readonly Scored[], test: (s: Scored) => boolean): string =>
  ((100 * items.filter(test).length) / Math.max(1, items.length)).toFixed(1);

/** Share of answerable questions answered at the lowest threshold abstaining on `abstained` of the orphans. */
function answeredAt(scored: readonly Scored[], abstained: number): string {
  const orphans = scored
    .filter((s) => !s.row.answerable)
    .map((s) => s.p)
    .sort((a, b) => a - b);
  const threshold = orphans[Math.ceil(abstained * orphans.length) - 1] ?? 1;
  return share(
    scored.filter((s) => s.row.answerable),
    (s) => s.p > threshold,
  );
}

const variants = values.variants
  ? values.variants.split(';').map((v) => v.split('=') as [string, string])
  : [];
const table = [['base', ''] as [string, string], ...variants].map(([name, spec]) => {
  const { names, partitions, floor, byFamily } = parse(spec ?? '');
  const scored = outOfFold(names, partitions);
  // Threshold and figures on the partition `npm run eval` leaves out, as calibrate reports them.
  const first = scored.filter((s) => s.row.partition === 'left-out');
  const { threshold } = chooseThreshold(first, floor, byFamily);
  const family = (f: string) => first.filter((s) => s.row.family === f);
  const line: Record<string, string | number> = {
    variant: name,
    features: names.length,
    auc: auc(first).toFixed(4),
    ece: (100 * expectedCalibrationError(first)).toFixed(1),
    threshold,
  };
  for (const f of ['cmrc whole', 'drcd whole', 'xquad-en whole']) {
    const rowsOf = family(f);
    line[`${f.split(' ')[0]} ans`] = share(
      rowsOf.filter((s) => s.row.answerable),
      (s) => s.p >= threshold,
    );
    line[`${f.split(' ')[0]} abst`] = share(
      rowsOf.filter((s) => !s.row.answerable),
      (s) => s.p < threshold,
    );
  }
  // Separation at a fixed point: CMRC whole answered when 86% of its orphans are abstained.
  line['cmrc@86'] = answeredAt(family('cmrc whole'), 0.86);
  line['drcd@86'] = answeredAt(family('drcd whole'), 0.86);
  return line;
});
console.table(table);
