/**
 * Config entries in a sandbox: the EntryApi an integration's `setupEntry` is given,
 * backed by the wire, with the same semantics as in-process (`src/host/entry-runtime.ts`)
 * — and the record of what each entry registered, so unload or a failed setup
 * releases all of it and a re-sent setup starts clean.
 */
import { CorralError } from '../errors.js';
import { EntryUnloadedError, EventNotAllowedError, isOwnEvent } from '../host/entry-runtime.js';
import type { Logger } from '../logger.js';
import type { IntegrationDefinition } from '../sdk/integration.js';
import type { ConfigEntryData, EntryApi, HostConfigData, IntegrationStore } from '../sdk/types.js';
import { encodeJson } from '../wire/json.js';
import { entryFromWire, hostConfigFromWire } from '../wire/messages.js';
import type { Received, ResultOf } from '../wire/protocol.js';
import type { EntityBridge } from './entity-bridge.js';
import type { HostLink } from './host-link.js';
import type { IntegrationLoader } from './integration-loader.js';
import type { ServiceMirror } from './service-mirror.js';
import type { StoreClient } from './store-client.js';

export interface EntryDeps {
  readonly link: HostLink;
  readonly loader: IntegrationLoader;
  readonly entities: EntityBridge;
  readonly services: ServiceMirror;
  readonly stores: StoreClient;
  readonly logger: Logger;
}

/** One config entry being set up or loaded: its EntryApi and what it registered. */
export class EntryRunner {
  readonly api: EntryApi;
  #entry: ConfigEntryData;
  readonly #cleanups: (() => void | Promise<void>)[] = [];
  /** Once released, the api refuses to register or fire anything: a leaked timer cannot act. */
  #released = false;

  constructor(
    entry: ConfigEntryData,
    hostConfig: HostConfigData,
    private readonly deps: EntryDeps,
  ) {
    this.#entry = entry;
    const self = this;
    const { domain, entryId } = entry;
    const log = (level: 'debug' | 'info' | 'warn' | 'error') => (message: string) =>
      deps.logger(level, message, { domain, entryId });
    this.api = {
      get entry() {
        return self.#entry;
      },
      get hostConfig() {
        return hostConfig;
      },
      logger: { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') },
      addEntities: async (entities) => {
        this.#assertLive('addEntities');
        await deps.entities.add(entryId, entities);
      },
      removeEntity: (uniqueId, platform) => deps.entities.remove(entryId, platform, uniqueId),
      registerService: (service, handler, options) => {
        this.#assertLive('registerService');
        deps.services.register(entryId, domain, service, handler, options);
      },
      fireEvent: (eventType, data = {}) => {
        this.#assertLive('fireEvent');
        if (!isOwnEvent(domain, eventType)) throw new EventNotAllowedError(domain, eventType);
        deps.link.push('fire_event', { eventType, data: encodeJson(data), contextId: deps.link.contextId });
      },
      store: <T>(key: string, options: Parameters<EntryApi['store']>[1]): IntegrationStore<T> =>
        deps.stores.store<T>(`${domain}.${key}`, options as never),
      onUnload: (cleanup) => {
        this.#cleanups.push(cleanup);
      },
    };
  }

  get entry(): ConfigEntryData {
    return this.#entry;
  }

  update(entry: ConfigEntryData): void {
    this.#entry = entry;
  }

  #assertLive(what: string): void {
    if (this.#released) throw new EntryUnloadedError(this.#entry.domain, `${what} called`);
  }

  /**
   * Undo everything the entry did: cleanups (newest first), services, entities, and
   * the delayed saves it left. After a failed setup its entities are unregistered too.
   */
  async release(how: 'unload' | 'failed'): Promise<void> {
    const { domain, entryId } = this.#entry;
    this.#released = true;
    for (const cleanup of this.#cleanups.splice(0).reverse()) {
      try {
        await cleanup();
      } catch (error) {
        this.deps.logger('warn', `unload callback failed: ${(error as Error).message}`, { domain, entryId });
      }
    }
    await this.deps.services.releaseEntry(entryId);
    await this.deps.entities.releaseEntry(entryId, how === 'failed' ? 'unregister' : 'drop');
    await this.deps.stores.flush();
  }
}

/** Every entry of the sandbox: `entry_setup`, `entry_unload`, `entry_update`, and shutdown. */
export class Entries {
  readonly #running = new Map<string, { runner: EntryRunner; definition: Promise<IntegrationDefinition> }>();

  constructor(private readonly deps: EntryDeps) {}

  async setup(request: Received<'entry_setup'>): Promise<ResultOf<'entry_setup'>> {
    const entry = entryFromWire(request.entry);
    const { entryId, domain } = entry;
    if (!entryId || !domain)
      throw new CorralError('invalid_entry', 'entry_setup needs an entry id and a domain');
    if (this.#running.has(entryId)) {
      throw new CorralError(
        'entry_already_loaded',
        `entry "${entryId}" (${domain}) is already set up in this sandbox; unload it first`,
      );
    }
    const runner = new EntryRunner(entry, hostConfigFromWire(request.hostConfig), this.deps);
    const definition = this.deps.loader.load(domain, request.source);
    // Listed before the first await, so a second setup of the same entry is refused.
    this.#running.set(entryId, { runner, definition });
    // Only this setup's own record: after an unload (a host that gave up waiting) a retry may have made a new one.
    const forget = () => {
      if (this.#running.get(entryId)?.runner === runner) this.#running.delete(entryId);
    };
    let integration: IntegrationDefinition;
    try {
      integration = await definition;
    } catch (error) {
      forget();
      return { loaded: false, reason: messageOf(error), retry: false };
    }
    try {
      const ok = await integration.setupEntry(runner.api);
      if (ok === false) throw new CorralError('setup_failed', `${domain} setup returned false`);
      await this.deps.services.settled(entryId);
      return { loaded: true };
    } catch (error) {
      // A failed setup leaves nothing behind, so a re-sent setup starts clean.
      await runner.release('failed');
      forget();
      // An integration may carry its own copy of the SDK: compare the error's type, not its class.
      const retry = (error as { type?: unknown } | null)?.type === 'entry_not_ready';
      return { loaded: false, reason: messageOf(error), retry };
    }
  }

  async unload(request: Received<'entry_unload'>): Promise<ResultOf<'entry_unload'>> {
    const running = this.#running.get(request.entryId);
    if (!running) return { unloaded: true };
    let unloaded: boolean;
    try {
      const integration = await running.definition;
      unloaded = (await integration.unloadEntry?.(running.runner.api)) !== false;
    } catch (error) {
      this.deps.logger('warn', `unload failed: ${messageOf(error)}`, {
        domain: running.runner.entry.domain,
        entryId: request.entryId,
      });
      unloaded = false;
    }
    if (!unloaded) return { unloaded: false };
    await running.runner.release('unload');
    this.#running.delete(request.entryId);
    return { unloaded: true };
  }

  update(request: Received<'entry_update'>): void {
    const entry = entryFromWire(request.entry);
    this.#running.get(entry.entryId)?.runner.update(entry);
  }

  /** Unload every entry (shutdown): each integration's unload runs, and everything is released regardless. */
  async unloadAll(): Promise<void> {
    await Promise.all(
      [...this.#running].map(async ([entryId, { runner, definition }]) => {
        try {
          await (await definition).unloadEntry?.(runner.api);
        } catch (error) {
          this.deps.logger('warn', `unload failed: ${messageOf(error)}`, {
            domain: runner.entry.domain,
            entryId,
          });
        }
        await runner.release('unload');
        this.#running.delete(entryId);
      }),
    );
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
