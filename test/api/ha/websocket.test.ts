/**
 * The Home Assistant WebSocket API message by message: the auth phase, each
 * command's result, the errors the protocol documents, and the bounds. The hub
 * runs its integrations in-process; real-client.test.ts covers sandboxes.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type ApiServer, startApiServer } from '../../../src/api/server.js';
import { InspectorCollector } from '../../../src/inspector/collector.js';
import { createEntry, type ExampleHub, startExampleHub } from '../../support/example-hub.js';
import { upgradeStatus } from '../support.js';
import { openRawClient, type RawClient, type RawMessage } from './support.js';

const TOKEN = 'beef'.repeat(16);
const LIMITS = {
  maxMessageBytes: 16 * 1024,
  maxJsonDepth: 8,
  maxSubscriptionsPerConnection: 4,
  maxConnections: 6,
  maxBufferedBytes: 256 * 1024,
  entityFlushBufferedBytes: 64 * 1024,
  entityBatchMs: 100,
  authTimeoutMs: 500,
};

let example: ExampleHub;
let api: ApiServer;
let client: RawClient;
let nextId = 1;
const id = () => nextId++;

beforeAll(async () => {
  example = await startExampleHub({ isolation: 'inline' });
  await createEntry(example.hub, 'demo_light', [{ name: 'Desk', count: 2, area: 'Office' }]);
  api = await startApiServer({
    hub: example.hub,
    collector: new InspectorCollector(),
    port: 0,
    token: TOKEN,
    version: '1.2.3',
    haLimits: LIMITS,
  });
  client = await openRawClient(api.url, TOKEN);
});

afterAll(async () => {
  client?.close();
  await api?.close();
  await example?.cleanup();
});

const ok = (message: RawMessage) => {
  expect(message, JSON.stringify(message)).toMatchObject({ type: 'result', success: true });
  return message.result;
};
const failed = (message: RawMessage) => {
  expect(message.success, JSON.stringify(message)).toBe(false);
  return message.error!;
};

/** Subscribes `client` to `eventType`; resolves once an event fired on the hub comes back. */
async function expectSubscribed(on: RawClient, subscriptionId: number, eventType: string) {
  const from = on.messages.length;
  example.hub.bus.fire(eventType, { probe: subscriptionId });
  await on.next((m) => m.type === 'event' && m.id === subscriptionId, from);
}

describe('auth phase', () => {
  test('a new connection is sent auth_required with the HA version it follows', async () => {
    const raw = await openRawClient(api.url);
    const first = await raw.next(() => true);
    expect(first).toEqual({ type: 'auth_required', ha_version: expect.stringMatching(/^\d{4}\.\d+\.\d+$/) });
    raw.close();
  });

  test('the right token gets auth_ok with the same version', async () => {
    const raw = await openRawClient(api.url);
    raw.send({ type: 'auth', access_token: TOKEN });
    const okMessage = await raw.next((m) => m.type === 'auth_ok');
    expect(okMessage.ha_version).toBe(raw.messages[0]?.ha_version);
    raw.close();
  });

  test('a wrong token gets auth_invalid and the socket is closed', async () => {
    const raw = await openRawClient(api.url);
    raw.send({ type: 'auth', access_token: 'nope' });
    expect(await raw.next((m) => m.type === 'auth_invalid')).toMatchObject({ message: expect.any(String) });
    expect((await raw.closed).code).toBe(1008);
  });

  test('a command before auth gets auth_invalid and no result', async () => {
    const raw = await openRawClient(api.url);
    raw.send({ id: 1, type: 'get_states' });
    await raw.next((m) => m.type === 'auth_invalid');
    await raw.closed;
    expect(raw.messages.some((m) => m.type === 'result')).toBe(false);
  });

  test('a client that never authenticates is closed after authTimeoutMs', async () => {
    const raw = await openRawClient(api.url);
    const started = Date.now();
    expect((await raw.closed).code).toBe(1008);
    expect(Date.now() - started).toBeGreaterThanOrEqual(LIMITS.authTimeoutMs - 50);
    expect(raw.messages.map((m) => m.type)).toEqual(['auth_required', 'auth_invalid']);
  });
});

