/**
 * `tsx scripts/ranker-families.ts --rows FILE [--fit REGEX] [--without a,b] [--l2 1,10]`: the
 * ranker's R@1 out of fold per family (set × knowledge scale × question kind) on the rows written
 * by `npm run calibrate -- --candidate-rows FILE` (with `--ranker-conditions` the rows hold each
 * article alone and the short questions too). Fitted on the families matching --fit (default:
 * calibrate's whole sets and slices) over four folds of paragraphs, scored on the fifth; a question
 * whose paragraph is not among its candidates counts as a miss. With each L2 penalty of --l2
 * (default calibrate's), and per penalty `coverageRaise` of each fold's fit and of the fit on every
 * fold: whether the ranker is surer of a candidate covering the whole question. Public dev sets only.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { logit } from '../src/answer/model.ts';
import { fitConditionalLogit } from '../src/eval/logistic.ts';
import { coverageRaise, FOLDS, RANKER_L2, rankerChoices, type Row } from './calibrate-fit.ts';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '/tmp/candidate-rows.json' },
    fit: { type: 'string', default: '(whole|slice)$' },
    without: { type: 'string', default: '' },
    l2: { type: 'string', default: String(RANKER_L2) },
  },
});
const rows = JSON.parse(readFileSync(values.rows!, 'utf8')) as Row[];
const without = values.without!.split(',');
const names = Object.keys(rows[0]!.features).filter((name) => !without.includes(name));
const byQuestion = new Map<string, Row[]>();
for (const row of rows) byQuestion.set(row.question!, [...(byQuestion.get(row.question!) ?? []), row]);
const answerable = [...byQuestion.values()].filter((candidates) => candidates[0]!.answerable);
const fitted = new RegExp(values.fit!);
for (const l2 of values.l2!.split(',').map(Number)) {
  const right = new Map<string, { right: number; of: number }>();
  const raises: number[] = [];
  for (let fold = 0; fold < FOLDS; fold++) {
    const model = fitConditionalLogit(
      rankerChoices(rows.filter((row) => row.fold !== fold && fitted.test(row.family))),
      names,
      l2,
    );
    raises.push(coverageRaise(model));
    for (const candidates of answerable.filter((list) => list[0]!.fold === fold)) {
      const scores = candidates.map((row) => logit(model, row.features));
      const count = right.get(candidates[0]!.family) ?? { right: 0, of: 0 };
      count.right += candidates[scores.indexOf(Math.max(...scores))]!.label;
      count.of++;
      right.set(candidates[0]!.family, count);
    }
  }
  const whole = fitConditionalLogit(rankerChoices(rows.filter((row) => fitted.test(row.family))), names, l2);
  console.log(
    `L2 ${l2}: coverage raises the logit by ${coverageRaise(whole).toFixed(2)} ` +
      `(folds ${raises.map((r) => r.toFixed(2)).join(' ')})`,
  );
  for (const [family, count] of right)
    console.log(`${family.padEnd(28)} ${((100 * count.right) / count.of).toFixed(1)}%  (${count.of})`);
}
