import { afterEach, describe, expect, test } from 'vitest';
import type { Hub } from '../../../src/host/hub.js';
import type { State } from '../../../src/host/types.js';
import {
  createEntry,
  type ExampleHub,
  recordEvents,
  sleep,
  startExampleHub,
  waitForState,
} from '../../../test/support/example-hub.js';

const TEMPERATURE = 'sensor.demo_sensor_temperature';
const HUMIDITY = 'sensor.demo_sensor_humidity';
/** One period of the sine (12 samples) of temperature in °C, and the first humidities in %. */
const TEMPERATURES = ['20', '22.5', '24.3', '25', '24.3', '22.5', '20', '17.5', '15.7', '15', '15.7', '17.5'];
const HUMIDITIES = ['60', '58.7', '55', '50', '45'];
/** Long enough that no tick happens during a test. */
const NO_TICKS = { update_interval: 3600, temperature_unit: '°C' };
const FAST = { update_interval: 0.02, temperature_unit: '°C' };

let example: ExampleHub;
afterEach(async () => {
  await example?.cleanup();
});

function stateOf(entityId: string): State {
  const state = example.hub.states.get(entityId);
  if (!state) throw new Error(`no state for ${entityId}`);
  return state;
}

/** States of `entityId` written from now on (unavailable ones included). */
function recordStates(hub: Hub, entityId: string): State[] {
  const seen: State[] = [];
  hub.bus.listen('state_changed', ({ data }) => {
    if (data.entityId === entityId && data.newState) seen.push(data.newState);
  });
  return seen;
}

describe('demo_sensor config flow', () => {
  test('the user step asks for seconds between samples and a temperature unit', async () => {
    example = await startExampleHub();
    const answer = await example.hub.flows.start('demo_sensor');
    expect(answer.type === 'form' && answer.schema?.properties).toMatchObject({
      update_interval: { type: 'number', minimum: 0.01, maximum: 3600, default: 30 },
      temperature_unit: { enum: ['°C', '°F'], default: '°C' },
    });
  });

  test('an interval below the minimum shows the form again with an error on that field', async () => {
    example = await startExampleHub();
    const { flowId } = await example.hub.flows.start('demo_sensor');
    const answer = await example.hub.flows.configure(flowId, { update_interval: 0 });
    expect(answer).toMatchObject({ type: 'form', stepId: 'user' });
    expect(answer.type === 'form' && Object.keys(answer.errors)).toEqual(['update_interval']);
    expect(example.hub.entries.list()).toEqual([]);
  });

  test('a completed flow creates a loaded entry holding the interval and unit', async () => {
    example = await startExampleHub();
    const entryId = await createEntry(example.hub, 'demo_sensor', [NO_TICKS]);
    expect(example.hub.entries.state(entryId)).toBe('loaded');
    expect(example.hub.entries.get(entryId)).toMatchObject({ title: 'Demo Sensor', data: NO_TICKS });
  });
});