describe('commands', () => {
  test('ping is answered by pong with its id', async () => {
    const pingId = id();
    expect(await client.command(pingId, { type: 'ping' })).toEqual({ id: pingId, type: 'pong' });
  });

  test('get_states returns every state in HA shape', async () => {
    const states = ok(await client.command(id(), { type: 'get_states' })) as Record<string, unknown>[];
    const desk = example.hub.states.get('light.desk_1')!;
    expect(states).toHaveLength(example.hub.states.all().length);
    expect(states.find((s) => s.entity_id === 'light.desk_1')).toEqual({
      entity_id: 'light.desk_1',
      state: desk.state,
      attributes: desk.attributes,
      last_changed: new Date(desk.lastChanged).toISOString().replace('Z', '+00:00'),
      last_reported: new Date(desk.lastUpdated).toISOString().replace('Z', '+00:00'),
      last_updated: new Date(desk.lastUpdated).toISOString().replace('Z', '+00:00'),
      context: { id: desk.context.id, parent_id: desk.context.parentId, user_id: desk.context.userId },
    });
  });

  test('get_config returns the host config, the loaded components and the Corral version', async () => {
    const config = ok(await client.command(id(), { type: 'get_config' })) as Record<string, unknown>;
    const host = example.hub.hostConfig;
    expect(config).toMatchObject({
      latitude: host.latitude,
      longitude: host.longitude,
      time_zone: host.timeZone,
      location_name: host.locationName,
      currency: host.currency,
      version: '1.2.3',
      state: 'RUNNING',
      unit_system: { temperature: host.unitSystem === 'metric' ? '°C' : '°F' },
    });
    expect(config.components).toEqual(expect.arrayContaining(['demo_light', 'light']));
  });

  test('get_services lists each domain and service', async () => {
    const services = ok(await client.command(id(), { type: 'get_services' })) as Record<
      string,
      Record<string, unknown>
    >;
    expect(Object.keys(services.light ?? {})).toEqual(
      expect.arrayContaining(['turn_on', 'turn_off', 'toggle']),
    );
    expect(services.light?.turn_on).toMatchObject({ fields: expect.any(Object) });
  });

  test('call_service acts on its target and answers with the context of the call', async () => {
    const result = ok(
      await client.command(id(), {
        type: 'call_service',
        domain: 'light',
        service: 'turn_on',
        service_data: { brightness: 33 },
        target: { entity_id: 'light.desk_2' },
      }),
    ) as { context: { id: string; parent_id: null; user_id: null } };
    expect(example.hub.states.get('light.desk_2')).toMatchObject({
      state: 'on',
      attributes: { brightness: 33 },
    });
    expect(result.context).toEqual({
      id: expect.stringMatching(/^[0-9A-Z]{26}$/),
      parent_id: null,
      user_id: null,
    });
  });

  test('call_service of an unknown service gets not_found', async () => {
    const error = failed(
      await client.command(id(), { type: 'call_service', domain: 'light', service: 'explode' }),
    );
    expect(error.code).toBe('not_found');
    expect(error.message).toContain('light.explode');
  });

  test('call_service with data its schema refuses gets invalid_format', async () => {
    const error = failed(
      await client.command(id(), {
        type: 'call_service',
        domain: 'light',
        service: 'turn_on',
        service_data: { brightness: 'very' },
        target: { entity_id: 'light.desk_2' },
      }),
    );
    expect(error.code).toBe('invalid_format');
  });

  test('call_service asking a response of a service without one gets service_validation_error', async () => {
    const error = failed(
      await client.command(id(), {
        type: 'call_service',
        domain: 'light',
        service: 'toggle',
        target: { entity_id: 'light.desk_2' },
        return_response: true,
      }),
    );
    expect(error.code).toBe('service_validation_error');
  });

  test('a command missing a required parameter gets invalid_format naming it', async () => {
    const error = failed(await client.command(id(), { type: 'call_service', domain: 'light' }));
    expect(error).toMatchObject({
      code: 'invalid_format',
      message: expect.stringContaining("data['service']"),
    });
  });

  test('fire_event fires on the hub with the context it answers', async () => {
    const seen: { data: unknown; contextId: string }[] = [];
    const stop = example.hub.bus.listen('api_test_event', (e) =>
      seen.push({ data: e.data, contextId: e.context.id }),
    );
    const result = ok(
      await client.command(id(), { type: 'fire_event', event_type: 'api_test_event', event_data: { a: 1 } }),
    ) as { context: { id: string } };
    stop();
    expect(seen).toEqual([{ data: { a: 1 }, contextId: result.context.id }]);
  });

  test('fire_event of a core event is refused: clients cannot forge state_changed', async () => {
    const before = example.hub.bus.listenerCount();
    const error = failed(
      await client.command(id(), { type: 'fire_event', event_type: 'state_changed', event_data: {} }),
    );
    expect(error.code).toBe('not_allowed');
    expect(example.hub.bus.listenerCount()).toBe(before);
  });

  test('config_entries/get lists the entries with their state', async () => {
    const entries = ok(await client.command(id(), { type: 'config_entries/get' })) as Record<
      string,
      unknown
    >[];
    const [entry] = example.hub.entries.list('demo_light');
    expect(entries).toContainEqual(
      expect.objectContaining({ entry_id: entry?.entryId, domain: 'demo_light', state: 'loaded' }),
    );
    const filtered = ok(await client.command(id(), { type: 'config_entries/get', domain: 'nothing' }));
    expect(filtered).toEqual([]);
  });

  test('the entity and device registry lists carry ids, devices and areas', async () => {
    const entities = ok(await client.command(id(), { type: 'config/entity_registry/list' })) as Record<
      string,
      unknown
    >[];
    const desk = example.hub.entities.get('light.desk_1')!;
    expect(entities).toContainEqual(
      expect.objectContaining({
        entity_id: 'light.desk_1',
        platform: 'demo_light',
        device_id: desk.deviceId,
      }),
    );
    const devices = ok(await client.command(id(), { type: 'config/device_registry/list' })) as Record<
      string,
      unknown
    >[];
    expect(devices.map((d) => d.id).sort()).toEqual(
      example.hub.devices
        .list()
        .map((d) => d.id)
        .sort(),
    );
  });
});

