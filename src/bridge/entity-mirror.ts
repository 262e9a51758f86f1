/**
 * The sandbox's entities on the hub: one `EntityProxy` per registered entity,
 * placed by the entity platform like an in-process entity. Registration is an
 * upsert guarded by the description hash and passes the entity gates (entry
 * ownership, foreign device merge, foreign registry entry); state updates apply
 * in wire order. What the group makes the host keep is capped from the mirror's
 * own counts: entities, and the encoded-JSON bytes of each entity's attributes
 * and capabilities, per entity and for the group; a registration past a cap is
 * refused with `cap_exceeded`, a state update past one is dropped and counted.
 *
 * Contexts: every state a `state_changed` frame changes is written with one fresh host
 * context, minted for that frame — a frame is one tick of the sandbox's changes, so its
 * states share a cause as an in-process tick's would, and each state still has a context
 * the host made. The sandbox's own context ids never become a state's context. Marking
 * a group unavailable likewise gives every state it changes one shared context.
 */
import { CapExceededError, ChannelClosedError, GateRefusedError, ValidationError } from '../errors.js';
import type { ConfigEntries, ConfigEntryRecord } from '../host/config-entries.js';
import { createContext } from '../host/context.js';
import type { DeviceRegistry } from '../host/device-registry.js';
import type { EntityPlatform } from '../host/entity-platform.js';
import type { EntityRegistry } from '../host/entity-registry.js';
import type { Context } from '../host/types.js';
import type { Logger } from '../logger.js';
import { defaultChannelPolicy, type SandboxCapsPolicy } from '../policy.js';
import { isEntityDomain } from '../sdk/domains/index.js';
import type { EntityIdentity, EntityStateReport } from '../sdk/types.js';
import { type Channel, toWireError } from '../wire/channel.js';
import { descriptionHash, errorToMessage, identityFromWire, reportFromWire } from '../wire/messages.js';
import type { Received, ResultOf } from '../wire/protocol.js';
import { type AttributeBytes, AttributeLedger, jsonBytes } from './attribute-ledger.js';
import type { CapLog } from './cap-log.js';
import { EntityProxy, type ProxyRemote } from './entity-proxy.js';
import {
  entityCapReached,
  entryAcceptsEntities,
  ownsEntry,
  refusesForeignDeviceMerge,
  refusesForeignEntityClaim,
} from './gates.js';

export interface EntityMirrorDeps {
  readonly group: string;
  readonly entries: ConfigEntries;
  readonly platform: EntityPlatform;
  readonly entities: EntityRegistry;
  readonly devices: DeviceRegistry;
  readonly remote: ProxyRemote;
  readonly logger: Logger;
  readonly caps: SandboxCapsPolicy;
  readonly capLog: CapLog;
}

/** An entry's lifecycle state; `not_loaded` for an entry the host no longer knows. */
export function entryStateOf(entries: ConfigEntries, entryId: string): string {
  try {
    return entries.state(entryId);
  } catch {
    return 'not_loaded';
  }
}

/** `state_changed` frames held for later turns at most, before the next is applied at once. */
const MAX_PENDING_STATE_FRAMES = 4;

/** A `state_changed` frame not yet applied in full. */
interface PendingStates {
  readonly updates: Received<'state_changed'>['updates'];
  next: number;
  readonly contextId: string;
  /** The frame's fresh context, made at its first update that names none. */
  fresh: Context | undefined;
}

export class EntityMirror {
  /** `state_changed` frames in wire order, the first maybe partly applied. */
  #pendingStates: PendingStates[] = [];
  #statesScheduled = false;
  readonly #proxies = new Map<string, EntityProxy>();
  /** The same proxies by the handle their registration gave them, as state updates name them. */
  readonly #byHandle = new Map<number, EntityProxy>();
  /** Entity domain -> proxies of it: the proxy platforms the group owns. */
  readonly #platforms = new Map<string, number>();
  /** Unregistered while their entry was not loaded: removed once it loads, released if it does not. */
  readonly #retired = new Set<EntityProxy>();
  /** Encoded-JSON bytes of each proxy's attributes and capabilities, and their sum. */
  readonly #bytes: AttributeLedger<EntityProxy>;

