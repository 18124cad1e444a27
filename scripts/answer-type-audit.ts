/**
 * How the asked kind of answer (src/answer/answer-type.ts) behaves on the public dev sets:
 * `npx tsx scripts/answer-type-audit.ts [--data ../shared/eval] [--sets cmrc,drcd] [--dump FILE] [--counted]`.
 * For every question that asks a kind (amount, time, person, place, name, reason), each set as one
 * knowledge and each article alone (src/eval/conditions.ts), the eval's 20% left out:
 * - how often the kind is absent from the answer sentence / the cited passage, for right tops and
 *   for the orphans' tops (the question's paragraph left out);
 * - the detector's recall: of the gold answers, the share the kind's pattern finds in the gold
 *   text itself, and the commonest golds it misses (an "absent" that is not absent);
 * - with --counted, for "多少/几 X" and "how many X", how often the counted thing X (any of its query terms,
 *   translations included) is absent from the cited passage, for answered right, orphans' and
 *   wrong tops (a candidate rule measured and not kept: docs/evaluation.md).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { askedAnswerType, holdsAnswerType, lacksAnswerType } from '../src/answer/answer-type.ts';
import { KIND_ABSENT_FACTOR, thresholdFor } from '../src/answer/decide.ts';
import { loadAnswerModel } from '../src/answer/model.ts';
import { loadEngine, type Engine } from '../src/engine.ts';
import { articleKnowledges } from '../src/eval/conditions.ts';
import {
  isLeftOut,
  readSquad,
  writeKnowledge,
  type EvalParagraph,
  type EvalQuestion,
} from '../src/eval/public-sets.ts';
import { normalizeText } from '../src/search/normalize.ts';
import type { Query } from '../src/search/query.ts';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: '../shared/eval' },
    sets: { type: 'string', default: 'cmrc,drcd,xquad-zh,xquad-en' },
    dump: { type: 'string' },
    counted: { type: 'boolean', default: false },
  },
});

const SETS: Record<string, [string, string?]> = {
  cmrc: ['cmrc2018_dev.json'],
  drcd: ['drcd_dev.json'],
  'xquad-zh': ['xquad_dev.zh.json'],
  'xquad-en': ['xquad_dev.zh.json', 'xquad_dev.en.json'],
};

interface Record_ {
  set: string;
  scale: string;
  asked: string;
  right: boolean;
  orphan: boolean;
  answered: boolean;
  answeredWithoutRule: boolean;
  inSentence: boolean;
  inPassage: boolean;
  goldInAnswer: boolean;
  goldHasKind: boolean;
  /** The cited passage surely lacks the kind (lacksAnswerType); undefined for kinds it cannot tell. */
  lacks: boolean | undefined;
  passage: string;
  /** The counted thing of "多少/几 X" / "how many X", and whether the cited passage lacks it. */
  counted: string | undefined;
  countedAbsent: boolean;
  goldMayHold: boolean | undefined;
  question: string;
  gold: string;
  answer: string;
}

