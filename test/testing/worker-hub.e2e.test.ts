/** The harness at `worker` isolation: sandboxes in worker threads of the test process. */
import { createTestHub, type TestHub, type TestHubOptions } from 'corral/testing';
import { afterEach, expect, test } from 'vitest';
import { EXAMPLES, KITCHEN } from './support.js';

let t: TestHub | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function threaded(options: TestHubOptions = {}): Promise<TestHub> {
  t = await createTestHub({ isolation: 'worker', integrationDirs: [EXAMPLES], ...options });
  return t;
}

const reasons = (hub: TestHub) => hub.router!.supervisor.contextOf('built-in')?.failures.map((f) => f.reason);

test('crash terminates the worker; the supervisor restarts it and the lights come back', async () => {
  const hub = await threaded();
  await hub.setup('demo_light', [KITCHEN]);
  expect(hub.faults('built-in').crash()).toEqual({ group: 'built-in', pid: null });
  await hub.waitForState('light.kitchen_1', 'unavailable');
  await hub.waitForState('light.kitchen_1', 'off', { timeoutMs: 10_000 });
  expect(hub.transitions('built-in')).toEqual(['starting', 'running', 'crashed', 'starting', 'running']);
});

test('hang silences the worker’s channel both ways; missed heartbeats get it reaped as hung', async () => {
  const hub = await threaded({ clock: 'simulated' });
  await hub.setup('demo_light', [KITCHEN]);
  hub.faults('built-in').hang();
  await hub.advance(20_000);
  await hub.waitForSandbox('built-in', 'running');
  expect(hub.transitions('built-in')).toEqual(['starting', 'running', 'crashed', 'starting', 'running']);
  expect(reasons(hub)).toEqual(['hung']);
});

test('exhaustMemory ends the worker at its heap cap, and it restarts', async () => {
  const hub = await threaded({ sandboxing: { process: { maxOldSpaceMiB: 32 } } });
  await hub.setup('demo_light', [KITCHEN]);
  await hub.faults('built-in').exhaustMemory();
  await hub.waitForSandbox('built-in', 'running', { timeoutMs: 10_000 });
  expect(hub.transitions('built-in')).toEqual(['starting', 'running', 'crashed', 'starting', 'running']);
  await hub.waitForState('light.kitchen_1', 'off');
});
