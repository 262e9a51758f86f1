/**
 * Pure arithmetic of supervision: the sliding restart window, exponential backoff with
 * jitter from a seeded PRNG (its state lives in machine context, so it persists and
 * replays), and the cool-down schedule after `failed`.
 */
import type { BackoffPolicy } from '../policy.js';

/** Restart timestamps still inside the window ending at `now` (later ones count too). */
export function restartsInWindow(times: readonly number[], now: number, periodMs: number): number[] {
  return times.filter((t) => t > now - periodMs);
}

/**
 * True when one more restart at `now` keeps at most `intensity` restarts inside every
 * `periodMs` window. Checking at crash time is enough: no restart happens during the
 * backoff that follows, so the window ending at the restart holds no more than this one.
 */
export function mayRestart(
  times: readonly number[],
  now: number,
  intensity: number,
  periodMs: number,
): boolean {
  return restartsInWindow(times, now, periodMs).length < intensity;
}

/** Record a restart at `now`, dropping timestamps that fell out of the window. */
export function recordRestart(times: readonly number[], now: number, periodMs: number): number[] {
  return [...restartsInWindow(times, now, periodMs), now];
}

/**
 * Delay before restart number `attempt` (0-based since the last reset): 0 for the first,
 * then `initialMs * 2^(attempt-1)` capped at `maxMs`, spread by ±`jitter` with `random`
 * in [0, 1).
 */
export function backoffDelay(policy: BackoffPolicy, attempt: number, random: number): number {
  if (attempt <= 0) return 0;
  const base = Math.min(policy.maxMs, policy.initialMs * 2 ** (attempt - 1));
  return Math.max(0, Math.round(base * (1 + policy.jitter * (2 * random - 1))));
}

/** Wait before cool-down retry `index`; the last value repeats; `undefined` = never retry. */
export function coolDownDelay(schedule: readonly number[], index: number): number | undefined {
  // Stryker disable next-line ConditionalExpression: without it an empty schedule reads schedule[-1], which is undefined too
  if (schedule.length === 0) return undefined;
  return schedule[Math.min(index, schedule.length - 1)];
}

/** One step of mulberry32: a uniform value in [0, 1) and the next 32-bit state. */
export function nextRandom(state: number): { value: number; state: number } {
  const next = (state + 0x6d2b79f5) >>> 0;
  let t = next;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return { value: ((t ^ (t >>> 14)) >>> 0) / 4294967296, state: next };
}

/** FNV-1a of a string: a per-group seed, so groups do not restart in lock-step. */
export function seedFromString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
