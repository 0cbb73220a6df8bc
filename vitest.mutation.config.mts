import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

// The tests Stryker runs against each mutant (stryker.config.mjs, `npm run mutation`): the fast unit and
// in-process tests of the modules it mutates, on in-memory SQLite only. No hub, no PostgreSQL: every
// mutant reruns the tests that cover it, so each of these files must start in well under a second.
export default defineConfig({
  resolve: {
    // One copy of graphql, as in vitest.config.mts.
    alias: { graphql: require.resolve('graphql') },
  },
  test: {
    include: [
      'subgraphs/partnerships/legal-path.test.ts',
      'subgraphs/partnerships/correction.rules.test.ts',
      'subgraphs/partnerships/visibility.test.ts',
      'subgraphs/partnerships/loaders.test.ts',
      'subgraphs/shared/writes.test.ts',
      'subgraphs/shared/pipeline.test.ts',
      'gateway/store.test.ts',
      'gateway/shared-store.test.ts',
      'gateway/http/rate-limit.test.ts',
      'gateway/plugins.test.ts',
      'gateway/http/cache-lookup.test.ts',
    ],
    exclude: ['node_modules/**', 'dist/**', '.stryker-tmp/**'],
    env: { TEST_DATABASE_URL: '' },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    setupFiles: ['test/helpers/setup.ts'],
  },
});
