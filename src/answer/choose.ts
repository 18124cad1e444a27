/**
 * Choosing the answer within a passage: the span (sentence, or run of clauses of a long one) the
 * sentence model rates most likely to hold the answer, plus a neighbouring sentence when the model
 * is unsure. The model is a logistic regression over the features of spans.ts, fitted on the
 * public dev sets by `npm run fit-sentences` (scripts/fit-sentences.ts) into
 * data/sentence-model.json.
 */
import { readFileSync } from 'node:fs';
import { dataFile } from '../search/data-files.ts';
import { normalizeText } from '../search/normalize.ts';
import type { Query } from '../search/query.ts';
import { logit, type Features, type LogisticModel } from './model.ts';
import { tokenizedSentences } from './clauses.ts';
import { SPAN_FEATURES, TRADITIONAL_PRODUCTS, type Span, type SpanTable } from './span-table.ts';
import { isEnglishQuestion, spanTable } from './spans.ts';

/** Names a chosen answer's `spans` (diagnosis). */
export { namedSpans } from './span-table.ts';

export interface SentenceModel {
  /** A conditional logit over a passage's spans: softmax of this score is the chance each answers. */
  span: LogisticModel;
  /**
   * A neighbouring sentence comes along when its probability of holding the answer is at least
   * this per character it adds (the fitted price of length)…
   */
  extendPerChar: number;
  /**
   * The same price for a question asked in English (its answer is the Chinese passage's, and the
   * model is less sure of it); extendPerChar when not given.
   */
  extendPerCharEnglish?: number;
  /**
   * The same price for a question written in traditional characters: its passages' sentences are
   * shorter, so one Chinese price left their answers well within the length budget the simplified
   * sets spend. extendPerChar when not given.
   */
  extendPerCharTraditional?: number;
  /** …and the sentences together are at most this long. */
  extendMaxChars: number;
  /**
   * How many sentences the answer may grow by at once on one side: 2 reaches a likely sentence
   * two away, with the one between, when the two together are worth their characters. 1 when not
   * given.
   */
  extendDepth?: number;
  /** A sentence too short to stand alone takes its likelier neighbour (else the next one). */
  shortTakesLikelier: boolean;
  /** How the model was fitted: data, folds, figures. Informational. */
  fit?: unknown;
}

export interface AnswerOptions {
  /** A sentence longer than this is narrowed to its best clauses (verbatim, contiguous). */
  maxAnswerChars: number;
  /** A chosen sentence shorter than this takes the next sentence along, for context. */
  minAnswerChars: number;
  /** The fitted sentence model; data/sentence-model.json when not given. */
  model?: SentenceModel;
}

/** What pickSpan needs to know of the question beyond the spans' scores. */
export interface PickOptions extends AnswerOptions {
  model: SentenceModel;
  /** Whether the question is asked in English (isEnglishQuestion): its own neighbour price. */
  english?: boolean;
  /** Whether it is written in traditional characters (Query.traditional): its own price too. */
  traditional?: boolean;
}

export const DEFAULT_SENTENCE_MODEL_PATH = dataFile('sentence-model.json');

export function loadSentenceModel(file = DEFAULT_SENTENCE_MODEL_PATH): SentenceModel {
  return JSON.parse(readFileSync(file, 'utf8')) as SentenceModel;
}

let defaultModel: SentenceModel | undefined;

/** The committed model, read on first use. */
export function defaultSentenceModel(): SentenceModel {
  defaultModel ??= loadSentenceModel();
  return defaultModel;
}

export const DEFAULT_ANSWER_OPTIONS: AnswerOptions = { maxAnswerChars: 150, minAnswerChars: 40 };

export interface ChosenAnswer {
  /** The answer shown: the chosen span, with a neighbouring sentence when one was taken along. */
  text: string;
  /**
   * The span the model chose, without the neighbour: what the answer models judge, so the context
   * taken along when unsure does not change how sure the engine is of the passage.
   */
  span: string;
  /** Query words the answer contains, normalized, for bolding. */
  matchedWords: string[];
  /** Share of the question's importance the answer itself covers. */
  coverage: number;
  /**
   * Every candidate span with the sentence model's features (diagnosis, `npm run
   * fit-sentences`: `namedSpans` names them).
   */
  spans: SpanTable;
  /**
   * The sentence model's raw score of the chosen span, and of the best span of another sentence:
   * how sure it is that the passage says this at all, which the softmax share hides (confidence).
   */
  spanLogit: number;
  rivalSpanLogit?: number;
}

/** The sentence model's raw score of each span; the softmax of these is scoreSpans. */
export function spanLogits(spans: ReadonlyArray<{ features: Features }>, model: SentenceModel): number[] {
  return spans.map((span) => logit(model.span, span.features));
}

/** Each span's probability of being the one that answers, among the passage's spans (softmax). */
export function scoreSpans(spans: ReadonlyArray<{ features: Features }>, model: SentenceModel): number[] {
  return softmax(spanLogits(spans, model));
}

