import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { prepareServices } from '../src/compose.ts';
import { DEFAULT_LIMITS } from '../src/config.ts';
import { freshPostgres } from './store/helpers.ts';

/** The wiring with DATABASE_URL: PostgreSQL instead of the file, and limits every instance shares. */

let database: Awaited<ReturnType<typeof freshPostgres>>;
let dir: string;
beforeEach(async () => {
  database = await freshPostgres();
  dir = mkdtempSync(join(tmpdir(), 'citebot-compose-pg-'));
});
afterEach(async () => {
  await database.drop();
  rmSync(dir, { recursive: true, force: true });
});

describe('prepareServices with DATABASE_URL', () => {
  it('two instances share pins and spend one member cooldown; DATABASE_PATH is left alone', async () => {
    const config = {
      knowledgeDir: 'test/fixtures/knowledge-mixed',
      logLevel: 'silent',
      databaseUrl: database.url,
      databasePath: join(dir, 'unused.sqlite'),
      limits: { ...DEFAULT_LIMITS, askBurst: 2 },
    };
    const handles = [0, 1].map(() => prepareServices(config, pino({ level: 'silent' })));
    try {
      const [one, two] = await Promise.all(handles.map((handle) => handle.ready));
      const added = await one!.store!.addPin({ guildId: 'g1', text: 'Shared fact', createdBy: '1' });
      expect(added.ok).toBe(true);
      expect((await two!.store!.listPins('g1')).map((pin) => pin.text)).toEqual(['Shared fact']);
      expect((await two!.pinIndexFor!('g1'))?.pins.map((pin) => pin.text)).toEqual(['Shared fact']);
      const decisions = [
        await one!.limits!.ask('u1', 'g1'),
        await two!.limits!.ask('u1', 'g1'),
        await one!.limits!.ask('u1', 'g1'),
      ];
      expect(decisions.map((decision) => decision.ok)).toEqual([true, true, false]);
      expect(existsSync(config.databasePath)).toBe(false);
    } finally {
      await Promise.all(handles.map((handle) => handle.close()));
    }
  });
});
