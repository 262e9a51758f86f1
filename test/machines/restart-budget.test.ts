import { fc, test as propTest } from '@fast-check/vitest';
import { describe, expect, test } from 'vitest';
import { SimulatedClock } from 'xstate';
import { clockNow, realClock } from '../../src/machines/clock.js';
import {
  backoffDelay,
  coolDownDelay,
  mayRestart,
  nextRandom,
  recordRestart,
  restartsInWindow,
  seedFromString,
} from '../../src/machines/restart-budget.js';
import { defaultSupervisionPolicy } from '../../src/policy.js';

const backoff = defaultSupervisionPolicy.backoff;

describe('restart window', () => {
  test('a restart exactly one period ago has left the window', () => {
    expect(restartsInWindow([0, 1, 59_999], 60_000, 60_000)).toEqual([1, 59_999]);
  });

  test('the (intensity+1)-th restart inside the window is refused', () => {
    expect(mayRestart([10, 20], 30, 3, 60_000)).toBe(true);
    expect(mayRestart([10, 20, 30], 40, 3, 60_000)).toBe(false);
    expect(mayRestart([10, 20, 30], 60_010, 3, 60_000)).toBe(true);
  });

  propTest.prop([fc.array(fc.nat({ max: 1_000 }), { maxLength: 40 }), fc.integer({ min: 1, max: 5 })])(
    'restarts admitted by mayRestart never exceed intensity in any window',
    (gaps, intensity) => {
      const period = 1_000;
      let times: number[] = [];
      const admitted: number[] = [];
      let now = 0;
      for (const gap of gaps) {
        now += gap;
        if (!mayRestart(times, now, intensity, period)) continue;
        times = recordRestart(times, now, period);
        admitted.push(now);
      }
      for (const end of admitted) {
        expect(admitted.filter((t) => t > end - period && t <= end).length).toBeLessThanOrEqual(intensity);
      }
      expect(times.length).toBeLessThanOrEqual(intensity);
    },
  );
});

describe('backoff', () => {
  test('the first restart is immediate, then doubles from initialMs up to maxMs', () => {
    const flat = { ...backoff, jitter: 0 };
    expect([0, 1, 2, 3, 30].map((n) => backoffDelay(flat, n, 0.5))).toEqual([0, 500, 1_000, 2_000, 30_000]);
  });

  propTest.prop([fc.nat({ max: 64 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true })])(
    'jitter keeps every delay within ±jitter of the capped exponential',
    (attempt, random) => {
      const delay = backoffDelay(backoff, attempt, random);
      const base = attempt === 0 ? 0 : Math.min(backoff.maxMs, backoff.initialMs * 2 ** (attempt - 1));
      expect(delay).toBeGreaterThanOrEqual(Math.floor(base * (1 - backoff.jitter)));
      expect(delay).toBeLessThanOrEqual(Math.ceil(base * (1 + backoff.jitter)));
    },
  );

  propTest.prop([fc.nat()])('the seeded PRNG is deterministic and stays in [0, 1)', (seed) => {
    const a = nextRandom(seed);
    expect(nextRandom(seed)).toEqual(a);
    expect(a.value).toBeGreaterThanOrEqual(0);
    expect(a.value).toBeLessThan(1);
    expect(nextRandom(a.state).state).not.toBe(a.state);
  });

  test('groups get different seeds', () => {
    expect(seedFromString('built-in')).not.toBe(seedFromString('custom'));
  });

  test('the seed is 32-bit FNV-1a and the PRNG is mulberry32 (published test vectors)', () => {
    expect(seedFromString('')).toBe(0x811c9dc5);
    expect(seedFromString('a')).toBe(0xe40c292c);
    expect(seedFromString('foobar')).toBe(0xbf9cf968);
    let state = 0;
    const values: number[] = [];
    for (let i = 0; i < 3; i++) {
      const next = nextRandom(state);
      values.push(next.value);
      state = next.state;
    }
    expect(values).toEqual([0.26642920868471265, 0.0003297457005828619, 0.2232720274478197]);
    expect(state).toBe(1_199_730_143);
  });

  test('jitter scales the delay linearly from -jitter at random 0 to +jitter towards random 1', () => {
    const policy = { initialMs: 1_000, maxMs: 30_000, jitter: 0.2, resetAfterMs: 60_000 };
    expect([0, 0.25, 0.5, 0.75].map((random) => backoffDelay(policy, 1, random))).toEqual([
      800, 900, 1_000, 1_100,
    ]);
    expect(backoffDelay(policy, 3, 0)).toBe(3_200);
  });
});

describe('cool-down schedule', () => {
  test('the last value repeats and an empty schedule never retries', () => {
    expect([0, 1, 2, 9].map((i) => coolDownDelay([10, 20], i))).toEqual([10, 20, 20, 20]);
    expect(coolDownDelay([], 0)).toBeUndefined();
  });
});

describe('clock', () => {
  test('clockNow reads the simulated clock of the system', () => {
    const clock = new SimulatedClock();
    clock.increment(1_234);
    expect(clockNow({ _clock: clock })).toBe(1_234);
  });

  test('realClock tells wall time and clockNow falls back to it without now()', () => {
    const before = Date.now();
    expect(realClock.now()).toBeGreaterThanOrEqual(before);
    expect(clockNow({ _clock: { setTimeout, clearTimeout } })).toBeGreaterThanOrEqual(before);
  });
});
