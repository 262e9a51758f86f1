/**
 * The host's event bus: synchronous, in-process publish/subscribe. Listeners run
 * in registration order (wildcard and typed listeners interleaved by when they
 * subscribed), inside `fire`, so a listener sees the hub exactly as the firer
 * left it. A throwing listener is reported and skipped, never allowed to break the
 * firer or the listeners after it.
 */

import { EventTypeError } from '../errors.js';
import { createContext } from './context.js';
import type { Context, CoreEvents, CoreEventType, HostClock, HubEvent } from './types.js';

/** Same limit as the original hub: event types are names, not payloads. */
export const MAX_EVENT_TYPE_LENGTH = 64;

/** Makes a core event name fall through to the typed overload only (a wrong payload is a compile error). */
type NotCore<E extends string> = E extends CoreEventType ? never : unknown;

export type EventListener<T = unknown> = (event: HubEvent<T>) => void;
export type Unsubscribe = () => void;

export interface FireOptions {
  /** The context that caused the event; a fresh one when absent. */
  readonly context?: Context;
  readonly origin?: 'local' | 'remote';
  /** When it happened, ms, if the firer read the clock already (a state write); else now. */
  readonly timeFired?: number;
}

export interface EventBusOptions {
  /** Called with whatever a listener threw; the default writes to stderr. */
  readonly onError?: (error: unknown, event: HubEvent) => void;
}

interface Subscription {
  readonly seq: number;
  readonly listener: EventListener;
  active: boolean;
}

const defaultOnError = (error: unknown, event: HubEvent): void => {
  console.error(`event listener for "${event.type}" threw:`, error);
};

export class EventBus {
  readonly #clock: HostClock;
  readonly #onError: (error: unknown, event: HubEvent) => void;
  readonly #byType = new Map<string, Subscription[]>();
  #wildcard: Subscription[] = [];
  #seq = 0;

  constructor(clock: HostClock, options: EventBusOptions = {}) {
    this.#clock = clock;
    this.#onError = options.onError ?? defaultOnError;
  }

  fire<K extends CoreEventType>(type: K, data: CoreEvents[K], options?: FireOptions): HubEvent<CoreEvents[K]>;
  fire<E extends string, T = Record<string, unknown>>(
    type: E & NotCore<E>,
    data?: T,
    options?: FireOptions,
  ): HubEvent<T>;
  fire(type: string, data: unknown = {}, options: FireOptions = {}): HubEvent {
    if (typeof type !== 'string' || type.length === 0) throw new EventTypeError(String(type), 'it is empty');
    if (type === '*') throw new EventTypeError(type, '"*" only subscribes to every event');
    if (type.length > MAX_EVENT_TYPE_LENGTH) {
      throw new EventTypeError(type, `event types are at most ${MAX_EVENT_TYPE_LENGTH} characters`);
    }
    const event: HubEvent = Object.freeze({
      type,
      data,
      context: options.context ?? createContext({}, this.#clock),
      timeFired: options.timeFired ?? this.#clock.now(),
      origin: options.origin ?? 'local',
    });
    // Snapshot both lists: a listener subscribing during dispatch waits for the next event.
    for (const subscription of mergeBySeq(this.#byType.get(type) ?? [], this.#wildcard)) {
      if (!subscription.active) continue;
      try {
        subscription.listener(event);
      } catch (error) {
        this.#report(error, event);
      }
    }
    return event;
  }

  listen<K extends CoreEventType>(type: K, listener: EventListener<CoreEvents[K]>): Unsubscribe;
  listen<E extends string, T = Record<string, unknown>>(
    type: E & NotCore<E>,
    listener: EventListener<T>,
  ): Unsubscribe;
  listen(type: string, listener: EventListener<never>): Unsubscribe {
    const subscription: Subscription = {
      seq: this.#seq++,
      listener: listener as EventListener,
      active: true,
    };
    if (type === '*') this.#wildcard = [...this.#wildcard, subscription];
    else this.#byType.set(type, [...(this.#byType.get(type) ?? []), subscription]);
    return () => {
      if (!subscription.active) return;
      subscription.active = false;
      if (type === '*') {
        this.#wildcard = this.#wildcard.filter((s) => s !== subscription);
        return;
      }
      const rest = (this.#byType.get(type) ?? []).filter((s) => s !== subscription);
      if (rest.length === 0) this.#byType.delete(type);
      else this.#byType.set(type, rest);
    };
  }

  /** Listeners for `type` (not counting wildcards), or all listeners when omitted. */
  listenerCount(type?: string): number {
    if (type !== undefined)
      return type === '*' ? this.#wildcard.length : (this.#byType.get(type)?.length ?? 0);
    let count = this.#wildcard.length;
    for (const list of this.#byType.values()) count += list.length;
    return count;
  }

  #report(error: unknown, event: HubEvent): void {
    try {
      this.#onError(error, event);
    } catch {
      // A broken error reporter must not break dispatch either.
    }
  }
}

/** Merge two seq-sorted lists (lists are copied on write, so these are snapshots). */
function mergeBySeq(a: readonly Subscription[], b: readonly Subscription[]): Subscription[] {
  if (b.length === 0) return a as Subscription[];
  if (a.length === 0) return b as Subscription[];
  const out: Subscription[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const x = a[i];
    const y = b[j];
    if (y === undefined || (x !== undefined && x.seq < y.seq)) {
      out.push(x!);
      i++;
    } else {
      out.push(y);
      j++;
    }
  }
  return out;
}
