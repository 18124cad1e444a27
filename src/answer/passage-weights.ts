/**
 * How much each word and character of a question weighs within one passage: rare among the
 * passage's sentences, more; the article's own subject, less. The span features (spans.ts) use it.
 */
import { groupCoverage, type Query } from '../search/query.ts';

const TOPIC_FACTOR = 0.3;

/**
 * Within one passage, a word every sentence repeats (the subject, usually) cannot tell sentences
 * apart, while the word naming what is asked ("用途", "职业") often can: weigh each word by its
 * rarity among the passage's sentences, without the retrieval discount on answer-type words.
 * `present(sentence)`: whether a term is in that sentence.
 */
export function sentenceWeights(
  query: Query,
  sentences: number,
  present: (sentence: number) => (term: string) => boolean,
  topic: ReadonlySet<string>,
): Float64Array {
  const sentencePresent = Array.from({ length: sentences }, (_, i) => present(i));
  // A typed array: whether the weights are integers or not, the span table reads one kind.
  return Float64Array.from(query.groups, (group) => {
    let seenIn = 0;
    for (const has of sentencePresent) if (groupCoverage(group, has) > 0) seenIn++;
    const local = Math.log(1 + (sentences + 0.5) / (seenIn + 0.5));
    // The article's own subject (its title's words) is what every sentence is about; the words
    // around the subject point at the sentence that answers.
    const onTopic = groupCoverage(group, (t) => topic.has(t)) >= 0.8 ? TOPIC_FACTOR : 1;
    return (group.rarity ?? group.importance) * local * onTopic;
  });
}

/**
 * The share of the question's Han characters a text holds, each weighed by its rarity among the
 * passage's sentences, leaving out the title's: words segment differently in question and passage
 * ("个性" for "性格", "经书" for "书"), single characters do not.
 */
export function characterCoverage(
  questionHan: readonly string[],
  sentences: number,
  /** Whether a sentence holds a question character (the span features know it already). */
  sentenceHas: (sentence: number, hanIndex: number) => boolean,
  titleChars: ReadonlySet<string>,
): (has: (hanIndex: number) => boolean) => number {
  const weights: Array<[hanIndex: number, weight: number]> = [];
  questionHan.forEach((char, i) => {
    if (titleChars.has(char)) return;
    let seenIn = 0;
    for (let sentence = 0; sentence < sentences; sentence++) if (sentenceHas(sentence, i)) seenIn++;
    if (seenIn > 0) weights.push([i, Math.log(1 + (sentences + 0.5) / (seenIn + 0.5))]);
  });
  const total = weights.reduce((sum, [, w]) => sum + w, 0);
  return (has) => {
    if (total === 0) return 0;
    let found = 0;
    for (const [i, weight] of weights) if (has(i)) found += weight;
    return found / total;
  };
}
