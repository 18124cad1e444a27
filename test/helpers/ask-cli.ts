import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { expect } from 'vitest';

const root = path.join(import.meta.dirname, '..', '..');
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');

/** `ask` (src/cli/ask.ts) run as `npm run ask` runs it, with these arguments and this stdin. */
export function ask(args: string[], input?: string) {
  return spawnSync(tsx, [path.join(root, 'src', 'cli', 'ask.ts'), ...args], {
    input,
    encoding: 'utf8',
    cwd: root,
  });
}

/** `ask --json --pins FILE` over test/fixtures/FILE: one parsed row a question. */
export function askWithPins(fixture: string, questions: string[]) {
  const run = ask(
    ['--json', '--pins', path.join(root, 'test', 'fixtures', fixture)],
    questions.join('\n') + '\n',
  );
  expect(run.status).toBe(0);
  return run.stdout
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line));
}
