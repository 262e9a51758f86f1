import { afterEach, describe, expect, test } from 'vitest';
import type { FlowAnswer } from '../../../src/host/flow-manager.js';
import {
  createEntry,
  type ExampleHub,
  recordEvents,
  runFlow,
  startExampleHub,
} from '../../../test/support/example-hub.js';

const CONNECTION = { host: 'hub.local', port: 8080 };
const TOKEN = { token: 'secret' };
const WEATHER = 'weather.demo_hub_weather';
const CALENDAR = 'calendar.demo_hub_maintenance';
const LAMP = 'light.demo_hub_lamp';
const TEMPERATURE = 'sensor.demo_hub_temperature';

let example: ExampleHub;
afterEach(async () => {
  await example?.cleanup();
});

async function withHub(choice: 'lights' | 'sensors' | 'both' = 'both'): Promise<string> {
  example = await startExampleHub();
  return createEntry(example.hub, 'demo_hub', [CONNECTION, { next_step_id: choice }, TOKEN]);
}

function formOf(answer: FlowAnswer) {
  if (answer.type !== 'form') throw new Error(`expected a form, got ${JSON.stringify(answer)}`);
  return answer;
}

describe('demo_hub config flow', () => {
  test('the user step asks for a host and a port defaulting to 8080', async () => {
    example = await startExampleHub();
    const answer = formOf(await example.hub.flows.start('demo_hub'));
    expect(answer.stepId).toBe('user');
    expect(answer.schema).toMatchObject({
      properties: { host: { type: 'string' }, port: { type: 'number', default: 8080 } },
      required: ['host'],
    });
  });

  test('an unreachable host shows the form again with cannot_connect, keeping what was typed', async () => {
    example = await startExampleHub();
    const answer = formOf(await runFlow(example.hub, 'demo_hub', [{ host: 'unreachable', port: 1234 }]));
    expect(answer).toMatchObject({ stepId: 'user', errors: { base: 'cannot_connect' } });
    expect(answer.schema?.properties).toMatchObject({
      host: { default: 'unreachable' },
      port: { default: 1234 },
    });
  });

  test.each([0, 70_000, 80.5])('port %s is refused with invalid_port', async (port) => {
    example = await startExampleHub();
    const answer = await runFlow(example.hub, 'demo_hub', [{ host: 'hub.local', port }]);
    expect(answer).toMatchObject({ type: 'form', stepId: 'user', errors: { port: 'invalid_port' } });
  });

  test('a reachable hub leads to a menu of Lights, Sensors and Both, labels and order kept', async () => {
    example = await startExampleHub();
    const answer = await runFlow(example.hub, 'demo_hub', [CONNECTION]);
    expect(answer).toMatchObject({
      type: 'menu',
      stepId: 'platforms',
      uniqueId: 'hub.local',
      descriptionPlaceholders: { host: 'hub.local' },
      menuOptions: [
        { id: 'lights', label: 'Lights' },
        { id: 'sensors', label: 'Sensors' },
        { id: 'both', label: 'Both' },
      ],
    });
  });

  test('a menu choice leads to the token step, whose answer creates a loaded entry', async () => {
    example = await startExampleHub();
    const token = formOf(await runFlow(example.hub, 'demo_hub', [CONNECTION, { next_step_id: 'sensors' }]));
    expect(token).toMatchObject({ stepId: 'credentials', lastStep: true });
    const done = await example.hub.flows.configure(token.flowId, TOKEN);
    expect(done).toMatchObject({
      type: 'create_entry',
      title: 'Demo Hub (hub.local)',
      data: { host: 'hub.local', port: 8080, platforms: ['sensor'], token: 'secret' },
      uniqueId: 'hub.local',
    });
    expect(done.entryId && example.hub.entries.state(done.entryId)).toBe('loaded');
  });

  test('a refused token shows the token step again with invalid_auth', async () => {
    example = await startExampleHub();
    const answer = await runFlow(example.hub, 'demo_hub', [
      CONNECTION,
      { next_step_id: 'both' },
      { token: 'wrong' },
    ]);
    expect(answer).toMatchObject({ type: 'form', stepId: 'credentials', errors: { token: 'invalid_auth' } });
    expect(example.hub.entries.list()).toEqual([]);
  });

  test.each([
    ['lights', [LAMP], [TEMPERATURE]],
    ['sensors', [TEMPERATURE], [LAMP]],
    ['both', [LAMP, TEMPERATURE], []],
  ] as const)(
    'choosing %s sets up %j beside the weather and calendar, and not %j',
    async (choice, present, absent) => {
      await withHub(choice);
      const ids = example.hub.states.all().map((state) => state.entityId);
      expect(ids).toEqual(expect.arrayContaining([WEATHER, CALENDAR, ...present]));
      for (const id of absent) expect(ids).not.toContain(id);
    },
  );

  test('a second flow for the same host aborts as already_configured', async () => {
    await withHub();
    const again = await runFlow(example.hub, 'demo_hub', [{ host: 'hub.local', port: 9090 }]);
    expect(again).toMatchObject({ type: 'abort', reason: 'already_configured' });
    expect(example.hub.entries.list()).toHaveLength(1);
    expect(example.hub.flows.inProgress()).toEqual([]);
  });

  test('an aborted flow is gone: not in progress, and a step on it is an unknown flow', async () => {
    await withHub();
    const form = await example.hub.flows.start('demo_hub');
    await example.hub.flows.abort(form.flowId);
    expect(example.hub.flows.inProgress()).toEqual([]);
    await expect(example.hub.flows.configure(form.flowId, { host: 'x.local' })).rejects.toMatchObject({
      type: 'unknown_flow',
    });
  });

  test('reauth asks for a new token for the entry’s host, stores it and reloads the entry', async () => {
    const entryId = await withHub();
    const states = recordEvents<{ entryId: string; state: string }>(
      example.hub,
      'config_entry_state_changed',
    );
    const form = formOf(await example.hub.flows.start('demo_hub', { source: 'reauth', entryId }));
    expect(form).toMatchObject({ stepId: 'reauth', descriptionPlaceholders: { host: 'hub.local' } });
    const refused = await example.hub.flows.configure(form.flowId, { token: 'wrong' });
    expect(refused).toMatchObject({ type: 'form', errors: { token: 'invalid_auth' } });
    const done = await example.hub.flows.configure(form.flowId, { token: 'fresh' });
    expect(done).toMatchObject({ type: 'create_entry', entryId });
    expect(example.hub.entries.get(entryId)?.data).toMatchObject({ host: 'hub.local', token: 'fresh' });
    expect(example.hub.entries.list()).toHaveLength(1);
    expect(states.map((change) => change.state)).toEqual([
      'unload_in_progress',
      'setup_in_progress',
      'loaded',
    ]);
  });

  test('the options flow sets the polling interval, offering the current one, and the entry uses it', async () => {
    const entryId = await withHub();
    const first = formOf(await example.hub.flows.start('demo_hub', { kind: 'options', entryId }));
    expect(first).toMatchObject({
      stepId: 'init',
      schema: { properties: { scan_interval: { default: 30 } } },
    });
    const tooShort = await example.hub.flows.configure(first.flowId, { scan_interval: 1 });
    expect(tooShort.type === 'form' && Object.keys(tooShort.errors)).toEqual(['scan_interval']);
    await example.hub.flows.configure(first.flowId, { scan_interval: 60 });
    expect(example.hub.entries.get(entryId)?.options).toEqual({ scan_interval: 60 });
    const status = await example.hub.services.call('demo_hub', 'get_status', {}, { returnResponse: true });
    expect(status).toMatchObject({ scan_interval: 60 });
    const second = formOf(await example.hub.flows.start('demo_hub', { kind: 'options', entryId }));
    expect(second.schema).toMatchObject({ properties: { scan_interval: { default: 60 } } });
  });
});

