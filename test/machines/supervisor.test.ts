import { describe, expect, test } from 'vitest';
import { createActor } from 'xstate';
import { SandboxFailedError } from '../../src/errors.js';
import { sandboxMachine } from '../../src/machines/sandbox.js';
import {
  ensureStarted,
  persistSupervisor,
  type SupervisorEmitted,
  sandboxOf,
  supervisorMachine,
} from '../../src/machines/supervisor.js';
import { withPolicy } from '../../src/policy.js';
import { FakeWorld, startSupervisor, testPolicy } from '../fakes/fake-process.js';

const { stopGraceMs, killAfterMs } = testPolicy;

function emitted(supervisor: ReturnType<typeof startSupervisor>): SupervisorEmitted[] {
  const seen: SupervisorEmitted[] = [];
  supervisor.on('*', (e) => seen.push(e));
  return seen;
}

describe('supervisor', () => {
  test('ensureStarted spawns one sandbox per group lazily and resolves once it runs', async () => {
    const world = new FakeWorld(() => ({ readyDelayMs: 200 }));
    const supervisor = startSupervisor(world);
    expect(world.processes).toHaveLength(0);
    const first = ensureStarted(supervisor, 'built-in');
    const second = ensureStarted(supervisor, 'built-in');
    await world.advance(200);
    await expect(first).resolves.toEqual({ group: 'built-in', generation: 1 });
    await expect(second).resolves.toEqual({ group: 'built-in', generation: 1 });
    expect(world.processes).toHaveLength(1);
    expect(supervisor.system.get('sandbox:built-in')).toBe(sandboxOf(supervisor.getSnapshot(), 'built-in'));
  });

  test('ensureStarted does not resolve while the sandbox is only awaiting ready', async () => {
    const world = new FakeWorld(() => ({ readyDelayMs: 900 }));
    const supervisor = startSupervisor(world);
    let resolved = false;
    void ensureStarted(supervisor, 'g').then(() => {
      resolved = true;
    });
    await world.advance(850);
    expect(resolved).toBe(false);
    await world.advance(50);
    expect(resolved).toBe(true);
  });

  test('sandbox notifications are re-emitted by the supervisor', async () => {
    const world = new FakeWorld();
    const supervisor = startSupervisor(world);
    const seen = emitted(supervisor);
    await ensureStarted(supervisor, 'g');
    world.crash('g');
    await world.advance(0);
    expect(seen).toEqual([
      { type: 'sandbox.ready', group: 'g', generation: 1 },
      { type: 'sandbox.channelClosed', group: 'g', generation: 1 },
      { type: 'sandbox.ready', group: 'g', generation: 2 },
    ]);
  });

  test('ensureStarted rejects with SandboxFailedError when the sandbox fails', async () => {
    const world = new FakeWorld(() => ({ spawnFails: true }));
    const supervisor = startSupervisor(world);
    const seen = emitted(supervisor);
    const started = ensureStarted(supervisor, 'g');
    const rejection = expect(started).rejects.toThrow(
      /sandbox "g" failed: restart budget exhausted.*spawn_error/,
    );
    await world.advance(5_000);
    await rejection;
    await expect(started).rejects.toBeInstanceOf(SandboxFailedError);
    expect(seen.at(-1)).toMatchObject({ type: 'sandbox.failed', group: 'g' });
    await expect(ensureStarted(supervisor, 'g')).rejects.toBeInstanceOf(SandboxFailedError);
  });

  test('the failure says how the last process died: its exit code, or its signal', async () => {
    const byCode = new FakeWorld(() => ({}));
    const supervisor = startSupervisor(byCode, withPolicy(testPolicy, { coolDownMs: [] }));
    await ensureStarted(supervisor, 'g');
    const failed = expect(
      (async () => {
        for (let i = 0; i <= testPolicy.restartIntensity; i++) {
          byCode.crash('g', 7);
          await byCode.advance(2_000);
        }
        return ensureStarted(supervisor, 'g');
      })(),
    ).rejects.toThrow('sandbox "g" failed: restart budget exhausted; last failure: exit (code 7)');
    await failed;
  });

  test('ensureStarted resolves with the generation that runs, after a first one that never got ready', async () => {
    const world = new FakeWorld((_g, generation) => ({ readyDelayMs: generation === 1 ? null : 10 }));
    const supervisor = startSupervisor(world);
    const started = ensureStarted(supervisor, 'g');
    await world.advance(testPolicy.readyTimeoutMs + 2_000);
    await expect(started).resolves.toEqual({ group: 'g', generation: 2 });
  });

  test('ensureStarted rejects after timeoutMs on the system clock', async () => {
    const world = new FakeWorld(() => ({ readyDelayMs: null }));
    const supervisor = startSupervisor(world, withPolicy(testPolicy, { readyTimeoutMs: 60_000 }));
    const started = ensureStarted(supervisor, 'g', { timeoutMs: 500 });
    const rejection = expect(started).rejects.toThrow('not running within 500 ms');
    await world.advance(500);
    await rejection;
  });

  test('stop rejects pending ensureStarted calls and refuses new ones', async () => {
    const world = new FakeWorld(() => ({ readyDelayMs: null }));
    const supervisor = startSupervisor(world);
    const pending = ensureStarted(supervisor, 'g');
    supervisor.send({ type: 'stop' });
    await expect(pending).rejects.toThrow('the supervisor is stopping');
    await expect(ensureStarted(supervisor, 'h')).rejects.toBeInstanceOf(SandboxFailedError);
  });

  test('stop fans out to every sandbox and hands back their restore-state', async () => {
    const world = new FakeWorld(() => ({ exitDelayMs: 20 }));
    const supervisor = startSupervisor(world);
    const seen = emitted(supervisor);
    await Promise.all([ensureStarted(supervisor, 'a'), ensureStarted(supervisor, 'b')]);
    supervisor.send({ type: 'stop' });
    expect(supervisor.getSnapshot().value).toBe('stopping');
    await world.advance(50);
    expect(supervisor.getSnapshot().status).toBe('done');
    expect(seen.filter((e) => e.type === 'sandbox.stopped')).toEqual([
      { type: 'sandbox.stopped', group: 'a', restoreState: { generation: 1 } },
      { type: 'sandbox.stopped', group: 'b', restoreState: { generation: 1 } },
    ]);
    expect(world.alive('a')).toEqual([]);
  });

  test('stop is bounded even when no process ever exits', async () => {
    const world = new FakeWorld(() => ({ ignoresTerm: true, shutdownFails: true, exitDelayMs: 600_000 }));
    const supervisor = startSupervisor(world);
    await Promise.all([ensureStarted(supervisor, 'a'), ensureStarted(supervisor, 'b')]);
    supervisor.send({ type: 'stop' });
    await world.advance(stopGraceMs + killAfterMs - 50);
    expect(supervisor.getSnapshot().value).toBe('stopping');
    await world.advance(50);
    expect(supervisor.getSnapshot().value).toBe('stopped');
    expect(supervisor.system.getSnapshot()._scheduledEvents).toEqual({});
  });

  test('a sandbox machine that errors is released and reported, and the supervisor keeps going', async () => {
    const world = new FakeWorld();
    const broken = sandboxMachine.provide({
      actions: {
        beginAttempt: () => {
          throw new Error('boom');
        },
      },
    });
    const supervisor = createActor(supervisorMachine.provide({ actors: { sandbox: broken } }), {
      input: { policy: testPolicy },
      clock: world.clock,
    }).start();
    const seen: SupervisorEmitted[] = [];
    supervisor.on('*', (e) => seen.push(e));
    await expect(ensureStarted(supervisor, 'g')).rejects.toBeInstanceOf(SandboxFailedError);
    expect(supervisor.getSnapshot().status).toBe('active');
    expect(supervisor.getSnapshot().context.active).toEqual([]);
    expect(seen).toMatchObject([{ type: 'sandbox.failed', group: 'g', failure: { message: 'boom' } }]);
    // The errored sandbox released its systemId, so the group can be spawned again.
    await expect(ensureStarted(supervisor, 'g')).rejects.toBeInstanceOf(SandboxFailedError);
    expect(seen).toHaveLength(2);
    expect(supervisor.getSnapshot().status).toBe('active');
    expect(persistSupervisor(supervisor).groups.g?.failures).toMatchObject([
      { reason: 'spawn_error', message: 'boom' },
      { reason: 'spawn_error', message: 'boom' },
    ]);
  });
});

