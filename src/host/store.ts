/**
 * Versioned JSON storage on main. Every key holds one envelope
 * `{version, minor_version, key, data}`; a `StoreBackend` (`store-backend.ts`)
 * keeps envelopes, and a `StoreManager` hands out typed `Store`s that migrate old
 * data on load, serialise writes per key and coalesce delayed saves.
 */

import { StoreError, StoreVersionError } from '../errors.js';
import { consoleLogger, type Logger } from '../logger.js';
import { realClock, type SystemClock } from '../machines/clock.js';
import { defaultStorePolicy } from '../policy.js';
import type { Persisted } from './persisted.js';
import type { StoreBackend, StoreEnvelope } from './store-backend.js';
import { errorMessage, isEnvelope, validateStoreKey } from './store-backend.js';

export {
  FileStoreBackend,
  type FileStoreBackendOptions,
  isValidStoreKey,
  MemoryStoreBackend,
  type StoreBackend,
  type StoreEnvelope,
  validateStoreKey,
} from './store-backend.js';

/**
 * Runs one key's operations one at a time, in call order. A write (or remove) that
 * has not started yet is replaced by the next one: both callers wait for the later
 * write, which is the one that would have won anyway.
 */
class KeyQueue {
  #tail: Promise<unknown> = Promise.resolve();
  #active = 0;
  #waiting: { op: () => Promise<void>; started: boolean; promise: Promise<void> } | undefined;

  get busy(): boolean {
    return this.#active > 0;
  }

  /** Resolves once every operation queued so far has settled. */
  idle(): Promise<void> {
    return this.#tail.then(
      () => {},
      () => {},
    );
  }

  mutate(op: () => Promise<void>): Promise<void> {
    const waiting = this.#waiting;
    if (waiting && !waiting.started) {
      waiting.op = op;
      return waiting.promise;
    }
    const entry = { op, started: false, promise: Promise.resolve() };
    entry.promise = this.#run(() => {
      entry.started = true;
      return entry.op();
    });
    this.#waiting = entry;
    return entry.promise;
  }

  exclusive<T>(op: () => Promise<T>): Promise<T> {
    // A later write must not jump ahead of this operation by merging into an earlier one.
    this.#waiting = undefined;
    return this.#run(op);
  }

  #run<T>(op: () => Promise<T>): Promise<T> {
    this.#active++;
    const result = this.#tail.then(op, op).finally(() => {
      this.#active--;
    });
    this.#tail = result.catch(() => {});
    return result;
  }
}

/** Turns stored data of another version into the current shape. */
export type StoreMigration<T> = (
  oldVersion: number,
  oldMinorVersion: number,
  data: unknown,
) => T | Promise<T>;

export interface StoreOptions<T> {
  /** Major version of the data shape; stored data of a newer major version is refused. */
  readonly version: number;
  /** Compatible revisions within a major version; 1 when absent. */
  readonly minorVersion?: number;
  /**
   * Called by `load()` when the stored version or minor version differs. Without it,
   * a different minor version loads as is (minor revisions are compatible) and a
   * different major version fails with `StoreVersionError`.
   */
  readonly migrate?: StoreMigration<T>;
}

/** One key's typed storage. Saved data is read when it is written: treat it as immutable. */
export interface Store<T> {
  readonly key: string;
  readonly version: number;
  readonly minorVersion: number;
  /**
   * The stored data, migrated to this version; `undefined` when nothing is stored. A
   * pending `delaySave` is the newest data, so its producer's result is returned.
   */
  load(): Promise<T | undefined>;
  /** Writes now (after earlier operations on the key); replaces a pending delayed save. */
  save(data: T): Promise<void>;
  /** Writes `producer()` after `delayMs` without another call; the latest producer wins. */
  delaySave(producer: () => T, delayMs?: number): void;
  /** Deletes the key; replaces a pending delayed save. */
  remove(): Promise<void>;
}

export interface StoreManagerOptions {
  readonly backend: StoreBackend;
  /** Timers of delayed saves; a `SimulatedClock` in tests. */
  readonly clock?: SystemClock;
  /** Default delay of `delaySave`, ms. */
  readonly delaySaveMs?: number;
  /** A delayed save postponed again and again is written after at most this long, ms. */
  readonly delaySaveMaxMs?: number;
  /** Where failures of delayed saves (which nobody awaits) are reported. */
  readonly logger?: Logger;
}

interface DelayedSave {
  producer: () => unknown;
  readonly firstAt: number;
  timer: unknown;
}

