/**
 * The entity registry: the durable identity of every entity that has a unique id.
 * `(domain, platform, uniqueId)` is the key an integration knows; the entity id is
 * the name users and automations know, generated once and then owned by the user
 * (renames stick across restarts and re-registrations).
 */

import { produce } from 'immer';
import {
  AreaNotFoundError,
  EntityIdError,
  EntityIdTakenError,
  EntityNotFoundError,
  StoredDataError,
  ValidationError,
} from '../errors.js';
import {
  ENTITY_RULES,
  type EntityChanges,
  type EntityEntry,
  type EntityRegistration,
  INTEGRATION_FIELDS,
  integrationFields,
  newEntityEntry,
} from './entity-entry.js';
import {
  assertEntityId,
  entityDomain,
  entityIdProblem,
  isValidDomain,
  MAX_ENTITY_ID_LENGTH,
} from './entity-id.js';
import type { EventBus } from './event-bus.js';
import { checkFields, describeInvalid } from './fields.js';
import { type Persisted, readVersioned } from './persisted.js';
import { FreeIds, slugify } from './slug.js';
import { deepEqual, snapshot } from './snapshot.js';

export type { EntityChanges, EntityEntry, EntityRegistration } from './entity-entry.js';

export interface EntityRegistryData {
  readonly version: 1;
  readonly entities: readonly EntityEntry[];
}

export interface EntityRegistryOptions {
  /** Ids taken outside the registry (the state store), avoided when generating ids. */
  readonly isTaken?: (entityId: string) => boolean;
  /** Checks `areaId` updates against the area registry. */
  readonly areas?: { get(areaId: string): unknown };
}

const STORE = 'entity registry';

const key = (domain: string, platform: string, uniqueId: string) =>
  JSON.stringify([domain, platform, uniqueId]);

export class EntityRegistry {
  readonly #bus: EventBus;
  readonly #persisted: Persisted<EntityRegistryData>;
  readonly #isTaken: (entityId: string) => boolean;
  readonly #areas: EntityRegistryOptions['areas'];
  readonly #entities = new Map<string, EntityEntry>();
  /** `key(domain, platform, uniqueId)` -> entity id. */
  readonly #byKey = new Map<string, string>();
  /** Generated ids: `light.kitchen`, `light.kitchen_2`, … without probing every taken one again. */
  readonly #freeIds = new FreeIds((entityId) => this.#taken(entityId), MAX_ENTITY_ID_LENGTH);

  constructor(bus: EventBus, persisted: Persisted<EntityRegistryData>, options: EntityRegistryOptions = {}) {
    this.#bus = bus;
    this.#persisted = persisted;
    this.#isTaken = options.isTaken ?? (() => false);
    this.#areas = options.areas;
    // A removed device takes its entities with it; a removed area leaves them area-less.
    bus.listen('device_registry_updated', ({ data }) => {
      if (data.action !== 'remove') return;
      for (const e of this.entriesForDevice(data.deviceId)) this.remove(e.entityId);
    });
    bus.listen('area_registry_updated', ({ data }) => {
      if (data.action !== 'remove') return;
      for (const e of this.entries()) if (e.areaId === data.areaId) this.update(e.entityId, { areaId: null });
    });
  }

  /** Replace the contents with the persisted data (no events). */
  async load(): Promise<void> {
    const raw = await this.#persisted.load();
    this.#entities.clear();
    this.#byKey.clear();
    if (raw === undefined) return;
    const read = readVersioned(raw, 'entities', 1);
    if (!read.ok) throw new StoredDataError(STORE, read.reason);
    for (const item of read.items) {
      const stored = { ...newEntityEntry('', '', '', ''), ...(item as object) } as EntityEntry;
      const problem =
        entityIdProblem(stored.entityId) ??
        (typeof stored.platform !== 'string' || typeof stored.uniqueId !== 'string'
          ? 'no platform or unique id'
          : null);
      if (problem) {
        throw new StoredDataError(STORE, `entry ${JSON.stringify(stored.entityId)} is unusable: ${problem}`);
      }
      // The domain is part of the entity id; the id is the truth if the two disagree.
      const entry = snapshot({ ...stored, domain: entityDomain(stored.entityId) });
      const k = key(entry.domain, entry.platform, entry.uniqueId);
      if (this.#entities.has(entry.entityId) || this.#byKey.has(k)) {
        throw new StoredDataError(STORE, `entity "${entry.entityId}" appears twice`);
      }
      this.#entities.set(entry.entityId, entry);
      this.#byKey.set(k, entry.entityId);
    }
  }

