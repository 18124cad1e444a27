import fc from 'fast-check';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadEngine, type AnswerResult, type Engine, type PinnedFact } from '../../src/engine.ts';
import { hostileText, PROPS, PROPS_RUNS, snowflake, typedText } from './arbitraries.ts';
import { tokenize } from '../../src/search/tokenize.ts';

/**
 * Whatever a member types, the engine answers with a well-formed result: it never throws, quotes
 * only what the cited passage says, and its result survives the JSON contract of `ask --json`.
 */

const root = path.join(import.meta.dirname, '..', '..');
let engine: Engine;
// Generous: the full run (PROPS_RUNS=10000) on a shared machine; the sample in `npm test` takes seconds.
const TIMEOUT = 60_000 + PROPS_RUNS * 50;
const options = PROPS;

beforeAll(async () => {
  engine = await loadEngine(path.join(root, 'knowledge'));
  expect(engine.passages.length).toBeGreaterThan(0);
});

function expectWellFormed(result: AnswerResult, question: string, limit = 5): void {
  expect(result.question).toBe(question);
  expect(Number.isFinite(result.confidence)).toBe(true);
  expect(result.confidence).toBeGreaterThanOrEqual(0);
  expect(result.confidence).toBeLessThanOrEqual(1);
  expect(result.citations.length).toBeLessThanOrEqual(limit);
  if (!result.answered) expect(result.answer).toBe('');
  if (result.answer !== '') {
    // Verbatim: the answer is a piece of the top citation's text, never a rewording.
    expect(result.citations[0]?.text).toContain(result.answer);
  }
  for (const citation of result.citations) expect(Number.isFinite(citation.score)).toBe(true);
  expect(Array.isArray(result.matchedTerms)).toBe(true);
  expect(JSON.parse(JSON.stringify(result))).toEqual(result);
}

const pinArbitrary: fc.Arbitrary<PinnedFact> = fc.record({
  id: fc.integer({ min: 1, max: 1_000_000 }),
  guildId: snowflake,
  text: hostileText.map((text) => text.slice(0, 1000)),
  keywords: fc.option(typedText, { nil: undefined }),
  passageKey: fc.option(typedText, { nil: undefined }),
  sourceUrl: fc.option(fc.webUrl(), { nil: undefined }),
  createdBy: snowflake,
  createdByName: fc.option(typedText, { nil: undefined }),
  createdAt: fc.constant('2026-01-01T00:00:00.000Z'),
});

describe('the engine under hostile input', () => {
  it(
    'ask never throws and returns a verbatim, bounded, JSON-safe answer',
    () => {
      fc.assert(
        fc.property(hostileText, (question) => {
          expectWellFormed(engine.ask(question), question);
        }),
        options,
      );
    },
    TIMEOUT,
  );

  it(
    "ask with a server's hostile pins stays verbatim and bounded",
    () => {
      fc.assert(
        fc.property(
          hostileText,
          fc.array(pinArbitrary, { maxLength: 5 }),
          fc.integer({ min: 1, max: 10 }),
          (question, pins, limit) => {
            const result = engine.ask(question, { pins: engine.indexPins(pins), limit });
            expectWellFormed(result, question, limit);
          },
        ),
        options,
      );
    },
    TIMEOUT,
  );

  it(
    'search never throws and returns at most the asked number of finite-scored citations',
    () => {
      fc.assert(
        fc.property(hostileText, fc.integer({ min: 1, max: 25 }), (query, limit) => {
          const citations = engine.search(query, { limit });
          expect(citations.length).toBeLessThanOrEqual(limit);
          for (const citation of citations) expect(Number.isFinite(citation.score)).toBe(true);
        }),
        options,
      );
    },
    TIMEOUT,
  );

  it(
    'autocomplete suggestions never throw and fit in 25 choices',
    () => {
      fc.assert(
        fc.property(fc.oneof(typedText, hostileText), (typed) => {
          const passages = engine.suggestPassages(typed);
          expect(passages.length).toBeLessThanOrEqual(25);
          for (const passage of passages) expect(engine.passages).toContain(passage);
          const questions = engine.suggestQuestions(typed);
          expect(questions.length).toBeLessThanOrEqual(25);
          for (const question of questions) expect(typeof question).toBe('string');
        }),
        options,
      );
    },
    TIMEOUT,
  );

  it(
    'findPassage never throws and finds only passages of the knowledge',
    () => {
      const keys = engine.passages.map((passage) => passage.key);
      const ref = fc.oneof(
        hostileText,
        fc.constantFrom(...keys),
        fc.tuple(fc.constantFrom(...keys), typedText).map(([key, noise]) => key + noise),
        fc.tuple(typedText, fc.constantFrom(...keys)).map(([noise, key]) => noise + key),
        fc.nat({ max: 10_000 }).map((n) => `§${n}`),
      );
      fc.assert(
        fc.property(ref, (typed) => {
          const passage = engine.findPassage(typed);
          if (passage) expect(engine.passages).toContain(passage);
          const { previous, next } = engine.neighbours(typed);
          if (previous) expect(engine.passages).toContain(previous);
          if (next) expect(engine.passages).toContain(next);
        }),
        options,
      );
    },
    TIMEOUT,
  );
});

describe('found by these properties, kept as examples', () => {
  it.each(['constructors', 'constructor', 'toString', '__proto__', 'hasOwnProperty', 'prototypes valueOf'])(
    'a word that names an Object.prototype key (%s) is an ordinary word',
    (word) => {
      expectWellFormed(engine.ask(word), word);
      expect(() => engine.suggestQuestions(word)).not.toThrow();
      expect(tokenize(word.toLowerCase()).join(' ')).not.toContain('function');
    },
  );
});
