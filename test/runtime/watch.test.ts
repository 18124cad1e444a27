import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadEngine } from '../../src/engine.ts';
import { EngineHolder } from '../../src/runtime/engine-holder.ts';
import { watchKnowledge, type KnowledgeWatcher } from '../../src/runtime/watch.ts';

/**
 * KNOWLEDGE_WATCH as editors save: an atomic save (a temporary file renamed over the article),
 * then an in-place edit of the same file, each served within 3 s; the folder removed (said so)
 * and recreated, then served again.
 */

const article = (fact: string) =>
  `---\ntitle: Lighthouse\n---\n# The lighthouse\n\nThe lighthouse keeper is named ${fact}, and keeps old maps.\n`;
const QUESTION = 'What is the lighthouse keeper named?';

let root: string;
let dir: string;
let watcher: KnowledgeWatcher | undefined;
const warnings: string[] = [];
const logger = {
  info: () => undefined,
  warn: (_details: object, message: string) => void warnings.push(message),
};

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'citebot-watch-'));
  dir = path.join(root, 'knowledge');
  mkdirSync(dir);
  writeFileSync(path.join(dir, 'lighthouse.md'), article('Quill'));
  warnings.length = 0;
});

afterEach(() => {
  watcher?.close();
  rmSync(root, { recursive: true, force: true });
});

async function served(holder: EngineHolder, name: string, ms = 3_000): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < ms) {
    if (holder.engine.ask(QUESTION).answer.includes(name)) return Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`"${name}" not served within ${ms} ms`);
}

describe('the knowledge watcher', () => {
  it('serves an atomic save, then an in-place edit of the same file, each within 3 s', async () => {
    const holder = new EngineHolder(await loadEngine(dir), dir);
    watcher = watchKnowledge(holder, dir, { debounceMs: 100, checkMs: 250, logger });
    const file = path.join(dir, 'lighthouse.md');
    writeFileSync(path.join(dir, '.lighthouse.md.tmp'), article('Bramble'));
    renameSync(path.join(dir, '.lighthouse.md.tmp'), file);
    const atomic = await served(holder, 'Bramble');
    writeFileSync(file, article('Corwin'));
    const inPlace = await served(holder, 'Corwin');
    process.stderr.write(`watch: atomic save served after ${atomic} ms, in-place edit after ${inPlace} ms\n`);
  });

  it('says when the folder is gone, and serves it again once it is recreated', async () => {
    const holder = new EngineHolder(await loadEngine(dir), dir);
    watcher = watchKnowledge(holder, dir, { debounceMs: 100, checkMs: 250, logger });
    rmSync(dir, { recursive: true });
    const started = Date.now();
    while (!warnings.some((warning) => warning.includes('gone')) && Date.now() - started < 3_000)
      await new Promise((resolve) => setTimeout(resolve, 25));
    expect(warnings.some((warning) => warning.includes('gone'))).toBe(true);
    expect(holder.engine.ask(QUESTION).answer).toContain('Quill');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'lighthouse.md'), article('Dunstan'));
    await served(holder, 'Dunstan');
    writeFileSync(path.join(dir, 'lighthouse.md'), article('Ember'));
    await served(holder, 'Ember');
  });
});
