/**
 * Puts SDK entities on the hub: each one gets a registry entry (and a device),
 * its reports become states, its domain's services reach it, and what it asked
 * to keep survives a restart. In-process entities land here directly; a sandbox
 * bridge later mirrors remote ones through the same registries.
 */
import { CorralError } from '../errors.js';
import { DOMAINS, isEntityDomain } from '../sdk/domains/index.js';
import type { EntitySink, SdkEntity } from '../sdk/types.js';
import { assignData } from '../wire/json.js';
import { serviceCallContext } from './call-context.js';
import type { DeviceRegistry } from './device-registry.js';
import type { EntityEntry } from './entity-entry.js';
import type { EntityRegistry } from './entity-registry.js';
import type { RestoreStateStore } from './restore-state.js';
import type { ServiceRegistry } from './service-registry.js';
import type { StateStore } from './state-store.js';
import type { Attributes, Context } from './types.js';

export class EntityNotLoadedError extends CorralError {
  constructor(entityId: string) {
    super(
      'entity_not_loaded',
      `entity "${entityId}" is not loaded (its integration is not set up, or it is disabled)`,
    );
  }
}

/**
 * The sink the platform attaches to every entity it places. An entity that knows what
 * caused its change (a sandbox proxy applying a frame) passes that context along; the
 * state is written with it instead of a fresh one.
 */
export interface PlatformSink extends EntitySink {
  stateChanged(entity: SdkEntity, context?: Context): void;
}

/**
 * An entity that numbers what it reports: while `reportVersion` stays the same, its
 * identity, capabilities and attributes are the same as at its last report, and only its
 * state string may have moved (a sandbox proxy). The platform then reuses the attributes
 * it last wrote instead of building and comparing them again.
 */
export interface VersionedReport {
  readonly reportVersion: number;
}

interface Placed {
  readonly entity: SdkEntity;
  readonly entryId: string;
  entityId: string;
  /** What the last write was built from and wrote, for a `VersionedReport` entity. */
  lastVersion: number;
  lastEntry: EntityEntry | undefined;
  lastAttributes: Attributes | undefined;
}

export interface EntityPlatformDeps {
  readonly states: StateStore;
  readonly entities: EntityRegistry;
  readonly devices: DeviceRegistry;
  readonly services: ServiceRegistry;
  readonly restore: RestoreStateStore;
}

export class EntityPlatform {
  private readonly placed = new Map<string, Placed>();
  private readonly byObject = new Map<SdkEntity, Placed>();
  /** Entity domains whose services are registered on the hub. */
  private readonly serviceDomains = new Set<string>();

  constructor(private readonly deps: EntityPlatformDeps) {}

  /**
   * Place `entities` of integration `platform` for config entry `entryId`. With
   * `disableNew` (the entry's "disable new entities" preference) entities seen for
   * the first time start disabled.
   */
  async add(
    entryId: string,
    platform: string,
    entities: readonly SdkEntity[],
    options: { disableNew?: boolean } = {},
  ): Promise<string[]> {
    const ids: string[] = [];
    for (const entity of entities)
      ids.push(this.addOne(entryId, platform, entity, options.disableNew ?? false));
    return ids;
  }

  /** The live SDK entity behind `entityId`. */
  get(entityId: string): SdkEntity | undefined {
    return this.placed.get(entityId)?.entity;
  }

  /** Answer a query (`get_forecasts`, `get_events`, `browse_media`) from the entity itself. */
  async query(entityId: string, method: string, args: Record<string, unknown> = {}): Promise<unknown> {
    const placed = this.placed.get(entityId);
    if (!placed) throw new EntityNotLoadedError(entityId);
    return placed.entity.query(method, args);
  }

  /** Detach an entry's entities and mark their states unavailable (unload). */
  unloadEntry(entryId: string): void {
    for (const placed of [...this.placed.values()]) {
      if (placed.entryId === entryId) this.drop(placed, true);
    }
  }

  /** Remove one entity the integration no longer has. */
  removeEntity(entryId: string, platform: string, domain: string, uniqueId: string): void {
    const entityId = this.deps.entities.entityIdFor(domain, platform, uniqueId);
    const placed = entityId ? this.placed.get(entityId) : undefined;
    if (placed && placed.entryId === entryId) {
      this.drop(placed, false);
      this.deps.entities.remove(placed.entityId);
    }
  }

  private addOne(entryId: string, platform: string, entity: SdkEntity, disableNew: boolean): string {
    const identity = entity.identity();
    const device = identity.deviceInfo
      ? this.deps.devices.getOrCreate({ configEntryId: entryId, ...identity.deviceInfo })
      : undefined;
    const entry = this.deps.entities.getOrCreate({
      domain: entity.platform,
      platform,
      uniqueId: entity.uniqueId,
      suggestedObjectId:
        entity.suggestedObjectId ?? displayName(identity, device?.name ?? undefined) ?? undefined,
      configEntryId: entryId,
      deviceId: device?.id,
      originalName: identity.name,
      originalIcon: identity.icon,
      entityCategory: identity.entityCategory,
      deviceClass: identity.deviceClass,
      supportedFeatures: identity.supportedFeatures,
      translationKey: identity.translationKey,
      unitOfMeasurement: identity.unitOfMeasurement,
      disabledByDefault: disableNew,
    });
    if (entry.disabledBy) return entry.entityId;
    if (this.placed.has(entry.entityId)) {
      throw new CorralError(
        'entity_exists',
        `entity "${entry.entityId}" is already provided by another entity`,
      );
    }
    const placed: Placed = {
      entity,
      entryId,
      entityId: entry.entityId,
      lastVersion: -1,
      lastEntry: undefined,
      lastAttributes: undefined,
    };
    this.placed.set(entry.entityId, placed);
    this.byObject.set(entity, placed);
    if (entity.restoreState) {
      this.deps.restore.track(entry.entityId);
      const last = this.deps.restore.lastState(entry.entityId);
      if (last) entity.restore?.({ state: last.state, attributes: { ...last.attributes } });
    }
    this.ensureServices(entity.platform);
    entity.attach(this.sink);
    this.write(placed);
    return entry.entityId;
  }

