import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createActor, createMachine } from 'xstate';
import type { EntitiesResponse, EntriesResponse, StatusResponse, WsMessage } from '../../src/api/contract.js';
import { type ApiServer, startApiServer } from '../../src/api/server.js';
import { CorralError } from '../../src/errors.js';
import type { FlowAnswer } from '../../src/host/flow-manager.js';
import { InspectorCollector } from '../../src/inspector/collector.js';
import { statelyFeed } from '../../src/inspector/stately.js';
import { createEntry, type ExampleHub, startExampleHub } from '../support/example-hub.js';
import { call, errorOf, openFeed, type RawRequest, upgradeStatus } from './support.js';

let example: ExampleHub;
let collector: InspectorCollector;
let api: ApiServer;
let lightsEntry: string;

const TOKEN = 'test-token-Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA';
const AUTH = { authorization: `Bearer ${TOKEN}` };
const basic = (userPass: string) => `Basic ${Buffer.from(userPass).toString('base64')}`;
/** `call` with the hub's token (a test's own headers win). */
const send = (base: string, method: string, path: string, options: RawRequest = {}) =>
  call(base, method, path, { ...options, headers: { ...AUTH, ...options.headers } });

beforeAll(async () => {
  collector = new InspectorCollector();
  example = await startExampleHub({ isolation: 'inline', inspect: collector.inspect });
  lightsEntry = await createEntry(example.hub, 'demo_light', [{ name: 'Desk', count: 2, area: 'Office' }]);
  api = await startApiServer({
    hub: example.hub,
    collector,
    port: 0,
    token: TOKEN,
    statusIntervalMs: 40,
    version: '9.9.9',
  });
});

afterAll(async () => {
  await api?.close();
  await example?.cleanup();
});

const get = (path: string, headers?: Record<string, string>) => send(api.url, 'GET', path, { headers });
const post = (path: string, body: unknown = {}) => send(api.url, 'POST', path, { body });

async function entity(entityId: string) {
  const { entities } = (await get('/api/entities')).json as EntitiesResponse;
  return entities.find((e) => e.entityId === entityId);
}

/** The hub still answers and still drives devices after whatever a test sent it. */
async function expectHubWorking(): Promise<void> {
  expect((await get('/api/status')).status).toBe(200);
  const toggled = await post('/api/services/call', {
    domain: 'light',
    service: 'toggle',
    target: { entity_id: 'light.desk_2' },
  });
  expect(toggled.status).toBe(200);
}