  constructor(private readonly deps: EntityMirrorDeps) {
    this.#bytes = new AttributeLedger(deps.group, deps.caps);
  }

  get proxies(): EntityProxy[] {
    return [...this.#proxies.values()];
  }

  proxy(sandboxEntityId: string): EntityProxy | undefined {
    return this.#proxies.get(sandboxEntityId);
  }

  /** Encoded-JSON bytes of the attributes and capabilities of every proxy, as the group caps count them. */
  get attributeBytes(): number {
    return this.#bytes.total;
  }

  /** Entity domains the group has proxies of. */
  platforms(): IterableIterator<string> {
    return this.#platforms.keys();
  }

  /**
   * Handle `register_entity` and `register_entities`, `unregister_entity` and (inline, in
   * wire order) `state_changed`.
   */
  attach(channel: Channel, live: () => boolean): void {
    const assertLive = () => {
      if (!live()) throw new ChannelClosedError(`sandbox bridge "${this.deps.group}" was torn down`);
    };
    channel.register('register_entity', (request) => {
      assertLive();
      return this.#register(request);
    });
    // Each description is judged alone, as its own `register_entity` would be. A large batch
    // is started in slices of the channel's turn budget, so one group's thousands of
    // registrations never hold the host's loop for everyone else.
    channel.register('register_entities', async ({ descriptions }) => {
      assertLive();
      const settled: PromiseSettledResult<ResultOf<'register_entity'>>[] = [];
      let next = 0;
      while (next < descriptions.length) {
        if (next > 0) {
          await new Promise((resolve) => setImmediate(resolve));
          assertLive();
        }
        // A slice's registrations start together, as a small batch's all do: they come back
        // (or appear) together.
        const sliceStartedAt = performance.now();
        const slice: Promise<ResultOf<'register_entity'>>[] = [];
        do slice.push(this.#register({ description: descriptions[next++]! }));
        while (
          next < descriptions.length &&
          performance.now() - sliceStartedAt <= defaultChannelPolicy.inboundTurnBudgetMs
        );
        settled.push(...(await Promise.allSettled(slice)));
      }
      return {
        outcomes: settled.map((outcome) =>
          outcome.status === 'fulfilled'
            ? outcome.value
            : { entityId: '', error: errorToMessage(toWireError(outcome.reason)) },
        ),
      };
    });
    channel.register('unregister_entity', ({ sandboxEntityId }) => {
      assertLive();
      this.#unregister(sandboxEntityId);
      return {};
    });
    channel.register('state_changed', (request) => (live() ? this.#stateChanged(request) : undefined), {
      inline: true,
    });
  }

  /** The entry finished setting up: entities the integration removed meanwhile go for good now. */
  entryLoaded(entryId: string): void {
    for (const proxy of [...this.#retired]) if (proxy.entryId === entryId) this.#remove(proxy);
  }

  /** Apply every state update received so far, whatever the turn budget. */
  settleStates(): void {
    this.#applyStates(Number.POSITIVE_INFINITY);
  }

  markUnavailable(): void {
    this.#applyStates(Number.POSITIVE_INFINITY);
    let context: Context | undefined;
    for (const proxy of this.#proxies.values()) {
      if (!proxy.available) continue;
      context ??= createContext({}, this.deps.remote.clock);
      proxy.setAvailable(false, context);
    }
  }

  /** Release an entry's proxies and platform slots; registry entries stay, states turn unavailable. */
  releaseEntry(entryId: string): void {
    for (const proxy of [...this.#proxies.values()]) if (proxy.entryId === entryId) this.#untrack(proxy);
    this.deps.platform.unloadEntry(entryId);
  }

  /** Release every proxy and the platform slots of every entry they belong to. */
  releaseAll(): void {
    this.#pendingStates = [];
    const entryIds = new Set([...this.#proxies.values()].map((proxy) => proxy.entryId));
    this.#proxies.clear();
    this.#byHandle.clear();
    this.#platforms.clear();
    this.#retired.clear();
    this.#bytes.clear();
    for (const entryId of entryIds) this.deps.platform.unloadEntry(entryId);
  }

  #groupEntryIds(): Set<string> {
    const ids = new Set<string>();
    for (const entry of this.deps.entries.list())
      if (ownsEntry(entry, this.deps.group)) ids.add(entry.entryId);
    return ids;
  }

  async #register({
    description,
  }: Pick<Received<'register_entity'>, 'description'>): Promise<ResultOf<'register_entity'>> {
    // Updates that came before this registration are applied before it.
    this.#applyStates(Number.POSITIVE_INFINITY);
    const { group, entries, entities, devices } = this.deps;
    const entryId = description?.entryId ?? '';
    const domain = description?.domain ?? '';
    const sandboxEntityId = description?.sandboxEntityId ?? '';
    const uniqueId = description?.uniqueId ?? '';
    const entry = entries.get(entryId);
    if (!ownsEntry(entry, group)) {
      throw new GateRefusedError(
        'ownsEntry',
        `config entry "${entryId}" does not run in sandbox group "${group}"; entities may be registered only for the group's own entries`,
      );
    }
    const entryState = entryStateOf(entries, entryId);
    if (!entryAcceptsEntities(entryState)) {
      throw new GateRefusedError(
        'entryAcceptsEntities',
        `config entry "${entryId}" is ${entryState}; entities may be registered only while it sets up or is loaded`,
      );
    }
    if (!isEntityDomain(domain)) {
      throw new ValidationError(`cannot register "${sandboxEntityId}": "${domain}" is not an entity domain`, [
        { message: 'not an entity domain', path: ['description', 'domain'] },
      ]);
    }
    if (!sandboxEntityId || !uniqueId) {
      throw new ValidationError('an entity needs a sandbox entity id and a unique id', [
        { message: 'required', path: ['description', sandboxEntityId ? 'unique_id' : 'sandbox_entity_id'] },
      ]);
    }
    const identity = identityFromWire(description?.identity);
    const report = reportFromWire(description?.initialState);
    const hash = description?.descriptionHash || descriptionHash(identity, report.capabilities);
    const groupEntries = this.#groupEntryIds();
    // Only the devices this one would merge with can refuse it: looked up by index, not scanned.
    const candidates = identity.deviceInfo
      ? devices.matching(identity.deviceInfo.identifiers ?? [], identity.deviceInfo.connections ?? [])
      : [];
    if (identity.deviceInfo && refusesForeignDeviceMerge(candidates, identity.deviceInfo, groupEntries)) {
      throw new GateRefusedError(
        'refusesForeignDeviceMerge',
        `the device of "${sandboxEntityId}" shares identifiers or connections with a device of an integration outside sandbox group "${group}"; it is refused, not merged`,
      );
    }
    const registered = entities.entityIdFor(domain, entry.domain, uniqueId);
    if (refusesForeignEntityClaim(registered ? entities.get(registered) : undefined, groupEntries)) {
      throw new GateRefusedError(
        'refusesForeignEntityClaim',
        `${registered} belongs to a config entry outside sandbox group "${group}"; it cannot be claimed`,
      );
    }

    const handle = description?.handle ?? 0;
    const existing = this.#proxies.get(sandboxEntityId);
    if (existing && registered !== undefined && isSame(existing, entryId, domain, uniqueId)) {
      // Upsert: an unchanged description changes nothing; a changed one updates the proxy in place.
      const changed = existing.descriptionHash !== hash || !existing.available;
      const bytes = changed ? this.#admitReport(sandboxEntityId, report, existing) : undefined;
      this.#retired.delete(existing);
      this.#setHandle(existing, handle);
      if (bytes) {
        this.#redescribe(existing, entry, registered, identity, report, hash);
        this.#bytes.set(existing, bytes);
      }
      return { entityId: registered };
    }
    // A registration under an id the group already holds replaces that entity: no more are kept.
    if (!existing && entityCapReached(this.#proxies.size, this.deps.caps)) {
      throw this.deps.capLog.refused(
        new CapExceededError(
          'entityCapReached',
          this.deps.caps.maxEntitiesPerGroup,
          `sandbox group "${group}" already holds ${this.#proxies.size} entities, its cap (maxEntitiesPerGroup); "${sandboxEntityId}" is refused — unregister entities it no longer needs`,
        ),
      );
    }
    const bytes = this.#admitReport(sandboxEntityId, report, existing);
    if (existing) this.#remove(existing);
    const proxy = new EntityProxy(
      this.deps.remote,
      entryId,
      sandboxEntityId,
      domain,
      uniqueId,
      identity,
      report,
      hash,
      description?.suggestedObjectId || undefined,
    );
    this.#track(proxy);
    this.#bytes.set(proxy, bytes);
    this.#setHandle(proxy, handle);
    try {
      const [entityId] = await this.deps.platform.add(entry.entryId, entry.domain, [proxy], {
        disableNew: entry.prefDisableNewEntities,
      });
      return { entityId: entityId ?? '' };
    } catch (error) {
      this.#untrack(proxy);
      throw error;
    }
  }

  #redescribe(
    proxy: EntityProxy,
    entry: ConfigEntryRecord,
    entityId: string,
    identity: EntityIdentity,
    report: EntityStateReport,
    hash: string,
  ): void {
    const { devices, entities } = this.deps;
    if (identity.deviceInfo) {
      const device = devices.getOrCreate({ configEntryId: entry.entryId, ...identity.deviceInfo });
      if (entities.get(entityId)?.deviceId !== device.id) entities.update(entityId, { deviceId: device.id });
    }
    proxy.redescribe(identity, report, hash);
  }

  #unregister(sandboxEntityId: string): void {
    this.#applyStates(Number.POSITIVE_INFINITY);
    const proxy = this.#proxies.get(sandboxEntityId);
    if (!proxy) return;
    if (entryStateOf(this.deps.entries, proxy.entryId) === 'loaded') {
      // The integration no longer has the entity: as an in-process `removeEntity`.
      this.#remove(proxy);
    } else {
      // Mid-setup or unload: removed if the entry loads; a failed setup's release keeps the registry entry.
      this.#retired.add(proxy);
      proxy.setAvailable(false);
    }
  }

  /** Remove one proxy for good: platform slot, state and registry entry. */
  #remove(proxy: EntityProxy): void {
    this.#untrack(proxy);
    const entry = this.deps.entries.get(proxy.entryId);
    if (entry) this.deps.platform.removeEntity(proxy.entryId, entry.domain, proxy.platform, proxy.uniqueId);
  }

  /**
   * Apply a `state_changed` frame. Its updates go after any still pending, within the
   * turn budget; the rest are applied in the next turns, so one group's frame of ten
   * thousand updates never holds the host's loop. Everything else the group sends waits
   * for them (`#applyStates(Infinity)` first), so wire order holds.
   */
  #stateChanged({ updates, contextId }: Received<'state_changed'>): void {
    this.#pendingStates.push({ updates, next: 0, contextId, fresh: undefined });
    // A group that sends faster than its updates apply is not buffered for: past a few
    // frames behind, its frames are applied whole again, and its pipe waits meanwhile.
    const behind = this.#pendingStates.length > MAX_PENDING_STATE_FRAMES;
    this.#applyStates(behind ? Number.POSITIVE_INFINITY : defaultChannelPolicy.inboundTurnBudgetMs);
  }

  #applyStates(budgetMs: number): void {
    const startedAt = performance.now();
    let applied = 0;
    while (this.#pendingStates.length > 0) {
      const frame = this.#pendingStates[0]!;
      while (frame.next < frame.updates.length) {
        // The clock is read every 64 updates: reading it per update would cost more than most.
        if (++applied % 64 === 0 && performance.now() - startedAt > budgetMs) {
          if (!this.#statesScheduled) {
            this.#statesScheduled = true;
            setImmediate(() => {
              this.#statesScheduled = false;
              this.#applyStates(defaultChannelPolicy.inboundTurnBudgetMs);
            });
          }
          return;
        }
        this.#applyUpdate(frame, frame.updates[frame.next++]!);
      }
      this.#pendingStates.shift();
    }
  }

  #applyUpdate(frame: PendingStates, update: PendingStates['updates'][number]): void {
    // Unknown ids and handles are ignored: an update may race an unregistration.
    const proxy = update.handle
      ? this.#byHandle.get(update.handle)
      : this.#proxies.get(update.sandboxEntityId ?? '');
    if (!proxy) return;
    try {
      const attributes = proxy.nextAttributes(update);
      const bytes = this.#admitUpdate(proxy, attributes);
      if (!bytes) return;
      // A host context id (a call's, remembered when it crossed) resolves to that context;
      // an unknown one to a fresh context kept under it; none to the frame's fresh context.
      const id = update.contextId || frame.contextId;
      if (!id) frame.fresh ??= createContext({}, this.deps.remote.clock);
      const context = id ? this.deps.remote.contexts.resolve(id) : frame.fresh;
      proxy.update(update, context, attributes);
      this.#bytes.set(proxy, bytes);
    } catch (error) {
      this.deps.logger(
        'warn',
        `state update of ${proxy.sandboxEntityId} dropped: ${(error as Error).message}`,
      );
    }
  }

