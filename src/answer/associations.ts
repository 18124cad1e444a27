/**
 * Other words for a question word, measured and not kept (docs/evaluation.md, "Measured and not
 * kept"): question wording learned from the public sets (scripts/fit-associations.ts: for a
 * question word the answering sentence does not write, the words such sentences write instead,
 * "成立" -> 创立, by pointwise mutual information shrunk toward none; branch assoc), or the nearest
 * words by word2vec cosine (scripts/build-word-neighbours.ts, "创办" -> 创立, 开办; branch para7).
 * Nothing served reads a table; engines are given one only to measure, as confidence features
 * and query expansion (scripts/measure-associations.ts, npm run calibrate -- --associations DIR).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { QueryTerm } from '../search/inverted-index.ts';
import { normalizeText } from '../search/normalize.ts';
import type { Query } from '../search/query.ts';
import { splitWords } from '../search/tokenize.ts';

/** Question word -> (sentence word -> association: a log ratio > 0, or a cosine). */
export type Associations = Map<string, Map<string, number>>;

/** The file scripts/fit-associations.ts writes: per question word "word score word score …". */
export interface AssociationFile {
  fit: unknown;
  words: Record<string, string>;
}

/**
 * A text's distinct content words as the associations count them: Han and Latin words as
 * splitWords gives them, a number as its unit alone ("#年", "#万", "#"), so "1997年" and "2003年"
 * are one word.
 */
export function associationWords(normalized: string): string[] {
  const words = new Set<string>();
  for (const { word, kind } of splitWords(normalized))
    words.add(kind === 'number' ? `#${word.replace(/[\d.,]+/g, '')}` : word);
  return [...words];
}

/**
 * The table a set is measured with: DIR/no-<set>.json (fit-associations.ts --folds, fitted without
 * that set), else DIR/neighbours.tsv (build-word-neighbours.ts: fitted on no set, one for all).
 */
export function tableFileFor(dir: string, set: string): string {
  const own = path.join(dir, `no-${set}.json`);
  return existsSync(own) ? own : path.join(dir, 'neighbours.tsv');
}

/** A table file: scripts/fit-associations.ts's JSON, or a .tsv of "word\tword score word score …" lines. */
export function readAssociations(file: string): Associations {
  const text = readFileSync(file, 'utf8');
  const rows: Array<[string, string]> = file.endsWith('.tsv')
    ? text
        .split('\n')
        .filter((line) => line && !line.startsWith('#'))
        .map((line) => line.split('\t') as [string, string])
    : Object.entries((JSON.parse(text) as AssociationFile).words);
  const table: Associations = new Map();
  for (const [word, list] of rows) {
    const parts = list.split(' ');
    const row = new Map<string, number>();
    for (let i = 0; i + 1 < parts.length; i += 2) row.set(parts[i]!, Number(parts[i + 1]));
    table.set(word, row);
  }
  return table;
}

/**
 * The question's words the text does not write verbatim, and for each the strongest association
 * with a word the text holds (0 when none): how well the text answers what it leaves unsaid.
 */
export function bridgedWords(
  table: Associations,
  question: string,
  text: string,
): Array<{ word: string; bridge: number }> {
  const normalizedText = normalizeText(text);
  const held = new Set(associationWords(normalizedText));
  const out: Array<{ word: string; bridge: number }> = [];
  for (const word of associationWords(normalizeText(question))) {
    if (word.startsWith('#') || normalizedText.includes(word)) continue;
    let bridge = 0;
    for (const [other, score] of table.get(word) ?? []) if (held.has(other)) bridge = Math.max(bridge, score);
    out.push({ word, bridge });
  }
  return out;
}

/** What an engine is given to measure: a table, and a weight to add it to retrieval with. */
export interface AssociationOptions {
  table: Associations;
  /** Each question word's strongest associations the knowledge has become retrieval terms. */
  expand?: number;
  /** Expands only the question words the knowledge does not write (a paraphrase to bridge). */
  absentOnly?: boolean;
}

