/**
 * One loaded config entry in-process: the EntryApi its integration was given,
 * and the record of everything it registered through it, so that unload (or a
 * failed setup) releases all of it.
 */
import { CorralError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { ConfigEntryData, EntryApi, HostConfigData, IntegrationStore, SdkEntity } from '../sdk/types.js';
import type { EntityPlatform } from './entity-platform.js';
import type { EventBus } from './event-bus.js';
import type { ServiceRegistry } from './service-registry.js';
import type { StoreManager } from './store.js';
import { CORE_EVENT_TYPES } from './types.js';

export class EventNotAllowedError extends CorralError {
  constructor(domain: string, eventType: string) {
    super(
      'event_not_allowed',
      `integration "${domain}" may fire only "${domain}_..." events that are not core events; refused "${eventType}"`,
    );
  }
}

/** An integration may fire only in its own `<domain>_` namespace, and never a core event. */
export function isOwnEvent(domain: string, eventType: string): boolean {
  return eventType.startsWith(`${domain}_`) && !(CORE_EVENT_TYPES as readonly string[]).includes(eventType);
}

export class EntryUnloadedError extends CorralError {
  constructor(domain: string, what: string) {
    super(
      'entry_unloaded',
      `${domain}: ${what} after its entry was unloaded (clear timers and listeners in onUnload)`,
    );
  }
}

export interface EntryRuntimeDeps {
  readonly entry: ConfigEntryData;
  readonly platform: EntityPlatform;
  readonly services: ServiceRegistry;
  readonly bus: EventBus;
  readonly stores: StoreManager;
  readonly logger: Logger;
  readonly hostConfig: () => HostConfigData;
}

export class EntryRuntime {
  readonly api: EntryApi;
  private entry: ConfigEntryData;
  private readonly services: string[] = [];
  private readonly cleanups: (() => void | Promise<void>)[] = [];
  /** Once released, the api refuses to register or fire anything: a leaked timer cannot act. */
  private released = false;

  constructor(private readonly deps: EntryRuntimeDeps) {
    this.entry = deps.entry;
    const self = this;
    const { domain, entryId } = deps.entry;
    const log = (level: 'debug' | 'info' | 'warn' | 'error') => (message: string) =>
      deps.logger(level, message, { domain, entryId });
    this.api = {
      get entry() {
        return self.entry;
      },
      get hostConfig() {
        return deps.hostConfig();
      },
      logger: { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') },
      addEntities: async (entities: readonly SdkEntity[]) => {
        this.assertLive('addEntities');
        await deps.platform.add(entryId, domain, entities, { disableNew: self.entry.prefDisableNewEntities });
      },
      removeEntity: async (uniqueId: string, platform: string) => {
        deps.platform.removeEntity(entryId, domain, platform, uniqueId);
      },
      registerService: (service, handler, options) => {
        this.assertLive('registerService');
        deps.services.register(
          domain,
          service,
          (call) =>
            handler({
              domain: call.domain,
              service: call.service,
              data: { ...call.data },
              entityIds: call.entityIds,
              contextId: call.context.id,
              returnResponse: call.returnResponse,
            }) as never,
          { schema: options?.schema, supportsResponse: options?.supportsResponse },
        );
        this.services.push(service);
      },
      fireEvent: (eventType, data = {}) => {
        this.assertLive('fireEvent');
        if (!isOwnEvent(domain, eventType)) throw new EventNotAllowedError(domain, eventType);
        deps.bus.fire(eventType, data);
      },
      store: <T>(key: string, options: Parameters<EntryApi['store']>[1]): IntegrationStore<T> =>
        deps.stores.store<T>(`${domain}.${key}`, options as never),
      onUnload: (cleanup) => {
        this.cleanups.push(cleanup);
      },
    };
  }

  update(entry: ConfigEntryData): void {
    this.entry = entry;
  }

  private assertLive(what: string): void {
    if (this.released) throw new EntryUnloadedError(this.deps.entry.domain, `${what} called`);
  }

  /** Undo everything the entry did: cleanups (newest first), services, entities. */
  async release(): Promise<void> {
    const { domain, entryId } = this.deps.entry;
    this.released = true;
    for (const cleanup of this.cleanups.splice(0).reverse()) {
      try {
        await cleanup();
      } catch (error) {
        this.deps.logger('warn', `unload callback failed: ${(error as Error).message}`, { domain, entryId });
      }
    }
    for (const service of this.services.splice(0)) this.deps.services.remove(domain, service);
    this.deps.platform.unloadEntry(entryId);
  }
}
