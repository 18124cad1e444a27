/**
 * `tsx scripts/english-wrong-tops.ts [--data DIR] [--whole] [--verbose]`: XQuAD's English questions
 * whose top passage is wrong where their Chinese twins' (same ids) is right. Each XQuAD article
 * alone, 20% left out (npm run eval's "per article" row), or with --whole every paragraph of the
 * set (the "xquad-en" row). For each such pair it prints the English query's groups (how each word
 * reached the index, its weight, whether the gold and the wrong top hold it) and the Chinese
 * twin's words that the gold passage holds and no English group reaches. Public dev sets only
 * (docs/evaluation.md, en10).
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createEngine } from '../src/engine.ts';
import { articleKnowledges, paragraphFiles } from '../src/eval/conditions.ts';
import { isLeftOut, readSquad, type EvalParagraph } from '../src/eval/public-sets.ts';
import { normalizeText } from '../src/search/normalize.ts';
import { groupCoverage, INNER_BIGRAM_WEIGHT, type QueryGroup } from '../src/search/query.ts';
import { tokenize } from '../src/search/tokenize.ts';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: '../shared/eval' },
    whole: { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
  },
});
const zh = await readSquad(path.join(values.data, 'xquad_dev.zh.json'));
const en = await readSquad(path.join(values.data, 'xquad_dev.en.json'));
const english = new Map(en.questions.map((q) => [q.id, q.question]));
const contextOf = new Map(zh.paragraphs.map((p) => [p.id, p.context]));

/** A passage's index terms, for "does it hold this group". */
const termsCache = new Map<string, Set<string>>();
const termsOf = (id: string): Set<string> => {
  let terms = termsCache.get(id);
  if (!terms) termsCache.set(id, (terms = new Set(tokenize(normalizeText(contextOf.get(id)!)))));
  return terms;
};
const covers = (group: QueryGroup, id: string): number => groupCoverage(group, (t) => termsOf(id).has(t));

interface Miss {
  id: string;
  en: string;
  zh: string;
  gold: string;
  wrong: string;
  enGroups: QueryGroup[];
  zhGroups: QueryGroup[];
}
const misses: Miss[] = [];
let answerable = 0;
let zhRight = 0;
let enRight = 0;
const knowledges: EvalParagraph[][] = values.whole
  ? [zh.paragraphs]
  : articleKnowledges(zh.paragraphs).map((article) => article.filter((p) => !isLeftOut(p.id)));
for (const kept of knowledges) {
  if (kept.length === 0) continue;
  const engine = createEngine(paragraphFiles(kept));
  const ids = new Set(kept.map((p) => p.id));
  for (const q of zh.questions.filter((question) => ids.has(question.source))) {
    answerable++;
    const question = english.get(q.id)!;
    const zhTop = engine.ask(q.question).citations[0]?.source;
    const enTop = engine.ask(question).citations[0]?.source;
    if (zhTop === q.source) zhRight++;
    if (enTop === q.source) enRight++;
    if (zhTop !== q.source || enTop === q.source || !enTop) continue;
    misses.push({
      id: q.id,
      en: question,
      zh: q.question,
      gold: q.source,
      wrong: enTop,
      enGroups: engine.query(question).groups,
      zhGroups: engine.query(q.question).groups,
    });
  }
}

const pct = (n: number): string => ((100 * n) / answerable).toFixed(1);
console.log(
  `${values.whole ? 'whole set' : 'per article, 20% left out'}: ${answerable} answerable, R@1 zh ${pct(zhRight)}, en ${pct(enRight)}; ` +
    `${misses.length} pairs with the Chinese top right and the English top wrong`,
);
const show = (g: QueryGroup, m: Miss): string => {
  const terms = g.terms
    .filter((t) => t.weight !== INNER_BIGRAM_WEIGHT)
    .slice(0, 6)
    .map((t) => t.term)
    .join('/');
  const kind = g.answerType ? `:${g.answerType}` : '';
  return `${g.word}[${g.source}${kind} ${g.importance.toFixed(1)} gold ${covers(g, m.gold).toFixed(1)} wrong ${covers(g, m.wrong).toFixed(1)}] ${terms}`;
};
/**
 * What kept each English word from the gold passage or led to the wrong one (a pair counts under
 * every cause one of its words shows): a name typed capitalized that the gold passage's words do
 * not reach; a word with no translation the knowledge has; a translation the gold lacks and the
 * wrong top holds (a sense the gold words otherwise); a word discounted as the kind asked for that
 * the gold holds and the wrong top does not; a number the gold writes otherwise; or, with every
 * word alike in both, a tie the scores decided.
 */
function causesOf(m: Miss): string[] {
  const capitalized = new Set(
    [...m.en.matchAll(/(?<=\S\s+)[A-Z][A-Za-z]*/g)].map((match) => match[0].toLowerCase()),
  );
  const causes = new Set<string>();
  for (const g of m.enGroups) {
    const gold = covers(g, m.gold);
    const wrong = covers(g, m.wrong);
    if (g.source === 'word' && g.terms.length === 1 && /^\d/.test(g.word)) {
      if (gold === 0) causes.add('number written otherwise');
    } else if (capitalized.has(g.word) && gold === 0) causes.add('name not reached');
    else if (g.source === 'unknown' || g.source === 'untranslated') causes.add('no translation');
    else if (gold === 0 && wrong > 0) causes.add('sense the gold words otherwise');
    if (g.answerType && gold > wrong) causes.add('discounted as the kind asked');
  }
  const alike = m.enGroups.every((g) => covers(g, m.gold) === covers(g, m.wrong));
  if (alike) causes.add('tie: the same words in both');
  return [...causes];
}
const counts = new Map<string, number>();
for (const m of misses) for (const cause of causesOf(m)) counts.set(cause, (counts.get(cause) ?? 0) + 1);
console.log(
  'pairs by cause:',
  [...counts]
    .sort((a, b) => b[1] - a[1])
    .map(([c, n]) => `${c} ${n}`)
    .join(', '),
);

for (const m of misses) {
  // The Chinese twin's words the gold passage holds that no English group's terms reach.
  const enTerms = new Set(m.enGroups.flatMap((g) => g.terms.map((t) => t.term)));
  const unreached = m.zhGroups.filter(
    (g) => covers(g, m.gold) >= 0.8 && !g.terms.some((t) => t.weight >= 0.8 && enTerms.has(t.term)),
  );
  console.log(`\n${m.id} ${m.gold} (wrong ${m.wrong})\n  en: ${m.en}\n  zh: ${m.zh}`);
  for (const g of m.enGroups) console.log(`    ${show(g, m)}`);
  console.log(
    `  unreached: ${unreached.map((g) => g.word).join(' ') || '—'}; causes: ${causesOf(m).join(', ')}`,
  );
  if (values.verbose) {
    console.log(`  gold: ${contextOf.get(m.gold)!.slice(0, 300)}`);
    console.log(`  wrong: ${contextOf.get(m.wrong)!.slice(0, 300)}`);
  }
}
