/**
 * The router that runs integrations in supervised sandbox processes: it
 * classifies each new flow into a group, hands entries and flows of a group to
 * a remote handler over that group's channel, and keeps the host's mirror
 * honest across crashes — proxies go unavailable when a channel closes, and
 * when a respawned sandbox is ready the displaced bridge is torn down and the
 * group's entries are set up again.
 */
import { join } from 'node:path';
import { packageRoot, type SandboxLauncher, type TransportKind } from '../actors/launch.js';
import type { OsIsolation } from '../actors/os-sandbox.js';
import { Supervisor, type SupervisorOptions } from '../actors/supervisor.js';
import { SandboxBridge } from '../bridge/bridge.js';
import { RemoteIntegrationHandler } from '../bridge/remote-handler.js';
import { StoreServer } from '../bridge/store-server.js';
import { UnknownIntegrationError } from '../host/flow-manager.js';
import type { Hub } from '../host/hub.js';
import type { Manifest } from '../host/manifest.js';
import { type IntegrationHandler, MAIN_GROUP, type RoutedTranslations, type Router } from '../host/router.js';
import { type Logger, redactingLogger, silentLogger } from '../logger.js';
import type { BridgePolicy, ProcessPolicy, SandboxCapsPolicy } from '../policy.js';
import type { HostConfigData } from '../sdk/types.js';
import type { Channel } from '../wire/channel.js';
import { corral } from '../wire/gen/corral.js';
import { classify, defaultIsolationPolicy, type IsolationPolicy } from './classifier.js';
import { TranslationRouter } from './translation-router.js';

const Kind = corral.IntegrationSource.Kind;

export interface SandboxingOptions {
  readonly configDir: string;
  readonly isolation?: Partial<IsolationPolicy>;
  readonly supervision?: SupervisorOptions['policy'];
  readonly process?: Partial<ProcessPolicy>;
  /** Context cache, translation and setup timeouts of each group's bridge. */
  readonly bridge?: Partial<BridgePolicy>;
  /**
   * What each group can make the host keep (entities, attribute bytes, services, event
   * rate); the flow fields are read by the hub (`HubOptions.caps`), not here.
   */
  readonly caps?: Partial<SandboxCapsPolicy>;
  /** `process` (default): a child process per group; `worker`: a worker thread per group. */
  readonly launcher?: SandboxLauncher;
  readonly transport?: TransportKind;
  /** The OS sandbox around each sandbox process: `auto` (default: bwrap where it works), `bwrap`, `none`. */
  readonly os?: OsIsolation;
  readonly logger?: Logger;
  /** Runtime entry script (tests); defaults to the bundled runtime. */
  readonly entry?: string;
  readonly inspect?: SupervisorOptions['inspect'];
  /** Timers of the sandbox actors; a `SimulatedClock` in tests. */
  readonly clock?: SupervisorOptions['clock'];
  /** Test seam (`corral/testing`'s frame faults). */
  readonly interceptFrames?: SupervisorOptions['interceptFrames'];
}

/** `createHub({ router: sandboxRouter(options) })`. */
export function sandboxRouter(options: SandboxingOptions) {
  return (local: IntegrationHandler, hub: () => Hub): SandboxRouter => new SandboxRouter(local, hub, options);
}

export class SandboxRouter implements Router {
  readonly supervisor: Supervisor<SandboxLauncher>;
  private readonly isolation: IsolationPolicy;
  private readonly logger: Logger;
  private readonly bridges = new Map<string, SandboxBridge>();
  /** Bridges of crashed processes, torn down once their replacement is ready. */
  private readonly displaced = new Map<string, SandboxBridge>();
  private readonly stores = new Map<string, StoreServer>();
  private readonly handlers = new Map<string, RemoteIntegrationHandler>();
  /** Restore-state writes in flight; `stop` waits for them. */
  private readonly saving = new Set<Promise<unknown>>();
  private stopping = false;

