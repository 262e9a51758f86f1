import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runtimeEntryPath } from '../../src/actors/launch.js';
import { SparePool } from '../../src/actors/spare-pool.js';
import type { Hub } from '../../src/host/hub.js';
import { silentLogger } from '../../src/logger.js';
import { defaultProcessPolicy } from '../../src/policy.js';
import type { SandboxRouter } from '../../src/sandboxing/sandbox-router.js';
import { type ExampleHub, runFlow, startExampleHub, waitForState } from '../support/example-hub.js';
import { eventually, isAlive } from '../support/processes.js';

let example: ExampleHub | undefined;
afterEach(async () => {
  await example?.cleanup();
  example = undefined;
});

async function hubWithSpares(warmSpare = true): Promise<{ hub: Hub; router: () => SandboxRouter }> {
  let router: SandboxRouter | undefined;
  example = await startExampleHub({
    isolation: 'process',
    onRouter: (r) => (router = r),
    sandboxing: { process: { warmSpare, spareDelayMs: 20 } },
  });
  return { hub: example.hub, router: () => router! };
}

async function addLights(hub: Hub) {
  const answer = await runFlow(hub, 'demo_light', [{ name: 'Desk', count: 2, area: 'Office' }]);
  expect(answer.type).toBe('create_entry');
  return answer.entryId!;
}

const sparePids = (router: SandboxRouter) => router.supervisor.spares?.pids() ?? [];
/** The spare started after the entry loaded, which imported demo_light ahead. */
const lightSpare = (router: SandboxRouter) =>
  router.supervisor.spares?.list().find((s) => s.preload.some((dir) => dir.endsWith('demo_light')))?.pid;

describe('warm spares', () => {
  it('a spare starts once the sandbox runs, and takes over after kill -9: same entity ids, the state from before the kill', async () => {
    const { hub, router } = await hubWithSpares();
    await addLights(hub);
    await eventually(() => lightSpare(router()) !== undefined, 'a warm spare with demo_light imported');
    const spare = lightSpare(router());
    const [live] = router().supervisor.connections.pids();
    expect(spare).not.toBe(live);
    // The spare started before this state existed: it must read the restore-state when claimed, not when started.
    await hub.services.call(
      'light',
      'turn_on',
      { brightness: 99 },
      { target: { entity_id: 'light.desk_1' } },
    );
    await waitForState(hub, 'light.desk_1', (s) => s?.state === 'on');
    process.kill(live!, 'SIGKILL');
    await waitForState(hub, 'light.desk_1', (s) => s?.state === 'unavailable');
    await waitForState(hub, 'light.desk_1', (s) => s?.state === 'on', 10_000);
    expect(hub.states.get('light.desk_1')?.attributes.brightness).toBe(99);
    expect(router().supervisor.connections.pids()).toEqual([spare]);
    expect(isAlive(live!)).toBe(false);
    // Calls reach the spare that took over, and the group gets its next spare.
    await hub.services.call('light', 'turn_on', {}, { target: { entity_id: 'light.desk_2' } });
    await waitForState(hub, 'light.desk_2', (s) => s?.state === 'on');
    await eventually(() => sparePids(router()).length === 1, 'the next spare');
    expect(sparePids(router())).not.toContain(spare);
  });

  it('a spare that died while idle is not used: the restart launches a fresh sandbox', async () => {
    const { hub, router } = await hubWithSpares();
    await addLights(hub);
    await eventually(() => lightSpare(router()) !== undefined, 'a warm spare with demo_light imported');
    const spare = lightSpare(router());
    process.kill(spare!, 'SIGKILL');
    await eventually(() => sparePids(router()).length === 0, 'the pool to notice');
    const [live] = router().supervisor.connections.pids();
    process.kill(live!, 'SIGKILL');
    await waitForState(hub, 'light.desk_1', (s) => s?.state === 'unavailable');
    await waitForState(hub, 'light.desk_1', (s) => s?.state === 'off', 10_000);
    const [next] = router().supervisor.connections.pids();
    expect([live, spare]).not.toContain(next);
  });

  it('stopping the hub kills the spare with the sandbox', async () => {
    const { hub, router } = await hubWithSpares();
    await addLights(hub);
    await eventually(() => lightSpare(router()) !== undefined, 'a warm spare with demo_light imported');
    const pids = [...router().supervisor.connections.pids(), ...sparePids(router())];
    expect(pids).toHaveLength(2);
    await example!.cleanup();
    example = undefined;
    expect(pids.filter(isAlive)).toEqual([]);
  });

  it('without warmSpare no spare is started', async () => {
    const { hub, router } = await hubWithSpares(false);
    await addLights(hub);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(router().supervisor.spares).toBeUndefined();
    expect(router().supervisor.connections.pids()).toHaveLength(1);
  });
});

describe('SparePool', () => {
  const entry = runtimeEntryPath();
  // Under the permission model the read paths are on the command line, so they decide whether a spare fits.
  const options = (readPaths: string[]) => ({
    group: 'g',
    entry,
    logger: silentLogger,
    readPaths,
    policy: { ...defaultProcessPolicy, permissionModel: true },
  });

  it('kills a spare launched for another command line instead of handing it out', async () => {
    const pool = new SparePool(silentLogger);
    try {
      await pool.fill(options([join(entry, '..', 'a')]), []);
      const [pid] = pool.pids();
      expect(pid).toBeGreaterThan(0);
      expect(pool.take(options([join(entry, '..', 'b')]))).toBeUndefined();
      await eventually(() => !isAlive(pid!), 'the stale spare to die');
      expect(pool.pids()).toEqual([]);
    } finally {
      await pool.close();
    }
  });

  it('replaces a spare that misses an integration it should import', async () => {
    const pool = new SparePool(silentLogger);
    try {
      await pool.fill(options([]), []);
      const [first] = pool.pids();
      await pool.fill(options([]), []);
      expect(pool.pids()).toEqual([first]);
      await pool.fill(options([]), [join(entry, '..')]);
      const [second] = pool.pids();
      expect(second).not.toBe(first);
      expect(isAlive(first!)).toBe(false);
    } finally {
      await pool.close();
    }
  });

  it('hands out a matching spare once, and starts none after close', async () => {
    const pool = new SparePool(silentLogger);
    await pool.fill(options([]), []);
    const [pid] = pool.pids();
    const taken = pool.take(options([]));
    expect(taken?.child.pid).toBe(pid);
    expect(pool.take(options([]))).toBeUndefined();
    taken?.child.kill('SIGKILL');
    await taken?.exited;
    await pool.close();
    await pool.fill(options([]), []);
    expect(pool.pids()).toEqual([]);
  });
});
