/**
 * One sandboxed entity as the hub sees it: an `SdkEntity` whose identity and
 * state are the last the sandbox reported, and whose services and queries go
 * back over the channel. The entity platform places it like any in-process
 * entity — same registry key (entity domain, integration domain, the
 * integration's own unique id), so the same entity id.
 *
 * Kept small (a hub may mirror tens of thousands): plain fields, no closures;
 * what every proxy of a group shares lives in one `ProxyRemote`.
 */
import { ProtocolError } from '../errors.js';
import { createContext } from '../host/context.js';
import type { PlatformSink, ServiceBatch, VersionedReport } from '../host/entity-platform.js';
import { MAX_STATE_LENGTH } from '../host/state-store.js';
import { type Context, type HostClock, STATE_UNAVAILABLE, STATE_UNKNOWN } from '../host/types.js';
import { domainSpec } from '../sdk/domains/index.js';
import type { EntityIdentity, EntityStateReport, SdkEntity } from '../sdk/types.js';
import type { Channel } from '../wire/channel.js';
import { decodeJson, encodeJson } from '../wire/json.js';
import { applyAttributes, entityTargetToWire } from '../wire/messages.js';
import type { Received } from '../wire/protocol.js';
import type { ContextCache } from './context-cache.js';

export type WireStateUpdate = Received<'state_changed'>['updates'][number];

/** What every proxy of one group shares: the channel, the context cache, the current call's context. */
export interface ProxyRemote {
  readonly channel: Channel;
  readonly contexts: ContextCache;
  readonly clock: HostClock;
  /** The context of the hub service call running right now for `domain.service`, if there is one. */
  callContext(domain: string, service: string): Context | undefined;
  /**
   * Apply every state update the sandbox sent before its answer: a call's effects are in
   * the hub when the call resolves, even when a large frame is applied in slices.
   */
  settleStates(): void;
}

export class EntityProxy implements SdkEntity, VersionedReport {
  /** The sandbox keeps and restores its entities' state itself. */
  readonly restoreState = false;
  #identity: EntityIdentity;
  #descriptionHash: string;
  #state: string;
  #attributes: Record<string, unknown>;
  #capabilities: Record<string, unknown>;
  #available = true;
  /** The number the sandbox's state updates name this entity by (0: none); the mirror keeps it. */
  handle = 0;
  /** Bumped whenever identity, capabilities, attributes or availability change: see `VersionedReport`. */
  #reportVersion = 0;
  #sink: PlatformSink | null = null;

  constructor(
    private readonly remote: ProxyRemote,
    readonly entryId: string,
    /** The sandbox's own, opaque name for the entity; the key of every message about it. */
    readonly sandboxEntityId: string,
    readonly platform: string,
    readonly uniqueId: string,
    identity: EntityIdentity,
    report: EntityStateReport,
    descriptionHash: string,
    /** The entity's own object-id suggestion, so its entity_id is the one it has in-process. */
    readonly suggestedObjectId?: string,
  ) {
    this.#identity = identity;
    this.#descriptionHash = descriptionHash;
    this.#state = report.state;
    this.#attributes = report.attributes;
    this.#capabilities = report.capabilities;
  }

  get descriptionHash(): string {
    return this.#descriptionHash;
  }

  get available(): boolean {
    return this.#available;
  }

  get reportVersion(): number {
    return this.#reportVersion;
  }

  /** Whether the platform placed it (a disabled entity is registered but not placed). */
  get attached(): boolean {
    return this.#sink !== null;
  }

  identity(): EntityIdentity {
    return this.#identity;
  }

