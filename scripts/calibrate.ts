/**
 * `npm run calibrate`: fits the ranker and the confidence model (src/answer/model.ts) on the public
 * dev sets in ../shared/eval and writes data/answer-model.json. Nothing here reads the article's
 * own questions. Method (docs/contracts.md):
 * - Knowledge folders are built from the sets as `npm run eval` builds them, at two scales: the
 *   whole set (~1000 paragraphs) and slices of about 30 paragraphs (whole articles), the size of
 *   one long article. A fixed 20% of paragraphs is left out of each; their questions are the
 *   negatives ("the knowledge does not say"), SQuAD 2.0 style. The confidence also sees two more
 *   20% partitions (other hash salts), for more negatives, and each article alone as the
 *   knowledge (src/eval/conditions.ts), asked as published and cut short, and asked questions of
 *   other articles and sets (off-topic orphans): scored out of fold and reported, fitted on only
 *   if `--fit` says so.
 * - Ranker: a conditional logit over the first candidates in retrieval order, fitted to pick the
 *   question's paragraph among them (questions whose paragraph is not among them say nothing of
 *   the order). Confidence: the top citation after ranking, labelled "is the question's paragraph".
 * - The threshold is the lowest that abstains on 86.5% of the left-out questions of the whole sets
 *   and slices on held-apart folds
 *   (paragraphs split five ways by a hash of their id; each fold scored by a model fitted on the
 *   other four), then the model is refitted on all data.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  DEFAULT_MODEL_PATH,
  loadAnswerModel,
  logit,
  type AnswerModel,
  type Features,
  type LogisticModel,
} from '../src/answer/model.ts';
import { DEFAULT_SENTENCE_MODEL_PATH } from '../src/answer/choose.ts';
import { fitConditionalLogit, fitLogistic } from '../src/eval/logistic.ts';
import { askedRows, LEFT_OUT_SALTS, scenarios, SLICE_PARAGRAPHS } from './calibrate-scenarios.ts';
import {
  auc,
  balanced,
  chooseThreshold,
  chooseThresholds,
  DEFAULT_FIT_FAMILIES,
  DEFAULT_THRESHOLD_FAMILIES,
  expectedCalibrationError,
  FOLDS,
  isCandidateFeature,
  languageGroup,
  ORPHANS_ABSTAINED,
  RANKER_L2,
  rankerChoices,
  thresholdOfRow,
  type Row,
  type Scored,
} from './calibrate-fit.ts';
import { withLanguageTerms } from '../src/answer/confidence-features.ts';
import { BOOST, boostedConfidence, parseBoostSpec, scoreBoostedOutOfFold } from './calibrate-boost.ts';
import { readAssociations, tableFileFor, type Associations } from '../src/answer/associations.ts';
import { RANKING_ONLY_FEATURES } from '../src/answer/features.ts';
import { useCrossFittedUnitTables } from '../src/eval/answer-units.ts';
import { useSenseRarityOption } from '../src/search/sense-rarity.ts';

/**
 * `--associations DIR`: each set's engines get the learned wording fitted without it
 * (DIR/no-<set>.json, scripts/fit-associations.ts), for its candidate features out of fold.
 */
let associationsOf: ((set: string) => { table: Associations }) | undefined;

/** Features left out of both models (`--without a,b`): to measure what a feature adds. */
let withoutFeatures: string[] = [];

function featureNames(rows: readonly Row[]): string[] {
  return Object.keys(rows[0]!.features).filter((name) => !withoutFeatures.includes(name));
}

