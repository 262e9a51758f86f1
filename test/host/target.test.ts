import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { ValidationError } from '../../src/errors.js';
import { resolveTarget, type TargetDevice, type TargetEntity } from '../../src/host/target.js';

const entity = (
  entityId: string,
  deviceId: string | null,
  areaId: string | null,
  extra: Partial<TargetEntity> = {},
) => ({
  entityId,
  deviceId,
  areaId,
  ...extra,
});

const devices: TargetDevice[] = [
  { id: 'd_kitchen', areaId: 'kitchen' },
  { id: 'd_none', areaId: null },
];
const entities: TargetEntity[] = [
  entity('light.own_area', null, 'kitchen'),
  entity('light.device_area', 'd_kitchen', null),
  entity('light.moved_away', 'd_kitchen', 'hall'),
  entity('switch.no_area', 'd_none', null),
  entity('button.identify', 'd_kitchen', null, { entityCategory: 'config' }),
  entity('light.disabled', 'd_kitchen', null, { disabledBy: 'user' }),
  entity('light.hidden', null, 'kitchen', { hiddenBy: 'user' }),
];
const registries = { entities, devices };

describe('resolveTarget', () => {
  test('explicit entity ids pass through, known or not', () => {
    expect(resolveTarget({ entity_id: ['light.unknown', 'light.own_area'] }, registries)).toEqual([
      'light.own_area',
      'light.unknown',
    ]);
  });

  test('a device expands to its entities, wherever their own area is', () => {
    expect(resolveTarget({ device_id: 'd_kitchen' }, registries)).toEqual([
      'light.device_area',
      'light.moved_away',
    ]);
  });

  test('an area takes entities in it plus area-less entities of devices in it', () => {
    expect(resolveTarget({ area_id: 'kitchen' }, registries)).toEqual([
      'light.device_area',
      'light.own_area',
    ]);
    expect(resolveTarget({ area_id: 'hall' }, registries)).toEqual(['light.moved_away']);
  });

  test('disabled, hidden and config/diagnostic entities are only targeted when named', () => {
    expect(resolveTarget({ area_id: 'kitchen', device_id: 'd_kitchen' }, registries)).not.toContain(
      'button.identify',
    );
    expect(
      resolveTarget({ entity_id: ['button.identify', 'light.disabled', 'light.hidden'] }, registries),
    ).toEqual(['button.identify', 'light.disabled', 'light.hidden']);
  });

  test('the result is sorted and de-duplicated; entity ids may come comma-separated', () => {
    expect(
      resolveTarget(
        { entity_id: 'switch.no_area, light.own_area', area_id: ['kitchen', 'kitchen'] },
        registries,
      ),
    ).toEqual(['light.device_area', 'light.own_area', 'switch.no_area']);
  });

  test('malformed targets are a ValidationError naming each bad value', () => {
    const attempt = () =>
      resolveTarget({ entity_id: ['light.ok', 'Light.Bad'], device_id: [3] } as never, registries);
    expect(attempt).toThrow(ValidationError);
    expect(attempt).toThrow(/entity_id\.1: it contains uppercase letters; device_id: expected a string/);
    expect(() => resolveTarget({ floor_id: 'x' } as never, registries)).toThrow(
      /floor_id: unknown target key/,
    );
  });

  test('property: resolveTarget equals a brute-force reference on random registries', () => {
    const areaId = fc.constantFrom('a1', 'a2', 'a3');
    const deviceId = fc.constantFrom('d1', 'd2', 'd3', 'd4');
    const arbDevices = fc.uniqueArray(fc.record({ id: deviceId, areaId: fc.option(areaId) }), {
      selector: (d) => d.id,
    });
    const arbEntities = fc.uniqueArray(
      fc.record({
        entityId: fc.constantFrom('light.a', 'light.b', 'switch.c', 'sensor.d', 'sensor.e', 'fan.f'),
        deviceId: fc.option(deviceId),
        areaId: fc.option(areaId),
        disabledBy: fc.option(fc.constant('user')),
        hiddenBy: fc.option(fc.constant('integration')),
        entityCategory: fc.option(fc.constantFrom('config', 'diagnostic')),
      }),
      { selector: (e) => e.entityId },
    );
    const target = fc.record(
      {
        entity_id: fc.array(fc.constantFrom('light.a', 'light.z', 'fan.f')),
        device_id: fc.array(deviceId),
        area_id: fc.array(areaId),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(arbDevices, arbEntities, target, (devs, ents, t) => {
        // Reference: for every entity, ask each rule directly; no indexes, no shortcuts.
        const expected: string[] = [...(t.entity_id ?? [])];
        for (const e of ents) {
          if (e.disabledBy || e.hiddenBy || e.entityCategory) continue;
          const byDevice = (t.device_id ?? []).some((d) => d === e.deviceId);
          const byOwnArea = (t.area_id ?? []).some((a) => a === e.areaId);
          const byDeviceArea =
            e.areaId === null &&
            devs.some((d) => d.id === e.deviceId && (t.area_id ?? []).some((a) => a === d.areaId));
          if (byDevice || byOwnArea || byDeviceArea) expected.push(e.entityId);
        }
        const reference = [...new Set(expected)].sort();
        expect(resolveTarget(t, { entities: ents, devices: devs })).toEqual(reference);
      }),
      { numRuns: 500 },
    );
  });
});
