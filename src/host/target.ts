/**
 * Service targets: which entities a call acts on. Explicit entity ids are kept as
 * given (even unknown ones — the caller named them); devices and areas expand to
 * their entities, skipping the ones a user would not mean by "everything in the
 * kitchen": disabled, hidden, and config/diagnostic entities.
 */

import { type InvalidField, ValidationError } from '../errors.js';
import { entityIdProblem } from './entity-id.js';
import { describeInvalid } from './fields.js';
import { isPlainObject } from './snapshot.js';
import type { ServiceTarget } from './types.js';

export const TARGET_KEYS = ['entity_id', 'device_id', 'area_id'] as const;

export interface NormalizedTarget {
  readonly entity_id: readonly string[];
  readonly device_id: readonly string[];
  readonly area_id: readonly string[];
}

/** What target resolution needs of an entity registry entry. */
export interface TargetEntity {
  readonly entityId: string;
  readonly deviceId: string | null;
  readonly areaId: string | null;
  readonly disabledBy?: string | null;
  readonly hiddenBy?: string | null;
  readonly entityCategory?: string | null;
}

export interface TargetDevice {
  readonly id: string;
  readonly areaId: string | null;
}

/**
 * Each key as a de-duplicated list; entity ids may also come comma-separated
 * (`"light.a, light.b"`). Throws `ValidationError` naming every bad value.
 */
export function normalizeTarget(target: unknown): NormalizedTarget {
  if (target === undefined || target === null) return { entity_id: [], device_id: [], area_id: [] };
  if (!isPlainObject(target)) {
    throw new ValidationError('a target must be an object with entity_id, device_id and/or area_id', [
      { message: 'expected an object', path: [] },
    ]);
  }
  const invalid: InvalidField[] = [];
  for (const key of Object.keys(target)) {
    if (!(TARGET_KEYS as readonly string[]).includes(key)) {
      invalid.push({ message: `unknown target key; use ${TARGET_KEYS.join(', ')}`, path: [key] });
    }
  }
  const lists = TARGET_KEYS.map((key) => {
    const value = target[key];
    if (value === undefined || value === null) return [];
    const raw = typeof value === 'string' ? [value] : value;
    if (!Array.isArray(raw) || raw.some((v) => typeof v !== 'string')) {
      invalid.push({ message: 'expected a string or a list of strings', path: [key] });
      return [];
    }
    const ids = key === 'entity_id' ? raw.flatMap((v: string) => v.split(',').map((s) => s.trim())) : raw;
    ids.forEach((id: string, i) => {
      const problem = key === 'entity_id' ? entityIdProblem(id) : id === '' ? 'empty id' : undefined;
      if (problem) invalid.push({ message: problem, path: [key, String(i)] });
    });
    return [...new Set(ids as string[])];
  });
  if (invalid.length > 0) throw new ValidationError(describeInvalid('invalid target', invalid), invalid);
  const [entity_id = [], device_id = [], area_id = []] = lists;
  return { entity_id, device_id, area_id };
}

/** Whether an entity is included when its device or area is targeted. */
function indirectlyTargetable(entity: TargetEntity): boolean {
  return !entity.disabledBy && !entity.hiddenBy && !entity.entityCategory;
}

/**
 * The sorted, de-duplicated entity ids a target refers to: explicit entity ids,
 * entities of the devices, entities in the areas, and entities without an area of
 * their own whose device is in one of the areas.
 */
export function resolveTarget(
  target: ServiceTarget,
  registries: { readonly entities: Iterable<TargetEntity>; readonly devices: Iterable<TargetDevice> },
): string[] {
  const { entity_id, device_id, area_id } = normalizeTarget(target);
  const out = new Set(entity_id);
  const devices = new Set(device_id);
  const areas = new Set(area_id);
  const devicesInAreas = new Set<string>();
  if (areas.size > 0) {
    for (const device of registries.devices) {
      if (device.areaId !== null && areas.has(device.areaId)) devicesInAreas.add(device.id);
    }
  }
  if (devices.size > 0 || areas.size > 0) {
    for (const entity of registries.entities) {
      if (!indirectlyTargetable(entity)) continue;
      const viaDevice = entity.deviceId !== null && devices.has(entity.deviceId);
      const viaArea =
        entity.areaId !== null
          ? areas.has(entity.areaId)
          : entity.deviceId !== null && devicesInAreas.has(entity.deviceId);
      if (viaDevice || viaArea) out.add(entity.entityId);
    }
  }
  return [...out].sort();
}
