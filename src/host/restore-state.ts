/**
 * Restore-state: the last known state of entities that want it, kept across
 * restarts so an entity can come back with its state before its device answers.
 *
 * - Entities opt in with `track`; `dump()` stores their current states (delayed, so
 *   frequent dumps coalesce) and `flushNow()` writes at once (on stop).
 * - `lastState` answers from what `load()` read at start, plus the state an entity
 *   had when it was untracked — so an entity removed and re-added by a reload gets
 *   its state back.
 * - An `unavailable` state is never stored: after a sandbox crash every proxy of the
 *   group is unavailable, and dumping then must not overwrite the last real state.
 * - Entries of entities not tracked at dump time (not set up yet, or removed) are
 *   kept until they have not been seen for `restoreStateExpiryMs`.
 *
 * The pure helpers at the bottom turn a restore-state map into JSON and back; a
 * sandbox ships its snapshot in that form, so decoding validates every entry.
 */

import { type InvalidField, StoreCorruptError, ValidationError } from '../errors.js';
import { consoleLogger, type Logger } from '../logger.js';
import { defaultStorePolicy } from '../policy.js';
import { type JsonValue, toJsonSafe } from '../wire/json.js';
import { entityIdProblem } from './entity-id.js';
import { MAX_STATE_LENGTH } from './state-store.js';
import type { Store, StoreManager } from './store.js';
import { type HostClock, STATE_UNAVAILABLE, type State, systemClock } from './types.js';

/** What is kept of one entity's state. */
export interface StoredState {
  readonly entityId: string;
  readonly state: string;
  /** JSON-safe copy of the attributes. */
  readonly attributes: Readonly<Record<string, JsonValue>>;
  /** ms since epoch. */
  readonly lastChanged: number;
  /** ms since epoch. */
  readonly lastUpdated: number;
  /** ms since epoch when the host last had this entity; drives expiry. Defaults to `lastUpdated`. */
  readonly lastSeen: number;
}

/** Restore-state by entity id. */
export type RestoreStateMap = ReadonlyMap<string, StoredState>;

export const RESTORE_STATE_STORE_KEY = 'core.restore_state';
const RESTORE_STATE_VERSION = 1;

export interface RestoreStateOptions {
  /** `lastSeen` timestamps and expiry. */
  readonly clock?: HostClock;
  readonly logger?: Logger;
  /** Entries not seen for this long are dropped on dump, ms. */
  readonly expiryMs?: number;
  readonly key?: string;
}

export class RestoreStateStore {
  readonly #store: Store<StoredState[]>;
  readonly #getState: (entityId: string) => State | undefined;
  readonly #clock: HostClock;
  readonly #logger: Logger;
  readonly #expiryMs: number;
  readonly #tracked = new Set<string>();
  #last = new Map<string, StoredState>();

