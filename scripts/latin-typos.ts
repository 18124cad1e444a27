/**
 * Latin words typed with a slip, in English questions and in Chinese ones: each question as
 * published and with one slip in one of its Latin words, for each kind of slip a member makes (a
 * letter left out, two neighbours swapped, one wrong: a key next to it on a QWERTY keyboard, one
 * doubled). A fixed rule: the position is drawn by hash, never the first letter (members rarely
 * slip there, and a repair leans on it), and a slip that leaves the word as it was is skipped.
 * - xquad-en: XQuAD's English questions over its Chinese paragraphs; the slip in the question's
 *   longest lowercase word of five letters or more (what CrossLingualTerms.repairEnglish reads).
 * - cmrc, drcd, xquad-zh: the questions holding a Latin word of four letters or more (a name the
 *   knowledge writes in Latin letters: TypoRepair's job); the slip in the longest such word.
 * Each set's paragraphs are the knowledge, one file each. `--src DIR` measures another checkout's
 * engine (e.g. main's) with the same questions.
 * Run: npx tsx scripts/latin-typos.ts [--sets cmrc,drcd,xquad-zh,xquad-en] [--src DIR] [--show N]
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { paragraphFiles } from '../src/eval/conditions.ts';
import { askAll, isRight, readSquad, stableHash, type EvalQuestion } from '../src/eval/public-sets.ts';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: '/work/shared/eval' },
    sets: { type: 'string', default: 'cmrc,drcd,xquad-zh,xquad-en' },
    src: { type: 'string', default: path.join(import.meta.dirname, '../src') },
    show: { type: 'string', default: '0' },
    dump: { type: 'string' },
  },
});
const { createEngine } = (await import(
  path.resolve(values.src!, 'engine.ts')
)) as typeof import('../src/engine.ts');

const KEYBOARD_ROWS = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm'];

/** The keys left and right of a letter on its row of a QWERTY keyboard. */
function neighbours(letter: string): string[] {
  const lower = letter.toLowerCase();
  const row = KEYBOARD_ROWS.find((keys) => keys.includes(lower));
  if (!row) return [];
  const at = row.indexOf(lower);
  const keys = [row[at - 1], row[at + 1]].filter((key): key is string => key !== undefined);
  return letter === lower ? keys : keys.map((key) => key.toUpperCase());
}

type Slip = (word: string, seed: string) => string | undefined;

/** A position in [1, length - tail), drawn by hash: never the first letter. */
const positionIn = (word: string, seed: string, tail: number): number | undefined =>
  word.length - tail > 1 ? 1 + (stableHash(seed) % (word.length - tail - 1)) : undefined;

const SLIPS: Record<string, Slip> = {
  'left out': (word, seed) => {
    const at = positionIn(word, seed, 0);
    return at === undefined ? undefined : word.slice(0, at) + word.slice(at + 1);
  },
  swapped: (word, seed) => {
    const at = positionIn(word, seed, 1);
    if (at === undefined || word[at] === word[at + 1]) return undefined;
    return word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2);
  },
  wrong: (word, seed) => {
    const at = positionIn(word, seed, 0);
    const keys = at === undefined ? [] : neighbours(word[at]!);
    if (keys.length === 0) return undefined;
    return word.slice(0, at) + keys[stableHash(`key:${seed}`) % keys.length] + word.slice(at! + 1);
  },
  doubled: (word, seed) => {
    const at = positionIn(word, seed, 0);
    return at === undefined ? undefined : word.slice(0, at) + word[at] + word.slice(at);
  },
};

/** The question's word that takes the slip: its longest that fits the set's rule, first if tied. */
function targetWord(question: string, english: boolean): RegExpMatchArray | undefined {
  const pattern = english ? /\b[a-z]{5,}\b/g : /(?<![A-Za-z0-9])[A-Za-z]{4,}(?![A-Za-z0-9])/g;
  return [...question.matchAll(pattern)].reduce<RegExpMatchArray | undefined>(
    (best, word) => (!best || word[0].length > best[0].length ? word : best),
    undefined,
  );
}

const SETS: Record<string, { knowledge: string; questions: string; english: boolean }> = {
  cmrc: { knowledge: 'cmrc2018_dev.json', questions: 'cmrc2018_dev.json', english: false },
  drcd: { knowledge: 'drcd_dev.json', questions: 'drcd_dev.json', english: false },
  'xquad-zh': { knowledge: 'xquad_dev.zh.json', questions: 'xquad_dev.zh.json', english: false },
  'xquad-en': { knowledge: 'xquad_dev.zh.json', questions: 'xquad_dev.en.json', english: true },
};

const percent = (right: number, total: number): string =>
  `${((100 * right) / Math.max(1, total)).toFixed(1)}%`.padEnd(8);
const dumped: string[] = [];
console.log(`engine: ${values.src}`);
console.log('set       slip       questions  R@1 as asked/slip  right+answered as asked/slip');
for (const name of values.sets!.split(',')) {
  const spec = SETS[name];
  if (!spec) throw new Error(`unknown set ${name}`);
  const knowledge = await readSquad(path.join(values.data!, spec.knowledge));
  const { questions } = await readSquad(path.join(values.data!, spec.questions));
  const engine = createEngine(paragraphFiles(knowledge.paragraphs));
  const targets = questions.flatMap((question) => {
    const word = targetWord(question.question, spec.english);
    return word ? [{ question, word }] : [];
  });
  const asAsked = new Map(
    askAll(
      engine,
      targets.map(({ question }) => question),
    ).map((o) => [o.question.id, o]),
  );
  for (const [kind, slip] of Object.entries(SLIPS)) {
    const pairs: { asked: EvalQuestion; typed: EvalQuestion }[] = [];
    for (const { question, word } of targets) {
      const typed = slip(word[0], `${kind}:${question.id}`);
      if (!typed || typed === word[0]) continue;
      const text =
        question.question.slice(0, word.index) +
        typed +
        question.question.slice(word.index! + word[0].length);
      pairs.push({ asked: question, typed: { ...question, question: text } });
    }
    const slipped = askAll(
      engine,
      pairs.map(({ typed }) => typed),
    );
    const asked = pairs.map(({ asked }) => asAsked.get(asked.id)!);
    const count = (outcomes: typeof slipped, answered: boolean): number =>
      outcomes.filter((o) => isRight(o) && (!answered || o.result.answered)).length;
    console.log(
      `${name.padEnd(10)}${kind.padEnd(11)}${String(pairs.length).padEnd(11)}` +
        `${percent(count(asked, false), pairs.length)}${percent(count(slipped, false), pairs.length)}  ` +
        `${percent(count(asked, true), pairs.length)}${percent(count(slipped, true), pairs.length)}`,
    );
    for (const o of slipped)
      dumped.push(
        `${name}\t${kind}\t${o.question.question}\t${isRight(o) && o.result.answered ? 'right' : isRight(o) ? 'withheld' : 'wrong'}\t${o.result.confidence}`,
      );
    const lost = slipped.filter(
      (o, i) => isRight(asked[i]!) && asked[i]!.result.answered && !(isRight(o) && o.result.answered),
    );
    for (const o of lost.slice(0, Number(values.show)))
      console.log(
        `    ${o.question.question}  (${o.result.answered ? 'answered' : 'withheld'} ${o.result.confidence}, ${isRight(o) ? 'right' : 'wrong'} passage)`,
      );
  }
}
if (values.dump) writeFileSync(values.dump, dumped.join('\n') + '\n');
