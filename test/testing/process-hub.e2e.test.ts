/** The harness's helpers on a hub with real sandbox processes, with real and simulated time. */
import { createTestHub, type TestHub, type TestHubOptions } from 'corral/testing';
import { afterEach, describe, expect, test } from 'vitest';
import { isAlive } from '../support/processes.js';
import { EXAMPLES, KITCHEN } from './support.js';

let t: TestHub | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function sandboxed(options: TestHubOptions = {}): Promise<TestHub> {
  t = await createTestHub({ isolation: 'process', integrationDirs: [EXAMPLES], ...options });
  return t;
}

describe('a process hub', () => {
  test('runs flows, entries and service calls in the built-in sandbox group', async () => {
    const hub = await sandboxed();
    const entryId = await hub.setup('demo_light', [KITCHEN]);
    expect(hub.groupOf('demo_light')).toBe('built-in');
    expect(hub.hub.entries.get(entryId)?.sandbox).toBe('built-in');
    await hub.callService('light', 'turn_on', { brightness: 42 }, { area_id: 'kitchen' });
    expect(await hub.waitForState('light.kitchen_2', 'on')).toMatchObject({ attributes: { brightness: 42 } });
    expect(hub.transitions()).toEqual([
      { group: 'built-in', state: 'starting' },
      { group: 'built-in', state: 'running' },
    ]);
    expect(hub.faults().group).toBe('built-in'); // the only group
  });

  test('faults() without a group refuses to guess when there is none or several', async () => {
    const hub = await sandboxed({ sandboxing: { isolation: { perDomain: true } } });
    expect(() => hub.faults()).toThrow(expect.objectContaining({ type: 'sandbox_not_found' }));
    await hub.setup('demo_light', [KITCHEN]);
    await hub.setup('flaky', [{}]);
    expect(() => hub.faults()).toThrow(
      /name the sandbox group: this hub has built-in.demo_light, built-in.flaky/,
    );
  });

  test('close stops every sandbox process and leaves none alive', async () => {
    const hub = await sandboxed({ sandboxing: { isolation: { perDomain: true } } });
    await hub.setup('demo_light', [KITCHEN]);
    await hub.setup('flaky', [{}]);
    hub.faults('built-in.flaky').crash();
    await hub.waitForSandbox('built-in.flaky', 'running', { timeoutMs: 10_000 });
    const pids = hub.router!.supervisor.connections.pids();
    expect(pids).toHaveLength(2);
    await hub.close();
    expect(pids.filter(isAlive)).toEqual([]);
    expect(hub.transitions('built-in.demo_light').at(-1)).toBe('stopped');
  });
});

describe('a process hub on simulated time', () => {
  test('crashes spend the restart budget with backoff between them, then the sandbox fails and retries after its cool-down', async () => {
    const hub = await sandboxed({
      clock: 'simulated',
      supervision: { restartIntensity: 2, coolDownMs: [60_000] },
    });
    await hub.setup('demo_light', [KITCHEN]);
    const faults = hub.faults('built-in');
    faults.crash(); // first restart: at once
    await hub.waitForSandbox('built-in', 'starting');
    await hub.waitForSandbox('built-in', 'running');
    faults.crash(); // second: after a backoff of 500 ms ± 20 %
    await hub.waitForSandbox('built-in', 'backoff');
    await hub.advance(600);
    await hub.waitForSandbox('built-in', 'running');
    faults.crash(); // over the budget
    await hub.waitForSandbox('built-in', 'failed');
    expect(hub.hub.states.get('light.kitchen_1')?.state).toBe('unavailable');

    await hub.advance(60_000); // the cool-down retry, in no real time at all
    await hub.waitForSandbox('built-in', 'running');
    await hub.waitForState('light.kitchen_1', 'off');
    expect(hub.transitions('built-in')).toEqual([
      'starting',
      'running',
      'crashed',
      'starting',
      'running',
      'crashed',
      'backoff',
      'starting',
      'running',
      'crashed',
      'failed',
      'starting',
      'running',
    ]);
  });
});
