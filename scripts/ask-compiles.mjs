/**
 * How often V8 optimizes and deoptimizes the functions of an `ask --json` bundle over a run: each
 * deoptimization of a hot function costs a TurboFan compile on a worker thread (the "other
 * threads" CPU of scripts/ask-cpu-rounds.mjs), and a big function's compile took 0.1-0.3 s.
 * Prints the totals and, per function compiled more than once, its compiles, deoptimizations and
 * the worker time TurboFan reported for them (wall time on the worker: it grows with the load).
 *
 *   node scripts/ask-compiles.mjs BUNDLE --knowledge DIR --questions FILE [--top 15]
 */
import { spawnSync } from 'node:child_process';
import { openSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
  options: {
    knowledge: { type: 'string' },
    questions: { type: 'string' },
    top: { type: 'string', default: '15' },
  },
  allowPositionals: true,
});
const [bundle] = positionals;
if (!bundle || !values.knowledge || !values.questions) {
  console.error('usage: node scripts/ask-compiles.mjs BUNDLE --knowledge DIR --questions FILE [--top N]');
  process.exit(2);
}
const run = spawnSync(
  'node',
  ['--trace-opt', '--trace-deopt', bundle, '--json', '--knowledge', values.knowledge],
  { stdio: [openSync(values.questions, 'r'), 'pipe', 'pipe'], maxBuffer: 1 << 30 },
);
/** Per function name: compiles, deoptimizations and TurboFan's reported ms. */
const byName = new Map();
const of = (name) => {
  let entry = byName.get(name);
  if (!entry) byName.set(name, (entry = { compiles: 0, deopts: 0, ms: 0 }));
  return entry;
};
let compiles = 0;
let deopts = 0;
let ms = 0;
for (const line of run.stdout.toString().split('\n')) {
  const name = /<JSFunction (\S*)/.exec(line)?.[1] || '(anonymous)';
  const took = /^\[completed compiling .*took [\d.]+, ([\d.]+), [\d.]+ ms/.exec(line);
  if (took) {
    compiles++;
    ms += Number(took[1]);
    of(name).compiles++;
    of(name).ms += Number(took[1]);
  } else if (line.startsWith('[bailout')) {
    deopts++;
    of(name).deopts++;
  }
}
console.log(`${compiles} optimizing compiles (${ms.toFixed(0)} ms on workers), ${deopts} deoptimizations`);
const repeated = [...byName].filter(([, entry]) => entry.compiles > 1).sort((a, b) => b[1].ms - a[1].ms);
for (const [name, entry] of repeated.slice(0, Number(values.top)))
  console.log(`  ${name}: ${entry.compiles} compiles, ${entry.deopts} deopts, ${entry.ms.toFixed(0)} ms`);
