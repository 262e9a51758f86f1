import { describe, expect, test } from 'vitest';
import { RemoteError } from '../../src/errors.js';
import {
  dataSchema,
  type Forecast,
  field,
  form,
  WeatherEntity,
  WeatherEntityFeature,
} from '../../src/sdk/index.js';
import type { EntitySink, SdkEntity, ServiceCallInfo } from '../../src/sdk/types.js';
import { decodeJson, encodeJson } from '../../src/wire/json.js';
import { supportsResponseFromWire } from '../../src/wire/messages.js';
import { Msg, type Received } from '../../src/wire/protocol.js';
import { within } from '../support/async.js';
import { integration, Lamp } from './fixtures.js';
import { framesOf, startSandbox } from './harness.js';

class Station extends WeatherEntity {
  override async getForecasts(): Promise<Forecast[]> {
    return [{ datetime: '2026-01-01T00:00:00Z', native_temperature: 3 } as unknown as Forecast];
  }
}

/** A bare SdkEntity of the `switch` domain whose services answer with what they were given. */
function echoSwitch(uniqueId: string): SdkEntity {
  let sink: EntitySink | null = null;
  return {
    platform: 'switch',
    uniqueId,
    restoreState: false,
    identity: () => ({
      name: uniqueId,
      icon: null,
      entityCategory: null,
      deviceClass: null,
      supportedFeatures: 0,
      translationKey: null,
      deviceInfo: null,
      hasEntityName: false,
      unitOfMeasurement: null,
    }),
    report: () => ({ state: 'off', attributes: {}, capabilities: {} }),
    attach: (s) => {
      sink = s;
    },
    detach: () => {
      sink = null;
    },
    handleService: async (service, data) => ({ service, data, attached: sink !== null }),
    query: async () => null,
  };
}

describe('entity domain services', () => {
  test('call_service on an entity domain reaches the targeted entities of that domain only', async () => {
    const a = new Lamp('a');
    const b = new Lamp('b');
    const { definition } = integration((api) => api.addEntities([a, b]));
    const harness = await startSandbox({ integrations: { fixture: definition } });
    await harness.setup();
    await harness.callService('light', 'turn_on', {
      entityIds: ['light:a@entry-1', 'switch:a@entry-1', 'light:unknown@entry-1'],
      data: { brightness: 128 },
    });
    expect([a.isOn, a.brightness]).toEqual([true, 128]);
    expect(b.isOn).toBe(false);
  });

  test("an entity's validation error reaches the host with its type and field paths", async () => {
    const { definition } = integration((api) => api.addEntities([new Lamp('a')]));
    const harness = await startSandbox({ integrations: { fixture: definition } });
    await harness.setup();
    const failure = harness.callService('light', 'turn_on', {
      entityIds: ['light:a@entry-1'],
      data: { brightness: 300 },
    });
    await expect(failure).rejects.toBeInstanceOf(RemoteError);
    await expect(failure).rejects.toMatchObject({
      type: 'validation_error',
      invalid: [expect.objectContaining({ path: ['brightness'] })],
    });
  });

  test('a feature the entity lacks is refused with feature_not_supported', async () => {
    const { definition } = integration((api) => api.addEntities([new Lamp('a')]));
    const harness = await startSandbox({ integrations: { fixture: definition } });
    await harness.setup();
    await expect(
      harness.callService('light', 'turn_on', {
        entityIds: ['light:a@entry-1'],
        data: { effect: 'rainbow' },
      }),
    ).rejects.toMatchObject({ type: 'feature_not_supported' });
  });

  test('with return_response the answer is a map of each targeted entity to its response', async () => {
    const { definition } = integration((api) => api.addEntities([echoSwitch('x'), echoSwitch('y')]));
    const harness = await startSandbox({ integrations: { fixture: definition } });
    await harness.setup();
    const response = await harness.callService('switch', 'turn_on', {
      entityIds: ['switch:x@entry-1', 'switch:y@entry-1'],
      data: { level: 1 },
      returnResponse: true,
    });
    expect(response).toEqual({
      'switch:x@entry-1': { service: 'turn_on', data: { level: 1 }, attached: true },
      'switch:y@entry-1': { service: 'turn_on', data: { level: 1 }, attached: true },
    });
  });

  test('a service of a domain nobody here provides is service_not_found', async () => {
    const harness = await startSandbox();
    await expect(harness.callService('vacuum', 'start')).rejects.toMatchObject({ type: 'service_not_found' });
  });
});

