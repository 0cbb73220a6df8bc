import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // One copy of graphql: Vite would pick index.mjs while CommonJS dependencies load index.js
    // ("Cannot use GraphQLObjectType from another module or realm").
    alias: { graphql: require.resolve('graphql') },
  },
  test: {
    include: ['**/*.test.ts', '**/*.e2e.ts'],
    exclude: ['node_modules/**', 'dist/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    setupFiles: ['reflect-metadata'],
  },
});
