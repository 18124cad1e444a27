import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { servicesFor } from '../src/interactions/contract.ts';
import { prepareServices } from '../src/compose.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function tempKnowledge(): { knowledge: string; database: string } {
  const dir = mkdtempSync(join(tmpdir(), 'citebot-services-'));
  dirs.push(dir);
  const knowledge = join(dir, 'knowledge');
  mkdirSync(knowledge);
  copyFileSync('test/fixtures/knowledge-mixed/guide.md', join(knowledge, 'guide.md'));
  return { knowledge, database: join(dir, 'citebot.sqlite') };
}

describe('prepareServices', () => {
  it('opens the store next to the engine, so pins are available', async () => {
    const { knowledge, database } = tempKnowledge();
    const handle = prepareServices(
      { knowledgeDir: knowledge, logLevel: 'silent', databasePath: database },
      pino({ level: 'silent' }),
    );
    const services = await handle.ready;
    expect(services.engine.articles).toHaveLength(1);
    expect(services.store).toBeDefined();
    handle.close();
  });

  it('with KNOWLEDGE_WATCH, a new article is served to later requests; a request keeps its engine', async () => {
    const { knowledge, database } = tempKnowledge();
    const handle = prepareServices(
      { knowledgeDir: knowledge, logLevel: 'silent', databasePath: database, watchKnowledge: true },
      pino({ level: 'silent' }),
    );
    const provider = await handle.provider;
    const before = servicesFor(provider);
    expect(before.engine.articles).toHaveLength(1);
    writeFileSync(
      join(knowledge, 'second.md'),
      '---\ntitle: Second\n---\n\nA second article about rye bread.\n',
    );
    while (servicesFor(provider).engine.articles.length < 2)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(servicesFor(provider).engine.articles.map((article) => article.title)).toContain('Second');
    expect(before.engine.articles).toHaveLength(1);
    handle.close();
  });

  it('after a reload, nothing keeps the first engine: it is collected', async () => {
    const gc = (globalThis as { gc?: () => void }).gc;
    if (!gc) throw new Error('run with --expose-gc (vitest.config.ts sets it)');
    const { knowledge, database } = tempKnowledge();
    const handle = prepareServices(
      { knowledgeDir: knowledge, logLevel: 'silent', databasePath: database },
      pino({ level: 'silent' }),
    );
    // As main.ts does: the handle lives as long as the process, and `ready` is awaited once.
    handle.ready.catch(() => undefined);
    const first = new WeakRef((await handle.ready).engine);
    const reload = (await handle.ready).reloadKnowledge!;
    expect((await reload()).ok).toBe(true);
    const serving = (await handle.ready).engine;
    for (let i = 0; i < 10 && first.deref(); i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      gc();
    }
    expect(first.deref()).toBeUndefined();
    expect(serving.articles).toHaveLength(1);
    await handle.close();
  });
});