  constructor(
    private readonly local: IntegrationHandler,
    private readonly hub: () => Hub,
    private readonly options: SandboxingOptions,
  ) {
    this.isolation = { ...defaultIsolationPolicy, ...options.isolation };
    this.logger = redactingLogger(options.logger ?? silentLogger);
    this.supervisor = new Supervisor({
      policy: options.supervision,
      process: options.process,
      launcher: options.launcher,
      transport: options.transport,
      os: options.os,
      network: (group) => this.network(group),
      logger: this.logger,
      entry: options.entry,
      inspect: options.inspect,
      clock: options.clock,
      interceptFrames: options.interceptFrames,
      readPaths: (group) => this.readPaths(group),
      preload: (group) => this.preload(group),
      onLaunched: (group, _generation, sandbox) => this.attach(group, sandbox.channel),
    });
    this.supervisor.on('sandbox.channelClosed', ({ group }) => {
      const bridge = this.bridges.get(group);
      bridge?.markUnavailable();
      // On a graceful stop the sandbox hands its own restore-state over instead.
      if (bridge && !this.stopping) this.track(this.keepLastStates(group, bridge));
    });
    this.supervisor.on('sandbox.ready', ({ group }) => this.onReady(group));
    this.supervisor.on('sandbox.stopped', ({ group, restoreState }) => {
      if (!restoreState || typeof restoreState !== 'object') return;
      // The sandbox warm-loads this blob before its next `ready`.
      this.track(
        this.storeFor(group)
          .saveRestoreState(restoreState)
          .catch((error: Error) =>
            this.logger('warn', `restore-state not saved: ${error.message}`, { group }),
          ),
      );
    });
  }

  groupFor(manifest: Manifest, builtIn: boolean): string {
    return classify(manifest, builtIn, this.isolation).group;
  }

  handler(group: string): IntegrationHandler {
    if (group === MAIN_GROUP) return this.local;
    let handler = this.handlers.get(group);
    if (!handler) {
      handler = new RemoteIntegrationHandler({
        group,
        connect: async () => {
          const sandbox = await this.supervisor.ensureStarted(group);
          const bridge = this.bridges.get(group);
          if (!bridge) throw new Error(`no bridge for sandbox "${group}"`);
          return { channel: sandbox.channel, bridge };
        },
        connection: () => {
          const bridge = this.bridges.get(group);
          return bridge ? { channel: bridge.channel, bridge } : undefined;
        },
        source: (domain) => this.sourceOf(domain),
        hostConfig: () => this.hostConfig(),
        setupTimeoutMs: this.options.bridge?.entrySetupTimeoutMs,
        flowTimeoutMs: this.options.bridge?.flowCallTimeoutMs,
        lastFailure: () => this.supervisor.contextOf(group)?.failures.at(-1),
        // The group's warm spare should import this integration too.
        onLoaded: () => this.supervisor.refreshSpare(group),
        logger: this.logger,
      });
      this.handlers.set(group, handler);
    }
    return handler;
  }

  /** Strings of sandboxed custom integrations, from their running sandboxes (never starting one). */
  translations(): RoutedTranslations {
    return new TranslationRouter({
      catalog: () => this.hub().catalog,
      groupFor: (manifest, builtIn) => this.groupFor(manifest, builtIn),
      entries: () => this.hub().entries.list(),
      running: (group) => {
        const bridge = this.bridges.get(group);
        return bridge?.channel.state === 'open' ? bridge.translations : undefined;
      },
    });
  }

  /** Shut every sandbox down gracefully (their restore-state is saved) before entries unload. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.supervisor.stop();
    await Promise.all(this.saving);
    // Writes a sandbox started before it stopped land before stop resolves, never after.
    await Promise.all([...this.stores.values()].map((store) => store.settled()));
  }

  private track(saving: Promise<unknown>): void {
    this.saving.add(saving);
    void saving.finally(() => this.saving.delete(saving));
  }

  /**
   * A crashed sandbox could not hand over its restore-state, but the host saw
   * every state it reported: fold those into the group's restore blob, which the
   * respawned sandbox warm-loads, so entities come back as they were.
   */
  private async keepLastStates(group: string, bridge: SandboxBridge): Promise<void> {
    const kept: [string, unknown][] = [];
    for (const proxy of bridge.proxies) {
      const last = proxy.lastKnown();
      if (last.state !== 'unavailable' && last.state !== 'unknown') kept.push([proxy.sandboxEntityId, last]);
    }
    // fromEntries: a sandbox entity id is data, even one spelt `__proto__`.
    const states = Object.fromEntries(kept);
    // Queued now, before the next generation (a warm spare claimed within milliseconds) can ask for it.
    try {
      await this.storeFor(group).mergeRestoreState(states);
    } catch (error) {
      this.logger('warn', `last states not kept: ${(error as Error).message}`, { group });
    }
  }

