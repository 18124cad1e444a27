/**
 * Chinese questions typed with a pinyin slip: a fixed sample of CMRC, DRCD and XQuAD-zh questions,
 * as asked and with one character of a word they share with their paragraph swapped for another
 * of the same toneless reading (a fixed rule: the word of 2-4 characters drawn by hash among the
 * question's content words that the paragraph holds, the character drawn by hash, the homophone
 * drawn by hash among the 5 commonest of its readings — a keyboard's first candidates — that
 * leaves a word the paragraph does not hold). Each set's paragraphs are the knowledge, one file
 * each; with --per-article, each article alone (as `npm run eval`'s per-article rows build it,
 * nothing left out). Scored with the homophone repair (src/search/homophones.ts) and without it.
 * Run: npx tsx scripts/homophone-typos.ts [--data /work/shared/eval] [--sample 400] [--per-article] [--show N]
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createEngine } from '../src/engine.ts';
import { articleKnowledges, paragraphFiles } from '../src/eval/conditions.ts';
import {
  askAll,
  readSquad,
  type Outcome,
  scoreOutcomes,
  stableHash,
  type EvalQuestion,
} from '../src/eval/public-sets.ts';
import { CrossLingualTerms, DEFAULT_HOMOPHONES_PATH } from '../src/search/cross-lingual.ts';
import { normalizeText } from '../src/search/normalize.ts';
import { segmenter } from '../src/search/segment.ts';
import { isStopword } from '../src/search/tokenize.ts';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: '/work/shared/eval' },
    sample: { type: 'string', default: '400' },
    show: { type: 'string', default: '0' },
    'per-article': { type: 'boolean', default: false },
  },
});
const SAMPLE = Number(values.sample);
/** A keyboard shows about this many candidates for a syllable before paging. */
const FIRST_CANDIDATES = 5;

const table = JSON.parse(readFileSync(DEFAULT_HOMOPHONES_PATH, 'utf8')) as Record<string, string>;
const readingsOf = new Map<string, string[]>();
for (const [reading, chars] of Object.entries(table))
  for (const char of chars) readingsOf.set(char, [...(readingsOf.get(char) ?? []), reading]);

/** The question with one character of a shared word swapped for a homophone, or undefined. */
function withSlip(question: EvalQuestion, paragraph: string): string | undefined {
  const normalized = normalizeText(question.question);
  // Normalizing maps characters one to one (traditional -> simplified, case), so positions agree.
  if (Array.from(normalized).length !== Array.from(question.question).length) return undefined;
  const words: { start: number; word: string[] }[] = [];
  let at = 0;
  for (const { segment } of segmenter.segment(normalized)) {
    const chars = Array.from(segment);
    if (/^\p{Script=Han}{2,4}$/u.test(segment) && !isStopword(segment) && paragraph.includes(segment))
      words.push({ start: at, word: chars });
    at += chars.length;
  }
  if (words.length === 0) return undefined;
  const { start, word } = words[stableHash(`word:${question.id}`) % words.length]!;
  const position = stableHash(`char:${question.id}`) % word.length;
  const original = word[position]!;
  const homophones = (readingsOf.get(original) ?? []).flatMap((reading) =>
    Array.from(table[reading]!)
      .filter((char) => char !== original)
      .slice(0, FIRST_CANDIDATES),
  );
  const fitting = homophones.filter((char) => {
    const typed = [...word];
    typed[position] = char;
    return !paragraph.includes(typed.join(''));
  });
  if (fitting.length === 0) return undefined;
  const chars = Array.from(question.question);
  chars[start + position] = fitting[stableHash(`homophone:${question.id}`) % fitting.length]!;
  return chars.join('');
}

const percent = (share: number): string => `${(share * 100).toFixed(1)}%`.padEnd(8);
const repair = CrossLingualTerms.prototype.repairHomophones;
const sets = [
  ['cmrc', 'cmrc2018_dev.json'],
  ['drcd', 'drcd_dev.json'],
  ['xquad-zh', 'xquad_dev.zh.json'],
] as const;
console.log('set       questions            repair  R@1     hit     answered right+answered');
for (const [name, file] of sets) {
  const set = await readSquad(path.join(values.data!, file));
  const contexts = new Map(set.paragraphs.map((p) => [p.id, normalizeText(p.context)]));
  const groups = values['per-article'] ? articleKnowledges(set.paragraphs) : [set.paragraphs];
  const engines = groups.map((group) => ({
    engine: createEngine(paragraphFiles(group)),
    ids: new Set(group.map((paragraph) => paragraph.id)),
  }));
  const askEach = (questions: readonly EvalQuestion[]): Outcome[] =>
    engines.flatMap(({ engine, ids }) =>
      askAll(
        engine,
        questions.filter((question) => ids.has(question.source)),
      ),
    );
  const asked = new Set(engines.flatMap(({ ids }) => [...ids]));
  const sample = set.questions
    .filter((question) => asked.has(question.source))
    .sort((a, b) => stableHash(`sample:${a.id}`) - stableHash(`sample:${b.id}`))
    .flatMap((question) => {
      const typed = withSlip(question, contexts.get(question.source)!);
      return typed ? [{ asked: question, typed: { ...question, question: typed } }] : [];
    })
    .slice(0, SAMPLE);
  for (const [label, on] of [
    ['with', true],
    ['without', false],
  ] as const) {
    // Without: the repair method (looked up on each question) leaves the question as typed.
    CrossLingualTerms.prototype.repairHomophones = on ? repair : (normalized) => normalized;
    for (const [rows, questions] of [
      ['as asked', sample.map((s) => s.asked)],
      ['one homophone slip', sample.map((s) => s.typed)],
    ] as const) {
      const score = scoreOutcomes(askEach(questions));
      console.log(
        `${name.padEnd(10)}${rows.padEnd(21)}${label.padEnd(8)}${percent(score.recallAt1)}` +
          `${percent(score.answerHit)}${percent(score.answered)}${percent(score.answeredRight)}` +
          `(${questions.length})`,
      );
    }
  }
  CrossLingualTerms.prototype.repairHomophones = repair;
  for (const { asked, typed } of sample.slice(0, Number(values.show)))
    console.log(`  ${asked.question} -> ${typed.question}`);
}