/**
 * The query with, for each content word, its `perWord` strongest associations the knowledge holds
 * as extra retrieval terms, weighted `expand` × association / strongest association; the query
 * itself without `expand` (measuring only).
 */
export function expandQuery(
  options: AssociationOptions | undefined,
  query: Query,
  index: { has(term: string): boolean },
  perWord = 5,
): Query {
  if (!options?.expand) return query;
  const { table, expand: weight } = options;
  const has = (term: string): boolean => index.has(term);
  const present = new Set(query.terms.map(({ term }) => term));
  const extra: QueryTerm[] = [];
  for (const group of query.groups) {
    if (options.absentOnly && has(group.word)) continue;
    const row = [...(table.get(group.word) ?? [])].filter(([word]) => has(word) && !present.has(word));
    const strongest = Math.max(0, ...row.map(([, score]) => score));
    for (const [word, score] of row.slice(0, perWord)) {
      present.add(word);
      extra.push({ term: word, weight: (weight * score) / strongest });
    }
  }
  return extra.length ? { ...query, terms: [...query.terms, ...extra] } : query;
}

/** Whether a text (its index terms, its normalized text) holds a sentence word of the table. */
function holds(word: string, has: (term: string) => boolean, normalized: string): boolean {
  if (!word.startsWith('#')) return has(word);
  return new RegExp(`\\d${word.slice(1).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`).test(normalized);
}

/**
 * Confidence features (candidates, measured): of the question's weight (each Han word by its
 * rarity), the share the top passage lacks and learned wording bridges to a word it holds
 * (`assocBridged`), the share it lacks unbridged (`assocUnbridged`), and the share the chosen span
 * bridges (`assocSpanBridged`). 0 for a question with no Han word (English).
 */
export function associationFeatures(
  table: Associations,
  groups: ReadonlyArray<{ word: string; weight: number; missing: boolean }>,
  top: { has(term: string): boolean; normalized: string; answerNormalized: string },
  /** The retrieved passages, the top among them: a bridge most of them hold is the topic's word. */
  retrieved: ReadonlyArray<{ has(term: string): boolean }> = [],
): Record<string, number> {
  let total = 0;
  let specificBridged = 0;
  let bridged = 0;
  let unbridged = 0;
  let spanBridged = 0;
  // Word-vector neighbours (scripts/build-word-neighbours.ts): each bridge counted at its score,
  // a cosine, so a near-synonym covers more of the word than a loosely related word does.
  let bridgedScored = 0;
  let spanBridgedScored = 0;
  for (const { word, weight, missing } of groups) {
    if (!/\p{Script=Han}/u.test(word)) continue;
    total += weight;
    if (!missing) continue;
    const row = [...(table.get(word) ?? [])];
    const inSpan = (term: string): boolean => top.answerNormalized.includes(term);
    const passageBest = Math.max(
      0,
      ...row.filter(([other]) => holds(other, top.has, top.normalized)).map(([, s]) => s),
    );
    const spanBest = Math.max(
      0,
      ...row.filter(([other]) => holds(other, inSpan, top.answerNormalized)).map(([, s]) => s),
    );
    if (passageBest > 0) bridged += weight;
    else unbridged += weight;
    // The top's bridges weighed by how few retrieved passages hold them (the least shared one;
    // a learned table's numbers, "#年", are left out: only the top's text can tell).
    let specific = 0;
    for (const [other] of row)
      if (!other.startsWith('#') && retrieved.length && top.has(other))
        specific = Math.max(specific, 1 - retrieved.filter((p) => p.has(other)).length / retrieved.length);
    specificBridged += weight * specific;
    if (spanBest > 0) spanBridged += weight;
    bridgedScored += weight * Math.min(1, passageBest);
    spanBridgedScored += weight * Math.min(1, spanBest);
  }
  const share = (part: number): number => (total > 0 ? part / total : 0);
  return {
    assocBridged: share(bridged),
    assocUnbridged: share(unbridged),
    assocSpanBridged: share(spanBridged),
    assocBridgedScored: share(bridgedScored),
    assocSpanBridgedScored: share(spanBridgedScored),
    assocSpecificBridged: share(specificBridged),
  };
}
