/**
 * A pin read in the question's language. Moderators pin in English or Chinese, members ask in
 * either: a pin's own words never meet the terms of a question in the other language (an English
 * pin's Latin stems against a Chinese question's words and bigrams). So a pin written in the
 * other language is glossed word by word, from the same dictionaries the rest of the engine uses
 * (CC-CEDICT derived): an English pin's words by their first senses in data/en-zh-lexicon.tsv
 * ("foundation" -> 基础, …, 基金会), a Chinese pin's words by their English glosses in
 * data/zh-en-glosses.tsv (服务器 -> server). Unlike an English question's translations, which keep
 * only senses the knowledge contains, a pin's senses are its own: the knowledge need not hold them.
 *
 * The other way round too, for what a word's first senses lack: the question's words glossed
 * in the pin's language (管理员 -> administrator, which "admins" lacks among its senses read).
 *
 * Per question, only the senses that meet one of its terms count: the pin then has those terms, and
 * the text the answer models read (`reading`) holds the matched senses right after the word they
 * gloss, so the span and proximity features see the question's words where the pin says them. The
 * answer shown is the pin's own text. Glosses are made on the first question in the other
 * language, once per pin: a server whose pins share its members' language reads no dictionary.
 */
import type { Query } from './query.ts';
import type { Candidate } from './candidate.ts';
import type { WordLists } from './word-lists.ts';
import { dictionaryWords, loadGlosses } from '../answer/gloss.ts';
import { isEnglishQuestion } from '../answer/question-view.ts';
import { loadLexicon } from './cross-lingual.ts';
import { normalizeText } from './normalize.ts';
import { baseForms, LATIN_STOPWORDS, latinStems, stemLatin, tokenize } from './tokenize.ts';

/** One word of a pin with its senses in the other language. */
export interface PinGloss {
  /** Where the word ends in the pin's normalized searchable text (text, then keywords). */
  end: number;
  senses: { text: string; terms: string[] }[];
}

/** How many of an English word's Chinese senses gloss it (基金会 is "foundation"'s tenth). */
const ENGLISH_SENSES = 12;
/** A one-character sense matches too much unless it is among the first few (as in translate). */
const SINGLE_CHARACTER_RANK = 5;
/** How many English glosses of a Chinese word gloss it. */
const CHINESE_SENSES = 4;
/** The longest dictionary phrase looked for ("new york", "linux foundation"). */
const MAX_PHRASE_WORDS = 3;

const hasHan = (text: string): boolean => /\p{Script=Han}/u.test(text);

/** The first senses of an English key that gloss it, a one-character one only among the very first. */
function chineseSenses(lexicon: WordLists, key: string): string[] {
  return (lexicon.get(key) ?? [])
    .slice(0, ENGLISH_SENSES)
    .filter((chinese, rank) => Array.from(chinese).length > 1 || rank < SINGLE_CHARACTER_RANK);
}

/** The Chinese senses of an English pin's words (`searchable` normalized, no Han in the pin). */
export function englishPinGlosses(searchable: string, lexicon: WordLists): PinGloss[] {
  const words = [...searchable.matchAll(/[a-z][a-z0-9]*/g)];
  const glosses: PinGloss[] = [];
  for (const [i, match] of words.entries()) {
    const word = match[0];
    if (LATIN_STOPWORDS.has(word) || /^[0-9]/.test(word)) continue;
    // The longest phrase first ("linux foundation"), then the word and its base forms.
    const following = words.slice(i + 1, i + MAX_PHRASE_WORDS).map((next) => stemLatin(next[0]));
    const keys = following.map((_, n) => [stemLatin(word), ...following.slice(0, n + 1)].join(' ')).reverse();
    keys.push(...baseForms(word));
    const senses = keys.flatMap((key) =>
      chineseSenses(lexicon, key).map((chinese) => ({
        text: chinese,
        terms: tokenize(normalizeText(chinese)),
      })),
    );
    if (senses.length > 0) glosses.push({ end: match.index + word.length, senses });
  }
  return glosses;
}

/** The English stems of a Chinese pin's dictionary words (`searchable` normalized). */
export function chinesePinGlosses(searchable: string, glosses: WordLists): PinGloss[] {
  const found: PinGloss[] = [];
  for (const run of searchable.matchAll(/\p{Script=Han}{2,}/gu)) {
    const chars = Array.from(run[0]);
    for (const { word, start } of dictionaryWords(run[0], glosses)) {
      const senses = glosses
        .get(word)!
        .slice(0, CHINESE_SENSES)
        .map((english) => ({ text: english, terms: latinStems(english) }))
        .filter(({ terms }) => terms.length > 0);
      // Where the word ends in the text, in UTF-16 units (a few Han characters are outside the BMP).
      const end = run.index + chars.slice(0, start).join('').length + word.length;
      if (senses.length > 0) found.push({ end, senses });
    }
  }
  return found;
}

