import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadEngine } from '../src/engine.ts';
import {
  askAll,
  isLeftOut,
  isRight,
  readSquad,
  scoreOutcomes,
  writeKnowledge,
  type Outcome,
} from '../src/eval/public-sets.ts';

/**
 * Quality floors on a fixed sample of each public set (eval/samples/, written by
 * scripts/sample-public-sets.ts), scored as `npm run eval` scores the full sets with 20% of the
 * paragraphs left out: the knowledge is the sample's paragraphs without the left-out ones; the
 * other paragraphs' questions must be answered from the right paragraph, the left-out ones'
 * abstained. Every figure is a count, and each floor (or ceiling) sits one question from what the
 * engine measures, so losing two answers (or abstentions) fails `npm test`. When the engine gets
 * better, raise the figures here to what it measures (the test prints them).
 */

const samples = path.join(import.meta.dirname, '..', 'eval', 'samples');
const dirs: string[] = [];

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

interface Measured {
  /** Questions whose paragraph is in the knowledge: top citation is that paragraph. */
  right: number;
  /** … answered (not abstained). */
  answered: number;
  /** … answered with the right top citation. */
  answeredRight: number;
  /** Questions whose paragraph was left out: abstained. */
  abstained: number;
  /** Answers that cite the wrong paragraph, or that should have been abstentions. */
  wrongAnswers: number;
  /** Questions whose paragraph is in the knowledge: the answer holds a gold answer (answer-hit). */
  answerHits: number;
}