interface Settings {
  readonly backend: StoreBackend;
  readonly clock: SystemClock;
  readonly delaySaveMs: number;
  readonly delaySaveMaxMs: number;
  readonly logger: Logger;
}

/** Everything the manager knows about one key: its queue, its delayed save and its store. */
class KeySlot {
  readonly queue = new KeyQueue();
  delayed: DelayedSave | undefined;
  store: ManagedStore<unknown> | undefined;

  constructor(
    readonly key: string,
    readonly settings: Settings,
  ) {}

  get pending(): boolean {
    return this.delayed !== undefined || this.queue.busy;
  }

  schedule(producer: () => unknown, delayMs = this.settings.delaySaveMs): void {
    const { clock, delaySaveMaxMs } = this.settings;
    const now = clock.now();
    let delayed = this.delayed;
    if (delayed) {
      clock.clearTimeout(delayed.timer);
      delayed.producer = producer;
    } else {
      delayed = { producer, firstAt: now, timer: undefined };
      this.delayed = delayed;
    }
    const wait = Math.max(0, Math.min(delayMs, delayed.firstAt + delaySaveMaxMs - now));
    delayed.timer = clock.setTimeout(() => {
      this.writeDelayed().catch((error: unknown) => {
        this.settings.logger('error', `delayed save of store "${this.key}" failed: ${errorMessage(error)}`, {
          key: this.key,
          error,
        });
      });
    }, wait);
  }

  cancelDelayed(): void {
    if (!this.delayed) return;
    this.settings.clock.clearTimeout(this.delayed.timer);
    this.delayed = undefined;
  }

  /** Writes the delayed save now, if there is one; the producer runs here, not when it was scheduled. */
  writeDelayed(): Promise<void> {
    const delayed = this.delayed;
    if (!delayed || !this.store) return Promise.resolve();
    this.cancelDelayed();
    let data: unknown;
    try {
      data = delayed.producer();
    } catch (error) {
      return Promise.reject(
        new StoreError(this.key, `the data producer of store "${this.key}" threw: ${errorMessage(error)}`, {
          cause: error,
        }),
      );
    }
    return this.store.save(data);
  }
}

/** Hands out one `Store` per key over a backend; `flush()` writes every delayed save. */
export class StoreManager {
  readonly backend: StoreBackend;
  readonly #settings: Settings;
  readonly #slots = new Map<string, KeySlot>();

