/**
 * Storage of one sandbox group, kept on main. A sandbox has no disk of its own:
 * every load, save and remove of its integrations arrives here and lands in
 * `<configDir>/.storage/sandbox/<group>/`, one atomic file per key. The group's
 * directory is fixed by main, so no key can reach another group's data; keys are
 * validated and every write is checked against the group's quotas before
 * anything touches the disk.
 *
 * Accounting: a value is the JSON of its data (at most `maxValueBytes`); the
 * group's total is the size of its files on disk (at most `maxGroupBytes`, and
 * `maxGroupKeys` keys). Writes run one at a time, so two saves cannot both pass
 * a check that only one of them fits.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { StoreError, StoreKeyError, StoreQuotaError } from '../errors.js';
import { FileStoreBackend, type StoreEnvelope, validateStoreKey } from '../host/store.js';
import type { HostClock } from '../host/types.js';
import type { Logger } from '../logger.js';
import { defaultStorePolicy, type StorePolicy } from '../policy.js';
import type { Channel } from '../wire/channel.js';
import { assignData, decodeJson, encodeJson } from '../wire/json.js';
import { SANDBOX_RESTORE_STATE_KEY } from '../wire/messages.js';
import { exceedsValueLimit, sandboxMayWriteKey, storeQuotaProblem } from './gates.js';

/** Where the host keeps a group's restore-state (written from the shutdown reply, read by the sandbox). */
export const RESTORE_STATE_KEY = SANDBOX_RESTORE_STATE_KEY;

export interface StoreServerOptions {
  readonly configDir: string;
  readonly group: string;
  readonly policy?: Partial<StorePolicy>;
  readonly clock?: HostClock;
  readonly logger?: Logger;
}

/** What a sandbox saves: the envelope without its key (the key is the request's). */
export type StoreValue = Omit<StoreEnvelope, 'key'>;

export class StoreServer {
  readonly group: string;
  readonly dir: string;
  readonly #backend: FileStoreBackend;
  readonly #policy: StorePolicy;
  /** Size on disk of every stored key; read once, then kept in step with every write. */
  #usage: Promise<Map<string, number>> | undefined;
  #queue: Promise<unknown> = Promise.resolve();
  /** The restore-state last kept by the host (written or being written); read from disk until then. */
  #restoreState: Promise<StoreEnvelope | undefined> | undefined;

  constructor(options: StoreServerOptions) {
    // The group becomes a directory name: the same rules as a key keep it inside `sandbox/`.
    validateStoreKey(options.group);
    this.group = options.group;
    this.dir = join(options.configDir, '.storage', 'sandbox', options.group);
    this.#policy = { ...defaultStorePolicy, ...options.policy };
    this.#backend = new FileStoreBackend(this.dir, { clock: options.clock, logger: options.logger });
  }

  /** The stored envelope of `key`, or undefined. */
  async load(key: string): Promise<StoreEnvelope | undefined> {
    this.#checkKey(key);
    // The host's own restore-state is read from memory once known: a respawned sandbox
    // gets what the host kept without waiting for that write to reach the disk.
    if (key === RESTORE_STATE_KEY && this.#restoreState) return this.#restoreState;
    return this.#serial(() => this.#backend.read(key));
  }

  /** Save from the sandbox: key checked, host-owned keys refused, quotas enforced; nothing written on refusal. */
  async save(key: string, value: StoreValue): Promise<void> {
    this.#checkKey(key);
    this.#checkWritable(key);
    return this.#write(key, value);
  }

  /** Remove from the sandbox; host-owned keys refused. */
  async remove(key: string): Promise<void> {
    this.#checkKey(key);
    this.#checkWritable(key);
    return this.#serial(async () => {
      await this.#backend.remove(key);
      (await this.#sizes()).delete(key);
    });
  }

  /** Keep the restore-state a sandbox handed back on shutdown; it is the sandbox's data, so quotas apply. */
  async saveRestoreState(data: unknown): Promise<void> {
    return this.#keepRestoreState(Promise.resolve(restoreEnvelope(data)));
  }

  /**
   * Fold `states` (by sandbox entity id) into the kept restore-state in one queued
   * step: a load queued after this call — the next generation's warm-load — sees
   * them all, never the blob half-updated.
   */
  mergeRestoreState(states: Record<string, unknown>): Promise<void> {
    const base = this.#restoreState ?? this.#serial(() => this.#backend.read(RESTORE_STATE_KEY));
    const merged = base.then((current) => {
      const blob: Record<string, unknown> = {};
      const data = current?.data;
      if (data && typeof data === 'object' && !Array.isArray(data)) {
        assignData(blob, data as Record<string, unknown>);
      }
      assignData(blob, states);
      return restoreEnvelope(blob);
    });
    return this.#keepRestoreState(merged);
  }

