/**
 * Integration storage in a sandbox. A sandbox has no storage of its own: every load,
 * save and remove goes to the host's store server for the group. The store an
 * integration gets is the host's own `StoreManager` over a backend that makes each
 * envelope operation a call — so versions, migration, refusal of newer data and
 * delayed-save coalescing behave exactly as in-process — and every delayed save is
 * flushed (through the host) before an entry unloads and before the runtime stops.
 */
import { CorralError } from '../errors.js';
import { type StoreBackend, type StoreEnvelope, StoreManager, type StoreOptions } from '../host/store.js';
import type { Logger } from '../logger.js';
import type { SystemClock } from '../machines/clock.js';
import type { IntegrationStore } from '../sdk/types.js';
import { decodeJson, encodeJson } from '../wire/json.js';
import type { HostLink } from './host-link.js';

/** Envelopes kept by the host: `store_load` / `store_save` / `store_remove`. */
export class WireStoreBackend implements StoreBackend {
  constructor(private readonly link: HostLink) {}

  async read(key: string): Promise<StoreEnvelope | undefined> {
    const result = await this.link.call('store_load', { key });
    if (!result.found) return undefined;
    return {
      version: result.version,
      minor_version: result.minorVersion,
      key,
      data: decodeJson(result.data) ?? null,
    };
  }

  async write(key: string, envelope: StoreEnvelope): Promise<void> {
    await this.link.call('store_save', {
      key,
      version: envelope.version,
      minorVersion: envelope.minor_version,
      data: encodeJson(envelope.data),
    });
  }

  async remove(key: string): Promise<void> {
    await this.link.call('store_remove', { key });
  }

  keys(): Promise<string[]> {
    return Promise.reject(new CorralError('unsupported', 'a sandbox cannot list the keys of its store'));
  }
}

export interface StoreClientOptions {
  readonly logger: Logger;
  /** Timers of delayed saves; a simulated clock in tests. */
  readonly clock?: SystemClock;
  readonly delaySaveMs?: number;
}

export class StoreClient {
  readonly #manager: StoreManager;
  readonly #logger: Logger;

  constructor(link: HostLink, options: StoreClientOptions) {
    this.#logger = options.logger;
    this.#manager = new StoreManager({
      backend: new WireStoreBackend(link),
      clock: options.clock,
      delaySaveMs: options.delaySaveMs,
      logger: options.logger,
    });
  }

  /**
   * The store of `key` (already `<domain>.<key>`). A save the host refuses (over quota)
   * rejects with the host's error; the integration's data stays its own to save again.
   */
  store<T>(key: string, options: StoreOptions<T>): IntegrationStore<T> {
    return this.#manager.store<T>(key, options);
  }

  /** Write every delayed save now; a failure is logged (nobody awaits a delayed save). */
  async flush(): Promise<void> {
    try {
      await this.#manager.flush();
    } catch (error) {
      this.#logger('error', (error as Error).message);
    }
  }
}
