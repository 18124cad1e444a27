/**
 * Questions typed in Taiwan's words over a mainland (simplified) article: CMRC's dev questions
 * rewritten by OpenCC's simplified -> Taiwan converter (characters only, 'tw'; and with its phrase
 * table, 'twp': 项目 -> 專案, 软件 -> 軟體) and asked over CMRC's paragraphs, each its own file.
 * Measures what src/search/normalize.ts's folding of Taiwan phrases buys a member who writes
 * traditional. Run: npx tsx scripts/taiwan-phrasing.ts [--data /work/shared/eval]
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import * as OpenCC from 'opencc-js';
import { createEngine } from '../src/engine.ts';
import { paragraphFiles } from '../src/eval/conditions.ts';
import { askAll, readSquad, scoreOutcomes } from '../src/eval/public-sets.ts';

const { values } = parseArgs({ options: { data: { type: 'string', default: '/work/shared/eval' } } });
const cmrc = await readSquad(path.join(values.data, 'cmrc2018_dev.json'));
const engine = createEngine(paragraphFiles(cmrc.paragraphs));
const taiwan = OpenCC.Converter({ from: 'cn', to: 'twp' });
const characters = OpenCC.Converter({ from: 'cn', to: 'tw' });
// The questions whose Taiwan wording differs from their plain traditional spelling (软件 -> 軟體).
const worded = cmrc.questions.filter((q) => taiwan(q.question) !== characters(q.question));
const percent = (share: number): string => `${(share * 100).toFixed(1)}%`;
console.log(`${worded.length} of ${cmrc.questions.length} questions have Taiwan words of their own`);
console.log('those questions rewritten  R@1     answer-hit  answered+right');
for (const [name, from, to] of [
  ['as asked (simplified)', 'cn', 'cn'],
  ['traditional characters', 'cn', 'tw'],
  ['traditional, Taiwan words', 'cn', 'twp'],
] as const) {
  const rewrite = from === to ? (text: string) => text : OpenCC.Converter({ from, to });
  const questions = worded.map((q) => ({ ...q, question: rewrite(q.question) }));
  const score = scoreOutcomes(askAll(engine, questions));
  console.log(
    `${name.padEnd(27)}${percent(score.recallAt1).padEnd(8)}${percent(score.answerHit).padEnd(12)}${percent(score.answeredRight)}`,
  );
}
