import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { GroupStatus, StatusResponse, WsMessage } from '../../src/api/contract.js';
import { type ApiServer, startApiServer } from '../../src/api/server.js';
import { InspectorCollector } from '../../src/inspector/collector.js';
import { knownMachineIds } from '../../src/inspector/machines.js';
import type { SandboxRouter } from '../../src/sandboxing/sandbox-router.js';
import { createEntry, type ExampleHub, startExampleHub, waitForState } from '../support/example-hub.js';
import { eventually, isAlive } from '../support/processes.js';
import { call, errorOf, type Feed, openFeed } from './support.js';

const LIGHTS = 'built-in.demo_light';
const SENSORS = 'built-in.demo_sensor';

let example: ExampleHub;
let router: SandboxRouter | undefined;
let collector: InspectorCollector;
let api: ApiServer;
let feed: Feed;

const TOKEN = 'test-token-c2FuZGJveGVkLWh1Yi1hcGktdGVzdA';
const AUTH = { authorization: `Bearer ${TOKEN}` };

beforeAll(async () => {
  collector = new InspectorCollector({ knownMachines: knownMachineIds });
  example = await startExampleHub({
    isolation: 'process',
    inspect: collector.inspect,
    onRouter: (made) => {
      router = made;
    },
    sandboxing: {
      isolation: { perDomain: true },
      // Short heartbeats, so a frozen sandbox is noticed within about two seconds.
      supervision: { heartbeatIntervalMs: 300, heartbeatMisses: 3 },
      inspect: collector.inspect,
    },
  });
  await createEntry(example.hub, 'demo_light', [{ name: 'Desk', count: 2, area: 'Office' }]);
  await createEntry(example.hub, 'demo_sensor', [{ update_interval: 0.5 }]);
  api = await startApiServer({
    hub: example.hub,
    router,
    collector,
    port: 0,
    token: TOKEN,
    statusIntervalMs: 50,
  });
  feed = await openFeed(`ws://127.0.0.1:${api.port}/api/ws`, { headers: AUTH });
});

afterAll(async () => {
  feed?.close();
  await api?.close();
  await example?.cleanup();
});

const post = (path: string, body: unknown = {}) => call(api.url, 'POST', path, { body, headers: AUTH });

async function groupStatus(group: string): Promise<GroupStatus> {
  const status = (await call(api.url, 'GET', '/api/status', { headers: AUTH })).json as StatusResponse;
  const found = status.groups.find((g) => g.group === group);
  if (!found) throw new Error(`no group ${group} in ${JSON.stringify(status.groups.map((g) => g.group))}`);
  return found;
}

