/**
 * The host-side mirror of one sandbox group over its channel. What the sandbox
 * does — registering entities, reporting state, registering services, firing
 * events, storing data — lands in the hub's own registries, but only past the
 * trust gates of `gates.ts`, evaluated against host-side state. A forged push
 * is dropped, a forged call answered with an error; neither disturbs the hub.
 * How much the group can make the host keep is capped (`SandboxCapsPolicy`):
 * entities, attribute bytes, services, and the rate of its events.
 *
 * Lifecycle: `markUnavailable()` when the channel closes (done on its own, too),
 * `unloadEntry()` to release one entry host-side whether or not the sandbox is
 * reachable, and `teardown()` when a respawned sandbox's bridge replaces this
 * one — it must run before the replacement sets the group's entries up again.
 */
import type { ConfigEntries } from '../host/config-entries.js';
import type { DeviceRegistry } from '../host/device-registry.js';
import type { EntityPlatform } from '../host/entity-platform.js';
import type { EntityRegistry } from '../host/entity-registry.js';
import type { EventBus, Unsubscribe } from '../host/event-bus.js';
import type { ServiceRegistry } from '../host/service-registry.js';
import { type Context, type HostClock, systemClock } from '../host/types.js';
import { type Logger, silentLogger } from '../logger.js';
import {
  type BridgePolicy,
  defaultBridgePolicy,
  defaultSandboxCapsPolicy,
  type SandboxCapsPolicy,
} from '../policy.js';
import type { Channel } from '../wire/channel.js';
import { decodeJson } from '../wire/json.js';
import type { Received } from '../wire/protocol.js';
import { type CapCounts, CapLog } from './cap-log.js';
import { ContextCache } from './context-cache.js';
import { EntityMirror, entryStateOf } from './entity-mirror.js';
import type { EntityProxy } from './entity-proxy.js';
import {
  type EventBucket,
  eventWithinRate,
  fullEventBucket,
  isEventAllowed,
  ownedDomains,
  ownsEntry,
} from './gates.js';
import { RemoteServices } from './remote-services.js';
import type { StoreServer } from './store-server.js';
import { SandboxTranslations } from './translation-provider.js';

export interface BridgeDeps {
  readonly entries: ConfigEntries;
  readonly platform: EntityPlatform;
  readonly entities: EntityRegistry;
  readonly devices: DeviceRegistry;
  readonly services: ServiceRegistry;
  readonly bus: EventBus;
  /** The group's store server; it outlives bridges, so one per group. */
  readonly store: StoreServer;
  readonly clock?: HostClock;
  readonly policy?: Partial<BridgePolicy>;
  /** What the group can make the host keep; unset fields keep `defaultSandboxCapsPolicy`. */
  readonly caps?: Partial<SandboxCapsPolicy>;
  readonly logger?: Logger;
}

/** Entry states in which an entry still holds its domain's services. */
const LIVE_ENTRY_STATES = new Set(['loaded', 'setup_in_progress', 'setup_retry']);

export class SandboxBridge {
  readonly contexts: ContextCache;
  /** The group's UI strings, for the hub's translations. */
  readonly translations: SandboxTranslations;
  readonly #deps: BridgeDeps;
  readonly #logger: Logger;
  readonly #entities: EntityMirror;
  readonly #services: RemoteServices;
  readonly #unlisten: Unsubscribe;
  readonly #unlistenEntries: Unsubscribe;
  readonly #caps: SandboxCapsPolicy;
  readonly #capLog: CapLog;
  readonly #clock: HostClock;
  #events: EventBucket;
  #lastCall: { domain: string; service: string; context: Context } | undefined;
  #tornDown = false;

