/**
 * Conditions closer to a member asking about one article than the public sets as published
 * (docs/contracts.md): one article alone as the knowledge, and questions cut down to their
 * question word and fewest content words. Both are fixed rules over the sets; nothing here reads
 * the article's own questions.
 */
import { parseArticle } from '../knowledge/load.ts';
import type { Article } from '../knowledge/types.ts';
import { segmenter } from '../search/segment.ts';
import { comparable } from './datasets.ts';
import { isRight, stableHash, type EvalParagraph, type EvalQuestion, type Outcome } from './public-sets.ts';

/** Paragraphs in one small knowledge, as few as one article has. */
export const ARTICLE_PARAGRAPHS = 5;
/** CMRC's articles are one paragraph each: this many consecutive ones stand for one article. */
export const CMRC_GROUP = 8;

/**
 * One knowledge per article: every article with at least ARTICLE_PARAGRAPHS paragraphs (XQuAD's
 * and DRCD's longer ones); for a set whose articles are single paragraphs (CMRC), consecutive
 * groups of CMRC_GROUP paragraphs.
 */
export function articleKnowledges(paragraphs: readonly EvalParagraph[]): EvalParagraph[][] {
  const byArticle = new Map<number, EvalParagraph[]>();
  for (const paragraph of paragraphs) {
    const list = byArticle.get(paragraph.article) ?? [];
    list.push(paragraph);
    byArticle.set(paragraph.article, list);
  }
  const articles = [...byArticle.values()];
  if (articles.every((article) => article.length === 1)) {
    const groups: EvalParagraph[][] = [];
    for (let i = 0; i < paragraphs.length; i += CMRC_GROUP) groups.push(paragraphs.slice(i, i + CMRC_GROUP));
    return groups;
  }
  return articles.filter((article) => article.length >= ARTICLE_PARAGRAPHS);
}

// Built once: a Segmenter costs far more to build than a question takes to segment.
const englishSegmenter = new Intl.Segmenter('en', { granularity: 'word' });

/** How many content words a short question keeps. */
export const SHORT_CONTENT_WORDS = 2;

// Interrogatives, Chinese (simplified and traditional) and English: kept whole.
const QUESTION_WORD =
  /^(?:什么|甚麼|什麼|哪|哪里|哪裡|哪儿|哪個|哪个|哪些|哪一|哪位|哪年|谁|誰|多少|几|幾|何|何时|何時|为什么|為什麼|为何|為何|怎么|怎麼|怎样|怎樣|如何|多久|多长|多長|what|who|whom|whose|when|where|which|why|how)$/i;
// Segmenter words that hold a question morpheme: 哪個, 誰的, 是誰, 何處, 何年, 幾年, 为什么样…
// (traditional questions ask "是誰" and "何處" where simplified ones ask "谁" and "哪里").
const ASKING_WORD = /^(?:[哪谁誰何]|[幾几](?!乎))|^是[谁誰]|什[么麼]|甚麼/;
// Words that carry no content of their own: particles, copulas, auxiliaries, pronouns, articles.
const FUNCTION_WORD =
  /^(?:的|了|是|在|有|和|与|與|及|或|被|把|对|對|于|於|为|為|将|將|从|從|由|以|而|之|其|这|這|那|该|該|此|个|個|些|中|上|下|吗|嗎|呢|吧|啊|呀|也|都|就|还|還|又|并|並|所|请问|請問|a|an|the|of|in|on|at|to|for|by|with|from|as|and|or|is|are|was|were|be|been|did|do|does|has|have|had|it|its|that|this|these|those|there|kind|type)$/i;

/**
 * A question cut down to its question phrase (the question word and the word after it: "哪个公司",
 * "how many") and its SHORT_CONTENT_WORDS main content words, in their original order. Main means
 * names first (a capital, a digit or Latin letters in a Chinese question), then the longest words:
 * "How many career sacks did Jared Allen have?" → "How many Jared Allen?". Words come from
 * Intl.Segmenter, which knows nothing of any one knowledge.
 */
