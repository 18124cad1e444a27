/**
 * `npm run answer-misses`: where the gold answer is when the top citation is the right passage but
 * the answer shown does not hold it, counted per public dev set (../shared/eval; never the
 * article's own questions). Each question whose top citation is its own paragraph falls in one
 * class:
 * - hit: the answer holds a gold answer (withheld ones are counted apart: their answer is "" in
 *   the evaluation, but the span that would have been shown holds the gold)
 * - other passage: the gold is in the question's paragraph but not in the cited passage of it (a
 *   paragraph over 600 characters is split into passages: the ranker cited the wrong one)
 * - not in passage: no gold answer occurs in the paragraph verbatim; "folded" when it does after
 *   normalizing (traditional/simplified, case, width), i.e. the gold is written differently
 * - across sentences: the gold occurs in the passage but in no single sentence (the sentence
 *   splitter cut it, or it spans two sentences)
 * - clause cut off: the gold is in the chosen sentence but outside the clauses the answer kept
 * - before / after: in the sentence just before / after the chosen one
 * - ranked 2nd / ranked lower: in another sentence, which the sentence model ranked 2nd / lower
 * `--set drcd` runs one set, `--examples N` prints N examples of each miss class, `--model FILE`
 * uses another sentence model (data/sentence-model.json by default).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  choiceText,
  DEFAULT_ANSWER_OPTIONS,
  defaultSentenceModel,
  loadSentenceModel,
  pickSpan,
  scoreSpans,
} from '../src/answer/choose.ts';
import { tokenizedSentences } from '../src/answer/clauses.ts';
import type { NamedSpan } from '../src/answer/span-table.ts';
import { isEnglishQuestion } from '../src/answer/spans.ts';
import { loadEngine } from '../src/engine.ts';
import { readSquad, writeKnowledge, type EvalQuestion } from '../src/eval/public-sets.ts';
import { normalizeText, writesTraditional } from '../src/search/normalize.ts';

const SETS: Record<string, [string, string?]> = {
  cmrc: ['cmrc2018_dev.json'],
  drcd: ['drcd_dev.json'],
  'xquad-zh': ['xquad_dev.zh.json'],
  'xquad-en': ['xquad_dev.zh.json', 'xquad_dev.en.json'],
};

const CLASSES = [
  'hit',
  'hit but withheld',
  'other passage',
  'not in passage',
  'folded',
  'across sentences',
  'clause cut off',
  'before',
  'after',
  'ranked 2nd',
  'ranked lower',
] as const;
type MissClass = (typeof CLASSES)[number];

const holds = (text: string, answers: readonly string[]): boolean =>
  answers.some((answer) => text.includes(answer));

interface Classified {
  kind: MissClass;
  /** The answer that was (or, withheld, would have been) shown. */
  shown: string;
  /** The sentence holding the gold, when one does. */
  gold?: string;
}

