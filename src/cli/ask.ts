import 'dotenv/config';
import { parseArgs } from 'node:util';
import { createInterface } from 'node:readline';
import path from 'node:path';
import { knowledgeDirFrom } from '../config.ts';
import { loadEngine, type AnswerResult } from '../engine.ts';

/** The `ask --json` line: exactly the contract in docs/contracts.md, nothing renderer-specific. */
export function toJsonLine(result: AnswerResult): string {
  return JSON.stringify({
    question: result.question,
    answered: result.answered,
    confidence: result.confidence,
    answer: result.answer,
    citations: result.citations.map(({ source, passage, title, url, text, section }) => ({
      source,
      passage,
      title,
      url,
      section,
      text,
    })),
  });
}

export function formatForTerminal(result: AnswerResult): string {
  const [top, ...others] = result.citations;
  if (!result.answered || !top) {
    const closest = result.citations.slice(0, 3).map((c) => `  §${c.passage} ${c.text.slice(0, 60)}…`);
    return ['The knowledge does not say.', ...(closest.length ? ['Closest passages:', ...closest] : [])].join(
      '\n',
    );
  }
  return [
    `“${result.answer}”`,
    `— §${top.passage}${top.section ? ` (${top.section})` : ''}, ${top.title}${top.url ? ` <${top.url}>` : ''}`,
    `confidence ${Math.round(result.confidence * 100)}%`,
    ...(others.length ? [`more: ${others.map((c) => `§${c.passage}`).join(' ')}`] : []),
  ].join('\n');
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    options: { json: { type: 'boolean', default: false }, knowledge: { type: 'string' } },
    allowPositionals: true,
  });
  // `.env` is read as `npm start` reads it; --knowledge wins over KNOWLEDGE_DIR.
  const knowledgeDir = path.resolve(values.knowledge ?? knowledgeDirFrom(process.env));
  const engine = await loadEngine(knowledgeDir);
  for (const problem of engine.problems) console.error(`skipped ${problem.path}: ${problem.reason}`);

  const answer = (question: string): void => {
    const result = engine.ask(question);
    process.stdout.write(values.json ? `${toJsonLine(result)}\n` : `${formatForTerminal(result)}\n\n`);
  };
  if (positionals.length > 0) {
    for (const question of positionals) answer(question);
    return;
  }
  // One answer per input line, in order, as each line arrives.
  for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) answer(line);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
