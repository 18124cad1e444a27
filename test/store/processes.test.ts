import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openOrThrow, tempDir } from './helpers.ts';

const root = join(import.meta.dirname, '../..');
const writer = join(import.meta.dirname, 'fixtures/pin-writer.ts');

function startWriter(path: string, guildPrefix: string, count: number, textPrefix: string): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', writer, path, guildPrefix, String(count), textPrefix], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function collect(child: ChildProcess): {
  lines: string[];
  stderr: () => string;
  exit: Promise<number | null>;
} {
  const lines: string[] = [];
  let stderr = '';
  createInterface({ input: child.stdout! }).on('line', (line) => lines.push(line));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exit = new Promise<number | null>((done) => child.on('close', (code) => done(code)));
  return { lines, stderr: () => stderr, exit };
}

let dir: ReturnType<typeof tempDir>;
beforeEach(async () => {
  dir = tempDir();
});
afterEach(() => dir.cleanup());

describe('two processes writing at once', () => {
  it('both create the file, migrate it, and finish without SQLITE_BUSY; every pin and question is counted', async () => {
    // Neither finds the file: both create and migrate it at once, then write.
    const path = join(dir.dir, 'shared.sqlite');
    const a = collect(startWriter(path, 'g', 300, 'alpha'));
    const b = collect(startWriter(path, 'g', 300, 'beta'));
    const [exitA, exitB] = await Promise.all([a.exit, b.exit]);
    expect(a.stderr() + b.stderr()).toBe('');
    expect([exitA, exitB]).toEqual([0, 0]);
    expect(a.lines).toHaveLength(300);
    expect(b.lines).toHaveLength(300);

    const store = openOrThrow({ path });
    const pins = (
      await Promise.all(['g-0', 'g-1', 'g-2', 'g-3'].map((guild) => store.listPins(guild)))
    ).flat();
    expect(pins).toHaveLength(600);
    expect(new Set(pins.map((pin) => pin.id)).size).toBe(600);
    const asked = (
      await Promise.all(
        ['g-0', 'g-1', 'g-2', 'g-3'].map(async (guild) => (await store.insights(guild, 100)).mostAsked),
      )
    )
      .flat()
      .reduce((sum, question) => sum + question.asked, 0);
    expect(asked).toBe(600);
    store.close();
  });
});

describe('durability', () => {
  it('keeps every acknowledged pin when the writer is killed with SIGKILL mid-way', async () => {
    const path = join(dir.dir, 'killed.sqlite');
    const child = startWriter(path, 'k', 1000, 'durable');
    const run = collect(child);
    // Kill once a good share is acknowledged, while writes are still in flight.
    await new Promise<void>((ready) => {
      const poll = setInterval(() => {
        if (run.lines.length >= 250) {
          clearInterval(poll);
          child.kill('SIGKILL');
          ready();
        }
      }, 1);
    });
    await run.exit;
    const acknowledged = [...run.lines];
    expect(acknowledged.length).toBeGreaterThanOrEqual(250);

    const store = openOrThrow({ path });
    const present = new Set(
      (
        await Promise.all(
          ['k-0', 'k-1', 'k-2', 'k-3'].map(async (guild) =>
            (await store.listPins(guild)).map((pin) => `${guild} ${pin.id}`),
          ),
        )
      ).flat(),
    );
    expect(acknowledged.filter((line) => !present.has(line))).toEqual([]);
    expect(store.integrityCheck()).toBe('ok');
    store.close();
    const check = new Database(path, { readonly: true });
    expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
    check.close();
  });
});