async function fitRanker(
  dataDir: string,
  rowsFile?: string,
  conditions = false,
): Promise<{ ranker: LogisticModel; rankerAlone: LogisticModel }> {
  console.error('pass 1: candidates in retrieval order');
  const first = await scenarios(dataDir, { model: {} }, 'left-out', conditions, associationsOf);
  const candidateRows = askedRows(first, 'candidates');
  if (rowsFile) writeFileSync(rowsFile, JSON.stringify(candidateRows));
  // Fitted to pick the right one among a question's candidates (a conditional logit), not to
  // score each alone: out of fold it cites the right paragraph more often (scripts/ranker-variants.ts).
  const choices = rankerChoices(candidateRows);
  const ranker = fitConditionalLogit(choices, featureNames(candidateRows), RANKER_L2);
  const picked = choices.filter((choice) => {
    const scores = choice.alternatives.map((features) => logit(ranker, features));
    return choice.labels[scores.indexOf(Math.max(...scores))] === 1;
  });
  console.error(
    `  ranker: ${candidateRows.length} candidates of ${choices.length} questions whose paragraph is among them; right one first for ${((100 * picked.length) / choices.length).toFixed(1)}% (in sample)`,
  );
  // What the confidence reads: each candidate alone, as the ranker was fitted before, and without
  // the ranking-only features (how a candidate stands out from the others, where its words meet):
  // with them the confidence withheld more right answers on one article alone and on short
  // questions (docs/evaluation.md, "Measured and not kept").
  const aloneFeatures = featureNames(candidateRows).filter((name) => !RANKING_ONLY_FEATURES.includes(name));
  const rankerAlone = fitLogistic(balanced(candidateRows), aloneFeatures);
  return { ranker, rankerAlone };
}

/** The model as JSON, two-space indented, each of the confidence's trees on one line. */
export function modelText(model: AnswerModel): string {
  const { trees } = model.confidence;
  const text = JSON.stringify(
    { ...model, confidence: { ...model.confidence, ...(trees && { trees: 'TREES' }) } },
    null,
    2,
  );
  if (!trees) return `${text}\n`;
  const lines = trees.map((tree) => `      ${JSON.stringify(tree)}`).join(',\n');
  return `${text.replace('"trees": "TREES"', () => `"trees": [\n${lines}\n    ]`)}\n`;
}

