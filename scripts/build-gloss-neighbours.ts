/**
 * `tsx scripts/build-gloss-neighbours.ts [--out FILE] [--first N] [--max-share N]`: Chinese words
 * that share one of their main English glosses in data/zh-en-glosses.tsv (CC-CEDICT derived):
 * 创办人 -> 创办者, 创立人, 创始人 ("founder"). Writes a neighbours.tsv ("word\tneighbour score …") for
 * the measuring hooks of src/answer/associations.ts (`tsx scripts/measure-associations.ts --tables
 * DIR`). Measured, not kept: docs/evaluation.md, "Chinese paraphrase through shared English glosses".
 * A pair scores 1 / ((1 + i)(1 + j)) for the gloss's places i, j in the two words' lists; glosses
 * shared by more than --max-share words ("establish") say little and are skipped.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { dataFile } from '../src/search/data-files.ts';

const { values } = parseArgs({
  options: {
    out: { type: 'string', default: '/tmp/citebot-gloss-neighbours/neighbours.tsv' },
    first: { type: 'string', default: '2' },
    'max-share': { type: 'string', default: '30' },
  },
});
const first = Number(values.first);
const maxShare = Number(values['max-share']);

const glossesOf = new Map<string, string[]>();
const byGloss = new Map<string, Array<[word: string, place: number]>>();
for (const row of readFileSync(dataFile('zh-en-glosses.tsv'), 'utf8').split('\n')) {
  const [word, ...glosses] = row.split('\t');
  if (!word || Array.from(word).length < 2 || !/^\p{Script=Han}+$/u.test(word)) continue;
  const main = glosses.slice(0, first);
  glossesOf.set(word, main);
  main.forEach((gloss, place) => {
    const sharing = byGloss.get(gloss) ?? [];
    sharing.push([word, place]);
    byGloss.set(gloss, sharing);
  });
}

const lines = [
  `# words sharing one of their first ${first} glosses, each shared by at most ${maxShare} words`,
];
for (const [word, main] of glossesOf) {
  const scores = new Map<string, number>();
  main.forEach((gloss, place) => {
    const sharing = byGloss.get(gloss)!;
    if (sharing.length > maxShare) return;
    for (const [other, otherPlace] of sharing) {
      if (other === word) continue;
      const score = 1 / ((1 + place) * (1 + otherPlace));
      scores.set(other, Math.max(scores.get(other) ?? 0, score));
    }
  });
  const kept = [...scores].filter(([, score]) => score >= 0.5).sort((a, b) => b[1] - a[1]);
  if (kept.length > 0)
    lines.push(`${word}\t${kept.map(([other, s]) => `${other} ${s.toFixed(2)}`).join(' ')}`);
}
mkdirSync(path.dirname(values.out), { recursive: true });
writeFileSync(values.out, lines.join('\n') + '\n');
console.log(`${lines.length - 1} words -> ${values.out}`);
