/**
 * Time for machines. Actions never call `Date.now()`: they read the actor system's
 * clock, so a `SimulatedClock` drives timers and timestamps alike and simulated-time
 * tests see the same time the machine records.
 */

/** xstate's `Clock` plus `now()`: pass as `createActor(machine, { clock: realClock })`. */
export interface SystemClock {
  setTimeout(fn: (...args: unknown[]) => void, timeout: number): unknown;
  clearTimeout(id: unknown): void;
  now(): number;
}

export const realClock: SystemClock = Object.freeze({
  setTimeout: (fn: (...args: unknown[]) => void, timeout: number) => setTimeout(fn, timeout),
  clearTimeout: (id: unknown) => clearTimeout(id as ReturnType<typeof setTimeout>),
  now: () => Date.now(),
});

/**
 * Current time of the system's clock. xstate's default clock has no `now()`, so an
 * actor created without `realClock` (or a `SimulatedClock`) falls back to wall time.
 */
export function clockNow(system: { readonly _clock?: unknown } | undefined): number {
  const clock = system?._clock as Partial<SystemClock> | undefined;
  return typeof clock?.now === 'function' ? clock.now() : Date.now();
}

/**
 * The clock for `createActor(machine, { clock })`: `clock` itself when it also runs
 * timers (a `SimulatedClock`), else `realClock` — never undefined, which xstate
 * would take over its own default.
 */
export function timersOf(clock: { now(): number }): SystemClock {
  const timers = clock as Partial<SystemClock>;
  return typeof timers.setTimeout === 'function' && typeof timers.clearTimeout === 'function'
    ? (clock as SystemClock)
    : realClock;
}
