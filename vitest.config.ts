import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'examples/**/*.test.ts'],
    alias: { 'corral/sdk': new URL('./src/sdk/index.ts', import.meta.url).pathname },
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
