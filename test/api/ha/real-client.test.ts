/**
 * home-assistant-js-websocket, the client of the Home Assistant frontend, against
 * a hub whose integrations run in sandbox processes. Needs `npm run build` first.
 */
import {
  type Connection,
  callService,
  ERR_INVALID_AUTH,
  getStates,
  type HassEntities,
  type HassEvent,
  subscribeEntities,
} from 'home-assistant-js-websocket';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type ApiServer, startApiServer } from '../../../src/api/server.js';
import { InspectorCollector } from '../../../src/inspector/collector.js';
import type { SandboxRouter } from '../../../src/sandboxing/sandbox-router.js';
import { createEntry, type ExampleHub, startExampleHub } from '../../support/example-hub.js';
import { connectClient } from './support.js';

const TOKEN = 'c0ffee'.repeat(8);
const DESK = 'light.desk_1';
const LIGHTS = 'built-in.demo_light';

let example: ExampleHub;
let router: SandboxRouter | undefined;
let api: ApiServer;
let conn: Connection;

async function startApi(port = 0) {
  return startApiServer({
    hub: example.hub,
    router,
    collector: new InspectorCollector(),
    port,
    token: TOKEN,
  });
}

beforeAll(async () => {
  example = await startExampleHub({
    isolation: 'process',
    onRouter: (made) => {
      router = made;
    },
    sandboxing: { isolation: { perDomain: true } },
  });
  await createEntry(example.hub, 'demo_light', [{ name: 'Desk', count: 2, area: 'Office' }]);
  await createEntry(example.hub, 'demo_hub', [
    { host: 'hub.local', port: 8080 },
    { next_step_id: 'both' },
    { token: 'secret' },
  ]);
  api = await startApi();
  conn = await connectClient(api.url, TOKEN);
});

afterAll(async () => {
  conn?.close();
  await api?.close();
  await example?.cleanup();
});

/** The entities the client's `subscribeEntities` holds once `predicate` holds of them. */
function entitiesWhen(
  connection: Connection,
  predicate: (entities: HassEntities) => boolean,
  timeoutMs = 10_000,
) {
  return new Promise<HassEntities>((resolve, reject) => {
    let last: HassEntities | undefined;
    let unsubscribe: (() => void) | undefined;
    let done = false;
    const timer = setTimeout(() => {
      done = true;
      unsubscribe?.();
      reject(
        new Error(`subscribeEntities never matched; last: ${JSON.stringify(last && Object.keys(last))}`),
      );
    }, timeoutMs);
    unsubscribe = subscribeEntities(connection, (entities) => {
      last = entities;
      if (done || !predicate(entities)) return;
      done = true;
      clearTimeout(timer);
      // The first callback can come before subscribeEntities has returned.
      queueMicrotask(() => unsubscribe?.());
      resolve(entities);
    });
  });
}

