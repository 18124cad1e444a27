/**
 * Deciding an answer among the first candidates: the ranker orders them by what they hold, the
 * confidence model says how likely the top one answers (see model.ts and features.ts).
 */
import type { Query } from '../search/query.ts';
import { askedOf, lacksAnswerType } from './answer-type.ts';
import type { ChosenAnswer } from './choose.ts';
import {
  addLanguageTerms,
  extraConfidenceFeatures,
  withLanguageTerms,
  type RetrievedList,
} from './confidence-features.ts';
import { confidenceFeatures, rankerFeatures, type CandidateView } from './features.ts';
import { logit, sigmoid, type AnswerModel, type Features, type LogisticModel } from './model.ts';
import { boostedLogit } from './trees.ts';

/** Confidence kept when the question names something the knowledge never mentions. */
export const UNKNOWN_NAME_FACTOR = 0.6;
/**
 * The same when all an English question names and the knowledge lacks are Latin words and only the
 * top passage's Latin words say the knowledge writes names as they are: Chinese text may still
 * translate or transliterate them ("Broncos" -> 野马队): only a fit at least 0.64 / 0.65 = 0.985 sure is answered. The largest
 * factor that abstains on as many English orphans as 0.6, out of fold on calibrate's rows
 * (scripts/latin-name-factor.ts; docs/evaluation.md, en9).
 */
export const LATIN_NAME_FACTOR = 0.65;
/**
 * Confidence kept when the question asks for an amount or a time and the cited passage surely
 * holds none (answer-type.ts `lacksAnswerType`): its answer cannot hold what was asked. Below any
 * threshold, like the unknown-name factor. The public sets' passages are whole paragraphs, where
 * some number or time nearly always is, so no fit learns it; where each sentence is a passage it
 * withholds 3 of 688 right answers and 20 of 118 wrong ones (scripts/answer-type-audit.ts,
 * docs/evaluation.md).
 */
export const KIND_ABSENT_FACTOR = 0.6;
/** The factor decide serves for an unknown name, from the features it recorded (measuring scripts). */
export function servedNameFactor(features: Features): number {
  if (features.unknownName !== 1) return 1;
  return features.unknownLatinName === 1 ? LATIN_NAME_FACTOR : UNKNOWN_NAME_FACTOR;
}
/** A word written in Latin letters: a name as an English question writes it. */
const LATIN_WORD = /^\p{Script=Latin}/u;
/** A number Chinese text often writes as a numeral ("phase 2" -> 第二阶段, "3 layers" -> 三层). */
const SMALL_NUMBER = /^(?:\d|10)$/;

/**
 * Which words of an English question it names: where the member capitalizes names, a lowercase
 * word the dictionary lacks is a spelling or word it does not know ("theatre", "rebranded",
 * "tp"), not a name; a question typed all in lower case names nothing by case, so every word may
 * be one. Asked only where Latin words in the top passage are all that says the knowledge writes
 * names as they are (docs/evaluation.md, en9).
 */
function typedAsName(question: string): (word: string) => boolean {
  const capitalized = new Set(
    Array.from(question.matchAll(/\p{Lu}[\p{L}\p{N}]*/gu), ([w]) => w.toLowerCase()),
  );
  const namesByCase = /\S\s+\p{Lu}/u.test(question);
  return (word) => !namesByCase || capitalized.has(word);
}

/** The features comparing a candidate with its rivals; missing when there is only one. */
const RIVAL_FEATURES = [
  'coverageGap',
  'othersCoverage',
  'rankerMargin',
  // Ratios to a second and fifth score that do not exist. The z-score (0: nothing stands out) and
  // what few retrieved passages share are defined for one candidate too, so they are kept.
  'scoreOverSecond',
  'scoreOverFifth',
];

/**
 * With a single candidate, the features comparing it with rivals are missing, not extreme: "no
 * rival" is what a question matching one stray word looks like too. They take the value the model
 * was fitted around (its mean), so they say nothing either way.
 */
function withoutRivals(model: LogisticModel, features: Features): Features {
  const imputed = { ...features };
  model.features.forEach((name, i) => {
    if (RIVAL_FEATURES.includes(name)) imputed[name] = model.mean[i]!;
  });
  // The English-only copies ("english*rankerMargin") follow what was imputed.
  return withLanguageTerms(imputed);
}

/**
 * Which threshold a question is held to: English questions reach Chinese passages through a
 * lexicon and match fewer words exactly, so their confidence runs on another scale; each language
 * gets the threshold that abstains on the same share of its own orphans.
 */
