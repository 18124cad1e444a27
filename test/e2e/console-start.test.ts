import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * `npm start` without DISCORD_TOKEN, in a terminal (util-linux `script` gives it one), as an
 * operator runs it: the console applies the configured limits and says so, and /reload works for
 * the person at the machine.
 */

const script = ['/usr/bin/script', '/bin/script'].find((candidate) => existsSync(candidate));
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Types `lines` one by one, each once the console has answered the one before (its prompt is back). */
async function consoleSession(env: Record<string, string>, lines: string[]): Promise<string> {
  const child = spawn(script!, ['-qec', `${process.execPath} --import tsx src/main.ts`, '/dev/null'], {
    env: { ...process.env, DOTENV_CONFIG_PATH: '/nonexistent', DISCORD_TOKEN: '', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let screen = '';
  child.stdout!.on('data', (chunk) => (screen += chunk.toString()));
  child.stderr!.on('data', (chunk) => (screen += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  const prompts = () => screen.split('›').length - 1;
  const until = async (seen: () => boolean) => {
    while (!seen()) {
      if (child.exitCode !== null) throw new Error(`the console exited early:\n${screen}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  for (const [index, line] of lines.entries()) {
    await until(() => prompts() > index);
    child.stdin!.write(`${line}\r`);
  }
  child.stdin!.write('/quit\r');
  const code = await exited;
  expect(code).toBe(0);
  // eslint-disable-next-line no-control-regex
  return screen.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
}

describe('npm start without a token opens the console', () => {
  it.skipIf(!script)(
    'with the configured limits, said in the banner, and /reload for the operator',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'citebot-console-start-'));
      dirs.push(dir);
      const knowledge = join(dir, 'knowledge');
      mkdirSync(knowledge);
      copyFileSync('test/fixtures/knowledge-mixed/guide.md', join(knowledge, 'guide.md'));
      const question = 'How long do I bake the loaf?';
      const screen = await consoleSession(
        {
          KNOWLEDGE_DIR: knowledge,
          DATABASE_PATH: join(dir, 'citebot.sqlite'),
          ASK_BURST: '1',
          ASK_COOLDOWN_SECONDS: '60',
        },
        [question, question, '/reload'],
      );
      expect(screen).toContain('Limits apply as on Discord: 1 question back to back, then one every 60 s');
      expect(screen).toContain('Bake the loaf at 250 degrees');
      expect(screen).toMatch(/You are asking quickly — try again in \d+ seconds\./);
      expect(screen).toMatch(/Reloaded: 1 article, \d+ passages\./);
    },
    60_000,
  );
});
