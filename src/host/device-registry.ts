/**
 * The device registry: physical or logical devices, found by what integrations
 * know them by — identifiers (`[domain, id]`) and connections (`[type, address]`).
 * Device info that shares any identifier or connection with a known device is that
 * device, so two integrations (or two config entries) describing one lamp merge.
 */

import { randomUUID } from 'node:crypto';
import { produce } from 'immer';
import {
  AreaNotFoundError,
  DeviceCollisionError,
  DeviceNotFoundError,
  StoredDataError,
  ValidationError,
} from '../errors.js';
import {
  canonical,
  checkRegistration,
  DEVICE_RULES,
  type DeviceChanges,
  type DeviceEntry,
  type DeviceKey,
  type DeviceRegistration,
  emptyDevice,
  INFO_FIELDS,
  keyOf,
  keyProblems,
  normalizeConnection,
} from './device-entry.js';
import type { EventBus } from './event-bus.js';
import { checkFields, describeInvalid } from './fields.js';
import { type Persisted, readVersioned } from './persisted.js';
import { deepEqual, snapshot } from './snapshot.js';

export {
  type DeviceChanges,
  type DeviceEntry,
  type DeviceInfo,
  type DeviceKey,
  type DeviceRegistration,
  findMatchingDevices,
  normalizeConnection,
} from './device-entry.js';

const STORE = 'device registry';

export interface DeviceRegistryData {
  readonly version: 1;
  readonly devices: readonly DeviceEntry[];
}

export interface DeviceRegistryOptions {
  /** Resolves `suggestedArea` and checks `areaId` updates. */
  readonly areas?: {
    getOrCreateByName(name: string): { readonly id: string };
    get(areaId: string): unknown;
  };
  /** Makes device ids; random UUID hex by default. */
  readonly newId?: () => string;
}

export class DeviceRegistry {
  readonly #bus: EventBus;
  readonly #persisted: Persisted<DeviceRegistryData>;
  readonly #options: DeviceRegistryOptions;
  readonly #devices = new Map<string, DeviceEntry>();
  /**
   * Identifier and (normalised) connection -> ids of the devices that have it, so finding a
   * registration's device costs the same however many devices there are.
   */
  readonly #byKey = new Map<string, Set<string>>();
  /** Device id -> the order it was first added in: matches come back in registry order. */
  readonly #order = new Map<string, number>();
  #nextOrder = 0;

  constructor(bus: EventBus, persisted: Persisted<DeviceRegistryData>, options: DeviceRegistryOptions = {}) {
    this.#bus = bus;
    this.#persisted = persisted;
    this.#options = options;
    bus.listen('area_registry_updated', ({ data }) => {
      if (data.action !== 'remove') return;
      for (const d of this.list()) if (d.areaId === data.areaId) this.update(d.id, { areaId: null });
    });
  }

  /** Replace the contents with the persisted data (no events). */
  async load(): Promise<void> {
    const raw = await this.#persisted.load();
    this.#devices.clear();
    this.#byKey.clear();
    this.#order.clear();
    if (raw === undefined) return;
    const read = readVersioned(raw, 'devices', 1);
    if (!read.ok) throw new StoredDataError(STORE, read.reason);
    for (const item of read.items) {
      const stored = item as Partial<DeviceEntry>;
      const id = stored.id;
      if (typeof id !== 'string' || id === '') throw new StoredDataError(STORE, 'a device has no id');
      const pairs = keyProblems(stored.identifiers ?? [], 'identifiers').concat(
        keyProblems(stored.connections ?? [], 'connections'),
      );
      if (pairs.length > 0) throw new StoredDataError(STORE, describeInvalid(`device "${id}"`, pairs));
      if (this.#devices.has(id)) throw new StoredDataError(STORE, `device "${id}" appears twice`);
      this.#put(
        snapshot({
          ...emptyDevice(id),
          ...stored,
          configEntries: Array.isArray(stored.configEntries) ? stored.configEntries : [],
          identifiers: canonical(stored.identifiers ?? []),
          connections: canonical((stored.connections ?? []).map(normalizeConnection)),
        }),
      );
    }
  }