  private readonly sink: PlatformSink = {
    stateChanged: (entity, context) => {
      const placed = this.byObject.get(entity);
      if (placed) this.write(placed, context);
    },
    identityChanged: (entity) => {
      const placed = this.byObject.get(entity);
      if (!placed) return;
      const identity = entity.identity();
      this.deps.entities.update(placed.entityId, {
        originalName: identity.name,
        originalIcon: identity.icon,
        deviceClass: identity.deviceClass,
        supportedFeatures: identity.supportedFeatures,
        unitOfMeasurement: identity.unitOfMeasurement,
      });
      this.write(placed);
    },
  };

  private write(placed: Placed, context?: Context): void {
    // A write inside a service call's handler is caused by that call.
    const cause = context ?? serviceCallContext.getStore();
    const options = cause ? { context: cause } : undefined;
    const report = placed.entity.report();
    const entry = this.deps.entities.get(placed.entityId);
    const version = (placed.entity as Partial<VersionedReport>).reportVersion;
    // Same description, same registry entry (entries are replaced, never changed): same attributes.
    if (version !== undefined && version === placed.lastVersion && entry === placed.lastEntry) {
      placed.lastAttributes = this.deps.states.set(
        placed.entityId,
        report.state,
        placed.lastAttributes,
        options,
      ).attributes;
      return;
    }
    const identity = placed.entity.identity();
    const attributes: Record<string, unknown> = {};
    assignData(attributes, report.capabilities);
    assignData(attributes, report.attributes);
    const deviceName = identity.deviceInfo?.name;
    const name = entry?.name ?? displayName(identity, deviceName);
    if (name) attributes.friendly_name = name;
    const icon = entry?.icon ?? identity.icon;
    if (icon) attributes.icon = icon;
    if (identity.deviceClass) attributes.device_class = identity.deviceClass;
    if (identity.unitOfMeasurement) attributes.unit_of_measurement = identity.unitOfMeasurement;
    if (identity.supportedFeatures) attributes.supported_features = identity.supportedFeatures;
    const written = this.deps.states.set(placed.entityId, report.state, attributes, options);
    if (version !== undefined) {
      placed.lastVersion = version;
      placed.lastEntry = entry;
      placed.lastAttributes = written.attributes;
    }
  }

  private drop(placed: Placed, markUnavailable: boolean): void {
    placed.entity.detach();
    this.placed.delete(placed.entityId);
    this.byObject.delete(placed.entity);
    if (markUnavailable && this.deps.states.has(placed.entityId))
      this.deps.states.setUnavailable(placed.entityId);
    if (!markUnavailable) this.deps.states.remove(placed.entityId);
  }

  /** Register the entity domain's services once; each call reaches the targeted entities. */
  private ensureServices(domain: string): void {
    if (this.serviceDomains.has(domain) || !isEntityDomain(domain)) return;
    this.serviceDomains.add(domain);
    for (const [service, spec] of Object.entries(DOMAINS[domain].services)) {
      if (this.deps.services.has(domain, service)) continue;
      this.deps.services.register(
        domain,
        service,
        async (call) => {
          const targets = call.entityIds
            .map((id) => this.placed.get(id))
            .filter((p): p is Placed => p !== undefined && p.entity.platform === domain);
          const answers = await runService(targets, service, call.data);
          return spec.supportsResponse && spec.supportsResponse !== 'none'
            ? Object.fromEntries(targets.map((p, i) => [p.entityId, answers[i]]))
            : undefined;
        },
        { supportsResponse: spec.supportsResponse ?? 'none' },
      );
    }
  }
}

/**
 * Entities that can take a service call together with their siblings — the
 * proxies of one sandbox — share a batch: a multi-entity call then crosses as
 * one call per batch instead of one per entity.
 */
export interface ServiceBatch {
  run(entities: readonly SdkEntity[], service: string, data: Record<string, unknown>): Promise<unknown[]>;
}

/** The answers of `service` on each target, in target order. */
async function runService(
  targets: readonly Placed[],
  service: string,
  data: Record<string, unknown>,
): Promise<unknown[]> {
  const answers = new Array<unknown>(targets.length);
  const batches = new Map<ServiceBatch, number[]>();
  const singles: number[] = [];
  targets.forEach((target, index) => {
    const batch = (target.entity as { serviceBatch?: ServiceBatch }).serviceBatch;
    if (batch) batches.set(batch, [...(batches.get(batch) ?? []), index]);
    else singles.push(index);
  });
  await Promise.all([
    ...[...batches].map(async ([batch, indices]) => {
      const results = await batch.run(
        indices.map((i) => targets[i]!.entity),
        service,
        data,
      );
      indices.forEach((i, k) => {
        answers[i] = results[k];
      });
    }),
    ...singles.map(async (i) => {
      answers[i] = await targets[i]!.entity.handleService(service, data);
    }),
  ]);
  return answers;
}

/**
 * An entity's full name: with `hasEntityName` its name is relative to its
 * device ("Kitchen" + "Temperature"; no name of its own = the device's name),
 * otherwise it stands alone.
 */
function displayName(
  identity: { name: string | null; hasEntityName: boolean },
  deviceName: string | undefined,
) {
  if (!identity.hasEntityName) return identity.name;
  if (!identity.name) return deviceName ?? null;
  return deviceName ? `${deviceName} ${identity.name}` : identity.name;
}