  /** A new process of `group` was launched: mirror its channel before any frame arrives. */
  private attach(group: string, channel: Channel): void {
    const previous = this.bridges.get(group);
    // Two launches without a ready between them: the older displaced bridge goes now.
    if (previous) {
      this.displaced.get(group)?.teardown();
      this.displaced.set(group, previous);
    }
    const hub = this.hub();
    this.bridges.set(
      group,
      new SandboxBridge(group, channel, {
        entries: hub.entries,
        platform: hub.platform,
        entities: hub.entities,
        devices: hub.devices,
        services: hub.services,
        bus: hub.bus,
        store: this.storeFor(group),
        policy: this.options.bridge,
        caps: this.options.caps,
        logger: this.logger,
      }),
    );
  }

  /** Ready after a respawn: release what the crashed process left, and set its entries up again. */
  private onReady(group: string): void {
    const displaced = this.displaced.get(group);
    this.displaced.delete(group);
    displaced?.teardown();
    const { entries } = this.hub();
    for (const entry of entries.list()) {
      if (entry.sandbox !== group) continue;
      const state = entries.state(entry.entryId);
      if (state === 'setup_retry') entries.retryNow(entry.entryId);
      else if (displaced && state === 'loaded') void entries.reload(entry.entryId);
    }
  }

  private storeFor(group: string): StoreServer {
    let store = this.stores.get(group);
    if (!store) {
      store = new StoreServer({ configDir: this.options.configDir, group, logger: this.logger });
      this.stores.set(group, store);
    }
    return store;
  }

  private sourceOf(domain: string) {
    const integration = this.hub().catalog.get(domain);
    if (!integration) throw new UnknownIntegrationError(domain);
    // Built-in, directory and tarball sources alike are a directory on this machine: the host
    // verified and unpacked a tarball itself, so a sandbox never sees its bytes.
    const kind = integration.builtIn ? Kind.BUILT_IN : Kind.DIRECTORY;
    return { kind, domain, path: integration.dir };
  }

  /**
   * What a sandbox of `group` may read under the permission model: the code of the
   * integrations that run in it, the SDK and its libraries — nothing else (without a
   * group: every integration's code). Why per group: otherwise a sandbox could read the
   * code, and whatever ships with it, of every integration the host knows. A tarball
   * integration gets its own private directory, never the directory every tarball is
   * unpacked under.
   */
  readPaths(group?: string): string[] {
    return [
      ...this.integrationDirs(group).map((dir) => join(dir, '*')),
      join(packageRoot, 'dist', '*'),
      join(packageRoot, 'node_modules', '*'),
      join(packageRoot, 'package.json'),
    ];
  }

  /** The code directories of the integrations that run in `group` (without a group: all of them). */
  integrationDirs(group?: string): string[] {
    return this.integrationsIn(group).map((integration) => integration.tarball?.root ?? integration.dir);
  }

  /** A group keeps the network unless every integration in it says it needs none (`"network": false`). */
  network(group: string): boolean {
    const integrations = this.integrationsIn(group);
    return (
      integrations.length === 0 || integrations.some((integration) => integration.manifest.network !== false)
    );
  }

  /** The integrations that run in `group` (without a group: all of them). */
  private integrationsIn(group?: string) {
    const { catalog, entries } = this.hub();
    // A domain runs where its new flows are routed, and wherever an entry of it was routed before.
    const routed = new Set(entries.list().map((entry) => `${entry.sandbox} ${entry.domain}`));
    return catalog.domains().flatMap((domain) => {
      const integration = catalog.get(domain);
      if (!integration) return [];
      const runsHere =
        group === undefined ||
        this.groupFor(integration.manifest, integration.builtIn) === group ||
        routed.has(`${group} ${domain}`);
      return runsHere ? [integration] : [];
    });
  }

  /**
   * What a warm spare of `group` imports while it waits: the group's integrations that
   * have entries, from the directory `sourceOf` sends, so setup finds them in the module cache.
   */
  private preload(group: string): string[] {
    const { catalog, entries } = this.hub();
    const domains = new Set(
      entries.list().flatMap((entry) => (entry.sandbox === group ? [entry.domain] : [])),
    );
    return [...domains].flatMap((domain) => {
      const integration = catalog.get(domain);
      return integration ? [integration.dir] : [];
    });
  }

  private hostConfig(): HostConfigData {
    const config = this.hub().hostConfig;
    return { ...config, country: config.country ?? '' };
  }
}
