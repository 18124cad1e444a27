/**
 * `tsx scripts/confidence-slices.ts --rows FILE`: where the confidence withholds right passages,
 * out of fold, on the rows `npm run calibrate -- --rows FILE` writes (public dev sets only). For
 * each slice — set, knowledge scale, question kind (as published or cut short), language, number
 * of content words, kind of answer asked — and each variant: the share of questions whose top
 * citation is right that are withheld, the mean confidence against the share right (calibration),
 * and the orphans abstained, at the threshold calibrate would choose for that variant.
 *
 * Variants: `--variants 'name=spec;…'`, spec a comma list of "fit:REGEX" (families fitted on) and
 * "thr:REGEX" (families whose orphans set the threshold), by default as calibrate chooses them,
 * "by-language" (a threshold per question language, as calibrate's --threshold-by language),
 * "candidates" (also the features calibrate leaves out unless --candidates: CANDIDATE_FEATURES and
 * the english*x copies), "floor:0.87" (the share of orphans the threshold abstains on),
 * "-x" (leave feature x out), "+a*b" (add the product of two features), "+a>v" (add the hinge
 * max(0, a - v): a slope of its own above v), "+a/b" (add min(1, a / b)).
 * `--served`: the figures with decide.ts's unknown-name factor applied after the threshold is
 * chosen, as `npm run eval` serves them (English rows withhold far more so: the factor is not in
 * the rows' out-of-fold scores).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { withLanguageTerms } from '../src/answer/confidence-features.ts';
import { servedNameFactor } from '../src/answer/decide.ts';
import {
  auc,
  chooseThreshold,
  chooseThresholds,
  DEFAULT_FIT_FAMILIES,
  DEFAULT_THRESHOLD_FAMILIES,
  deriveFeature,
  expectedCalibrationError,
  isCandidateFeature,
  ORPHANS_ABSTAINED,
  type Row,
  type Scored,
  scoreOutOfFold,
  thresholdOfRow,
} from './calibrate-fit.ts';

const { values } = parseArgs({
  options: {
    rows: { type: 'string' },
    variants: { type: 'string', default: 'kept=' },
    /** Only the partition `npm run eval` leaves out, as calibrate reports (all: every partition). */
    partition: { type: 'string', default: 'left-out' },
    /** Which slicings to print (comma list of: family, scale, set, language, content words, asked, knowledge). */
    by: { type: 'string' },
    served: { type: 'boolean', default: false },
  },
});
if (!values.rows) throw new Error('--rows FILE is required (npm run calibrate -- --rows FILE)');
// Rows written before the English-only terms existed get them here (the same products).
const rows = (JSON.parse(readFileSync(values.rows, 'utf8')) as Row[]).map((row) => ({
  ...row,
  features: withLanguageTerms(row.features),
}));
const allFeatures = Object.keys(rows[0]!.features);

interface Variant {
  scored: Scored[];
  /** The threshold a scored row is held to. */
  held: (s: Scored) => number;
  label: string;
  fitted: RegExp;
}

function outOfFold(spec: string): Variant {
  let names = allFeatures.filter((name) => !isCandidateFeature(name));
  let byLanguage = false;
  let floor = ORPHANS_ABSTAINED;
  let fitted = new RegExp(DEFAULT_FIT_FAMILIES);
  let thresholdOn = new RegExp(DEFAULT_THRESHOLD_FAMILIES);
  for (const part of spec.split(',').filter(Boolean)) {
    if (part.startsWith('fit:')) fitted = new RegExp(part.slice(4));
    else if (part.startsWith('thr:')) thresholdOn = new RegExp(part.slice(4));
    else if (part === 'by-language') byLanguage = true;
    else if (part === 'candidates') names = [...allFeatures];
    else if (part.startsWith('floor:')) floor = Number(part.slice(6));
    else if (part.startsWith('-')) names = names.filter((n) => n !== part.slice(1));
    else {
      const name = part.replace(/^\+/, '');
      deriveFeature(rows, name);
      names.push(name);
    }
  }
  const scored = scoreOutOfFold(rows, names, (row) => fitted.test(row.family));
  const thresholdRows = scored.filter((s) => thresholdOn.test(s.row.family));
  const { threshold } = chooseThreshold(thresholdRows, floor);
  const thresholds = byLanguage ? chooseThresholds(thresholdRows, floor) : undefined;
  const served = (p: number, row: Row): number => servedNameFactor(row.features) * p;
  return {
    scored: values.served ? scored.map((s) => ({ ...s, p: served(s.p, s.row) })) : scored,
    held: (s) => thresholdOfRow(s.row, threshold, thresholds),
    label: thresholds ? JSON.stringify(thresholds) : String(threshold),
    fitted,
  };
}