describe('home-assistant-js-websocket against a hub with sandboxed integrations', () => {
  test('createConnection authenticates with a long-lived token and learns the HA version', () => {
    expect(conn.connected).toBe(true);
    expect(conn.haVersion).toMatch(/^\d{4}\.\d+\.\d+$/);
  });

  test('getStates lists the sandboxed lights in HA state shape', async () => {
    const states = await getStates(conn);
    const desk = states.find((s) => s.entity_id === DESK);
    expect(desk).toMatchObject({ entity_id: DESK, attributes: expect.any(Object) });
    expect(typeof desk?.state).toBe('string');
    expect(Date.parse(desk!.last_changed)).toBe(example.hub.states.get(DESK)!.lastChanged);
    expect(desk?.context).toMatchObject({ id: expect.any(String) });
    expect(states.map((s) => s.entity_id).sort()).toEqual(
      example.hub.states
        .all()
        .map((s) => s.entityId)
        .sort(),
    );
  });

  test('subscribeEntities sees a sandboxed light change after a service call, attributes included', async () => {
    await callService(conn, 'light', 'turn_off', undefined, { entity_id: DESK });
    await entitiesWhen(conn, (e) => e[DESK]?.state === 'off');
    const seen = entitiesWhen(conn, (e) => e[DESK]?.state === 'on' && e[DESK]?.attributes.brightness === 42);
    await callService(conn, 'light', 'turn_on', { brightness: 42 }, { entity_id: DESK });
    const entities = await seen;
    expect(entities[DESK]?.attributes.brightness).toBe(example.hub.states.get(DESK)?.attributes.brightness);
    expect(Date.parse(entities[DESK]!.last_changed)).toBe(example.hub.states.get(DESK)!.lastChanged);
  });

  test('callService with return_response answers with the sandboxed service response and its context', async () => {
    const result = (await callService(conn, 'demo_hub', 'get_status', {}, undefined, true)) as {
      context: { id: string };
      response: { host: string; scan_interval: number };
    };
    expect(result.response).toMatchObject({ host: 'hub.local', scan_interval: expect.any(Number) });
    expect(result.context.id).toMatch(/^[0-9A-Z]{26}$/);
  });

  test('callService of an unknown service rejects with not_found', async () => {
    await expect(callService(conn, 'light', 'explode', {})).rejects.toMatchObject({ code: 'not_found' });
  });

  test('subscribeEvents delivers an integration event and the state_changed it caused', async () => {
    const pressed: HassEvent[] = [];
    const changed: HassEvent[] = [];
    const stopPressed = await conn.subscribeEvents<HassEvent>(
      (e) => pressed.push(e),
      'demo_hub_button_pressed',
    );
    const stopChanged = await conn.subscribeEvents<HassEvent>((e) => changed.push(e), 'state_changed');
    await callService(conn, 'demo_hub', 'press_button', { button: 'left' });
    await callService(conn, 'light', 'toggle', undefined, { entity_id: 'light.desk_2' });
    await expect.poll(() => pressed.length).toBe(1);
    expect(pressed[0]).toMatchObject({
      event_type: 'demo_hub_button_pressed',
      data: { host: 'hub.local', button: 'left' },
      origin: 'REMOTE',
    });
    await expect.poll(() => changed.some((e) => e.data.entity_id === 'light.desk_2')).toBe(true);
    const desk2 = changed.find((e) => e.data.entity_id === 'light.desk_2')!;
    expect(desk2.data.new_state).toMatchObject({
      entity_id: 'light.desk_2',
      state: example.hub.states.get('light.desk_2')?.state,
    });
    await stopPressed();
    await stopChanged();
  });

  test('a SIGKILLed sandbox shows its lights unavailable, then back as they were', async () => {
    await callService(conn, 'light', 'turn_on', { brightness: 77 }, { entity_id: DESK });
    await entitiesWhen(conn, (e) => e[DESK]?.attributes.brightness === 77);
    const states: string[] = [];
    const unsubscribe = subscribeEntities(conn, (entities) => {
      const state = entities[DESK]?.state;
      if (state !== undefined && states.at(-1) !== state) states.push(state);
    });
    const pid = router!.supervisor.connections.list().find((c) => c.group === LIGHTS)?.sandbox.pid;
    expect(pid).toEqual(expect.any(Number));
    process.kill(pid!, 'SIGKILL');
    await expect.poll(() => states, { timeout: 15_000 }).toEqual(['on', 'unavailable', 'on']);
    unsubscribe();
    const [desk] = (await getStates(conn)).filter((s) => s.entity_id === DESK);
    expect(desk?.attributes.brightness).toBe(77);
  });

  test('a wrong token is refused with ERR_INVALID_AUTH', async () => {
    await expect(connectClient(api.url, 'f00d'.repeat(12))).rejects.toBe(ERR_INVALID_AUTH);
  });

  test('after the hub restarts the client reconnects by itself and its subscriptions resume', async () => {
    const port = api.port;
    let readies = 0;
    conn.addEventListener('ready', () => readies++);
    const live = { current: undefined as HassEntities | undefined };
    const unsubscribe = subscribeEntities(conn, (entities) => {
      live.current = entities;
    });
    await api.close();
    example = await example.restart();
    api = await startApi(port);
    await expect.poll(() => readies, { timeout: 15_000 }).toBe(1);
    await callService(conn, 'light', 'turn_on', { brightness: 12 }, { entity_id: 'light.desk_2' });
    await expect
      .poll(() => live.current?.['light.desk_2']?.attributes.brightness, { timeout: 10_000 })
      .toBe(12);
    unsubscribe();
  });
});