/**
 * What the engine measured on the samples (2026-11-28, data/sentence-model.json with the
 * confidence of data/answer-model.json fitted with its own features, threshold 0.62): more
 * answered (CMRC 233 -> 236 of 249) for a few more orphans answered (CMRC abstains on 66 of 71,
 * was 68; XQuAD zh on 44 of 47, was 46), as refitted over the English path's query. XQuAD asked in English: its answer-hit counts English gold
 * answers in Chinese answers, so it is low; with names matched by sound and Roman numerals as
 * digits (main, 2026-11-27) right 222 -> 225, answered 141 -> 153, answer-hit 20 -> 24. With the
 * Chinese question's framing words (何年, 西元, 哪一个 …) no longer content words (branch drcd): DRCD
 * answered 226 -> 229, answer-hit 213 -> 216; XQuAD zh right 255 -> 256, answer-hit 221 -> 222,
 * one orphan more answered (abstained 44 -> 43); a sentence opening by pointing back taking the one
 * before along: CMRC answer-hit 212 -> 214. The confidence then refitted over both (threshold again
 * where 86% of orphans abstain): CMRC answered 236 -> 234, XQuAD zh abstained 43 -> 44. Neighbouring
 * sentences priced by length (branch hit) and the confidence refitted over the new spans: DRCD
 * answer-hit 216 -> 218, CMRC answered 234 -> 233, XQuAD in English answered 152 -> 151 with one
 * wrong answer fewer (12 -> 11). The ranker refitted as a conditional logit with rank3's proximity
 * features and the counted keep rule (threshold 0.63): right CMRC 245 -> 246, DRCD 238 -> 240,
 * XQuAD zh 256 -> 259, in English 225 -> 229; answered CMRC 233 -> 238, XQuAD zh 242 -> 238, in
 * English 151 -> 157. A neighbour price of its own for English questions (branch hit2: Chinese
 * answers take neighbours at 0.0015 a character, was 0.003) and both models refitted: answer-hit
 * XQuAD zh 217 -> 220, CMRC 218 -> 217; XQuAD zh answered 238 -> 239. A misspelt English word read
 * as the dictionary word one slip away (branch probe): in English right 229 -> 230, answered
 * 172 -> 175, answered right 165 -> 168, abstained 43 -> 42, wrong 11 -> 12, answer-hit 28 -> 30.
 * Both models refitted over it (npm run calibrate, threshold 0.63): CMRC answered 238 -> 237,
 * answer-hit 217 -> 216; DRCD answered 229 -> 228, answer-hit 218 -> 217 (the whole sets' left-out
 * rows in npm run eval: CMRC orphans abstained 85.6 -> 85.9%, answered 92.7% either way).
 * A neighbour price of its own for questions written in traditional characters (branch hit4,
 * 0.0007 a character; the spans and both answer models unchanged): DRCD answer-hit 217 -> 218.
 * English names (branch en4: dotted names by sound, spelled-out numbers and capitalized ordinary
 * words no unknown names; main's models): in English answered 175 -> 188, answered right 168 ->
 * 180, wrong 12 -> 13, answer-hit 30 -> 31; right 230 and abstained 42 unchanged.
 * The answer growing by up to two sentences at once toward a likely one (branch hit5, extendDepth
 * 2; the spans and both answer models unchanged): answer-hit CMRC 216 -> 217, DRCD 218 -> 223,
 * XQuAD zh 220 -> 223, in English unchanged.
 * Both models refitted over en4, rank6, hit5 and typo3 (threshold 0.63 -> 0.64): CMRC right
 * 246 -> 247, answered 237 -> 238, answered right 236 -> 237, abstained 66 -> 65, wrong 6 -> 7,
 * answer-hit 217 -> 219; DRCD abstained 55 -> 56, wrong 3 -> 2; in English right 230 -> 229,
 * answered 188 -> 183, answered right 180 -> 175, answer-hit 31 -> 30 (whole set in npm run eval:
 * answered 69.3 -> 69.0%, per article 69.3 -> 68.1%).
 * Span feature products for questions in traditional characters (hit6) and both models refitted:
 * CMRC abstained 65 -> 66, wrong 7 -> 6; DRCD answer-hit 223 -> 224; XQuAD zh answered 239 -> 240,
 * answered right 238 -> 239; in English right 229 -> 230, answered 183 -> 182, answered right
 * 175 -> 174.
 * Both models refitted by npm run fit (fixpoint: the sentence fit reads retrieval's top, not the
 * ranker's; threshold 0.64): DRCD answered 228 -> 227, answered right 228 -> 227, answer-hit
 * 224 -> 223; XQuAD zh answer-hit 223 -> 224; in English right 230 -> 229, answered 182 -> 181,
 * answered right 174 -> 173 (whole sets in npm run eval: DRCD R@1 95.6 -> 95.7%, answer-hit 85.4%
 * either way; XQuAD zh answer-hit 82.4 -> 82.9%).
 * Both models refitted over en7 (ECDICT's senses for English questions) with the orphan floor at
 * 86.5% and the ranker's L2 penalty 10 (threshold 0.64): CMRC abstained 66 -> 67, wrong 6 -> 5;
 * XQuAD zh answered 240 -> 239, answered right 239 -> 238, answer-hit 224 -> 222; in English right
 * 229 -> 230, answered 181 -> 186, answered right 173 -> 178, abstained 42 -> 41, wrong 13 -> 14,
 * answer-hit 30 -> 32 (whole sets in npm run eval: XQuAD zh answer-hit 82.9 -> 82.4%, XQuAD en R@1
 * 84.3 -> 85.0%).
 * The unit of an asked amount or time learned from gold answers (unit7, both models refitted):
 * CMRC answer-hit 219 -> 218; DRCD answered and answered right 227 -> 228; XQuAD zh answered 239 ->
 * 241, answered right 238 -> 240, answer-hit 222 -> 225; in English right 230 -> 231 (whole sets in
 * npm run eval: XQuAD zh answer-hit 82.4 -> 82.9%, CMRC 84.0 -> 84.2%).
 * What an English question names and LATIN_NAME_FACTOR (en9, main's models; only English answers
 * change): in English answered 186 -> 187, answered right 178 -> 179, answer-hit 32 as before.
 * A people's adjective reaching its country, an unwritten r in transliterations, a dictionary name
 * after which/what as the subject (en10, main's models; only English answers change): in English
 * right 231 -> 232, answered 187 -> 188, answered right 179 -> 181, wrong 14 -> 13.
 */
