// Mutation testing (issue #7): `npm run mutation`. Not part of `npm test` or CI — it is slow.
// Narrow the scope from the command line, e.g. `npm run mutation -- --mutate 'src/machines/**/*.ts'`.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.stryker.config.ts' },
  mutate: ['src/machines/**/*.ts', 'src/wire/**/*.ts', '!src/wire/gen/**', 'src/bridge/**/*.ts'],
  coverageAnalysis: 'perTest',
  concurrency: 2,
  timeoutMS: 5_000,
  ignoreStatic: true,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
  // Results are kept per mutant, so a run interrupted on a busy machine resumes where it stopped.
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
};