  constructor(options: StoreManagerOptions) {
    this.backend = options.backend;
    this.#settings = {
      backend: options.backend,
      clock: options.clock ?? realClock,
      delaySaveMs: options.delaySaveMs ?? defaultStorePolicy.delaySaveMs,
      delaySaveMaxMs: options.delaySaveMaxMs ?? defaultStorePolicy.delaySaveMaxMs,
      logger: options.logger ?? consoleLogger,
    };
  }

  /** The store of `key`. Asking again with the same versions returns the same store. */
  store<T>(key: string, options: StoreOptions<T>): Store<T> {
    validateStoreKey(key);
    const minorVersion = options.minorVersion ?? 1;
    for (const [name, value] of [
      ['version', options.version],
      ['minorVersion', minorVersion],
    ] as const) {
      if (!Number.isSafeInteger(value) || value < 1) {
        throw new StoreError(key, `store "${key}": ${name} must be a whole number >= 1, got ${value}`);
      }
    }
    let slot = this.#slots.get(key);
    if (!slot) {
      slot = new KeySlot(key, this.#settings);
      this.#slots.set(key, slot);
    }
    const existing = slot.store;
    if (existing) {
      if (existing.version !== options.version || existing.minorVersion !== minorVersion) {
        throw new StoreError(
          key,
          `store "${key}" is already open as version ${existing.version}.${existing.minorVersion}`,
        );
      }
      return existing as unknown as Store<T>;
    }
    const store = new ManagedStore<T>(slot, options.version, minorVersion, options.migrate);
    slot.store = store as unknown as ManagedStore<unknown>;
    return store;
  }

  /** Keys with a delayed save scheduled or a write not yet finished. */
  pendingKeys(): string[] {
    return [...this.#slots.values()]
      .filter((slot) => slot.pending)
      .map((slot) => slot.key)
      .sort();
  }

  /**
   * Writes every delayed save now and waits for every write in progress; afterwards
   * nothing is pending. Rejects with a `StoreError` naming each key that failed,
   * after trying them all.
   */
  async flush(): Promise<void> {
    const failures: Array<{ key: string; error: unknown }> = [];
    // Delayed saves scheduled while flushing (by a producer, say) are written too, within reason.
    for (let round = 0; round < 10; round++) {
      const writes: Promise<void>[] = [];
      for (const slot of this.#slots.values()) {
        if (slot.delayed) {
          writes.push(
            slot.writeDelayed().catch((error: unknown) => void failures.push({ key: slot.key, error })),
          );
        }
        writes.push(slot.queue.idle());
      }
      await Promise.all(writes);
      if (this.pendingKeys().length === 0) break;
    }
    if (failures.length > 0) {
      const first = failures[0]!;
      throw new StoreError(
        first.key,
        `could not flush ${failures.map(({ key, error }) => `"${key}" (${errorMessage(error)})`).join(', ')}`,
        { cause: new AggregateError(failures.map((failure) => failure.error)) },
      );
    }
  }
}

class ManagedStore<T> implements Store<T> {
  readonly key: string;
  readonly #slot: KeySlot;
  readonly #migrate: StoreMigration<T> | undefined;
  /** Set once `load()` met data of a newer major version: writing would destroy it. */
  #refused: StoreVersionError | undefined;

  constructor(
    slot: KeySlot,
    readonly version: number,
    readonly minorVersion: number,
    migrate: StoreMigration<T> | undefined,
  ) {
    this.key = slot.key;
    this.#slot = slot;
    this.#migrate = migrate;
  }

  async load(): Promise<T | undefined> {
    const slot = this.#slot;
    if (slot.delayed) return slot.delayed.producer() as T;
    return slot.queue.exclusive(async () => {
      const envelope = await slot.settings.backend.read(this.key);
      if (envelope === undefined) return undefined;
      if (!isEnvelope(envelope)) {
        throw new StoreError(
          this.key,
          `the backend of store "${this.key}" returned something that is not an envelope`,
        );
      }
      return this.#upgrade(envelope);
    });
  }

  save(data: T): Promise<void> {
    if (this.#refused) return Promise.reject(this.#refused);
    this.#slot.cancelDelayed();
    const envelope: StoreEnvelope = {
      version: this.version,
      minor_version: this.minorVersion,
      key: this.key,
      data,
    };
    return this.#slot.queue.mutate(() => this.#slot.settings.backend.write(this.key, envelope));
  }

  delaySave(producer: () => T, delayMs?: number): void {
    if (this.#refused) {
      this.#slot.settings.logger('error', this.#refused.message, { key: this.key });
      return;
    }
    this.#slot.schedule(producer, delayMs);
  }

  remove(): Promise<void> {
    this.#slot.cancelDelayed();
    this.#refused = undefined;
    return this.#slot.queue.mutate(() => this.#slot.settings.backend.remove(this.key));
  }

  async #upgrade(envelope: StoreEnvelope): Promise<T> {
    const { version, minor_version: minor } = envelope;
    if (version > this.version) {
      this.#refused = new StoreVersionError(
        this.key,
        version,
        this.version,
        'it was written by a newer release; upgrade, or restore a backup (nothing will be written to it)',
      );
      throw this.#refused;
    }
    if (version === this.version && minor === this.minorVersion) return envelope.data as T;
    if (!this.#migrate) {
      if (version === this.version) return envelope.data as T;
      throw new StoreVersionError(this.key, version, this.version, 'no migration is defined');
    }
    let data: T;
    try {
      data = await this.#migrate(version, minor, envelope.data);
    } catch (error) {
      throw new StoreError(
        this.key,
        `migrating store "${this.key}" from ${version}.${minor} to ${this.version}.${this.minorVersion} failed: ${errorMessage(error)}`,
        { cause: error },
      );
    }
    // Written back so the migration runs once; data of a newer minor version is left for that release.
    if (version < this.version || minor < this.minorVersion) {
      const upgraded = { version: this.version, minor_version: this.minorVersion, key: this.key, data };
      await this.#slot.settings.backend.write(this.key, upgraded).catch((error: unknown) => {
        this.#slot.settings.logger(
          'warn',
          `could not write migrated store "${this.key}": ${errorMessage(error)}`,
        );
      });
    }
    return data;
  }
}

/** A registry's persistence through a store: loads directly, saves delayed and coalesced. */
export function persistedFrom<T>(store: Store<T>): Persisted<T> {
  return {
    load: () => store.load(),
    save: (data: T) => store.delaySave(() => data),
    saveWith: (build: () => T) => store.delaySave(build),
  };
}
