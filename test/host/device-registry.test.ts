import { describe, expect, test, vi } from 'vitest';
import {
  AreaNotFoundError,
  DeviceCollisionError,
  DeviceInfoError,
  DeviceNotFoundError,
  StoredDataError,
  ValidationError,
} from '../../src/errors.js';
import {
  DeviceRegistry,
  type DeviceRegistryData,
  findMatchingDevices,
  normalizeConnection,
} from '../../src/host/device-registry.js';
import { memoryPersisted } from '../../src/host/persisted.js';
import { hostCore } from './support.js';

const MAC = 'AA-BB-CC-DD-EE-FF';

describe('DeviceRegistry.getOrCreate', () => {
  test('a new device holds its config entry, canonical keys and the given info', () => {
    const { devices, eventsOf } = hostCore();
    const device = devices.getOrCreate({
      configEntryId: 'e1',
      identifiers: [
        ['hue', 'z'],
        ['hue', 'a'],
        ['hue', 'a'],
      ],
      connections: [['mac', MAC]],
      manufacturer: 'Signify',
      name: 'Bridge',
    });
    expect(device).toMatchObject({
      id: 'device1',
      configEntries: ['e1'],
      identifiers: [
        ['hue', 'a'],
        ['hue', 'z'],
      ],
      connections: [['mac', 'aa:bb:cc:dd:ee:ff']],
      manufacturer: 'Signify',
      name: 'Bridge',
      model: null,
      areaId: null,
    });
    expect(eventsOf('device_registry_updated').map((e) => e.data)).toEqual([
      { action: 'create', deviceId: 'device1' },
    ]);
  });

  test('info sharing an identifier merges: keys and config entries unite, given info wins, omitted info stays', () => {
    const { devices, eventsOf } = hostCore();
    devices.getOrCreate({
      configEntryId: 'e1',
      identifiers: [['hue', '1']],
      manufacturer: 'Signify',
      model: 'A',
    });
    const merged = devices.getOrCreate({
      configEntryId: 'e2',
      identifiers: [
        ['hue', '1'],
        ['hue', '2'],
      ],
      connections: [['zigbee', '00:11']],
      model: 'B',
    });
    expect(devices.list()).toHaveLength(1);
    expect(merged).toMatchObject({
      configEntries: ['e1', 'e2'],
      identifiers: [
        ['hue', '1'],
        ['hue', '2'],
      ],
      connections: [['zigbee', '00:11']],
      manufacturer: 'Signify',
      model: 'B',
    });
    expect(eventsOf('device_registry_updated').at(-1)?.data).toEqual({
      action: 'update',
      deviceId: merged.id,
    });
  });

  test('MAC connections match whatever their case or separators', () => {
    const { devices } = hostCore();
    const first = devices.getOrCreate({ configEntryId: 'e1', connections: [['mac', MAC]] });
    expect(devices.getOrCreate({ configEntryId: 'e2', connections: [['MAC', 'aabb.ccdd.eeff']] }).id).toBe(
      first.id,
    );
    expect(devices.findByConnection(['mac', 'aa:bb:cc:dd:ee:ff'])?.id).toBe(first.id);
    expect(normalizeConnection(['mac', 'AABBCCDDEEFF'])).toEqual(['mac', 'aa:bb:cc:dd:ee:ff']);
  });

  test('info that matches two different devices is refused, never silently fused', () => {
    const { devices } = hostCore();
    const a = devices.getOrCreate({ configEntryId: 'e1', identifiers: [['hue', '1']] });
    const b = devices.getOrCreate({ configEntryId: 'e1', connections: [['mac', MAC]] });
    const attempt = () =>
      devices.getOrCreate({ configEntryId: 'e1', identifiers: [['hue', '1']], connections: [['mac', MAC]] });
    expect(attempt).toThrow(DeviceCollisionError);
    expect(attempt).toThrow(new RegExp(`${a.id}, ${b.id}`));
  });

  test('info without identifiers or connections, or with malformed ones, is a typed error saying what to send', () => {
    const { devices } = hostCore();
    expect(() => devices.getOrCreate({ configEntryId: 'e1' })).toThrow(DeviceInfoError);
    expect(() => devices.getOrCreate({ configEntryId: 'e1', identifiers: [] })).toThrow(
      /at least one identifier or connection/,
    );
    expect(() => devices.getOrCreate({ configEntryId: 'e1', identifiers: [['', 'x']] })).toThrow(
      /identifiers\.0/,
    );
    expect(() =>
      devices.getOrCreate({ configEntryId: '', identifiers: [['hue', 'x']], model: 5 as unknown as string }),
    ).toThrow(/model: expected a string or null; configEntryId/);
  });

  test('a new device is placed in its suggested area, created by name or reused ignoring case', () => {
    const { devices, areas } = hostCore();
    const first = devices.getOrCreate({
      configEntryId: 'e1',
      identifiers: [['hue', '1']],
      suggestedArea: 'Living Room',
    });
    const second = devices.getOrCreate({
      configEntryId: 'e1',
      identifiers: [['hue', '2']],
      suggestedArea: 'living room',
    });
    expect(first.areaId).toBe('living_room');
    expect(second.areaId).toBe('living_room');
    expect(areas.list()).toHaveLength(1);
  });

  test('the suggested area does not move an existing device', () => {
    const { devices, areas } = hostCore();
    devices.getOrCreate({ configEntryId: 'e1', identifiers: [['hue', '1']] });
    const again = devices.getOrCreate({
      configEntryId: 'e1',
      identifiers: [['hue', '1']],
      suggestedArea: 'Attic',
    });
    expect(again.areaId).toBeNull();
    expect(areas.list()).toHaveLength(0);
  });

  test('viaDevice links a device to the hub it is reached through', () => {
    const { devices } = hostCore();
    const bridge = devices.getOrCreate({ configEntryId: 'e1', identifiers: [['hue', 'bridge']] });
    const lamp = devices.getOrCreate({
      configEntryId: 'e1',
      identifiers: [['hue', 'lamp']],
      viaDevice: ['hue', 'bridge'],
    });
    expect(lamp.viaDeviceId).toBe(bridge.id);
    devices.remove(bridge.id);
    expect(devices.get(lamp.id)?.viaDeviceId).toBeNull();
  });
});