describe('reading the hub', () => {
  test('GET /api/status reports the host process, its entries and entities, and no sandbox groups in-process', async () => {
    const response = await get('/api/status');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    const status = response.json as StatusResponse;
    expect(status).toMatchObject({ version: '9.9.9', pid: process.pid, groups: [] });
    expect(status.entryCount).toBe(example.hub.entries.list().length);
    expect(status.entityCount).toBe(example.hub.states.all().length);
    expect(status.hostRssBytes).toBeGreaterThan(0);
  });

  test('GET /api/entities lists every state, with ISO timestamps', async () => {
    const { entities } = (await get('/api/entities')).json as EntitiesResponse;
    expect(entities.map((e) => e.entityId)).toEqual(expect.arrayContaining(['light.desk_1', 'light.desk_2']));
    expect(entities).toHaveLength(example.hub.states.all().length);
    const desk = entities.find((e) => e.entityId === 'light.desk_1')!;
    expect(new Date(desk.lastChanged).toISOString()).toBe(desk.lastChanged);
  });

  test('GET /api/entities?domain= lists only that domain', async () => {
    const lights = ((await get('/api/entities?domain=light')).json as EntitiesResponse).entities;
    expect(lights.length).toBeGreaterThanOrEqual(2);
    expect(lights.every((e) => e.entityId.startsWith('light.'))).toBe(true);
    const none = ((await get('/api/entities?domain=vacuum')).json as EntitiesResponse).entities;
    expect(none).toEqual([]);
  });

  test('GET /api/entries lists each config entry with its state and group', async () => {
    const { entries } = (await get('/api/entries')).json as EntriesResponse;
    expect(entries).toContainEqual({
      entryId: lightsEntry,
      domain: 'demo_light',
      title: 'Desk',
      state: 'loaded',
      sandbox: 'main',
    });
  });

  test('GET /api/inspector/machines describes the statecharts the inspector draws', async () => {
    const { machines } = (await get('/api/inspector/machines')).json as { machines: Record<string, unknown> };
    expect(Object.keys(machines)).toEqual(
      expect.arrayContaining(['supervisor', 'sandbox', 'channel', 'configEntry', 'configFlow']),
    );
  });

  test("GET /api/inspector/actors lists the hub and the hub's entry actors", async () => {
    const { actors } = (await get('/api/inspector/actors')).json as { actors: { id: string }[] };
    const ids = actors.map((a) => a.id);
    expect(ids).toContain('hub');
    expect(ids).toContain(`entry:${lightsEntry}`);
  });

  test("GET /api/inspector/events?actor=ID returns that actor's events and its children's only", async () => {
    const actor = `entry:${lightsEntry}`;
    const { events } = (await get(`/api/inspector/events?actor=${encodeURIComponent(actor)}&limit=10000`))
      .json as { events: { actorId: string }[] };
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.actorId === actor || e.actorId.startsWith(`${actor}/`))).toBe(true);
    expect(events.some((e) => e.actorId.startsWith(`${actor}/`))).toBe(true);
  });

  test('GET /api/inspector/events?limit=N returns at most N events, oldest first', async () => {
    const { events } = (await get('/api/inspector/events?limit=3')).json as { events: { seq: number }[] };
    expect(events).toHaveLength(3);
    expect(events[0]!.seq).toBeLessThan(events[2]!.seq);
    const all = collector.recentEvents(10_000);
    expect(events.at(-1)?.seq).toBeLessThanOrEqual(all.at(-1)!.seq);
  });
});

describe('driving the hub', () => {
  test('POST /api/services/call turns a light on at the brightness asked for', async () => {
    const response = await post('/api/services/call', {
      domain: 'light',
      service: 'turn_on',
      target: { entity_id: 'light.desk_1' },
      data: { brightness: 90 },
    });
    expect(response.status).toBe(200);
    expect(response.json).toEqual({ response: null });
    expect(await entity('light.desk_1')).toMatchObject({ state: 'on', attributes: { brightness: 90 } });
  });

  test("POST /api/flows and /api/flows/:id walk demo_light's form to a new entry with its lights", async () => {
    const started = await post('/api/flows', { domain: 'demo_light' });
    expect(started.status).toBe(200);
    const form = started.json as FlowAnswer & { type: 'form' };
    expect(form).toMatchObject({ type: 'form', stepId: 'user', errors: {} });

    const blank = (await post(`/api/flows/${form.flowId}`, { input: { name: '  ' } })).json as FlowAnswer;
    expect(blank).toMatchObject({ type: 'form', flowId: form.flowId, errors: { name: 'name_required' } });

    const done = await post(`/api/flows/${form.flowId}`, {
      input: { name: 'Porch', count: 1, area: 'Kitchen' },
    });
    expect(done.status).toBe(200);
    const created = done.json as FlowAnswer & { type: 'create_entry' };
    expect(created).toMatchObject({ type: 'create_entry', title: 'Porch' });
    const { entries } = (await get('/api/entries')).json as EntriesResponse;
    expect(entries.find((e) => e.entryId === created.entryId)).toMatchObject({ state: 'loaded' });
    expect(await entity('light.porch_1')).toMatchObject({ state: 'off' });
  });

  test('DELETE /api/flows/:id aborts the flow: it cannot go on to create an entry', async () => {
    const entriesBefore = example.hub.entries.list().length;
    const form = (await post('/api/flows', { domain: 'demo_light' })).json as FlowAnswer & { flowId: string };
    const aborted = await send(api.url, 'DELETE', `/api/flows/${form.flowId}`);
    expect(aborted.status).toBe(200);
    expect(aborted.json).toEqual({ aborted: form.flowId });
    // Every field has a default, so a live flow would create an entry from this empty input.
    const step = await post(`/api/flows/${form.flowId}`, { input: {} });
    // The flow manager forgets an aborted flow on its next touch: that answers `abort`, later ones 404.
    if (step.status === 200) expect(step.json).toMatchObject({ type: 'abort', reason: 'user' });
    const again = await post(`/api/flows/${form.flowId}`, { input: {} });
    expect(again.status).toBe(404);
    expect(errorOf(again).type).toBe('unknown_flow');
    expect(example.hub.entries.list()).toHaveLength(entriesBefore);
  });

  test('POST /api/entries/:id/reload unloads the entry and sets it up again', async () => {
    const states: string[] = [];
    const stop = example.hub.bus.listen('config_entry_state_changed', ({ data }) => {
      if (data.entryId === lightsEntry) states.push(data.state);
    });
    const response = await post(`/api/entries/${lightsEntry}/reload`);
    stop();
    expect(response.status).toBe(200);
    expect(response.json).toEqual({ entryId: lightsEntry, state: 'loaded' });
    expect(states[0]).toBe('unload_in_progress');
    expect(states.at(-1)).toBe('loaded');
    expect(await entity('light.desk_1')).toBeDefined();
  });
});

