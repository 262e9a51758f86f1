/**
 * How a registry keeps its data across restarts, without knowing where it goes.
 * `save` is fire-and-forget: the real store debounces and writes atomically, so a
 * registry just hands over its latest data after every change.
 */

export interface Persisted<T> {
  load(): Promise<T | undefined>;
  save(data: T): void;
}

/** An in-memory `Persisted` for tests: holds a structured clone of the last save. */
export interface MemoryPersisted<T> extends Persisted<T> {
  /** The last saved data (a clone), or the initial data. */
  readonly data: T | undefined;
  /** How many times `save` was called. */
  readonly saves: number;
}

export function memoryPersisted<T>(initial?: T): MemoryPersisted<T> {
  // Clones on both sides: a registry's later changes must not reach the "disk", and vice versa.
  let data: T | undefined = initial === undefined ? undefined : structuredClone(initial);
  let saves = 0;
  return {
    get data() {
      return data;
    },
    get saves() {
      return saves;
    },
    load: async () => (data === undefined ? undefined : structuredClone(data)),
    save: (next) => {
      data = structuredClone(next);
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