/** Polls the group's status until `predicate` holds; returns that status. */
async function groupBecomes(group: string, predicate: (g: GroupStatus) => boolean, what: string) {
  let last: GroupStatus | undefined;
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    last = await groupStatus(group);
    if (predicate(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`group ${group} never ${what}; last: ${JSON.stringify(last)}`);
}

describe('the API of a hub with sandboxed integrations', () => {
  test('status lists each sandbox group running, with its pid, entries and restart budget', async () => {
    const lights = await groupStatus(LIGHTS);
    expect(lights.state).toMatch(/^live\.running/);
    expect(lights.pid).toBe(
      router!.supervisor.connections.list().find((l) => l.group === LIGHTS)?.sandbox.pid,
    );
    expect(isAlive(lights.pid!)).toBe(true);
    expect(lights.entries).toHaveLength(1);
    expect(lights.restarts).toMatchObject({
      recent: 0,
      intensity: router!.supervisor.policy.restartIntensity,
    });
    expect(lights.totalRestarts).toBe(0);
    expect(lights.lastFailure).toBeNull();
    expect(lights.messages.callsOut).toBeGreaterThan(0);
    const sensors = await groupStatus(SENSORS);
    expect(sensors.pid).not.toBe(lights.pid);
  });

  test('status counts the messages each sandbox exchanges, and their rate', async () => {
    const first = await groupStatus(SENSORS);
    // The sensors push a sample every half second: the counts grow and a sampled rate shows it.
    const later = await groupBecomes(
      SENSORS,
      (g) => g.messages.pushesIn > first.messages.pushesIn && g.rates.inPerSec > 0,
      'showed incoming pushes',
    );
    expect(later.pid).toBe(first.pid);
    expect(later.rssBytes).toBeGreaterThan(1024 * 1024);
  });

  test('hello shows the hub, the supervisor, each sandbox with its channel, and a proxy per sandboxed entity', async () => {
    const hello = feed.messages[0] as Extract<WsMessage, { type: 'hello' }>;
    expect(hello.type).toBe('hello');
    const byId = new Map(hello.actors.map((a) => [a.id, a]));
    expect(byId.get('hub')).toMatchObject({ parentId: '' });
    expect(byId.get('supervisor')).toMatchObject({ parentId: 'hub', machine: 'supervisor' });
    for (const group of [LIGHTS, SENSORS]) {
      expect(byId.get(`sandbox:${group}`)).toMatchObject({ parentId: 'supervisor', machine: 'sandbox' });
      expect(byId.get(`channel:${group}`)).toMatchObject({
        parentId: `sandbox:${group}`,
        machine: 'channel',
      });
    }
    expect(byId.get(`sandbox:${LIGHTS}`)?.stateLabel).toMatch(/^live\.running/);
    expect(byId.get('proxy:light.desk_1')).toMatchObject({
      parentId: `bridge:${LIGHTS}`,
      stateLabel: 'available',
    });
  });

  test('a service call through the API reaches the sandboxed light and its new state comes back', async () => {
    const response = await post('/api/services/call', {
      domain: 'light',
      service: 'turn_on',
      target: { entity_id: 'light.desk_1' },
      data: { brightness: 90 },
    });
    expect(response.status).toBe(200);
    const state = await waitForState(example.hub, 'light.desk_1', (s) => s.state === 'on');
    expect(state.attributes.brightness).toBe(90);
  });

  test('demo crash kills the sandbox; the supervisor restarts it and its entities come back as they were', async () => {
    const before = await groupStatus(LIGHTS);
    const seen = feed.messages.length;
    const response = await post('/api/demo/crash', { group: LIGHTS });
    expect(response.status).toBe(200);
    expect(response.json).toEqual({ group: LIGHTS, pid: before.pid });

    const after = await groupBecomes(
      LIGHTS,
      (g) => g.pid !== null && g.pid !== before.pid && g.state.startsWith('live.running'),
      'restarted',
    );
    expect(after.totalRestarts).toBe(1);
    expect(after.restarts.recent).toBe(1);
    // The channel's close and the process's exit race; either is the crash.
    expect(after.lastFailure).toMatch(/^(exit|channel_closed)/);
    await eventually(() => !isAlive(before.pid!), 'the killed sandbox to be reaped');
    const light = await waitForState(example.hub, 'light.desk_1', (s) => s.state === 'on', 10_000);
    expect(light.attributes.brightness).toBe(90);

    // The feed told the story: the sandbox left running, and its proxies went unavailable and came back.
    const told = feed.messages.slice(seen);
    const sandboxStates = told.flatMap((m) =>
      m.type === 'actor' && m.actor.id === `sandbox:${LIGHTS}` ? [m.actor.stateLabel] : [],
    );
    expect(sandboxStates.some((label) => !label.startsWith('live.running'))).toBe(true);
    expect(told.some((m) => m.type === 'event' && m.event.actorId === `sandbox:${LIGHTS}`)).toBe(true);
    await feed.next(
      (m) => m.type === 'actor' && m.actor.id === 'proxy:light.desk_1' && m.actor.stateLabel === 'available',
      { from: seen },
    );
    const proxyStates = feed.messages
      .slice(seen)
      .flatMap((m) =>
        m.type === 'actor' && m.actor.id === 'proxy:light.desk_1' ? [m.actor.stateLabel] : [],
      );
    expect(proxyStates).toEqual(['unavailable', 'available']);
    // The other group was not touched.
    expect((await groupStatus(SENSORS)).totalRestarts).toBe(0);
  });

  test('demo hang freezes the sandbox; missed heartbeats get it declared hung and restarted', async () => {
    const before = await groupStatus(SENSORS);
    const response = await post('/api/demo/hang', { group: SENSORS });
    expect(response.status).toBe(200);
    expect(response.json).toEqual({ group: SENSORS, pid: before.pid });
    const after = await groupBecomes(
      SENSORS,
      (g) => g.pid !== null && g.pid !== before.pid && g.state.startsWith('live.running'),
      'restarted after the hang',
    );
    expect(after.lastFailure).toMatch(/^hung/);
    expect(after.totalRestarts).toBe(1);
    await eventually(() => !isAlive(before.pid!), 'the frozen sandbox to be killed');
  });

  test('a fault on a group with no running sandbox is a 404 naming the running ones', async () => {
    const response = await post('/api/demo/crash', { group: 'built-in.nothing' });
    expect(response.status).toBe(404);
    const error = errorOf(response);
    expect(error.type).toBe('sandbox_not_found');
    expect(error.message).toContain(LIGHTS);
    expect(error.message).toContain(SENSORS);
    expect((await post('/api/demo/hang', { group: 'built-in.nothing' })).status).toBe(404);
  });

  test('status messages on the feed carry the sandbox groups', async () => {
    const status = await feed.next((m) => m.type === 'status');
    if (status.type !== 'status') throw new Error('unreachable');
    expect(status.status.groups.map((g) => g.group)).toEqual([LIGHTS, SENSORS]);
  });
});
