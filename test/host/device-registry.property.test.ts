import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { DeviceKey, DeviceRegistration } from '../../src/host/device-registry.js';
import { hostCore } from './support.js';

const identifier = fc.tuple(
  fc.constantFrom('hue', 'zha'),
  fc.constantFrom('1', '2', '3'),
) as fc.Arbitrary<DeviceKey>;
const connection = fc.tuple(
  fc.constantFrom('mac', 'MAC', 'zigbee'),
  fc.constantFrom('AA:BB:CC:DD:EE:01', 'aa-bb-cc-dd-ee-01', 'aabbccddee02', '00:11'),
) as fc.Arbitrary<DeviceKey>;
const info = fc
  .record(
    {
      configEntryId: fc.constantFrom('e1', 'e2'),
      identifiers: fc.array(identifier, { maxLength: 3 }),
      connections: fc.array(connection, { maxLength: 2 }),
      manufacturer: fc.option(fc.constantFrom('A', 'B'), { nil: undefined }),
      model: fc.option(fc.constantFrom('x', null), { nil: undefined }),
    },
    { requiredKeys: ['configEntryId', 'identifiers', 'connections'] },
  )
  .filter((r) => r.identifiers.length + r.connections.length > 0) as fc.Arbitrary<DeviceRegistration>;

/** Registrations that may fail (collisions) are part of the setup; only successful ones count. */
function tryRegister(devices: ReturnType<typeof hostCore>['devices'], registration: DeviceRegistration) {
  try {
    return devices.getOrCreate(registration);
  } catch {
    return undefined;
  }
}

const sorted = (pairs: readonly DeviceKey[]) => pairs.map((p) => p.join('|')).sort();

describe('DeviceRegistry properties', () => {
  test('property: merging the same device info twice equals merging it once', () => {
    fc.assert(
      fc.property(fc.array(info, { maxLength: 4 }), info, (setup, registration) => {
        const { devices, eventsOf, stores } = hostCore();
        for (const s of setup) tryRegister(devices, s);
        if (!tryRegister(devices, registration)) return;
        const [data, events, saves] = [
          devices.toData(),
          eventsOf('device_registry_updated').length,
          stores.devices.saves,
        ];
        devices.getOrCreate(registration);
        expect(devices.toData()).toEqual(data);
        expect(eventsOf('device_registry_updated')).toHaveLength(events);
        expect(stores.devices.saves).toBe(saves);
      }),
      { numRuns: 300 },
    );
  });

  test('property: the union of identifiers and connections does not depend on merge order', () => {
    const shared = identifier;
    fc.assert(
      fc.property(
        fc
          .array(info, { minLength: 1, maxLength: 4 })
          .chain((infos) =>
            fc.tuple(
              fc.constant(infos),
              fc.shuffledSubarray(infos, { minLength: infos.length, maxLength: infos.length }),
            ),
          ),
        shared,
        ([infos, permuted], common) => {
          // Every registration shares `common`, so all of them describe one device.
          const withCommon = (list: DeviceRegistration[]) =>
            list.map((r) => ({ ...r, identifiers: [...(r.identifiers ?? []), common] }));
          const run = (order: DeviceRegistration[]) => {
            const { devices } = hostCore();
            for (const r of order) devices.getOrCreate(r);
            expect(devices.list()).toHaveLength(1);
            const [device] = devices.list();
            return {
              identifiers: sorted(device!.identifiers),
              connections: sorted(device!.connections),
              configEntries: [...device!.configEntries].sort(),
            };
          };
          expect(run(withCommon(permuted))).toEqual(run(withCommon(infos)));
        },
      ),
      { numRuns: 300 },
    );
  });
});