export function thresholdGroup(features: Features): 'en' | 'zh' | 'zh-Hant' {
  if (features.english === 1) return 'en';
  return features.traditional === 1 ? 'zh-Hant' : 'zh';
}

export function thresholdFor(
  model: Pick<AnswerModel['confidence'], 'threshold' | 'thresholds'> | undefined,
  features: Features,
): number {
  const group = thresholdGroup(features);
  // A model with thresholds for "en" and "zh" only holds traditional questions to Chinese's.
  const chinese = group === 'zh-Hant' ? model?.thresholds?.zh : undefined;
  return model?.thresholds?.[group] ?? chinese ?? model?.threshold ?? 0.5;
}

/**
 * A passage whose answering sentence holds the kind of thing asked, next to the question's words,
 * is not passed over for one that lacks it for covering more of the question elsewhere: "how many
 * volunteers in Hangzhou" is answered by the sentence with the count, not by the passage naming
 * Hangzhou and volunteers twice. Only when it covers the question nearly as well (COVERAGE_SLACK),
 * so the fitted order decides otherwise; slack measured out of fold by scripts/ranker-variants.ts.
 */
const COVERAGE_SLACK = 0.05;

/**
 * How precisely a candidate holds the kind of thing asked. A holder (a candidate that may move up)
 * needs the kind asked in its answering sentence next to the question's words: 1, or 2 when the
 * passage also counts the asked noun ("how many contributors": a number right before 贡献者). The
 * top keeps its place with either of the two (1), or with the count (2).
 */
function answerEvidence(features: Features, asTop: boolean): number {
  const counted = features.counted === 1;
  const inSentence = features.typeInSentence === 1;
  const near = features.typeNearWords === 1;
  if (asTop) return counted ? 2 : inSentence || near ? 1 : 0;
  return inSentence && near ? (counted ? 2 : 1) : 0;
}

function keepAnswerType(order: Array<{ features: Features }>): void {
  const top = order[0]!.features;
  if (top.typeAsked !== 1) return;
  const evidence = answerEvidence(top, true);
  const holder = order.findIndex(
    ({ features }) =>
      answerEvidence(features, false) > evidence && features.coverage! >= top.coverage! - COVERAGE_SLACK,
  );
  if (holder > 0) order.unshift(...order.splice(holder, 1));
}

export interface Decision<T> {
  /** The candidates, best first, each with the ranker's features. */
  order: Array<T & { features: Features; logit: number }>;
  /** In retrieval order, for calibration. */
  judged: Array<T & { features: Features; logit: number }>;
  /** The confidence model's features for the top candidate. */
  topFeatures: Features;
  confidence: number;
  answered: boolean;
}

