#!/usr/bin/env node
// The long form of the hostile-child fuzz (test/reliability/hostile-child.e2e.test.ts):
// 100,000 frames by default, one run per seed, and the figures of each run printed as JSON.
//
//   node scripts/fuzz.mjs [--frames 100000] [--seed 7 | --seeds 3] [--no-build]
//
// --seeds N runs N random seeds; every run prints its seed, so a failure reproduces with
// `--seed <that seed>` (or CORRAL_FUZZ_SEED=<seed> npx vitest run test/reliability).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    frames: { type: 'string', default: '100000' },
    seed: { type: 'string' },
    seeds: { type: 'string', default: '1' },
    'no-build': { type: 'boolean', default: false },
  },
});

const root = join(import.meta.dirname, '..');
const run = (command, args, env = {}) =>
  spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } }).status ?? 1;

if (!values['no-build'] && run('npm', ['run', 'build', '--silent']) !== 0) process.exit(1);

const seeds = values.seed
  ? [Number(values.seed)]
  : Array.from({ length: Number(values.seeds) }, () => Math.floor(Math.random() * 2 ** 31));
const dir = mkdtempSync(join(tmpdir(), 'corral-fuzz-report-'));
let failed = 0;
for (const seed of seeds) {
  const report = join(dir, `seed-${seed}.json`);
  console.log(`\nfuzz: ${values.frames} frames, seed ${seed}`);
  const status = run(
    'npx',
    [
      'vitest',
      'run',
      'test/reliability/hostile-child.e2e.test.ts',
      '--project',
      'in-process',
      '-t',
      'never crashes the host',
    ],
    { CORRAL_FUZZ_FRAMES: values.frames, CORRAL_FUZZ_SEED: String(seed), CORRAL_FUZZ_REPORT: report },
  );
  if (status !== 0) {
    failed++;
    console.log(`fuzz: seed ${seed} FAILED (reproduce with --seed ${seed} --frames ${values.frames})`);
    continue;
  }
  console.log(readFileSync(report, 'utf8'));
}
rmSync(dir, { recursive: true, force: true });
process.exit(failed > 0 ? 1 : 0);
