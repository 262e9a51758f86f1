/**
 * PendingCalls: settle-once bookkeeping of outbound calls and their timeouts.
 * Calls on the default timeout share one timer armed for the oldest deadline;
 * a call with a timeout of its own keeps its own timer. Time is simulated (vi
 * fake timers fake performance.now too), except where the test is about what
 * keeps the process alive, which only real timers can show.
 */
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { ChannelClosedError, ChannelTimeoutError } from '../../src/errors.js';
import { PendingCalls } from '../../src/wire/pending-calls.js';

/** The longest delay setTimeout honours. */
const MAX_TIMER_MS = 0x7fff_ffff;
const DEFAULT_MS = 100;

interface Outcome {
  resolved: unknown[];
  rejected: Error[];
}

/** Add call `id` and record every way it settles. */
function track(
  calls: PendingCalls,
  id: number,
  timeoutMs?: number,
  onReject?: (error: Error) => void,
): Outcome {
  const outcome: Outcome = { resolved: [], rejected: [] };
  calls.add(
    id,
    'ping',
    (value: never) => outcome.resolved.push(value),
    (error) => {
      outcome.rejected.push(error);
      onReject?.(error);
    },
    timeoutMs,
  );
  return outcome;
}

const settleCount = (outcome: Outcome) => outcome.resolved.length + outcome.rejected.length;

