/**
 * Term necessity (Zhao & Callan): how likely a question word is to appear in the sentence that
 * answers it. Rarity alone says a rare word matters; but many rare words of a question only frame
 * it ("官方推文说…": where it was said) or are paraphrased by the passage, and a passage lacking
 * them is not the wrong one. A small logistic model over general features of the word (its rarity,
 * length, script, how it reached the index, where it stands from the question word, whether it is
 * the counted noun or follows 的; no per-word lines) is fitted on the public dev sets' (question,
 * answering sentence) pairs by scripts/fit-necessity.ts into data/term-necessity.json, and a word's
 * weight in finding the passage (BM25 and the coverage that orders the candidates, not what the
 * models read) is its importance × necessity^alpha (query.ts retrievalTerms, candidate.ts).
 */
import { readFileSync } from 'node:fs';
import { dataFile } from './data-files.ts';
import { logit, sigmoid, type Features, type LogisticModel } from '../answer/model.ts';
import type { QueryTerm } from './inverted-index.ts';
import type { QueryGroup } from './query.ts';

export interface NecessityModel extends LogisticModel {
  /** retrieval weight = importance × necessity^alpha; 0 serves nothing. */
  alpha: number;
  /**
   * A learned log-odds offset per word seen in at least 3 questions, shrunk toward the base rate
   * (the `wordPrior` feature; fitted cross-fold, so no fitted row reads its own label).
   */
  priors?: Record<string, number>;
  /** How it was fitted: data, folds, figures. Informational. */
  fit?: unknown;
}

/** Served when present. Not committed: measured and not kept (docs/evaluation.md, term8 and term9). */
export const DEFAULT_NECESSITY_PATH = dataFile('term-necessity.json');
/** The fit as measured (alpha 0), written by `npm run fit-necessity`; read by its test, never served. */
export const MEASURED_NECESSITY_PATH = dataFile('term-necessity.measured.json');

let loaded: NecessityModel | null | undefined;

/** The served model, read once; none when the file is absent (importance is then rarity). */
export function defaultNecessityModel(file = DEFAULT_NECESSITY_PATH): NecessityModel | undefined {
  if (file !== DEFAULT_NECESSITY_PATH) return JSON.parse(readFileSync(file, 'utf8')) as NecessityModel;
  if (loaded === undefined) {
    try {
      loaded = JSON.parse(readFileSync(DEFAULT_NECESSITY_PATH, 'utf8')) as NecessityModel;
    } catch {
      loaded = null;
    }
  }
  return loaded ?? undefined;
}

/** The first question word (谁, 什么, 多少, 几, 哪…, who, what…): where the asked part of a question is. */
const QUESTION_WORD =
  /谁|什么|多少|几|哪|何|怎么|怎样|如何|为什么|吗|是否|\b(?:who|whom|whose|what|when|where|which|why|how)\b/;
/** "多少个 X", "几位 X", "how many X": X is the counted noun, which the answer counts. */
const COUNTING = /(?:多少|几)[^\s\p{Script=Han}]*\p{Script=Han}?\s*$|\bhow (?:many|much)\s+$/u;

const SOURCES = ['typo', 'translation'] as const;

/** The question as the words were read from it, for their positions. */
export interface NecessityContext {
  normalized: string;
  /** idf of a term no passage has: rarity is a share of it. */
  unknownIdf: number;
  /** Whether the knowledge has a term. */
  has(term: string): boolean;
}

