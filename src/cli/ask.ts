import 'dotenv/config';
import { parseArgs } from 'node:util';
import path from 'node:path';
import { answerLevel } from '../answer/level.ts';
import { consoleLocale, knowledgeDirFrom } from '../config.ts';
import { citedPassage, passageRef } from '../interactions/formatting.ts';
import { levelText, pick, replyLocale } from '../interactions/i18n.ts';
import { readFile } from 'node:fs/promises';
import { loadEngine, type AnswerResult, type Engine, type PinIndex, type PinnedFact } from '../engine.ts';
import { normalizeText } from '../search/normalize.ts';
import { normalizePinText } from '../store/limits.ts';
import { checkPinEntries, parsePinFile } from '../store/pin-file.ts';
import { answerLines } from './lines.ts';

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

const CLOSEST = { en: 'Closest passages:', 'zh-CN': '最接近的段落：', 'zh-TW': '最接近的段落：' };
const MORE = { en: 'more:', 'zh-CN': '更多：', 'zh-TW': '更多：' };

/**
 * The readable answer: its level in words ("Answer", "Possible answer — check the passage", "No sure
 * answer", "Not in the articles"; the number is only in --json), in the question's language when it is clear, else
 * the terminal's (LC_ALL / LC_MESSAGES / LANG), as the console and Discord word it.
 */
export function formatForTerminal(
  result: AnswerResult,
  engine: Pick<Engine, 'threshold' | 'articles'>,
  terminalLocale = 'en-US',
): string {
  const locale = replyLocale(result.question, terminalLocale);
  const level = levelText(answerLevel(result, engine.threshold), engine.articles.length, locale);
  const [top, ...others] = result.citations;
  const ref = (citation: (typeof result.citations)[number]) => passageRef(citedPassage(citation), engine);
  if (!result.answered || !top) {
    const closest = result.citations.slice(0, 3).map((c) => `  ${ref(c)} ${c.text.slice(0, 60)}…`);
    return [level, ...(closest.length ? [pick(locale, CLOSEST), ...closest] : [])].join('\n');
  }
  return [
    level,
    `“${result.answer}”`,
    `— ${ref(top)}${top.section ? ` (${top.section})` : ''}, ${top.title}${top.url ? ` <${top.url}>` : ''}`,
    ...(others.length ? [`${pick(locale, MORE)} ${others.map(ref).join(' ')}`] : []),
  ].join('\n');
}

/**
 * A server's pins from a `/pin export` file, as `/pin import` into an empty server takes them (the
 * same checks, `checkPinEntries`; a repeated fact skipped) and numbers them, indexed as the bot
 * indexes a server's pins: `/ask` in that server, from the shell. What it leaves out goes to `warn`.
 */
export async function readPins(
  file: string,
  engine: Engine,
  warn: (line: string) => void = console.error,
): Promise<PinIndex> {
  const parsed = parsePinFile(await readPinFile(file));
  if (!parsed.ok) throw new Error(`${file}: ${parsed.message}`);
  const checked = checkPinEntries(parsed.value, (ref) => engine.findPassage(ref)?.key, normalizeText);
  for (const problem of checked.refused)
    warn(`${file}: entry ${problem.index + 1} left out: ${problem.reason}`);
  for (const problem of checked.unlinked) {
    warn(`${file}: entry ${problem.index + 1} taken without its link: ${problem.reason}`);
  }
  const seen = new Map<string, number>();
  const pins: PinnedFact[] = [];
  for (const { entry, index } of checked.entries) {
    const normalized = normalizePinText(entry.text, normalizeText);
    const first = seen.get(normalized);
    if (first !== undefined) {
      warn(`${file}: entry ${index + 1} left out: the same fact as entry ${first + 1}`);
      continue;
    }
    seen.set(normalized, index);
    pins.push({
      ...entry,
      id: pins.length + 1,
      guildId: 'ask',
      createdBy: entry.createdBy ?? '0',
      createdAt: entry.createdAt ?? new Date(0).toISOString(),
    });
  }
  return engine.indexPins(pins);
}

/** The file's text; a file that is not there, or unreadable, is one short line, not a raw ENOENT. */
async function readPinFile(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new Error(
      `--pins ${file}: ${code === 'ENOENT' ? 'no such file' : `cannot read it (${code ?? error})`}`,
    );
  }
}

const USAGE = [
  'Usage:',
  '  npm run ask -- "PyTorch 有多少贡献者？"            a readable cited answer',
  '  npm run --silent ask -- --json < questions.txt   one JSON line per question line (docs/contracts.md)',
  'Options: --json, --knowledge DIR (default KNOWLEDGE_DIR or knowledge/), --pins FILE (a /pin export), --help.',
  'Without questions it reads one per line from stdin.',
].join('\n');

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    options: {
      json: { type: 'boolean', default: false },
      knowledge: { type: 'string' },
      pins: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    allowPositionals: true,
  });
  // Nothing to ask and a person at the terminal (not a pipe): say how, rather than wait silently.
  if (values.help || (positionals.length === 0 && process.stdin.isTTY)) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  // `.env` is read as `npm start` reads it; --knowledge wins over KNOWLEDGE_DIR.
  const knowledgeDir = path.resolve(values.knowledge ?? knowledgeDirFrom(process.env));
  const engine = await loadEngine(knowledgeDir);
  for (const problem of engine.problems) console.error(`skipped ${problem.path}: ${problem.reason}`);
  const pins = values.pins ? await readPins(values.pins, engine) : undefined;

  const answer = (question: string): string => {
    const result = engine.ask(question, { pins });
    return values.json
      ? `${toJsonLine(result)}\n`
      : `${formatForTerminal(result, engine, consoleLocale())}\n\n`;
  };
  if (positionals.length > 0) {
    for (const question of positionals) process.stdout.write(answer(question));
    return;
  }
  for await (const answers of answerLines(process.stdin, answer)) process.stdout.write(answers);
}

main().catch((error: unknown) => {
  // A mistyped option gets the usage with it; anything else is one line, never a stack.
  const usageError = (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
  console.error(error instanceof Error ? error.message : error);
  if (usageError) console.error(USAGE);
  process.exit(1);
});
