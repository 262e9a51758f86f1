import { defineConfig } from 'vitest/config';

// Mutation testing only (stryker.config.mjs): every in-process suite that exercises
// src/machines and src/wire — their own tests, and the host, bridge, sandbox and inspector
// suites that drive the codec, the messages and the machines through real use. No
// e2e/process/browser tests: they spawn processes (whose runtime bundle is not mutated).
const sdk = new URL('./src/sdk/index.ts', import.meta.url).pathname;
const testing = new URL('./src/testing/index.ts', import.meta.url).pathname;

export default defineConfig({
  test: {
    alias: { 'corral/sdk': sdk, 'corral/testing': testing },
    testTimeout: 30_000,
    hookTimeout: 30_000,
    include: [
      'test/machines/**/*.test.ts',
      'test/wire/**/*.test.ts',
      'test/docs/statecharts.test.ts',
      'test/bridge/**/*.test.ts',
      'test/sandbox/**/*.test.ts',
      'test/host/**/*.test.ts',
      'test/inspector/**/*.test.ts',
    ],
    exclude: ['**/*.e2e.test.ts'],
  },
});