function classify(
  passage: string,
  /** The whole paragraph the passage was cut from (the passage itself when not cut). */
  paragraph: string,
  answers: readonly string[],
  spans: NamedSpan[],
  answered: boolean,
  english: boolean,
  traditional: boolean,
  model = defaultSentenceModel(),
): Classified {
  const { sentences } = tokenizedSentences(passage);
  const scores = scoreSpans(spans, model);
  const choice = pickSpan(spans, scores, sentences, {
    ...DEFAULT_ANSWER_OPTIONS,
    model,
    english,
    traditional,
  });
  const shown = choiceText(choice, spans, sentences);
  if (holds(shown, answers)) return { kind: answered ? 'hit' : 'hit but withheld', shown };
  if (!holds(passage, answers)) {
    if (holds(paragraph, answers)) return { kind: 'other passage', shown };
    const folded = normalizeText(paragraph);
    const kind = answers.some((answer) => folded.includes(normalizeText(answer)))
      ? 'folded'
      : 'not in passage';
    return { kind, shown };
  }
  const goldSentence = sentences.findIndex((sentence) => holds(sentence, answers));
  if (goldSentence < 0) return { kind: 'across sentences', shown };
  const gold = sentences[goldSentence]!.trim();
  const chosen = spans[choice.best]!.sentence;
  if (goldSentence === chosen) return { kind: 'clause cut off', shown, gold };
  if (goldSentence === chosen - 1) return { kind: 'before', shown, gold };
  if (goldSentence === chosen + 1) return { kind: 'after', shown, gold };
  // The sentence model's rank of the gold sentence: by the best score of any of its spans.
  const bestOf = new Map<number, number>();
  spans.forEach((span, i) => bestOf.set(span.sentence, Math.max(bestOf.get(span.sentence) ?? 0, scores[i]!)));
  const order = [...bestOf].sort((a, b) => b[1] - a[1]).map(([sentence]) => sentence);
  return { kind: order.indexOf(goldSentence) === 1 ? 'ranked 2nd' : 'ranked lower', shown, gold };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      data: { type: 'string', default: '../shared/eval' },
      set: { type: 'string', multiple: true },
      examples: { type: 'string', default: '0' },
      model: { type: 'string' },
    },
  });
  const model = values.model ? loadSentenceModel(values.model) : defaultSentenceModel();
  const examples = Number(values.examples);
  const rows: Array<{ set: string; total: number; right: number; counts: Map<MissClass, number> }> = [];
  for (const name of values.set ?? Object.keys(SETS)) {
    const [file, questionsFile] = SETS[name]!;
    const set = await readSquad(path.join(values.data, file));
    let questions: EvalQuestion[] = set.questions;
    if (questionsFile) {
      const zh = new Map(set.questions.map((q) => [q.id, q.answers]));
      questions = (await readSquad(path.join(values.data, questionsFile))).questions.map((q) => ({
        ...q,
        answers: zh.get(q.id) ?? [],
      }));
    }
    const contexts = new Map(set.paragraphs.map((paragraph) => [paragraph.id, paragraph.context]));
    const dir = await mkdtemp(path.join(tmpdir(), 'citebot-answer-misses-'));
    const counts = new Map<MissClass, number>(CLASSES.map((kind) => [kind, 0]));
    const shown = new Map<MissClass, string[]>();
    let right = 0;
    try {
      await writeKnowledge(set.paragraphs, dir);
      const engine = await loadEngine(dir, { answer: { ...DEFAULT_ANSWER_OPTIONS, model } });
      for (const question of questions) {
        const result = engine.ask(question.question, { diagnose: true });
        const top = result.citations[0];
        if (top?.source !== question.source) continue;
        right++;
        const spans = (result.diagnosis?.spans ?? []).map((span): NamedSpan => ({
          ...span,
          matched: [],
          coverage: 0,
          weighted: 0,
        }));
        const english = isEnglishQuestion(normalizeText(question.question));
        const traditional = writesTraditional(question.question);
        const found = classify(
          top.text,
          contexts.get(question.source) ?? top.text,
          question.answers,
          spans,
          result.answered,
          english,
          traditional,
          model,
        );
        counts.set(found.kind, counts.get(found.kind)! + 1);
        const list = shown.get(found.kind) ?? [];
        if (list.length < examples)
          list.push(
            `  Q ${question.question}\n    gold ${JSON.stringify(question.answers)}\n    shown ${found.shown}` +
              (found.gold ? `\n    gold sentence ${found.gold}` : ''),
          );
        shown.set(found.kind, list);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    rows.push({ set: name, total: questions.length, right, counts });
    for (const kind of CLASSES.slice(2))
      if (shown.get(kind)?.length) console.log(`${name} — ${kind}:\n${shown.get(kind)!.join('\n')}`);
  }
  const pct = (n: number, of: number): string => `${n} (${((100 * n) / of).toFixed(1)}%)`;
  console.log('\nright top citation, by where the gold answer is (share of all questions):');
  const header = ['class', ...rows.map((row) => row.set)];
  const lines = [
    ['questions', ...rows.map((row) => String(row.total))],
    ['right top citation', ...rows.map((row) => pct(row.right, row.total))],
    ...CLASSES.map((kind) => [kind, ...rows.map((row) => pct(row.counts.get(kind)!, row.total))]),
  ];
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((line) => line[i]!.length)));
  for (const line of [header, ...lines])
    console.log(line.map((cell, i) => cell.padEnd(widths[i]!)).join('  '));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
