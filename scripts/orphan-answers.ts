/**
 * The orphans answered on the left-out rows of the public sets (questions whose paragraph was left
 * out of the knowledge, yet answered), and why the cited passage looked right: per set and
 * condition (the whole set 20% left out; each article alone), the orphans answered at a confidence
 * of at least --above (0.7) by cause, beside the share of right answers with the same cause (what a
 * feature against that cause would cost). `--list` prints each such orphan (confidence, question,
 * cited answer); `--out FILE` writes every answer of those rows as JSON lines (question, words,
 * confidence, answer, top passage, the confidence's features).
 * Run: npx tsx scripts/orphan-answers.ts [--data ../shared/eval] [--above 0.7] [--list] [--out FILE]
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { contentGroups } from '../src/answer/features.ts';
import { createEngine, type AnswerResult, type Engine } from '../src/engine.ts';
import { articleKnowledges, paragraphFiles } from '../src/eval/conditions.ts';
import { FIT_SETS, isLeftOut, readFitSet, type EvalQuestion } from '../src/eval/public-sets.ts';
import { normalizeText } from '../src/search/normalize.ts';
import { groupCoverage, type Query } from '../src/search/query.ts';

const root = path.join(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    data: { type: 'string', default: path.join(root, '..', 'shared', 'eval') },
    above: { type: 'string', default: '0.7' },
    list: { type: 'boolean', default: false },
    out: { type: 'string' },
  },
});
const above = Number(values.above);

const CAUSES = [
  'unknown name',
  'rare word absent',
  'sibling name',
  'rare word, its characters present',
  'asked kind not in the answer',
  'every word held',
  'part of the question held',
] as const;
type Cause = (typeof CAUSES)[number];

/** Between two words of one name in the question: nothing, or the spaces between Latin words. */
const JOINED = /^\s*$/;

/**
 * A question word the passage lacks, written in the question right before a word it holds
 * ("圣体|主教座堂", "白|䲟", "尼日|共和国"): the passage names another thing of the held word's sort.
 * Its rarity as a share of the question's rarest word's (0: none).
 */
function siblingMiss(query: Query, passage: string): number {
  const content = contentGroups(query);
  const most = Math.max(1e-9, ...content.map((g) => g.rarity ?? g.importance));
  const words = content.map((group) => ({
    group,
    rarity: (group.rarity ?? group.importance) / most,
    held: groupCoverage(group, (term) => passage.includes(term)) >= 0.5,
    at: query.normalized.indexOf(group.word),
  }));
  let miss = 0;
  for (const missing of words) {
    if (missing.held || missing.at < 0) continue;
    const end = missing.at + missing.group.word.length;
    const against = words.some((other) => {
      if (!other.held || other.at < 0) return false;
      // The missing word modifies the held one ("圣体" of 主教座堂): a word after its head is
      // most often a verb or the segmenter's cut ("徐夫人|最先", "改革|推行后").
      return other.at >= end && JOINED.test(query.normalized.slice(end, other.at));
    });
    if (against) miss = Math.max(miss, missing.rarity);
  }
  return miss;
}

/** The first that applies, in CAUSES' order; `sibling` is siblingMiss. */
function causeOf(features: Record<string, number>, sibling: number): Cause {
  if (features.unknownName === 1) return 'unknown name';
  if (features.missAbsent! >= 0.5) return 'rare word absent';
  if (sibling >= 0.5) return 'sibling name';
  if (features.missWorded! >= 0.5) return 'rare word, its characters present';
  if (features.typeAsked === 1 && features.typeInSentence === 0) return 'asked kind not in the answer';
  return features.coverage! >= 0.9 ? 'every word held' : 'part of the question held';
}

interface Counts {
  orphans: Map<Cause, number>;
  right: Map<Cause, number>;
  orphanCount: number;
  rightCount: number;
}
const table = new Map<string, Counts>();
const lines: string[] = [];

function record(row: string, engine: Engine, questions: readonly EvalQuestion[]): void {
  const counts: Counts = table.get(row) ?? {
    orphans: new Map(),
    right: new Map(),
    orphanCount: 0,
    rightCount: 0,
  };
  table.set(row, counts);
  for (const q of questions) {
    const result: AnswerResult = engine.ask(q.question, { diagnose: true });
    const features = result.diagnosis?.confidence;
    const top = result.citations[0];
    if (!features || !top) continue;
    const answerable = !isLeftOut(q.source);
    const right = top.source === q.source;
    const query = engine.query(q.question);
    const cause = causeOf(features, siblingMiss(query, normalizeText(top.text)));
    if (!answerable && result.answered && result.confidence >= above) {
      counts.orphanCount++;
      counts.orphans.set(cause, (counts.orphans.get(cause) ?? 0) + 1);
      if (values.list)
        console.log(`${row}\t${result.confidence.toFixed(2)}\t${cause}\t${q.question}\t${result.answer}`);
    }
    if (answerable && right && result.answered) {
      counts.rightCount++;
      counts.right.set(cause, (counts.right.get(cause) ?? 0) + 1);
    }
    if (values.out)
      lines.push(
        JSON.stringify({
          row,
          id: q.id,
          question: q.question,
          answerable,
          right,
          answered: result.answered,
          confidence: result.confidence,
          answer: result.answer,
          passage: top.text,
          cause,
          words: query.groups.map((g) => ({
            word: g.word,
            kind: g.answerType ?? '',
            importance: g.importance,
          })),
          features,
        }),
      );
  }
}

for (const fitSet of FIT_SETS) {
  const [name] = fitSet;
  const { set, questions } = await readFitSet(path.resolve(values.data!), fitSet);
  const kept = set.paragraphs.filter((p) => !isLeftOut(p.id));
  record(`${name} 20% left out`, createEngine(paragraphFiles(kept)), questions);
  for (const article of articleKnowledges(set.paragraphs)) {
    const inArticle = article.filter((p) => !isLeftOut(p.id));
    if (inArticle.length === 0) continue;
    const ids = new Set(article.map((p) => p.id));
    record(
      `${name} per article 20% left out`,
      createEngine(paragraphFiles(inArticle)),
      questions.filter((q) => ids.has(q.source)),
    );
  }
}
if (values.out) writeFileSync(values.out, lines.join('\n') + '\n');

console.log(`\norphans answered at ${above} or more, by cause / the share of right answers with that cause`);
console.log(['row', 'orphans (right answered)', ...CAUSES].join(' | '));
for (const [row, c] of table) {
  const cells = CAUSES.map(
    (cause) =>
      `${c.orphans.get(cause) ?? 0} / ${((100 * (c.right.get(cause) ?? 0)) / Math.max(1, c.rightCount)).toFixed(1)}%`,
  );
  console.log([row, `${c.orphanCount} (${c.rightCount})`, ...cells].join(' | '));
}
