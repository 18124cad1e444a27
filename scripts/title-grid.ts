/**
 * `tsx scripts/title-grid.ts [--data DIR] [--weights 0,1,2,4,8] [--model FILE]`: R@1 of the public
 * dev sets asked of the whole set (each paragraph its own file, titled with its article, as
 * `npm run eval`'s first rows) for each weight of the article-title factor (src/search/titles.ts:
 * a passage's retrieval score × 1 + weight × the share of the question its article's title
 * names). TITLE_WEIGHT is the weight with the most questions right over the three Chinese sets,
 * each set counted as a share. Public data only: nothing here reads the article's questions.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_MODEL_PATH, loadAnswerModel } from '../src/answer/model.ts';
import { createEngine } from '../src/engine.ts';
import { DEFAULT_BM25 } from '../src/search/inverted-index.ts';
import { paragraphFiles } from '../src/eval/conditions.ts';
import { readSquad } from '../src/eval/public-sets.ts';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: '../shared/eval' },
    weights: { type: 'string', default: '0,1,2,4,8' },
    model: { type: 'string', default: DEFAULT_MODEL_PATH },
  },
});
const model = loadAnswerModel(values.model);
// English questions are left to the passages (titles.ts), so XQuAD asked in English is not here.
const sets: [name: string, knowledge: string, questions: string][] = [
  ['cmrc', 'cmrc2018_dev.json', 'cmrc2018_dev.json'],
  ['drcd', 'drcd_dev.json', 'drcd_dev.json'],
  ['xquad-zh', 'xquad_dev.zh.json', 'xquad_dev.zh.json'],
];
const weights = values.weights!.split(',').map(Number);
const mean = new Map(weights.map((weight) => [weight, 0]));
for (const [name, knowledgeFile, questionsFile] of sets) {
  const articles = paragraphFiles((await readSquad(path.join(values.data!, knowledgeFile))).paragraphs);
  const { questions } = await readSquad(path.join(values.data!, questionsFile));
  const row: string[] = [];
  for (const titleWeight of weights) {
    const engine = createEngine(articles, [], { model, bm25: { ...DEFAULT_BM25, titleWeight } });
    const right = questions.filter((q) => engine.ask(q.question).citations[0]?.source === q.source).length;
    mean.set(titleWeight, mean.get(titleWeight)! + right / questions.length / sets.length);
    row.push(`${titleWeight}: ${((100 * right) / questions.length).toFixed(2)}%`);
  }
  console.log(`${name.padEnd(9)} R@1  ${row.join('  ')}`);
}
console.log(`mean      R@1  ${weights.map((w) => `${w}: ${(100 * mean.get(w)!).toFixed(2)}%`).join('  ')}`);
