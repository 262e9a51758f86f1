/**
 * `createHub`: Corral's embedded host — the one unified view of states,
 * registries, services, events, entries, flows and storage — wired from the
 * host modules. Integrations run in-process (`main`) unless a router sends
 * them elsewhere.
 */
import { join } from 'node:path';
import type { InspectionEvent, Observer } from 'xstate';
import { type Logger, redactingLogger, silentLogger } from '../logger.js';
import type { EntryRetryPolicy } from '../machines/config-entry.js';
import type { SandboxCapsPolicy } from '../policy.js';
import type { HostConfigData } from '../sdk/types.js';
import { AreaRegistry } from './area-registry.js';
import { IntegrationCatalog } from './catalog.js';
import { ConfigEntries } from './config-entries.js';
import { acquireDataDirLock, type DataDirLock } from './data-dir-lock.js';
import { refuseDebugSignal } from './debug-signal.js';
import { DeviceRegistry } from './device-registry.js';
import { EntityPlatform } from './entity-platform.js';
import { EntityRegistry } from './entity-registry.js';
import { EventBus } from './event-bus.js';
import { FlowManager } from './flow-manager.js';
import { type HostConfig, validateHostConfig } from './host-config.js';
import { IntegrationLoader, LocalIntegrationHandler } from './local-handler.js';
import { RestoreStateStore } from './restore-state.js';
import { type IntegrationHandler, inProcessRouter, type RoutedTranslations, type Router } from './router.js';
import { ServiceRegistry } from './service-registry.js';
import { StateStore } from './state-store.js';
import { FileStoreBackend, persistedFrom, StoreManager } from './store.js';
import type { TarballPin } from './tarball-source.js';
import { resolveTarget } from './target.js';
import { Translations } from './translations.js';
import { type HostClock, systemClock } from './types.js';

export interface HubOptions {
  /**
   * Where the hub keeps its data (`<configDir>/.storage`). One hub at a time: `createHub`
   * locks it (`<configDir>/.corral/hub.lock`) until `stop()` or the process exits, and
   * throws `DataDirLockedError` while another running hub holds it.
   */
  readonly configDir: string;
  readonly hostConfig?: Partial<HostConfig>;
  /** Directories of built-in integrations (each subdirectory: manifest.json + index.js). */
  readonly integrationDirs?: readonly string[];
  /** Directories of custom integrations. */
  readonly customDirs?: readonly string[];
  /**
   * Custom integrations as pinned package tarballs (`npm pack` format): `file` is the
   * tarball's absolute path, `integrity` what npm prints for it (`sha512-<base64>`;
   * sha384 and sha256 also). At `start()` each is verified before anything in it is
   * unpacked, into `<configDir>/.corral/sources/`, once per process; one that fails is
   * left out of the catalog and reported in `catalog.errors()`.
   */
  readonly tarballs?: readonly TarballPin[];
  readonly logger?: Logger;
  /**
   * Time of events, states and ids. A clock that also has `setTimeout` and
   * `clearTimeout` (xstate's `SimulatedClock`) times entry setup retries too.
   */
  readonly clock?: HostClock;
  readonly inspect?: Observer<InspectionEvent> | ((event: InspectionEvent) => void);
  readonly entryRetryPolicy?: EntryRetryPolicy;
  /**
   * Caps on open config flows: `maxOpenFlowsPerDomain` and `flowIdleTimeoutMs` apply to
   * every flow, in-process or sandboxed (the other caps are the sandbox router's).
   */
  readonly caps?: Partial<SandboxCapsPolicy>;
  /**
   * Route integrations elsewhere (sandboxes); given the in-process handler and
   * the hub (usable once `createHub` has returned). Default: all in-process.
   */
  readonly router?: (local: IntegrationHandler, hub: () => Hub) => Router;
}

export interface Hub {
  readonly hostConfig: HostConfig;
  readonly bus: EventBus;
  readonly states: StateStore;
  readonly entities: EntityRegistry;
  readonly devices: DeviceRegistry;
  readonly areas: AreaRegistry;
  readonly services: ServiceRegistry;
  readonly entries: ConfigEntries;
  readonly flows: FlowManager;
  readonly catalog: IntegrationCatalog;
  readonly stores: StoreManager;
  readonly platform: EntityPlatform;
  readonly restore: RestoreStateStore;
  /** Load what was persisted and set up every entry. */
  start(): Promise<void>;
  /** Unload every entry, save restore-state and flush every pending write. */
  stop(): Promise<void>;
}

