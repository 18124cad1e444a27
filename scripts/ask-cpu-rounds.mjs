/**
 * CPU of two `ask --json` bundles over the same questions, in alternating rounds (which goes first
 * alternates), each its own process as the ask-process bench runs them: per question after the
 * first answer, the whole process's CPU, its main thread's and its other threads' (V8's compiler
 * and GC helpers, from /proc), the time to the first answer and max RSS; per-round ratios B / A
 * and their medians. CPU moves less with a shared machine's load than the wall clock does.
 *
 *   node scripts/ask-cpu-rounds.mjs A/dist/ask/ask.mjs B/dist/ask/ask.mjs --knowledge DIR --questions FILE [--rounds 8]
 *
 * A bundle is built by `node scripts/ask.mjs` in its own tree (it finds data/ two folders up).
 * Linux only (/proc). The same file, preloaded into each run (`--import`, ASK_CPU_HOOK=1), reports.
 */
import { spawnSync } from 'node:child_process';
import { openSync, readdirSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

/** CPU ms of the main thread and of the others, from /proc (10 ms ticks). */
function threadCpu() {
  let main = 0;
  let others = 0;
  for (const tid of readdirSync('/proc/self/task')) {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ms = (Number(fields[11]) + Number(fields[12])) * 10;
    if (Number(tid) === process.pid) main += ms;
    else others += ms;
  }
  return { main, others };
}

function hook() {
  let first;
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = (...args) => {
    first ??= { cpu: process.cpuUsage(), wall: performance.now(), ...threadCpu() };
    return write(...args);
  };
  process.on('exit', () => {
    const cpu = process.cpuUsage();
    const ms = (usage) => (usage.user + usage.system) / 1000;
    const end = threadCpu();
    const report = {
      firstCpu: ms(first.cpu),
      endCpu: ms(cpu),
      firstWall: first.wall,
      endWall: performance.now(),
      rss: process.resourceUsage().maxRSS,
      firstMain: first.main,
      endMain: end.main,
      firstOthers: first.others,
      endOthers: end.others,
    };
    process.stderr.write(`ASK_CPU ${JSON.stringify(report)}\n`);
  });
}

function rounds() {
  const { values, positionals } = parseArgs({
    options: {
      knowledge: { type: 'string' },
      questions: { type: 'string' },
      rounds: { type: 'string', default: '8' },
    },
    allowPositionals: true,
  });
  const [a, b] = positionals;
  if (!a || !b || !values.knowledge || !values.questions) {
    console.error(
      'usage: node scripts/ask-cpu-rounds.mjs BUNDLE_A BUNDLE_B --knowledge DIR --questions FILE [--rounds N]',
    );
    process.exit(2);
  }
  const count = readFileSync(values.questions, 'utf8')
    .split('\n')
    .filter((line) => line.trim()).length;
  const run = (bundle) => {
    const child = spawnSync(
      'node',
      ['--import', import.meta.filename, bundle, '--json', '--knowledge', values.knowledge],
      {
        stdio: [openSync(values.questions, 'r'), 'ignore', 'pipe'],
        env: { ...process.env, ASK_CPU_HOOK: '1' },
      },
    );
    const line = child.stderr
      .toString()
      .split('\n')
      .find((l) => l.startsWith('ASK_CPU '));
    if (!line) throw new Error(`${bundle}: no report (exit ${child.status})`);
    const r = JSON.parse(line.slice('ASK_CPU '.length));
    const perQuestion = (from, to) => (to - from) / (count - 1);
    return {
      cpu: perQuestion(r.firstCpu, r.endCpu),
      main: perQuestion(r.firstMain, r.endMain),
      others: perQuestion(r.firstOthers, r.endOthers),
      wall: perQuestion(r.firstWall, r.endWall),
      firstCpu: r.firstCpu,
      firstWall: r.firstWall,
      rss: r.rss / 1024,
    };
  };
  const median = (list) => [...list].sort((x, y) => x - y)[list.length >> 1];
  const runs = { a: [], b: [] };
  for (let round = 0; round < Number(values.rounds); round++) {
    for (const side of round % 2 ? ['b', 'a'] : ['a', 'b']) runs[side].push(run(side === 'a' ? a : b));
    const [x, y] = [runs.a.at(-1), runs.b.at(-1)];
    console.log(
      `round ${round}: after the first, CPU ${x.cpu.toFixed(3)} -> ${y.cpu.toFixed(3)} ms/q (${(y.cpu / x.cpu).toFixed(3)}), ` +
        `main ${x.main.toFixed(3)} -> ${y.main.toFixed(3)}, others ${x.others.toFixed(3)} -> ${y.others.toFixed(3)}; ` +
        `first answer CPU ${x.firstCpu.toFixed(0)} -> ${y.firstCpu.toFixed(0)} ms; max RSS ${x.rss.toFixed(0)} -> ${y.rss.toFixed(0)} MB`,
    );
  }
  const summary = (key, digits = 3) => {
    const ratios = runs.a.map((x, i) => runs.b[i][key] / x[key]);
    const of = (side) => median(runs[side].map((r) => r[key])).toFixed(digits);
    return `${key} ${of('a')} -> ${of('b')} (per-round ratio median ${median(ratios).toFixed(3)}, ${Math.min(...ratios).toFixed(3)}-${Math.max(...ratios).toFixed(3)})`;
  };
  console.log(`medians of ${runs.a.length} rounds, per question after the first answer (ms):`);
  for (const key of ['cpu', 'main', 'others', 'wall']) console.log(`  ${summary(key)}`);
  console.log(`  ${summary('firstCpu', 0)} ms\n  ${summary('firstWall', 0)} ms\n  ${summary('rss', 0)} MB`);
}

if (process.env.ASK_CPU_HOOK === '1') hook();
else rounds();
