/**
 * `tsx scripts/ranker-l2.ts --rows FILE [--l2 1,10,30]`: the ranker's L2 penalty chosen out of fold.
 * FILE is what `npm run calibrate -- --candidate-rows FILE` writes (public dev sets only). For each
 * penalty the conditional logit is fitted on four folds of paragraphs and picks the top candidate of
 * the fifth fold's questions; prints R@1 per family (questions whose paragraph is among the
 * candidates) and whether the fit is surer of a candidate covering the whole question than of one
 * covering little (test/answer/answer-model.test.ts's check).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { logit } from '../src/answer/model.ts';
import { fitConditionalLogit } from '../src/eval/logistic.ts';
import { coverageRaise, FOLDS, rankerChoices, type Row } from './calibrate-fit.ts';
import { loadAnswerModel } from '../src/answer/model.ts';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '/tmp/candidate-rows.json' },
    l2: { type: 'string', default: '1,3,10,30,100' },
  },
});
const rows = JSON.parse(readFileSync(values.rows!, 'utf8')) as Row[];
// The committed ranker's features, so the fits differ from it only by the penalty.
const names = loadAnswerModel().ranker!.features;

const families = [...new Set(rows.map((r) => r.family))].sort();
for (const l2 of values.l2!.split(',').map(Number)) {
  const right = new Map<string, number>();
  const asked = new Map<string, number>();
  const raises: number[] = [];
  for (let fold = 0; fold < FOLDS; fold++) {
    const model = fitConditionalLogit(rankerChoices(rows.filter((r) => r.fold !== fold)), names, l2);
    raises.push(coverageRaise(model));
    const byQuestion = new Map<string, Row[]>();
    for (const row of rows.filter((r) => r.fold === fold)) {
      const list = byQuestion.get(row.question!) ?? [];
      list.push(row);
      byQuestion.set(row.question!, list);
    }
    for (const list of byQuestion.values()) {
      if (!list.some((r) => r.label)) continue;
      const family = list[0]!.family;
      const scores = list.map((r) => logit(model, r.features));
      asked.set(family, (asked.get(family) ?? 0) + 1);
      if (list[scores.indexOf(Math.max(...scores))]!.label) right.set(family, (right.get(family) ?? 0) + 1);
    }
  }
  const whole = fitConditionalLogit(rankerChoices(rows), names, l2);
  const cells = families.map((f) => `${f} ${((100 * (right.get(f) ?? 0)) / (asked.get(f) ?? 1)).toFixed(2)}`);
  console.log(
    `l2 ${String(l2).padStart(4)}: ${cells.join(', ')}; coverage raises the logit by ${coverageRaise(whole).toFixed(2)} (folds ${raises.map((r) => r.toFixed(2)).join(' ')})`,
  );
}
