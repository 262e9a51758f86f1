/**
 * Home Assistant's REST subset on the hub: the routes clients use, HA's shapes
 * and `{ message }` errors, Bearer auth, and a config flow walked by HTTP.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type ApiServer, startApiServer } from '../../../src/api/server.js';
import { InspectorCollector } from '../../../src/inspector/collector.js';
import { createEntry, type ExampleHub, startExampleHub } from '../../support/example-hub.js';
import { call } from '../support.js';

const TOKEN = 'abcd'.repeat(16);
const AUTH = { authorization: `Bearer ${TOKEN}` };

let example: ExampleHub;
let api: ApiServer;

beforeAll(async () => {
  example = await startExampleHub({ isolation: 'inline' });
  await createEntry(example.hub, 'demo_light', [{ name: 'Desk', count: 2, area: 'Office' }]);
  await createEntry(example.hub, 'demo_hub', [
    { host: 'hub.local', port: 8080 },
    { next_step_id: 'lights' },
    { token: 'secret' },
  ]);
  api = await startApiServer({
    hub: example.hub,
    collector: new InspectorCollector(),
    port: 0,
    token: TOKEN,
    haLimits: { maxJsonDepth: 10, maxMessageBytes: 8 * 1024 },
  });
});

afterAll(async () => {
  await api?.close();
  await example?.cleanup();
});

const get = (path: string) => call(api.url, 'GET', path, { headers: AUTH });
const post = (path: string, body: unknown = {}) => call(api.url, 'POST', path, { headers: AUTH, body });

describe('reading', () => {
  test('GET /api/ says the API is running', async () => {
    const response = await get('/api/');
    expect(response.status).toBe(200);
    expect(response.json).toEqual({ message: 'API running.' });
  });

  test('every HA route needs the Bearer token', async () => {
    for (const [method, path] of [
      ['GET', '/api/'],
      ['GET', '/api/states'],
      ['POST', '/api/services/light/toggle'],
      ['POST', '/api/config/config_entries/flow'],
    ] as const) {
      expect((await call(api.url, method, path, { body: {} })).status, `${method} ${path}`).toBe(401);
      expect(
        (await call(api.url, method, path, { body: {}, headers: { authorization: 'Bearer wrong' } })).status,
      ).toBe(401);
    }
  });

  test('GET /api/config is the host config in HA shape', async () => {
    const config = (await get('/api/config')).json as Record<string, unknown>;
    expect(config).toMatchObject({
      location_name: example.hub.hostConfig.locationName,
      time_zone: example.hub.hostConfig.timeZone,
    });
    expect(config.components).toEqual(expect.arrayContaining(['demo_light', 'demo_hub']));
  });

  test('GET /api/states lists every state; /api/states/<entity_id> one, or 404', async () => {
    const states = (await get('/api/states')).json as { entity_id: string }[];
    expect(states.map((s) => s.entity_id).sort()).toEqual(
      example.hub.states
        .all()
        .map((s) => s.entityId)
        .sort(),
    );
    const desk = await get('/api/states/light.desk_1');
    expect(desk.json).toMatchObject({
      entity_id: 'light.desk_1',
      state: example.hub.states.get('light.desk_1')?.state,
    });
    const missing = await get('/api/states/light.nowhere');
    expect(missing.status).toBe(404);
    expect(missing.json).toEqual({ message: 'Entity not found.' });
  });
});

describe('services and events', () => {
  test('POST /api/services/<domain>/<service> acts and answers with the states it changed', async () => {
    await post('/api/services/light/turn_off', { entity_id: 'light.desk_1' });
    const response = await post('/api/services/light/turn_on', { entity_id: 'light.desk_1', brightness: 61 });
    expect(response.status).toBe(200);
    expect(response.json).toEqual([
      expect.objectContaining({
        entity_id: 'light.desk_1',
        state: 'on',
        attributes: expect.objectContaining({ brightness: 61 }),
      }),
    ]);
  });

  test('?return_response answers with changed_states and service_response', async () => {
    const response = await post('/api/services/demo_hub/get_status?return_response', {});
    expect(response.status).toBe(200);
    expect(response.json).toEqual({
      changed_states: [],
      service_response: expect.objectContaining({ host: 'hub.local' }),
    });
  });

  test('an unknown service is a 404; data the schema refuses a 400, each with a message', async () => {
    const unknown = await post('/api/services/light/explode', {});
    expect(unknown.status).toBe(404);
    expect((unknown.json as { message: string }).message).toContain('light.explode');
    const invalid = await post('/api/services/light/turn_on', {
      entity_id: 'light.desk_1',
      brightness: 'lots',
    });
    expect(invalid.status).toBe(400);
  });

  test('deeply nested service data is a 400 naming the path and the limit, and the hub keeps serving', async () => {
    let deep: unknown = 'bottom';
    for (let i = 0; i < 40; i++) deep = { d: deep };
    const response = await post('/api/services/light/toggle', { entity_id: 'light.desk_2', nested: deep });
    expect(response.status).toBe(400);
    const { message } = response.json as { message: string };
    expect(message).toContain('nested.d.d');
    expect(message).toContain('limit is 10');
    expect((await get('/api/')).status).toBe(200);
  });

  test("Corral's own routes answer deep JSON with 400 naming the path and the limit too", async () => {
    // Written out: 5,000 levels are past what JSON.stringify itself can recurse through here.
    const body = `{"domain":"light","service":"toggle","data":{"deep":${'{"d":'.repeat(5_000)}1${'}'.repeat(5_000)}}}`;
    const response = await call(api.url, 'POST', '/api/services/call', {
      headers: { ...AUTH, 'content-type': 'application/json' },
      body,
    });
    expect(response.status).toBe(400);
    const { error } = response.json as { error: { type: string; message: string } };
    expect(error.type).toBe('json_too_deep');
    expect(error.message).toContain('data.deep.d.d');
    expect(error.message).toContain('the limit is 10');
  });

  test('a body over maxMessageBytes is a 413 naming the limit', async () => {
    const response = await post('/api/events/padded', { pad: 'p'.repeat(10_000) });
    expect(response.status).toBe(413);
    expect((response.json as { message: string }).message).toContain(String(8 * 1024));
  });

  test('POST /api/events/<event_type> fires the event with the body as data', async () => {
    const seen: unknown[] = [];
    const stop = example.hub.bus.listen('rest_event', (e) => seen.push(e.data));
    const response = await post('/api/events/rest_event', { a: 1 });
    stop();
    expect(response.json).toEqual({ message: 'Event rest_event fired.' });
    expect(seen).toEqual([{ a: 1 }]);
  });

  test('a core event cannot be fired over REST', async () => {
    const response = await post('/api/events/state_changed', { entity_id: 'light.desk_1' });
    expect(response.status).toBe(403);
  });
});

describe('config flows over HTTP', () => {
  const FLOW = '/api/config/config_entries/flow';

  test('a flow is started, read back, walked through a menu to an entry', async () => {
    const started = await post(FLOW, { handler: 'demo_hub' });
    expect(started.status).toBe(200);
    const form = started.json as {
      flow_id: string;
      type: string;
      step_id: string;
      data_schema: { name: string }[];
    };
    expect(form).toMatchObject({ type: 'form', handler: 'demo_hub', step_id: 'user' });
    expect(form.data_schema.map((f) => f.name)).toEqual(expect.arrayContaining(['host', 'port']));
    expect((await get(`${FLOW}/${form.flow_id}`)).json).toEqual(form);

    const menu = (await post(`${FLOW}/${form.flow_id}`, { host: 'second.local', port: 8081 })).json as {
      type: string;
      menu_options: Record<string, string>;
    };
    expect(menu.type).toBe('menu');
    expect(Object.keys(menu.menu_options)).toEqual(['lights', 'sensors', 'both']);
    const token = (await post(`${FLOW}/${form.flow_id}`, { next_step_id: 'sensors' })).json as {
      type: string;
    };
    expect(token.type).toBe('form');
    const done = (await post(`${FLOW}/${form.flow_id}`, { token: 'secret' })).json as {
      type: string;
      result: { entry_id: string };
    };
    expect(done.type).toBe('create_entry');
    expect(example.hub.entries.get(done.result.entry_id)?.domain).toBe('demo_hub');
    expect((await get(`${FLOW}/${form.flow_id}`)).status).toBe(404);
  });

  test('DELETE aborts a flow; an unknown flow is a 404', async () => {
    const form = (await post(FLOW, { handler: 'demo_light' })).json as { flow_id: string };
    const deleted = await call(api.url, 'DELETE', `${FLOW}/${form.flow_id}`, { headers: AUTH });
    expect(deleted.status).toBe(200);
    expect(example.hub.flows.inProgress().some((f) => f.flowId === form.flow_id)).toBe(false);
    expect((await post(`${FLOW}/${form.flow_id}`, {})).status).toBe(404);
    expect((await post(FLOW, { handler: 'no_such_integration' })).status).toBe(404);
  });
});
