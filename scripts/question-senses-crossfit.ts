/**
 * Out-of-fold figures for the question senses (scripts/question-senses.ts): fitted on XQuAD dev's
 * articles 0-11, scored on 12-23 asked in English, and the other way round; the two halves summed.
 * `--baseline` scores the lexicon alone (an empty senses file). Other options go to the fit.
 * Run: npx tsx scripts/question-senses-crossfit.ts [--baseline] [fit options, e.g. --exclusive 0.5]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isLeftOut, readSquad } from '../src/eval/public-sets.ts';

const ROWS = [
  'xquad-en',
  'xquad-en 20% left out',
  'xquad-en per article 20% left out',
  'xquad-en short per article 20% left out',
  'xquad-en per article + distractors 20% left out',
];
const FOLDS = [
  { fit: '0-11', test: '12-23' },
  { fit: '12-23', test: '0-11' },
];
const data = '../shared/eval';
const args = process.argv.slice(2);
const baseline = args.includes('--baseline');
const fitArgs = args.filter((arg) => arg !== '--baseline');

const set = await readSquad(path.join(data, 'xquad_dev.zh.json'));
const articleOf = new Map(set.paragraphs.map((p) => [p.id, p.article]));
const inRange = (range: string, article: number): boolean => {
  const [from, to] = range.split('-').map(Number);
  return article >= from! && article <= to!;
};

interface Row {
  set: string;
  recallAt1: number;
  answerHit: number;
  answered: number;
  answeredRight: number;
  abstained: number;
}
type Sum = {
  answerable: number;
  orphans: number;
  right: number;
  hit: number;
  answered: number;
  answeredRight: number;
  abstained: number;
};
const sums = new Map<string, Sum>();
const dir = mkdtempSync(path.join(tmpdir(), 'question-senses-'));
try {
  for (const { fit, test } of FOLDS) {
    const senses = path.join(dir, `${fit}.tsv`);
    if (baseline) writeFileSync(senses, '');
    else
      execFileSync(
        'npx',
        ['tsx', 'scripts/question-senses.ts', '--quiet', '--articles', fit, '--out', senses, ...fitArgs],
        { stdio: 'ignore' },
      );
    const output = execFileSync(
      'npx',
      [
        'tsx',
        'src/cli/eval.ts',
        '--sets',
        ROWS.join(','),
        '--articles',
        test,
        '--question-senses',
        senses,
        '--json',
        '--plot',
        '',
      ],
      { encoding: 'utf8', maxBuffer: 1 << 26 },
    );
    const asked = set.questions.filter((q) => inRange(test, articleOf.get(q.source)!));
    for (const row of (JSON.parse(output) as { rows: Row[] }).rows) {
      // The rows' shares are of the answerable questions, and of the orphans for "abstained".
      const leftOut = row.set.includes('20% left out');
      const orphans = leftOut ? asked.filter((q) => isLeftOut(q.source)).length : 0;
      const answerable = asked.length - orphans;
      const sum = sums.get(row.set) ?? {
        answerable: 0,
        orphans: 0,
        right: 0,
        hit: 0,
        answered: 0,
        answeredRight: 0,
        abstained: 0,
      };
      sum.answerable += answerable;
      sum.orphans += orphans;
      sum.right += row.recallAt1 * answerable;
      sum.hit += row.answerHit * answerable;
      sum.answered += row.answered * answerable;
      sum.answeredRight += row.answeredRight * answerable;
      if (orphans) sum.abstained += row.abstained * orphans;
      sums.set(row.set, sum);
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const pct = (count: number, of: number): string => (of ? `${((100 * count) / of).toFixed(1)}%` : '—');
console.log(
  `out of fold (${baseline ? 'the lexicon alone' : `fit ${fitArgs.join(' ') || 'as committed'}`}):`,
);
for (const [name, sum] of sums)
  console.log(
    `${name.padEnd(50)} R@1 ${pct(sum.right, sum.answerable)}  answer-hit ${pct(sum.hit, sum.answerable)}  ` +
      `answered ${pct(sum.answered, sum.answerable)}  answered+right ${pct(sum.answeredRight, sum.answerable)}  ` +
      `abstained ${pct(sum.abstained, sum.orphans)}`,
  );
