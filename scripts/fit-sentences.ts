/**
 * `npm run fit-sentences`: fits the sentence model (src/answer/choose.ts, features in
 * src/answer/spans.ts) on the public dev sets in ../shared/eval and writes data/sentence-model.json.
 * Nothing here reads the article's own questions; a question's spans read the unit table
 * learned without its article (src/eval/answer-units.ts), so no example holds its own answer's unit.
 * - Each set (CMRC, DRCD, XQuAD zh, XQuAD's English questions over its Chinese paragraphs) is one
 *   knowledge folder, as `npm run eval` builds it. A question whose passage retrieval puts first
 *   (not the ranker: so this fit reads no fitted model, and one pass of it and then calibrate,
 *   which reads it, is a fixed point) gives one example per candidate span of that passage,
 *   labelled "holds a gold answer". Each question counts alike, each set alike.
 * - Paragraphs are split five ways by a hash of their id; each fold is scored by a model fitted on
 *   the other four. On those out-of-fold scores the script reports how often the chosen span holds
 *   the answer, and picks the neighbour rule (how much probability of holding the answer a
 *   neighbouring sentence must bring per character it adds, up to how many characters in all,
 *   and which neighbour a sentence too short to stand alone takes) that holds the most answers
 *   while every set's mean answer stays within MEAN_CHARS_BUDGET. Then the model is refitted on
 *   all of it.
 * `--collected FILE` keeps the collected spans (read back when it exists; delete it when features
 * change). `--products traditional` (default; `none`: linear) adds the pairwise products of twelve span
 * features for questions in traditional characters (span-table.ts `TRADITIONAL_PRODUCTS`; hit6).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  choiceText,
  DEFAULT_ANSWER_OPTIONS,
  DEFAULT_SENTENCE_MODEL_PATH,
  pickSpan,
  scoreSpans,
  type SentenceModel,
} from '../src/answer/choose.ts';
import type { LogisticModel } from '../src/answer/model.ts';
import { tokenizedSentences } from '../src/answer/clauses.ts';
import type { NamedSpan } from '../src/answer/span-table.ts';
import { answerSpans, isEnglishQuestion } from '../src/answer/spans.ts';
import { articleTopic } from '../src/search/titles.ts';
import { normalizeText, writesTraditional } from '../src/search/normalize.ts';
import { useSenseRarityOption } from '../src/search/sense-rarity.ts';
import { loadEngine } from '../src/engine.ts';
import type { Choice } from '../src/eval/logistic.ts';
import { addTraditionalProducts, fitSpanModel, TRADITIONAL_PRODUCT_NAMES } from '../src/eval/span-fit.ts';
import { FIT_SETS, readFitSet, stableHash, writeKnowledge } from '../src/eval/public-sets.ts';
import { useCrossFittedUnitTables } from '../src/eval/answer-units.ts';

const FOLDS = 5;
/** The mean answer length (characters) no set may exceed; the ceiling is 90. */
const MEAN_CHARS_BUDGET = 85;
/** The prices of length tried: probability a neighbouring sentence must bring per character. */
const EXTEND_PER_CHAR = [
  0, 0.0002, 0.0005, 0.0007, 0.001, 0.0015, 0.002, 0.003, 0.004, 0.005, 0.007, 0.01, 0.015, 0.02,
];
/**
 * How many sentences the answer may grow by at once on one side (choose.ts `extendDepth`): 2
 * reaches a likely sentence two away with the one between; the gold is as often two sentences
 * from the chosen one as next to it.
 */
const EXTEND_DEPTHS = [1, 2];
const foldOf = (paragraphId: string): number => stableHash(`fold:${paragraphId}`) % FOLDS;

interface Question {
  set: string;
  fold: number;
  question: string;
  passage: string;
  answers: string[];
  spans: NamedSpan[];
  labels: Array<0 | 1>;
}

const holds = (text: string, answers: readonly string[]): boolean =>
  answers.some((answer) => text.includes(answer));