/** General features of one question word; none names a word. */
export function necessityFeatures(
  group: QueryGroup,
  position: number,
  groups: readonly QueryGroup[],
  context: NecessityContext,
  priors?: Record<string, number>,
): Features {
  const { normalized } = context;
  const rarity = Math.min(1, (group.rarity ?? group.importance) / context.unknownIdf);
  const chars = Array.from(group.word);
  const han = /\p{Script=Han}/u.test(group.word) ? 1 : 0;
  const digit = /\d/.test(group.word) ? 1 : 0;
  const asked = normalized.search(QUESTION_WORD);
  const at = normalized.indexOf(group.word);
  const found = at >= 0 && asked >= 0;
  const gap = found ? (at < asked ? asked - (at + group.word.length) : at - asked) : 0;
  const before = at >= 0 ? normalized.slice(Math.max(0, at - 8), at) : '';
  const after = at >= 0 ? normalized.slice(at + group.word.length, at + group.word.length + 2) : '';
  const features: Features = {
    rarity,
    raritySquared: rarity * rarity,
    han,
    latin: !han && !digit ? 1 : 0,
    digit,
    oneChar: han && chars.length === 1 ? 1 : 0,
    twoChars: han && chars.length === 2 ? 1 : 0,
    longWord: Math.min(6, chars.length) / 6,
    kind: group.answerType === 'kind' ? 1 : 0,
    attribute: group.answerType === 'attribute' ? 1 : 0,
    noQuestionWord: asked < 0 ? 1 : 0,
    beforeQuestionWord: found && at < asked ? 1 : 0,
    afterQuestionWord: found && at > asked ? 1 : 0,
    nextToQuestionWord: found && gap <= 1 ? 1 : 0,
    questionWordDistance: found ? Math.min(10, gap) / 10 : 0,
    counted: COUNTING.test(before) ? 1 : 0,
    followsDe: /的\s*$/.test(before) ? 1 : 0,
    precedesDe: /^\s*的/.test(after) ? 1 : 0,
    firstWord: position === 0 ? 1 : 0,
    lastWord: position === groups.length - 1 ? 1 : 0,
    // The knowledge holds its characters (bigrams) but never the word whole: worded otherwise.
    onlyCharacters: han && chars.length > 2 && !context.has(group.word) ? 1 : 0,
    englishQuestion: /\p{Script=Han}/u.test(normalized) ? 0 : 1,
    wordPrior: priors?.[group.word] ?? 0,
  };
  for (const source of SOURCES) features[source] = group.source === source ? 1 : 0;
  return features;
}

/** P(the word appears in the answering sentence) under a fitted model. */
export function necessity(model: LogisticModel, features: Features): number {
  return sigmoid(logit(model, features));
}

/**
 * Whether the knowledge has any term of a group: a word it lacks entirely (an unknown name) is in
 * no sentence by construction, so necessity neither learns from it nor weighs it.
 */
export function knownGroup(group: QueryGroup, has: (term: string) => boolean): boolean {
  return group.terms.some(({ term }) => has(term));
}

/**
 * Each known group's necessity, and its retrieval weight: importance × necessity^alpha. Importance
 * itself (coverage, spans, the ranker and the confidence) is left as rarity: weighed there too,
 * it withheld more right answers per article (docs/evaluation.md, term8).
 */
export function weighByNecessity(
  groups: QueryGroup[],
  context: NecessityContext,
  model: NecessityModel | undefined = defaultNecessityModel(),
): void {
  if (!model || model.alpha === 0) return;
  const weighed = groups.map((group, position) =>
    knownGroup(group, context.has)
      ? necessity(model, necessityFeatures(group, position, groups, context, model.priors))
      : undefined,
  );
  groups.forEach((group, i) => {
    if (weighed[i] === undefined) return;
    group.necessity = weighed[i]!;
    group.retrieval = group.importance * weighed[i]! ** model.alpha;
  });
}

/**
 * The query's terms with each group's weighed by its necessity^alpha, for BM25 only; none when
 * nothing was weighed (the plain terms serve).
 */
export function retrievalTermsOf(
  groups: readonly QueryGroup[],
  bridging: readonly QueryTerm[],
): QueryTerm[] | undefined {
  if (!groups.some((group) => group.retrieval !== undefined)) return undefined;
  return [
    ...groups.flatMap((group) => {
      const factor = group.retrieval === undefined ? 1 : group.retrieval / (group.importance || 1);
      return group.terms.map(({ term, weight }) => ({ term, weight: weight * factor }));
    }),
    ...bridging,
  ];
}
