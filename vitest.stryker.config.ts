import { defineConfig } from 'vitest/config';
import { aliases } from './vitest.config.js';

// Mutation testing only (stryker.config.mjs): every in-process suite that exercises
// src/machines, src/wire and src/bridge — their own tests, and the host, sandbox and inspector
// suites that drive the codec, the messages, the machines and the bridge through real use. No
// e2e/process/browser tests: they spawn processes (whose runtime bundle is not mutated).
export default defineConfig({
  test: {
    alias: aliases,
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
