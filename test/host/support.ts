import type { InvalidField } from '../../src/errors.js';
import { type AreaData, AreaRegistry } from '../../src/host/area-registry.js';
import { DeviceRegistry, type DeviceRegistryData } from '../../src/host/device-registry.js';
import { EntityRegistry, type EntityRegistryData } from '../../src/host/entity-registry.js';
import { EventBus } from '../../src/host/event-bus.js';
import { memoryPersisted } from '../../src/host/persisted.js';
import type { ServiceSchema } from '../../src/host/service-registry.js';
import { StateStore } from '../../src/host/state-store.js';
import type { HostClock, HubEvent } from '../../src/host/types.js';

/** A clock tests move by hand. */
export class ManualClock implements HostClock {
  constructor(public time = 1_700_000_000_000) {}
  now(): number {
    return this.time;
  }
  advance(ms: number): void {
    this.time += ms;
  }
}

type FieldType = 'string' | 'number' | 'boolean';

/**
 * A tiny object schema: `objectSchema({ brightness: 'number', name: 'string?' })`.
 * Unknown keys are refused; a numeric string for a `number` field is coerced.
 */
export function objectSchema(fields: Record<string, `${FieldType}` | `${FieldType}?`>): ServiceSchema {
  return {
    validate(data) {
      const invalid: InvalidField[] = [];
      const value: Record<string, unknown> = {};
      const input = (data ?? {}) as Record<string, unknown>;
      for (const key of Object.keys(input)) {
        if (!(key in fields)) invalid.push({ message: 'extra keys not allowed', path: [key] });
      }
      for (const [key, spec] of Object.entries(fields)) {
        const type = spec.replace('?', '') as FieldType;
        const raw = input[key];
        if (raw === undefined) {
          if (!spec.endsWith('?')) invalid.push({ message: 'required key not provided', path: [key] });
          continue;
        }
        const coerced = type === 'number' && typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
        if (typeof coerced !== type || Number.isNaN(coerced)) {
          invalid.push({ message: `expected ${type}`, path: [key] });
        } else value[key] = coerced;
      }
      return invalid.length > 0 ? { ok: false, invalid } : { ok: true, value };
    },
    toJSON: () => fields,
  };
}

/** Everything the host core has, wired the way the hub wires it, plus an event log. */
export function hostCore(clock = new ManualClock()) {
  const errors: unknown[] = [];
  const bus = new EventBus(clock, { onError: (error) => errors.push(error) });
  const events: HubEvent[] = [];
  bus.listen('*', (event) => events.push(event));
  const states = new StateStore(bus, clock);
  const stores = {
    areas: memoryPersisted<AreaData>(),
    devices: memoryPersisted<DeviceRegistryData>(),
    entities: memoryPersisted<EntityRegistryData>(),
  };
  const areas = new AreaRegistry(bus, stores.areas);
  let nextDevice = 0;
  const devices = new DeviceRegistry(bus, stores.devices, { areas, newId: () => `device${++nextDevice}` });
  const entities = new EntityRegistry(bus, stores.entities, { isTaken: (id) => states.has(id), areas });
  const eventsOf = (type: string) => events.filter((e) => e.type === type);
  return { clock, bus, events, eventsOf, errors, states, stores, areas, devices, entities };
}
