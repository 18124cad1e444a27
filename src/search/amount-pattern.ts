import { mainlandWord, normalizeText } from './normalize.ts';
import type { QueryGroup } from './query.ts';
import { stemLatin } from './tokenize.ts';

const HOW_MANY =
  /(?:多少|几)(?:个|位|名|项|次|家|种|条|行|天|周|年)?\s*(\p{Script=Han}{2,4}|[a-z][a-z0-9+#]*)/u;

/**
 * The units a Chinese text writes after the number that answers "how old/far" ("39 岁", "3 公里"):
 * the adjective, which the question framing drops, asks for an amount in a unit of its dimension.
 * Not "how long": a duration is as often written in words or as a span ("直至十九世纪", "1870 年到
 * 1939 年"), and a number-then-unit passage took the top from the right one on XQuAD (docs/evaluation.md,
 * measured and not kept). Other adjectives (tall, high…) are kept as words and translated.
 */
const HOW_ADJECTIVE_UNITS: Record<string, string> = {
  old: '岁|年',
  far: '米|公里|千米|英里|英尺|光年',
};
const HOW_ADJECTIVE = new RegExp(`\\bhow (${Object.keys(HOW_ADJECTIVE_UNITS).join('|')})\\b`);

/**
 * A number of up to three digits: an age is rarely four, so a year ("1870 年") is not taken for
 * one.
 */
const SHORT_NUMBER = '(?<![\\d.,])\\d{1,3}(?:\\.\\d+)?';

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Sentence-final particles a member may add ("有多少贡献者呢？"): not part of the counted noun. */
const TRAILING_PARTICLES = /[呢啊呀嘛吧啦哦哈]$/u;

/** The X of "多少 X" in a text, without particles glued on after it; undefined when none is asked. */
function countedNoun(text: string): string | undefined {
  let noun = HOW_MANY.exec(text)?.[1];
  while (noun && Array.from(noun).length > 2 && TRAILING_PARTICLES.test(noun)) noun = noun.slice(0, -1);
  return noun;
}

/**
 * For "how many X" / "多少 X", a pattern that finds a number followed by X in normalized text
 * ("多少个项目" -> "9 万项目"); for "how old/long/far…", a number followed by a unit of that
 * dimension ("how old" -> "39 岁"). The passage that counts is the one that answers.
 */
export function countPatternFor(
  question: string,
  translate: ((word: string) => string[]) | undefined,
  traditional: boolean,
  groups: readonly QueryGroup[] = [],
  repairedText?: string,
): RegExp | undefined {
  // As typed, and as the homophone repair reads it ("多少共献者" -> 贡献者): either may be written.
  const typedNoun = countedNoun(question);
  const repairedNoun = repairedText === undefined ? undefined : countedNoun(repairedText);
  const chinese = typedNoun ?? repairedNoun;
  // A misspelt X ("how many contribtors") counts as the word it was repaired to.
  const typed = /\bhow many ([a-z]+)/.exec(question)?.[1];
  const repaired = groups.find((group) => group.source === 'typo' && group.word === typed);
  const english = repaired?.terms[0]?.term ?? typed;
  const adjective = chinese || english ? undefined : HOW_ADJECTIVE.exec(question)?.[1];
  if (adjective)
    return new RegExp(`${SHORT_NUMBER}\\s*[万亿]?\\s*(?:${HOW_ADJECTIVE_UNITS[adjective]})`, 'u');
  const mainland = chinese && traditional ? mainlandWord(chinese) : undefined;
  const nouns = chinese
    ? [
        chinese,
        ...(mainland ? [mainland] : []),
        ...(repairedNoun && repairedNoun !== chinese ? [repairedNoun] : []),
      ]
    : english
      ? [english, stemLatin(english), ...(translate?.(english) ?? [])]
      : [];
  if (nouns.length === 0) return undefined;
  const alternatives = nouns.map((noun) => escape(normalizeText(noun))).join('|');
  return new RegExp(`\\d[\\d.,]*\\s*[万亿千百多余]?\\s*[个位名项次家种条行天]?\\s*(?:${alternatives})`, 'u');
}