describe('demo_sensor readings', () => {
  test('a new station reads at once, each sensor with its device class, unit and state class', async () => {
    example = await startExampleHub();
    await createEntry(example.hub, 'demo_sensor', [NO_TICKS]);
    expect(stateOf(TEMPERATURE)).toMatchObject({
      state: '20',
      attributes: {
        // hasEntityName: the name is relative to the device's.
        friendly_name: 'Demo Sensor Temperature',
        device_class: 'temperature',
        unit_of_measurement: '°C',
        state_class: 'measurement',
        sample: 0,
      },
    });
    expect(stateOf(HUMIDITY)).toMatchObject({
      state: '60',
      attributes: {
        device_class: 'humidity',
        unit_of_measurement: '%',
        state_class: 'measurement',
        sample: 0,
      },
    });
  });

  test('each tick takes the next sample of the sine', async () => {
    example = await startExampleHub();
    const temperatures = recordStates(example.hub, TEMPERATURE);
    const humidities = recordStates(example.hub, HUMIDITY);
    await createEntry(example.hub, 'demo_sensor', [FAST]);
    await waitForState(example.hub, TEMPERATURE, (state) => state.attributes.sample === 4);
    expect(temperatures.map((state) => state.state)).toEqual(TEMPERATURES.slice(0, 5));
    expect(humidities.map((state) => state.state)).toEqual(HUMIDITIES);
  });

  test('a Fahrenheit station reports the same reading converted', async () => {
    example = await startExampleHub();
    await createEntry(example.hub, 'demo_sensor', [{ ...NO_TICKS, temperature_unit: '°F' }]);
    expect(stateOf(TEMPERATURE)).toMatchObject({ state: '68', attributes: { unit_of_measurement: '°F' } });
    expect(stateOf(HUMIDITY).attributes.unit_of_measurement).toBe('%');
  });

  test('the station is one device holding both sensors', async () => {
    example = await startExampleHub();
    const entryId = await createEntry(example.hub, 'demo_sensor', [NO_TICKS]);
    const device = example.hub.devices.findByIdentifier(['demo_sensor', entryId]);
    expect(device).toMatchObject({
      name: 'Demo Sensor',
      manufacturer: 'Corral Demo',
      model: 'Sine Wave Station',
    });
    expect(example.hub.devices.list()).toHaveLength(1);
    expect(
      example.hub.entities
        .entriesForDevice(device!.id)
        .map((entity) => entity.entityId)
        .sort(),
    ).toEqual([HUMIDITY, TEMPERATURE]);
  });

  test('unloading the entry clears the timer: no samples and no state changes afterwards', async () => {
    example = await startExampleHub();
    const samples = recordEvents<{ sample: number }>(example.hub, 'demo_sensor_sampled');
    const entryId = await createEntry(example.hub, 'demo_sensor', [FAST]);
    await waitForState(example.hub, TEMPERATURE, (state) => state.attributes.sample === 2);
    await example.hub.entries.unload(entryId);
    expect(example.hub.entries.state(entryId)).toBe('not_loaded');
    expect(stateOf(TEMPERATURE).state).toBe('unavailable');
    const sampledBeforeUnload = samples.length;
    const changes = recordStates(example.hub, TEMPERATURE);
    await sleep(150);
    expect(samples).toHaveLength(sampledBeforeUnload);
    expect(changes).toEqual([]);
  });
});

describe('demo_sensor across restarts', () => {
  test('after a restart each sensor shows its last reading, and the next sample continues the sequence', async () => {
    example = await startExampleHub();
    const entryId = await createEntry(example.hub, 'demo_sensor', [{ ...FAST, update_interval: 0.05 }]);
    await waitForState(example.hub, TEMPERATURE, (state) => state.attributes.sample === 2);
    expect(stateOf(TEMPERATURE).state).toBe(TEMPERATURES[2]);
    // Samples keep coming until the hub stops: the last one before the stop is what must come back.
    const beforeTemperatures = recordStates(example.hub, TEMPERATURE);
    const beforeHumidities = recordStates(example.hub, HUMIDITY);
    const lastOf = (states: State[], fallback: State) =>
      states.filter((state) => state.state !== 'unavailable').at(-1) ?? fallback;
    const atSample2 = { temperature: stateOf(TEMPERATURE), humidity: stateOf(HUMIDITY) };

    let temperatures: State[] = [];
    let humidities: State[] = [];
    example = await example.restart({
      beforeStart: (hub) => {
        temperatures = recordStates(hub, TEMPERATURE);
        humidities = recordStates(hub, HUMIDITY);
      },
    });
    const lastTemperature = lastOf(beforeTemperatures, atSample2.temperature);
    const lastHumidity = lastOf(beforeHumidities, atSample2.humidity);
    const lastSample = Number(lastTemperature.attributes.sample);
    expect(example.hub.entries.state(entryId)).toBe('loaded');
    expect(temperatures[0]).toMatchObject({
      state: lastTemperature.state,
      attributes: { sample: lastSample },
    });
    expect(humidities[0]).toMatchObject({ state: lastHumidity.state, attributes: { sample: lastSample } });

    await waitForState(example.hub, TEMPERATURE, (state) => state.attributes.sample === lastSample + 1);
    expect(stateOf(TEMPERATURE).state).toBe(TEMPERATURES[(lastSample + 1) % TEMPERATURES.length]);
    expect(example.hub.devices.findByIdentifier(['demo_sensor', entryId])).toBeDefined();
    expect(example.hub.entities.get(TEMPERATURE)?.configEntryId).toBe(entryId);
  });
});