export async function createHub(options: HubOptions): Promise<Hub> {
  const clock = options.clock ?? systemClock;
  const logger = redactingLogger(options.logger ?? silentLogger);
  refuseDebugSignal(logger);
  const hostConfig = validateHostConfig(options.hostConfig ?? {});
  // Before anything reads `.storage`: a second hub there would overwrite the first one's data.
  let lock: DataDirLock | undefined = acquireDataDirLock(options.configDir);
  try {
    return assembleHub(options, clock, logger, hostConfig, {
      retake: () => {
        lock ??= acquireDataDirLock(options.configDir);
      },
      release: () => {
        lock?.release();
        lock = undefined;
      },
    });
  } catch (error) {
    lock.release();
    throw error;
  }
}

function assembleHub(
  options: HubOptions,
  clock: HostClock,
  logger: Logger,
  hostConfig: HostConfig,
  lock: { retake(): void; release(): void },
): Hub {
  const hostConfigData = (): HostConfigData => ({ ...hostConfig, country: hostConfig.country ?? '' });
  const bus = new EventBus(clock, {
    onError: (error, event) =>
      logger('error', `listener of "${event.type}" failed: ${(error as Error).message}`),
  });
  const stores = new StoreManager({ backend: new FileStoreBackend(join(options.configDir, '.storage')) });
  const states = new StateStore(bus, clock);
  const areas = new AreaRegistry(bus, persistedFrom(stores.store('core.area_registry', { version: 1 })));
  const devices = new DeviceRegistry(
    bus,
    persistedFrom(stores.store('core.device_registry', { version: 1 })),
    {
      areas,
    },
  );
  const entities = new EntityRegistry(
    bus,
    persistedFrom(stores.store('core.entity_registry', { version: 1 })),
    {
      isTaken: (entityId) => states.has(entityId),
      areas,
    },
  );
  const services = new ServiceRegistry(
    bus,
    (target) => resolveTarget(target, { entities: entities.entries(), devices: devices.list() }),
    clock,
  );
  const restore = new RestoreStateStore(stores, (entityId) => states.get(entityId));
  const platform = new EntityPlatform({ states, entities, devices, services, restore });
  // Strings of integrations the router runs elsewhere come from there; the router exists only later.
  let routed: RoutedTranslations | undefined;
  const translations: Translations = new Translations({
    resolveDir: (domain) => catalog.get(domain)?.dir,
    manifests: (domain) => catalog.get(domain)?.manifest,
    remote: (domain) => routed?.serves(domain) ?? false,
    providers: [{ get: async (language, domains) => (routed ? routed.get(language, domains) : {}) }],
    logger,
  });
  const catalog: IntegrationCatalog = new IntegrationCatalog({
    translations,
    builtInDirs: [...(options.integrationDirs ?? [])],
    customDirs: [...(options.customDirs ?? [])],
    tarballs: [...(options.tarballs ?? [])],
    sourcesDir: join(options.configDir, '.corral', 'sources'),
  });
  const local = new LocalIntegrationHandler({
    loader: new IntegrationLoader(catalog),
    platform,
    services,
    bus,
    stores,
    logger,
    hostConfig: hostConfigData,
  });
  let self: Hub | undefined;
  const hubRef = () => {
    if (!self) throw new Error('the hub is still being created');
    return self;
  };
  const router = options.router ? options.router(local, hubRef) : inProcessRouter(local);
  routed = router.translations?.();
  const entries = new ConfigEntries({
    persisted: persistedFrom(stores.store('core.config_entries', { version: 1 })),
    router,
    bus,
    clock,
    retryPolicy: options.entryRetryPolicy,
    inspect: options.inspect,
    onRemoved: (entry) => {
      for (const entityId of entities.removeConfigEntry(entry.entryId)) states.remove(entityId);
      devices.removeConfigEntry(entry.entryId);
    },
  });
  const flows = new FlowManager({
    router,
    entries,
    integration: (domain) => catalog.get(domain),
    hostConfig: hostConfigData,
    clock,
    inspect: options.inspect,
    caps: options.caps,
    logger,
  });

  let started = false;
  self = {
    hostConfig,
    bus,
    states,
    entities,
    devices,
    areas,
    services,
    entries,
    flows,
    catalog,
    stores,
    platform,
    restore,
    async start() {
      if (started) return;
      lock.retake();
      started = true;
      bus.fire('hub_start', {});
      await catalog.scan();
      await areas.load();
      await devices.load();
      await entities.load();
      await restore.load();
      await entries.load();
      await entries.setupAll();
      bus.fire('hub_started', {});
    },
    async stop() {
      if (!started) {
        lock.release();
        return;
      }
      started = false;
      try {
        bus.fire('hub_stop', {});
        await flows.abortAll();
        // Keep the last real states before unloading marks them unavailable.
        restore.dump();
        await restore.flushNow();
        await router.stop?.();
        await entries.unloadAll();
        entries.stop();
        await stores.flush();
      } finally {
        lock.release();
      }
    },
  };
  return self;
}