  toData(): DeviceRegistryData {
    return { version: 1, devices: [...this.#devices.values()] };
  }

  get(deviceId: string): DeviceEntry | undefined {
    return this.#devices.get(deviceId);
  }

  list(): DeviceEntry[] {
    return [...this.#devices.values()];
  }

  findByIdentifier(identifier: DeviceKey): DeviceEntry | undefined {
    return this.matching([identifier], [])[0];
  }

  findByConnection(connection: DeviceKey): DeviceEntry | undefined {
    return this.matching([], [connection])[0];
  }

  /**
   * The device matching any of the identifiers or connections, merged with this
   * registration (union of keys and config entries; info fields given here win);
   * or a new device.
   */
  getOrCreate(registration: DeviceRegistration): DeviceEntry {
    checkRegistration(registration);
    const identifiers = canonical(registration.identifiers ?? []);
    const connections = canonical((registration.connections ?? []).map(normalizeConnection));
    const matches = this.matching(identifiers, connections);
    if (matches.length > 1) {
      const ids = matches.map((d) => d.id);
      throw new DeviceCollisionError(
        ids,
        `device info matches ${ids.length} devices (${ids.join(', ')}); one device info must describe one device — check its identifiers and connections`,
      );
    }
    const via = registration.viaDevice && this.findByIdentifier(registration.viaDevice);
    const existing = matches[0];
    if (existing) {
      return this.#apply(existing, (draft) => {
        for (const pair of identifiers) draft.identifiers.push([pair[0], pair[1]]);
        for (const pair of connections) draft.connections.push([pair[0], pair[1]]);
        draft.identifiers = canonical(draft.identifiers);
        draft.connections = canonical(draft.connections);
        if (!draft.configEntries.includes(registration.configEntryId)) {
          draft.configEntries.push(registration.configEntryId);
        }
        if (via && via.id !== existing.id) draft.viaDeviceId = via.id;
        for (const field of INFO_FIELDS) {
          const value = registration[field];
          if (value !== undefined) draft[field] = value;
        }
      });
    }
    const id = (this.#options.newId ?? (() => randomUUID().replaceAll('-', '')))();
    const areaId = registration.suggestedArea
      ? (this.#options.areas?.getOrCreateByName(registration.suggestedArea).id ?? null)
      : null;
    const device: DeviceEntry = snapshot({
      ...emptyDevice(id),
      ...Object.fromEntries(
        INFO_FIELDS.flatMap((f) => (registration[f] === undefined ? [] : [[f, registration[f]]])),
      ),
      configEntries: [registration.configEntryId],
      identifiers,
      connections,
      viaDeviceId: via ? via.id : null,
      areaId,
      disabledBy: registration.disabledBy ?? null,
    });
    this.#put(device);
    this.#changed('create', id);
    return device;
  }

  /** Change a device's info or user settings (`nameByUser`, `areaId`, `disabledBy`). */
  update(deviceId: string, changes: DeviceChanges): DeviceEntry {
    const device = this.#devices.get(deviceId);
    if (!device) throw new DeviceNotFoundError(deviceId);
    const invalid = checkFields(changes, DEVICE_RULES, Object.keys(DEVICE_RULES), []);
    if (invalid.length > 0) {
      throw new ValidationError(describeInvalid(`cannot update device ${deviceId}`, invalid), invalid);
    }
    const { areaId, viaDeviceId } = changes;
    if (areaId && this.#options.areas && this.#options.areas.get(areaId) === undefined) {
      throw new AreaNotFoundError(areaId);
    }
    if (viaDeviceId && !this.#devices.has(viaDeviceId)) throw new DeviceNotFoundError(viaDeviceId);
    return this.#apply(device, (draft) => {
      for (const [field, value] of Object.entries(changes)) {
        if (value !== undefined) (draft as Record<string, unknown>)[field] = value;
      }
    });
  }

  /** Remove a device; devices reached through it lose their `viaDeviceId`. False when unknown. */
  remove(deviceId: string): boolean {
    if (!this.#drop(deviceId)) return false;
    this.#changed('remove', deviceId);
    for (const d of this.list()) if (d.viaDeviceId === deviceId) this.update(d.id, { viaDeviceId: null });
    return true;
  }

  /** Detach a config entry from every device; devices left with none are removed (their ids returned). */
  removeConfigEntry(configEntryId: string): string[] {
    const removed: string[] = [];
    for (const device of this.list()) {
      if (!device.configEntries.includes(configEntryId)) continue;
      if (device.configEntries.length === 1) {
        this.remove(device.id);
        removed.push(device.id);
      } else {
        this.#apply(device, (draft) => {
          draft.configEntries = draft.configEntries.filter((e) => e !== configEntryId);
        });
      }
    }
    return removed;
  }

  #apply(device: DeviceEntry, recipe: (draft: Mutable<DeviceEntry>) => void): DeviceEntry {
    const next = produce(device, recipe as (draft: unknown) => void);
    if (next === device || deepEqual(next, device)) return device;
    this.#put(next);
    this.#changed('update', device.id);
    return next;
  }

  /**
   * Devices sharing any identifier or (normalised) connection with the given ones, in
   * registry order: `findMatchingDevices` over the registry, by index.
   */
  matching(identifiers: readonly DeviceKey[], connections: readonly DeviceKey[]): DeviceEntry[] {
    const ids = new Set<string>();
    for (const key of deviceKeys(identifiers, connections))
      for (const id of this.#byKey.get(key) ?? []) ids.add(id);
    const order = (id: string) => this.#order.get(id) ?? 0;
    return [...ids].sort((a, b) => order(a) - order(b)).map((id) => this.#devices.get(id)!);
  }

  #put(device: DeviceEntry): void {
    const previous = this.#devices.get(device.id);
    if (previous) this.#unindex(previous);
    else this.#order.set(device.id, this.#nextOrder++);
    this.#devices.set(device.id, device);
    for (const key of deviceKeys(device.identifiers, device.connections)) {
      const ids = this.#byKey.get(key);
      if (ids) ids.add(device.id);
      else this.#byKey.set(key, new Set([device.id]));
    }
  }

  #drop(deviceId: string): boolean {
    const device = this.#devices.get(deviceId);
    if (!device) return false;
    this.#unindex(device);
    this.#order.delete(deviceId);
    return this.#devices.delete(deviceId);
  }

  #unindex(device: DeviceEntry): void {
    for (const key of deviceKeys(device.identifiers, device.connections)) {
      const ids = this.#byKey.get(key);
      ids?.delete(device.id);
      if (ids?.size === 0) this.#byKey.delete(key);
    }
  }

  #changed(action: 'create' | 'update' | 'remove', deviceId: string): void {
    this.#persisted.saveWith(() => this.toData());
    this.#bus.fire('device_registry_updated', { action, deviceId });
  }
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends readonly (infer U)[] ? U[] : T[K] };

function* deviceKeys(
  identifiers: readonly DeviceKey[],
  connections: readonly DeviceKey[],
): Generator<string> {
  for (const identifier of identifiers) yield `i${keyOf(identifier)}`;
  for (const connection of connections) yield `c${keyOf(normalizeConnection(connection))}`;
}
