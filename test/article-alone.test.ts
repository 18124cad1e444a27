import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEngine, type AnswerResult } from '../src/engine.ts';
import { articleAsOneFile, paragraphFiles } from '../src/eval/conditions.ts';
import { readSquad } from '../src/eval/public-sets.ts';

/**
 * Unrelated files beside an article must not change how it answers (issue 8): an article of
 * several passages is answered from its own statistics once retrieval puts it in the head. The
 * article is a run of CMRC sample paragraphs written as ONE file; the unrelated files are the DRCD
 * and XQuAD sample paragraphs, one file each, as the public sets are written.
 */
const samples = path.join(import.meta.dirname, '..', 'eval', 'samples');
const ARTICLE_PARAGRAPHS = 8;

const outcome = (result: AnswerResult) => ({
  answered: result.answered,
  answer: result.answer,
  top: result.citations[0]?.key,
  confidence: result.confidence,
});

describe('an article beside unrelated files', async () => {
  const cmrc = await readSquad(path.join(samples, 'cmrc2018_dev.json'));
  const drcd = await readSquad(path.join(samples, 'drcd_dev.json'));
  const xquad = await readSquad(path.join(samples, 'xquad_dev.zh.json'));
  const paragraphs = cmrc.paragraphs.slice(0, ARTICLE_PARAGRAPHS);
  const article = articleAsOneFile('article', paragraphs);
  const unrelated = paragraphFiles([...drcd.paragraphs, ...xquad.paragraphs]);
  const ids = new Set(paragraphs.map((p) => p.id));
  const questions = cmrc.questions.filter((q) => ids.has(q.source)).map((q) => q.question);
  const alone = createEngine([article]);
  const beside = createEngine([...unrelated, article]);

  it('answers its own questions as it does alone', () => {
    expect(questions.length).toBeGreaterThan(20);
    const changed = questions.filter(
      (q) => JSON.stringify(outcome(alone.ask(q))) !== JSON.stringify(outcome(beside.ask(q))),
    );
    expect(changed).toEqual([]);
  });

  it('still answers the unrelated files’ questions from their own paragraphs', () => {
    const without = createEngine(unrelated);
    const theirs = drcd.questions.slice(0, 30);
    const right = (engine: typeof beside) =>
      theirs.filter((q) => {
        const result = engine.ask(q.question);
        return result.answered && result.citations[0]?.source === q.source;
      }).length;
    expect(right(beside)).toBeGreaterThanOrEqual(right(without) - 1);
  });

  it('cites other files after the article’s own passages, up to the limit', () => {
    const result = beside.ask(questions[0]!, { limit: 30 });
    const sources = result.citations.map((c) => c.source);
    const firstOther = sources.findIndex((s) => s !== 'article');
    expect(sources[0]).toBe('article');
    expect(firstOther).toBeGreaterThan(0);
    expect(sources.slice(firstOther)).not.toContain('article');
    expect(result.citations.length).toBeLessThanOrEqual(30);
  });
});