describe('DeviceRegistry work per registration', () => {
  test("finding a registration's device does not grow with the devices already registered", () => {
    const { devices } = hostCore();
    const n = 2_000;
    const stringify = vi.spyOn(JSON, 'stringify');
    let keyed: number;
    try {
      for (let i = 0; i < n; i++) {
        devices.getOrCreate({
          configEntryId: 'e1',
          identifiers: [['acme', `d${i}`]],
          connections: [['mac', `m${i}`]],
        });
      }
      keyed = stringify.mock.calls.length;
    } finally {
      stringify.mockRestore();
    }
    // Scanning every device's keys per registration would key n²/2 (2,000,000) pairs.
    expect(keyed).toBeLessThan(20 * n);
    expect(devices.list()).toHaveLength(n);
  });

  test('the index follows merges, updates and removals', () => {
    const { devices } = hostCore();
    const a = devices.getOrCreate({ configEntryId: 'e1', identifiers: [['acme', 'a']] });
    devices.getOrCreate({
      configEntryId: 'e1',
      identifiers: [
        ['acme', 'a'],
        ['acme', 'a2'],
      ],
    });
    expect(devices.findByIdentifier(['acme', 'a2'])?.id).toBe(a.id);
    const b = devices.getOrCreate({ configEntryId: 'e1', connections: [['mac', MAC]] });
    expect(devices.findByConnection(['MAC', 'AA-BB-CC-DD-EE-FF'])?.id).toBe(b.id);
    expect(devices.matching([['acme', 'a']], [['mac', MAC]]).map((d) => d.id)).toEqual([a.id, b.id]);
    devices.remove(a.id);
    expect(devices.findByIdentifier(['acme', 'a2'])).toBeUndefined();
    expect(devices.getOrCreate({ configEntryId: 'e1', identifiers: [['acme', 'a']] }).id).not.toBe(a.id);
  });
});