describe('bad requests get a 4xx with { error: { type, message } }, and the hub keeps working', () => {
  const cases: [
    name: string,
    send: () => Promise<Awaited<ReturnType<typeof call>>>,
    status: number,
    type: string,
  ][] = [
    ['an unknown route', () => get('/api/nothing'), 404, 'not_found'],
    ['a path outside the API', () => get('/etc/passwd'), 404, 'not_found'],
    ['a wrong method', () => send(api.url, 'PUT', '/api/status'), 405, 'method_not_allowed'],
    [
      'a body that is not JSON',
      () =>
        send(api.url, 'POST', '/api/services/call', {
          body: '{"domain": "light",',
          headers: { 'content-type': 'application/json' },
        }),
      400,
      'invalid_json',
    ],
    [
      'a body that is not sent as JSON',
      () =>
        send(api.url, 'POST', '/api/services/call', {
          body: 'domain=light&service=turn_on',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        }),
      415,
      'unsupported_media_type',
    ],
    [
      'a service call without a content type',
      () => send(api.url, 'POST', '/api/services/call', { body: '{}' }),
      415,
      'unsupported_media_type',
    ],
    [
      'an unknown service',
      () => post('/api/services/call', { domain: 'light', service: 'explode' }),
      404,
      'service_not_found',
    ],
    [
      'service data the service does not accept',
      () =>
        post('/api/services/call', {
          domain: 'light',
          service: 'turn_on',
          target: { entity_id: 'light.desk_1' },
          data: { brightness: 'lots' },
        }),
      400,
      'validation_error',
    ],
    ['an unknown flow id', () => post('/api/flows/01NOSUCHFLOW', { input: {} }), 404, 'unknown_flow'],
    [
      'aborting an unknown flow',
      () => send(api.url, 'DELETE', '/api/flows/01NOSUCHFLOW'),
      404,
      'unknown_flow',
    ],
    [
      'a flow of an unknown integration',
      () => post('/api/flows', { domain: 'nope' }),
      404,
      'unknown_integration',
    ],
    ['reloading an unknown entry', () => post('/api/entries/01NOSUCHENTRY/reload'), 404, 'unknown_entry'],
    [
      'a path parameter that is not valid percent-encoding',
      () => post('/api/entries/%E0%A4%A/reload'),
      400,
      'invalid_request',
    ],
    ['a non-numeric event limit', () => get('/api/inspector/events?limit=abc'), 400, 'invalid_request'],
    ['an event limit of 0', () => get('/api/inspector/events?limit=0'), 400, 'invalid_request'],
    ['a demo fault on a hub without sandboxes', () => post('/api/demo/crash', {}), 409, 'no_sandboxes'],
  ];

  test.each(cases)('%s', async (_name, send, status, type) => {
    const response = await send();
    expect(response.status).toBe(status);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    const error = errorOf(response);
    expect(error.type).toBe(type);
    expect(error.message.length).toBeGreaterThan(0);
    await expectHubWorking();
  });

  test('a wrong method names the allowed ones', async () => {
    const response = await send(api.url, 'DELETE', '/api/entries');
    expect(response.status).toBe(405);
    expect(response.headers.allow).toBe('GET');
  });

  test('a body that breaks the schema is refused, naming the field', async () => {
    const response = await post('/api/services/call', {
      domain: 'light',
      service: 'turn_on',
      target: { entity_id: 42 },
    });
    expect(response.status).toBe(400);
    const error = errorOf(response);
    expect(error.type).toBe('invalid_request');
    expect(error.message).toContain('target.entity_id');
    await expectHubWorking();
  });

  test('a body with a key the schema does not know is refused, naming the key', async () => {
    const response = await post('/api/flows', { domain: 'demo_light', sneaky: true });
    expect(response.status).toBe(400);
    expect(errorOf(response).message).toContain('sneaky');
  });

  test('a body over 1 MiB is refused with 413', async () => {
    const huge = { domain: 'light', service: 'turn_on', data: { blob: 'x'.repeat(1024 * 1024 + 1) } };
    const response = await post('/api/services/call', huge);
    expect(response.status).toBe(413);
    expect(errorOf(response).type).toBe('payload_too_large');
    await expectHubWorking();
  });

  test('a body just under 1 MiB is read', async () => {
    const padding = 'x'.repeat(1024 * 1024 - 200);
    const response = await post('/api/flows', { domain: 'nope', source: padding });
    expect(response.status).toBe(404);
    expect(errorOf(response).type).toBe('unknown_integration');
  });
});