  toData(): EntityRegistryData {
    return { version: 1, entities: [...this.#entities.values()] };
  }

  get(entityId: string): EntityEntry | undefined {
    return this.#entities.get(entityId);
  }

  entries(): EntityEntry[] {
    return [...this.#entities.values()];
  }

  entityIdFor(domain: string, platform: string, uniqueId: string): string | undefined {
    return this.#byKey.get(key(domain, platform, uniqueId));
  }

  entriesForConfigEntry(configEntryId: string): EntityEntry[] {
    return this.entries().filter((e) => e.configEntryId === configEntryId);
  }

  entriesForDevice(deviceId: string): EntityEntry[] {
    return this.entries().filter((e) => e.deviceId === deviceId);
  }

  /**
   * The entry for `(domain, platform, uniqueId)`, refreshed with the integration's
   * description; or a new entry with a generated, free entity id.
   */
  getOrCreate(registration: EntityRegistration): EntityEntry {
    const { domain, platform, uniqueId } = registration;
    const invalid = checkFields(registration, ENTITY_RULES, INTEGRATION_FIELDS);
    if (!isValidDomain(domain)) {
      invalid.push({ message: 'expected an entity domain like "light"', path: ['domain'] });
    }
    if (!isValidDomain(platform)) {
      invalid.push({ message: 'expected an integration domain like "hue"', path: ['platform'] });
    }
    if (typeof uniqueId !== 'string' || uniqueId === '') {
      invalid.push({ message: 'expected a non-empty string', path: ['uniqueId'] });
    }
    if (invalid.length > 0) throw fieldError(`cannot register entity ${uniqueId} of ${platform}`, invalid);

    const existingId = this.entityIdFor(domain, platform, uniqueId);
    const existing = existingId === undefined ? undefined : this.#entities.get(existingId);
    const described = integrationFields(registration);
    if (existing) return this.#apply(existing, described);

    const objectId =
      slugify(registration.suggestedObjectId ?? '') ||
      slugify(registration.originalName ?? '') ||
      slugify(`${platform}_${uniqueId}`);
    const entry = newEntityEntry(this.#freeIds.take(`${domain}.${objectId}`), domain, platform, uniqueId);
    const created: EntityEntry = snapshot({
      ...entry,
      ...described,
      disabledBy: registration.disabledByDefault ? 'integration' : null,
      hiddenBy: registration.hiddenByDefault ? 'integration' : null,
    });
    this.#entities.set(created.entityId, created);
    this.#byKey.set(key(domain, platform, uniqueId), created.entityId);
    this.#changed({ action: 'create', entityId: created.entityId });
    return created;
  }

  /** Change an entry (user overrides, area, rename via `newEntityId`). */
  update(entityId: string, changes: EntityChanges): EntityEntry {
    const entry = this.#entities.get(entityId);
    if (!entry) throw new EntityNotFoundError(entityId);
    const invalid = checkFields(changes, ENTITY_RULES, Object.keys(ENTITY_RULES), ['newEntityId']);
    if (invalid.length > 0) throw fieldError(`cannot update ${entityId}`, invalid);
    if (changes.areaId && this.#areas && this.#areas.get(changes.areaId) === undefined) {
      throw new AreaNotFoundError(changes.areaId);
    }
    return this.#apply(entry, changes);
  }

  /** Forget an entity. False when it was not registered. */
  remove(entityId: string): boolean {
    const entry = this.#entities.get(entityId);
    if (!entry) return false;
    this.#entities.delete(entityId);
    this.#byKey.delete(key(entry.domain, entry.platform, entry.uniqueId));
    this.#freeIds.release(entityId);
    this.#changed({ action: 'remove', entityId });
    return true;
  }

  /** Remove every entity of a config entry; returns their ids. */
  removeConfigEntry(configEntryId: string): string[] {
    const ids = this.entriesForConfigEntry(configEntryId).map((e) => e.entityId);
    for (const id of ids) this.remove(id);
    return ids;
  }

  #taken(entityId: string): boolean {
    return this.#entities.has(entityId) || this.#isTaken(entityId);
  }

  #apply(entry: EntityEntry, changes: EntityChanges): EntityEntry {
    const { newEntityId, ...fields } = changes;
    const renamed = newEntityId !== undefined && newEntityId !== entry.entityId;
    if (renamed) {
      assertEntityId(newEntityId);
      if (entityDomain(newEntityId) !== entry.domain) {
        throw new EntityIdError(
          newEntityId,
          `a ${entry.domain} entity must keep the "${entry.domain}." domain`,
        );
      }
      if (this.#taken(newEntityId)) throw new EntityIdTakenError(newEntityId);
    }
    const next = produce(entry, (draft) => {
      if (renamed) draft.entityId = newEntityId;
      for (const [field, value] of Object.entries(fields) as [keyof typeof fields, unknown][]) {
        if (value !== undefined && !deepEqual(value, entry[field])) {
          (draft as Record<string, unknown>)[field] = snapshot(value);
        }
      }
    });
    if (next === entry) return entry;
    if (renamed) {
      this.#entities.delete(entry.entityId);
      this.#freeIds.release(entry.entityId);
      this.#byKey.set(key(entry.domain, entry.platform, entry.uniqueId), next.entityId);
    }
    this.#entities.set(next.entityId, next);
    this.#changed(
      renamed
        ? { action: 'update', entityId: next.entityId, oldEntityId: entry.entityId }
        : { action: 'update', entityId: next.entityId },
    );
    return next;
  }

  #changed(data: { action: 'create' | 'update' | 'remove'; entityId: string; oldEntityId?: string }): void {
    this.#persisted.saveWith(() => this.toData());
    this.#bus.fire('entity_registry_updated', data);
  }
}

function fieldError(what: string, invalid: ValidationError['invalid']): ValidationError {
  return new ValidationError(describeInvalid(what, invalid), invalid);
}
