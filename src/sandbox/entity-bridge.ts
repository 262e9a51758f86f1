/**
 * The sandbox half of every entity: registers it on the host, pushes its state
 * changes, re-registers it when its description changes and unregisters it when its
 * integration removes it.
 *
 * - Registrations and removals of one entity run one at a time, in order. A state
 *   change while a registration is out is pushed right after it resolves (never lost,
 *   never before it); a removal while it is out unregisters after it (no ghost proxy).
 * - State changes are batched: everything that changed in one tick goes in one
 *   `state_changed` push, with each entity's latest state only, in the order the
 *   entities first changed. Only the entities that changed are looked at. Attributes
 *   travel as a delta where smaller; the first update after a (re)registration is full.
 * - Capabilities travel only in a registration (`initialState.capabilities`); updates
 *   carry `report.attributes`. The description hash covers identity and capabilities,
 *   so a change of either re-registers (an upsert), and nothing else does. A state
 *   change compares the description with the one the host holds and hashes it only
 *   when it differs.
 */
import { CorralError, ProtocolError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { EntityIdentity, EntitySink, EntityStateReport, SdkEntity } from '../sdk/types.js';
import { fromWireError } from '../wire/channel.js';
import {
  descriptionHash,
  encodeAttributes,
  entityDescriptionToWire,
  errorFromMessage,
  sameIdentity,
  samePlain,
  sandboxEntityId,
} from '../wire/messages.js';
import type { RequestOf } from '../wire/protocol.js';
import type { HostLink } from './host-link.js';
import type { RestoreCache } from './restore-cache.js';

type StateUpdate = NonNullable<RequestOf<'state_changed'>['updates']>[number];
type WireDescription = NonNullable<RequestOf<'register_entity'>['description']>;

/** Registrations per `register_entities` call: frames stay small, and the host starts on the first while the rest are encoded. */
const REGISTRATION_BATCH = 250;

/** One registration about to go out. */
interface Description {
  readonly hash: string;
  readonly identity: EntityIdentity;
  readonly report: EntityStateReport;
  /** The context id of the change the registration carries, given back if it is refused. */
  readonly contextId: string;
  readonly wire: WireDescription;
}

interface Tracked {
  readonly id: string;
  /** What registrations and updates call the entity on the wire: unique among live entities. */
  readonly handle: number;
  readonly entryId: string;
  readonly entity: SdkEntity;
  /** Hash of the description the host holds; null while it holds none. */
  hostHash: string | null;
  /** The description the host holds (what `hostHash` is the hash of). */
  described: { readonly identity: EntityIdentity; readonly capabilities: Record<string, unknown> } | null;
  /** A description hash the host refused: not sent again until the description changes. */
  refusedHash: string | null;
  /** The state the host holds: from the last registration or update. */
  hostState: string;
  hostAttributes: Record<string, unknown>;
  /** Send every attribute next time (after each (re)registration). */
  fullNext: boolean;
  /** A change not pushed yet. */
  dirty: boolean;
  /** In the bridge's list of entities to look at on the next flush. */
  listed: boolean;
  /** The context id of the service call that caused the pending change, if known. */
  contextId: string;
  /** Set once the entity is going: unregister it on the host, or just drop it here. */
  removal: 'unregister' | 'drop' | null;
  /** Registrations and removals queued or running. */
  queued: number;
  queue: Promise<void>;
}

export class EntityNotLoadedError extends CorralError {
  constructor(id: string) {
    super(
      'entity_not_loaded',
      `entity "${id}" is not loaded in this sandbox (removed, or its entry unloaded)`,
    );
  }
}

export class EntityBridge {
  readonly #byId = new Map<string, Tracked>();
  readonly #byEntity = new Map<SdkEntity, Tracked>();
  /** Entities with a change to push, in the order they first changed (a list: cheaper than a Set). */
  #dirty: Tracked[] = [];
  #flushScheduled = false;
  #lastHandle = 0;

  constructor(
    private readonly link: HostLink,
    private readonly restore: RestoreCache,
    private readonly logger: Logger,
  ) {}

  /** Put `entities` of entry `entryId` on the host; resolves once each is registered. */
  async add(entryId: string, entities: readonly SdkEntity[]): Promise<void> {
    const ids = entities.map((entity) => sandboxEntityId(entity.platform, entity.uniqueId, entryId));
    this.#checkFree(ids);
    // An entity of the same id still being removed goes first, so its unregister cannot follow our register.
    const leaving = ids.map((id) => this.#byId.get(id)?.queue).filter((queue) => queue !== undefined);
    if (leaving.length > 0) {
      await Promise.all(leaving);
      this.#checkFree(ids);
    }
    const added = entities.map((entity, index) => this.#track(entryId, ids[index]!, entity));
    const outcomes = await Promise.allSettled(this.#registerAll(added));
    const failed = added.filter((tracked) => tracked.hostHash === null);
    for (const tracked of failed) this.#untrack(tracked);
    const refusal = outcomes.find((outcome) => outcome.status === 'rejected');
    if (refusal) throw (refusal as PromiseRejectedResult).reason;
  }

  /** The integration no longer has this entity: unregister it (after a registration still out). */
  async remove(entryId: string, platform: string, uniqueId: string): Promise<void> {
    const tracked = this.#byId.get(sandboxEntityId(platform, uniqueId, entryId));
    if (!tracked || tracked.removal !== null) return;
    this.restore.forget(tracked.id);
    await this.#sync(this.#going(tracked, 'unregister'));
  }

  /**
   * Let go of an entry's entities. Unload only drops them here (the host releases its
   * side of an unloaded entry itself); a failed setup unregisters them, so nothing is left.
   */
  async releaseEntry(entryId: string, how: 'unregister' | 'drop'): Promise<void> {
    const going = [...this.#byId.values()].filter((t) => t.entryId === entryId && t.removal === null);
    for (const tracked of going) this.restore.release(tracked.id);
    const results = await Promise.allSettled(going.map((tracked) => this.#sync(this.#going(tracked, how))));
    for (const result of results) {
      if (result.status === 'rejected') this.#warn(`unregistering an entity failed`, result.reason);
    }
  }

  /** Run one of an entity domain's services on the targeted entities of that domain. */
  async callService(
    domain: string,
    service: string,
    ids: readonly string[],
    data: Record<string, unknown>,
  ): Promise<Record<string, unknown>> {
    const targets = ids
      .map((id) => this.#byId.get(id))
      .filter((t): t is Tracked => t !== undefined && t.removal === null && t.entity.platform === domain);
    const results = await Promise.all(
      targets.map(async (t) => [t.id, await t.entity.handleService(service, { ...data })] as const),
    );
    return Object.fromEntries(results);
  }

  /** Whether any entity here is of entity domain `domain`. */
  hasDomain(domain: string): boolean {
    for (const tracked of this.#byId.values()) {
      if (tracked.removal === null && tracked.entity.platform === domain) return true;
    }
    return false;
  }

  async query(id: string, method: string, args: Record<string, unknown>): Promise<unknown> {
    const tracked = this.#byId.get(id);
    if (!tracked || tracked.removal !== null) throw new EntityNotLoadedError(id);
    return tracked.entity.query(method, args);
  }

  /** Push every pending change now, in one `state_changed` frame. */
  flush(): void {
    const updates: StateUpdate[] = [];
    // An entity whose registration is out leaves the list; it comes back when that settles.
    const dirty = this.#dirty;
    this.#dirty = [];
    for (const tracked of dirty) {
      tracked.listed = false;
      const update = this.#update(tracked);
      if (update) updates.push(update);
    }
    if (updates.length === 0) return;
    // One cause for the whole tick (a service call, say): its id crosses once, on the frame.
    const contextId = updates[0]!.contextId;
    const shared = contextId !== '' && updates.every((update) => update.contextId === contextId);
    if (shared) for (const update of updates) update.contextId = '';
    try {
      this.link.push('state_changed', shared ? { updates, contextId } : { updates });
    } catch (error) {
      this.#warn('state changes not sent', error);
    }
  }

  readonly #sink: EntitySink = {
    stateChanged: (entity) => this.#changed(entity),
    identityChanged: (entity) => this.#changed(entity),
  };

  #checkFree(ids: readonly string[]): void {
    const seen = new Set<string>();
    for (const id of ids) {
      const taken = this.#byId.get(id);
      const repeated = seen.has(id);
      seen.add(id);
      if ((taken && taken.removal === null) || repeated) {
        throw new CorralError('entity_exists', `entity "${id}" is already provided by another entity`);
      }
    }
  }

  #track(entryId: string, id: string, entity: SdkEntity): Tracked {
    // 2^32 - 1 entities later the numbering starts over; the early ones are long gone.
    this.#lastHandle = this.#lastHandle >= 0xffff_ffff ? 1 : this.#lastHandle + 1;
    const tracked: Tracked = {
      id,
      handle: this.#lastHandle,
      entryId,
      entity,
      hostHash: null,
      described: null,
      refusedHash: null,
      hostState: '',
      hostAttributes: {},
      fullNext: true,
      dirty: false,
      listed: false,
      contextId: '',
      removal: null,
      queued: 0,
      queue: Promise.resolve(),
    };
    if (entity.restoreState) {
      const last = this.restore.lastState(id);
      if (last) entity.restore?.(last);
    }
    this.#byId.set(id, tracked);
    this.#byEntity.set(entity, tracked);
    entity.attach(this.#sink);
    return tracked;
  }

  #going(tracked: Tracked, how: 'unregister' | 'drop'): Tracked {
    tracked.removal = how;
    tracked.entity.detach();
    return tracked;
  }

  #untrack(tracked: Tracked): void {
    tracked.entity.detach();
    if (this.#byId.get(tracked.id) === tracked) this.#byId.delete(tracked.id);
    if (this.#byEntity.get(tracked.entity) === tracked) this.#byEntity.delete(tracked.entity);
  }

  #changed(entity: SdkEntity): void {
    const tracked = this.#byEntity.get(entity);
    if (!tracked || tracked.removal !== null) return;
    tracked.dirty = true;
    tracked.contextId = this.link.contextId || tracked.contextId;
    if (tracked.queued === 0) this.#markDirty(tracked);
  }

  #markDirty(tracked: Tracked): void {
    if (!tracked.listed) {
      tracked.listed = true;
      this.#dirty.push(tracked);
    }
    this.#schedule();
  }

  #schedule(): void {
    if (this.#flushScheduled) return;
    this.#flushScheduled = true;
    setImmediate(() => {
      this.#flushScheduled = false;
      this.flush();
    });
  }

  /** The update to push for one entity, if it has a change the host has not seen. */
  #update(tracked: Tracked): StateUpdate | undefined {
    if (!tracked.dirty || tracked.removal !== null || tracked.queued > 0 || tracked.hostHash === null) return;
    const { entity } = tracked;
    const report = entity.report();
    if (!describes(tracked.described, entity.identity(), report.capabilities)) {
      const hash = descriptionHash(entity.identity(), report.capabilities);
      if (hash !== tracked.hostHash && hash !== tracked.refusedHash) {
        // The upsert carries the current state; the change goes with it.
        this.#sync(tracked).catch((error: unknown) =>
          this.#warn(`re-registering ${tracked.id} failed`, error),
        );
        return;
      }
    }
    tracked.dirty = false;
    const contextId = tracked.contextId;
    tracked.contextId = '';
    const sameState = report.state === tracked.hostState;
    // The host ignores a state equal to the one it has; after a registration it already has it.
    if (tracked.fullNext && sameState && samePlain(report.attributes, tracked.hostAttributes)) return;
    const attributes = encodeAttributes(
      tracked.fullNext ? undefined : tracked.hostAttributes,
      report.attributes,
    );
    const noAttributeChange =
      attributes.delta && attributes.attributes.length === 0 && attributes.removedAttributes.length === 0;
    if (sameState && noAttributeChange) return;
    tracked.hostState = report.state;
    tracked.hostAttributes = report.attributes;
    tracked.fullNext = false;
    // Named by handle alone: the host knows the id from the registration.
    return {
      handle: tracked.handle,
      state: report.state,
      attributes: attributes.attributes,
      delta: attributes.delta,
      removedAttributes: attributes.removedAttributes,
      contextId,
    };
  }

  /** Queue a reconcile of what the host holds with what the entity is. */
  #sync(tracked: Tracked): Promise<void> {
    return this.#enqueue(tracked, () => this.#reconcile(tracked));
  }

  /** Run `work` for `tracked` after its registrations and removals already queued. */
  #enqueue(tracked: Tracked, work: () => Promise<void>): Promise<void> {
    tracked.queued++;
    const run = tracked.queue.then(work);
    tracked.queue = run.catch(() => {});
    return run.finally(() => {
      tracked.queued--;
      if (tracked.queued === 0 && tracked.dirty && tracked.removal === null) this.#markDirty(tracked);
    });
  }

  /**
   * Register entities just tracked (nothing queued for them yet) with `register_entities`
   * calls of up to REGISTRATION_BATCH each instead of one call per entity; each entity's
   * queue waits for its own outcome, so its state changes and removal still follow it.
   */
  #registerAll(batch: readonly Tracked[]): Promise<void>[] {
    const runs: Promise<void>[] = [];
    for (let from = 0; from < batch.length; from += REGISTRATION_BATCH) {
      const chunk = batch.slice(from, from + REGISTRATION_BATCH);
      const described = chunk.map((tracked) => this.#describe(tracked));
      const sent = described.filter((d): d is Description => d !== null);
      const position = new Map(sent.map((d, index) => [d, index]));
      const reply =
        sent.length > 0
          ? this.link.call('register_entities', { descriptions: sent.map((d) => d.wire) })
          : Promise.resolve({ outcomes: [] });
      // Settled either way here; each entity's run below reports its own outcome.
      reply.catch(() => {});
      chunk.forEach((tracked, index) => {
        const description = described[index] ?? null;
        runs.push(
          this.#enqueue(tracked, async () => {
            if (description === null) return;
            try {
              const outcome = (await reply).outcomes[position.get(description)!];
              if (!outcome) throw new ProtocolError(`the host sent no outcome for ${tracked.id}`);
              if (outcome.error) throw fromWireError(errorFromMessage(outcome.error));
            } catch (error) {
              this.#refused(tracked, description);
              throw error;
            }
            this.#accepted(tracked, description);
          }),
        );
      });
    }
    return runs;
  }

  async #reconcile(tracked: Tracked): Promise<void> {
    if (tracked.removal !== null) {
      // Untracked only once the host has let go, so a re-add of the id waits for it.
      try {
        if (tracked.hostHash !== null && tracked.removal === 'unregister') {
          await this.link.call('unregister_entity', { sandboxEntityId: tracked.id });
        }
      } finally {
        tracked.hostHash = null;
        tracked.described = null;
        this.#untrack(tracked);
      }
      return;
    }
    const description = this.#describe(tracked);
    if (description === null) return;
    try {
      await this.link.call('register_entity', { description: description.wire });
    } catch (error) {
      this.#refused(tracked, description);
      throw error;
    }
    this.#accepted(tracked, description);
  }

  /** What to (re-)register for `tracked`, or null when the host holds it already (or refused it). */
  #describe(tracked: Tracked): Description | null {
    const { entity } = tracked;
    const identity = entity.identity();
    const report = entity.report();
    // The host holds this description already.
    if (describes(tracked.described, identity, report.capabilities)) return null;
    const hash = descriptionHash(identity, report.capabilities);
    if (hash === tracked.hostHash || (hash === tracked.refusedHash && tracked.hostHash !== null)) return null;
    const contextId = tracked.contextId;
    tracked.dirty = false;
    tracked.contextId = '';
    const wire = entityDescriptionToWire({
      entryId: tracked.entryId,
      sandboxEntityId: tracked.id,
      handle: tracked.handle,
      platform: entity.platform,
      uniqueId: entity.uniqueId,
      suggestedObjectId: entity.suggestedObjectId,
      identity,
      report,
      descriptionHash: hash,
    });
    return { hash, identity, report, contextId, wire };
  }

  #accepted(tracked: Tracked, description: Description): void {
    tracked.hostHash = description.hash;
    tracked.described = { identity: description.identity, capabilities: description.report.capabilities };
    tracked.refusedHash = null;
    tracked.hostState = description.report.state;
    tracked.hostAttributes = description.report.attributes;
    tracked.fullNext = true;
    if (tracked.entity.restoreState && tracked.removal === null)
      this.restore.track(tracked.id, tracked.entity);
  }

  /** Keep pushing states against the registration the host has; try again on the next change. */
  #refused(tracked: Tracked, description: Description): void {
    tracked.refusedHash = description.hash;
    tracked.dirty = tracked.hostHash !== null;
    tracked.contextId ||= description.contextId;
  }

  #warn(what: string, error: unknown): void {
    this.logger('warn', `${what}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Whether `described` (what the host holds) is this identity and these capabilities. */
function describes(
  described: Tracked['described'],
  identity: EntityIdentity,
  capabilities: Record<string, unknown>,
): boolean {
  return (
    described !== null &&
    sameIdentity(described.identity, identity) &&
    samePlain(described.capabilities, capabilities)
  );
}
