/**
 * `npm run soak -- --minutes N [--groups G] [--seed S]` (issue #7): the soak of
 * `soak-core.ts`, a summary table, and `dist/bench-results/soak.json`. Exits 1
 * when an end check fails.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runSoak } from './soak-core.js';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '1' },
    groups: { type: 'string', default: '3' },
    seed: { type: 'string', default: '1' },
  },
});
const minutes = Number(values.minutes);
const groups = Number(values.groups);
const seed = Number(values.seed);
if (!(minutes > 0) || !(groups >= 2) || !Number.isInteger(groups) || !Number.isFinite(seed)) {
  console.error('usage: npm run soak -- --minutes N (>0) --groups G (>=2) --seed S');
  process.exit(2);
}

const result = await runSoak({
  durationMs: minutes * 60_000,
  groups,
  seed,
  log: (line) => console.log(line),
});

const machine = `${cpus()[0]?.model ?? 'unknown cpu'} x${cpus().length}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
console.log('');
console.table({
  duration: `${(result.elapsedMs / 1000).toFixed(1)} s`,
  groups: result.groups.join(', '),
  entities: result.entities,
  faults: `crash ${result.faults.crash}, hang ${result.faults.hang}, corrupt ${result.faults.corrupt} (skipped ${result.faultsSkipped})`,
  restarts: Object.values(result.restarts).join(', '),
  'service calls': `${result.serviceCalls.ok} ok, ${result.serviceCalls.failed} failed`,
  writes: `${result.writes.acknowledged} acked, ${result.writes.checked - result.writes.missing}/${result.writes.checked} present`,
  'heap slope': `${(result.heap.slopeBytesPerMin / 1024).toFixed(1)} KiB/min (${result.heap.samples} samples)`,
});
console.table(Object.fromEntries(result.checks.map((c) => [c.name, { ok: c.ok, detail: c.detail }])));

const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'bench-results', 'soak.json');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify({ ...result, machine }, null, 2)}\n`);
console.log(`${result.ok ? 'PASS' : 'FAIL'}; wrote ${out}`);
process.exit(result.ok ? 0 : 1);