const words = (row: Row): number => Math.round(Math.exp(row.words ?? row.features.groups ?? 0) - 1);
const scale = (family: string): string => family.split(' ').slice(1).join(' ');
const slicers: Array<[string, (row: Row) => string]> = [
  ['family', (row) => row.family],
  ['scale', (row) => scale(row.family)],
  ['set', (row) => row.family.split(' ')[0]!],
  [
    'language',
    (row) => (row.family.startsWith('xquad-en') ? 'en' : row.family.startsWith('drcd') ? 'zh-Hant' : 'zh'),
  ],
  ['content words', (row) => (words(row) >= 6 ? '6+' : String(words(row)))],
  ['asked', (row) => row.asked ?? '?'],
  [
    'knowledge',
    (row) => (row.size === undefined ? '?' : row.size <= 8 ? '≤8' : row.size <= 40 ? '9-40' : '>40'),
  ],
];

const pct = (n: number, d: number): string => (d ? ((100 * n) / d).toFixed(1) : '—');
const variants = values.variants.split(';').map((v) => v.split('=') as [string, string]);
const results = variants.map(([name, spec]) => ({ name, ...outOfFold(spec ?? '') }));
for (const { name, scored, held, label, fitted } of results) {
  const inFit = scored.filter((s) => fitted.test(s.row.family) && s.row.partition === 'left-out');
  // What `npm run eval` checks, on the whole sets of the partition it leaves out.
  const whole = (set: string) =>
    scored.filter((s) => s.row.family === `${set} whole` && s.row.partition === 'left-out');
  const answered = (set: string) => {
    const answerable = whole(set).filter((s) => s.row.answerable);
    return pct(answerable.filter((s) => s.p >= held(s)).length, answerable.length);
  };
  const abstained = (set: string) => {
    const orphans = whole(set).filter((s) => !s.row.answerable);
    return pct(orphans.filter((s) => s.p < held(s)).length, orphans.length);
  };
  console.log(
    `${name}: threshold ${label}, out-of-fold AUC ${auc(inFit).toFixed(4)}, ECE ${(100 * expectedCalibrationError(inFit)).toFixed(1)}% (families fitted on, partition left-out); whole sets: CMRC answered ${answered('cmrc')} abstained ${abstained('cmrc')}, DRCD answered ${answered('drcd')} abstained ${abstained('drcd')}, XQuAD zh abstained ${abstained('xquad-zh')}, XQuAD-en abstained ${abstained('xquad-en')}`,
  );
}
for (const [slicer, key] of slicers.filter(([name]) => !values.by || values.by.split(',').includes(name))) {
  const table: Record<string, Record<string, string | number>> = {};
  for (const { name, scored, held } of results) {
    const pick = scored.filter((s) => values.partition === 'all' || s.row.partition === values.partition);
    const groups = new Map<string, Scored[]>();
    for (const s of pick) {
      if (!groups.has(key(s.row))) groups.set(key(s.row), []);
      groups.get(key(s.row))!.push(s);
    }
    for (const [slice, items] of [...groups].sort()) {
      const right = items.filter((s) => s.label === 1);
      const orphans = items.filter((s) => !s.row.answerable);
      const line = (table[slice] ??= { n: items.length });
      const withheld = pct(right.filter((s) => s.p < held(s)).length, right.length);
      const conf = pct(
        items.reduce((sum, s) => sum + s.p, 0),
        items.length,
      );
      const abstained = pct(orphans.filter((s) => s.p < held(s)).length, orphans.length);
      if (results.length > 1) {
        // One cell per variant: right withheld, orphans abstained, mean confidence / share right.
        line[name] = `w ${withheld} a ${abstained} c ${conf}/${pct(right.length, items.length)} auc ${
          right.length && right.length < items.length ? auc(items).toFixed(3) : '—'
        }`;
        continue;
      }
      line['right withheld'] = withheld;
      line['mean confidence'] = conf;
      line['right'] = pct(right.length, items.length);
      line['orphans abstained'] = abstained;
    }
  }
  console.log(`\nby ${slicer}`);
  console.table(table);
}