async function main(): Promise<void> {
  const options = {
    help: { type: 'boolean', short: 'h', default: false },
    data: { type: 'string', default: '../shared/eval' },
    out: { type: 'string', default: DEFAULT_MODEL_PATH },
    without: { type: 'string', default: '' },
    partitions: { type: 'string', default: String(LEFT_OUT_SALTS.length) },
    /** Writes the confidence model's rows (features, label, fold) for scripts/confidence-variants.ts. */
    rows: { type: 'string' },
    /** Keeps the ranker of this model file and fits only the confidence (on top of that ranker). */
    'ranker-from': { type: 'string' },
    'from-rows': { type: 'string' },
    /** Writes the ranker's rows (every candidate, by question) for scripts/ranker-variants.ts. */
    'candidate-rows': { type: 'string' },
    /** The ranker is also fitted on each article alone, asked as published and cut short. */
    'ranker-conditions': { type: 'boolean', default: false },
    /**
     * Which families (set × knowledge scale × question kind) the confidence is fitted on, as a
     * pattern; every family is scored out of fold and reported either way.
     */
    fit: { type: 'string', default: DEFAULT_FIT_FAMILIES },
    'threshold-on': { type: 'string', default: DEFAULT_THRESHOLD_FAMILIES },
    /**
     * "language": a threshold for English and one for Chinese questions; "script": English,
     * simplified and traditional (decide.ts thresholdGroup); "chinese-script": simplified and
     * traditional, English held to the pooled one; "none": one (kept).
     */
    'threshold-by': { type: 'string', default: 'none' },
    /** Also fits the candidate features (calibrate-fit.ts CANDIDATE_FEATURES, english*x). */
    candidates: { type: 'boolean', default: false },
    /** Also fits these candidate features only (comma separated), e.g. windowCoverage,specificOverRival. */
    with: { type: 'string', default: '' },
    /**
     * The unknown-name rule as a fixed logit offset inside the fit (served as such by decide.ts)
     * instead of decide.ts's factor after it; e.g. -3.
     */
    'unknown-name-offset': { type: 'string', default: '' },
    /** The share of orphans (out of fold) the threshold abstains on, per group. */
    abstain: { type: 'string', default: String(ORPHANS_ABSTAINED) },
    associations: { type: 'string' },
    /** "cross-fitted" (kept): each question reads the unit table learned without its article; "served": data/answer-units.json. */
    'unit-table': { type: 'string', default: 'cross-fitted' },
    /** How English questions' words weigh through their senses: rarest (served), mean, any (search/sense-rarity.ts). */
    'sense-rarity': { type: 'string' },
    /**
     * Boosted trees on the confidence's logistic logit (conf7, measured, not served): "none" (the
     * logistic alone, served), "best" (calibrate-boost.ts BOOST) or "trees,depth,rate,minLeaf,l2".
     */
    boost: { type: 'string', default: 'none' },
  } as const;
  let parsed;
  try {
    parsed = parseArgs({ options });
  } catch (error) {
    console.error(`${(error as Error).message}; npm run calibrate -- --help lists the options`);
    process.exitCode = 2;
    return;
  }
  const { values } = parsed;
  useSenseRarityOption(values['sense-rarity']);
  if (values.help) {
    // The options and their defaults; what each does is in docs/contracts.md ("npm run calibrate").
    const list = Object.entries(options)
      .filter(([name]) => name !== 'help')
      .map(
        ([name, o]) =>
          `  --${name}${o.type === 'string' ? ` <${'default' in o && o.default !== '' ? o.default : 'value'}>` : ''}`,
      );
    console.log(['usage: npm run calibrate -- [options]', ...list].join('\n'));
    return;
  }
  withoutFeatures = values.without.split(',').filter(Boolean);
  const tablesDir = values.associations;
  const tables = new Map<string, Associations>();
  if (tablesDir)
    associationsOf = (set) => {
      const file = tableFileFor(tablesDir, set.replace('-en', '-zh'));
      if (!tables.has(file)) tables.set(file, readAssociations(file));
      return { table: tables.get(file)! };
    };
  // The unit table is learned from these sets' gold answers: a question's row must not read its own.
  if (values['unit-table'] === 'cross-fitted') await useCrossFittedUnitTables(values.data);
  const started = performance.now();
  const sentenceModelHash = createHash('sha256')
    .update(readFileSync(DEFAULT_SENTENCE_MODEL_PATH))
    .digest('hex');
  const { ranker, rankerAlone } = values['ranker-from']
    ? loadAnswerModel(values['ranker-from'])
    : await fitRanker(values.data, values['candidate-rows'], values['ranker-conditions']);

  // More partitions give the confidence more orphans to learn from, each question once per
  // partition; folds stay by paragraph, so a fold's paragraphs are held apart in every partition.
  // --from-rows: the rows an earlier run wrote with --rows (same code and ranker), to refit fast.
  // Rows written before the English-only terms existed get them here (the same products).
  const topRows: Row[] = values['from-rows']
    ? (JSON.parse(readFileSync(values['from-rows'], 'utf8')) as Row[]).map((row) => ({
        ...row,
        features: withLanguageTerms(row.features),
      }))
    : [];
  for (const salt of values['from-rows'] ? [] : LEFT_OUT_SALTS.slice(0, Number(values.partitions))) {
    console.error(`pass 2: the top citation after ranking (partition ${salt})`);
    topRows.push(
      ...askedRows(
        await scenarios(values.data, { model: { ranker, rankerAlone } }, salt, true, associationsOf),
        'top',
        salt,
      ),
    );
  }
  if (values.rows) writeFileSync(values.rows, JSON.stringify(topRows));
  const added = values.with.split(',').filter(Boolean);
  const names = featureNames(topRows).filter(
    (name) => values.candidates || added.includes(name) || !isCandidateFeature(name),
  );
  const fitted = new RegExp(values.fit);
  const fitRows = topRows.filter((r) => fitted.test(r.family));
  const offset = values['unknown-name-offset'] === '' ? undefined : Number(values['unknown-name-offset']);
  const offsetOf = (row: Row): number => (offset ?? 0) * (row.features.unknownName ?? 0);
  const boost =
    values.boost === 'none' ? undefined : values.boost === 'best' ? BOOST : parseBoostSpec(values.boost);
  const { scored: allScored, calibration } = scoreBoostedOutOfFold(
    topRows,
    names,
    (row) => fitted.test(row.family),
    boost,
    offsetOf,
  );
  // The fit's figures over the families fitted on, the threshold over the orphans of those it was
  // always chosen on; the report covers every family.
  const outOfFold = allScored.filter((s) => fitted.test(s.row.family));
  const thresholdOn = new RegExp(values['threshold-on']);
  const thresholdRows = allScored.filter((s) => thresholdOn.test(s.row.family));
  const floor = Number(values.abstain);
  const { threshold, j } = chooseThreshold(thresholdRows, floor);
  const thresholds =
    values['threshold-by'] === 'script'
      ? chooseThresholds(thresholdRows, floor)
      : values['threshold-by'] === 'chinese-script'
        ? chooseThresholds(
            thresholdRows.filter((s) => s.row.features.english !== 1),
            floor,
          )
        : values['threshold-by'] === 'language'
          ? chooseThresholds(thresholdRows, floor, languageGroup)
          : undefined;
  const held = (s: Scored): number => thresholdOfRow(s.row, threshold, thresholds);
  for (let t = 0.3; t < 0.91; t += 0.05) {
    const answerable = outOfFold.filter((s) => s.row.answerable);
    const orphans = outOfFold.filter((s) => !s.row.answerable);
    console.error(
      `  at ${t.toFixed(2)}: answerable answered ${((100 * answerable.filter((s) => s.p >= t).length) / answerable.length).toFixed(1)}%, right and answered ${((100 * answerable.filter((s) => s.label && s.p >= t).length) / answerable.length).toFixed(1)}%, orphans abstained ${((100 * orphans.filter((s) => s.p < t).length) / orphans.length).toFixed(1)}%`,
    );
  }
  const treesAlsoOn = boost?.treesAlsoOn ? new RegExp(boost.treesAlsoOn) : undefined;
  const { logistic: confidence, trees } = boostedConfidence(
    topRows.filter((row) => fitted.test(row.family) || treesAlsoOn?.test(row.family)),
    names,
    boost,
    offsetOf,
    (row) => fitted.test(row.family),
  );

  const families = [...new Set(topRows.map((r) => r.family))];
  const report = families.map((family) => {
    const rows = allScored.filter((s) => s.row.family === family);
    const answerable = rows.filter((s) => s.row.answerable);
    const orphans = rows.filter((s) => !s.row.answerable);
    const share = (items: typeof rows, test: (s: (typeof rows)[number]) => boolean): number =>
      Math.round((1000 * items.filter(test).length) / Math.max(1, items.length)) / 10;
    return {
      family,
      questions: rows.length,
      rightAtTop: share(answerable, (s) => s.label === 1),
      answered: share(answerable, (s) => s.p >= held(s)),
      answeredRight: share(answerable, (s) => s.label === 1 && s.p >= held(s)),
      rightWithheld: share(
        answerable.filter((s) => s.label === 1),
        (s) => s.p < held(s),
      ),
      orphansAbstained: share(orphans, (s) => s.p < held(s)),
    };
  });
  const model: AnswerModel = {
    ranker,
    ...(rankerAlone && { rankerAlone }),
    confidence: {
      ...confidence,
      threshold,
      ...(thresholds && { thresholds }),
      ...(offset !== undefined && { unknownNameOffset: offset }),
      ...(boost && { trees, calibration }),
    },
    fit: {
      by: 'npm run calibrate (scripts/calibrate.ts)',
      // What its span features read: tests check it is the committed sentence model (npm run fit).
      sentenceModelSha256: sentenceModelHash,
      data: 'CMRC 2018 dev, DRCD dev, XQuAD dev (zh; en questions over zh passages); 20% of paragraphs left out',
      ranker: values['ranker-from'] ? `kept from ${path.basename(values['ranker-from'])}` : 'fitted',
      confidencePartitions: LEFT_OUT_SALTS.slice(0, Number(values.partitions)),
      scales: `whole sets and slices of ~${SLICE_PARAGRAPHS} paragraphs (each article alone: scored)`,
      confidenceFittedOn: values.fit,
      thresholdOn: values['threshold-on'],
      thresholdBy: values['threshold-by'],
      orphansAbstained: floor,
      ...(boost && { confidenceTrees: boost }),
      folds: FOLDS,
      outOfFoldAuc: Math.round(1000 * auc(outOfFold)) / 1000,
      outOfFoldCalibrationError: Math.round(1000 * expectedCalibrationError(outOfFold)) / 1000,
      outOfFoldYoudenJ: Math.round(1000 * j) / 1000,
      outOfFold: report,
    },
  };
  writeFileSync(values.out, modelText(model));
  console.table(report);
  console.error(
    `threshold ${threshold}${thresholds ? ` (by language: ${JSON.stringify(thresholds)})` : ''} (J ${j.toFixed(3)}, out-of-fold AUC ${auc(outOfFold).toFixed(3)}); wrote ${values.out} in ${((performance.now() - started) / 1000).toFixed(0)} s`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