describe('authentication', () => {
  /** Every route of the API and the page, and paths that are none: all behind the token. */
  const everyRoute: [method: string, path: string][] = [
    ['GET', '/api/status'],
    ['GET', '/api/entities'],
    ['GET', '/api/entries'],
    ['POST', '/api/services/call'],
    ['POST', '/api/entries/01NOSUCHENTRY/reload'],
    ['POST', '/api/flows'],
    ['POST', '/api/flows/01NOSUCHFLOW'],
    ['DELETE', '/api/flows/01NOSUCHFLOW'],
    ['POST', '/api/demo/crash'],
    ['POST', '/api/demo/hang'],
    ['GET', '/api/inspector/actors'],
    ['GET', '/api/inspector/machines'],
    ['GET', '/api/inspector/events'],
    ['GET', '/api/states'],
    ['GET', '/api/nothing'],
    ['GET', '/assets/app.js'],
    ['GET', '/etc/passwd'],
  ];

  test('without a token every route answers 401, before it is even looked up', async () => {
    const flowsBefore = example.hub.flows.inProgress().length;
    for (const [method, path] of everyRoute) {
      const response = await call(api.url, method, path, { body: {} });
      expect(response.status, `${method} ${path}`).toBe(401);
      expect(errorOf(response).type).toBe('unauthorized');
    }
    // Nothing reached the hub: the POST /api/flows above started no flow.
    expect(example.hub.flows.inProgress()).toHaveLength(flowsBefore);
  });

  test('a wrong token, a near miss, another scheme, or the token as ?token= answers 401', async () => {
    const attempts: RawRequest[] = [
      { headers: { authorization: 'Bearer wrong' } },
      { headers: { authorization: `Bearer ${TOKEN}x` } },
      { headers: { authorization: `Bearer ${TOKEN.slice(0, -1)}` } },
      { headers: { authorization: `Basic ${TOKEN}` } },
      // Basic is for WebSocket clients that take only a URL; HTTP clients send Bearer.
      { headers: { authorization: basic(`corral:${TOKEN}`) } },
      { headers: { authorization: TOKEN } },
      { headers: { cookie: `corral_session_${api.port}=${TOKEN}` } },
    ];
    for (const attempt of attempts) {
      const response = await call(api.url, 'GET', '/api/status', attempt);
      expect(response.status, JSON.stringify(attempt)).toBe(401);
    }
    expect((await call(api.url, 'GET', `/api/status?token=${TOKEN}`)).status).toBe(401);
  });

  test('the token as a Bearer header is let in', async () => {
    expect((await call(api.url, 'GET', '/api/status', { headers: AUTH })).status).toBe(200);
  });

  test('checkToken, for protocols that authenticate inside the socket, accepts only the token', () => {
    expect(api.auth.checkToken(TOKEN)).toBe(true);
    for (const wrong of ['', 'x', `${TOKEN} `, TOKEN.toUpperCase()])
      expect(api.auth.checkToken(wrong)).toBe(false);
  });

  test.each(['/api/ws', '/api/stately'])('a WebSocket on %s needs the token or a session', async (path) => {
    const withFeed = await startApiServer({
      hub: example.hub,
      collector,
      stately: statelyFeed(),
      port: 0,
      token: TOKEN,
    });
    try {
      const ws = `ws://127.0.0.1:${withFeed.port}${path}`;
      expect(await upgradeStatus(ws)).toBe(401);
      expect(await upgradeStatus(ws, { authorization: 'Bearer wrong' })).toBe(401);
      expect(await upgradeStatus(`${ws}?token=${TOKEN}`)).toBe(401);
      expect(await upgradeStatus(ws, AUTH)).toBe(101);
      // ws://corral:<token>@host/…, as a client that takes only a URL sends it.
      expect(await upgradeStatus(ws, { authorization: basic(`corral:${TOKEN}`) })).toBe(101);
      expect(await upgradeStatus(ws, { authorization: basic(`corral:${TOKEN}x`) })).toBe(401);
      expect(await upgradeStatus(ws, { authorization: basic(TOKEN) })).toBe(401);
      const cookie = await loginCookie(withFeed);
      expect(await upgradeStatus(ws, { cookie })).toBe(101);
    } finally {
      await withFeed.close();
    }
  });

  test('a server without a token is refused unless auth is off', async () => {
    const attempt = startApiServer({ hub: example.hub, collector, port: 0 });
    await expect(attempt).rejects.toMatchObject({ type: 'config_invalid' });
  });

  test('auth off is refused on a non-loopback bind, before listening', async () => {
    for (const host of ['0.0.0.0', '::', '192.0.2.1']) {
      const attempt = startApiServer({ hub: example.hub, collector, host, port: 0, auth: false });
      await expect(attempt, host).rejects.toBeInstanceOf(CorralError);
      await expect(attempt, host).rejects.toMatchObject({ type: 'config_invalid' });
    }
  });

  test('auth off on loopback lets requests in without a token, but still only from its own origin', async () => {
    const open = await startApiServer({ hub: example.hub, collector, port: 0, auth: false });
    try {
      expect((await call(open.url, 'GET', '/api/status')).status).toBe(200);
      expect(open.auth.checkToken('anything')).toBe(true);
      expect(
        (await call(open.url, 'GET', '/api/status', { headers: { origin: 'http://evil.example' } })).status,
      ).toBe(403);
    } finally {
      await open.close();
    }
  });
});