/**
 * Each model feature's column in a span table's rows (-1: not a span feature, read as 0), and
 * for a traditional product (span-table.ts `TRADITIONAL_PRODUCTS`) its second factor's column.
 */
interface ModelColumns {
  first: Int32Array;
  second: Int32Array;
  /** A product's term when it is 0 (any question not in traditional characters): the same every span. */
  zeroTerm: Float64Array;
}

const modelColumns = new WeakMap<LogisticModel, ModelColumns>();

function columnsOf(model: LogisticModel): ModelColumns {
  let columns = modelColumns.get(model);
  if (!columns) {
    const names: readonly string[] = SPAN_FEATURES;
    const products = new Map(TRADITIONAL_PRODUCTS.map(([name, a, b]) => [name, [a, b]]));
    const first = Int32Array.from(model.features, (name) => names.indexOf(products.get(name)?.[0] ?? name));
    const second = Int32Array.from(model.features, (name) =>
      products.has(name) ? names.indexOf(products.get(name)![1]!) : -1,
    );
    const { weights, mean, scale } = model;
    const zeroTerm = Float64Array.from(model.features, (_, f) => (weights[f]! * (0 - mean[f]!)) / scale[f]!);
    modelColumns.set(model, (columns = { first, second, zeroTerm }));
  }
  return columns;
}

/**
 * spanLogits read from the table's rows: the same sums in the same order as `logit` over the
 * named features (with `withTraditionalProducts`), so the same numbers, without an object per span.
 */
export function tableLogits(table: SpanTable, model: SentenceModel, traditional = false): number[] {
  const { bias, weights, mean, scale } = model.span;
  const { first, second, zeroTerm } = columnsOf(model.span);
  const width = SPAN_FEATURES.length;
  // Plain loops rather than a map callback: the sums are the same, but the callback's running sum
  // was boxed at every step (~29 kB allocated a question, a twelfth of all).
  const logits = new Array<number>(table.spans.length);
  for (let i = 0; i < logits.length; i++) {
    let z = bias;
    for (let f = 0; f < first.length; f++) {
      const column = first[f]!;
      const other = second[f]!;
      // A product (second column) counts only for a traditional question, else its term is the
      // one for 0, worked out once (66 of the 93 terms); a plain feature the table lacks (column
      // -1) reads as 0.
      if (other >= 0 && !traditional) {
        z += zeroTerm[f]!;
        continue;
      }
      let value = 0;
      if (other >= 0) value = table.values[i * width + column]! * table.values[i * width + other]!;
      else if (column >= 0) value = table.values[i * width + column]!;
      z += (weights[f]! * (value - mean[f]!)) / scale[f]!;
    }
    logits[i] = z;
  }
  return logits;
}

function softmax(z: readonly number[]): number[] {
  // Plain loops: the same sums in the same order as Math.max(...z), map and reduce.
  let top = -Infinity;
  for (const v of z) top = Math.max(top, v);
  const e = new Array<number>(z.length);
  let sum = 0;
  for (let i = 0; i < z.length; i++) sum += e[i] = Math.exp(z[i]! - top);
  for (let i = 0; i < z.length; i++) e[i] = e[i]! / sum;
  return e;
}

export interface SpanChoice {
  best: number;
  /** The neighbouring sentences taken along (the one before, after, or both), if any. */
  neighbours: number[];
}

/**
 * Openings of a sentence that refer to the one before: pronouns, demonstratives, "the same year",
 * connectives that continue it, and a copula with no subject. Normalized (simplified) text; the
 * converter keeps 牠 (an animal's "it").
 */
const REFERS_BACK = /^(?:它|牠|他|她|其|该|此|这|同年|同时|此外|后来|于是|因此|并|而|但|是|为)/u;

/**
 * The best span, and which neighbouring sentences to add. Taking sentences along adds their
 * probability of holding the answer and their length to the answer: the answer grows, one side
 * at a time, by the sentence (or, up to `extendDepth`, the sentences up to one further away) whose
 * probability per character added is highest and at least `extendPerChar` (the rate fitted to keep
 * answers short), and the whole stays within `extendMaxChars`. A sentence that points back takes
 * the one before; one too short to stand alone takes its likelier neighbour.
 */