describe('PendingCalls with a simulated clock', () => {
  let calls: PendingCalls;

  beforeEach(() => {
    vi.useFakeTimers();
    calls = new PendingCalls(DEFAULT_MS);
  });

  afterEach(() => {
    calls.rejectAll(new ChannelClosedError());
    vi.useRealTimers();
  });

  test('a call on the default timeout rejects with ChannelTimeoutError exactly at its deadline, not before', () => {
    const call = track(calls, 1);
    vi.advanceTimersByTime(DEFAULT_MS - 1);
    expect(settleCount(call)).toBe(0);
    expect(calls.has(1)).toBe(true);
    vi.advanceTimersByTime(1);
    expect(call.rejected).toHaveLength(1);
    expect(call.rejected[0]).toBeInstanceOf(ChannelTimeoutError);
    expect(call.rejected[0]).toMatchObject({ type: 'timeout' });
    expect(calls.has(1)).toBe(false);
    expect(calls.size).toBe(0);
  });

  test('a default-timeout call rejects when its timer fires, even with the clock a fraction of a ms short of its deadline', () => {
    // Real timers fire on a millisecond loop clock that can read just behind performance.now().
    vi.advanceTimersByTime(0.4);
    const call = track(calls, 1); // deadline 100.4 ms, timer due at 100 ms
    vi.advanceTimersByTime(0.7);
    vi.advanceTimersByTime(DEFAULT_MS - 1.1); // the timer fires with the clock at 100 ms
    expect(call.rejected).toHaveLength(1);
    expect(call.rejected[0]).toBeInstanceOf(ChannelTimeoutError);
  });

  test('each default-timeout call rejects at its own deadline, not at the oldest one', () => {
    const first = track(calls, 1);
    vi.advanceTimersByTime(40);
    const second = track(calls, 2);
    vi.advanceTimersByTime(DEFAULT_MS - 40);
    expect(first.rejected).toHaveLength(1);
    expect(settleCount(second)).toBe(0);
    vi.advanceTimersByTime(39);
    expect(settleCount(second)).toBe(0);
    vi.advanceTimersByTime(1);
    expect(second.rejected).toHaveLength(1);
    expect(second.rejected[0]).toBeInstanceOf(ChannelTimeoutError);
  });

  test('a call with a timeout of its own is left alone by the default timer and rejects at its own time', () => {
    const long = track(calls, 1, 5 * DEFAULT_MS);
    const usual = track(calls, 2);
    vi.advanceTimersByTime(DEFAULT_MS);
    expect(usual.rejected).toHaveLength(1);
    expect(settleCount(long)).toBe(0);
    expect(calls.has(1)).toBe(true);
    vi.advanceTimersByTime(4 * DEFAULT_MS - 1);
    expect(settleCount(long)).toBe(0);
    vi.advanceTimersByTime(1);
    expect(long.rejected).toHaveLength(1);
    expect(long.rejected[0]).toBeInstanceOf(ChannelTimeoutError);
  });

  test('a timeout of 0 means the call never times out', () => {
    const call = track(calls, 1, 0);
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(10 * MAX_TIMER_MS);
    expect(settleCount(call)).toBe(0);
    expect(calls.has(1)).toBe(true);
  });

  test('take hands back the settlers once: later takes and unknown ids get undefined', () => {
    const call = track(calls, 1);
    const settlers = calls.take(1);
    expect(settlers).toBeDefined();
    expect(calls.take(1)).toBeUndefined();
    expect(calls.take(99)).toBeUndefined();
    expect(calls.size).toBe(0);
    settlers!.resolve('pong' as never);
    expect(call.resolved).toEqual(['pong']);
  });

  test('a taken call is never rejected by its timeout, default or its own', () => {
    const usual = track(calls, 1);
    const own = track(calls, 2, 3 * DEFAULT_MS);
    calls.take(1);
    calls.take(2);
    expect(vi.getTimerCount()).toBe(1); // the shared timer stays armed, unref'd; the own one is cleared
    vi.advanceTimersByTime(10 * DEFAULT_MS);
    expect(settleCount(usual)).toBe(0);
    expect(settleCount(own)).toBe(0);
  });

  test('a call added after an earlier one timed out times out too', () => {
    const first = track(calls, 1);
    vi.advanceTimersByTime(DEFAULT_MS);
    expect(first.rejected).toHaveLength(1);
    const second = track(calls, 2);
    vi.advanceTimersByTime(DEFAULT_MS);
    expect(second.rejected).toHaveLength(1);
    expect(second.rejected[0]).toBeInstanceOf(ChannelTimeoutError);
  });

  test('a call added after an answered one, once the idle timer has fired, still times out', () => {
    track(calls, 1);
    calls.take(1);
    vi.advanceTimersByTime(DEFAULT_MS); // the shared timer fires with nothing to reject
    const second = track(calls, 2);
    vi.advanceTimersByTime(DEFAULT_MS);
    expect(second.rejected).toHaveLength(1);
  });

  test('a default-timeout call added after a call with its own timeout was answered still times out', () => {
    const own = track(calls, 1, 5 * DEFAULT_MS);
    calls.take(1);
    const usual = track(calls, 2);
    vi.advanceTimersByTime(DEFAULT_MS);
    expect(usual.rejected).toHaveLength(1);
    vi.advanceTimersByTime(10 * DEFAULT_MS);
    expect(settleCount(own)).toBe(0);
  });

  test('a call added after an answered one rejects at its own deadline, not the answered one’s', () => {
    track(calls, 1);
    vi.advanceTimersByTime(10);
    calls.take(1);
    vi.advanceTimersByTime(40);
    const second = track(calls, 2); // deadline 150
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(DEFAULT_MS - 50); // 100: the first call's deadline
    expect(settleCount(second)).toBe(0);
    vi.advanceTimersByTime(49);
    expect(settleCount(second)).toBe(0);
    vi.advanceTimersByTime(1);
    expect(second.rejected).toHaveLength(1);
  });

  test('however many calls are on the default timeout, one timer serves them all', () => {
    for (let id = 1; id <= 50; id++) track(calls, id);
    expect(vi.getTimerCount()).toBe(1);
    track(calls, 51, 7 * DEFAULT_MS);
    track(calls, 52, 9 * DEFAULT_MS);
    expect(vi.getTimerCount()).toBe(3);
    expect(calls.size).toBe(52);
  });

  test('a default timeout of exactly the longest timer delay is still served by one shared timer', () => {
    calls = new PendingCalls(MAX_TIMER_MS);
    const outcomes = [track(calls, 1), track(calls, 2), track(calls, 3)];
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(MAX_TIMER_MS);
    for (const outcome of outcomes) expect(outcome.rejected[0]).toBeInstanceOf(ChannelTimeoutError);
  });

  test('a timeout longer than the longest timer delay waits its whole length, not the 1 ms setTimeout would give it', () => {
    const longMs = 3 * MAX_TIMER_MS + 5;
    const own = track(calls, 1, longMs);
    const defaultLong = new PendingCalls(longMs);
    const viaDefault = track(defaultLong, 2);
    vi.advanceTimersByTime(longMs - 1);
    expect(settleCount(own)).toBe(0);
    expect(settleCount(viaDefault)).toBe(0);
    vi.advanceTimersByTime(1);
    expect(own.rejected[0]).toBeInstanceOf(ChannelTimeoutError);
    expect(viaDefault.rejected[0]).toBeInstanceOf(ChannelTimeoutError);
    expect(vi.getTimerCount()).toBe(0);
  });

  test('a call with a long timeout taken between its timer steps is never rejected', () => {
    const call = track(calls, 1, 2 * MAX_TIMER_MS);
    vi.advanceTimersByTime(MAX_TIMER_MS + 10);
    expect(calls.take(1)).toBeDefined();
    vi.advanceTimersByTime(2 * MAX_TIMER_MS);
    expect(settleCount(call)).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  test('a call retried from inside a timeout rejection times out on its own deadline, still under one timer', () => {
    let retry: Outcome | undefined;
    const first = track(calls, 1, undefined, () => {
      retry = track(calls, 3); // deadline 200
    });
    vi.advanceTimersByTime(50);
    const second = track(calls, 2); // deadline 150
    vi.advanceTimersByTime(50);
    expect(first.rejected).toHaveLength(1);
    expect(retry).toBeDefined();
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(50);
    expect(second.rejected).toHaveLength(1);
    expect(settleCount(retry!)).toBe(0);
    vi.advanceTimersByTime(50);
    expect(retry!.rejected).toHaveLength(1);
  });

  test('a call answered from inside another call’s timeout rejection is taken cleanly and not rejected', () => {
    let sibling: ReturnType<PendingCalls['take']>;
    track(calls, 1, undefined, () => {
      sibling = calls.take(2);
    });
    const second = track(calls, 2); // same deadline as the first
    expect(() => vi.advanceTimersByTime(DEFAULT_MS)).not.toThrow();
    expect(sibling).toBeDefined();
    expect(settleCount(second)).toBe(0);
    expect(calls.size).toBe(0);
  });

  test('rejectAll rejects every pending call once with the given error and leaves no timer behind', () => {
    const usual = [track(calls, 1), track(calls, 2)];
    const own = track(calls, 3, 5 * DEFAULT_MS);
    const never = track(calls, 4, 0);
    const closed = new ChannelClosedError();
    calls.rejectAll(closed);
    for (const outcome of [...usual, own, never]) expect(outcome.rejected).toEqual([closed]);
    expect(calls.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(10 * DEFAULT_MS);
    for (const outcome of [...usual, own, never]) expect(settleCount(outcome)).toBe(1);
  });

  test('after rejectAll a new call on the default timeout times out as usual', () => {
    track(calls, 1);
    calls.rejectAll(new ChannelClosedError());
    const later = track(calls, 2);
    vi.advanceTimersByTime(DEFAULT_MS);
    expect(later.rejected[0]).toBeInstanceOf(ChannelTimeoutError);
  });

  test('typeOf names a pending call’s type without settling it', () => {
    const call = track(calls, 1);
    expect(calls.typeOf(1)).toBe('ping');
    expect(calls.typeOf(2)).toBeUndefined();
    expect(settleCount(call)).toBe(0);
    expect(calls.has(1)).toBe(true);
  });
});

describe('PendingCalls and the process lifetime (real timers)', () => {
  /** Timers that keep the process alive (unref'd ones are not listed). */
  const refedTimers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
  let calls: PendingCalls;

  afterEach(() => calls.rejectAll(new ChannelClosedError()));

  test('a pending default-timeout call keeps the process alive; once none is pending, its timer does not', () => {
    calls = new PendingCalls(60_000);
    const base = refedTimers();
    track(calls, 1);
    track(calls, 2);
    expect(refedTimers() - base).toBe(1);
    calls.take(1);
    expect(refedTimers() - base).toBe(1);
    calls.take(2);
    expect(refedTimers() - base).toBe(0);
    track(calls, 3);
    expect(refedTimers() - base).toBe(1);
    calls.take(3);
    expect(refedTimers() - base).toBe(0);
  });
});