  /**
   * Make `next` the restore-state loads answer with from now on, and queue its write.
   * A write that fails (over quota) is forgotten, so loads read the disk again.
   */
  #keepRestoreState(next: Promise<StoreEnvelope>): Promise<void> {
    this.#restoreState = next;
    next.catch(() => {});
    const written = this.#serial(async () => {
      const envelope = await next;
      await this.#writeNow(RESTORE_STATE_KEY, envelope);
    });
    written.catch(() => {
      if (this.#restoreState === next) this.#restoreState = undefined;
    });
    return written;
  }

  /** Resolves once every write accepted so far has reached the disk (or failed). */
  async settled(): Promise<void> {
    let seen: Promise<unknown>;
    do {
      seen = this.#queue;
      await seen.catch(() => {});
    } while (seen !== this.#queue);
  }

  /** Keys and bytes the group holds. */
  async usage(): Promise<{ keys: number; bytes: number }> {
    const sizes = await this.#serial(() => this.#sizes());
    let bytes = 0;
    for (const size of sizes.values()) bytes += size;
    return { keys: sizes.size, bytes };
  }

  /** Answer the sandbox's `store_load`, `store_save` and `store_remove` calls on `channel`. */
  attach(channel: Channel): void {
    channel.register('store_load', async ({ key }) => {
      const envelope = await this.load(key);
      if (!envelope) return { found: false };
      return {
        found: true,
        version: envelope.version,
        minorVersion: envelope.minor_version,
        data: encodeJson(envelope.data),
      };
    });
    channel.register('store_save', async ({ key, version, minorVersion, data }) => {
      this.#checkKey(key);
      // Checked on the wire bytes, before they are parsed: an oversized value costs no more than its frame.
      const size = data?.length ?? 0;
      if (exceedsValueLimit(size, this.#policy)) throw new StoreQuotaError(key, this.#tooLarge(size));
      let parsed: unknown;
      try {
        parsed = decodeJson(data);
      } catch (error) {
        throw new StoreError(key, `data for store key "${key}" is not JSON: ${(error as Error).message}`);
      }
      if (parsed === undefined) throw new StoreError(key, `cannot save no data under store key "${key}"`);
      await this.save(key, { version: version || 1, minor_version: minorVersion || 1, data: parsed });
      return {};
    });
    channel.register('store_remove', async ({ key }) => {
      await this.remove(key);
      return {};
    });
  }

  #checkKey(key: string): void {
    validateStoreKey(key, this.#policy.maxKeyLength);
  }

  #checkWritable(key: string): void {
    if (!sandboxMayWriteKey(key)) throw new StoreKeyError(key, 'keys under "core." are kept by the host');
  }

  #tooLarge(size: number): string {
    return `the value is ${size} bytes, more than the ${this.#policy.maxValueBytes}-byte limit per key`;
  }

  #write(key: string, value: StoreValue): Promise<void> {
    return this.#serial(() => this.#writeNow(key, value));
  }

  /** A checked write, run inside the queue. */
  async #writeNow(key: string, value: StoreValue): Promise<void> {
    const envelope: StoreEnvelope = {
      version: value.version,
      minor_version: value.minor_version,
      key,
      data: value.data,
    };
    // The same text the backend writes, so the accounting matches the disk.
    const text = JSON.stringify(envelope);
    if (text === undefined) throw new StoreError(key, `cannot save undefined under store key "${key}"`);
    const fileBytes = Buffer.byteLength(text, 'utf8');
    const valueBytes = Buffer.byteLength(JSON.stringify(value.data) ?? '', 'utf8');
    const sizes = await this.#sizes();
    const problem = storeQuotaProblem(sizes, key, valueBytes, fileBytes, this.#policy);
    if (problem !== undefined) throw new StoreQuotaError(key, problem);
    await this.#backend.write(key, envelope);
    sizes.set(key, fileBytes);
  }

  #sizes(): Promise<Map<string, number>> {
    this.#usage ??= (async () => {
      const sizes = new Map<string, number>();
      for (const key of await this.#backend.keys()) {
        const info = await stat(this.#backend.fileOf(key)).catch(() => undefined);
        if (info) sizes.set(key, info.size);
      }
      return sizes;
    })().catch((error: unknown) => {
      this.#usage = undefined;
      throw error;
    });
    return this.#usage;
  }

  /** Run store operations one at a time, in call order; a failure does not stop the next. */
  #serial<T>(op: () => Promise<T>): Promise<T> {
    const result = this.#queue.then(op, op);
    this.#queue = result.catch(() => {});
    return result;
  }
}

function restoreEnvelope(data: unknown): StoreEnvelope {
  return { version: 1, minor_version: 1, key: RESTORE_STATE_KEY, data };
}
