import { describe, expect, test } from 'vitest';
import { SimulatedClock } from 'xstate';
import {
  AreaNotFoundError,
  EntityIdError,
  EntityIdTakenError,
  EntityNotFoundError,
  StoredDataError,
  ValidationError,
} from '../../src/errors.js';
import { EntityRegistry, type EntityRegistryData } from '../../src/host/entity-registry.js';
import { memoryPersisted } from '../../src/host/persisted.js';
import { persistedFrom, StoreManager } from '../../src/host/store.js';
import { MemoryStoreBackend } from '../../src/host/store-backend.js';
import { hostCore } from './support.js';

const hue = { domain: 'light', platform: 'hue', configEntryId: 'entry-1' } as const;

describe('EntityRegistry.getOrCreate', () => {
  test('a new entity gets its id from the suggested object id', () => {
    const { entities } = hostCore();
    const entry = entities.getOrCreate({ ...hue, uniqueId: 'a1', suggestedObjectId: 'Kitchen Ceiling' });
    expect(entry).toMatchObject({
      entityId: 'light.kitchen_ceiling',
      domain: 'light',
      platform: 'hue',
      uniqueId: 'a1',
      configEntryId: 'entry-1',
      disabledBy: null,
      name: null,
    });
  });

  test('without a suggestion the original name is slugified; accents fold, punctuation collapses', () => {
    const { entities } = hostCore();
    expect(
      entities.getOrCreate({ ...hue, uniqueId: 'a', originalName: '  Küche -- Decke!! ' }).entityId,
    ).toBe('light.kuche_decke');
  });

  test('with neither, or when both slugify to nothing, the id is <platform>_<uniqueId>', () => {
    const { entities } = hostCore();
    expect(entities.getOrCreate({ ...hue, uniqueId: 'AB:12' }).entityId).toBe('light.hue_ab_12');
    expect(entities.getOrCreate({ ...hue, uniqueId: 'c', suggestedObjectId: '***' }).entityId).toBe(
      'light.hue_c',
    );
  });

  test('taken ids are de-duplicated as _2, _3 against the registry and the state store', () => {
    const { entities, states } = hostCore();
    states.set('light.kitchen_3', 'on');
    const ids = ['1', '2', '3'].map(
      (uniqueId) => entities.getOrCreate({ ...hue, uniqueId, suggestedObjectId: 'kitchen' }).entityId,
    );
    expect(ids).toEqual(['light.kitchen', 'light.kitchen_2', 'light.kitchen_4']);
  });

  test('entities named alike cost a bounded number of id probes each, however many came before', () => {
    const { entities, states } = hostCore();
    let probes = 0;
    const registry = new EntityRegistry(hostCore().bus, memoryPersisted<EntityRegistryData>(), {
      isTaken: (id) => {
        probes++;
        return states.has(id);
      },
    });
    const n = 2_000;
    for (let i = 0; i < n; i++)
      registry.getOrCreate({ ...hue, uniqueId: `u${i}`, suggestedObjectId: 'lamp' });
    // Probing every taken suffix again would be n²/2 = 2,000,000 probes.
    expect(probes).toBeLessThanOrEqual(3 * n);
    expect(registry.get(`light.lamp_${n}`)?.uniqueId).toBe(`u${n - 1}`);
    expect(entities.entries()).toEqual([]);
  });

  test('an id freed by a removal or a rename is handed out again', () => {
    const { entities } = hostCore();
    for (const uniqueId of ['1', '2', '3', '4'])
      entities.getOrCreate({ ...hue, uniqueId, suggestedObjectId: 'lamp' });
    entities.remove('light.lamp_2');
    entities.update('light.lamp_3', { newEntityId: 'light.desk' });
    expect(entities.getOrCreate({ ...hue, uniqueId: '5', suggestedObjectId: 'lamp' }).entityId).toBe(
      'light.lamp_2',
    );
    expect(entities.getOrCreate({ ...hue, uniqueId: '6', suggestedObjectId: 'lamp' }).entityId).toBe(
      'light.lamp_3',
    );
    expect(entities.getOrCreate({ ...hue, uniqueId: '7', suggestedObjectId: 'lamp' }).entityId).toBe(
      'light.lamp_5',
    );
  });

  test('a very long name is cut so the id stays within 255 characters, suffix included', () => {
    const { entities } = hostCore();
    const long = 'x'.repeat(400);
    const a = entities.getOrCreate({ ...hue, uniqueId: '1', suggestedObjectId: long }).entityId;
    const b = entities.getOrCreate({ ...hue, uniqueId: '2', suggestedObjectId: long }).entityId;
    expect(a).toHaveLength(255);
    expect(b).toHaveLength(255);
    expect(b.endsWith('_2')).toBe(true);
  });

  test('the same (domain, platform, uniqueId) returns the existing entry with refreshed integration fields', () => {
    const { entities, eventsOf } = hostCore();
    const first = entities.getOrCreate({ ...hue, uniqueId: 'a1', originalName: 'Lamp' });
    const again = entities.getOrCreate({
      ...hue,
      uniqueId: 'a1',
      originalName: 'Desk lamp',
      supportedFeatures: 4,
    });
    expect(again.entityId).toBe(first.entityId);
    expect(again).toMatchObject({ originalName: 'Desk lamp', supportedFeatures: 4 });
    expect(eventsOf('entity_registry_updated').map((e) => e.data)).toEqual([
      { action: 'create', entityId: 'light.lamp' },
      { action: 'update', entityId: 'light.lamp' },
    ]);
  });

  test('re-registering with nothing new fires no event and saves nothing', () => {
    const { entities, eventsOf, stores } = hostCore();
    const registration = { ...hue, uniqueId: 'a1', capabilities: { min: 1, max: 2 } };
    const first = entities.getOrCreate(registration);
    const saves = stores.entities.saves;
    expect(entities.getOrCreate({ ...registration, capabilities: { max: 2, min: 1 } })).toBe(first);
    expect(eventsOf('entity_registry_updated')).toHaveLength(1);
    expect(stores.entities.saves).toBe(saves);
  });

  test('user overrides and a user rename survive re-registration', () => {
    const { entities } = hostCore();
    entities.getOrCreate({ ...hue, uniqueId: 'a1', originalName: 'Lamp' });
    entities.update('light.lamp', { name: 'Reading', newEntityId: 'light.reading' });
    const again = entities.getOrCreate({ ...hue, uniqueId: 'a1', originalName: 'Lamp 2' });
    expect(again).toMatchObject({ entityId: 'light.reading', name: 'Reading', originalName: 'Lamp 2' });
  });

  test('disabledByDefault and hiddenByDefault apply to a new entry only', () => {
    const { entities } = hostCore();
    const entry = entities.getOrCreate({
      ...hue,
      uniqueId: 'a1',
      disabledByDefault: true,
      hiddenByDefault: true,
    });
    expect(entry).toMatchObject({ disabledBy: 'integration', hiddenBy: 'integration' });
    entities.update(entry.entityId, { disabledBy: null });
    expect(entities.getOrCreate({ ...hue, uniqueId: 'a1', disabledByDefault: true }).disabledBy).toBeNull();
  });

  test('entityIdFor finds the id by (domain, platform, uniqueId), including after a rename', () => {
    const { entities } = hostCore();
    entities.getOrCreate({ ...hue, uniqueId: 'a1', suggestedObjectId: 'lamp' });
    expect(entities.entityIdFor('light', 'hue', 'a1')).toBe('light.lamp');
    expect(entities.entityIdFor('switch', 'hue', 'a1')).toBeUndefined();
    entities.update('light.lamp', { newEntityId: 'light.desk' });
    expect(entities.entityIdFor('light', 'hue', 'a1')).toBe('light.desk');
  });

  test('bad registrations get a ValidationError naming every bad field', () => {
    const { entities } = hostCore();
    const attempt = () =>
      entities.getOrCreate({
        domain: 'Light',
        platform: 'hue',
        uniqueId: '',
        supportedFeatures: -1,
        entityCategory: 'bogus' as 'config',
      });
    expect(attempt).toThrow(ValidationError);
    try {
      attempt();
    } catch (error) {
      expect((error as ValidationError).invalid.map((f) => f.path.join('.')).sort()).toEqual([
        'domain',
        'entityCategory',
        'supportedFeatures',
        'uniqueId',
      ]);
      expect((error as Error).message).toMatch(/supportedFeatures: expected a non-negative integer/);
    }
  });
});

