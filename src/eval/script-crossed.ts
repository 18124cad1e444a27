/**
 * The public sets with question and passage in different scripts, as a member who writes
 * traditional asks about a simplified article: DRCD (Taiwan's questions, whose wording is real)
 * over its passages converted to simplified with OpenCC's Taiwan phrases (`twp` -> `cn`: 軟體 ->
 * 软件), gold answers converted alike; and CMRC's questions converted to Taiwan's traditional with
 * phrases (`cn` -> `twp`) over its simplified passages. No public set has the mixed case.
 */
import * as OpenCC from 'opencc-js';
import type { EvalSet } from './public-sets.ts';

/** The crossed rows `npm run eval -- --sets` can name, and the native set each is made from. */
export const SCRIPT_CROSSED = {
  'drcd-simplified': 'drcd',
  'cmrc-traditional': 'cmrc',
} as const;

export type ScriptCrossed = keyof typeof SCRIPT_CROSSED;

export function crossScript(name: ScriptCrossed, set: EvalSet): EvalSet {
  if (name === 'drcd-simplified') {
    const toMainland = OpenCC.Converter({ from: 'twp', to: 'cn' });
    return {
      paragraphs: set.paragraphs.map((p) => ({ ...p, title: toMainland(p.title), context: toMainland(p.context) })),
      questions: set.questions.map((q) => ({ ...q, answers: q.answers.map(toMainland) })),
    };
  }
  const toTaiwan = OpenCC.Converter({ from: 'cn', to: 'twp' });
  return { paragraphs: set.paragraphs, questions: set.questions.map((q) => ({ ...q, question: toTaiwan(q.question) })) };
}
