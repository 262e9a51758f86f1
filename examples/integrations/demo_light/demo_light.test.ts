import { afterEach, describe, expect, test } from 'vitest';
import { createEntry, type ExampleHub, runFlow, startExampleHub } from '../../../test/support/example-hub.js';

const KITCHEN = { name: 'Kitchen', count: 3, area: 'Kitchen' };
const KITCHEN_LIGHTS = ['light.kitchen_1', 'light.kitchen_2', 'light.kitchen_3'];

let example: ExampleHub;
afterEach(async () => {
  await example?.cleanup();
});

async function withKitchen(): Promise<{ example: ExampleHub; entryId: string }> {
  example = await startExampleHub();
  const entryId = await createEntry(example.hub, 'demo_light', [KITCHEN]);
  return { example, entryId };
}

function stateOf(entityId: string) {
  const state = example.hub.states.get(entityId);
  if (!state) throw new Error(`no state for ${entityId}`);
  return state;
}

describe('demo_light config flow', () => {
  test('the user step asks for a name prefix, a light count of 1 to 10 defaulting to 3, and an area', async () => {
    example = await startExampleHub();
    const answer = await example.hub.flows.start('demo_light');
    expect(answer).toMatchObject({ type: 'form', stepId: 'user', errors: {} });
    const schema = answer.type === 'form' ? answer.schema : null;
    expect(schema?.properties).toMatchObject({
      name: { type: 'string', default: 'Demo' },
      count: { type: 'integer', minimum: 1, maximum: 10, default: 3 },
      area: { enum: ['Living Room', 'Kitchen', 'Bedroom', 'Office'], default: 'Living Room' },
    });
  });

  test('an out-of-range count and a blank name each show the form again with an error on that field', async () => {
    example = await startExampleHub();
    const { flowId } = await example.hub.flows.start('demo_light');
    const tooMany = await example.hub.flows.configure(flowId, { ...KITCHEN, count: 11 });
    expect(tooMany).toMatchObject({ type: 'form', stepId: 'user' });
    expect(tooMany.type === 'form' && Object.keys(tooMany.errors)).toEqual(['count']);
    const blank = await example.hub.flows.configure(flowId, { ...KITCHEN, name: '   ' });
    expect(blank).toMatchObject({ type: 'form', errors: { name: 'name_required' } });
    const done = await example.hub.flows.configure(flowId, KITCHEN);
    expect(done).toMatchObject({ type: 'create_entry', title: 'Kitchen' });
  });

  test('a completed flow creates a loaded entry holding the answers', async () => {
    const { entryId } = await withKitchen();
    expect(example.hub.entries.state(entryId)).toBe('loaded');
    expect(example.hub.entries.get(entryId)).toMatchObject({
      domain: 'demo_light',
      title: 'Kitchen',
      data: KITCHEN,
      source: 'user',
    });
  });

  test('an empty submission takes the defaults: three lights named Demo in the living room', async () => {
    example = await startExampleHub();
    const answer = await runFlow(example.hub, 'demo_light', [{}]);
    expect(answer).toMatchObject({
      type: 'create_entry',
      data: { name: 'Demo', count: 3, area: 'Living Room' },
    });
    expect(example.hub.states.all('light').map((state) => state.entityId)).toEqual([
      'light.demo_1',
      'light.demo_2',
      'light.demo_3',
    ]);
  });

  test('the German form strings come from de.json and fall back to English per key', async () => {
    example = await startExampleHub();
    const strings = await example.hub.catalog.translations.get('de', ['demo_light'], 'config');
    expect(strings).toMatchObject({
      'component.demo_light.config.step.user.title': 'Demo-Lampen hinzufügen',
      'component.demo_light.config.step.user.data.count': 'Anzahl der Lampen',
      'component.demo_light.config.step.user.data.area': 'Area',
      'component.demo_light.config.error.name_required': 'Give the lights a name.',
    });
  });
});

describe('demo_light entities and devices', () => {
  test('each light is an entity named after the prefix, off, with its colour capabilities', async () => {
    await withKitchen();
    expect(example.hub.states.all('light').map((state) => state.entityId)).toEqual(KITCHEN_LIGHTS);
    expect(stateOf('light.kitchen_2')).toMatchObject({
      state: 'off',
      attributes: {
        friendly_name: 'Kitchen 2',
        brightness: null,
        color_mode: null,
        supported_color_modes: ['color_temp'],
        min_color_temp_kelvin: 2000,
        max_color_temp_kelvin: 6500,
        color_temp_kelvin: 2700,
      },
    });
  });

  test('each light is its own device, in the area chosen in the form', async () => {
    const { entryId } = await withKitchen();
    const { devices, entities, areas } = example.hub;
    const kitchen = areas.getByName('Kitchen');
    expect(kitchen).toMatchObject({ id: 'kitchen', name: 'Kitchen' });
    const lightDevices = devices.list().filter((device) => device.configEntries.includes(entryId));
    expect(lightDevices).toHaveLength(3);
    for (const [index, entityId] of KITCHEN_LIGHTS.entries()) {
      const device = devices.findByIdentifier(['demo_light', `${entryId}_${index + 1}`]);
      expect(device).toMatchObject({
        name: `Kitchen ${index + 1}`,
        manufacturer: 'Corral Demo',
        model: 'Tunable White Bulb',
        areaId: 'kitchen',
      });
      expect(entities.get(entityId)).toMatchObject({ deviceId: device?.id, configEntryId: entryId });
    }
  });
});