export function decide<T extends CandidateView & { answer: ChosenAnswer }>(
  query: Query,
  head: readonly T[],
  model: Partial<AnswerModel>,
  /**
   * idf of a term no passage has, BM25 of a passage holding each query term once, and every
   * retrieved candidate (terms, score, coverage).
   */
  scale: RetrievedList & { idealBm25: number },
): Decision<T> {
  const features = rankerFeatures(
    query,
    head,
    scale.unseenIdf,
    scale.idealBm25,
    scale.retrieved.map(({ coverage }) => coverage),
  );
  const { ranker, confidence: confidenceModel } = model;
  const judged = head.map((candidate, i) => ({
    ...candidate,
    features: features[i]!,
    logit: ranker ? logit(ranker, features[i]!) : -i,
  }));
  const order = [...judged].sort((a, b) => b.logit - a.logit);
  keepAnswerType(order);
  // A pin is one short line, so its length and retrieval-rank features are not comparable with a
  // passage's. Where a pin tops a passage that covers the question as well and holds the kind of
  // answer asked while the pin does not ("where did X study": the passage naming a university,
  // not a pin saying where X works), the passage answers. The passage's answer may lie in another
  // of its sentences than the one chosen (a traditional question's 讀書 read against 学生).
  const holder = order.findIndex(
    (candidate) =>
      !candidate.pinned &&
      (candidate.features.typeInSentence === 1 || candidate.features.typeInPassage === 1) &&
      candidate.coverage >= order[0]!.coverage,
  );
  const pinWithoutAnswer =
    order[0]!.pinned && order[0]!.features.typeAsked === 1 && order[0]!.features.typeInSentence === 0;
  if (pinWithoutAnswer && holder > 0) {
    // It answers as the articles alone would: the pins are set aside, as rivals too (their
    // retrieval features are not a passage's), and cited after the passages.
    const passages = decide(
      query,
      head.filter(({ pinned }) => !pinned),
      model,
      { ...scale, retrieved: scale.retrieved.filter(({ pinned }) => !pinned) },
    );
    return { ...passages, order: [...passages.order, ...order.filter(({ pinned }) => pinned)] };
  }
  // Of pins covering the question alike, one in the question's language goes first (a server may
  // pin a fact in both languages; the glossed one's features read the senses written in).
  const own = order.findIndex((c) => c.pinned && !c.glossed && c.coverage >= order[0]!.coverage);
  if (order[0]!.glossed && own > 0) order.unshift(...order.splice(own, 1));
  const top = order[0]!;
  const alone = model.rankerAlone;
  const absolute = (c: { features: Features; logit: number }): number =>
    alone ? logit(alone, c.features) : c.logit;
  // Built in one object, added to in place (it was copied at each of these steps).
  const topFeatures = confidenceFeatures(top.features, absolute(top), order[1] && absolute(order[1]));
  Object.assign(topFeatures, extraConfidenceFeatures(query, top, scale, order.slice(1)));
  addLanguageTerms(topFeatures);
  // A name or number the knowledge never mentions is what the question is about, most often;
  // the public sets' questions rarely name what their passage lacks, so no fit learns it.
  // (A server's pin may hold what the articles lack: a name the top candidate has is known.)
  // An English question asked of Chinese text names what the text translates or transliterates
  // ("Broncos" -> 野马队): a Latin name it lacks says something only when the knowledge writes
  // Latin names as they are. The question's other Latin words found verbatim say so surely ("Does
  // PyTorch support jax?": the missing name counts however it is typed); Latin words in the top
  // passage say so for a word typed as a name, and then the text may still have translated it
  // (LATIN_NAME_FACTOR). Numbers, and the names of a Chinese question, are written as they are
  // in any text.
  const english = top.features.english === 1;
  const verbatimLatin = (): boolean =>
    query.groups.some((group) => group.source === 'word' && LATIN_WORD.test(group.word));
  const topLatin = (): boolean => /\p{Script=Latin}{2}/u.test(top.normalized);
  // Of an English question, a small number is no name (the text may write it as a numeral), and
  // a Latin word is one only as typed (typedAsName).
  let typed: ((word: string) => boolean) | undefined;
  const named = (word: string): boolean => (typed ??= typedAsName(query.question))(word);
  const missing = query.groups.filter(
    (group) =>
      query.unknownNames.includes(group.word) &&
      !group.terms.some(({ term }) => top.has(term)) &&
      !(english && SMALL_NUMBER.test(group.word)),
  );
  const missingOther = missing.some((group) => !LATIN_WORD.test(group.word));
  const missingLatin = missing.filter((group) => LATIN_WORD.test(group.word));
  // A Chinese question's Latin names always count.
  const surelyLatin = missingLatin.length > 0 && (!english || verbatimLatin());
  const namesUnknown =
    missingOther || surelyLatin || (missingLatin.some((group) => named(group.word)) && topLatin());
  topFeatures.unknownLatinName = namesUnknown && !missingOther && !surelyLatin ? 1 : 0;
  // What is served besides the fitted features, recorded so `npm run calibrate` can fit knowing
  // it (docs/evaluation.md, "serve the confidence that was fitted"); a model that does not name them ignores them.
  topFeatures.unknownName = namesUnknown ? 1 : 0;
  topFeatures.onlyCandidate = order.length === 1 ? 1 : 0;
  topFeatures.traditional = query.traditional ? 1 : 0;
  const asked = askedOf(query);
  topFeatures.kindAbsent = asked !== undefined && lacksAnswerType(top.normalized, asked) ? 1 : 0;
  const offset = confidenceModel?.unknownNameOffset;
  // A model fitted with `onlyCandidate` has learnt the lone candidate's rival features as they are.
  const imputed =
    order.length > 1 || !confidenceModel || confidenceModel.features.includes('onlyCandidate')
      ? topFeatures
      : withoutRivals(confidenceModel, topFeatures);
  const fitted = confidenceModel
    ? sigmoid(
        boostedLogit(
          confidenceModel,
          logit(confidenceModel, imputed) + (offset ?? 0) * topFeatures.unknownName,
          imputed,
        ),
      )
    : Math.min(1, top.coverage);
  // Without an offset fitted in, the unknown name scales the probability below any threshold (a
  // Latin name of an English question, below all but a fit over 0.98).
  const confidence =
    (offset === undefined ? servedNameFactor(topFeatures) : 1) *
    (topFeatures.kindAbsent === 1 ? KIND_ABSENT_FACTOR : 1) *
    fitted;
  return {
    order,
    judged,
    topFeatures,
    confidence,
    answered: confidence >= thresholdFor(confidenceModel, topFeatures),
  };
}
