import { defineConfig } from 'vitest/config';

const sdk = new URL('./src/sdk/index.ts', import.meta.url).pathname;
const testing = new URL('./src/testing/index.ts', import.meta.url).pathname;

export default defineConfig({
  test: {
    alias: { 'corral/sdk': sdk, 'corral/testing': testing },
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: { name: 'in-process', include: ['test/**/*.test.ts', 'examples/**/*.test.ts'] },
      },
      {
        // Parity: every example's own suite again, its integration in a sandbox process.
        extends: true,
        test: { name: 'sandboxed', include: ['examples/**/*.test.ts'], env: { CORRAL_ISOLATION: 'process' } },
      },
      {
        // Parity again, its integration in a sandbox worker thread of the test process.
        extends: true,
        test: { name: 'worker', include: ['examples/**/*.test.ts'], env: { CORRAL_ISOLATION: 'worker' } },
      },
    ],
  },
});
