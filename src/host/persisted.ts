/**
 * How a registry keeps its data across restarts, without knowing where it goes.
 * Saving is fire-and-forget: the real store debounces and writes atomically.
 * A registry hands over `saveWith(() => this.toData())` after every change, so its
 * data is built once per write, not once per change: a flood of registrations costs
 * the same per registration however many are already registered.
 */

export interface Persisted<T> {
  load(): Promise<T | undefined>;
  /** Hand over the latest data. */
  save(data: T): void;
  /** Hand over how to build the latest data; it is built when written, once per burst of changes. */
  saveWith(build: () => T): void;
}

/** An in-memory `Persisted` for tests: holds a structured clone of the last save. */
export interface MemoryPersisted<T> extends Persisted<T> {
  /** The last saved data (a clone), or the initial data. */
  readonly data: T | undefined;
  /** How many times `save` or `saveWith` was called. */
  readonly saves: number;
  /** How many times data handed over by `saveWith` was built. */
  readonly builds: number;
}

export function memoryPersisted<T>(initial?: T): MemoryPersisted<T> {
  // Clones on both sides: a registry's later changes must not reach the "disk", and vice versa.
  let data: T | undefined = initial === undefined ? undefined : structuredClone(initial);
  // A `saveWith` not yet built: built (as a debounced store would) when the data is read.
  let pending: (() => T) | undefined;
  let saves = 0;
  let builds = 0;
  const current = () => {
    if (pending) {
      builds++;
      data = structuredClone(pending());
      pending = undefined;
    }
    return data;
  };
  return {
    get data() {
      return current();
    },
    get saves() {
      return saves;
    },
    get builds() {
      return builds;
    },
    load: async () => {
      const now = current();
      return now === undefined ? undefined : structuredClone(now);
    },
    save: (next) => {
      pending = undefined;
      data = structuredClone(next);
      saves++;
    },
    saveWith: (build) => {
      pending = build;
      saves++;
    },
  };
}

/** Envelope checks shared by the registries: `{ version: 1, <field>: [...] }`. */
export function readVersioned(
  raw: unknown,
  field: string,
  version: number,
): { ok: true; items: unknown[] } | { ok: false; reason: string } {
  if (typeof raw !== 'object' || raw === null) return { ok: false, reason: 'the data is not an object' };
  const record = raw as Record<string, unknown>;
  if (record.version !== version) {
    return {
      ok: false,
      reason: `it has version ${JSON.stringify(record.version)}, this host reads version ${version}; upgrade Corral or restore a backup`,
    };
  }
  const items = record[field];
  if (!Array.isArray(items)) return { ok: false, reason: `"${field}" is not a list` };
  return { ok: true, items };
}
