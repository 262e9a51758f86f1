import { ChannelTimeoutError } from '../errors.js';

interface Pending {
  readonly type: string;
  readonly resolve: (value: never) => void;
  readonly reject: (error: Error) => void;
  /** Its own timer: only a call whose timeout differs from the default has one. */
  timer: ReturnType<typeof setTimeout> | undefined;
  /** When a call on the default timeout expires (`performance.now()` ms); see `sweep`. */
  readonly deadline: number | undefined;
}

/** The longest delay setTimeout honours (a longer one fires at once); longer timeouts wait in steps. */
const MAX_TIMER_MS = 0x7fff_ffff;

/**
 * Outbound calls awaiting their response, and their timeouts.
 *
 * A call on the default timeout (nearly all of them) gets a deadline instead of
 * a setTimeout of its own: under load, one Timeout object per call was most of
 * a call's cost on the calling side (largely as GC work). Such calls enter the
 * map in deadline order (one timeout, a monotonic clock, and a Map keeps
 * insertion order), so a single timer armed for the oldest deadline suffices:
 * when it fires it rejects every call past its deadline and re-arms for the
 * next. The timer is ref'd only while such a call is pending, so a waiting call
 * keeps the process alive and an idle channel does not.
 */
export class PendingCalls {
  private readonly calls = new Map<number, Pending>();
  private timedCalls = 0;
  private sweepTimer: ReturnType<typeof setTimeout> | undefined;
  /** The deadline `sweepTimer` was armed for: reached once it fires, whatever the clock reads. */
  private sweepAt = 0;

  constructor(private readonly defaultTimeoutMs: number) {}

  get size(): number {
    return this.calls.size;
  }

  has(id: number): boolean {
    return this.calls.has(id);
  }

  /** Track call `id`; it rejects with ChannelTimeoutError after `timeoutMs` (0 = never). */
  add(
    id: number,
    type: string,
    resolve: (value: never) => void,
    reject: (error: Error) => void,
    timeoutMs = this.defaultTimeoutMs,
  ): void {
    const shared = timeoutMs === this.defaultTimeoutMs && timeoutMs > 0 && timeoutMs <= MAX_TIMER_MS;
    const deadline = shared ? this.trackDeadline() : undefined;
    const pending: Pending = { type, resolve, reject, timer: undefined, deadline };
    this.calls.set(id, pending);
    if (timeoutMs > 0 && !shared) this.armCallTimer(id, pending, timeoutMs, performance.now() + timeoutMs);
  }

  /** A call's own timer, re-armed in steps of at most MAX_TIMER_MS until `due`. */
  private armCallTimer(id: number, pending: Pending, timeoutMs: number, due: number): void {
    const left = due - performance.now();
    pending.timer =
      left > MAX_TIMER_MS
        ? setTimeout(() => this.armCallTimer(id, pending, timeoutMs, due), MAX_TIMER_MS)
        : setTimeout(
            () => {
              if (this.calls.delete(id)) pending.reject(new ChannelTimeoutError(pending.type, timeoutMs));
            },
            Math.max(1, Math.ceil(left)),
          );
  }

  /** The pending call's type, without settling it. */
  typeOf(id: number): string | undefined {
    return this.calls.get(id)?.type;
  }

  /** Stop tracking call `id` and return its settlers (undefined if it is not pending). */
  take(id: number): Pick<Pending, 'resolve' | 'reject'> | undefined {
    const pending = this.calls.get(id);
    if (!pending) return undefined;
    this.calls.delete(id);
    if (pending.deadline === undefined) clearTimeout(pending.timer);
    else if (--this.timedCalls === 0) this.sweepTimer?.unref();
    return pending;
  }

  /** Reject every pending call with `error` and stop all timers. */
  rejectAll(error: Error): void {
    for (const pending of this.calls.values()) {
      clearTimeout(pending.timer);
      pending.reject(error);
    }
    this.calls.clear();
    this.timedCalls = 0;
    clearTimeout(this.sweepTimer);
    this.sweepTimer = undefined;
  }

  private trackDeadline(): number {
    const deadline = performance.now() + this.defaultTimeoutMs;
    if (this.timedCalls++ === 0) {
      // An armed timer is due no later than this deadline: it re-arms when it fires.
      if (this.sweepTimer) this.sweepTimer.ref();
      else this.armSweep(deadline, this.defaultTimeoutMs);
    }
    return deadline;
  }

  private armSweep(deadline: number, delayMs: number): void {
    this.sweepAt = deadline;
    this.sweepTimer = setTimeout(this.sweep, Math.max(1, Math.ceil(delayMs)));
  }

  /** Reject the calls whose deadline has passed, oldest first; re-arm for the next one. */
  private readonly sweep = (): void => {
    this.sweepTimer = undefined;
    const now = Math.max(performance.now(), this.sweepAt);
    for (const [id, pending] of this.calls) {
      if (pending.deadline === undefined) continue;
      if (pending.deadline > now) {
        this.armSweep(pending.deadline, pending.deadline - now);
        return;
      }
      this.calls.delete(id);
      this.timedCalls--;
      pending.reject(new ChannelTimeoutError(pending.type, this.defaultTimeoutMs));
    }
  };
}