describe('subscribe_events', () => {
  test('events of the subscribed type arrive under the subscription id in HA event shape', async () => {
    const subscription = id();
    ok(await client.command(subscription, { type: 'subscribe_events', event_type: 'custom_thing' }));
    const from = client.messages.length;
    example.hub.bus.fire('custom_thing', { value: 7 });
    example.hub.bus.fire('other_thing', { value: 8 });
    const event = await client.next((m) => m.type === 'event' && m.id === subscription, from);
    expect(event.event).toMatchObject({
      event_type: 'custom_thing',
      data: { value: 7 },
      origin: 'LOCAL',
      time_fired: expect.stringMatching(/\+00:00$/),
      context: { id: expect.any(String), parent_id: null, user_id: null },
    });
    ok(await client.command(id(), { type: 'unsubscribe_events', subscription }));
  });

  test('state_changed events carry entity_id, old_state and new_state', async () => {
    const subscription = id();
    ok(await client.command(subscription, { type: 'subscribe_events', event_type: 'state_changed' }));
    const from = client.messages.length;
    example.hub.states.set('sensor.api_probe', '1', { unit: 'x' });
    const event = (await client.next((m) => m.id === subscription && m.type === 'event', from)).event as {
      data: { entity_id: string; old_state: unknown; new_state: { state: string } };
    };
    expect(event.data).toMatchObject({
      entity_id: 'sensor.api_probe',
      old_state: null,
      new_state: { state: '1' },
    });
    ok(await client.command(id(), { type: 'unsubscribe_events', subscription }));
    example.hub.states.remove('sensor.api_probe');
  });

  test('after unsubscribe_events no more events come; an unknown subscription gets not_found', async () => {
    const subscription = id();
    ok(await client.command(subscription, { type: 'subscribe_events', event_type: 'gone_thing' }));
    ok(await client.command(id(), { type: 'unsubscribe_events', subscription }));
    example.hub.bus.fire('gone_thing', {});
    // A ping after the event: its pong comes after anything the event would have sent.
    const from = client.messages.length;
    await client.command(id(), { type: 'ping' });
    expect(client.messages.slice(from).some((m) => m.id === subscription)).toBe(false);
    expect(example.hub.bus.listenerCount('gone_thing')).toBe(0);
    const error = failed(await client.command(id(), { type: 'unsubscribe_events', subscription }));
    expect(error).toEqual({ code: 'not_found', message: 'Subscription not found.' });
  });
});

