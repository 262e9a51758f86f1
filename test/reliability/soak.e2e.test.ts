/**
 * The soak of issue #7 in its short CI form: two sandbox groups for 12 s under
 * service-call and store-write traffic and seeded random SIGKILLs, hangs and
 * corrupt frames; every end check of `npm run soak` must hold. (The heap slope
 * is reported, not judged, this short: see bench/soak-core.ts.)
 */
import { expect, test } from 'vitest';
import { runSoak } from '../../bench/soak-core.js';

test('soak: 2 groups, 12 s of traffic and faults; writes kept, nothing leaked, all available, budget honoured', async () => {
  const result = await runSoak({ durationMs: 12_000, groups: 2, seed: 7, faultEveryMs: 2_000 });
  const failed = result.checks.filter((c) => !c.ok);
  expect(failed, JSON.stringify(failed)).toEqual([]);
  expect(result.faults.crash + result.faults.hang + result.faults.corrupt).toBeGreaterThan(0);
  expect(result.writes.checked).toBeGreaterThan(0);
  expect(result.writes.missing).toBe(0);
  expect(result.leaks.pids).toEqual([]);
  expect(Number.isFinite(result.heap.slopeBytesPerMin)).toBe(true);
}, 25_000);