/** Follows a fresh one-time login link of `server`; the session cookie it set, as a Cookie header. */
async function loginCookie(server: ApiServer): Promise<string> {
  const link = new URL(server.loginUrl());
  const response = await call(server.url, 'GET', `${link.pathname}${link.search}`);
  const setCookie = response.headers['set-cookie']?.[0];
  if (response.status !== 303 || !setCookie) throw new Error(`login failed: ${response.status}`);
  return setCookie.split(';')[0]!;
}

describe('logging a browser in', () => {
  test('the one-time link sets an HttpOnly, SameSite=Strict session cookie and redirects to the page', async () => {
    const link = new URL(api.loginUrl());
    expect(link.origin).toBe(api.url);
    expect(link.pathname).toBe('/login');
    expect(link.searchParams.get('once')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(link.href).not.toContain(TOKEN);
    const response = await call(api.url, 'GET', `${link.pathname}${link.search}`);
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe('/');
    const [cookie] = response.headers['set-cookie'] ?? [];
    expect(cookie).toMatch(new RegExp(`^corral_session_${api.port}=[A-Za-z0-9_-]{43}; `));
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).toContain('Path=/');
    expect(cookie).not.toContain(TOKEN);
    const session = { cookie: cookie!.split(';')[0]! };
    expect((await call(api.url, 'GET', '/api/status', { headers: session })).status).toBe(200);
    const called = await call(api.url, 'POST', '/api/services/call', {
      headers: session,
      body: { domain: 'light', service: 'toggle', target: { entity_id: 'light.desk_2' } },
    });
    expect(called.status).toBe(200);
  });

  test('a one-time link works once: used again it is refused and sets no cookie', async () => {
    const link = new URL(api.loginUrl());
    const path = `${link.pathname}${link.search}`;
    expect((await call(api.url, 'GET', path)).status).toBe(303);
    const again = await call(api.url, 'GET', path);
    expect(again.status).toBe(401);
    expect(again.headers['set-cookie']).toBeUndefined();
    expect(again.text).toContain('used already, or has expired');
  });

  test('a made-up login code is refused and sets no cookie', async () => {
    const response = await call(api.url, 'GET', `/login?once=${'A'.repeat(43)}`);
    expect(response.status).toBe(401);
    expect(response.headers['set-cookie']).toBeUndefined();
  });

  test('the login page takes the token typed into its form and sets a session cookie', async () => {
    const form = await call(api.url, 'GET', '/login');
    expect(form.status).toBe(200);
    expect(form.text).toContain('<form method="post" action="/login">');
    const typed = await call(api.url, 'POST', '/login', {
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: api.url },
      body: `token=${encodeURIComponent(TOKEN)}`,
    });
    expect(typed.status).toBe(303);
    const session = { cookie: typed.headers['set-cookie']![0]!.split(';')[0]! };
    expect((await call(api.url, 'GET', '/api/status', { headers: session })).status).toBe(200);
  });

  test('a wrong token typed into the login form is refused and sets no cookie', async () => {
    const typed = await call(api.url, 'POST', '/login', {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'token=wrong',
    });
    expect(typed.status).toBe(401);
    expect(typed.headers['set-cookie']).toBeUndefined();
  });

  test('the login form posted from a foreign page is refused', async () => {
    const typed = await call(api.url, 'POST', '/login', {
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://evil.example' },
      body: `token=${encodeURIComponent(TOKEN)}`,
    });
    expect(typed.status).toBe(403);
    expect(typed.headers['set-cookie']).toBeUndefined();
  });

  test('the login page cannot be framed', async () => {
    const form = await call(api.url, 'GET', '/login');
    expect(form.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(form.headers['x-frame-options']).toBe('DENY');
  });
});