describe('demo_light services', () => {
  test('turn_on aimed at the area turns every light in it on at the given brightness', async () => {
    await withKitchen();
    await example.hub.services.call(
      'light',
      'turn_on',
      { brightness: 128 },
      { target: { area_id: 'kitchen' } },
    );
    for (const entityId of KITCHEN_LIGHTS) {
      expect(stateOf(entityId)).toMatchObject({
        state: 'on',
        attributes: { brightness: 128, color_mode: 'color_temp' },
      });
    }
  });

  test('turn_off and toggle act only on the lights they target', async () => {
    await withKitchen();
    const { services } = example.hub;
    await services.call('light', 'turn_on', {}, { target: { area_id: 'kitchen' } });
    await services.call('light', 'turn_off', {}, { target: { entity_id: 'light.kitchen_1' } });
    await services.call('light', 'toggle', {}, { target: { entity_id: ['light.kitchen_2'] } });
    expect(KITCHEN_LIGHTS.map((id) => stateOf(id).state)).toEqual(['off', 'off', 'on']);
    await services.call(
      'light',
      'toggle',
      { brightness_pct: 50 },
      { target: { entity_id: 'light.kitchen_1' } },
    );
    expect(stateOf('light.kitchen_1')).toMatchObject({ state: 'on', attributes: { brightness: 128 } });
  });

  test('a state changed by a service call carries that call’s context; the lights it did not touch keep theirs', async () => {
    await withKitchen();
    const { services, bus } = example.hub;
    const calls: string[] = [];
    bus.listen('call_service', ({ context }) => calls.push(context.id));
    const untouched = stateOf('light.kitchen_2').context.id;
    await services.call('light', 'turn_on', { brightness: 9 }, { target: { entity_id: 'light.kitchen_1' } });
    expect(calls).toHaveLength(1);
    expect(stateOf('light.kitchen_1').context.id).toBe(calls[0]);
    expect(stateOf('light.kitchen_2').context.id).toBe(untouched);
    await services.call('light', 'turn_off', {}, { target: { entity_id: 'light.kitchen_1' } });
    expect(stateOf('light.kitchen_1').context.id).toBe(calls[1]);
  });

  test('a light turned on without a brightness returns to its last level', async () => {
    await withKitchen();
    const { services } = example.hub;
    const target = { entity_id: 'light.kitchen_1' };
    await services.call('light', 'turn_on', { brightness: 40 }, { target });
    await services.call('light', 'turn_off', {}, { target });
    expect(stateOf('light.kitchen_1').attributes.brightness).toBeNull();
    await services.call('light', 'turn_on', {}, { target });
    expect(stateOf('light.kitchen_1')).toMatchObject({ state: 'on', attributes: { brightness: 40 } });
  });

  test('a colour temperature outside the light’s range is clamped to it', async () => {
    await withKitchen();
    const target = { entity_id: 'light.kitchen_3' };
    await example.hub.services.call('light', 'turn_on', { color_temp_kelvin: 9000 }, { target });
    expect(stateOf('light.kitchen_3').attributes.color_temp_kelvin).toBe(6500);
    await example.hub.services.call('light', 'turn_on', { color_temp_kelvin: 1000 }, { target });
    expect(stateOf('light.kitchen_3').attributes.color_temp_kelvin).toBe(2000);
  });

  test('a brightness above 255 is refused before it reaches a light', async () => {
    await withKitchen();
    await expect(
      example.hub.services.call(
        'light',
        'turn_on',
        { brightness: 300 },
        { target: { entity_id: KITCHEN_LIGHTS } },
      ),
    ).rejects.toMatchObject({ type: 'validation_error' });
    expect(KITCHEN_LIGHTS.map((id) => stateOf(id).state)).toEqual(['off', 'off', 'off']);
  });
});

describe('demo_light across restarts', () => {
  test('a restart brings back the entry, entities, devices and area, and each light’s state and brightness', async () => {
    const { entryId } = await withKitchen();
    const { services } = example.hub;
    await services.call(
      'light',
      'turn_on',
      { brightness: 200, color_temp_kelvin: 4000 },
      {
        target: { entity_id: 'light.kitchen_1' },
      },
    );
    await services.call('light', 'turn_on', { brightness: 60 }, { target: { entity_id: 'light.kitchen_3' } });
    const devicesBefore = example.hub.devices.list().map((device) => device.id);

    example = await example.restart();
    const { hub } = example;
    expect(hub.entries.list().map((entry) => entry.entryId)).toEqual([entryId]);
    expect(hub.entries.state(entryId)).toBe('loaded');
    expect(hub.areas.list().map((area) => area.id)).toEqual(['kitchen']);
    expect(hub.devices.list().map((device) => device.id)).toEqual(devicesBefore);
    expect(hub.states.all('light').map((state) => state.entityId)).toEqual(KITCHEN_LIGHTS);
    expect(stateOf('light.kitchen_1')).toMatchObject({
      state: 'on',
      attributes: { brightness: 200, color_temp_kelvin: 4000 },
    });
    expect(stateOf('light.kitchen_2')).toMatchObject({ state: 'off', attributes: { brightness: null } });
    expect(stateOf('light.kitchen_3')).toMatchObject({ state: 'on', attributes: { brightness: 60 } });
  });

  test('removing the entry removes its entities, states and devices but leaves the area', async () => {
    const { entryId } = await withKitchen();
    await example.hub.entries.remove(entryId);
    expect(example.hub.entries.list()).toEqual([]);
    expect(example.hub.states.all('light')).toEqual([]);
    expect(example.hub.entities.entriesForConfigEntry(entryId)).toEqual([]);
    expect(example.hub.devices.list()).toEqual([]);
    expect(example.hub.areas.getByName('Kitchen')).toBeDefined();
  });
});