describe('demo_hub device and entities', () => {
  test('the hub is one device, identified by its host, holding every entity', async () => {
    const entryId = await withHub();
    const device = example.hub.devices.findByIdentifier(['demo_hub', 'hub.local']);
    expect(device).toMatchObject({
      name: 'Demo Hub',
      manufacturer: 'Corral Demo',
      swVersion: '1.0.0',
      configurationUrl: 'http://hub.local:8080',
      configEntries: [entryId],
    });
    const onDevice = example.hub.entities.entriesForDevice(device!.id).map((entity) => entity.entityId);
    expect(onDevice.sort()).toEqual([CALENDAR, LAMP, TEMPERATURE, WEATHER]);
  });

  test('the weather entity reports current conditions and answers a daily forecast query', async () => {
    await withHub();
    expect(example.hub.states.get(WEATHER)).toMatchObject({
      state: 'sunny',
      attributes: { temperature: 21.5, humidity: 45, temperature_unit: '°C', supported_features: 1 },
    });
    const answer = (await example.hub.platform.query(WEATHER, 'get_forecasts', { type: 'daily' })) as {
      forecast: { datetime: string; condition: string; temperature: number; templow: number }[];
    };
    expect(answer.forecast.map((day) => day.condition)).toEqual([
      'sunny',
      'partlycloudy',
      'rainy',
      'cloudy',
      'sunny',
    ]);
    expect(answer.forecast[0]).toMatchObject({ temperature: 20, templow: 12 });
    const days = answer.forecast.map((day) => Date.parse(day.datetime));
    expect(days.slice(1).map((day, index) => day - days[index]!)).toEqual([1, 2, 3, 4].map(() => 86_400_000));
  });

  test('an hourly forecast is refused: the weather entity declares daily ones only', async () => {
    await withHub();
    await expect(
      example.hub.platform.query(WEATHER, 'get_forecasts', { type: 'hourly' }),
    ).rejects.toMatchObject({
      type: 'feature_not_supported',
    });
  });

  test('the calendar answers with one maintenance slot per day of the range', async () => {
    await withHub();
    const answer = await example.hub.platform.query(CALENDAR, 'get_events', {
      start_date_time: '2030-01-01T00:00:00Z',
      end_date_time: '2030-01-03T00:00:00Z',
    });
    expect(answer).toEqual({
      events: ['2030-01-01', '2030-01-02'].map((day) => ({
        summary: 'Filter check',
        start: `${day}T09:00:00.000Z`,
        end: `${day}T09:30:00.000Z`,
        all_day: false,
        description: null,
        location: 'Utility room',
        uid: `filter-check-${day}`,
      })),
    });
    expect(example.hub.states.get(CALENDAR)?.attributes).toMatchObject({ message: 'Filter check' });
  });

  test('the lamp follows the light services', async () => {
    await withHub();
    await example.hub.services.call('light', 'turn_on', {}, { target: { entity_id: LAMP } });
    expect(example.hub.states.get(LAMP)?.state).toBe('on');
    await example.hub.services.call('light', 'toggle', {}, { target: { entity_id: LAMP } });
    expect(example.hub.states.get(LAMP)?.state).toBe('off');
  });
});

