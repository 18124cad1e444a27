import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadCommandModules } from '../../src/compose.ts';
import { CommandRouter } from '../../src/interactions/router.ts';
import { prepareServices } from '../../src/compose.ts';
import { request, textOf } from '../commands/pin-fixtures.ts';
import { tempDir } from './helpers.ts';

let dir: ReturnType<typeof tempDir>;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => dir.cleanup());

describe('a corrupt database file', () => {
  it('leaves pins unavailable: answers still come from the articles, /pin and /insights say why', async () => {
    const path = join(dir.dir, 'corrupt.sqlite');
    writeFileSync(path, 'this is not an SQLite database, just text that ends up on disk'.repeat(100));
    const warnings: string[] = [];
    const logger = pino(
      { level: 'warn' },
      { write: (line: string) => void warnings.push(JSON.parse(line).msg) },
    );
    const handle = prepareServices(
      { knowledgeDir: 'test/fixtures/knowledge-mixed', logLevel: 'warn', databasePath: path },
      logger,
    );
    const services = await handle.ready;
    expect(services.store).toBeUndefined();
    expect(warnings.join('\n')).toMatch(/Pins are unavailable: cannot open .*corrupt\.sqlite/);

    const router = new CommandRouter(await loadCommandModules());
    const answer = await router.route(
      request({ commandName: 'ask', options: { question: 'When is the meeting?' } }),
      services,
    );
    expect(textOf(answer)).toMatch(/Tuesday/);
    expect(JSON.stringify(answer)).toMatch(/Pinned facts are unavailable right now/);
    const pin = await router.route(request({ subcommand: 'add', options: { fact: 'x' } }), services);
    expect(textOf(pin)).toMatch(
      /Pinned facts are unavailable right now \(the database could not be opened\)/,
    );
    const insights = await router.route(request({ commandName: 'insights' }), services);
    expect(textOf(insights)).toMatch(/unavailable/);
    handle.close();
  });
});
