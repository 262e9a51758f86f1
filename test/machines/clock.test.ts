/** clockNow and timersOf: which clock a machine reads and which one runs its timers. */
import { afterEach, describe, expect, test, vi } from 'vitest';
import { SimulatedClock } from 'xstate';
import { clockNow, realClock, timersOf } from '../../src/machines/clock.js';

afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

describe('clockNow', () => {
  test('reads the system clock’s now() when it has one', () => {
    expect(clockNow({ _clock: { now: () => 1_234 } })).toBe(1_234);
    const simulated = new SimulatedClock();
    simulated.set(5_000);
    expect(clockNow({ _clock: simulated })).toBe(5_000);
  });

  test('falls back to wall time without a system, without a clock, or with a clock lacking now()', () => {
    vi.spyOn(Date, 'now').mockReturnValue(42);
    expect(clockNow(undefined)).toBe(42);
    expect(clockNow({})).toBe(42);
    expect(clockNow({ _clock: { setTimeout, clearTimeout } })).toBe(42);
    expect(clockNow({ _clock: { now: 7 } })).toBe(42);
  });
});

describe('timersOf', () => {
  test('keeps a clock that runs timers itself', () => {
    const simulated = new SimulatedClock();
    expect(timersOf(simulated)).toBe(simulated);
    const own = { now: () => 0, setTimeout: () => 1, clearTimeout: () => {} };
    expect(timersOf(own)).toBe(own);
  });

  test('uses realClock for a clock with only now(), only setTimeout or only clearTimeout', () => {
    expect(timersOf({ now: () => 0 })).toBe(realClock);
    expect(timersOf({ now: () => 0, setTimeout: () => 1 } as { now(): number })).toBe(realClock);
    expect(timersOf({ now: () => 0, clearTimeout: () => {} } as { now(): number })).toBe(realClock);
    expect(timersOf({ now: () => 0, setTimeout: 1, clearTimeout: 2 } as { now(): number })).toBe(realClock);
  });

  test('realClock runs and cancels real timers and tells wall time', () => {
    vi.useFakeTimers({ now: 10_000 });
    const fired: string[] = [];
    realClock.setTimeout(() => fired.push('a'), 50);
    const b = realClock.setTimeout(() => fired.push('b'), 50);
    realClock.clearTimeout(b);
    vi.advanceTimersByTime(50);
    expect(fired).toEqual(['a']);
    expect(realClock.now()).toBe(10_050);
  });
});
