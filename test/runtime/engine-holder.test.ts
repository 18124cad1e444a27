import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadEngine, type Engine } from '../../src/engine.ts';
import { knowledgeWatchEnabled } from '../../src/config.ts';
import { EngineHolder, type ReloadResult } from '../../src/runtime/engine-holder.ts';
import { watchKnowledge, type KnowledgeWatcher } from '../../src/runtime/watch.ts';

const OTTERS = `---
title: Otters
---
# Otters

Sea otters hold hands while they sleep so that they do not drift apart. A group of resting otters is called a raft.
`;

const MASCOT = `---
title: Mascot
---
# The mascot

The citebot mascot is a purple lighthouse keeper named Quill, who collects old maps.
`;

const MASCOT_QUESTION = 'What is the name of the citebot mascot?';

let dir: string;
let watcher: KnowledgeWatcher | undefined;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'citebot-watch-'));
  writeFileSync(path.join(dir, 'otters.md'), OTTERS);
});

afterEach(() => {
  watcher?.close();
  watcher = undefined;
  rmSync(dir, { recursive: true, force: true });
});

async function holderFor(folder: string): Promise<EngineHolder> {
  return new EngineHolder(await loadEngine(folder), folder);
}

describe('knowledge hot reload', () => {
  it('a new file is indexed on reload and its answer appears', async () => {
    const holder = await holderFor(dir);
    expect(holder.engine.ask(MASCOT_QUESTION).answer).not.toContain('Quill');
    writeFileSync(path.join(dir, 'mascot.md'), MASCOT);
    const result = await holder.reload();
    expect(result.ok).toBe(true);
    const answer = holder.engine.ask(MASCOT_QUESTION);
    expect(answer.answered).toBe(true);
    expect(answer.answer).toContain('Quill');
    expect(answer.citations[0]?.source).toBe('mascot');
  });

  it('a changed file is re-indexed: the new sentence is quoted, the old one gone', async () => {
    writeFileSync(path.join(dir, 'mascot.md'), MASCOT);
    const holder = await holderFor(dir);
    expect(holder.engine.ask(MASCOT_QUESTION).answer).toContain('Quill');
    writeFileSync(path.join(dir, 'mascot.md'), MASCOT.replaceAll('Quill', 'Marlowe'));
    await holder.reload();
    const answer = holder.engine.ask(MASCOT_QUESTION);
    expect(answer.answer).toContain('Marlowe');
    expect(answer.citations.some((citation) => citation.text.includes('Quill'))).toBe(false);
  });

  it('a file saved broken keeps the previous engine, and a later fix is picked up', async () => {
    writeFileSync(path.join(dir, 'mascot.md'), MASCOT);
    const holder = await holderFor(dir);
    const before = holder.engine;
    writeFileSync(path.join(dir, 'mascot.md'), '---\ntitle: [unclosed\n---\nQuill');
    const refused = await holder.reload();
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.reason).toContain('mascot.md');
    expect(holder.engine).toBe(before);
    expect(holder.engine.ask(MASCOT_QUESTION).answer).toContain('Quill');

    writeFileSync(path.join(dir, 'mascot.md'), MASCOT.replaceAll('Quill', 'Marlowe'));
    expect((await holder.reload()).ok).toBe(true);
    expect(holder.engine.ask(MASCOT_QUESTION).answer).toContain('Marlowe');
  });

  it('a folder that cannot be read keeps the previous engine', async () => {
    const holder = await holderFor(dir);
    const before = holder.engine;
    rmSync(dir, { recursive: true, force: true });
    const result = await holder.reload();
    expect(result.ok).toBe(false);
    expect(holder.engine).toBe(before);
    expect(holder.engine.ask('Why do otters hold hands?').answered).toBe(true);
  });

  it('a loader that throws keeps the previous engine', async () => {
    const engine = await loadEngine(dir);
    const holder = new EngineHolder(engine, dir, {
      load: () => Promise.reject(new Error('disk on fire')),
    });
    const result = await holder.reload();
    expect(result).toEqual({
      ok: false,
      reason: 'could not load the knowledge: disk on fire',
      refusal: { kind: 'load-failed', problems: [] },
    });
    expect(holder.engine).toBe(engine);
  });

  it('deleting an article is an edit like any other: it is gone after the reload', async () => {
    writeFileSync(path.join(dir, 'mascot.md'), MASCOT);
    const holder = await holderFor(dir);
    unlinkSync(path.join(dir, 'mascot.md'));
    expect((await holder.reload()).ok).toBe(true);
    expect(holder.engine.articles.map((article) => article.id)).toEqual(['otters']);
  });

  it('no request fails during reloads, and a request keeps the engine it started with', async () => {
    writeFileSync(path.join(dir, 'mascot.md'), MASCOT);
    const holder = await holderFor(dir);
    const started = holder.engine;
    const failures: unknown[] = [];
    let answered = 0;
    let reloading = true;
    // Requests keep arriving between the reload's awaits, each on the engine serving at its start.
    const traffic = (async () => {
      while (reloading) {
        try {
          const engine = holder.engine;
          const result = engine.ask(MASCOT_QUESTION);
          if (!result.answered || !/Quill|Marlowe/.test(result.answer)) failures.push(result);
          else answered++;
        } catch (error) {
          failures.push(error);
        }
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    for (let i = 0; i < 5; i++) {
      writeFileSync(path.join(dir, 'mascot.md'), MASCOT.replaceAll('Quill', i % 2 ? 'Quill' : 'Marlowe'));
      // A request that took the engine before this reload, and answers after the swap.
      const before = holder.engine;
      const reload = holder.reload();
      const expected = before.ask(MASCOT_QUESTION).answer;
      await reload;
      expect(holder.engine).not.toBe(before);
      expect(before.ask(MASCOT_QUESTION).answer).toBe(expected);
      expect(holder.engine.ask(MASCOT_QUESTION).answer).toContain(i % 2 ? 'Quill' : 'Marlowe');
    }
    reloading = false;
    await traffic;
    expect(failures).toEqual([]);
    expect(answered).toBeGreaterThan(0);
    expect(holder.reloads).toBe(5);
    // The engine a request held before the swaps still answers from the old index; requests after
    // them get the new one.
    expect(started.ask(MASCOT_QUESTION).answer).toContain('Quill');
    expect(holder.engine.ask(MASCOT_QUESTION).answer).toContain('Marlowe');
  });

  it('reloads asked for while one runs share one follow-up load', async () => {
    const engine = await loadEngine(dir);
    let loads = 0;
    const holder = new EngineHolder(engine, dir, {
      load: async () => {
        loads++;
        return loadEngine(dir);
      },
    });
    const results = await Promise.all(Array.from({ length: 10 }, () => holder.reload()));
    expect(results.every((result) => result.ok)).toBe(true);
    expect(loads).toBe(2);
    expect(holder.reloads).toBe(2);
  });
});

describe('the knowledge watcher', () => {
  it('is off unless KNOWLEDGE_WATCH is set', () => {
    expect(knowledgeWatchEnabled({})).toBe(false);
    expect(knowledgeWatchEnabled({ KNOWLEDGE_WATCH: '0' })).toBe(false);
    expect(knowledgeWatchEnabled({ KNOWLEDGE_WATCH: '1' })).toBe(true);
    expect(knowledgeWatchEnabled({ KNOWLEDGE_WATCH: 'true' })).toBe(true);
  });

  it('re-indexes a file saved in the folder, once the saves settle', async () => {
    const holder = await holderFor(dir);
    const reloaded = new Promise<ReloadResult>((resolve) => {
      watcher = watchKnowledge(holder, dir, {
        debounceMs: 50,
        onReload: (result) => {
          if (result.ok && result.engine.articles.length === 2) resolve(result);
        },
      });
    });
    // An editor saving in several writes.
    writeFileSync(path.join(dir, 'mascot.md'), MASCOT.slice(0, 40));
    writeFileSync(path.join(dir, 'mascot.md'), MASCOT);
    await reloaded;
    expect(holder.engine.ask(MASCOT_QUESTION).answer).toContain('Quill');
  });
});

export type { Engine };
