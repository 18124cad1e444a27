/** English word forms: a Latin word's stem and the base words a derived form is built on. */
import { stemmer } from 'stemmer';

const stems = new Map<string, string>();

// Porter stemming leaves irregular forms apart ("written" vs "write"); these common ones are
// folded to their base first. Ambiguous forms ("found", "left", "saw") are left alone, and so are
// participles that are adjectives too ("broken", "frozen", "hidden").
const IRREGULAR_FORMS: Record<string, string> = Object.fromEntries(
  (
    'wrote:write written:write made:make built:build began:begin begun:begin bought:buy brought:bring ' +
    'chose:choose chosen:choose came:come did:do done:do drew:draw drawn:draw drove:drive driven:drive ' +
    'ate:eat eaten:eat fell:fall fallen:fall flew:fly flown:fly forgot:forget forgotten:forget ' +
    'gave:give given:give went:go gone:go grew:grow grown:grow held:hold kept:keep knew:know known:know ' +
    'led:lead lost:lose meant:mean met:meet paid:pay ran:run said:say sold:sell sent:send ' +
    'shown:show spoke:speak spoken:speak spent:spend stood:stand taught:teach thought:think ' +
    'told:tell took:take taken:take understood:understand won:win wore:wear worn:wear ' +
    'sang:sing swam:swim rang:ring sank:sink threw:throw rode:ride froze:freeze hid:hide ' +
    'blew:blow shook:shake stole:steal tore:tear slept:sleep swept:sweep wept:weep dug:dig heard:hear ' +
    'forbade:forbid forgave:forgive arose:arise sprang:spring withdrew:withdraw overthrew:overthrow ' +
    'undertook:undertake men:man women:woman children:child people:person mice:mouse feet:foot teeth:tooth'
  )
    .split(' ')
    .map((pair) => pair.split(':') as [string, string]),
);

export function stemLatin(word: string): string {
  let stem = stems.get(word);
  if (stem === undefined) {
    // The stemmer mangles identifiers with digits or symbols ("c++", "gpt3"); keep those as written.
    stem = /^[a-z]+$/.test(word)
      ? stemmer(Object.hasOwn(IRREGULAR_FORMS, word) ? IRREGULAR_FORMS[word]! : word)
      : word;
    if (stems.size < 100_000) stems.set(word, stem);
  }
  return stem;
}

// Past forms that are also words of their own ("found" a company, "left" hand): Porter leaves
// them, and the dictionary's own sense comes first; the verb they inflect is only a fallback.
const AMBIGUOUS_FORMS: Record<string, string> = Object.fromEntries(
  (
    'found:find lost:lose left:leave saw:see felt:feel fought:fight caught:catch struck:strike ' +
    'sought:seek dealt:deal bore:bear born:bear rose:rise lay:lie lain:lie fed:feed bound:bind ' +
    'ground:grind wound:wind shot:shoot hit:hit set:set led:lead fled:flee spent:spend lent:lend'
  )
    .split(' ')
    .map((pair) => pair.split(':') as [string, string]),
);

// Derivational suffixes and what the base word may have ended with instead: "creation" ->
// create, "founder" -> found, "popularity" -> popular, "finally" -> final, "winner" -> win.
const DERIVATIONS: Array<[suffix: string, replacements: string[]]> = [
  ['ization', ['ize']],
  ['isation', ['ise', 'ize']],
  ['ations', ['ate', 'e', '']],
  ['ation', ['ate', 'e', '']],
  ['itions', ['ite', 'e', '']],
  ['ition', ['ite', 'e', '']],
  ['ions', ['e', '']],
  ['ion', ['e', '']],
  ['ments', ['']],
  ['ment', ['']],
  ['ness', ['', 'y']],
  ['ships', ['']],
  ['ship', ['']],
  ['ities', ['e', '', 'y']],
  ['ity', ['e', '', 'y']],
  ['ically', ['ic', 'y']],
  ['ally', ['al', '']],
  ['ily', ['y']],
  ['ly', ['', 'e', 'le']],
  ['ials', ['']],
  ['ial', ['', 'e']],
  ['als', ['', 'e']],
  ['al', ['', 'e']],
  ['ers', ['', 'e']],
  ['er', ['', 'e']],
  ['ors', ['', 'e']],
  ['or', ['', 'e']],
  ['ists', ['', 'ism', 'y']],
  ['ist', ['', 'ism', 'y']],
  ['ians', ['', 'ia', 'y']],
  ['ian', ['', 'ia', 'y']],
  ['ives', ['e', 'ion']],
  ['ive', ['e', 'ion']],
  ['ence', ['ent']],
  ['ance', ['ant', '']],
  ['ants', ['', 'e']],
  ['ant', ['', 'e']],
  ['ents', ['', 'e']],
  ['ent', ['', 'e']],
  ['ings', ['', 'e']],
  ['ing', ['', 'e']],
  ['ed', ['', 'e']],
  ['ful', ['']],
  ['ic', ['y', 'e', '']],
];
const MIN_BASE_LENGTH = 3;

/** Words a derived form may be built on, one suffix off: "creators" -> creator -> create. */
function derivedFrom(word: string): string[] {
  const bases: string[] = [];
  for (const [suffix, replacements] of DERIVATIONS) {
    if (!word.endsWith(suffix) || word.length - suffix.length < MIN_BASE_LENGTH) continue;
    const root = word.slice(0, -suffix.length);
    for (const replacement of replacements) bases.push(root + replacement);
    // "winner" -> winn -> win; "happiness" -> happi -> happy.
    if (/([b-df-hj-np-tv-z])\1$/.test(root)) bases.push(root.slice(0, -1));
    if (root.endsWith('i')) bases.push(`${root.slice(0, -1)}y`);
  }
  return bases;
}

/**
 * Dictionary keys to try for an English word, best first: its own stem, then (for forms the
 * dictionary lacks or whose senses the knowledge lacks) the stems of the words it derives from,
 * up to two suffixes deep ("constitutional" -> constitution -> constitute), and the verb an
 * ambiguous past form inflects ("lost" -> lose).
 */
export function baseForms(word: string): string[] {
  const keys = [stemLatin(word)];
  if (!/^[a-z]+$/.test(word)) return keys;
  const singular = word.length > 4 && /[^s]s$/.test(word) ? word.slice(0, -1) : word;
  if (Object.hasOwn(AMBIGUOUS_FORMS, word)) keys.push(stemLatin(AMBIGUOUS_FORMS[word]!));
  const first = derivedFrom(singular);
  for (const base of [...first, ...first.flatMap(derivedFrom)]) keys.push(stemLatin(base));
  return [...new Set(keys)];
}

/** Suffixes of a people's adjective and its country's ending: Chinese -> China, Asian -> Asia, German -> Germany. */
const DEMONYMS: ReadonlyArray<[suffix: string, country: string[]]> = [
  ['ese', ['a', '']],
  ['ian', ['ia']],
  ['ean', ['e']],
  ['an', ['a', 'any']],
  ['ish', ['and']],
];

/** Dictionary keys of the country a people's adjective may name ("chinese" -> china). */
export function countriesOf(word: string): string[] {
  const suffix = DEMONYMS.find(([ending]) => word.endsWith(ending) && word.length > ending.length + 2);
  if (!suffix) return [];
  const root = word.slice(0, -suffix[0].length);
  return suffix[1].map((ending) => stemLatin(root + ending));
}