/** A pin's candidate with what it prepares for questions in the other language. */
export interface PinCandidate extends Candidate {
  /** The pin's normalized text alone (the searchable text is it, a space, then the keywords). */
  textLength: number;
  glosses?: PinGloss[];
  /** Each term of the glosses' senses -> [gloss, sense] positions. */
  senseIndex?: Map<string, [number, number][]>;
}

function indexSenses(glosses: readonly PinGloss[]): Map<string, [number, number][]> {
  const index = new Map<string, [number, number][]>();
  glosses.forEach(({ senses }, gloss) =>
    senses.forEach(({ terms }, sense) => {
      for (const term of new Set(terms)) index.set(term, [...(index.get(term) ?? []), [gloss, sense]]);
    }),
  );
  return index;
}

/**
 * The pin as a question in the other language sees it: with the terms of its matched senses, and
 * the senses written after their words in the text the answer is chosen from. The pin itself when
 * it is in the question's language or no sense meets the question.
 */
export function pinForQuestion(pin: PinCandidate, query: Query, lexiconPath?: string): Candidate {
  const english = isEnglishQuestion(query.normalized);
  // A pin with a Han character is Chinese; an English question glosses it, a Chinese one an English pin.
  if (english !== hasHan(pin.normalized)) return pin;
  if (!pin.glosses) {
    pin.glosses = english
      ? chinesePinGlosses(pin.normalized, loadGlosses())
      : englishPinGlosses(pin.normalized, loadLexicon(lexiconPath));
    pin.senseIndex = indexSenses(pin.glosses);
  }
  // Looked up by the question's few terms: a server's hundreds of pins cost a lookup each.
  const added = new Set<string>();
  /** Where in the pin's text the question's words are written in (after the word they gloss). */
  const insertions = new Map<number, string[]>();
  const insert = (end: number, text: string) => {
    if (end <= pin.textLength) insertions.set(end, [...(insertions.get(end) ?? []), text]);
  };
  for (const { term } of query.terms) {
    for (const [gloss, sense] of pin.senseIndex?.get(term) ?? []) {
      added.add(term);
      insert(pin.glosses[gloss]!.end, pin.glosses[gloss]!.senses[sense]!.text);
    }
  }
  // The other way round: the question's words glossed in the pin's language ("初学者" ->
  // beginner, which "beginners" has; "server" -> 服务器), for senses the pin's words' first ones lack.
  for (const { word, terms, senses } of questionSenses(query, english, lexiconPath)) {
    const held = senses.find((sense) =>
      english ? Array.from(sense).length > 1 && pin.normalized.includes(sense) : pin.has(sense),
    );
    if (held === undefined || terms.every((term) => added.has(term))) continue;
    for (const term of terms) added.add(term);
    insert(endOf(pin, held, english), word);
  }
  if (added.size === 0) return pin;
  let reading = '';
  let at = 0;
  for (const end of [...insertions.keys()].sort((a, b) => a - b)) {
    reading += `${pin.normalized.slice(at, end)} ${[...new Set(insertions.get(end))].join(' ')} `;
    at = end;
  }
  reading += pin.normalized.slice(at, pin.textLength);
  return {
    citation: pin.citation,
    has: (term) => pin.has(term) || added.has(term),
    length: pin.length,
    normalized: normalizeText(`${reading} ${pin.normalized.slice(pin.textLength)}`),
    reading,
    holdsAsWritten: (type) => pin.holdsAsWritten?.(type),
  };
}

/** A question's words with their senses in the other language, made once per question. */
const questionSensesOf = new WeakMap<Query, { word: string; terms: string[]; senses: string[] }[]>();

function questionSenses(query: Query, english: boolean, lexiconPath?: string) {
  let found = questionSensesOf.get(query);
  if (!found) {
    found = [];
    for (const group of query.groups) {
      const terms = group.terms.map(({ term }) => term);
      if (english && /^[a-z]+$/.test(group.word)) {
        const lexicon = loadLexicon(lexiconPath);
        const senses = baseForms(group.word).flatMap((key) => chineseSenses(lexicon, key).map(normalizeText));
        found.push({ word: group.word, terms, senses });
      } else if (!english && hasHan(group.word)) {
        const glosses = loadGlosses().get(group.word) ?? [];
        const senses = glosses.slice(0, CHINESE_SENSES).flatMap(latinStems);
        found.push({ word: group.word, terms, senses });
      }
    }
    questionSensesOf.set(query, found);
  }
  return found;
}

/** Where a pin's text holds a term: after its Latin word of that stem, or after the Chinese word. */
function endOf(pin: PinCandidate, term: string, chinesePin: boolean): number {
  const text = pin.normalized.slice(0, pin.textLength);
  if (chinesePin) {
    const at = text.indexOf(term);
    return at < 0 ? Infinity : at + term.length;
  }
  for (const match of text.matchAll(/[a-z][a-z0-9]*/g)) {
    if (stemLatin(match[0]) === term) return match.index + match[0].length;
  }
  return Infinity;
}
