/**
 * `tsx scripts/english-pairs.ts [--data DIR] [--model FILE]`: why XQuAD's English questions are
 * withheld where their Chinese twins (same ids) are answered. Each XQuAD article alone is the
 * knowledge, 20% of its paragraphs left out (npm run eval's "per article" row); every question is
 * asked in Chinese and in English. For the pairs whose Chinese twin is right and answered and whose
 * English one is right and withheld it counts the unknown-name factor (decide.ts) and a lone
 * candidate, and gives, per confidence feature, the mean logit the English question loses
 * against its twin (weight × standardized difference; the same over the pairs both answered).
 * Public dev sets only (docs/evaluation.md, en9).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { servedNameFactor } from '../src/answer/decide.ts';
import type { AnswerModel, Features } from '../src/answer/model.ts';
import { createEngine } from '../src/engine.ts';
import { articleKnowledges, paragraphFiles } from '../src/eval/conditions.ts';
import { isLeftOut, readSquad } from '../src/eval/public-sets.ts';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: '../shared/eval' },
    model: { type: 'string', default: 'data/answer-model.json' },
  },
});
const model = JSON.parse(readFileSync(values.model, 'utf8')) as AnswerModel;
const zh = await readSquad(path.join(values.data, 'xquad_dev.zh.json'));
const en = await readSquad(path.join(values.data, 'xquad_dev.en.json'));
const english = new Map(en.questions.map((q) => [q.id, q.question]));

interface Asked {
  answered: boolean;
  right: boolean;
  confidence: number;
  features: Features;
}
interface Pair {
  answerable: boolean;
  zh: Asked;
  en: Asked;
  question: string;
}
const pairs: Pair[] = [];
for (const article of articleKnowledges(zh.paragraphs)) {
  const engine = createEngine(paragraphFiles(article.filter((p) => !isLeftOut(p.id))), [], { model });
  const ids = new Set(article.map((p) => p.id));
  for (const q of zh.questions.filter((question) => ids.has(question.source))) {
    const ask = (text: string): Asked => {
      const result = engine.ask(text, { diagnose: true });
      return {
        answered: result.answered,
        right: result.citations[0]?.source === q.source,
        confidence: result.confidence,
        features: result.diagnosis?.confidence ?? {},
      };
    };
    const question = english.get(q.id)!;
    pairs.push({ answerable: !isLeftOut(q.source), zh: ask(q.question), en: ask(question), question });
  }
}

const answerable = pairs.filter((p) => p.answerable);
const orphans = pairs.filter((p) => !p.answerable);
const percent = (part: number, whole: number): string => ((100 * part) / Math.max(1, whole)).toFixed(1);
for (const language of ['zh', 'en'] as const) {
  const right = answerable.filter((p) => p[language].right);
  const answeredRight = right.filter((p) => p[language].answered).length;
  const abstained = orphans.filter((p) => !p[language].answered).length;
  console.log(
    `${language}: R@1 ${percent(right.length, answerable.length)}, right and answered ${percent(answeredRight, answerable.length)}, ` +
      `right withheld ${percent(right.length - answeredRight, right.length)}, orphans abstained ${percent(abstained, orphans.length)}`,
  );
}

const twinAnswered = (p: Pair): boolean => p.zh.right && p.zh.answered && p.en.right;
const gap = answerable.filter((p) => twinAnswered(p) && !p.en.answered);
const both = answerable.filter((p) => twinAnswered(p) && p.en.answered);
const { confidence } = model;
// Withheld only by the factor: the fitted confidence alone clears the threshold.
const byFactorOnly = (p: Pair): boolean =>
  p.en.features.unknownName === 1 &&
  p.en.confidence / servedNameFactor(p.en.features) >= confidence.threshold;
console.log(
  `\n${gap.length} pairs: the Chinese twin right and answered, the English question right and withheld ` +
    `(${both.length} both answered). English: unknown name ${gap.filter((p) => p.en.features.unknownName === 1).length} ` +
    `(withheld by that factor alone, about ${gap.filter(byFactorOnly).length}), one candidate ${gap.filter((p) => p.en.features.onlyCandidate === 1).length}. ` +
    `Orphans: unknown name ${orphans.filter((p) => p.en.features.unknownName === 1).length} of ${orphans.length}, abstained by that factor alone about ${orphans.filter(byFactorOnly).length}.`,
);

const contribution = (features: Features, i: number): number =>
  (confidence.weights[i]! * ((features[confidence.features[i]!] ?? 0) - confidence.mean[i]!)) /
  confidence.scale[i]!;
const meanGap = (items: readonly Pair[], i: number): number =>
  items.reduce((sum, p) => sum + contribution(p.en.features, i) - contribution(p.zh.features, i), 0) /
  Math.max(1, items.length);
const table = confidence.features
  .map((name, i) => ({ feature: name, 'withheld pairs': meanGap(gap, i), 'both answered': meanGap(both, i) }))
  .sort((a, b) => a['withheld pairs'] - b['withheld pairs'])
  .map((row) => ({
    feature: row.feature,
    'withheld pairs': row['withheld pairs'].toFixed(2),
    'both answered': row['both answered'].toFixed(2),
  }));
console.log('\nMean logit, English minus its Chinese twin, per confidence feature:');
console.table(table);