describe('origin gates', () => {
  test('a request whose Host is not loopback is refused, even with the token (DNS rebinding)', async () => {
    for (const host of ['evil.example', '127.0.0.1.evil.example', `evil.example:${api.port}`]) {
      const response = await get('/api/status', { host });
      expect(response.status, host).toBe(403);
      expect(errorOf(response).type).toBe('forbidden');
    }
  });

  test('requests with a loopback Host are answered', async () => {
    for (const host of [`127.0.0.1:${api.port}`, `localhost:${api.port}`, `[::1]:${api.port}`, '127.0.0.1']) {
      expect((await get('/api/status', { host })).status, host).toBe(200);
    }
  });

  test('a request from a foreign Origin is refused, even with the token (a web page driving the hub)', async () => {
    const response = await send(api.url, 'POST', '/api/services/call', {
      headers: { origin: 'http://evil.example' },
      body: { domain: 'light', service: 'turn_off', target: { entity_id: 'light.desk_1' } },
    });
    expect(response.status).toBe(403);
    expect(errorOf(response).type).toBe('forbidden');
    const foreign = [
      'null',
      'http://127.0.0.1.evil.example',
      'not a url',
      // Another server on this machine is another origin too.
      'http://localhost:5173',
      `https://127.0.0.1:${api.port}`,
      `http://127.0.0.1:${api.port + 1}`,
    ];
    for (const origin of foreign) {
      expect((await get('/api/status', { origin })).status, origin).toBe(403);
    }
  });

  test("a request from the hub's own origin (the inspector page) is answered", async () => {
    for (const origin of [`http://127.0.0.1:${api.port}`, `http://localhost:${api.port}`]) {
      expect((await get('/api/status', { origin })).status, origin).toBe(200);
    }
  });

  test('a WebSocket upgrade from a foreign Origin or Host is refused; one from its own origin is accepted', async () => {
    const ws = `ws://127.0.0.1:${api.port}/api/ws`;
    expect(await upgradeStatus(ws, { ...AUTH, origin: 'http://evil.example' })).toBe(403);
    expect(await upgradeStatus(ws, { ...AUTH, origin: 'http://localhost:5173' })).toBe(403);
    expect(await upgradeStatus(ws, { ...AUTH, host: 'evil.example' })).toBe(403);
    expect(await upgradeStatus(ws, { ...AUTH, origin: `http://localhost:${api.port}` })).toBe(101);
  });
});

