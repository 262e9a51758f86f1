/**
 * The state store: the current `State` of every entity, as immutable snapshots.
 * A write that changes nothing is a no-op (no event) unless forced, so listeners
 * of `state_changed` see exactly the changes.
 */

import { InvalidStateError, ValidationError } from '../errors.js';
import { createContext } from './context.js';
import { assertEntityId } from './entity-id.js';
import type { EventBus } from './event-bus.js';
import { deepEqual, isPlainObject, snapshot } from './snapshot.js';
import { type Attributes, type Context, type HostClock, STATE_UNAVAILABLE, type State } from './types.js';

/** Same limit as the original hub; longer values belong in an attribute. */
export const MAX_STATE_LENGTH = 255;

export { STATE_UNAVAILABLE, STATE_UNKNOWN } from './types.js';

export interface SetStateOptions {
  /** The context that caused the change; a fresh one when absent. */
  readonly context?: Context;
  /** Fire `state_changed` (and bump `lastUpdated`) even when nothing changed. */
  readonly forceUpdate?: boolean;
}

export class StateStore {
  readonly #bus: EventBus;
  readonly #clock: HostClock;
  readonly #states = new Map<string, State>();

  constructor(bus: EventBus, clock: HostClock) {
    this.#bus = bus;
    this.#clock = clock;
  }

  get(entityId: string): State | undefined {
    return this.#states.get(entityId);
  }

  has(entityId: string): boolean {
    return this.#states.has(entityId);
  }

  /** Every state, or those of one entity domain (`light`), in the order they first appeared. */
  all(domain?: string): State[] {
    const states = [...this.#states.values()];
    if (domain === undefined) return states;
    const prefix = `${domain}.`;
    return states.filter((s) => s.entityId.startsWith(prefix));
  }

  /**
   * Write an entity's state. `lastChanged` moves only when the state string
   * changes; `lastUpdated` when the state or any attribute does. Returns the
   * current state (the old object itself when nothing changed).
   */
  set(entityId: string, state: string, attributes: Attributes = {}, options: SetStateOptions = {}): State {
    const oldState = this.#states.get(entityId);
    // An id already in the store passed this check when it went in.
    if (oldState === undefined) assertEntityId(entityId);
    if (typeof state !== 'string') {
      throw new InvalidStateError(entityId, `the state must be a string, got ${typeof state}`);
    }
    if (state.length > MAX_STATE_LENGTH) {
      throw new InvalidStateError(
        entityId,
        `the state is ${state.length} characters, the limit is ${MAX_STATE_LENGTH}; put long values in an attribute`,
      );
    }
    if (!isPlainObject(attributes)) {
      throw new ValidationError(`attributes of ${entityId} must be a plain object`, [
        { message: 'expected an object', path: ['attributes'] },
      ]);
    }
    const stateChanged = oldState?.state !== state;
    // Compare before copying: equal attributes keep the frozen object the state already has,
    // so most updates (a new state, the same attributes) copy and freeze nothing.
    const sameAttributes =
      oldState !== undefined &&
      (oldState.attributes === attributes || deepEqual(oldState.attributes, attributes));
    if (oldState && !stateChanged && sameAttributes && !options.forceUpdate) return oldState;
    const now = this.#clock.now();
    const newState: State = Object.freeze({
      entityId,
      state,
      attributes:
        oldState && sameAttributes ? oldState.attributes : snapshot(attributes, `attributes of ${entityId}`),
      lastChanged: oldState && !stateChanged ? oldState.lastChanged : now,
      lastUpdated: now,
      context: options.context ?? createContext({}, this.#clock),
    });
    this.#states.set(entityId, newState);
    // One clock reading per write: the event fires at the state's lastUpdated.
    this.#bus.fire(
      'state_changed',
      { entityId, oldState, newState },
      { context: newState.context, timeFired: now },
    );
    return newState;
  }

  /** Mark an entity `unavailable`, keeping its attributes (creates the state when absent). */
  setUnavailable(entityId: string, options: { context?: Context } = {}): State {
    return this.set(entityId, STATE_UNAVAILABLE, this.#states.get(entityId)?.attributes ?? {}, options);
  }

  /** Drop an entity's state; fires `state_changed` with no `newState`. False when it had none. */
  remove(entityId: string, options: { context?: Context } = {}): boolean {
    const oldState = this.#states.get(entityId);
    if (!oldState) return false;
    this.#states.delete(entityId);
    const context = options.context ?? createContext({}, this.#clock);
    this.#bus.fire('state_changed', { entityId, oldState, newState: undefined }, { context });
    return true;
  }
}