describe('subscribe_entities', () => {
  test('sends every state in a, then c diffs with + and -, then r when an entity goes', async () => {
    example.hub.states.set('sensor.compact', '1', { keep: 'k', drop: true, level: 1 });
    const subscription = id();
    const from = client.messages.length;
    ok(await client.command(subscription, { type: 'subscribe_entities', entity_ids: ['sensor.compact'] }));
    const initial = await client.next((m) => m.id === subscription && m.type === 'event', from);
    const first = example.hub.states.get('sensor.compact')!;
    expect(initial.event).toEqual({
      a: {
        'sensor.compact': {
          s: '1',
          a: { keep: 'k', drop: true, level: 1 },
          c: first.context.id,
          lc: first.lastChanged / 1000,
        },
      },
    });

    let mark = client.messages.length;
    example.hub.states.set('sensor.compact', '1', { keep: 'k', level: 2, added: 'yes' });
    const attributes = await client.next((m) => m.id === subscription && m.type === 'event', mark);
    const second = example.hub.states.get('sensor.compact')!;
    expect(attributes.event).toEqual({
      c: {
        'sensor.compact': {
          '+': { lu: second.lastUpdated / 1000, c: second.context.id, a: { level: 2, added: 'yes' } },
          '-': { a: ['drop'] },
        },
      },
    });

    mark = client.messages.length;
    example.hub.states.set('sensor.compact', '2', second.attributes);
    const state = await client.next((m) => m.id === subscription && m.type === 'event', mark);
    const third = example.hub.states.get('sensor.compact')!;
    expect(state.event).toEqual({
      c: { 'sensor.compact': { '+': { s: '2', lc: third.lastChanged / 1000, c: third.context.id } } },
    });

    mark = client.messages.length;
    example.hub.states.remove('sensor.compact');
    const removed = await client.next((m) => m.id === subscription && m.type === 'event', mark);
    expect(removed.event).toEqual({ r: ['sensor.compact'] });
    ok(await client.command(id(), { type: 'unsubscribe_events', subscription }));
  });

  test('writes between two flushes fold into one diff from the state the client holds to the latest', async () => {
    example.hub.states.set('sensor.burst', '0', { n: 0 });
    const subscription = id();
    const from = client.messages.length;
    ok(await client.command(subscription, { type: 'subscribe_entities', entity_ids: ['sensor.burst'] }));
    await client.next((m) => m.id === subscription && m.type === 'event', from);
    const mark = client.messages.length;
    for (let n = 1; n <= 50; n++) example.hub.states.set('sensor.burst', String(n), { n });
    await client.command(id(), { type: 'ping' });
    await client.next((m) => m.id === subscription && m.type === 'event', mark);
    const events = client.messages.slice(mark).filter((m) => m.id === subscription && m.type === 'event');
    expect(events).toHaveLength(1);
    expect(events[0]?.event).toMatchObject({ c: { 'sensor.burst': { '+': { s: '50', a: { n: 50 } } } } });
    ok(await client.command(id(), { type: 'unsubscribe_events', subscription }));
    example.hub.states.remove('sensor.burst');
  });

  test('entity changes go out at most once per entityBatchMs, the latest state last', async () => {
    example.hub.states.set('sensor.paced', '0');
    const subscription = id();
    const from = client.messages.length;
    ok(await client.command(subscription, { type: 'subscribe_entities', entity_ids: ['sensor.paced'] }));
    await client.next((m) => m.id === subscription && m.type === 'event', from);
    const mark = client.messages.length;
    const started = Date.now();
    for (let n = 1; n <= 30; n++) {
      example.hub.states.set('sensor.paced', String(n));
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await client.next(
      (m) => m.id === subscription && JSON.stringify(m.event ?? null).includes('"s":"30"'),
      mark,
    );
    const events = client.messages.slice(mark).filter((m) => m.id === subscription && m.type === 'event');
    const slots = Math.ceil((Date.now() - started) / LIMITS.entityBatchMs) + 1;
    expect(events.length).toBeLessThanOrEqual(slots);
    expect(events.length).toBeLessThan(30);
    ok(await client.command(id(), { type: 'unsubscribe_events', subscription }));
    example.hub.states.remove('sensor.paced');
  });

  test('an entity added after subscribing arrives whole in a; one outside entity_ids never does', async () => {
    const subscription = id();
    const from = client.messages.length;
    ok(await client.command(subscription, { type: 'subscribe_entities', entity_ids: ['sensor.later'] }));
    const initial = await client.next((m) => m.id === subscription && m.type === 'event', from);
    expect(initial.event).toEqual({ a: {} });
    const mark = client.messages.length;
    example.hub.states.set('sensor.elsewhere', 'x');
    example.hub.states.set('sensor.later', 'here', { unit: 'm' });
    const added = await client.next((m) => m.id === subscription && m.type === 'event', mark);
    expect(added.event).toMatchObject({ a: { 'sensor.later': { s: 'here', a: { unit: 'm' } } } });
    expect(JSON.stringify(added.event)).not.toContain('sensor.elsewhere');
    ok(await client.command(id(), { type: 'unsubscribe_events', subscription }));
    example.hub.states.remove('sensor.later');
    example.hub.states.remove('sensor.elsewhere');
  });
});

describe('errors never close the connection or its subscriptions', () => {
  let subscription: number;
  beforeAll(async () => {
    subscription = id();
    ok(await client.command(subscription, { type: 'subscribe_events', event_type: 'still_here' }));
  });
  afterAll(async () => {
    await client.command(id(), { type: 'unsubscribe_events', subscription });
  });

  test('an unknown command gets unknown_command', async () => {
    const error = failed(await client.command(id(), { type: 'make_coffee' }));
    expect(error.code).toBe('unknown_command');
    await expectSubscribed(client, subscription, 'still_here');
  });

  test('text that is not JSON gets invalid_format', async () => {
    const from = client.messages.length;
    client.send('{"id": 5, "type": ');
    const error = failed(await client.next((m) => m.type === 'result', from));
    expect(error.code).toBe('invalid_format');
    await expectSubscribed(client, subscription, 'still_here');
  });

  test('an id that does not increase gets id_reuse, and the command is not run', async () => {
    const used = id();
    ok(await client.command(used, { type: 'get_config' }));
    const error = failed(await client.command(used, { type: 'fire_event', event_type: 'still_here' }));
    expect(error).toEqual({ code: 'id_reuse', message: 'Identifier values have to increase.' });
    await expectSubscribed(client, subscription, 'still_here');
  });

  test('a missing or non-integer id gets invalid_format', async () => {
    let from = client.messages.length;
    client.send({ type: 'get_states' });
    expect(failed(await client.next((m) => m.type === 'result', from)).code).toBe('invalid_format');
    from = client.messages.length;
    client.send({ id: 'seven', type: 'get_states' });
    expect(failed(await client.next((m) => m.type === 'result', from)).code).toBe('invalid_format');
    await expectSubscribed(client, subscription, 'still_here');
  });

  test('a message over maxMessageBytes gets an error naming the size and the limit', async () => {
    const from = client.messages.length;
    client.send({ id: id(), type: 'fire_event', event_type: 'big', event_data: { pad: 'x'.repeat(20_000) } });
    const error = failed(await client.next((m) => m.type === 'result', from));
    expect(error.code).toBe('invalid_format');
    expect(error.message).toContain(`limit is ${LIMITS.maxMessageBytes} bytes`);
    await expectSubscribed(client, subscription, 'still_here');
  });

  test('JSON nested deeper than maxJsonDepth gets an error naming the path and the limit', async () => {
    let deep: unknown = 1;
    for (let i = 0; i < 20; i++) deep = { inner: deep };
    const from = client.messages.length;
    client.send({ id: id(), type: 'call_service', domain: 'light', service: 'toggle', service_data: deep });
    const error = failed(await client.next((m) => m.type === 'result', from));
    expect(error.code).toBe('invalid_format');
    expect(error.message).toContain('service_data.inner.inner');
    expect(error.message).toContain(`limit is ${LIMITS.maxJsonDepth}`);
    await expectSubscribed(client, subscription, 'still_here');
  });

  test('a subscription past maxSubscriptionsPerConnection gets not_allowed naming the limit', async () => {
    const opened: number[] = [];
    for (let i = 1; i < LIMITS.maxSubscriptionsPerConnection; i++) {
      const sub = id();
      ok(await client.command(sub, { type: 'subscribe_events', event_type: 'filler' }));
      opened.push(sub);
    }
    const error = failed(await client.command(id(), { type: 'subscribe_entities' }));
    expect(error).toMatchObject({
      code: 'not_allowed',
      message: expect.stringContaining(`at most ${LIMITS.maxSubscriptionsPerConnection}`),
    });
    for (const sub of opened)
      ok(await client.command(id(), { type: 'unsubscribe_events', subscription: sub }));
    await expectSubscribed(client, subscription, 'still_here');
  });
});

describe('bounds on clients', () => {
  test('connections past maxConnections are refused with 503 until one closes', async () => {
    const open: RawClient[] = [client];
    // Earlier tests' sockets may still be closing: fill up to the limit, whatever is left.
    while (true) {
      const outcome = await upgradeStatus(`${api.url.replace('http', 'ws')}/api/websocket`);
      if (outcome === 503) break;
      open.push(await openRawClient(api.url, TOKEN));
      if (open.length > LIMITS.maxConnections + 1) throw new Error('the connection limit was never reached');
    }
    expect(open.length).toBeLessThanOrEqual(LIMITS.maxConnections);
    const last = open.pop()!;
    last.close();
    await expect
      .poll(async () => {
        try {
          const raw = await openRawClient(api.url, TOKEN);
          raw.close();
          return true;
        } catch {
          return false;
        }
      })
      .toBe(true);
    for (const raw of open.slice(1)) raw.close();
  });

  test('a burst queuing more than maxBufferedBytes for one client drops it with close code 1013', async () => {
    const raw = await openRawClient(api.url, TOKEN);
    raw.send({ id: 1, type: 'subscribe_events', event_type: 'flood' });
    await raw.next((m) => m.id === 1 && m.type === 'result');
    const pad = 'y'.repeat(4096);
    for (let i = 0; i < 100; i++) example.hub.bus.fire('flood', { i, pad });
    expect((await raw.closed).code).toBe(1013);
    expect(example.hub.bus.listenerCount('flood')).toBe(0);
  });

  test('a client that stops reading is dropped once its queue passes the bound, releasing its subscription', async () => {
    const raw = await openRawClient(api.url, TOKEN);
    raw.send({ id: 1, type: 'subscribe_events', event_type: 'trickle' });
    await raw.next((m) => m.id === 1 && m.type === 'result');
    // The client's socket stops reading: the kernel buffers fill, then the server's.
    (raw.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    const pad = 'z'.repeat(16 * 1024);
    for (let round = 0; round < 2000 && example.hub.bus.listenerCount('trickle') > 0; round++) {
      for (let i = 0; i < 8; i++) example.hub.bus.fire('trickle', { round, i, pad });
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(example.hub.bus.listenerCount('trickle')).toBe(0);
    raw.close();
  });
});

describe('slow readers of entity subscriptions', () => {
  test('a client that stops reading keeps its entity subscription: changes fold, then the latest arrives', async () => {
    const ROUNDS = 1_500;
    const raw = await openRawClient(api.url, TOKEN);
    raw.send({ id: 1, type: 'subscribe_entities', entity_ids: ['sensor.slow'] });
    await raw.next((m) => m.id === 1 && m.type === 'event');
    const socket = (raw.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket;
    socket.pause();
    const pad = 'q'.repeat(32 * 1024);
    // 1,500 writes of 32 KiB: past what the kernel's socket buffers hold, and sent one by one
    // they would pass maxBufferedBytes many times over.
    for (let round = 0; round < ROUNDS; round++) {
      example.hub.states.set('sensor.slow', String(round), { pad: `${round}${pad}`, round });
      await new Promise((resolve) => setImmediate(resolve));
    }
    socket.resume();
    const last = await raw.next(
      (m) => m.id === 1 && JSON.stringify(m.event ?? null).includes(`"s":"${ROUNDS - 1}"`),
      0,
      10_000,
    );
    // A diff from what the client held, or the whole state if it never got the first one.
    const event = last.event as { a?: Record<string, unknown>; c?: Record<string, { '+': unknown }> };
    const latest = event.c?.['sensor.slow']?.['+'] ?? event.a?.['sensor.slow'];
    expect(latest).toMatchObject({ s: String(ROUNDS - 1), a: { round: ROUNDS - 1 } });
    const updates = raw.messages.filter((m) => m.id === 1 && m.type === 'event').length;
    expect(updates).toBeLessThan(ROUNDS);
    expect(raw.ws.readyState).toBe(raw.ws.OPEN);
    raw.close();
    example.hub.states.remove('sensor.slow');
  });
});

describe('coalescing', () => {
  test('after supported_features coalesce_messages, the messages of one flush arrive as one JSON array', async () => {
    const raw = await openRawClient(api.url, TOKEN);
    const frames: string[] = [];
    raw.ws.on('message', (data) => frames.push(String(data)));
    raw.send({ id: 1, type: 'supported_features', features: { coalesce_messages: 1 } });
    await raw.next((m) => m.id === 1);
    raw.send({ id: 2, type: 'subscribe_events', event_type: 'pair' });
    await raw.next((m) => m.id === 2);
    const from = raw.messages.length;
    example.hub.bus.fire('pair', { n: 1 });
    example.hub.bus.fire('pair', { n: 2 });
    await raw.next((m) => m.type === 'event' && (m.event as { data: { n: number } }).data.n === 2, from);
    const frame = JSON.parse(frames.at(-1)!) as RawMessage[];
    expect(Array.isArray(frame)).toBe(true);
    expect(frame.map((m) => (m.event as { data: { n: number } }).data.n)).toEqual([1, 2]);
    raw.close();
  });
});