describe('the inspector page', () => {
  let root: string;
  let withPage: ApiServer;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'corral-static-'));
    const staticDir = join(root, 'inspector');
    await mkdir(join(staticDir, 'assets'), { recursive: true });
    await writeFile(join(staticDir, 'index.html'), '<!doctype html><title>Corral inspector</title>');
    await writeFile(join(staticDir, 'assets', 'app.js'), 'console.log("inspector");');
    await writeFile(join(staticDir, 'assets', 'notes.txt'), 'not part of the page');
    await writeFile(join(root, 'secret.txt'), 'outside the static dir');
    withPage = await startApiServer({ hub: example.hub, collector, port: 0, token: TOKEN, staticDir });
  });
  afterAll(async () => {
    await withPage?.close();
    await rm(root, { recursive: true, force: true });
  });

  test('GET / serves index.html as HTML with a restrictive content security policy', async () => {
    const response = await send(withPage.url, 'GET', '/');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.text).toContain('Corral inspector');
  });

  test('the page script is served as JavaScript', async () => {
    const response = await send(withPage.url, 'GET', '/assets/app.js');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(response.text).toContain('inspector');
  });

  test('only the fixed list of page files is served, never a path the request makes up', async () => {
    for (const path of [
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/../package.json',
      '/assets/notes.txt',
      '/%2e%2e/secret.txt',
    ]) {
      const response = await send(withPage.url, 'GET', path);
      expect(response.status, path).toBe(404);
      expect(response.text, path).not.toContain('outside the static dir');
      expect(response.text, path).not.toContain('not part of the page');
    }
  });

  test('the page may not be framed by another page (clickjacking of its crash and hang buttons)', async () => {
    const response = await send(withPage.url, 'GET', '/');
    expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(response.headers['x-frame-options']).toBe('DENY');
  });

  test('a browser without a session is sent from the page to the login page; page files are refused', async () => {
    const page = await call(withPage.url, 'GET', '/');
    expect(page.status).toBe(303);
    expect(page.headers.location).toBe('/login');
    expect(page.text).not.toContain('Corral inspector');
    expect((await call(withPage.url, 'GET', '/assets/app.js')).status).toBe(401);
  });

  test('a browser with a session from the login link gets the page', async () => {
    const cookie = await loginCookie(withPage);
    const page = await call(withPage.url, 'GET', '/', { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(page.text).toContain('Corral inspector');
  });

  test('the page is not served to a foreign Origin', async () => {
    const response = await send(withPage.url, 'GET', '/', { headers: { host: 'evil.example' } });
    expect(response.status).toBe(403);
  });

  test('without a static dir, / is a 404', async () => {
    expect((await get('/')).status).toBe(404);
  });
});