describe('demo_hub services, events and store', () => {
  test('get_status answers only when a response is asked for, with the host and uptime', async () => {
    await withHub();
    const status = await example.hub.services.call('demo_hub', 'get_status', {}, { returnResponse: true });
    expect(status).toEqual({ host: 'hub.local', uptime: expect.any(Number), scan_interval: 30 });
    expect(status?.uptime).toBeGreaterThanOrEqual(0);
    await expect(example.hub.services.call('demo_hub', 'get_status')).rejects.toMatchObject({
      type: 'service_response',
    });
  });

  test('press_button fires demo_hub_button_pressed with the button and a running count', async () => {
    await withHub();
    const pressed = recordEvents(example.hub, 'demo_hub_button_pressed');
    await example.hub.services.call('demo_hub', 'press_button', {});
    await example.hub.services.call('demo_hub', 'press_button', { button: 'left' });
    expect(pressed).toEqual([
      { host: 'hub.local', button: 'main', presses: 1 },
      { host: 'hub.local', button: 'left', presses: 2 },
    ]);
    await expect(
      example.hub.services.call('demo_hub', 'press_button', { button: 'up' }),
    ).rejects.toMatchObject({
      type: 'validation_error',
    });
  });

  test('the integration may fire events in its own namespace only, never state_changed', async () => {
    await withHub();
    const relayed = recordEvents(example.hub, 'demo_hub_doorbell');
    const forged = recordEvents(example.hub, 'state_changed');
    await example.hub.services.call('demo_hub', 'relay_event', { event_type: 'demo_hub_doorbell' });
    expect(relayed).toEqual([{ host: 'hub.local' }]);
    for (const eventType of ['state_changed', 'light_turned_on', 'demo_hubby']) {
      await expect(
        example.hub.services.call('demo_hub', 'relay_event', { event_type: eventType }),
      ).rejects.toMatchObject({ type: 'event_not_allowed' });
    }
    expect(forged).toEqual([]);
  });

  test('a restart brings back the entry, device, entities and the stored press count', async () => {
    const entryId = await withHub();
    await example.hub.services.call('demo_hub', 'press_button', {});
    await example.hub.services.call('demo_hub', 'press_button', {});

    example = await example.restart();
    const { hub } = example;
    expect(hub.entries.state(entryId)).toBe('loaded');
    expect(hub.entries.get(entryId)?.uniqueId).toBe('hub.local');
    expect(hub.devices.findByIdentifier(['demo_hub', 'hub.local'])?.configEntries).toEqual([entryId]);
    expect(
      hub.states
        .all()
        .map((state) => state.entityId)
        .sort(),
    ).toEqual([CALENDAR, LAMP, TEMPERATURE, WEATHER]);
    const pressed = recordEvents<{ presses: number }>(hub, 'demo_hub_button_pressed');
    await hub.services.call('demo_hub', 'press_button', {});
    expect(pressed.map((event) => event.presses)).toEqual([3]);
  });
});
