import { defineConfig } from 'vitest/config';

/** The package's own entry points, resolved to source (shared with vitest.stryker.config.ts). */
export const aliases = {
  'corral/sdk': new URL('./src/sdk/index.ts', import.meta.url).pathname,
  'corral/testing': new URL('./src/testing/index.ts', import.meta.url).pathname,
};

export default defineConfig({
  test: {
    alias: aliases,
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
