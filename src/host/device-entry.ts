/**
 * What a device is (identifiers, connections, info) and how device info is
 * checked and matched: pure functions the registry and the trust gate share.
 */

import { DeviceInfoError } from '../errors.js';
import { checkFields, describeInvalid, type FieldRules, isIn, isStringOrNull } from './fields.js';
import type { DisabledBy } from './types.js';

/** `[domain, id]` for an identifier, `[type, address]` for a connection. */
export type DeviceKey = readonly [string, string];

export interface DeviceInfo {
  readonly manufacturer?: string | null;
  readonly model?: string | null;
  readonly modelId?: string | null;
  readonly name?: string | null;
  readonly swVersion?: string | null;
  readonly hwVersion?: string | null;
  readonly serialNumber?: string | null;
  readonly configurationUrl?: string | null;
}

export interface DeviceEntry extends Required<DeviceInfo> {
  readonly id: string;
  readonly configEntries: readonly string[];
  readonly identifiers: readonly DeviceKey[];
  readonly connections: readonly DeviceKey[];
  readonly nameByUser: string | null;
  readonly viaDeviceId: string | null;
  readonly areaId: string | null;
  readonly disabledBy: DisabledBy | null;
}

export interface DeviceRegistration extends DeviceInfo {
  readonly configEntryId: string;
  readonly identifiers?: readonly DeviceKey[];
  readonly connections?: readonly DeviceKey[];
  /** Identifier of the hub/bridge this device is reached through. */
  readonly viaDevice?: DeviceKey;
  /** Area (by name, created if needed) for a new device. */
  readonly suggestedArea?: string;
  /** Initial `disabledBy` of a new device. */
  readonly disabledBy?: DisabledBy | null;
}

export interface DeviceChanges extends DeviceInfo {
  readonly nameByUser?: string | null;
  readonly areaId?: string | null;
  readonly disabledBy?: DisabledBy | null;
  readonly viaDeviceId?: string | null;
}

export const INFO_FIELDS = [
  'manufacturer',
  'model',
  'modelId',
  'name',
  'swVersion',
  'hwVersion',
  'serialNumber',
  'configurationUrl',
] as const satisfies readonly (keyof DeviceInfo)[];
export const DEVICE_RULES: FieldRules = {
  ...Object.fromEntries(INFO_FIELDS.map((f) => [f, isStringOrNull])),
  nameByUser: isStringOrNull,
  areaId: isStringOrNull,
  viaDeviceId: isStringOrNull,
  disabledBy: isIn(['user', 'integration', 'config_entry', null]),
};

/** MAC-like addresses compare case- and separator-insensitively: `AA-BB-…` = `aa:bb:…`. */
export function normalizeConnection([type, address]: DeviceKey): DeviceKey {
  const value = address.toLowerCase();
  if (type.toLowerCase() !== 'mac') return [type.toLowerCase(), value];
  const hex = value.replace(/[:\-.]/g, '');
  const mac = /^[0-9a-f]{12}$/.test(hex) ? hex.match(/../g)!.join(':') : value;
  return ['mac', mac];
}

export const keyOf = (pair: DeviceKey) => JSON.stringify(pair);

/** Sorted, de-duplicated pairs: one canonical form, whatever order they arrived in. */
export function canonical(pairs: Iterable<DeviceKey>): DeviceKey[] {
  const byKey = new Map<string, DeviceKey>();
  for (const pair of pairs) byKey.set(keyOf(pair), [pair[0], pair[1]]);
  return [...byKey.keys()].sort().map((k) => byKey.get(k)!);
}

/** Devices sharing any identifier or (normalised) connection with the given ones, in iteration order. */
export function findMatchingDevices<D extends Pick<DeviceEntry, 'identifiers' | 'connections'>>(
  devices: Iterable<D>,
  identifiers: readonly DeviceKey[],
  connections: readonly DeviceKey[],
): D[] {
  const ids = new Set(identifiers.map(keyOf));
  const conns = new Set(connections.map((c) => keyOf(normalizeConnection(c))));
  const out: D[] = [];
  for (const device of devices) {
    if (
      device.identifiers.some((i) => ids.has(keyOf(i))) ||
      device.connections.some((c) => conns.has(keyOf(normalizeConnection(c))))
    ) {
      out.push(device);
    }
  }
  return out;
}

export function emptyDevice(id: string): DeviceEntry {
  return {
    id,
    configEntries: [],
    identifiers: [],
    connections: [],
    manufacturer: null,
    model: null,
    modelId: null,
    name: null,
    nameByUser: null,
    swVersion: null,
    hwVersion: null,
    serialNumber: null,
    viaDeviceId: null,
    areaId: null,
    disabledBy: null,
    configurationUrl: null,
  };
}

export function checkRegistration(registration: DeviceRegistration): void {
  const { configEntryId, identifiers = [], connections = [], viaDevice, suggestedArea } = registration;
  const invalid = [
    ...checkFields(registration, DEVICE_RULES, [...INFO_FIELDS, 'disabledBy']),
    ...keyProblems(identifiers, 'identifiers'),
    ...keyProblems(connections, 'connections'),
    ...(viaDevice === undefined ? [] : keyProblems([viaDevice], 'viaDevice')),
  ];
  if (typeof configEntryId !== 'string' || configEntryId === '') {
    invalid.push({
      message: 'expected the id of the config entry providing the device',
      path: ['configEntryId'],
    });
  }
  if (suggestedArea !== undefined && typeof suggestedArea !== 'string') {
    invalid.push({ message: 'expected an area name', path: ['suggestedArea'] });
  }
  if (invalid.length > 0) throw new DeviceInfoError(describeInvalid('invalid device info', invalid), invalid);
  if (identifiers.length === 0 && connections.length === 0) {
    throw new DeviceInfoError(
      'a device needs at least one identifier or connection, e.g. identifiers: [["hue", "<serial number>"]]',
      [{ message: 'expected at least one identifier or connection', path: ['identifiers'] }],
    );
  }
}

export function keyProblems(pairs: unknown, field: string) {
  if (!Array.isArray(pairs)) return [{ message: 'expected a list of [string, string] pairs', path: [field] }];
  return pairs.flatMap((pair, i) =>
    Array.isArray(pair) &&
    pair.length === 2 &&
    typeof pair[0] === 'string' &&
    pair[0] !== '' &&
    typeof pair[1] === 'string'
      ? []
      : [
          {
            message: 'expected a [string, string] pair with a non-empty first element',
            path: [field, String(i)],
          },
        ],
  );
}