  constructor(
    readonly group: string,
    readonly channel: Channel,
    deps: BridgeDeps,
  ) {
    this.#deps = deps;
    const policy = { ...defaultBridgePolicy, ...deps.policy };
    const clock = deps.clock ?? systemClock;
    const logger = deps.logger ?? silentLogger;
    this.#logger = (level, message, fields) => logger(level, message, { group, ...fields });
    this.#caps = { ...defaultSandboxCapsPolicy, ...deps.caps };
    this.#capLog = new CapLog(this.#logger, clock, this.#caps.logIntervalMs);
    this.#clock = clock;
    this.#events = fullEventBucket(clock.now(), this.#caps);
    this.contexts = new ContextCache(policy, clock);
    this.#entities = new EntityMirror({
      group,
      entries: deps.entries,
      platform: deps.platform,
      entities: deps.entities,
      devices: deps.devices,
      logger: this.#logger,
      caps: this.#caps,
      capLog: this.#capLog,
      remote: {
        channel,
        contexts: this.contexts,
        clock,
        callContext: (domain, service) => {
          const call = this.#lastCall;
          return call && call.domain === domain && call.service === service ? call.context : undefined;
        },
        settleStates: () => this.#entities.settleStates(),
      },
    });
    this.#services = new RemoteServices({
      group,
      channel,
      services: deps.services,
      contexts: this.contexts,
      owned: () => this.ownedDomains(),
      logger: this.#logger,
      settleStates: () => this.#entities.settleStates(),
      caps: this.#caps,
      capLog: this.#capLog,
    });
    this.translations = new SandboxTranslations({
      channel,
      domains: () => ownedDomains(group, deps.entries.list(), []),
      timeoutMs: policy.translationTimeoutMs,
      logger: this.#logger,
    });
    this.#unlistenEntries = deps.bus.listen('config_entry_state_changed', ({ data }) => {
      if (data.state === 'loaded') this.#entities.entryLoaded(data.entryId);
    });
    // A service call reaches its entities in the same turn it is announced: keep its context for them.
    this.#unlisten = deps.bus.listen('call_service', (event) => {
      const call = { domain: event.data.domain, service: event.data.service, context: event.context };
      this.#lastCall = call;
      queueMicrotask(() => {
        if (this.#lastCall === call) this.#lastCall = undefined;
      });
    });

    const live = () => !this.#tornDown;
    this.#entities.attach(channel, live);
    this.#services.attach(live);
    // Inline, like state updates: events and state changes apply in wire order.
    channel.register('fire_event', (request) => this.#fireEvent(request), { inline: true });
    deps.store.attach(channel);
    void channel.closed.then(() => this.markUnavailable());
  }

  /** The proxy of a sandbox entity id. */
  proxy(sandboxEntityId: string): EntityProxy | undefined {
    return this.#entities.proxy(sandboxEntityId);
  }

  /** Every proxy this bridge holds. */
  get proxies(): EntityProxy[] {
    return this.#entities.proxies;
  }

  /** `domain.service` of the services the group registered. */
  get serviceNames(): string[] {
    return this.#services.names;
  }

  /** What the caps held back from this group so far: events shed, updates dropped, calls refused. */
  get capCounts(): Readonly<CapCounts> {
    return { ...this.#capLog.counts };
  }

  /** Encoded-JSON bytes of the attributes and capabilities the host keeps for the group's entities. */
  get attributeBytes(): number {
    return this.#entities.attributeBytes;
  }

  /** Domains the group owns: its entries' domains plus its proxies' entity domains. */
  ownedDomains(): Set<string> {
    return ownedDomains(this.group, this.#deps.entries.list(), this.#entities.platforms());
  }

  /** The sandbox is gone: every proxy reports `unavailable` until it registers or reports again. */
  markUnavailable(): void {
    this.#entities.markUnavailable();
  }

  /** Release an entry host-side — proxies, platform slots, services no longer owned — reachable or not. */
  unloadEntry(entryId: string): void {
    this.#entities.releaseEntry(entryId);
    const keep = new Set(this.#entities.platforms());
    for (const other of this.#deps.entries.list()) {
      const live = LIVE_ENTRY_STATES.has(entryStateOf(this.#deps.entries, other.entryId));
      if (other.entryId !== entryId && ownsEntry(other, this.group) && live) keep.add(other.domain);
    }
    this.#services.releaseExcept(keep);
    const entry = this.#deps.entries.get(entryId);
    if (entry) this.translations.invalidate(entry.domain);
  }

  /** Release everything this bridge placed; later frames on its channel are refused. */
  teardown(): void {
    if (this.#tornDown) return;
    this.#tornDown = true;
    this.#unlisten();
    this.#unlistenEntries();
    this.#entities.releaseAll();
    this.#services.releaseAll();
    this.translations.invalidate();
  }

  #fireEvent({ eventType, data, contextId }: Received<'fire_event'>): void {
    if (this.#tornDown) return;
    // First, before any decoding: a flood costs the host one bucket update per frame.
    const rate = eventWithinRate(this.#events, this.#clock.now(), this.#caps);
    this.#events = rate.bucket;
    if (!rate.allowed) {
      this.#capLog.counts.eventsShed++;
      this.#capLog.warn(
        'eventWithinRate',
        `events past ${this.#caps.eventsPerSecond}/s (burst ${this.#caps.eventBurst}) shed, "${eventType}" among them (eventsPerSecond); ${this.#capLog.counts.eventsShed} shed so far`,
      );
      return;
    }
    if (!isEventAllowed(eventType, this.ownedDomains())) {
      this.#logger(
        'warn',
        `forged event "${eventType}" dropped: not in a domain the group owns, or a core event`,
      );
      return;
    }
    let payload: unknown;
    try {
      payload = decodeJson(data) ?? {};
    } catch {
      payload = undefined;
    }
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
      this.#logger('warn', `event "${eventType}" dropped: its data is not a JSON object`);
      return;
    }
    try {
      this.#deps.bus.fire(eventType, payload as Record<string, unknown>, {
        context: this.contexts.resolve(contextId),
        origin: 'remote',
      });
    } catch (error) {
      this.#logger('warn', `event "${eventType}" dropped: ${(error as Error).message}`);
    }
  }
}
