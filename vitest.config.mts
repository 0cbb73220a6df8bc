import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

// The suite runs on in-memory SQLite, then again on PostgreSQL when TEST_DATABASE_URL names a database
// (e.g. postgres://postgres@127.0.0.1:5432/test): every test file works in schemas of its own, dropped at
// its end (test/helpers/database.ts). Opt-in rather than probing 127.0.0.1:5432, so that `npm test` never
// writes into a database nobody named; .ci/run sets it.
const postgresUrl = process.env.TEST_DATABASE_URL;
if (!postgresUrl) {
  console.log(
    '\nPostgreSQL runs skipped: TEST_DATABASE_URL is not set ' +
      '(e.g. TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm test runs the suite on it too).\n',
  );
}

export default defineConfig({
  resolve: {
    // One copy of graphql: Vite would pick index.mjs while CommonJS dependencies load index.js
    // ("Cannot use GraphQLObjectType from another module or realm").
    alias: { graphql: require.resolve('graphql') },
  },
  test: {
    include: ['**/*.test.ts', '**/*.e2e.ts'],
    // .stryker-tmp: the sandboxes of `npm run mutation` (copies of the project, tests included).
    exclude: ['node_modules/**', 'dist/**', '.stryker-tmp/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    setupFiles: ['test/helpers/setup.ts'],
    projects: [
      // groupOrder: SQLite first, then PostgreSQL, never both at once on a 2-core machine.
      {
        extends: true,
        test: { name: 'sqlite', env: { TEST_DATABASE_URL: '' }, sequence: { groupOrder: 0 } },
      },
      ...(postgresUrl
        ? [
            {
              extends: true as const,
              test: {
                name: 'postgres',
                env: { TEST_DATABASE_URL: postgresUrl },
                sequence: { groupOrder: 1 },
              },
            },
          ]
        : []),
    ],
  },
});
