import { afterEach, describe, expect, it } from 'vitest';
import type { Hub } from '../../src/host/hub.js';
import type { SandboxRouter } from '../../src/sandboxing/sandbox-router.js';
import { type ExampleHub, runFlow, startExampleHub, waitForState } from '../support/example-hub.js';
import { eventually, isAlive } from '../support/processes.js';

let example: ExampleHub | undefined;
afterEach(async () => {
  await example?.cleanup();
  example = undefined;
});

async function sandboxedHub(): Promise<{ hub: Hub; router: () => SandboxRouter }> {
  let router: SandboxRouter | undefined;
  example = await startExampleHub({ isolation: 'process', onRouter: (r) => (router = r) });
  return { hub: example.hub, router: () => router! };
}

async function addLights(hub: Hub) {
  const answer = await runFlow(hub, 'demo_light', [{ name: 'Desk', count: 2, area: 'Office' }]);
  expect(answer.type).toBe('create_entry');
  return answer.entryId!;
}

describe('a hub with integrations in sandbox processes', () => {
  it('runs a built-in integration in the built-in group with the entity ids it has in-process', async () => {
    const { hub, router } = await sandboxedHub();
    const entryId = await addLights(hub);
    expect(hub.entries.get(entryId)?.sandbox).toBe('built-in');
    expect(hub.entries.state(entryId)).toBe('loaded');
    expect(hub.states.get('light.desk_1')?.state).toBe('off');
    expect(hub.states.get('light.desk_2')?.state).toBe('off');
    expect(router().supervisor.connections.pids()).toHaveLength(1);
  });

  it('forwards service calls to the sandboxed entity and mirrors the new state', async () => {
    const { hub } = await sandboxedHub();
    await addLights(hub);
    await hub.services.call(
      'light',
      'turn_on',
      { brightness: 77 },
      { target: { entity_id: 'light.desk_1' } },
    );
    await waitForState(hub, 'light.desk_1', (s) => s?.state === 'on');
    expect(hub.states.get('light.desk_1')?.attributes.brightness).toBe(77);
    expect(hub.states.get('light.desk_2')?.state).toBe('off');
  });

  it('marks entities unavailable when the sandbox is killed, then brings them back as they were, with the same ids', async () => {
    const { hub, router } = await sandboxedHub();
    await addLights(hub);
    await hub.services.call(
      'light',
      'turn_on',
      { brightness: 99 },
      { target: { entity_id: 'light.desk_1' } },
    );
    const [pid] = router().supervisor.connections.pids();
    process.kill(pid!, 'SIGKILL');
    await waitForState(hub, 'light.desk_1', (s) => s?.state === 'unavailable');
    // The crashed sandbox handed over nothing; the host kept what it had last reported.
    await waitForState(hub, 'light.desk_1', (s) => s?.state === 'on', 10_000);
    expect(hub.states.get('light.desk_1')?.attributes.brightness).toBe(99);
    expect(isAlive(pid!)).toBe(false);
    expect(hub.states.get('light.desk_2')?.state).toBe('off');
    await hub.services.call('light', 'turn_on', {}, { target: { entity_id: 'light.desk_2' } });
    await waitForState(hub, 'light.desk_2', (s) => s?.state === 'on');
  });

  it("restores an entity's last state after a graceful shutdown and restart", async () => {
    const { hub } = await sandboxedHub();
    await addLights(hub);
    await hub.services.call(
      'light',
      'turn_on',
      { brightness: 150 },
      { target: { entity_id: 'light.desk_1' } },
    );
    await waitForState(hub, 'light.desk_1', (s) => s?.state === 'on');
    example = await example!.restart();
    await waitForState(example.hub, 'light.desk_1', (s) => s?.state === 'on', 10_000);
    expect(example.hub.states.get('light.desk_1')?.attributes.brightness).toBe(150);
  });

  it('leaves no sandbox process behind after the hub stops', async () => {
    const { hub, router } = await sandboxedHub();
    await addLights(hub);
    const pids = router().supervisor.connections.pids();
    await example!.cleanup();
    example = undefined;
    await eventually(() => pids.every((pid) => !isAlive(pid)), 'every sandbox to exit');
  });
});

