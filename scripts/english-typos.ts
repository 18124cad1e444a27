/**
 * English questions typed with a slip, over Chinese text: XQuAD's English questions asked of its
 * Chinese paragraphs (each its own file), as asked and with one letter left out of the question's
 * longest lowercase word (a fixed rule: the letter at a position drawn by hash, never the first;
 * words of five letters or more, which is what the repair looks at). Measures the repair of
 * misspelt English words (CrossLingualTerms.repairEnglish). Run: npx tsx scripts/english-typos.ts
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createEngine } from '../src/engine.ts';
import { paragraphFiles } from '../src/eval/conditions.ts';
import { askAll, readSquad, scoreOutcomes, stableHash, type EvalQuestion } from '../src/eval/public-sets.ts';

const { values } = parseArgs({ options: { data: { type: 'string', default: '/work/shared/eval' } } });
const chinese = await readSquad(path.join(values.data, 'xquad_dev.zh.json'));
const english = await readSquad(path.join(values.data, 'xquad_dev.en.json'));
const engine = createEngine(paragraphFiles(chinese.paragraphs));

/** The question with one letter left out of its longest lowercase word, or undefined if it has none. */
function withSlip(question: string): string | undefined {
  const words = [...question.matchAll(/\b[a-z]{5,}\b/g)];
  const longest = words.reduce<RegExpMatchArray | undefined>(
    (best, word) => (!best || word[0].length > best[0].length ? word : best),
    undefined,
  );
  if (!longest) return undefined;
  const at = 1 + (stableHash(question) % (longest[0].length - 1));
  const start = longest.index! + at;
  return question.slice(0, start) + question.slice(start + 1);
}

const slipped: EvalQuestion[] = [];
const asAsked: EvalQuestion[] = [];
for (const question of english.questions) {
  const typed = withSlip(question.question);
  if (!typed) continue;
  asAsked.push(question);
  slipped.push({ ...question, question: typed });
}
const percent = (share: number): string => `${(share * 100).toFixed(1)}%`;
console.log(`${slipped.length} of ${english.questions.length} questions have a lowercase word of 5+ letters`);
console.log('questions            R@1     answer-hit  answered+right');
for (const [name, questions] of [
  ['as asked', asAsked],
  ['one letter left out', slipped],
] as const) {
  const score = scoreOutcomes(askAll(engine, questions));
  console.log(
    `${name.padEnd(21)}${percent(score.recallAt1).padEnd(8)}${percent(score.answerHit).padEnd(12)}${percent(score.answeredRight)}`,
  );
}