describe('EntityRegistry.update and remove', () => {
  test('a rename moves the entry and the event names the old id', () => {
    const { entities, eventsOf } = hostCore();
    entities.getOrCreate({ ...hue, uniqueId: 'a1', suggestedObjectId: 'lamp' });
    const renamed = entities.update('light.lamp', { newEntityId: 'light.desk' });
    expect(renamed.entityId).toBe('light.desk');
    expect(entities.get('light.lamp')).toBeUndefined();
    expect(entities.get('light.desk')).toBe(renamed);
    expect(eventsOf('entity_registry_updated').at(-1)?.data).toEqual({
      action: 'update',
      entityId: 'light.desk',
      oldEntityId: 'light.lamp',
    });
  });

  test('renaming to an id in use, in another domain or malformed is a typed error', () => {
    const { entities, states } = hostCore();
    entities.getOrCreate({ ...hue, uniqueId: 'a1', suggestedObjectId: 'lamp' });
    entities.getOrCreate({ ...hue, uniqueId: 'a2', suggestedObjectId: 'desk' });
    states.set('light.legacy', 'on');
    expect(() => entities.update('light.lamp', { newEntityId: 'light.desk' })).toThrow(EntityIdTakenError);
    expect(() => entities.update('light.lamp', { newEntityId: 'light.legacy' })).toThrow(/already in use/);
    expect(() => entities.update('light.lamp', { newEntityId: 'switch.lamp' })).toThrow(EntityIdError);
    expect(() => entities.update('light.lamp', { newEntityId: 'switch.lamp' })).toThrow(
      /keep the "light\." domain/,
    );
    expect(() => entities.update('light.lamp', { newEntityId: 'light.Lamp' })).toThrow(/uppercase/);
    expect(entities.get('light.lamp')).toBeDefined();
  });

  test('updating an unknown entity, an unknown field or a bad value is a typed error', () => {
    const { entities } = hostCore();
    entities.getOrCreate({ ...hue, uniqueId: 'a1', suggestedObjectId: 'lamp' });
    expect(() => entities.update('light.nope', { name: 'x' })).toThrow(EntityNotFoundError);
    expect(() => entities.update('light.nope', { name: 'x' })).toThrow(/no entity "light\.nope"/);
    expect(() => entities.update('light.lamp', { colour: 'red' } as never)).toThrow(/colour: unknown field/);
    expect(() => entities.update('light.lamp', { disabledBy: 'admin' as never })).toThrow(
      /disabledBy: expected one of "user", "integration", "config_entry", null/,
    );
    expect(() => entities.update('light.lamp', { areaId: 'attic' })).toThrow(AreaNotFoundError);
  });

  test('user fields are set by update and an unchanged update fires nothing', () => {
    const { entities, areas, eventsOf } = hostCore();
    areas.create({ name: 'Study' });
    entities.getOrCreate({ ...hue, uniqueId: 'a1', suggestedObjectId: 'lamp' });
    const updated = entities.update('light.lamp', { name: 'Reading', icon: 'mdi:lamp', areaId: 'study' });
    expect(updated).toMatchObject({ name: 'Reading', icon: 'mdi:lamp', areaId: 'study' });
    const count = eventsOf('entity_registry_updated').length;
    expect(entities.update('light.lamp', { name: 'Reading' })).toBe(updated);
    expect(eventsOf('entity_registry_updated')).toHaveLength(count);
  });

  test('remove forgets the entry and its key; removing twice returns false', () => {
    const { entities, eventsOf } = hostCore();
    entities.getOrCreate({ ...hue, uniqueId: 'a1', suggestedObjectId: 'lamp' });
    expect(entities.remove('light.lamp')).toBe(true);
    expect(entities.entityIdFor('light', 'hue', 'a1')).toBeUndefined();
    expect(entities.remove('light.lamp')).toBe(false);
    expect(eventsOf('entity_registry_updated').at(-1)?.data).toEqual({
      action: 'remove',
      entityId: 'light.lamp',
    });
    expect(entities.getOrCreate({ ...hue, uniqueId: 'a1', suggestedObjectId: 'lamp' }).entityId).toBe(
      'light.lamp',
    );
  });

  test('entries are found by config entry and device, and removeConfigEntry removes exactly those', () => {
    const { entities } = hostCore();
    entities.getOrCreate({ ...hue, uniqueId: '1', deviceId: 'd1' });
    entities.getOrCreate({ ...hue, uniqueId: '2', deviceId: 'd2' });
    entities.getOrCreate({ ...hue, uniqueId: '3', configEntryId: 'entry-2', deviceId: 'd1' });
    expect(entities.entriesForDevice('d1').map((e) => e.uniqueId)).toEqual(['1', '3']);
    expect(entities.entriesForConfigEntry('entry-1').map((e) => e.uniqueId)).toEqual(['1', '2']);
    expect(entities.removeConfigEntry('entry-1')).toEqual(['light.hue_1', 'light.hue_2']);
    expect(entities.entries().map((e) => e.uniqueId)).toEqual(['3']);
  });

  test('removing a device removes its entities; removing an area clears it from its entities', () => {
    const { entities, devices, areas } = hostCore();
    const device = devices.getOrCreate({ configEntryId: 'entry-1', identifiers: [['hue', 'bridge']] });
    const area = areas.create({ name: 'Hall' });
    entities.getOrCreate({ ...hue, uniqueId: '1', deviceId: device.id });
    entities.getOrCreate({ ...hue, uniqueId: '2' });
    entities.update('light.hue_2', { areaId: area.id });
    devices.remove(device.id);
    areas.remove(area.id);
    expect(entities.entries().map((e) => [e.entityId, e.areaId])).toEqual([['light.hue_2', null]]);
  });
});

