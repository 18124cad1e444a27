import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { expect, it } from 'vitest';

/**
 * The log destination stops reading (a stuck log shipper: a full pipe) or goes away (a broken
 * pipe): logging must never hold the process, and it still ends promptly, as on SIGTERM.
 */

async function run(reader: 'paused' | 'closed'): Promise<{ seconds: number; stdout: string }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, 'log-flood.fixture.ts')],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  if (reader === 'paused') child.stderr!.pause();
  else child.stderr!.destroy();
  let stdout = '';
  let started = 0;
  child.stdout!.on('data', (chunk) => {
    stdout += chunk.toString();
    started ||= Date.now();
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  await new Promise((resolve) => child.once('exit', resolve));
  clearTimeout(timer);
  return { seconds: started ? (Date.now() - started) / 1000 : Infinity, stdout };
}

it('ends within 5 s of its last log line when stderr is a pipe nobody reads', async () => {
  const { seconds, stdout } = await run('paused');
  process.stderr.write(`stderr never read: exited ${seconds.toFixed(2)} s after logging\n`);
  expect(stdout).toContain('logged');
  expect(seconds).toBeLessThan(5);
});

it('ends within 5 s of its last log line when stderr is a broken pipe', async () => {
  const { seconds, stdout } = await run('closed');
  process.stderr.write(`stderr a broken pipe: exited ${seconds.toFixed(2)} s after logging\n`);
  expect(stdout).toContain('logged');
  expect(seconds).toBeLessThan(5);
});
