/**
 * What the caps of one group's bridge tell the operator: how much they held
 * back, and warnings, each at most once per interval per key with a count of
 * the ones held back, and at most `MAX_LINES` per interval in all. A sandbox that
 * hits a cap in a loop, or cycles through many entities, could otherwise flood
 * the operator's log (and the disk under it) with one line per frame.
 */
import type { CapExceededError } from '../errors.js';
import type { HostClock } from '../host/types.js';
import type { Logger } from '../logger.js';

/** Keys remembered at once; past it, windows that ended are forgotten, then the oldest. */
const MAX_KEYS = 1024;

/** Warnings written per interval, all keys together; the rest are summed up in one line. */
export const MAX_LINES = 100;

/** What the caps held back from one group since its bridge was made. */
export interface CapCounts {
  /** `fire_event` pushes shed past the group's event rate. */
  eventsShed: number;
  /** `state_changed` updates dropped for breaking an attribute cap. */
  updatesDropped: number;
  /** Calls (`register_entity`, `register_service`, ...) refused with `cap_exceeded`. */
  callsRefused: number;
}

interface Window {
  readonly until: number;
  held: number;
}

export class CapLog {
  readonly counts: CapCounts = { eventsShed: 0, updatesDropped: 0, callsRefused: 0 };
  readonly #windows = new Map<string, Window>();
  /** This interval's lines, all keys together. */
  #budget = { until: Number.NEGATIVE_INFINITY, used: 0, held: 0 };

  constructor(
    private readonly logger: Logger,
    private readonly clock: HostClock,
    private readonly intervalMs: number,
  ) {}

  /** Count a refused call and warn (once per interval per `key`, the gate by default); returns the error to throw. */
  refused(
    error: CapExceededError,
    key: string = error.gate,
    fields?: Record<string, unknown>,
  ): CapExceededError {
    this.counts.callsRefused++;
    this.warn(key, error.message, fields);
    return error;
  }

  /** Warn unless `key` was warned about less than an interval ago; true when logged. */
  warn(key: string, message: string, fields?: Record<string, unknown>): boolean {
    const now = this.clock.now();
    const open = this.#windows.get(key);
    if (open && now < open.until) {
      open.held++;
      return false;
    }
    const held = open?.held ?? 0;
    this.#windows.delete(key);
    this.#forgetIfFull(now);
    this.#windows.set(key, { until: now + this.intervalMs, held: 0 });
    if (!this.#spend(now)) return false;
    const suffix = held > 0 ? ` (${held} more like it since the last report)` : '';
    this.logger('warn', `${message}${suffix}`, fields);
    return true;
  }

  /** Take one line from this interval's budget; false (counted) when it is spent. */
  #spend(now: number): boolean {
    if (now >= this.#budget.until) {
      const { held } = this.#budget;
      this.#budget = { until: now + this.intervalMs, used: 0, held: 0 };
      if (held > 0) this.logger('warn', `${held} more cap warnings were held back in the last interval`);
    }
    if (this.#budget.used >= MAX_LINES) {
      this.#budget.held++;
      return false;
    }
    this.#budget.used++;
    return true;
  }

  #forgetIfFull(now: number): void {
    if (this.#windows.size < MAX_KEYS) return;
    for (const [key, window] of this.#windows) if (window.until <= now) this.#windows.delete(key);
    // Maps iterate in insertion order: the first key is the one logged longest ago.
    const oldest = this.#windows.keys().next();
    if (this.#windows.size >= MAX_KEYS && !oldest.done) this.#windows.delete(oldest.value);
  }
}
