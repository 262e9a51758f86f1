/**
 * Sandboxes that stop answering, against a real sandboxed hub with the default
 * supervision policy: a busy loop in a service handler, SIGSTOP, half a frame and then
 * silence, a config flow step that never resolves, a setup that loops on every restart,
 * and a circular attribute. Group `custom` runs the hostile_hang fixture; group
 * `built-in` runs demo_light. Each case asserts the host survives (the test runs in it),
 * the neighbour keeps its pid and entities, the detection bound, and the logged reason.
 *
 * Bounds are asserted with room for a loaded CI machine: the policy's bound is 6 s to
 * notice a hang (docs/lifecycle.md); the tests allow 15 s.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Logger } from '../../src/logger.js';
import type { SandboxingOptions, SandboxRouter } from '../../src/sandboxing/sandbox-router.js';
import { type ExampleHub, runFlow, startExampleHub, waitForState } from '../support/example-hub.js';
import { type ProcessFailureWatch, watchProcessFailures } from '../support/process-failures.js';
import { eventually, isAlive } from '../support/processes.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'reliability', 'integrations');
const HOSTILE = 'custom';
const NEIGHBOUR = 'built-in';
const PID_SENSOR = 'sensor.hostile_hang_pid';
/** The default policy notices a hang within 6 s; a loaded 2-core CI machine gets the rest. */
const GENEROUS_BOUND_MS = 15_000;

let example: ExampleHub | undefined;
let watch: ProcessFailureWatch;
beforeEach(() => {
  watch = watchProcessFailures();
});
afterEach(async () => {
  await example?.cleanup();
  example = undefined;
  watch.stop();
});

interface Started {
  example: ExampleHub;
  router: SandboxRouter;
  lines: { level: string; group?: unknown; message: string }[];
  neighbourPid: number;
  hostilePid: number;
  lightStates: string[];
}

async function start(mode = 'calm', sandboxing: Partial<SandboxingOptions> = {}): Promise<Started> {
  const lines: Started['lines'] = [];
  const logger: Logger = (level, message, context) => lines.push({ level, group: context?.group, message });
  let router: SandboxRouter | undefined;
  example = await startExampleHub({
    isolation: 'process',
    customDirs: [FIXTURES],
    onRouter: (r) => (router = r),
    sandboxing: { logger, ...sandboxing },
  });
  const { hub } = example;
  await runFlow(hub, 'demo_light', [{ name: 'Desk', count: 2, area: 'Office' }]);
  const lightStates: string[] = [];
  hub.bus.listen('state_changed', ({ data }) => {
    if (data.entityId.startsWith('light.')) lightStates.push(data.newState?.state ?? 'removed');
  });
  const entry = await runFlow(hub, 'hostile_hang', [{ mode }]);
  expect(hub.entries.get(entry.entryId!)?.sandbox).toBe(HOSTILE);
  const neighbourPid = router!.supervisor.connections.get(NEIGHBOUR)!.pid!;
  await eventually(
    () => router!.supervisor.connections.get(HOSTILE)?.pid !== undefined,
    'the hostile sandbox',
  );
  const hostilePid = router!.supervisor.connections.get(HOSTILE)!.pid!;
  return { example, router: router!, lines, neighbourPid, hostilePid, lightStates };
}

/** The neighbour kept its process and entities, and still answers. */
async function expectNeighbourUntouched(s: Started): Promise<void> {
  const { hub } = s.example;
  expect(s.router.supervisor.connections.get(NEIGHBOUR)!.pid).toBe(s.neighbourPid);
  expect(s.router.supervisor.contextOf(NEIGHBOUR)).toMatchObject({ generation: 1, failures: [] });
  expect(s.lightStates).not.toContain('unavailable');
  await hub.services.call('light', 'turn_on', {}, { target: { entity_id: 'light.desk_2' } });
  await waitForState(hub, 'light.desk_2', (state) => state.state === 'on');
  expect(watch.failures).toEqual([]);
}

/** Call `service` of the hostile integration and time how long until its process is gone. */
async function reapedAfter(s: Started, service: string): Promise<number> {
  const startedAt = performance.now();
  const call = s.example.hub.services.call('hostile_hang', service, {}).catch((error: unknown) => error);
  await eventually(
    () => !isAlive(s.hostilePid),
    `the ${service} sandbox to be reaped`,
    GENEROUS_BOUND_MS + 5_000,
  );
  const elapsed = performance.now() - startedAt;
  expect(await call).toMatchObject({ type: expect.stringMatching(/^channel_clos/) });
  return elapsed;
}

const logged = (s: Started, pattern: RegExp) =>
  s.lines.some((line) => line.group === HOSTILE && pattern.test(line.message));