const SETS: { name: string; knowledge: string; questions: string; measured: Measured }[] = [
  {
    name: 'CMRC 2018 dev sample',
    knowledge: 'cmrc2018_dev.json',
    questions: 'cmrc2018_dev.json',
    measured: {
      right: 247,
      answered: 238,
      answeredRight: 237,
      abstained: 67,
      wrongAnswers: 5,
      answerHits: 218,
    },
  },
  {
    name: 'DRCD dev sample',
    knowledge: 'drcd_dev.json',
    questions: 'drcd_dev.json',
    measured: {
      right: 240,
      answered: 228,
      answeredRight: 228,
      abstained: 56,
      wrongAnswers: 2,
      answerHits: 223,
    },
  },
  {
    name: 'XQuAD dev zh sample',
    knowledge: 'xquad_dev.zh.json',
    questions: 'xquad_dev.zh.json',
    measured: {
      right: 259,
      answered: 241,
      answeredRight: 240,
      abstained: 44,
      wrongAnswers: 4,
      answerHits: 225,
    },
  },
  {
    name: 'XQuAD dev sample asked in English',
    knowledge: 'xquad_dev.zh.json',
    questions: 'xquad_dev.en.json',
    measured: {
      right: 232,
      answered: 188,
      answeredRight: 181,
      abstained: 41,
      wrongAnswers: 13,
      answerHits: 32,
    },
  },
];

function count(outcomes: readonly Outcome[]): Measured & { answerable: number; leftOut: number } {
  const answerable = outcomes.filter((o) => o.answerable);
  const orphans = outcomes.filter((o) => !o.answerable);
  const n = (items: readonly Outcome[], test: (o: Outcome) => boolean) => items.filter(test).length;
  return {
    answerable: answerable.length,
    leftOut: orphans.length,
    right: n(answerable, isRight),
    answered: n(answerable, (o) => o.result.answered),
    answeredRight: n(answerable, (o) => o.result.answered && isRight(o)),
    abstained: n(orphans, (o) => !o.result.answered),
    wrongAnswers:
      n(answerable, (o) => o.result.answered && !isRight(o)) + n(orphans, (o) => o.result.answered),
    answerHits: n(answerable, (o) => o.question.answers.some((gold) => o.result.answer.includes(gold))),
  };
}

describe('quality floors on the public-set samples (20% of paragraphs left out)', () => {
  it.each(SETS)('$name: R@1, answered and abstained within one question of what is measured', async (set) => {
    const knowledge = await readSquad(path.join(samples, set.knowledge));
    const { questions } = await readSquad(path.join(samples, set.questions));
    const dir = mkdtempSync(path.join(tmpdir(), 'citebot-sample-'));
    dirs.push(dir);
    await writeKnowledge(
      knowledge.paragraphs.filter((paragraph) => !isLeftOut(paragraph.id)),
      dir,
    );
    const engine = await loadEngine(dir);
    const outcomes = askAll(engine, questions, (source) => !isLeftOut(source));
    const got = count(outcomes);
    const score = scoreOutcomes(outcomes);
    console.info(
      `${set.name}: ${questions.length} questions; of ${got.answerable} answerable: right ${got.right}, ` +
        `answered ${got.answered}, answered right ${got.answeredRight}; of ${got.leftOut} left out: abstained ` +
        `${got.abstained}; wrong answers ${got.wrongAnswers}; answer holds a gold answer ${got.answerHits} (R@1 ${(100 * score.recallAt1).toFixed(1)}%)`,
    );
    // The sample is fixed: a change here means eval/samples/ changed, not the engine.
    expect(got.answerable + got.leftOut).toBe(questions.length);
    expect(got.leftOut).toBeGreaterThan(40);
    const { measured } = set;
    expect(got.right, 'right top citation').toBeGreaterThanOrEqual(measured.right - 1);
    expect(got.answered, 'answered (of answerable)').toBeGreaterThanOrEqual(measured.answered - 1);
    expect(got.answeredRight, 'answered with the right citation').toBeGreaterThanOrEqual(
      measured.answeredRight - 1,
    );
    expect(got.abstained, 'abstained (of left out)').toBeGreaterThanOrEqual(measured.abstained - 1);
    expect(got.wrongAnswers, 'wrong answers').toBeLessThanOrEqual(measured.wrongAnswers + 1);
    expect(got.answerHits, 'answers holding a gold answer').toBeGreaterThanOrEqual(measured.answerHits - 1);
  });
});
