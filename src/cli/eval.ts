/**
 * `npm run eval`: every evaluation set in one table (method: docs/contracts.md; history: docs/evaluation.md). The article's dev
 * questions come from eval/; the public sets from ../shared/eval (or --data DIR) when present.
 */
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_MODEL_PATH, loadAnswerModel, type AnswerModel } from '../answer/model.ts';
import { questionFrames } from '../answer/answer-unit.ts';
import { useCrossFittedUnitTables } from '../eval/answer-units.ts';
import { normalizeText } from '../search/normalize.ts';
import { useSenseRarityOption } from '../search/sense-rarity.ts';
import { crossScript, SCRIPT_CROSSED, type ScriptCrossed } from '../eval/script-crossed.ts';
import { createEngine, loadEngine, type Engine } from '../engine.ts';
import { scoreDev, type DevQuestion } from '../eval/datasets.ts';
import {
  askAll,
  isLeftOut,
  readSquad,
  scoreOutcomes,
  writeKnowledge,
  type EvalParagraph,
  type EvalSet,
  type Outcome,
  type SetScore,
} from '../eval/public-sets.ts';
import {
  articleAsOneFile,
  articleKnowledges,
  citingParagraphs,
  countFlips,
  cutShort,
  DISTRACTORS,
  drawDistractors,
  paragraphFiles,
  paragraphOfPassage,
} from '../eval/conditions.ts';
import {
  calibrationByLanguage,
  reliability,
  writeReliabilitySvg,
  type ReliabilityBin,
} from '../eval/reliability.ts';

interface Row extends Partial<SetScore> {
  set: string;
  note?: string;
}

const pct = (x: number | undefined): string =>
  x === undefined || Number.isNaN(x) ? '—' : `${(100 * x).toFixed(1)}%`;

function printTable(rows: readonly Row[]): void {
  const header = [
    'set',
    'questions',
    'R@1',
    'answer-hit',
    'answered',
    'answered+right',
    'abstained',
    'right withheld',
    'mean answer',
    'ms/q',
  ];
  const lines = rows.map((row) => [
    row.set,
    String(row.questions ?? ''),
    pct(row.recallAt1),
    pct(row.answerHit),
    pct(row.answered),
    pct(row.answeredRight),
    pct(row.abstained),
    pct(row.rightWithheld),
    row.meanAnswerChars === undefined ? '—' : `${row.meanAnswerChars.toFixed(1)} ch`,
    row.medianMs === undefined ? '—' : row.medianMs.toFixed(2),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((line) => line[i]!.length)));
  const format = (cells: string[]): string => cells.map((cell, i) => cell.padEnd(widths[i]!)).join('  ');
  console.log(format(header));
  for (const line of lines) console.log(format(line));
  for (const row of rows) if (row.note) console.log(`  ${row.set}: ${row.note}`);
}

/** The answer models every engine of the run uses (`--model FILE`, to compare two fits). */
let modelFile = DEFAULT_MODEL_PATH;
/** The question senses every engine uses (`--question-senses FILE`, to score a cross-fitted one). */
let questionSensesFile: string | undefined;
const engineOptions = (): { model: AnswerModel; questionSensesPath?: string } => ({
  model: loadAnswerModel(modelFile),
  questionSensesPath: questionSensesFile,
});
/** Which articles of a public set are asked about (`--articles FROM-TO`, indexes in the set): all by default. */
let askedArticle = (_article: number): boolean => true;
/** Which questions are asked (`--framed`: those asking an amount or a time, answer-unit.ts). */
let askedQuestion = (_question: string): boolean => true;

