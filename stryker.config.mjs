// @ts-check
/**
 * Mutation testing (`npm run mutation`, not part of `npm test` or CI: it is slow). Stryker changes the
 * modules where a surviving mutant is a real risk one small edit at a time and runs the fast tests that
 * cover each change (vitest.mutation.config.mts); a mutant no test notices is a gap in the tests.
 * docs/testing.md has the scores and the survivors, argued.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
const config = {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.mts' },
  coverageAnalysis: 'perTest',
  // Static mutants (module-level data: the legal-path table, entity decorators, constants) would each
  // rerun every test file (about 20 s apiece on 2 busy cores, 220 of them), and with vitest's `related`
  // filter they ran no test at all and were reported as survivors. They are left out (counted as ignored);
  // the legal-path table is held by legal-path.test.ts, which walks it against a matrix typed in the test
  // and checks docs/LEGAL-PATH.md is the table rendered (docs/testing.md).
  ignoreStatic: true,
  mutate: [
    'subgraphs/partnerships/legal-path.ts',
    'subgraphs/partnerships/correction.rules.ts',
    'subgraphs/shared/writes.ts',
    'subgraphs/shared/pipeline.ts',
    'subgraphs/partnerships/visibility.ts',
    'gateway/store.ts',
    'gateway/http/rate-limit.ts',
    // The response cache (its key and its plugin), not the operation metrics plugin below it.
    'gateway/plugins.ts:1-104',
    'gateway/http/cache-lookup.ts',
    'subgraphs/partnerships/loaders.ts',
  ],
  // The sandbox needs the sources, the reference data, docs/ (legal-path.test.ts reads it) and the configs.
  ignorePatterns: ['/dist', '/test-results', '/reports', '/bench/results', '/.data', '/schema'],
  // Two cores: one worker each.
  concurrency: 2,
  timeoutMS: 20_000,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true },
  // Each module must reach 85% (docs/testing.md); the run fails below 85% overall.
  thresholds: { high: 90, low: 85, break: 85 },
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
};
export default config;
