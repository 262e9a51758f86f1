import { describe, expect, test } from 'vitest';
import { AreaExistsError, AreaNotFoundError, StoredDataError, ValidationError } from '../../src/errors.js';
import { type AreaData, AreaRegistry } from '../../src/host/area-registry.js';
import { memoryPersisted } from '../../src/host/persisted.js';
import { hostCore } from './support.js';

describe('AreaRegistry', () => {
  test('an area gets a slug of its name as id, de-duplicated when slugs collide', () => {
    const { areas, eventsOf } = hostCore();
    expect(areas.create({ name: ' Living Room ' })).toEqual({
      id: 'living_room',
      name: 'Living Room',
      aliases: [],
      icon: null,
    });
    expect(areas.create({ name: 'Living-Room' }).id).toBe('living_room_2');
    expect(areas.create({ name: '客厅' }).id).toBe('area');
    expect(eventsOf('area_registry_updated').map((e) => e.data)).toEqual([
      { action: 'create', areaId: 'living_room' },
      { action: 'create', areaId: 'living_room_2' },
      { action: 'create', areaId: 'area' },
    ]);
  });

  test('a second area with the same name, ignoring case and spaces, is a typed error naming the existing one', () => {
    const { areas } = hostCore();
    areas.create({ name: 'Living Room' });
    expect(() => areas.create({ name: 'living  room' })).toThrow(AreaExistsError);
    expect(() => areas.create({ name: 'LivingRoom' })).toThrow(/already exists \(id "living_room"\)/);
  });

  test('getOrCreateByName reuses an area whatever the case, else creates it', () => {
    const { areas } = hostCore();
    const kitchen = areas.getOrCreateByName('Kitchen');
    expect(areas.getOrCreateByName('KITCHEN')).toBe(kitchen);
    expect(areas.list()).toHaveLength(1);
  });

  test('a rename keeps the id; renaming onto another area’s name is refused', () => {
    const { areas } = hostCore();
    areas.create({ name: 'Office' });
    areas.create({ name: 'Den' });
    const renamed = areas.update('office', {
      name: 'Study',
      aliases: ['work', ' work ', ''],
      icon: 'mdi:desk',
    });
    expect(renamed).toEqual({ id: 'office', name: 'Study', aliases: ['work'], icon: 'mdi:desk' });
    expect(() => areas.update('office', { name: 'den' })).toThrow(AreaExistsError);
    expect(areas.update('office', { name: 'study' }).name).toBe('study');
  });

  test('an update that changes nothing fires nothing', () => {
    const { areas, eventsOf } = hostCore();
    const area = areas.create({ name: 'Den', aliases: ['tv'] });
    expect(areas.update('den', { name: 'Den', aliases: ['tv'] })).toBe(area);
    expect(eventsOf('area_registry_updated')).toHaveLength(1);
  });

  test('bad names and unknown ids are typed errors', () => {
    const { areas } = hostCore();
    expect(() => areas.create({ name: '   ' })).toThrow(ValidationError);
    expect(() => areas.create({ name: '   ' })).toThrow(/non-empty name/);
    expect(() => areas.update('nowhere', { name: 'x' })).toThrow(AreaNotFoundError);
    expect(() => areas.create({ name: 'x', aliases: 'a' as never })).toThrow(/aliases must be a list/);
    expect(areas.remove('nowhere')).toBe(false);
  });

  test('a new registry on the same store loads equal areas; another version is refused', async () => {
    const { areas, stores, bus } = hostCore();
    areas.create({ name: 'Hall', aliases: ['entry'] });
    areas.create({ name: 'Den' });
    areas.remove('den');
    const reloaded = new AreaRegistry(bus, stores.areas);
    await reloaded.load();
    expect(reloaded.list()).toEqual(areas.list());
    const future = memoryPersisted({ version: 3, areas: [] } as unknown as AreaData);
    await expect(new AreaRegistry(bus, future).load()).rejects.toThrow(StoredDataError);
  });
});
