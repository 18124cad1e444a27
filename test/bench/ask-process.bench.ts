/**
 * What a user of `ask --json` waits for, against a MiniSearch script doing the same (start, index,
 * answer; test/bench/minisearch-ask.mjs), in the same run: each process is fed the CMRC 2018 dev
 * questions with the dev paragraphs as knowledge (read from ../shared/eval when it is there).
 * Both are started alike, `node SCRIPT` (through npm the engine also paid npm's own start, ~0.4 s
 * of CPU MiniSearch did not), and each round runs both, which goes first alternating, so a load
 * that comes and goes on a shared machine falls on both. ASK_BENCH_ROUNDS rounds (default 5);
 * the medians of time to the first answer and of the whole run, and their ratios, are printed at
 * the end. `npm run bench`.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bench, describe } from 'vitest';
import { readSquad, writeKnowledge } from '../../src/eval/public-sets.ts';

const root = path.join(import.meta.dirname, '..', '..');
const cmrcPath = path.join(root, '..', 'shared', 'eval', 'cmrc2018_dev.json');

interface Timing {
  firstMs: number;
  totalMs: number;
}

/** Runs a command fed `input`; when its first line of output came and when it ended. */
function timeRun(command: string, args: string[], input: string, lines: number): Promise<Timing> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd: root, stdio: ['pipe', 'pipe', 'inherit'] });
    let firstMs = Number.NaN;
    let seen = 0;
    child.stdout.on('data', (chunk: Buffer) => {
      if (Number.isNaN(firstMs)) firstMs = performance.now() - started;
      for (const byte of chunk) if (byte === 10) seen++;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0 || seen !== lines) reject(new Error(`${command}: exit ${code}, ${seen}/${lines} lines`));
      else resolve({ firstMs, totalMs: performance.now() - started });
    });
    createReadStream(input).pipe(child.stdin);
  });
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1]!;
};

if (existsSync(cmrcPath)) {
  const dir = mkdtempSync(path.join(tmpdir(), 'citebot-ask-bench-'));
  const knowledge = path.join(dir, 'knowledge');
  const questionsFile = path.join(dir, 'questions.txt');
  const { paragraphs, questions } = await readSquad(cmrcPath);
  await writeKnowledge(paragraphs, knowledge);
  writeFileSync(questionsFile, questions.map((q) => q.question.replace(/\s+/g, ' ')).join('\n') + '\n');
  // Builds the ask bundle if the sources changed, so no run below pays for it.
  spawnSync('node', ['scripts/ask.mjs', '--json', '--knowledge', knowledge], { cwd: root, input: '' });

  const rounds = Number(process.env.ASK_BENCH_ROUNDS ?? 5);
  const runs = { engine: [] as Timing[], minisearch: [] as Timing[] };
  const runEngine = async () => {
    const args = ['scripts/ask.mjs', '--json', '--knowledge', knowledge];
    runs.engine.push(await timeRun('node', args, questionsFile, questions.length));
  };
  const runMiniSearch = async () => {
    const args = ['test/bench/minisearch-ask.mjs', knowledge];
    runs.minisearch.push(await timeRun('node', args, questionsFile, questions.length));
  };
  const summary = (): void => {
    if (runs.engine.length === 0) return;
    const first = (name: keyof typeof runs) => median(runs[name].map((run) => run.firstMs));
    const total = (name: keyof typeof runs) => median(runs[name].map((run) => run.totalMs));
    // Each round's two runs shared the machine's load: their ratio varies less than either time.
    const roundRatio = (of: (run: Timing) => number) =>
      median(runs.engine.map((run, i) => of(run) / of(runs.minisearch[i]!))).toFixed(2);
    console.log(
      [
        `ask --json vs MiniSearch, ${questions.length} CMRC questions, medians of ${runs.engine.length} alternating rounds:`,
        `  first answer: engine ${first('engine').toFixed(0)} ms, MiniSearch ${first('minisearch').toFixed(0)} ms (ratio ${(first('engine') / first('minisearch')).toFixed(2)})`,
        `  whole run:    engine ${total('engine').toFixed(0)} ms, MiniSearch ${total('minisearch').toFixed(0)} ms (ratio ${(total('engine') / total('minisearch')).toFixed(2)})`,
        `  per question after the first: engine ${((total('engine') - first('engine')) / questions.length).toFixed(2)} ms, MiniSearch ${((total('minisearch') - first('minisearch')) / questions.length).toFixed(2)} ms`,
        `  per round (engine / MiniSearch), median: first answer ${roundRatio((run) => run.firstMs)}, whole run ${roundRatio((run) => run.totalMs)}, after the first ${roundRatio((run) => run.totalMs - run.firstMs)}`,
      ].join('\n'),
    );
  };

  describe(`ask --json, ${questions.length} CMRC questions (start, index, answer)`, () => {
    bench(
      `node scripts/ask.mjs --json (citebot engine) and test/bench/minisearch-ask.mjs, alternating`,
      async () => {
        const engineFirst = runs.engine.length % 2 === 0;
        for (const run of engineFirst ? [runEngine, runMiniSearch] : [runMiniSearch, runEngine]) await run();
      },
      { iterations: rounds, time: 0, warmupIterations: 0, teardown: summary },
    );
  });
}
