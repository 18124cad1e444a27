/**
 * `tsx scripts/confidence-matched.ts ROWS 'name=spec;…'`: how well each confidence variant separates
 * right tops from orphans where members ask, whatever threshold it would be served at. On the rows
 * `npm run calibrate -- --rows ROWS` writes (public dev sets only, every partition), each variant is
 * fitted as calibrate fits it and scored out of fold; then, per family (set × whole set, each
 * article alone, cut short), the share of right tops it withholds at the threshold that abstains on
 * as many of that family's orphans as the kept model does at its own threshold. Lower is better
 * separation; `npm run eval` then says where the served threshold puts each family.
 * Specs as in scripts/confidence-slices.ts: "+x" (a candidate feature), "-x", "+a*b", "+a>v",
 * "fit:REGEX".
 */
import { readFileSync } from 'node:fs';
import { withLanguageTerms } from '../src/answer/confidence-features.ts';
import {
  auc,
  chooseThreshold,
  DEFAULT_FIT_FAMILIES,
  DEFAULT_THRESHOLD_FAMILIES,
  deriveFeature,
  isCandidateFeature,
  type Row,
  type Scored,
  scoreOutOfFold,
  withheldAt,
} from './calibrate-fit.ts';

const [file, spec = ''] = process.argv.slice(2);
if (!file) throw new Error("usage: tsx scripts/confidence-matched.ts ROWS 'name=spec;…'");
const rows = (JSON.parse(readFileSync(file, 'utf8')) as Row[]).map((row) => ({
  ...row,
  features: withLanguageTerms(row.features),
}));
const allFeatures = Object.keys(rows[0]!.features);

function outOfFold(parts: readonly string[]): Scored[] {
  let names = allFeatures.filter((name) => !isCandidateFeature(name));
  let fitted = new RegExp(DEFAULT_FIT_FAMILIES);
  for (const part of parts) {
    if (part.startsWith('fit:')) fitted = new RegExp(part.slice(4));
    else if (part.startsWith('-')) names = names.filter((name) => name !== part.slice(1));
    else {
      const name = part.replace(/^\+/, '');
      if (!allFeatures.includes(name)) deriveFeature(rows, name);
      names.push(name);
    }
  }
  return scoreOutOfFold(rows, names, (row) => fitted.test(row.family));
}

const FAMILIES = ['whole', 'article', 'article short'].flatMap((scale) =>
  ['cmrc', 'drcd', 'xquad-zh', 'xquad-en'].map((set) => `${set} ${scale}`),
);
const kept = outOfFold([]);
const { threshold } = chooseThreshold(
  kept.filter((s) => new RegExp(DEFAULT_THRESHOLD_FAMILIES).test(s.row.family)),
);

const variants: Array<[string, string]> = [
  ['kept', ''],
  ...spec
    .split(';')
    .filter(Boolean)
    .map((v) => v.split('=') as [string, string]),
];
const table: Record<string, Record<string, string>> = {};
for (const [name, parts] of variants) {
  const scored = name === 'kept' ? kept : outOfFold((parts ?? '').split(',').filter(Boolean));
  const line: Record<string, string> = {
    auc: auc(scored.filter((s) => /whole|slice/.test(s.row.family))).toFixed(4),
  };
  for (const family of FAMILIES) {
    const orphans = kept.filter((s) => s.row.family === family && !s.row.answerable);
    const share = orphans.filter((s) => s.p < threshold).length / orphans.length;
    line[family] = withheldAt(scored, family, share).toFixed(1);
  }
  table[name] = line;
}
console.log(
  `right tops withheld (%) at the kept model's orphans abstained per family (threshold ${threshold})`,
);
console.table(table);