describe('a sandbox that stops answering', () => {
  it('is reaped as hung when a service handler loops forever, and the log says so', async () => {
    const s = await start();
    expect(await reapedAfter(s, 'busy_loop')).toBeLessThan(GENEROUS_BOUND_MS);
    await eventually(
      () => logged(s, /^sandbox hung: no heartbeat answer for 4 s/),
      'the hung reason in the log',
    );
    expect(s.router.supervisor.contextOf(HOSTILE)?.failures.at(-1)).toMatchObject({ reason: 'hung' });
    // It comes back on a new process, and its entity with it.
    await waitForState(
      s.example.hub,
      PID_SENSOR,
      (state) => ![String(s.hostilePid), 'unavailable'].includes(state.state),
      20_000,
    );
    await expectNeighbourUntouched(s);
  });

  it('is reaped as hung when its process is stopped (SIGSTOP)', async () => {
    // From outside: inside its PID namespace the runtime is init, which cannot stop itself.
    const s = await start();
    const startedAt = performance.now();
    process.kill(s.hostilePid, 'SIGSTOP');
    await eventually(
      () => !isAlive(s.hostilePid),
      'the stopped sandbox to be reaped',
      GENEROUS_BOUND_MS + 5_000,
    );
    expect(performance.now() - startedAt).toBeLessThan(GENEROUS_BOUND_MS);
    await eventually(() => logged(s, /^sandbox hung: /), 'the hung reason in the log');
    await expectNeighbourUntouched(s);
  });

  it('is reaped when it sends half a frame and the host waits for the rest', async () => {
    const s = await start();
    expect(await reapedAfter(s, 'half_frame')).toBeLessThan(GENEROUS_BOUND_MS);
    await eventually(() => logged(s, /^sandbox hung: /), 'the hung reason in the log');
    await expectNeighbourUntouched(s);
  });
});

describe('a config flow whose sandbox does not answer', () => {
  it('tells the user the integration is not responding within flowCallTimeoutMs and forgets the flow', async () => {
    const s = await start();
    const { hub } = s.example;
    const form = await hub.flows.start('hostile_hang');
    expect(form.type).toBe('form');
    const startedAt = performance.now();
    const answer = await hub.flows.configure(form.flowId, { mode: 'silent' });
    // The default flowCallTimeoutMs is 8 s.
    expect(performance.now() - startedAt).toBeLessThan(GENEROUS_BOUND_MS);
    expect(answer).toMatchObject({
      type: 'abort',
      reason: 'not_responding',
      descriptionPlaceholders: { error: expect.stringContaining('the integration is not responding') },
    });
    expect(hub.flows.inProgress().map((flow) => flow.flowId)).not.toContain(form.flowId);
    expect(logged(s, /the integration is not responding/)).toBe(true);
    // The sandbox itself is healthy: only the flow was silent.
    expect(s.router.supervisor.connections.get(HOSTILE)!.pid).toBe(s.hostilePid);
    await expectNeighbourUntouched(s);
  });
});

describe('a sandbox that exits during a config flow', () => {
  it('tells the user how it died, in words, and the hub log says the same', async () => {
    const s = await start();
    const { hub } = s.example;
    const answer = await hub.flows.start('hostile_hang', { source: 'zeroconf', data: {} });
    expect(answer).toMatchObject({
      type: 'abort',
      reason: 'sandbox_exited',
      descriptionPlaceholders: { error: expect.stringMatching(/exited with code 1 during flow_init$/) },
    });
    expect(logged(s, /sandbox "custom" exited with code 1 during flow_init/)).toBe(true);
    expect(hub.flows.inProgress()).toEqual([]);
    await expectNeighbourUntouched(s);
  });
});

describe('a sandbox whose setup loops on every start', () => {
  it('ends failed once its restart budget is spent, and holds no process', async () => {
    // A short heartbeat keeps the test short; the budget rule is the same at any heartbeat.
    const s = await start('calm', {
      supervision: { heartbeatIntervalMs: 500, backoff: { initialMs: 10, maxMs: 10, jitter: 0 } },
    });
    const { hub } = s.example;
    const looping = await runFlow(hub, 'hostile_hang', [{ mode: 'loop_in_setup' }]).catch(
      (error: unknown) => error,
    );
    expect(looping).toBeDefined();
    await eventually(
      () =>
        s.router.supervisor.stateOf(HOSTILE) !== undefined &&
        /failed/.test(JSON.stringify(s.router.supervisor.stateOf(HOSTILE))),
      'the hostile group to fail',
      60_000,
    );
    const { restartIntensity } = s.router.supervisor.policy;
    const failures = s.router.supervisor.contextOf(HOSTILE)!.failures;
    expect(failures.filter((failure) => failure.reason === 'hung').length).toBeGreaterThanOrEqual(
      restartIntensity + 1,
    );
    expect(s.router.supervisor.connections.get(HOSTILE)).toBeUndefined();
    expect(logged(s, /^sandbox gave up after too many restarts; last failure: hung/)).toBe(true);
    await expectNeighbourUntouched(s);
  });
});

describe('a circular attribute', () => {
  it('reaches the host as [Circular] and the sandbox keeps its process', async () => {
    const s = await start();
    const { hub } = s.example;
    await hub.services.call('hostile_hang', 'circular', {});
    const state = await waitForState(hub, PID_SENSOR, (current) => current.attributes.loop !== undefined);
    expect(state.attributes.loop).toEqual({ name: 'loop', self: '[Circular]' });
    expect(s.router.supervisor.connections.get(HOSTILE)!.pid).toBe(s.hostilePid);
    expect(s.router.supervisor.contextOf(HOSTILE)?.failures).toEqual([]);
    await expectNeighbourUntouched(s);
  });
});
