/**
 * `tsx scripts/ranker-variants.ts --rows FILE`: compares ranker variants out of fold on the ranker's
 * rows written by `npm run calibrate -- --candidate-rows FILE` (public dev sets only). Each variant
 * is fitted on four folds of paragraphs and picks the top candidate of the fifth fold's questions;
 * the table gives R@1 per family (set × scale; questions whose paragraph is in the knowledge,
 * those whose paragraph was not among the candidates counting as misses).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { logit, type Features, type LogisticModel } from '../src/answer/model.ts';
import { fitConditionalLogit, fitLogistic, type Choice } from '../src/eval/logistic.ts';
import { balanced, FOLDS, type Row } from './calibrate-fit.ts';

const { values } = parseArgs({
  options: { rows: { type: 'string', default: '/tmp/candidate-rows.json' }, only: { type: 'string' } },
});
// The rows' own gap features (written by features.ts) are recomputed here the same way, so rows
// written before those features existed compare alike.
const rows = JSON.parse(readFileSync(values.rows!, 'utf8')) as Row[];

interface Question {
  key: string;
  family: string;
  fold: number;
  answerable: boolean;
  candidates: Row[];
}
const byKey = new Map<string, Question>();
for (const row of rows) {
  const key = row.question!;
  const question = byKey.get(key) ?? {
    key,
    family: row.family,
    fold: row.fold,
    answerable: row.answerable,
    candidates: [],
  };
  question.candidates.push(row);
  byKey.set(key, question);
}
const questions = [...byKey.values()];

/** Each feature minus the best of the other candidates' (0 alone): how a candidate stands out. */
function withGaps(question: Question, names: readonly string[]): Features[] {
  return question.candidates.map((row, i) => {
    const features: Features = { ...row.features };
    for (const name of names) {
      const others = question.candidates.filter((_, j) => j !== i).map((other) => other.features[name]!);
      features[`${name}Gap`] = others.length ? row.features[name]! - Math.max(...others) : 0;
    }
    return features;
  });
}

interface Variant {
  name: string;
  features: (base: string[]) => string[];
  gaps?: string[];
  listwise?: boolean;
  /** Applies decide.ts's answer-type keep rule after ranking, with this coverage slack. */
  keep?: number;
}

const MAIN = [
  'coverage',
  'missRare',
  'missedShare',
  'rareHit',
  'relScore',
  'coverageGap',
  'othersCoverage',
  'ties',
  'bm25Share',
  'sentenceCoverage',
  'typeAsked',
  'typeInSentence',
  'typeInPassage',
  'unknownNames',
  'english',
  'englishCoverage',
  'groups',
  'counted',
  'bigramsInPassage',
  'bigramsInSentence',
  'longestShared',
  'retrievalRank',
  'answerChars',
];
const PROXIMITY = ['windowCoverage', 'rareWindowCoverage', 'rareCoverage', 'typeNearWords'];
const SENTENCE = ['sentenceCoverage', 'bigramsInSentence', 'longestShared'];
const variants: Variant[] = [
  { name: 'main', features: () => MAIN },
  { name: 'main + proximity', features: () => [...MAIN, ...PROXIMITY] },
  { name: 'main + window', features: () => [...MAIN, 'windowCoverage', 'typeNearWords'] },
  { name: 'main + rareCoverage', features: () => [...MAIN, 'rareCoverage'] },
  {
    name: 'main + sentence gaps',
    features: () => [...MAIN, ...SENTENCE.map((n) => `${n}Gap`)],
    gaps: SENTENCE,
  },
  {
    name: 'main + proximity + gaps',
    features: () => [...MAIN, ...PROXIMITY, ...[...SENTENCE, 'windowCoverage'].map((n) => `${n}Gap`)],
    gaps: [...SENTENCE, 'windowCoverage'],
  },
  { name: 'listwise main', features: () => MAIN, listwise: true },
  {
    name: 'listwise main + proximity + gaps, keep 0.05 (committed)',
    features: () => [...MAIN, ...PROXIMITY, ...[...SENTENCE, 'windowCoverage'].map((n) => `${n}Gap`)],
    gaps: [...SENTENCE, 'windowCoverage'],
    listwise: true,
    keep: 0.05,
  },
  {
    name: 'listwise main + proximity + gaps',
    features: () => [...MAIN, ...PROXIMITY, ...[...SENTENCE, 'windowCoverage'].map((n) => `${n}Gap`)],
    gaps: [...SENTENCE, 'windowCoverage'],
    listwise: true,
  },
  ...[0, 0.05, 0.1, 0.2, 1].map((keep) => ({
    name: `listwise main + proximity, keep ${keep}`,
    features: () => [...MAIN, ...PROXIMITY],
    listwise: true,
    keep,
  })),
  { name: 'listwise main + proximity', features: () => [...MAIN, ...PROXIMITY], listwise: true },
].filter((v) => !values.only || new RegExp(values.only).test(v.name));

