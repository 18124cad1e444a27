/**
 * `tsx scripts/fit-associations.ts --folds DIR` (or `--sets a,b --out FILE`): learns, from the
 * public dev sets' (question, answering sentence) pairs, which words a sentence writes for a
 * question word it does not write (src/answer/associations.ts). The answering sentence is the one
 * holding the first gold answer; the question's words it writes verbatim are left out. For each
 * remaining question word q and each word s of that sentence (not a word of the question):
 * a(q, s) = log((n(q,s) + m·p(s)) / ((n(q) + m)·p(s))), p(s) the share of all the sets'
 * sentences holding s, m the shrinkage (--shrink), n counted in distinct articles (the questions of
 * one paragraph share its topic, which is not wording); pruned to pairs of --min-pair articles,
 * a(q, s) ≥ --min-score, the --top strongest per question word. `--folds DIR` writes DIR/all.json
 * and DIR/no-<set>.json fitted on the other two sets, so each set is scored out of fold
 * (scripts/measure-associations.ts, npm run calibrate -- --associations DIR). Measured and not
 * kept (docs/evaluation.md): nothing served reads these tables.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { associationWords, type AssociationFile } from '../src/answer/associations.ts';
import { readSquad } from '../src/eval/public-sets.ts';
import { normalizeText } from '../src/search/normalize.ts';

const FILES: Record<string, string> = {
  cmrc: 'cmrc2018_dev.json',
  drcd: 'drcd_dev.json',
  'xquad-zh': 'xquad_dev.zh.json',
};

function sentencesOf(context: string): Array<{ start: number; text: string }> {
  const out: Array<{ start: number; text: string }> = [];
  const pattern = /[^。！？!?；;\n]+[。！？!?；;\n]*/gu;
  for (let match = pattern.exec(context); match; match = pattern.exec(context))
    out.push({ start: match.index, text: match[0] });
  return out;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    allowNegative: true,
    options: {
      data: { type: 'string', default: '../shared/eval' },
      sets: { type: 'string', default: 'cmrc,drcd,xquad-zh' },
      out: { type: 'string', default: '/tmp/associations.json' },
      /** Writes DIR/all.json and, per set, DIR/no-<set>.json fitted on the other two. */
      folds: { type: 'string' },
      shrink: { type: 'string', default: '30' },
      'min-pair': { type: 'string', default: '3' },
      'min-score': { type: 'string', default: '0.7' },
      top: { type: 'string', default: '24' },
      /** Sentence numbers as words ("#年"): --no-numbers leaves them out (they hold every answer kind). */
      numbers: { type: 'boolean', default: true },
      /** A control: each question word gets another word's associations (a fixed rotation). */
      shuffle: { type: 'boolean', default: false },
      /** "pmi" (the shrunk mutual information) or "model1" (IBM Model 1's t(q | s) over q's share). */
      method: { type: 'string', default: 'pmi' },
    },
  });
  const options: FitOptions = {
    data: values.data,
    shrink: Number(values.shrink),
    minPair: Number(values['min-pair']),
    minScore: Number(values['min-score']),
    top: Number(values.top),
    numbers: values.numbers,
    shuffle: values.shuffle,
    method: values.method,
  };
  const all = values.sets.split(',');
  const jobs: Array<[string[], string]> = values.folds
    ? [
        [all, path.join(values.folds, 'all.json')],
        ...all.map((left): [string[], string] => [
          all.filter((set) => set !== left),
          path.join(values.folds!, `no-${left}.json`),
        ]),
      ]
    : [[all, values.out]];
  if (values.folds) mkdirSync(values.folds, { recursive: true });
  for (const [sets, out] of jobs) {
    const file = await fit(sets, options);
    writeFileSync(out, `${JSON.stringify(file)}\n`);
    const { pairs } = file.fit as { pairs: number };
    const kept = Object.values(file.words).reduce((sum, list) => sum + list.split(' ').length / 2, 0);
    console.error(
      `${pairs} (question, sentence) pairs of ${sets.join('+')}: ${Object.keys(file.words).length} question words, ${kept} associations; wrote ${out}`,
    );
  }
}

interface FitOptions {
  data: string;
  shrink: number;
  minPair: number;
  minScore: number;
  top: number;
  numbers: boolean;
  shuffle: boolean;
  method: string;
}

/**
 * IBM Model 1 (Berger & Lafferty's translation model): t(q | s), the probability that sentence word
 * s is written q in the question, by EM over the pairs, with an empty word that takes the
 * question words no sentence word explains. The score is t(q | s) over q's share of all missing
 * question words: how much more likely s makes q than chance.
 */