async function collect(dataDir: string): Promise<Question[]> {
  const out: Question[] = [];
  for (const entry of FIT_SETS) {
    const [name] = entry;
    const { set, questions } = await readFitSet(dataDir, entry);
    const dir = await mkdtemp(path.join(tmpdir(), 'citebot-fit-sentences-'));
    try {
      await writeKnowledge(set.paragraphs, dir);
      // Retrieval's top, when it is the question's own passage: no fitted model ranks it, so this
      // fit reads none (the ranker's top as before made the two fits read each other).
      const engine = await loadEngine(dir, { model: {} });
      const articles = new Map(engine.articles.map((article) => [article.id, article]));
      for (const question of questions) {
        const passage = engine.search(question.question, { limit: 1 })[0];
        const article = articles.get(question.source);
        if (passage?.source !== question.source || !article || !holds(passage.text, question.answers))
          continue;
        const spans = answerSpans(
          passage.text,
          engine.query(question.question),
          DEFAULT_ANSWER_OPTIONS.maxAnswerChars,
          articleTopic(article),
        ).map((span) => ({
          ...span,
          matched: [],
          coverage: span.features.coverage ?? 0,
          weighted: span.features.weighted ?? 0,
        }));
        if (spans.length === 0) continue;
        out.push({
          set: name,
          fold: foldOf(question.source),
          question: question.question,
          passage: passage.text,
          answers: question.answers,
          spans,
          labels: spans.map((span) => (holds(span.text.trim(), question.answers) ? 1 : 0)),
        });
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    console.error(
      `  ${name}: ${out.filter((q) => q.set === name).length} questions whose passage retrieval puts first`,
    );
  }
  return out;
}

/** Questions whose passage has a span holding the answer; each set counts alike. */
function choices(questions: readonly Question[]): Choice[] {
  const fit = questions.filter((q) => q.labels.includes(1));
  const perSet = new Map<string, number>();
  for (const q of fit) perSet.set(q.set, (perSet.get(q.set) ?? 0) + 1);
  const mean = fit.length / perSet.size;
  return fit.map((q) => ({
    alternatives: q.spans.map((span) => span.features),
    labels: q.labels,
    weight: mean / perSet.get(q.set)!,
  }));
}

interface Scored {
  question: Question;
  scores: number[];
}

interface Outcome {
  hit: number;
  chars: number;
}

/** Share of questions whose answer holds a gold answer, and mean answer length, per set. */
function simulate(scored: readonly Scored[], choose: (s: Scored) => string): Map<string, Outcome> {
  const totals = new Map<string, { n: number; hits: number; chars: number }>();
  for (const s of scored) {
    const text = choose(s);
    const t = totals.get(s.question.set) ?? { n: 0, hits: 0, chars: 0 };
    t.n++;
    if (holds(text, s.question.answers)) t.hits++;
    t.chars += text.length;
    totals.set(s.question.set, t);
  }
  return new Map([...totals].map(([set, t]) => [set, { hit: t.hits / t.n, chars: t.chars / t.n }]));
}

/** A function of a string computed once per string. */
function memo<T>(compute: (key: string) => T): (key: string) => T {
  const values = new Map<string, T>();
  return (key) => {
    if (!values.has(key)) values.set(key, compute(key));
    return values.get(key)!;
  };
}

/** Each passage's sentences, split once: the passage cache holds less than every set at once. */
const sentencesOf = memo((passage) => tokenizedSentences(passage).sentences);
const english = memo((question) => isEnglishQuestion(normalizeText(question)));
const traditional = memo(writesTraditional);

function chosenText(s: Scored, model: SentenceModel): string {
  const sentences = sentencesOf(s.question.passage);
  const choice = pickSpan(s.question.spans, s.scores, sentences, {
    ...DEFAULT_ANSWER_OPTIONS,
    model,
    english: english(s.question.question),
    traditional: traditional(s.question.question),
  });
  return choiceText(choice, s.question.spans, sentences);
}

const mean = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0) / values.length;

function format(outcomes: Map<string, Outcome>): string {
  return [...outcomes]
    .map(([set, o]) => `${set} ${(100 * o.hit).toFixed(1)}% ${o.chars.toFixed(0)} ch`)
    .join(', ');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      data: { type: 'string', default: '../shared/eval' },
      out: { type: 'string', default: DEFAULT_SENTENCE_MODEL_PATH },
      misses: { type: 'string' },
      collected: { type: 'string' },
      budget: { type: 'string', default: String(MEAN_CHARS_BUDGET) },
      frontier: { type: 'boolean', default: false },
      'span-from': { type: 'string' },
      products: { type: 'string', default: 'traditional' },
      'sense-rarity': { type: 'string' },
    },
  });
  useSenseRarityOption(values['sense-rarity']);
  await useCrossFittedUnitTables(values.data!);
  const started = performance.now();
  const budget = Number(values.budget);
  let questions: Question[];
  if (values.collected && existsSync(values.collected)) {
    questions = JSON.parse(readFileSync(values.collected, 'utf8')) as Question[];
  } else {
    console.error('collecting the spans of each question’s own passage');
    questions = await collect(values.data);
    if (values.collected) writeFileSync(values.collected, JSON.stringify(questions));
  }
  for (const question of questions) addTraditionalProducts(question.spans, traditional(question.question));
  const names = Object.keys(questions[0]!.spans[0]!.features).filter(
    (name) => !TRADITIONAL_PRODUCT_NAMES.has(name),
  );
  const products = values.products === 'traditional';
  const warm: { weights?: number[] } = {};

  const noExtension: SentenceModel = {
    span: {} as LogisticModel,
    extendPerChar: Infinity,
    extendMaxChars: 0,
    shortTakesLikelier: false,
  };
  const outOfFold: Scored[] = [];
  // Each fold starts from the previous fold's weights: a few Newton steps instead of a dozen.
  for (let fold = 0; fold < FOLDS; fold++) {
    const span = fitSpanModel(choices(questions.filter((q) => q.fold !== fold)), names, products, warm);
    console.error(`  fold ${fold} fitted at ${((performance.now() - started) / 1000).toFixed(0)} s`);
    for (const question of questions.filter((q) => q.fold === fold))
      outOfFold.push({ question, scores: scoreSpans(question.spans, { ...noExtension, span }) });
  }
  const byCoverage: Scored[] = questions.map((question) => ({
    question,
    scores: question.spans.map((span) => span.weighted),
  }));
  const oracle = simulate(byCoverage, (s) => {
    const i = s.question.labels.indexOf(1);
    return i < 0 ? '' : s.question.spans[i]!.text;
  });
  console.error(`  a single span could hold the answer: ${format(oracle)}`);
  console.error(
    `  most question words (old way, no neighbour rule): ${format(simulate(byCoverage, (s) => chosenText(s, noExtension)))}`,
  );
  console.error(
    `  fitted model, out of fold (no neighbour rule): ${format(simulate(outOfFold, (s) => chosenText(s, noExtension)))}`,
  );

  // Questions asked in English have their own price: the model is less sure of their sentence, so
  // one price for all spends the budget on them and leaves Chinese answers short. Each set asks in
  // one language: each price is searched over its own sets alone (as every pair, 13 times faster).
  const englishScored = outOfFold.filter((s) => english(s.question.question));
  const chineseScored = outOfFold.filter((s) => !english(s.question.question));
  const setsOf = (scored: readonly Scored[]): Set<string> => new Set(scored.map((s) => s.question.set));
  const englishSets = setsOf(englishScored);
  for (const set of setsOf(chineseScored))
    if (englishSets.has(set)) throw new Error(`${set} asks in both languages: search the prices together`);
  const setOrder = [...new Set(outOfFold.map((s) => s.question.set))];
  let best = { ...noExtension, hit: -1, outcomes: new Map<string, Outcome>() };
  for (const shortTakesLikelier of [false, true]) {
    for (const [extendDepth, extendMaxChars] of EXTEND_DEPTHS.flatMap((depth) =>
      [120, 150, 180, 220, 260].map((max) => [depth, max] as const),
    )) {
      // The lowest price of each language whose sets all stay within budget with the most hits.
      const cheapest = (scored: readonly Scored[]) => {
        let found: { price: number; hits: number; outcomes: Map<string, Outcome> } | undefined;
        for (const price of EXTEND_PER_CHAR) {
          const rule = {
            ...noExtension,
            extendPerChar: price,
            extendPerCharEnglish: price,
            extendMaxChars,
            extendDepth,
            shortTakesLikelier,
          };
          const outcomes = simulate(scored, (s) => chosenText(s, rule));
          if (values.frontier && shortTakesLikelier)
            console.error(
              `  frontier: up to ${extendMaxChars} ch, ${extendDepth} at once, p ≥ ${price}: ${format(outcomes)}`,
            );
          if ([...outcomes.values()].some((o) => o.chars > budget)) continue;
          const hits = [...outcomes.values()].reduce((sum, o) => sum + o.hit, 0);
          if (!found || hits > found.hits) found = { price, hits, outcomes };
        }
        return found;
      };
      const chinese = cheapest(chineseScored);
      const inEnglish = cheapest(englishScored);
      if (!chinese || !inEnglish) continue;
      const outcomes = new Map(
        setOrder.map((set) => [set, (chinese.outcomes.get(set) ?? inEnglish.outcomes.get(set))!]),
      );
      const hit = mean([...outcomes.values()].map((o) => o.hit));
      if (hit > best.hit)
        best = {
          ...noExtension,
          extendPerChar: chinese.price,
          extendPerCharEnglish: inEnglish.price,
          extendMaxChars,
          extendDepth,
          shortTakesLikelier,
          hit,
          outcomes,
        };
    }
  }
  // Then questions written in traditional characters get a price of their own, the rest kept:
  // their sentences are shorter, so the Chinese price leaves their answers short. Searched over
  // every Chinese question (a set may ask in both scripts), every set within budget.
  let traditionalBest = { price: best.extendPerChar, hits: -1, outcomes: best.outcomes };
  for (const price of EXTEND_PER_CHAR) {
    const rule = { ...best, extendPerCharTraditional: price };
    const outcomes = new Map([...best.outcomes, ...simulate(chineseScored, (s) => chosenText(s, rule))]);
    if ([...outcomes.values()].some((o) => o.chars > budget)) continue;
    const hits = [...outcomes.values()].reduce((sum, o) => sum + o.hit, 0);
    if (hits > traditionalBest.hits) traditionalBest = { price, hits, outcomes };
  }
  best = {
    ...best,
    extendPerCharTraditional: traditionalBest.price,
    outcomes: traditionalBest.outcomes,
    hit: mean([...traditionalBest.outcomes.values()].map((o) => o.hit)),
  };
  console.error(
    `  neighbour at p ≥ ${best.extendPerChar} a character (English questions ${best.extendPerCharEnglish}, traditional ${best.extendPerCharTraditional}), up to ${best.extendMaxChars} ch, ${best.extendDepth} sentence(s) at once, short sentence takes the ${best.shortTakesLikelier ? 'likelier' : 'next'} one, out of fold: ${format(best.outcomes)}`,
  );

  if (values.misses) {
    const misses = outOfFold
      .map((s) => ({ s, text: chosenText(s, best) }))
      .filter(({ s, text }) => !holds(text, s.question.answers))
      .map(({ s, text }) => ({
        set: s.question.set,
        question: s.question.question,
        answers: s.question.answers,
        chosen: text,
        right: s.question.spans.filter((_, i) => s.question.labels[i]).map((span) => span.text),
      }));
    writeFileSync(values.misses, misses.map((miss) => JSON.stringify(miss)).join('\n') + '\n');
  }

  // --span-from FILE keeps that model's span weights and refits only the neighbour rule, so the
  // spans chosen (and the answer models fitted over them) stay as they are.
  const span = values['span-from']
    ? (JSON.parse(readFileSync(values['span-from'], 'utf8')) as SentenceModel).span
    : fitSpanModel(choices(questions), names, products, warm);
  const model: SentenceModel = {
    span,
    extendPerChar: best.extendPerChar,
    extendPerCharEnglish: best.extendPerCharEnglish,
    extendPerCharTraditional: best.extendPerCharTraditional,
    extendMaxChars: best.extendMaxChars,
    extendDepth: best.extendDepth,
    shortTakesLikelier: best.shortTakesLikelier,
    fit: {
      by: 'npm run fit-sentences (scripts/fit-sentences.ts)',
      data: 'CMRC 2018 dev, DRCD dev, XQuAD dev (zh; en questions over zh passages): the spans of each question’s passage when retrieval (BM25 and title: reads no fitted model) puts it first',
      label: 'the span holds a gold answer',
      folds: FOLDS,
      meanCharsBudget: budget,
      outOfFold: Object.fromEntries(
        [...best.outcomes].map(([set, o]) => [
          set,
          {
            answerInSpan: Math.round(1000 * o.hit) / 10,
            oracle: Math.round(1000 * oracle.get(set)!.hit) / 10,
            meanChars: Math.round(o.chars),
          },
        ]),
      ),
    },
  };
  writeFileSync(values.out, `${JSON.stringify(model, null, 2)}\n`);
  console.error(`wrote ${values.out} in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