export function pickSpan(
  spans: readonly Span[],
  scores: readonly number[],
  sentences: readonly string[],
  options: PickOptions,
): SpanChoice {
  let best = 0;
  scores.forEach((score, i) => {
    // Among equals the longer span, which more often holds the answer itself.
    const tie = Math.abs(score - scores[best]!) < 1e-9;
    if (score > scores[best]! + 1e-9 || (tie && spans[i]!.text.length > spans[best]!.text.length)) best = i;
  });
  const span = spans[best]!;
  if (!span.whole) return { best, neighbours: [] };
  const { model } = options;
  const perChar = options.english
    ? (model.extendPerCharEnglish ?? model.extendPerChar)
    : options.traditional
      ? (model.extendPerCharTraditional ?? model.extendPerChar)
      : model.extendPerChar;
  const length = (sentence: number): number => sentences[sentence]!.trim().length;
  const wholeScore = (sentence: number): number => {
    const i = spans.findIndex((other) => other.whole && other.sentence === sentence);
    return i < 0 ? -Infinity : scores[i]!;
  };
  // The answer is the run of sentences [first, last].
  let first = span.sentence;
  let last = span.sentence;
  let chars = length(span.sentence);
  const extend = (sentence: number): void => {
    first = Math.min(first, sentence);
    last = Math.max(last, sentence);
    chars += length(sentence);
  };
  const previous = span.sentence > 0 ? span.sentence - 1 : undefined;
  const next = span.sentence + 1 < sentences.length ? span.sentence + 1 : undefined;
  // A sentence that opens by pointing back ("它们在建造水坝时…", "同年…", "是欧洲唯一…") names
  // what it is about in the one before, which is then most often what was asked.
  if (
    previous !== undefined &&
    REFERS_BACK.test(normalizeText(sentences[span.sentence]!.trim().slice(0, 4))) &&
    chars + length(previous) <= model.extendMaxChars
  )
    extend(previous);
  if (chars < options.minAnswerChars && first === last) {
    const likelierFirst = [previous, next]
      .filter((n): n is number => n !== undefined)
      .sort((a, b) => wholeScore(b) - wholeScore(a));
    const short = model.shortTakesLikelier ? likelierFirst[0] : (next ?? previous);
    if (short !== undefined) extend(short);
  }
  const depth = model.extendDepth ?? 1;
  for (;;) {
    let grow: { from: number; to: number; rate: number } | undefined;
    for (let d = 1; d <= depth; d++)
      for (const [from, to] of [
        [first - d, first - 1],
        [last + 1, last + d],
      ] as const) {
        if (from < 0 || to >= sentences.length) continue;
        let probability = 0;
        let added = 0;
        for (let s = from; s <= to; s++) {
          probability += wholeScore(s);
          added += length(s);
        }
        if (chars + added > model.extendMaxChars || probability < perChar * added) continue;
        const rate = probability / Math.max(1, added);
        if (!grow || rate > grow.rate) grow = { from, to, rate };
      }
    if (!grow) break;
    for (let s = grow.from; s <= grow.to; s++) extend(s);
  }
  const neighbours: number[] = [];
  for (let s = first; s <= last; s++) if (s !== span.sentence) neighbours.push(s);
  return { best, neighbours };
}

/** The answer text of a choice, verbatim. */
export function choiceText(choice: SpanChoice, spans: readonly Span[], sentences: readonly string[]): string {
  const span = spans[choice.best]!;
  if (choice.neighbours.length === 0) return span.text.trim();
  const from = Math.min(span.sentence, ...choice.neighbours);
  const to = Math.max(span.sentence, ...choice.neighbours);
  return sentences
    .slice(from, to + 1)
    .join('')
    .trim();
}

/**
 * How far (in clauses) from a clause holding a question term a run of clauses of a long sentence
 * may lie and still be scored (spans.ts `reachedSpans`): 0, only runs holding such a clause. On
 * CMRC, DRCD and XQuAD zh dev every chosen run held one (docs/evaluation.md, speed12); it leaves
 * out 42% of CMRC's spans.
 */
export const SPAN_REACH = 0;

/** The raw score of a passage with no span to choose: below any span the model scores. */
const NO_SPAN_LOGIT = -10;

/** Picks the sentence (or two) of a passage that answers the query, verbatim. */
export function chooseAnswer(
  passage: string,
  query: Query,
  options: AnswerOptions = DEFAULT_ANSWER_OPTIONS,
  /** The article's title: words of the question that only name the subject count for less. */
  title = '',
): ChosenAnswer {
  const table = spanTable(passage, query, options.maxAnswerChars, title, SPAN_REACH);
  const { spans } = table;
  if (spans.length === 0)
    return {
      text: passage.trim(),
      span: passage.trim(),
      matchedWords: [],
      coverage: 0,
      spans: table,
      spanLogit: NO_SPAN_LOGIT,
    };
  const { sentences } = tokenizedSentences(passage);
  const model = options.model ?? defaultSentenceModel();
  const z = tableLogits(table, model, query.traditional);
  const english = isEnglishQuestion(query.normalized);
  const choice = pickSpan(spans, softmax(z), sentences, {
    ...options,
    model,
    english,
    traditional: query.traditional,
  });
  const best = spans[choice.best]!;
  let rival = -Infinity;
  for (let i = 0; i < z.length; i++) if (spans[i]!.sentence !== best.sentence) rival = Math.max(rival, z[i]!);
  return {
    spanLogit: z[choice.best]!,
    ...(rival !== -Infinity && { rivalSpanLogit: rival }),
    text: choiceText(choice, spans, sentences),
    span: best.text.trim(),
    matchedWords: best.matched,
    coverage: best.coverage,
    spans: table,
  };
}