describe('crashes of a sandbox with real processes', () => {
  it('a crash in the middle of an entry setup sends it to setup_retry, and it loads once the sandbox is back', async () => {
    const { hub, router } = await sandboxedHub();
    const states: string[] = [];
    hub.bus.listen('config_entry_state_changed', ({ data }) => states.push(data.state));
    const flow = runFlow(hub, 'flaky', [{ setup_delay_ms: 1_000 }]);
    await eventually(() => states.includes('setup_in_progress'), 'the setup to start');
    await eventually(() => router().supervisor.connections.pids().length === 1, 'the sandbox');
    const [pid] = router().supervisor.connections.pids();
    process.kill(pid!, 'SIGKILL');
    const answer = await flow;
    expect(answer.type).toBe('create_entry');
    await eventually(() => hub.entries.state(answer.entryId!) === 'loaded', 'the entry to load', 15_000);
    expect(states).toContain('setup_retry');
    expect(hub.states.get('sensor.flaky_ticks')?.state).toBe('0');
  });

  it('an integration that crashes its sandbox is restarted, and its entities come back', async () => {
    const { hub, router } = await sandboxedHub();
    const answer = await runFlow(hub, 'flaky', [{}]);
    expect(hub.entries.state(answer.entryId!)).toBe('loaded');
    const [pid] = router().supervisor.connections.pids();
    await hub.services
      .call('flaky', 'misbehave', { mode: 'crash' }, { returnResponse: true })
      .catch(() => {});
    await waitForState(hub, 'sensor.flaky_ticks', (s) => s?.state === 'unavailable');
    await waitForState(hub, 'sensor.flaky_ticks', (s) => s?.state === '0', 10_000);
    expect(isAlive(pid!)).toBe(false);
    expect(router().supervisor.persist().groups['built-in']?.failures.at(-1)).toMatchObject({ code: 13 });
  });
});

describe('sandboxes under the permission model', () => {
  it('run integrations that read only their own code, and work as without it', async () => {
    example = await startExampleHub({
      isolation: 'process',
      sandboxing: { process: { permissionModel: true } },
    });
    const entryId = await addLights(example.hub);
    expect(example.hub.entries.state(entryId)).toBe('loaded');
    await example.hub.services.call('light', 'turn_on', {}, { target: { entity_id: 'light.desk_2' } });
    await waitForState(example.hub, 'light.desk_2', (s) => s?.state === 'on');
  });

  it('isolate each domain in its own group when asked', async () => {
    let router: SandboxRouter | undefined;
    example = await startExampleHub({
      isolation: 'process',
      sandboxing: { isolation: { perDomain: true } },
      onRouter: (r) => (router = r),
    });
    const entryId = await addLights(example.hub);
    expect(example.hub.entries.get(entryId)?.sandbox).toBe('built-in.demo_light');
    expect(example.hub.states.get('light.desk_1')?.state).toBe('off');
    expect(router!.supervisor.stateOf('built-in.demo_light')).toMatchObject({
      live: { running: expect.any(String) },
    });
  });
});

describe('service calls on many sandboxed entities', () => {
  it('cross as one call_service per sandbox, not one per entity', async () => {
    let router: SandboxRouter | undefined;
    // No heartbeat pings, so every call on the channel is the service's.
    example = await startExampleHub({
      isolation: 'process',
      sandboxing: { supervision: { heartbeatIntervalMs: 0 } },
      onRouter: (r) => (router = r),
    });
    await addLights(example.hub);
    const channel = router!.supervisor.connections.get('built-in')!.channel;
    const before = channel.stats.callsOut;
    await example.hub.services.call(
      'light',
      'turn_on',
      { brightness: 42 },
      { target: { area_id: 'office' } },
    );
    expect(channel.stats.callsOut - before).toBe(1);
    for (const id of ['light.desk_1', 'light.desk_2']) {
      expect(example.hub.states.get(id)).toMatchObject({ state: 'on', attributes: { brightness: 42 } });
    }
  });
});
