/**
 * An integration that allocates without end, in a sandbox whose V8 heap is capped
 * (`process: { maxOldSpaceMiB: 64 }`): the cap kills that sandbox's process and nothing
 * else. Its group is restarted and its entity comes back; the other group keeps its
 * process and its entities the whole time; the host stays up and serves calls.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Logger } from '../../src/logger.js';
import type { ProcessPolicy } from '../../src/policy.js';
import type { SandboxRouter } from '../../src/sandboxing/sandbox-router.js';
import { type ExampleHub, runFlow, startExampleHub, waitForState } from '../support/example-hub.js';
import { type ProcessFailureWatch, watchProcessFailures } from '../support/process-failures.js';
import { eventually, isAlive } from '../support/processes.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'reliability', 'integrations');
const HOG = 'sensor.memory_hog_pid';

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

/** A hub with the demo lights in `built-in` and the hog in `custom`, its log lines kept. */
async function hogHub(sandboxing: { process: Partial<ProcessPolicy>; os?: 'none' }) {
  const lines: { level: string; group?: unknown; message: string }[] = [];
  const logger: Logger = (level, message, context) => lines.push({ level, group: context?.group, message });
  let router: SandboxRouter | undefined;
  example = await startExampleHub({
    isolation: 'process',
    customDirs: [FIXTURES],
    onRouter: (r) => (router = r),
    sandboxing: {
      logger,
      ...sandboxing,
      supervision: { heartbeatIntervalMs: 0, backoff: { initialMs: 10, maxMs: 10, jitter: 0 } },
    },
  });
  return { hub: example.hub, router: router as SandboxRouter, lines };
}

describe('a sandbox that exhausts its V8 heap', () => {
  it('is killed by its heap cap and restarted alone; the other group keeps its process and entities', async () => {
    // The hog's sensor shows the pid it sees, which is the host's view only without a PID namespace.
    const { hub, router, lines } = await hogHub({ process: { maxOldSpaceMiB: 64 }, os: 'none' });
    await runFlow(hub, 'demo_light', [{ name: 'Desk', count: 2, area: 'Office' }]);
    const hog = await runFlow(hub, 'memory_hog', [{}]);
    expect(hub.entries.get(hog.entryId!)?.sandbox).toBe('custom');
    const lightsPid = router.supervisor.connections.get('built-in')!.pid!;
    const hogPid = router.supervisor.connections.get('custom')!.pid!;
    expect(hub.states.get(HOG)?.state).toBe(String(hogPid));
    const lightStates: string[] = [];
    hub.bus.listen('state_changed', ({ data }) => {
      if (data.entityId.startsWith('light.')) lightStates.push(data.newState?.state ?? 'removed');
    });
    const heapBefore = process.memoryUsage().heapUsed;

    const call = await hub.services.call('memory_hog', 'exhaust', {}).catch((error: unknown) => error);
    expect(call).toMatchObject({ type: 'channel_closed' });

    // The cap, not anything else, killed it: V8 says so on the sandbox's stderr.
    await eventually(() => !isAlive(hogPid), 'the exhausted sandbox to die');
    expect(lines.some((l) => l.group === 'custom' && /heap out of memory|heap limit/i.test(l.message))).toBe(
      true,
    );
    // Its group comes back on a new process, and its entry with it.
    const back = await waitForState(
      hub,
      HOG,
      (s) => s.state !== 'unavailable' && s.state !== String(hogPid),
      10_000,
    );
    expect(Number(back.state)).toBe(router.supervisor.connections.get('custom')!.pid);
    const failure = router.supervisor.persist().groups.custom?.failures.at(-1);
    // V8 aborts the process; whichever the host saw first, EOF or the exit, is the one failure.
    expect(failure).toMatchObject({ generation: 1, signal: 'SIGABRT' });
    expect(['channel_closed', 'exit']).toContain(failure?.reason);
    expect(router.supervisor.contextOf('custom')?.generation).toBe(2);

    // The other group never noticed.
    expect(router.supervisor.contextOf('built-in')).toMatchObject({ generation: 1, failures: [] });
    expect(router.supervisor.connections.get('built-in')!.pid).toBe(lightsPid);
    expect(lightStates).not.toContain('unavailable');
    await hub.services.call('light', 'turn_on', {}, { target: { entity_id: 'light.desk_2' } });
    await waitForState(hub, 'light.desk_2', (s) => s.state === 'on');

    // The host's own heap paid nothing for it.
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(32 * 2 ** 20);
    expect(watch.failures).toEqual([]);
  });
});

describe('a sandbox that hoards memory off the V8 heap', () => {
  it('is killed by the RSS limit (reason memory) and restarted alone, under the default OS sandbox', async () => {
    // The heap cap stays as it is: Buffers live outside it.
    const { hub, router, lines } = await hogHub({ process: { maxRssMiB: 192, rssCheckIntervalMs: 50 } });
    await runFlow(hub, 'demo_light', [{ name: 'Desk', count: 2, area: 'Office' }]);
    await runFlow(hub, 'memory_hog', [{}]);
    const lightsPid = router.supervisor.connections.get('built-in')!.pid;
    const hogPid = router.supervisor.connections.get('custom')!.pid!;

    const call = await hub.services
      .call('memory_hog', 'exhaust_offheap', {})
      .catch((error: unknown) => error);
    expect(call).toMatchObject({ type: 'channel_closed' });
    await eventually(() => !isAlive(hogPid), 'the hoarding sandbox to die');

    const failure = router.supervisor.persist().groups.custom?.failures.at(-1);
    expect(failure).toMatchObject({ generation: 1, reason: 'memory' });
    expect(failure?.message).toMatch(/exceeds the 192 MiB limit/);
    expect(
      lines.some(
        (l) => l.level === 'error' && l.group === 'custom' && /memory: resident set/.test(l.message),
      ),
    ).toBe(true);
    // It comes back on a new process; the other group never noticed.
    await eventually(() => router.supervisor.contextOf('custom')?.generation === 2, 'the group to restart');
    await waitForState(hub, HOG, (s) => s.state !== 'unavailable', 10_000);
    expect(router.supervisor.contextOf('built-in')).toMatchObject({ generation: 1, failures: [] });
    expect(router.supervisor.connections.get('built-in')!.pid).toBe(lightsPid);
    expect(watch.failures).toEqual([]);
  });
});