describe('supervisor persistence', () => {
  async function crashy(world: FakeWorld) {
    const supervisor = startSupervisor(world);
    await Promise.all([ensureStarted(supervisor, 'a'), ensureStarted(supervisor, 'b')]);
    world.crash('a');
    await world.advance(1_000);
    world.crash('a');
    world.crash('b', 3);
    await world.advance(2_000);
    return supervisor;
  }

  test('a persisted supervisor snapshot restores to the same counters', async () => {
    const world = new FakeWorld();
    const history = persistSupervisor(await crashy(world));
    expect(history.groups.a?.restartTimes).toHaveLength(2);
    expect(history.groups.b?.failures).toMatchObject([{ reason: 'exit', code: 3 }]);

    const restoredWorld = new FakeWorld();
    restoredWorld.clock.set(world.now);
    const restored = startSupervisor(restoredWorld, testPolicy, JSON.parse(JSON.stringify(history)));
    expect(persistSupervisor(restored.getSnapshot())).toEqual(history);
    await Promise.all([ensureStarted(restored, 'a'), ensureStarted(restored, 'b')]);
    expect(persistSupervisor(restored)).toEqual(history);
    restored.send({ type: 'stop' });
    await restoredWorld.advance(100);
    expect(restored.getSnapshot().status).toBe('done');
    expect(persistSupervisor(restored)).toEqual(history);
  });

  test('a restored budget still counts: the restart that would exceed it fails', async () => {
    const world = new FakeWorld();
    const supervisor = await crashy(world);
    world.crash('a');
    await world.advance(2_000);
    const history = persistSupervisor(supervisor);
    expect(history.groups.a?.restartTimes).toHaveLength(3);

    const restoredWorld = new FakeWorld();
    restoredWorld.clock.set(world.now);
    const restored = startSupervisor(restoredWorld, testPolicy, history);
    await ensureStarted(restored, 'a');
    restoredWorld.crash('a');
    expect(sandboxOf(restored.getSnapshot(), 'a')?.getSnapshot().matches('failed')).toBe(true);
  });
});