function model1(aligned: ReadonlyArray<{ missing: string[]; written: string[] }>): {
  t: Map<string, number>;
  share: Map<string, number>;
} {
  const key = (q: string, s: string): string => `${q}\u0000${s}`;
  const share = new Map<string, number>();
  let tokens = 0;
  for (const { missing } of aligned)
    for (const q of missing) {
      share.set(q, (share.get(q) ?? 0) + 1);
      tokens++;
    }
  for (const [q, count] of share) share.set(q, count / tokens);
  let t = new Map<string, number>();
  const uniform = 1 / share.size;
  for (let iteration = 0; iteration < 8; iteration++) {
    const counts = new Map<string, number>();
    const totals = new Map<string, number>();
    for (const { missing, written } of aligned) {
      const sources = ['', ...written];
      for (const q of missing) {
        const probabilities = sources.map((s) => t.get(key(q, s)) ?? (iteration === 0 ? uniform : 0));
        const sum = probabilities.reduce((a, b) => a + b, 0);
        if (sum <= 0) continue;
        sources.forEach((s, i) => {
          const c = probabilities[i]! / sum;
          counts.set(key(q, s), (counts.get(key(q, s)) ?? 0) + c);
          totals.set(s, (totals.get(s) ?? 0) + c);
        });
      }
    }
    t = new Map();
    for (const [k, c] of counts) t.set(k, c / totals.get(k.slice(k.indexOf('\u0000') + 1))!);
  }
  return { t, share };
}

async function fit(sets: readonly string[], options: FitOptions): Promise<AssociationFile> {
  const { shrink: SHRINK, minPair: MIN_PAIR, minScore: MIN_SCORE, top: TOP } = options;
  const sentenceCount = new Map<string, number>();
  let sentences = 0;
  // Counted once per article: the questions of one paragraph share its topic, which is not wording.
  const pairArticles = new Map<string, Map<string, Set<string>>>();
  const wordArticles = new Map<string, Set<string>>();
  let pairs = 0;
  const aligned: Array<{ missing: string[]; written: string[] }> = [];
  for (const name of sets) {
    const set = await readSquad(path.join(options.data, FILES[name]!));
    const byId = new Map(set.paragraphs.map((p) => [p.id, p]));
    for (const paragraph of set.paragraphs)
      for (const { text } of sentencesOf(paragraph.context)) {
        sentences++;
        for (const word of associationWords(normalizeText(text)))
          sentenceCount.set(word, (sentenceCount.get(word) ?? 0) + 1);
      }
    for (const question of set.questions) {
      const context = byId.get(question.source)!.context;
      const at = question.answers.map((a) => context.indexOf(a)).find((i) => i >= 0);
      if (at === undefined) continue;
      const sentence = sentencesOf(context)
        .filter(({ start }) => start <= at)
        .pop();
      if (!sentence) continue;
      const normalized = normalizeText(sentence.text);
      const asked = associationWords(normalizeText(question.question));
      const missing = asked.filter((word) => !word.startsWith('#') && !normalized.includes(word));
      const written = associationWords(normalized).filter(
        (word) => !asked.includes(word) && (options.numbers || !word.startsWith('#')),
      );
      pairs++;
      if (missing.length) aligned.push({ missing, written });
      const article = `${name}:${byId.get(question.source)!.article}`;
      for (const q of missing) {
        wordArticles.set(q, (wordArticles.get(q) ?? new Set()).add(article));
        const row = pairArticles.get(q) ?? new Map<string, Set<string>>();
        for (const s of written) row.set(s, (row.get(s) ?? new Set()).add(article));
        pairArticles.set(q, row);
      }
    }
  }
  const translation = options.method === 'model1' ? model1(aligned) : undefined;
  const words: Record<string, string> = {};
  for (const [q, row] of [...pairArticles].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const n = wordArticles.get(q)!.size;
    const scored: Array<[string, number]> = [];
    for (const [s, articles] of row) {
      const count = articles.size;
      if (count < MIN_PAIR) continue;
      const p = (sentenceCount.get(s) ?? 1) / sentences;
      const score = translation
        ? Math.log((translation.t.get(`${q}\u0000${s}`) ?? 0) / translation.share.get(q)! + 1e-12)
        : Math.log((count + SHRINK * p) / ((n + SHRINK) * p));
      if (score >= MIN_SCORE) scored.push([s, Math.round(score * 100) / 100]);
    }
    if (!scored.length) continue;
    scored.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    words[q] = scored
      .slice(0, TOP)
      .map(([s, score]) => `${s} ${score}`)
      .join(' ');
  }
  if (options.shuffle) {
    const keys = Object.keys(words);
    const rows = keys.map((key) => words[key]!);
    keys.forEach((key, i) => (words[key] = rows[(i + 7) % rows.length]!));
  }
  const file: AssociationFile = {
    fit: {
      by: 'tsx scripts/fit-associations.ts',
      sets,
      pairs,
      sentences,
      shrink: SHRINK,
      minPair: MIN_PAIR,
      minScore: MIN_SCORE,
      top: TOP,
      method: options.method,
    },
    words,
  };
  return file;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
