import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { prepareServices } from '../src/compose.ts';

/** What an operator is told at start about the knowledge folder: empty, or missing. */

const dir = mkdtempSync(join(tmpdir(), 'citebot-start-warn-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('starting with a knowledge folder that cannot answer', () => {
  it('warns when the folder has no articles', async () => {
    const knowledge = join(dir, 'empty');
    mkdirSync(knowledge);
    const lines: { level: number; msg: string }[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
    const handle = prepareServices(
      { knowledgeDir: knowledge, logLevel: 'info', databasePath: join(dir, 'citebot.sqlite') },
      logger,
    );
    await handle.ready;
    handle.close();
    expect(lines.some((line) => line.level === 40 && /no articles/.test(line.msg))).toBe(true);
  });

  it('a missing folder ends npm start with the fatal line alone (no unhandled rejection) and exit 1', async () => {
    const failed = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: {
        ...process.env,
        DISCORD_TOKEN: 'MTEwMDAwMDAwMDAwMDAwMDAwMQ.GfAkEx.fake-token-for-tests-only-000000000',
        // Nothing listens here: the knowledge fails first.
        DISCORD_API_URL: 'http://127.0.0.1:9/api',
        KNOWLEDGE_DIR: join(dir, 'missing'),
        DATABASE_PATH: join(dir, 'citebot.sqlite'),
        DOTENV_CONFIG_PATH: '/nonexistent',
      },
      timeout: 20_000,
    }).then(
      () => undefined,
      (error: { code?: number; stderr?: string }) => error,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toContain('could not load the knowledge');
    expect(failed?.stderr).not.toContain('unhandled promise rejection');
  });
});
