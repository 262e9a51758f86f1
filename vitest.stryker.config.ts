import { defineConfig } from 'vitest/config';

// Mutation testing only (stryker.config.mjs): the fast in-process suites that cover
// src/machines and src/wire. No e2e/process/browser tests: they spawn processes and are slow.
const sdk = new URL('./src/sdk/index.ts', import.meta.url).pathname;
const testing = new URL('./src/testing/index.ts', import.meta.url).pathname;

export default defineConfig({
  test: {
    alias: { 'corral/sdk': sdk, 'corral/testing': testing },
    testTimeout: 30_000,
    hookTimeout: 30_000,
    include: ['test/machines/**/*.test.ts', 'test/wire/**/*.test.ts', 'test/docs/statecharts.test.ts'],
    exclude: ['**/*.e2e.test.ts'],
  },
});