describe('the WebSocket feed', () => {
  test('the first message is hello, with the actor tree and the recent events', async () => {
    const feed = await openFeed(`ws://127.0.0.1:${api.port}/api/ws`, { headers: AUTH });
    try {
      const hello = await feed.next((m) => m.type === 'hello');
      if (hello.type !== 'hello') throw new Error('unreachable');
      expect(feed.messages[0]).toBe(hello);
      const ids = hello.actors.map((a) => a.id);
      expect(ids).toContain('hub');
      expect(ids).toContain(`entry:${lightsEntry}`);
      expect(hello.events.length).toBeGreaterThan(0);
      expect(hello.events.at(-1)?.seq).toBe(collector.recentEvents(1).at(-1)?.seq);
    } finally {
      feed.close();
    }
  });

  test('a new flow is announced as actor and event messages', async () => {
    const feed = await openFeed(`ws://127.0.0.1:${api.port}/api/ws`, { headers: AUTH });
    try {
      await feed.next((m) => m.type === 'hello');
      const form = (await post('/api/flows', { domain: 'demo_light' })).json as { flowId: string };
      const actor = await feed.next((m) => m.type === 'actor' && m.actor.id === `flow:${form.flowId}`);
      expect(actor).toMatchObject({ actor: { parentId: 'hub', kind: 'flow' } });
      await feed.next(
        (m) =>
          m.type === 'event' && m.event.actorId === `flow:${form.flowId}` && m.event.kind === 'transition',
      );
      await send(api.url, 'DELETE', `/api/flows/${form.flowId}`);
      await feed.next(
        (m) => m.type === 'event' && m.event.actorId === `flow:${form.flowId}` && m.event.kind === 'stopped',
      );
    } finally {
      feed.close();
    }
  });

  test('status messages arrive every statusIntervalMs', async () => {
    const feed = await openFeed(`ws://127.0.0.1:${api.port}/api/ws`, { headers: AUTH });
    try {
      const isStatus = (m: WsMessage): m is Extract<WsMessage, { type: 'status' }> => m.type === 'status';
      const started = Date.now();
      await feed.next((m) => feed.messages.filter(isStatus).length >= 4 && isStatus(m));
      // Four ticks of 40 ms, with room for a loaded machine; at the 1 s default they take over 3 s.
      expect(Date.now() - started).toBeLessThan(2_000);
      const status = feed.messages.filter(isStatus).at(-1)!.status;
      expect(status.pid).toBe(process.pid);
      expect(status.entryCount).toBe(example.hub.entries.list().length);
    } finally {
      feed.close();
    }
  });

  test('an actor stopped longer than keepStoppedMs is announced as removed on the feed', async () => {
    const pruning = new InspectorCollector({ keepStoppedMs: 0 });
    const server = await startApiServer({
      hub: example.hub,
      collector: pruning,
      port: 0,
      token: TOKEN,
      statusIntervalMs: 20,
    });
    const feed = await openFeed(`ws://127.0.0.1:${server.port}/api/ws`, { headers: AUTH });
    try {
      const lamp = createActor(
        createMachine({ id: 'lamp', initial: 'on', states: { on: { type: 'final' } } }),
        {
          id: 'lamp:test',
          inspect: pruning.inspect,
        },
      ).start();
      expect(lamp.getSnapshot().status).toBe('done');
      const removed = await feed.next((m) => m.type === 'removed' && m.actorId === 'lamp:test');
      expect(removed).toEqual({ type: 'removed', actorId: 'lamp:test' });
      expect(pruning.actor('lamp:test')).toBeUndefined();
    } finally {
      feed.close();
      await server.close();
    }
  });

  test('an upgrade on an unknown path, or to /api/stately without a feed, is refused with 404', async () => {
    expect(await upgradeStatus(`ws://127.0.0.1:${api.port}/api/nope`, AUTH)).toBe(404);
    expect(await upgradeStatus(`ws://127.0.0.1:${api.port}/api/stately`, AUTH)).toBe(404);
  });

  test('closing the server closes the feeds', async () => {
    const own = await startApiServer({ hub: example.hub, collector, port: 0, token: TOKEN });
    const feed = await openFeed(`ws://127.0.0.1:${own.port}/api/ws`, { headers: AUTH });
    const closed = new Promise<void>((resolve) => feed.ws.once('close', () => resolve()));
    await own.close();
    await closed;
    await expect(send(own.url, 'GET', '/api/status')).rejects.toThrow();
  });
});