describe('integration services', () => {
  test('registration sends the schema as JSON and the response mode', async () => {
    const schema = dataSchema(form({ minutes: field.number({ min: 1, max: 60 }) }));
    const { definition } = integration((api) =>
      api.registerService('boost', () => ({}), { schema, supportsResponse: 'optional' }),
    );
    const harness = await startSandbox({ integrations: { fixture: definition } });
    await harness.setup();
    const [registration] = harness.of<Received<'register_service'>>('register_service');
    expect(registration).toMatchObject({ domain: 'fixture', service: 'boost' });
    expect(supportsResponseFromWire(registration!.supportsResponse)).toBe('optional');
    expect(decodeJson(registration!.schema)).toEqual(schema.toJSON());
  });

  test('a call runs the handler with the data, target ids and context, and returns its response', async () => {
    const calls: ServiceCallInfo[] = [];
    const { definition } = integration((api) =>
      api.registerService(
        'boost',
        (call) => {
          calls.push(call);
          return { until: '12:00' };
        },
        { supportsResponse: 'optional' },
      ),
    );
    const harness = await startSandbox({ integrations: { fixture: definition } });
    await harness.setup();
    const response = await harness.callService('fixture', 'boost', {
      entityIds: ['climate.living_room'],
      data: { minutes: 30 },
      returnResponse: true,
      contextId: 'ctx-7',
    });
    expect(response).toEqual({ until: '12:00' });
    expect(calls).toEqual([
      {
        domain: 'fixture',
        service: 'boost',
        data: { minutes: 30 },
        entityIds: ['climate.living_room'],
        contextId: 'ctx-7',
        returnResponse: true,
      },
    ]);
  });

  test('without return_response the host gets no response', async () => {
    const { definition } = integration((api) => api.registerService('boost', () => ({ until: '12:00' })));
    const harness = await startSandbox({ integrations: { fixture: definition } });
    await harness.setup();
    expect(await harness.callService('fixture', 'boost')).toBeUndefined();
  });

  test('data failing the service schema is refused with the invalid field paths', async () => {
    const schema = dataSchema(form({ minutes: field.number({ min: 1, max: 60 }) }));
    let ran = false;
    const { definition } = integration((api) =>
      api.registerService(
        'boost',
        () => {
          ran = true;
        },
        { schema },
      ),
    );
    const harness = await startSandbox({ integrations: { fixture: definition } });
    await harness.setup();
    await expect(harness.callService('fixture', 'boost', { data: { minutes: 0 } })).rejects.toMatchObject({
      type: 'validation_error',
      invalid: [expect.objectContaining({ path: ['minutes'] })],
    });
    expect(ran).toBe(false);
  });

  test('registering the same service twice throws at once, as in-process', async () => {
    let error: unknown;
    const { definition } = integration((api) => {
      api.registerService('boost', () => undefined);
      try {
        api.registerService('boost', () => undefined);
      } catch (e) {
        error = e;
      }
    });
    const harness = await startSandbox({ integrations: { fixture: definition } });
    await harness.setup();
    expect(error).toMatchObject({ type: 'service_exists' });
    expect(harness.of('register_service')).toHaveLength(1);
  });
});

describe('events', () => {
  test('an event outside the integration namespace is refused locally and never sent', async () => {
    let error: unknown;
    const { definition } = integration((api) => {
      try {
        api.fireEvent('hub_stop');
      } catch (e) {
        error = e;
      }
      for (const forged of ['other_event', 'state_changed']) {
        try {
          api.fireEvent(forged);
        } catch {}
      }
    });
    const harness = await startSandbox({ integrations: { fixture: definition } });
    await harness.setup();
    expect(error).toMatchObject({ type: 'event_not_allowed' });
    expect(harness.of('fire_event')).toEqual([]);
  });

  test('an own event is pushed with its data and the context of the service call that fired it', async () => {
    const { definition } = integration((api) =>
      api.registerService('press', () => api.fireEvent('fixture_pressed', { button: 2 })),
    );
    const harness = await startSandbox({ integrations: { fixture: definition } });
    await harness.setup();
    await harness.callService('fixture', 'press', { contextId: 'ctx-9' });
    await framesOf(harness, 'fire_event');
    const [event] = harness.of<Received<'fire_event'>>('fire_event');
    expect(event).toMatchObject({ eventType: 'fixture_pressed', contextId: 'ctx-9' });
    expect(decodeJson(event!.data)).toEqual({ button: 2 });
  });
});

describe('entity queries', () => {
  test('entity_query answers from the entity, wrapped as {value}', async () => {
    const station = new Station({ uniqueId: 'home', supportedFeatures: WeatherEntityFeature.FORECAST_DAILY });
    const { definition } = integration((api) => api.addEntities([station]));
    const harness = await startSandbox({ integrations: { fixture: definition } });
    await harness.setup();
    const result = await harness.host.call(Msg.EntityQuery, {
      sandboxEntityId: 'weather:home@entry-1',
      method: 'get_forecasts',
      args: encodeJson({ type: 'daily' }),
    });
    expect(decodeJson(result.value)).toEqual({
      forecast: [expect.objectContaining({ native_temperature: 3 })],
    });
  });

  test('a query for an entity that is not here is entity_not_loaded', async () => {
    const harness = await startSandbox();
    await expect(
      harness.host.call(Msg.EntityQuery, {
        sandboxEntityId: 'weather:gone@entry-1',
        method: 'get_forecasts',
      }),
    ).rejects.toMatchObject({ type: 'entity_not_loaded' });
  });
});

describe('nested calls from handlers', () => {
  test('a host call a handler starts and does not await never leaves the runtime short of handler slots', async () => {
    const { definition } = integration((api) => {
      let n = 0;
      api.registerService('poke', async () => {
        void api.store(`poke_${++n}`, { version: 1 }).save({ n });
        // Other work while the save is out; the handler ends before the host answers it.
        await new Promise((resolve) => setImmediate(resolve));
      });
    });
    const harness = await startSandbox({
      integrations: { fixture: definition },
      configure: (h) =>
        h.host.register('store_save', async () => {
          await new Promise((resolve) => setTimeout(resolve, 2));
          return {};
        }),
    });
    await harness.setup();
    // More than the 16 handler slots a channel runs at once.
    for (let i = 0; i < 24; i++) await within(1_000, harness.callService('fixture', 'poke'), `poke ${i}`);
    await expect(harness.host.call(Msg.Ping, {}, { timeoutMs: 1_000 })).resolves.toBeDefined();
  });
});
