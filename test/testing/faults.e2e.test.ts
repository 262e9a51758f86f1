/**
 * Every fault of `corral/testing` on a hub with real sandbox processes, each
 * shown to have the effect it claims.
 */
import { join } from 'node:path';
import { createTestHub, type TestHub, type TestHubOptions } from 'corral/testing';
import { afterEach, describe, expect, test } from 'vitest';
import { eventually, isAlive } from '../support/processes.js';
import { DEMO_HUB_FLOW, EXAMPLES, KITCHEN, storedData } from './support.js';

const LIGHTS = 'built-in.demo_light';

let t: TestHub | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

/** Each built-in integration in a sandbox process of its own (`built-in.<domain>`). */
async function sandboxed(options: TestHubOptions = {}): Promise<TestHub> {
  t = await createTestHub({
    isolation: 'process',
    integrationDirs: [EXAMPLES],
    ...options,
    sandboxing: { isolation: { perDomain: true }, ...options.sandboxing },
  });
  return t;
}

const lastFailure = (hub: TestHub, group: string) => hub.router!.supervisor.contextOf(group)?.failures.at(-1);

describe('process faults', () => {
  test('crash: SIGKILL; the lights go unavailable, the sandbox restarts and they come back as they were', async () => {
    const hub = await sandboxed();
    await hub.setup('demo_light', [KITCHEN]);
    await hub.callService('light', 'turn_on', { brightness: 99 }, { entity_id: 'light.kitchen_1' });

    const down = hub.waitForState('light.kitchen_1', 'unavailable');
    const { pid } = hub.faults(LIGHTS).crash();
    await down;
    await hub.waitForState('light.kitchen_1', 'on', { timeoutMs: 10_000 });

    expect(hub.hub.states.get('light.kitchen_1')?.attributes.brightness).toBe(99);
    expect(isAlive(pid!)).toBe(false);
    expect(hub.transitions(LIGHTS)).toEqual(['starting', 'running', 'crashed', 'starting', 'running']);
    expect(lastFailure(hub, LIGHTS)).toMatchObject({ signal: 'SIGKILL' });
  });

  test('hang: SIGSTOP; missed heartbeats (simulated time) get the process reaped as hung and respawned', async () => {
    const hub = await sandboxed({ clock: 'simulated' });
    await hub.setup('demo_light', [KITCHEN]);
    const { pid } = hub.faults(LIGHTS).hang();
    const { heartbeatIntervalMs, heartbeatMisses } = hub.router!.supervisor.policy;
    await hub.advance(heartbeatIntervalMs * (heartbeatMisses + 1) * 2);
    await hub.waitForSandbox(LIGHTS, 'running');

    expect(hub.transitions(LIGHTS)).toEqual(['starting', 'running', 'crashed', 'starting', 'running']);
    expect(lastFailure(hub, LIGHTS)).toMatchObject({ reason: 'hung', signal: 'SIGKILL' });
    expect(isAlive(pid!)).toBe(false);
    await hub.waitForState('light.kitchen_1', 'off');
  });

  test('exhaustMemory: corral_fault allocates until the heap cap ends the sandbox, which restarts', async () => {
    const hub = await sandboxed({
      sandboxing: { isolation: { perDomain: false }, process: { maxOldSpaceMiB: 32 } },
    });
    await hub.setup('demo_light', [KITCHEN]);
    const { group, pid } = await hub.faults('built-in').exhaustMemory();
    expect(group).toBe('built-in');
    expect(isAlive(pid!)).toBe(false);
    await hub.waitForSandbox('built-in', 'running', { timeoutMs: 10_000 });
    // V8 aborts at the cap; the host may see the closed channel or the exit first.
    expect(lastFailure(hub, 'built-in')).toMatchObject({ signal: 'SIGABRT' });
    await hub.waitForState('light.kitchen_1', 'off');
  });

  test('exhaustMemory acts only on the group corral_fault runs in', async () => {
    const hub = await sandboxed();
    await expect(hub.faults(LIGHTS).exhaustMemory()).rejects.toMatchObject({
      type: 'fault_unsupported',
      message: expect.stringMatching(/corral_fault runs in group "built-in.corral_fault"/),
    });
  });
});

describe('start-up faults', () => {
  test('slowReady within the ready timeout: the first start is late, nothing crashes', async () => {
    const hub = await sandboxed();
    hub.faults(LIGHTS).slowReady(400);
    const started = performance.now();
    await hub.setup('demo_light', [KITCHEN]);
    expect(performance.now() - started).toBeGreaterThanOrEqual(400);
    expect(hub.transitions(LIGHTS)).toEqual(['starting', 'running']);
  });

  test('slowReady past the ready timeout (simulated time): reaped, and the next spawn starts normally', async () => {
    const hub = await sandboxed({ clock: 'simulated' });
    hub.faults(LIGHTS).slowReady(60_000);
    const entry = hub.setup('demo_light', [KITCHEN], { timeoutMs: 10_000 });
    await hub.advance(hub.router!.supervisor.policy.readyTimeoutMs);
    await entry;
    expect(hub.transitions(LIGHTS)).toEqual(['starting', 'crashed', 'starting', 'running']);
    expect(lastFailure(hub, LIGHTS)).toMatchObject({ reason: 'ready_timeout' });
  });
});