describe('DeviceRegistry.update, remove and config entries', () => {
  test('update sets user fields; unknown devices, fields and areas are typed errors', () => {
    const { devices, areas } = hostCore();
    areas.create({ name: 'Hall' });
    const d = devices.getOrCreate({ configEntryId: 'e1', identifiers: [['hue', '1']] });
    expect(devices.update(d.id, { nameByUser: 'Hall light', areaId: 'hall' })).toMatchObject({
      nameByUser: 'Hall light',
      areaId: 'hall',
    });
    expect(() => devices.update('nope', { name: 'x' })).toThrow(DeviceNotFoundError);
    expect(() => devices.update(d.id, { areaId: 'attic' })).toThrow(AreaNotFoundError);
    expect(() => devices.update(d.id, { identifiers: [] } as never)).toThrow(ValidationError);
    expect(() => devices.update(d.id, { disabledBy: 'me' as never })).toThrow(/disabledBy: expected one of/);
  });

  test('removeConfigEntry detaches the entry and removes devices left with none', () => {
    const { devices, eventsOf } = hostCore();
    const shared = devices.getOrCreate({ configEntryId: 'e1', identifiers: [['hue', '1']] });
    devices.getOrCreate({ configEntryId: 'e2', identifiers: [['hue', '1']] });
    const own = devices.getOrCreate({ configEntryId: 'e1', identifiers: [['hue', '2']] });
    expect(devices.removeConfigEntry('e1')).toEqual([own.id]);
    expect(devices.list().map((d) => [d.id, d.configEntries])).toEqual([[shared.id, ['e2']]]);
    expect(eventsOf('device_registry_updated').at(-1)?.data).toEqual({ action: 'remove', deviceId: own.id });
  });

  test('removing an area clears it from its devices', () => {
    const { devices, areas } = hostCore();
    const d = devices.getOrCreate({
      configEntryId: 'e1',
      identifiers: [['hue', '1']],
      suggestedArea: 'Hall',
    });
    areas.remove(d.areaId!);
    expect(devices.get(d.id)?.areaId).toBeNull();
  });

  test('findMatchingDevices returns every device sharing an identifier or a connection', () => {
    const list = [
      { id: 'a', identifiers: [['x', '1']] as const, connections: [] },
      { id: 'b', identifiers: [], connections: [['mac', 'aa:bb:cc:dd:ee:ff']] as const },
      { id: 'c', identifiers: [['x', '2']] as const, connections: [] },
    ];
    expect(findMatchingDevices(list, [['x', '1']], [['mac', MAC]]).map((d) => d.id)).toEqual(['a', 'b']);
    expect(findMatchingDevices(list, [['y', '1']], [])).toEqual([]);
  });
});

describe('DeviceRegistry persistence', () => {
  test('a new registry on the same store loads equal devices', async () => {
    const { devices, stores, bus } = hostCore();
    devices.getOrCreate({
      configEntryId: 'e1',
      identifiers: [['hue', '1']],
      connections: [['mac', MAC]],
      name: 'A',
    });
    devices.getOrCreate({ configEntryId: 'e2', identifiers: [['hue', '1']], swVersion: '1.2' });
    const reloaded = new DeviceRegistry(bus, stores.devices);
    await reloaded.load();
    expect(reloaded.list()).toEqual(devices.list());
    expect(reloaded.findByConnection(['mac', MAC])?.id).toBe('device1');
  });

  test('stored devices with malformed keys are refused with a typed error', async () => {
    const broken = memoryPersisted({
      version: 1,
      devices: [{ id: 'd', identifiers: [['hue']] }],
    } as unknown as DeviceRegistryData);
    await expect(new DeviceRegistry(hostCore().bus, broken).load()).rejects.toThrow(StoredDataError);
    await expect(new DeviceRegistry(hostCore().bus, broken).load()).rejects.toThrow(/identifiers\.0/);
  });
});
