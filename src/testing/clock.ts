/**
 * The simulated clock of a test hub: xstate's `SimulatedClock`, which also knows
 * when its next timer is due, so `advance` can move from timer to timer and let
 * the hub react between them.
 */
import { SimulatedClock } from 'xstate';

export class SteppedClock extends SimulatedClock {
  readonly #due = new Map<number, number>();

  override setTimeout(fn: (...args: unknown[]) => void, timeout: number): number {
    const id: number = super.setTimeout(() => {
      this.#due.delete(id);
      fn();
    }, timeout);
    this.#due.set(id, this.now() + timeout);
    return id;
  }

  override clearTimeout(id: number): void {
    this.#due.delete(id);
    super.clearTimeout(id);
  }

  /** When the earliest pending timer is due, if any. */
  nextDue(): number | undefined {
    let next: number | undefined;
    for (const due of this.#due.values()) if (next === undefined || due < next) next = due;
    return next;
  }
}