  constructor(
    storeManager: StoreManager,
    getState: (entityId: string) => State | undefined,
    options: RestoreStateOptions = {},
  ) {
    this.#store = storeManager.store<StoredState[]>(options.key ?? RESTORE_STATE_STORE_KEY, {
      version: RESTORE_STATE_VERSION,
    });
    this.#getState = getState;
    this.#clock = options.clock ?? systemClock;
    this.#logger = options.logger ?? consoleLogger;
    this.#expiryMs = options.expiryMs ?? defaultStorePolicy.restoreStateExpiryMs;
  }

  /** Reads what the last run stored. A corrupt file is moved aside and logged; restore-state then starts empty. */
  async load(): Promise<void> {
    let data: unknown;
    try {
      data = await this.#store.load();
    } catch (error) {
      if (!(error instanceof StoreCorruptError)) throw error;
      this.#logger('error', `restore-state starts empty: ${error.message}`);
      return;
    }
    const { states, invalid } = parseRestoreState(data ?? []);
    if (invalid.length > 0) {
      this.#logger('warn', `restore-state skipped ${invalid.length} malformed entries`, { invalid });
    }
    // States captured by `untrack` before the load are newer than the file's.
    for (const [entityId, stored] of states) {
      if (!this.#last.has(entityId)) this.#last.set(entityId, stored);
    }
  }

  /** Include `entityId` in every dump from now on. */
  track(entityId: string): void {
    this.#tracked.add(entityId);
  }

  /** Stop dumping `entityId`; its current state is kept as its last state (and stored until it expires). */
  untrack(entityId: string): void {
    if (!this.#tracked.delete(entityId)) return;
    const state = this.#getState(entityId);
    if (state && state.state !== STATE_UNAVAILABLE) {
      this.#last.set(entityId, storedStateOf(state, this.#clock.now()));
    }
  }

  isTracked(entityId: string): boolean {
    return this.#tracked.has(entityId);
  }

  /** The state `entityId` had when the hub last stopped (or when it was last untracked). */
  lastState(entityId: string): StoredState | undefined {
    return this.#last.get(entityId);
  }

  /** What a dump would store now. */
  snapshot(): Map<string, StoredState> {
    const now = this.#clock.now();
    const out = new Map<string, StoredState>();
    for (const [entityId, stored] of this.#last) {
      if (!this.#tracked.has(entityId) && now - stored.lastSeen <= this.#expiryMs) out.set(entityId, stored);
    }
    for (const entityId of this.#tracked) {
      const state = this.#getState(entityId);
      if (state && state.state !== STATE_UNAVAILABLE) {
        out.set(entityId, storedStateOf(state, now));
        continue;
      }
      // Tracked but unavailable (or not set yet): keep the last real state, still seen.
      const previous = this.#last.get(entityId);
      if (previous) out.set(entityId, { ...previous, lastSeen: now });
    }
    return out;
  }

  /** Store the tracked states soon; dumps in quick succession coalesce into one write. */
  dump(): void {
    this.#store.delaySave(() => restoreStateList(this.snapshot()));
  }

  /** Store the tracked states now, replacing a pending dump. */
  async flushNow(): Promise<void> {
    await this.#store.save(restoreStateList(this.snapshot()));
  }
}

/** The stored form of a live state, stamped as seen at `lastSeen`. */
export function storedStateOf(state: State, lastSeen: number): StoredState {
  const attributes = toJsonSafe(state.attributes);
  return {
    entityId: state.entityId,
    state: state.state,
    attributes: isJsonObject(attributes) ? attributes : {},
    lastChanged: state.lastChanged,
    lastUpdated: state.lastUpdated,
    lastSeen,
  };
}

/** The entries of a restore-state map as a list sorted by entity id (the stored and wire form). */
export function restoreStateList(states: RestoreStateMap): StoredState[] {
  return [...states.values()].sort((a, b) =>
    a.entityId < b.entityId ? -1 : a.entityId > b.entityId ? 1 : 0,
  );
}

/** JSON text of a restore-state map. */
export function restoreStateToJson(states: RestoreStateMap): string {
  return JSON.stringify(restoreStateList(states));
}

/** A restore-state map from JSON text; throws `ValidationError` listing every bad entry by path. */
export function restoreStateFromJson(json: string): Map<string, StoredState> {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    throw new ValidationError(`restore-state is not JSON: ${error instanceof Error ? error.message : error}`);
  }
  const { states, invalid } = parseRestoreState(value);
  if (invalid.length > 0) {
    const listed = invalid.map((field) => `${field.path.join('.')}: ${field.message}`).join('; ');
    throw new ValidationError(`invalid restore-state: ${listed}`, invalid);
  }
  return states;
}

/** The valid entries of a restore-state list, and each problem of the others by path. Never throws. */
export function parseRestoreState(value: unknown): {
  states: Map<string, StoredState>;
  invalid: InvalidField[];
} {
  const states = new Map<string, StoredState>();
  const invalid: InvalidField[] = [];
  if (!Array.isArray(value)) {
    invalid.push({ path: [], message: 'must be a list of stored states' });
    return { states, invalid };
  }
  value.forEach((item: unknown, index) => {
    const at = String(index);
    if (!isJsonObject(item)) {
      invalid.push({ path: [at], message: 'must be an object' });
      return;
    }
    const problems: InvalidField[] = [];
    const entityProblem = entityIdProblem(item.entityId);
    if (entityProblem !== undefined) problems.push({ path: [at, 'entityId'], message: entityProblem });
    else if (states.has(item.entityId as string)) {
      problems.push({
        path: [at, 'entityId'],
        message: `duplicate of an earlier entry for ${item.entityId}`,
      });
    }
    if (typeof item.state !== 'string' || item.state.length > MAX_STATE_LENGTH) {
      problems.push({
        path: [at, 'state'],
        message: `must be a string of at most ${MAX_STATE_LENGTH} characters`,
      });
    }
    if (!isJsonObject(item.attributes))
      problems.push({ path: [at, 'attributes'], message: 'must be an object' });
    for (const field of ['lastChanged', 'lastUpdated'] as const) {
      if (!isTimestamp(item[field])) {
        problems.push({ path: [at, field], message: 'must be ms since epoch (a number >= 0)' });
      }
    }
    if (item.lastSeen !== undefined && !isTimestamp(item.lastSeen)) {
      problems.push({ path: [at, 'lastSeen'], message: 'must be ms since epoch (a number >= 0)' });
    }
    if (problems.length > 0) {
      invalid.push(...problems);
      return;
    }
    const lastUpdated = item.lastUpdated as number;
    states.set(item.entityId as string, {
      entityId: item.entityId as string,
      state: item.state as string,
      attributes: item.attributes as Record<string, JsonValue>,
      lastChanged: item.lastChanged as number,
      lastUpdated,
      lastSeen: (item.lastSeen as number | undefined) ?? lastUpdated,
    });
  });
  return { states, invalid };
}

function isJsonObject(value: unknown): value is Record<string, JsonValue> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isTimestamp(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}