async function engineOf(paragraphs: readonly EvalParagraph[]): Promise<Engine> {
  const dir = await mkdtemp(path.join(tmpdir(), 'citebot-type-audit-'));
  try {
    await writeKnowledge(paragraphs, dir);
    return await loadEngine(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * One article as ONE plain-text file with a blank line after every sentence: each sentence its
 * own passage, as a member's article of short paragraphs is cut (the public sets' passages are
 * whole paragraphs, where some number or time is nearly always somewhere).
 */
async function sentenceEngineOf(paragraphs: readonly EvalParagraph[]): Promise<Engine> {
  const dir = await mkdtemp(path.join(tmpdir(), 'citebot-type-audit-'));
  try {
    const body = paragraphs
      .map((p) => p.context.replace(/\s*\n\s*/g, ' ').replace(/([。！？!?])\s*/g, '$1\n\n'))
      .join('\n\n');
    await writeFile(path.join(dir, 'article.txt'), `${body}\n`);
    return await loadEngine(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const records: Record_[] = [];

// A measure word between 多少/几 and the thing counted ("多少块 GPU", "几位贡献者").
const MEASURE_WORD = /^[个位名项次家种条行天周年块张台辆架枚颗支层只件部本篇所座场届]\s*/u;

/** The query group that stands for the counted thing of "多少/几 X" or "how many X", if any. */
function countedGroup(query: Query): Query['groups'][number] | undefined {
  const question = normalizeText(query.question);
  const english = /\bhow many ([a-z]+)/.exec(question)?.[1];
  if (english) return query.groups.find((group) => group.word === english);
  const at = /多少|几/.exec(question);
  if (!at) return undefined;
  const rest = question.slice(at.index + at[0].length).trimStart();
  const startsWith = (text: string) => query.groups.find((group) => text.startsWith(group.word));
  return startsWith(rest.replace(MEASURE_WORD, '')) ?? startsWith(rest);
}
const model = loadAnswerModel();

function ask(
  set: string,
  scale: string,
  engine: Engine,
  questions: readonly EvalQuestion[],
  present: ReadonlySet<string>,
  zhAnswers: ReadonlyMap<string, string[]>,
  /** For one-file knowledge: each paragraph's text, to tell which one a passage quotes. */
  contexts?: ReadonlyMap<string, string>,
): void {
  for (const question of questions) {
    const asked = askedAnswerType(normalizeText(question.question));
    if (!asked) continue;
    const result = engine.ask(question.question, { diagnose: true });
    const features = result.diagnosis?.confidence ?? {};
    const orphan = !present.has(question.source);
    const golds = zhAnswers.get(question.id) ?? question.answers;
    const answer = normalizeText(result.diagnosis?.spans ? topAnswer(result) : result.answer);
    const counted = countedGroup(engine.query(question.question));
    const cited = normalizeText(result.citations[0]?.text ?? '');
    records.push({
      set,
      scale,
      asked,
      right:
        !orphan &&
        (contexts
          ? contexts.get(question.source)!.includes(normalizeText(result.citations[0]?.text ?? '')) &&
            golds.some((gold) => normalizeText(result.citations[0]?.text ?? '').includes(normalizeText(gold)))
          : result.citations[0]?.source === question.source),
      orphan,
      answered: result.answered,
      inSentence: features.typeInSentence === 1,
      inPassage: features.typeInPassage === 1,
      goldInAnswer: golds.some((gold) => answer.includes(normalizeText(gold))),
      goldHasKind: golds.some((gold) => holdsAnswerType(normalizeText(gold), asked)),
      lacks: asked === 'amount' || asked === 'time' ? features.kindAbsent === 1 : undefined,
      // Answered but for the rule (decide.ts KIND_ABSENT_FACTOR; the confidence is rounded to 0.01).
      answeredWithoutRule:
        result.answered ||
        (features.kindAbsent === 1 &&
          result.confidence / KIND_ABSENT_FACTOR >= thresholdFor(model.confidence, features) - 0.005),
      passage: result.citations[0]?.text ?? '',
      counted: counted?.word,
      countedAbsent: counted !== undefined && !counted.terms.some(({ term }) => cited.includes(term)),
      goldMayHold: !lacksAnswerType(normalizeText(golds.join(' ')), asked),
      question: question.question,
      gold: golds[0] ?? '',
      answer,
    });
  }
}

/** The top citation's chosen answer even when it was withheld (answer is "" then). */
function topAnswer(result: ReturnType<Engine['ask']>): string {
  if (result.answer) return result.answer;
  const spans = result.diagnosis?.spans ?? [];
  return spans.map((span) => span.text).join('');
}

for (const set of values.sets!.split(',')) {
  const [file, questionsFile] = SETS[set]!;
  const data = await readSquad(path.join(values.data!, file));
  const questions = questionsFile
    ? (await readSquad(path.join(values.data!, questionsFile))).questions
    : data.questions;
  const zhAnswers = new Map(questionsFile ? data.questions.map((q) => [q.id, q.answers] as const) : []);
  const kept = data.paragraphs.filter((p) => !isLeftOut(p.id));
  ask(set, 'whole', await engineOf(kept), questions, new Set(kept.map((p) => p.id)), zhAnswers);
  for (const article of articleKnowledges(data.paragraphs)) {
    const ids = new Set(article.map((p) => p.id));
    const articleKept = article.filter((p) => !isLeftOut(p.id));
    if (!articleKept.length) continue;
    ask(
      set,
      'article',
      await engineOf(articleKept),
      questions.filter((q) => ids.has(q.source)),
      new Set(articleKept.map((p) => p.id)),
      zhAnswers,
    );
    ask(
      set,
      'sentences',
      await sentenceEngineOf(articleKept),
      questions.filter((q) => ids.has(q.source)),
      new Set(articleKept.map((p) => p.id)),
      zhAnswers,
      new Map(article.map((p) => [p.id, normalizeText(p.context)])),
    );
  }
  console.error(`${set} done`);
}

const pct = (n: number, d: number): string => (d ? ((100 * n) / d).toFixed(1) : '—').padStart(5);
console.log(
  "set/scale/kind            right tops: n  absent sent  absent passage | orphans' tops: n  absent sent  absent passage | gold holds kind (recall)",
);
const groups = new Map<string, Record_[]>();
for (const r of records) {
  for (const key of [
    `${r.set} ${r.scale} all`,
    `${r.set} ${r.scale} ${r.asked}`,
    `all ${r.scale} ${r.asked}`,
  ]) {
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
}
for (const [key, rows] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
  const right = rows.filter((r) => r.right);
  const orphans = rows.filter((r) => r.orphan);
  const answerable = rows.filter((r) => !r.orphan);
  console.log(
    `${key.padEnd(26)} ${String(right.length).padStart(6)}  ${pct(right.filter((r) => !r.inSentence).length, right.length)}  ${pct(right.filter((r) => !r.inPassage).length, right.length)}   | ${String(orphans.length).padStart(6)}  ${pct(orphans.filter((r) => !r.inSentence).length, orphans.length)}  ${pct(orphans.filter((r) => !r.inPassage).length, orphans.length)}   | ${pct(answerable.filter((r) => r.goldHasKind).length, answerable.length)}`,
  );
}
// Detector misses: right tops whose answer holds the gold but whose sentence reads as lacking the kind.
const misses = records.filter((r) => r.right && r.goldInAnswer && !r.inSentence);
console.log(`\nright tops holding the gold, kind "absent" from the sentence: ${misses.length}`);
const byKind = new Map<string, Map<string, number>>();
for (const r of records.filter((r) => !r.orphan && !r.goldHasKind)) {
  const golds = byKind.get(r.asked) ?? new Map<string, number>();
  golds.set(r.gold, (golds.get(r.gold) ?? 0) + 1);
  byKind.set(r.asked, golds);
}
for (const [kind, golds] of byKind)
  console.log(
    `gold ${kind} not matched (${[...golds.values()].reduce((a, b) => a + b, 0)}): ${[...golds]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 40)
      .map(([g, n]) => (n > 1 ? `${g}×${n}` : g))
      .join(' | ')}`,
  );
// The rule "the cited passage surely lacks the kind: withhold", per set and scale: the right
// answers it would withhold and the orphans' answered tops it would abstain on.
console.log(
  '\nrule: withhold when the cited passage surely lacks the kind (amount, time; decide.ts KIND_ABSENT_FACTOR)',
);
console.log(
  'set scale            right answered  withheld by rule | orphans answered  abstained by rule | wrong top answered  withheld | gold may-hold recall',
);
const ruleGroups = new Map<string, Record_[]>();
for (const r of records.filter((r) => r.lacks !== undefined))
  for (const key of [`${r.set} ${r.scale}`, `${r.set} ${r.scale} ${r.asked}`])
    ruleGroups.set(key, [...(ruleGroups.get(key) ?? []), r]);
for (const [key, rows] of [...ruleGroups].sort(([a], [b]) => a.localeCompare(b))) {
  const rightAnswered = rows.filter((r) => r.right && r.answeredWithoutRule);
  const orphansAnswered = rows.filter((r) => r.orphan && r.answeredWithoutRule);
  const wrongAnswered = rows.filter((r) => !r.orphan && !r.right && r.answeredWithoutRule);
  const answerable = rows.filter((r) => !r.orphan);
  console.log(
    `${key.padEnd(24)} ${String(rightAnswered.length).padStart(6)}  ${String(rightAnswered.filter((r) => r.lacks).length).padStart(6)}        | ${String(orphansAnswered.length).padStart(6)}  ${String(orphansAnswered.filter((r) => r.lacks).length).padStart(6)}         | ${String(wrongAnswered.length).padStart(6)}  ${String(wrongAnswered.filter((r) => r.lacks).length).padStart(6)} | ${pct(answerable.filter((r) => r.goldMayHold).length, answerable.length)}`,
  );
}
for (const r of records.filter((r) => r.right && r.answeredWithoutRule && r.lacks).slice(0, 30))
  console.log(`  right withheld by rule: ${r.set} ${r.asked} ${r.question} | gold ${r.gold}`);
// The counted thing absent from the cited passage: right answers a rule on it would withhold
// against the orphans' and wrong answered tops it would abstain on.
if (values.counted)
  console.log(
    '\nrule candidate: withhold when the cited passage lacks the counted thing of "多少/几 X", "how many X"',
  );
if (values.counted)
  console.log(
    'set scale            questions with X | right answered  lacking X | orphans answered  lacking X | wrong answered  lacking X',
  );
const countedGroups = new Map<string, Record_[]>();
for (const r of records.filter((r) => values.counted && r.counted !== undefined))
  for (const key of [`${r.set} ${r.scale}`, `all ${r.scale}`])
    countedGroups.set(key, [...(countedGroups.get(key) ?? []), r]);
for (const [key, rows] of [...countedGroups].sort(([a], [b]) => a.localeCompare(b))) {
  const column = (picked: Record_[]) =>
    `${String(picked.length).padStart(6)}  ${String(picked.filter((r) => r.countedAbsent).length).padStart(6)}`;
  console.log(
    `${key.padEnd(24)} ${String(rows.length).padStart(6)}       | ${column(rows.filter((r) => r.right && r.answered))}     | ${column(rows.filter((r) => r.orphan && r.answered))}       | ${column(rows.filter((r) => !r.orphan && !r.right && r.answered))}`,
  );
}
for (const r of records
  .filter((r) => values.counted && r.right && r.answered && r.countedAbsent)
  .slice(0, 30))
  console.log(`  right lacking X: ${r.set} ${r.scale} [${r.counted}] ${r.question} | gold ${r.gold}`);
if (values.dump) writeFileSync(values.dump, JSON.stringify(records));