describe('frame faults', () => {
  test('delayFrames: a call waits the delay each way; 0 lifts it', async () => {
    const hub = await sandboxed();
    await hub.setup('demo_light', [KITCHEN]);
    const faults = hub.faults(LIGHTS);
    const timed = async (service: string) => {
      const started = performance.now();
      await hub.callService('light', service, {}, { entity_id: 'light.kitchen_1' });
      return performance.now() - started;
    };
    faults.delayFrames(150);
    const slow = await timed('turn_on');
    expect(slow).toBeGreaterThanOrEqual(295);
    await hub.waitForState('light.kitchen_1', 'on');
    faults.delayFrames(0);
    expect(await timed('turn_off')).toBeLessThan(slow - 150);
    expect(faults.stats.delayed).toBeGreaterThanOrEqual(2);
  });

  test("dropFrames: dropped state updates never reach the host's mirror; lifted, the next one does", async () => {
    const hub = await sandboxed();
    await hub.setup('demo_light', [KITCHEN]);
    const faults = hub.faults(LIGHTS);
    faults.dropFrames((frame) => frame.type === 'state_changed', { direction: 'in' });
    await hub.callService('light', 'turn_on', {}, { entity_id: 'light.kitchen_1' });
    await eventually(() => faults.stats.dropped > 0, 'the state update to be dropped');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(hub.hub.states.get('light.kitchen_1')?.state).toBe('off');
    faults.dropFrames(0);
    await hub.callService('light', 'turn_on', { brightness: 10 }, { entity_id: 'light.kitchen_1' });
    await hub.waitForState('light.kitchen_1', 'on');
  });

  test('dropFrames: a sandbox whose pongs are all lost is reaped as hung (simulated time)', async () => {
    const hub = await sandboxed({ clock: 'simulated' });
    await hub.setup('demo_light', [KITCHEN]);
    const faults = hub.faults(LIGHTS);
    faults.dropFrames((frame) => frame.type === 'ping' && frame.kind === 'response', { direction: 'in' });
    // Pings at 2 s, then two immediate retries, go unanswered: reaped within 6 s (the default
    // detection bound); lifted at 7 s, before the new process's first ping.
    // (With frames being dropped, advance does not wait for pongs: some may not even arrive in time.)
    await hub.advance(7_000);
    faults.clear();
    await hub.waitForSandbox(LIGHTS, 'running', { timeoutMs: 10_000 });
    expect(hub.transitions(LIGHTS)).toEqual(['starting', 'running', 'crashed', 'starting', 'running']);
    expect(hub.router!.supervisor.contextOf(LIGHTS)?.failures.map((f) => f.reason)).toEqual(['hung']);
  });

  test('dropFrames by ratio: a seeded share of the frames picked is lost', async () => {
    const hub = await sandboxed();
    await hub.setup('flaky', [{}]);
    const ticks: unknown[] = [];
    hub.hub.bus.listen('flaky_tick', (event) => void ticks.push(event.data));
    const faults = hub.faults(hub.groupOf('flaky'));
    faults.dropFrames(0.25, { direction: 'in', seed: 42, only: (frame) => frame.type === 'fire_event' });
    await hub.callService('flaky', 'misbehave', { mode: 'flood', count: 400 });
    await hub.waitForState('sensor.flaky_ticks', '400');
    expect(ticks.length + faults.stats.dropped).toBe(400);
    expect(faults.stats.dropped).toBeGreaterThan(60);
    expect(faults.stats.dropped).toBeLessThan(140);
  });

  test('corruptNextFrame: the channel closes with a ProtocolError and the sandbox restarts', async () => {
    const hub = await sandboxed();
    await hub.setup('demo_light', [KITCHEN]);
    const { channel } = hub.router!.supervisor.connections.get(LIGHTS)!;
    hub.faults(LIGHTS).corruptNextFrame();
    await hub.callService('light', 'turn_on', {}, { entity_id: 'light.kitchen_1' }).catch(() => {});
    const { error } = await channel.closed;
    expect(error).toMatchObject({
      type: 'protocol_error',
      message: expect.stringMatching(/undecodable frame/),
    });
    await hub.waitForSandbox(LIGHTS, 'running', { timeoutMs: 10_000 });
    expect(hub.transitions(LIGHTS)).toEqual(['starting', 'running', 'crashed', 'starting', 'running']);
    expect(lastFailure(hub, LIGHTS)).toMatchObject({ reason: 'channel_closed' });
  });
});

describe('store faults', () => {
  test("failNextStoreWrite: the integration's save rejects, nothing is written, the next save works", async () => {
    const hub = await sandboxed();
    await hub.setup('demo_hub', DEMO_HUB_FLOW);
    const group = hub.groupOf('demo_hub');
    const file = join(hub.configDir, '.storage', 'sandbox', group, 'demo_hub.presses');
    await hub.callService('demo_hub', 'press_button', {});
    expect(await storedData(file)).toEqual({ 'hub.local': 1 });

    const fault = hub.faults(group).failNextStoreWrite();
    await expect(hub.callService('demo_hub', 'press_button', {})).rejects.toMatchObject({
      type: 'store_error',
    });
    expect((await fault.fired).key).toBe('demo_hub.presses');
    expect(await storedData(file)).toEqual({ 'hub.local': 1 });

    await hub.callService('demo_hub', 'press_button', {});
    expect(await storedData(file)).toEqual({ 'hub.local': 3 });
  });
});