const fitted = new Map<string, LogisticModel>();
function fit(variant: Variant, train: readonly Question[], fold: number): LogisticModel {
  const key = `${variant.name.replace(/, keep .*/, '')}:${fold}`;
  if (!fitted.has(key)) fitted.set(key, fitUncached(variant, train));
  return fitted.get(key)!;
}

function fitUncached(variant: Variant, train: readonly Question[]): LogisticModel {
  const names = variant.features([]);
  const featuresOf = (q: Question): Features[] => withGaps(q, variant.gaps ?? []);
  if (!variant.listwise) {
    const trainRows: Row[] = train.flatMap((q) =>
      featuresOf(q).map((features, i) => ({ ...q.candidates[i]!, features })),
    );
    return fitLogistic(balanced(trainRows), names);
  }
  // One choice per answerable question whose paragraph is a candidate; families weigh alike.
  const usable = train.filter((q) => q.answerable && q.candidates.some((c) => c.label));
  const counts = new Map<string, number>();
  for (const q of usable) counts.set(q.family, (counts.get(q.family) ?? 0) + 1);
  const mean = usable.length / counts.size;
  const choices: Choice[] = usable.map((q) => ({
    alternatives: featuresOf(q),
    labels: q.candidates.map((c) => c.label),
    weight: mean / counts.get(q.family)!,
  }));
  return fitConditionalLogit(choices, names);
}

const families = [...new Set(questions.map((q) => q.family))].filter((f) => / whole$/.test(f));
const sliceFamilies = [...new Set(questions.map((q) => q.family))].filter((f) => / slice$/.test(f));
console.log(
  `variant                              ${[...families, ...sliceFamilies].map((f) => f.padStart(15)).join(' ')}`,
);
for (const variant of variants) {
  const right = new Map<string, number>();
  const total = new Map<string, number>();
  for (let fold = 0; fold < FOLDS; fold++) {
    const model = fit(
      variant,
      questions.filter((q) => q.fold !== fold),
      fold,
    );
    for (const q of questions.filter((q) => q.fold === fold && q.answerable)) {
      const features = withGaps(q, variant.gaps ?? []);
      const order = features
        .map((_, i) => i)
        .sort((a, b) => logit(model, features[b]!) - logit(model, features[a]!));
      if (variant.keep !== undefined) keepAnswerType(order, features, variant.keep);
      const best = order[0]!;
      total.set(q.family, (total.get(q.family) ?? 0) + 1);
      if (q.candidates[best]!.label) right.set(q.family, (right.get(q.family) ?? 0) + 1);
    }
  }
  const cells = [...families, ...sliceFamilies].map((f) =>
    `${((100 * (right.get(f) ?? 0)) / (total.get(f) ?? 1)).toFixed(2)}%`.padStart(15),
  );
  console.log(`${variant.name.padEnd(36)} ${cells.join(' ')}`);
}

/** The same rule as decide.ts's keepAnswerType, over feature rows in ranked order. */
function keepAnswerType(order: number[], features: readonly Features[], slack: number): void {
  const top = features[order[0]!]!;
  if (!top.typeAsked || top.typeInSentence || top.typeNearWords) return;
  const holder = order.findIndex(
    (i) =>
      features[i]!.typeInSentence === 1 &&
      features[i]!.typeNearWords === 1 &&
      features[i]!.coverage! >= top.coverage! - slack,
  );
  if (holder > 0) order.unshift(...order.splice(holder, 1));
}