export function shortQuestion(question: string): string {
  const chinese = /\p{Script=Han}/u.test(question);
  const words = [...(chinese ? segmenter : englishSegmenter).segment(question)].filter((s) => s.isWordLike).map((s) => s.segment);
  const asks = words.findIndex((word) => QUESTION_WORD.test(word) || ASKING_WORD.test(word));
  // No question word: a cloze ("…的單位為？", "原因是？") asks at its end, so its last two words
  // (the noun asked about and the copula) are the question phrase.
  const phrase =
    asks < 0
      ? chinese && words.length > 2
        ? [words.length - 2, words.length - 1]
        : []
      : asks + 1 < words.length
        ? [asks, asks + 1]
        : [asks];
  const isName = (word: string): boolean => /\d/.test(word) || (chinese ? /[a-z]/i : /^[A-Z]/).test(word);
  const content = words
    .map((word, position) => ({ word, position }))
    .filter(
      ({ word, position }) =>
        !phrase.includes(position) && !FUNCTION_WORD.test(word) && !QUESTION_WORD.test(word),
    );
  const kept = [...content]
    .sort(
      (a, b) =>
        Number(isName(b.word)) - Number(isName(a.word)) ||
        Array.from(b.word).length - Array.from(a.word).length ||
        a.position - b.position,
    )
    .slice(0, SHORT_CONTENT_WORDS)
    .map(({ position }) => position);
  const short = [...kept, ...phrase]
    .sort((a, b) => a - b)
    .map((position) => words[position]!)
    // Chinese joins words without spaces, but two kept numbers or Latin words stay two ("1997 747").
    .reduce((short, word) => {
      const apart = !chinese || (/[a-z\d]$/i.test(short) && /^[a-z\d]/i.test(word));
      return short && apart ? `${short} ${word}` : short + word;
    }, '');
  return `${short}${chinese ? '？' : '?'}`;
}

/** The same questions, each cut short: the short-question condition of eval and calibrate. */
export function cutShort(questions: readonly EvalQuestion[]): EvalQuestion[] {
  return questions.map((question) => ({ ...question, question: shortQuestion(question.question) }));
}

/** Unrelated files beside an article in the distractor rows: the "256 unrelated articles". */
export const DISTRACTORS = 256;

/**
 * One article's paragraphs as ONE plain-text file of many passages, as a member's article is
 * (the public sets are written one paragraph per file): the blank line between paragraphs makes
 * each a passage (or several, past the chunker's length).
 */
export function articleAsOneFile(id: string, paragraphs: readonly EvalParagraph[]): Article {
  const title = JSON.stringify((paragraphs[0]?.title ?? id).replace(/_/g, ' '));
  const body = paragraphs.map((p) => p.context.replace(/\s*\n\s*/g, ' ')).join('\n\n');
  return parseArticle(id, `${id}.txt`, `---\ntitle: ${title}\n---\n\n${body}\n`);
}

/** Each paragraph its own file, as writeKnowledge writes it, without the disk. */
export function paragraphFiles(paragraphs: readonly EvalParagraph[]): Article[] {
  return paragraphs.map((p) =>
    parseArticle(p.id, `${p.id}.md`, `---\ntitle: ${JSON.stringify(p.title.replace(/_/g, ' '))}\n---\n\n${p.context}\n`),
  );
}

/** A fixed draw of `count` paragraphs (by hash, so every run and machine draws the same). */
export function drawDistractors(paragraphs: readonly EvalParagraph[], count = DISTRACTORS): EvalParagraph[] {
  return [...paragraphs]
    .map((paragraph) => ({ paragraph, rank: stableHash(`distractor:${paragraph.id}`) }))
    .sort((a, b) => a.rank - b.rank || a.paragraph.id.localeCompare(b.paragraph.id))
    .slice(0, count)
    .map(({ paragraph }) => paragraph);
}

/**
 * The paragraph each passage of a one-file article came from (passage key -> paragraph id), so a
 * citation of the file is scored as the paragraph it quotes.
 */
export function paragraphOfPassage(article: Article, paragraphs: readonly EvalParagraph[]): Map<string, string> {
  const squeezed = paragraphs.map((p) => ({ id: p.id, text: comparable(p.context) }));
  const map = new Map<string, string>();
  for (const passage of article.passages) {
    const text = comparable(passage.text);
    const from = squeezed.find((p) => p.text.includes(text));
    if (from) map.set(passage.key, from.id);
  }
  return map;
}

/** Outcomes with the one-file article's citations named by the paragraph they quote. */
export function citingParagraphs(outcomes: readonly Outcome[], paragraphOf: ReadonlyMap<string, string>): Outcome[] {
  return outcomes.map((outcome) => ({
    ...outcome,
    result: {
      ...outcome.result,
      citations: outcome.result.citations.map((citation) => ({
        ...citation,
        source: (citation.key && paragraphOf.get(citation.key)) || citation.source,
      })),
    },
  }));
}

/** Right and answered: the top citation is the question's paragraph and it was not withheld. */
const rightAnswered = (outcome: Outcome): boolean => outcome.result.answered && isRight(outcome);

/**
 * Same questions asked twice (alone, then with distractors beside): answerable questions right
 * and answered alone that are not with distractors (`lost`), and the other way (`gained`).
 */
export function countFlips(alone: readonly Outcome[], beside: readonly Outcome[]): { lost: number; gained: number; rightAlone: number } {
  let lost = 0;
  let gained = 0;
  let rightAlone = 0;
  alone.forEach((outcome, i) => {
    if (!outcome.answerable) return;
    const was = rightAnswered(outcome);
    const is = rightAnswered(beside[i]!);
    if (was) rightAlone++;
    if (was && !is) lost++;
    if (!was && is) gained++;
  });
  return { lost, gained, rightAlone };
}
