/**
 * `tsx scripts/retrieval-grid.ts [--data DIR]`: retrieval alone (no ranker) under a few BM25
 * settings, on the public dev sets asked of the whole set: the share of questions whose paragraph
 * retrieval puts first, among the first 3 (what the ranker re-orders) and the first 5.
 * Public data only: nothing here reads the article's questions.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createEngine } from '../src/engine.ts';
import { paragraphFiles } from '../src/eval/conditions.ts';
import { readSquad } from '../src/eval/public-sets.ts';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: '../shared/eval' },
    grid: { type: 'string', default: '1.2:0.75,0.9:0.75,1.5:0.75,1.2:0.5,1.2:0.9' },
  },
});
const sets = ['drcd_dev.json', 'cmrc2018_dev.json', 'xquad_dev.zh.json'];
for (const file of sets) {
  const set = await readSquad(path.join(values.data!, file));
  const articles = paragraphFiles(set.paragraphs);
  for (const setting of values.grid!.split(',')) {
    const [k1, b] = setting.split(':').map(Number) as [number, number];
    const engine = createEngine(articles, [], { bm25: { k1, b } });
    const at = [0, 0, 0];
    for (const question of set.questions) {
      const found = engine
        .search(question.question, { limit: 5 })
        .findIndex((c) => c.source === question.source);
      if (found === 0) at[0]!++;
      if (found >= 0 && found < 3) at[1]!++;
      if (found >= 0) at[2]!++;
    }
    const share = (n: number): string => `${((100 * n) / set.questions.length).toFixed(1)}%`;
    console.log(
      `${file} k1 ${k1} b ${b}: first ${share(at[0]!)}, first 3 ${share(at[1]!)}, first 5 ${share(at[2]!)}`,
    );
  }
}