  report(): EntityStateReport {
    // Never serve stale state: an entity whose sandbox is gone is unavailable, as an SDK entity is.
    if (!this.#available)
      return { state: STATE_UNAVAILABLE, attributes: {}, capabilities: this.#capabilities };
    return { state: this.#state, attributes: this.#attributes, capabilities: this.#capabilities };
  }

  attach(sink: PlatformSink): void {
    this.#sink = sink;
  }

  detach(): void {
    this.#sink = null;
  }

  /** The last state the sandbox reported, whether or not it is still available. */
  lastKnown(): { state: string; attributes: Record<string, unknown> } {
    return { state: this.#state, attributes: { ...this.#capabilities, ...this.#attributes } };
  }

  /** Mark reachable or not; the hub's state follows at once, written with `context` when given. */
  setAvailable(available: boolean, context?: Context): void {
    if (this.#available === available) return;
    this.#available = available;
    this.#reportVersion++;
    this.#sink?.stateChanged(this, context);
  }

  /** A re-registration with a changed description: new identity and initial state. */
  redescribe(identity: EntityIdentity, report: EntityStateReport, descriptionHash: string): void {
    this.#identity = identity;
    this.#descriptionHash = descriptionHash;
    this.#state = report.state;
    this.#attributes = report.attributes;
    this.#capabilities = report.capabilities;
    this.#available = true;
    this.#reportVersion++;
    this.#sink?.identityChanged(this);
  }

  /** The attributes and capabilities as reported, whether or not the entity is available. */
  get reported(): {
    readonly attributes: Record<string, unknown>;
    readonly capabilities: Record<string, unknown>;
  } {
    return { attributes: this.#attributes, capabilities: this.#capabilities };
  }

  /** The attributes `update` would leave (the same object when it changes none); changes nothing. */
  nextAttributes(update: WireStateUpdate): Record<string, unknown> {
    return applyAttributes(this.#attributes, update);
  }

  /**
   * Apply one state update from the wire (full attributes or a delta); throws before
   * changing anything. The hub's state is written with `context` (the frame's) when given.
   * `attributes`, when given, is what `nextAttributes(update)` returned.
   */
  update(update: WireStateUpdate, context?: Context, attributes = this.nextAttributes(update)): void {
    const state = update.state || STATE_UNKNOWN;
    if (state.length > MAX_STATE_LENGTH) {
      throw new ProtocolError(
        `state of ${this.sandboxEntityId} is ${state.length} characters (at most ${MAX_STATE_LENGTH})`,
      );
    }
    // An unchanged attribute set comes back as the same object.
    if (attributes !== this.#attributes || !this.#available) this.#reportVersion++;
    this.#state = state;
    this.#attributes = attributes;
    this.#available = true;
    this.#sink?.stateChanged(this, context);
  }

  /** Run one of the entity domain's services in the sandbox, with the calling context remembered. */
  async handleService(service: string, data: Record<string, unknown>, context?: Context): Promise<unknown> {
    const [answer] = await callOnSandbox(this.remote, this.platform, [this], service, data, context);
    return answer;
  }

  /** Calls on several proxies of this sandbox travel as one `call_service`. */
  get serviceBatch(): ServiceBatch {
    let batch = batches.get(this.remote);
    if (!batch) {
      const remote = this.remote;
      batch = {
        run: (entities, service, data) => {
          const proxies = entities as readonly EntityProxy[];
          return callOnSandbox(remote, proxies[0]?.platform ?? '', proxies, service, data);
        },
      };
      batches.set(this.remote, batch);
    }
    return batch;
  }

  /** Ask the sandbox's entity (`get_forecasts`, `get_events`, `browse_media`, ...). */
  async query(method: string, args: Record<string, unknown>): Promise<unknown> {
    const result = await this.remote.channel.call('entity_query', {
      sandboxEntityId: this.sandboxEntityId,
      method,
      args: encodeJson(args),
    });
    this.remote.settleStates();
    return decodeRemote(result.value, `the answer to ${method}`) ?? null;
  }
}

/** JSON from the sandbox; malformed JSON is the sandbox's fault and said so. */
const batches = new WeakMap<ProxyRemote, ServiceBatch>();

/** One `call_service` for `proxies` (same sandbox, same domain); each proxy's own answer, in order. */
async function callOnSandbox(
  remote: ProxyRemote,
  platform: string,
  proxies: readonly EntityProxy[],
  service: string,
  data: Record<string, unknown>,
  context?: Context,
): Promise<unknown[]> {
  const cause = context ?? remote.callContext(platform, service) ?? createContext({}, remote.clock);
  const supports = domainSpec(platform)?.services[service]?.supportsResponse ?? 'none';
  const result = await remote.channel.call('call_service', {
    domain: platform,
    service,
    target: entityTargetToWire(proxies.map((proxy) => proxy.sandboxEntityId)),
    data: encodeJson(data),
    returnResponse: supports !== 'none',
    contextId: remote.contexts.remember(cause),
  });
  remote.settleStates();
  // Entity services answer per entity, keyed by sandbox entity id.
  const answers = decodeRemote(result.response, `the response of ${platform}.${service}`);
  const byId = answers && typeof answers === 'object' ? (answers as Record<string, unknown>) : {};
  return proxies.map((proxy) => byId[proxy.sandboxEntityId]);
}

export function decodeRemote(bytes: Uint8Array | null | undefined, what: string): unknown {
  try {
    return decodeJson(bytes);
  } catch (error) {
    throw new ProtocolError(`the sandbox sent ${what} as malformed JSON: ${(error as Error).message}`);
  }
}