describe('EntityRegistry persistence', () => {
  test('every change is saved, and a new registry on the same store loads equal entries', async () => {
    const { entities, stores } = hostCore();
    entities.getOrCreate({ ...hue, uniqueId: '1', originalName: 'Lamp', capabilities: { modes: ['hs'] } });
    entities.getOrCreate({ ...hue, uniqueId: '2', disabledByDefault: true });
    entities.update('light.lamp', { name: 'Desk', newEntityId: 'light.desk' });
    expect(stores.entities.saves).toBe(3);
    expect(stores.entities.data?.version).toBe(1);

    const reloaded = new EntityRegistry(hostCore().bus, stores.entities);
    await reloaded.load();
    expect(reloaded.entries()).toEqual(entities.entries());
    expect(reloaded.entityIdFor('light', 'hue', '1')).toBe('light.desk');
    expect(reloaded.toData()).toEqual(entities.toData());
  });

  test('a burst of registrations builds the saved data once when it is written, not once per registration', () => {
    const { entities, stores } = hostCore();
    for (let i = 0; i < 2_000; i++) entities.getOrCreate({ ...hue, uniqueId: `u${i}` });
    expect(stores.entities.saves).toBe(2_000);
    expect(stores.entities.builds).toBe(0);
    expect(stores.entities.data?.entities).toHaveLength(2_000);
    expect(stores.entities.builds).toBe(1);
  });

  test('through the hub store, a burst of registrations is written once after the save delay', async () => {
    const clock = new SimulatedClock();
    const backend = new MemoryStoreBackend();
    let writes = 0;
    const write = backend.write.bind(backend);
    backend.write = (key, envelope) => {
      writes++;
      return write(key, envelope);
    };
    const stores = new StoreManager({ backend, clock, delaySaveMs: 1_000, logger: () => {} });
    const registry = new EntityRegistry(
      hostCore().bus,
      persistedFrom(stores.store<EntityRegistryData>('core.entity_registry', { version: 1 })),
    );
    for (let i = 0; i < 2_000; i++) registry.getOrCreate({ ...hue, uniqueId: `u${i}` });
    expect(writes).toBe(0);
    clock.increment(1_000);
    await stores.flush();
    expect(writes).toBe(1);
    const written = (await backend.read('core.entity_registry'))?.data as EntityRegistryData | undefined;
    expect(written?.entities).toHaveLength(2_000);
  });

  test('data of another version or with a broken entry is refused with a typed error', async () => {
    const { bus } = hostCore();
    const future = memoryPersisted({ version: 2, entities: [] } as unknown as EntityRegistryData);
    await expect(new EntityRegistry(bus, future).load()).rejects.toThrow(StoredDataError);
    await expect(new EntityRegistry(bus, future).load()).rejects.toThrow(/version 2.*upgrade Corral/);
    const broken = memoryPersisted({
      version: 1,
      entities: [{ entityId: 'Nope' }],
    } as unknown as EntityRegistryData);
    await expect(new EntityRegistry(bus, broken).load()).rejects.toThrow(/"Nope" is unusable/);
  });

  test('an empty store loads an empty registry', async () => {
    const registry = new EntityRegistry(hostCore().bus, memoryPersisted<EntityRegistryData>());
    await registry.load();
    expect(registry.entries()).toEqual([]);
  });
});