  #track(proxy: EntityProxy): void {
    this.#proxies.set(proxy.sandboxEntityId, proxy);
    this.#platforms.set(proxy.platform, (this.#platforms.get(proxy.platform) ?? 0) + 1);
  }

  /** Name `proxy` by `handle` (0: by its id only) from now on. */
  #setHandle(proxy: EntityProxy, handle: number): void {
    if (proxy.handle === handle) return;
    if (this.#byHandle.get(proxy.handle) === proxy) this.#byHandle.delete(proxy.handle);
    proxy.handle = handle;
    if (handle > 0) this.#byHandle.set(handle, proxy);
  }

  /**
   * The bytes `report` would make the host keep for `sandboxEntityId` (replacing `previous`),
   * or a `CapExceededError` when they break a cap.
   */
  #admitReport(
    sandboxEntityId: string,
    report: EntityStateReport,
    previous: EntityProxy | undefined,
  ): AttributeBytes {
    const bytes = { attributes: jsonBytes(report.attributes), capabilities: jsonBytes(report.capabilities) };
    const problem = this.#bytes.problem(sandboxEntityId, bytes, previous);
    if (problem) throw this.deps.capLog.refused(problem);
    return bytes;
  }

  /**
   * The bytes `update` would make the host keep for `proxy`, or undefined when they break a
   * cap: the update is dropped, counted, and warned about once per interval per entity.
   */
  #admitUpdate(proxy: EntityProxy, attributes: Record<string, unknown>): AttributeBytes | undefined {
    const previous = this.#bytes.bytesOf(proxy) ?? { attributes: 0, capabilities: 0 };
    if (attributes === proxy.reported.attributes) return previous;
    const bytes = { attributes: jsonBytes(attributes), capabilities: previous.capabilities };
    const problem = this.#bytes.problem(proxy.sandboxEntityId, bytes, proxy);
    if (!problem) return bytes;
    this.deps.capLog.counts.updatesDropped++;
    this.deps.capLog.warn(
      `${problem.gate} ${proxy.sandboxEntityId}`,
      `state update of ${proxy.sandboxEntityId} dropped: ${problem.message}`,
    );
    return undefined;
  }

  #untrack(proxy: EntityProxy): void {
    this.#retired.delete(proxy);
    this.#bytes.delete(proxy);
    if (this.#byHandle.get(proxy.handle) === proxy) this.#byHandle.delete(proxy.handle);
    if (this.#proxies.get(proxy.sandboxEntityId) !== proxy) return;
    this.#proxies.delete(proxy.sandboxEntityId);
    const count = (this.#platforms.get(proxy.platform) ?? 1) - 1;
    if (count > 0) this.#platforms.set(proxy.platform, count);
    else this.#platforms.delete(proxy.platform);
  }
}

function isSame(proxy: EntityProxy, entryId: string, domain: string, uniqueId: string): boolean {
  return proxy.entryId === entryId && proxy.platform === domain && proxy.uniqueId === uniqueId;
}