async function withKnowledge<T>(
  paragraphs: readonly EvalParagraph[],
  extra: string | undefined,
  run: (engine: Engine) => T,
): Promise<T> {
  const dir = await mkdtemp(path.join(tmpdir(), 'citebot-eval-'));
  try {
    await writeKnowledge(paragraphs, dir);
    if (extra) await cp(extra, dir, { recursive: true });
    return run(await loadEngine(dir, engineOptions()));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const USAGE = [
  'Usage: npm run eval [-- options]   every evaluation set in one table (method: docs/contracts.md; history: docs/evaluation.md)',
  'Options:',
  '  --sets a,b       only these rows (article, article+cmrc, cmrc, "cmrc 20% left out", drcd, xquad-zh, xquad-en, calibration,',
  '                   "cmrc per article 20% left out", "cmrc short per article 20% left out",',
  '                   "cmrc per article one file 20% left out", "cmrc per article + distractors 20% left out", … for each set;',
  '                   not by default: drcd-simplified, cmrc-traditional, question and passage in different scripts)',
  '  --distractors N  unrelated files beside each one-file article in the "+ distractors" rows (default 256)',
  '  --json           one JSON object instead of the table',
  '  --verbose        list the article questions missed',
  '  --model FILE     score another answer model (default data/answer-model.json)',
  "  --question-senses FILE   English questions' senses (off by default; data/en-zh-question-senses.tsv, a fold's)",
  '  --framed         ask only the public questions that ask an amount or a time (a framing of answer-unit.ts)',
  '  --unit-folds     each public question reads the unit table learned without its article (as npm run calibrate fits)',
  '  --articles A-B   ask only about the articles A to B of each public set (0-based; the knowledge stays whole)',
  "  --sense-rarity M  how an English question's word weighs through its senses: rarest, mean, any (search/sense-rarity.ts)",
  '  --plot FILE      where the reliability plot goes (default eval/reliability.svg)',
  '  --knowledge DIR, --dev FILE, --data DIR   the article, its dev questions, the public sets (../shared/eval)',
].join('\n');

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      knowledge: { type: 'string', default: 'knowledge' },
      dev: { type: 'string', default: 'eval/article-qa.dev.jsonl' },
      data: { type: 'string', default: '../shared/eval' },
      sets: { type: 'string' },
      json: { type: 'boolean', default: false },
      plot: { type: 'string', default: 'eval/reliability.svg' },
      verbose: { type: 'boolean', default: false },
      model: { type: 'string', default: DEFAULT_MODEL_PATH },
      'question-senses': { type: 'string' },
      'unit-folds': { type: 'boolean', default: false },
      framed: { type: 'boolean', default: false },
      articles: { type: 'string' },
      'sense-rarity': { type: 'string' },
      distractors: { type: 'string', default: String(DISTRACTORS) },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  modelFile = values.model;
  questionSensesFile = values['question-senses'];
  if (values.framed) askedQuestion = (question) => questionFrames(normalizeText(question)).length > 0;
  if (values['unit-folds']) await useCrossFittedUnitTables(values.data);
  useSenseRarityOption(values['sense-rarity']);
  if (values.articles) {
    const [from, to] = values.articles.split('-').map(Number);
    if (!Number.isInteger(from) || !Number.isInteger(to)) throw new Error('--articles FROM-TO, e.g. 0-11');
    askedArticle = (article) => article >= from! && article <= to!;
  }
  const wanted = values.sets?.split(',');
  const want = (name: string): boolean => !wanted || wanted.includes(name);
  const data = (file: string): string | undefined => {
    const full = path.join(values.data, file);
    return existsSync(full) ? full : undefined;
  };
  const rows: Row[] = [];
  const calibration: Outcome[] = [];

  const devQuestions = (await readFile(values.dev, 'utf8'))
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as DevQuestion);
  const devRow = (set: string, engine: Engine): Row => {
    const started = performance.now();
    const score = scoreDev(engine, devQuestions);
    const right = Object.values(score.byLang).reduce((sum, lang) => sum + lang.right, 0);
    if (values.verbose) for (const miss of score.misses) console.error(`  ${set} miss: ${miss}`);
    return {
      set,
      questions: devQuestions.length,
      answeredRight: right / score.answerable,
      abstained: score.abstained / score.unanswerable,
      meanAnswerChars: score.meanAnswerChars,
      medianMs: (performance.now() - started) / devQuestions.length,
      note: `right and answered ${right}/${score.answerable} (${Object.entries(score.byLang)
        .map(([lang, l]) => `${lang} ${l.right}/${l.total}`)
        .join(
          ', ',
        )}), key fact ${score.keyHits}/${score.answerable}, abstained ${score.abstained}/${score.unanswerable}`,
    };
  };
  if (want('article'))
    rows.push(devRow('article', await loadEngine(path.resolve(values.knowledge), engineOptions())));

  const cmrcFile = data('cmrc2018_dev.json');
  const cmrc = cmrcFile ? await readSquad(cmrcFile) : undefined;
  if (cmrc && want('article+cmrc'))
    rows.push(
      await withKnowledge(cmrc.paragraphs, path.resolve(values.knowledge), (engine) =>
        devRow('article+cmrc', engine),
      ),
    );

  // The other set's paragraphs, each its own file, are the unrelated knowledge beside an article:
  // DRCD beside CMRC's articles, CMRC beside the others'.
  const distractorCount = Number(values.distractors);
  const distractorsOf = async (name: string): Promise<EvalSet> => {
    const other = name === 'cmrc' ? data('drcd_dev.json') : cmrcFile;
    if (!other) return { paragraphs: [], questions: [] };
    const set = await readSquad(other);
    const paragraphs = drawDistractors(set.paragraphs, distractorCount);
    const drawn = new Set(paragraphs.map((p) => p.id));
    return { paragraphs, questions: set.questions.filter((q) => drawn.has(q.source)) };
  };

  const publicSet = async (
    name: string,
    file: string,
    questionsFile = file,
    convert = (set: EvalSet): EvalSet => set,
  ): Promise<void> => {
    const set = convert(await readSquad(file));
    const asked = new Set(set.paragraphs.filter((p) => askedArticle(p.article)).map((p) => p.id));
    const questions = (
      questionsFile === file ? set.questions : (await readSquad(questionsFile)).questions
    ).filter((q) => asked.has(q.source) && askedQuestion(q.question));
    if (want(name))
      rows.push({
        set: name,
        ...(await withKnowledge(set.paragraphs, undefined, (engine) =>
          scoreOutcomes(askAll(engine, questions)),
        )),
      });
    const leftOutName = `${name} 20% left out`;
    if (want(leftOutName) || want('calibration')) {
      const kept = set.paragraphs.filter((p) => !isLeftOut(p.id));
      const outcomes = await withKnowledge(kept, undefined, (engine) =>
        askAll(engine, questions, (source) => !isLeftOut(source)),
      );
      calibration.push(...outcomes);
      if (want(leftOutName)) rows.push({ set: leftOutName, ...scoreOutcomes(outcomes) });
    }
    // Each article alone as the knowledge (conditions.ts), 20% of it left out, its questions as
    // published and cut short: a member's case, one article and short questions.
    for (const short of [false, true]) {
      const perArticleName = `${name}${short ? ' short' : ''} per article 20% left out`;
      if (!want(perArticleName)) continue;
      const outcomes: Outcome[] = [];
      for (const article of articleKnowledges(set.paragraphs)) {
        if (!askedArticle(article[0]!.article)) continue;
        const kept = article.filter((p) => !isLeftOut(p.id));
        if (kept.length === 0) continue;
        const ids = new Set(article.map((p) => p.id));
        const about = questions.filter((q) => ids.has(q.source));
        const asked = short ? cutShort(about) : about;
        outcomes.push(
          ...(await withKnowledge(kept, undefined, (engine) =>
            askAll(engine, asked, (source) => !isLeftOut(source)),
          )),
        );
      }
      rows.push({ set: perArticleName, ...scoreOutcomes(outcomes) });
    }
    // The article's case: each article ONE file of many passages (like a member's article), 20%
    // of its paragraphs left out, asked alone and again with unrelated files beside it. A flip is
    // a question right and answered alone but not beside them: unrelated knowledge changed it.
    const oneFileName = `${name} per article one file 20% left out`;
    const besideName = `${name} per article + distractors 20% left out`;
    if (want(oneFileName) || want(besideName)) {
      const options = engineOptions();
      const other = await distractorsOf(name);
      const distractors = paragraphFiles(other.paragraphs);
      const alone: Outcome[] = [];
      const beside: Outcome[] = [];
      // The distractors' own questions, each asked beside one of the articles (the distractors
      // are dealt out in turn), and of the distractors alone: does an article take them over?
      const theirsBeside: Outcome[] = [];
      const articles = articleKnowledges(set.paragraphs);
      articles.forEach((paragraphs, a) => {
        if (!askedArticle(paragraphs[0]!.article)) return;
        const kept = paragraphs.filter((p) => !isLeftOut(p.id));
        if (kept.length === 0) return;
        const article = articleAsOneFile(`${name}-article-${a}`, kept);
        const paragraphOf = paragraphOfPassage(article, kept);
        const ids = new Set(paragraphs.map((p) => p.id));
        const about = questions.filter((q) => ids.has(q.source));
        const ask = (engine: Engine): Outcome[] =>
          citingParagraphs(
            askAll(engine, about, (source) => !isLeftOut(source)),
            paragraphOf,
          );
        alone.push(...ask(createEngine([article], [], options)));
        const engine = createEngine([...distractors, article], [], options);
        beside.push(...ask(engine));
        const dealt = new Set(other.paragraphs.filter((_, i) => i % articles.length === a).map((p) => p.id));
        theirsBeside.push(
          ...askAll(
            engine,
            other.questions.filter((q) => dealt.has(q.source)),
          ),
        );
      });
      const flips = countFlips(alone, beside);
      const bySource = (outcomes: Outcome[]): Outcome[] =>
        [...outcomes].sort((x, y) => x.question.id.localeCompare(y.question.id));
      const askedBeside = new Set(theirsBeside.map((o) => o.question.id));
      const theirsAlone = bySource(
        askAll(
          createEngine(distractors, [], options),
          other.questions.filter((q) => askedBeside.has(q.id)),
        ),
      );
      const taken = countFlips(theirsAlone, bySource(theirsBeside));
      if (want(oneFileName)) rows.push({ set: oneFileName, ...scoreOutcomes(alone) });
      if (want(besideName))
        rows.push({
          set: besideName,
          ...scoreOutcomes(beside),
          note:
            `${distractors.length} unrelated files beside: ${flips.lost} of ${flips.rightAlone} right and answered alone flipped (wrong or withheld), ${flips.gained} the other way; ` +
            `the unrelated files' own questions: ${taken.lost} of ${taken.rightAlone} right and answered without the article lost beside it, ${taken.gained} gained`,
        });
    }
  };
  if (cmrcFile) await publicSet('cmrc', cmrcFile);
  const drcd = data('drcd_dev.json');
  if (drcd) await publicSet('drcd', drcd);
  const xquadZh = data('xquad_dev.zh.json');
  if (xquadZh) await publicSet('xquad-zh', xquadZh);
  const xquadEn = data('xquad_dev.en.json');
  if (xquadZh && xquadEn) await publicSet('xquad-en', xquadZh, xquadEn);
  // Question and passage in different scripts (script-crossed.ts): only when named, ~40 s each.
  for (const [crossed, native] of Object.entries(SCRIPT_CROSSED) as Array<[ScriptCrossed, string]>) {
    const file = native === 'drcd' ? drcd : cmrcFile;
    if (file && wanted?.some((set) => set.startsWith(crossed)))
      await publicSet(crossed, file, file, (set) => crossScript(crossed, set));
  }

  let bins: ReliabilityBin[] = [];
  let calibrationError: number | undefined;
  if (calibration.length > 0) {
    ({ bins, calibrationError } = reliability(calibration));
    if (values.plot) await writeReliabilitySvg(bins, calibrationError, values.plot);
  }
  if (values.json) {
    console.log(
      JSON.stringify({
        rows,
        reliability: { bins, calibrationError, byLanguage: calibrationByLanguage(calibration) },
      }),
    );
    return;
  }
  printTable(rows);
  if (bins.length > 0) {
    console.log(
      `\nReliability over the left-out runs (${calibration.length} questions): does "confidence" mean "the top citation is right"?`,
    );
    console.log('confidence   questions  right');
    for (const bin of bins)
      console.log(
        `${bin.from.toFixed(1)}–${bin.to.toFixed(1)}      ${String(bin.count).padStart(9)}  ${pct(bin.right)} (mean confidence ${pct(bin.confidence)})`,
      );
    console.log(`expected calibration error: ${pct(calibrationError)}; plot: ${values.plot}`);
    const byLanguage = calibrationByLanguage(calibration)
      .map(
        ({ language, count, calibrationError }) =>
          `${language} ${pct(calibrationError)} (${count} questions)`,
      )
      .join(', ');
    console.log(`  by question language: ${byLanguage}`);
  }
}

main().catch((error: unknown) => {
  // A mistyped option is the user's to fix: say so in one line, with the usage, not a stack.
  const usageError = (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
  console.error(usageError ? `${(error as Error).message}\n${USAGE}` : error);
  process.exit(1);
});
