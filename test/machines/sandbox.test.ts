import { describe, expect, test } from 'vitest';
import type { SandboxNotification } from '../../src/machines/sandbox.js';
import { withPolicy } from '../../src/policy.js';
import { FakeWorld, startSandbox, testPolicy } from '../fakes/fake-process.js';

const { readyTimeoutMs, stopGraceMs, killAfterMs, heartbeatIntervalMs } = testPolicy;

function notes(actor: ReturnType<typeof startSandbox>): SandboxNotification[] {
  const seen: SandboxNotification[] = [];
  actor.on('*', (note) => seen.push(note));
  return seen;
}

describe('sandbox lifecycle', () => {
  test('start spawns a process and runs only after its ready push', async () => {
    const world = new FakeWorld(() => ({ readyDelayMs: 300 }));
    const sandbox = startSandbox(world);
    const seen = notes(sandbox);
    expect(sandbox.getSnapshot().value).toBe('idle');
    sandbox.send({ type: 'start' });
    expect(sandbox.getSnapshot().matches({ live: { starting: 'awaitingReady' } })).toBe(true);
    await world.advance(250);
    expect(sandbox.getSnapshot().matches({ live: 'running' })).toBe(false);
    await world.advance(100);
    expect(sandbox.getSnapshot().matches({ live: 'running' })).toBe(true);
    expect(seen).toEqual([{ type: 'sandbox.ready', group: 'g', generation: 1 }]);
  });

  test('events from an older generation are ignored', () => {
    const world = new FakeWorld(() => ({ readyDelayMs: null }));
    const sandbox = startSandbox(world);
    sandbox.send({ type: 'start' });
    sandbox.send({ type: 'process.ready', generation: 0 });
    sandbox.send({ type: 'process.exited', generation: 7, code: 1, signal: null });
    expect(sandbox.getSnapshot().matches({ live: { starting: 'awaitingReady' } })).toBe(true);
    expect(sandbox.getSnapshot().context.failures).toEqual([]);
  });

  test('stop during spawning kills the child the spawn completes afterwards', async () => {
    const world = new FakeWorld(() => ({ spawnDelayMs: 500, ignoresTerm: true, exitDelayMs: 10 }));
    const sandbox = startSandbox(world);
    sandbox.send({ type: 'start' });
    await world.advance(100);
    sandbox.send({ type: 'stop' });
    expect(sandbox.getSnapshot().matches({ live: { stopping: 'terminating' } })).toBe(true);
    await world.advance(stopGraceMs + killAfterMs);
    const [child] = world.processes;
    expect(child?.spawnedAt).toBe(500);
    expect(child?.signals).toEqual(['SIGTERM', 'SIGKILL']);
    expect(child?.status).toBe('dead');
    expect(child?.shutdowns).toBe(0);
    expect(sandbox.getSnapshot().status).toBe('done');
  });

  test('the ready timeout applies on a respawn too', async () => {
    const world = new FakeWorld((_g, generation) => ({
      readyDelayMs: generation === 1 ? 0 : null,
      exitDelayMs: 5,
    }));
    const sandbox = startSandbox(world);
    sandbox.send({ type: 'start' });
    world.crash('g');
    expect(sandbox.getSnapshot().matches({ live: { starting: 'awaitingReady' } })).toBe(true);
    expect(sandbox.getSnapshot().context.generation).toBe(2);
    await world.advance(readyTimeoutMs + 50);
    const respawn = world.process('g', 2);
    expect(respawn?.signals).toEqual(['SIGKILL']);
    expect(respawn?.status).toBe('dead');
    expect(sandbox.getSnapshot().context.failures.map((f) => [f.generation, f.reason])).toEqual([
      [1, 'exit'],
      [2, 'ready_timeout'],
    ]);
    expect(world.violations).toEqual([]);
  });

  test('a crash announces the closed channel once and backs off before the second restart', async () => {
    const world = new FakeWorld(() => ({ exitDelayMs: 5 }));
    const sandbox = startSandbox(world, { policy: withPolicy(testPolicy, { backoff: { jitter: 0 } }) });
    const seen = notes(sandbox);
    sandbox.send({ type: 'start' });
    world.crash('g');
    expect(sandbox.getSnapshot().context.generation).toBe(2);
    world.crash('g');
    expect(sandbox.getSnapshot().value).toBe('backoff');
    await world.advance(testPolicy.backoff.initialMs - 50);
    expect(sandbox.getSnapshot().value).toBe('backoff');
    await world.advance(50);
    expect(sandbox.getSnapshot().matches({ live: 'running' })).toBe(true);
    expect(seen.filter((n) => n.type === 'sandbox.channelClosed').map((n) => n.generation)).toEqual([1, 2]);
    expect(sandbox.getSnapshot().context.restartTimes).toEqual([0, 500]);
  });

  test('healthy running for resetAfterMs makes the next restart immediate again', async () => {
    const world = new FakeWorld();
    const sandbox = startSandbox(world);
    sandbox.send({ type: 'start' });
    world.crash('g');
    world.crash('g');
    await world.advance(2_000);
    expect(sandbox.getSnapshot().context.consecutiveRestarts).toBe(2);
    await world.advance(testPolicy.backoff.resetAfterMs);
    expect(sandbox.getSnapshot().context.consecutiveRestarts).toBe(0);
    world.crash('g');
    expect(sandbox.getSnapshot().matches({ live: 'running' })).toBe(true);
  });

  test('a hung runtime is killed after heartbeatMisses unanswered pings and restarted', async () => {
    const world = new FakeWorld(() => ({ exitDelayMs: 5 }));
    const sandbox = startSandbox(world);
    sandbox.send({ type: 'start' });
    world.hang('g');
    await world.advance(heartbeatIntervalMs * 2);
    expect(sandbox.getSnapshot().context.heartbeatMisses).toBe(1);
    await world.advance(heartbeatIntervalMs * 2 + 100);
    expect(world.process('g', 1)?.signals).toEqual(['SIGKILL']);
    expect(sandbox.getSnapshot().context.failures.at(-1)?.reason).toBe('hung');
    expect(sandbox.getSnapshot().matches({ live: 'running' })).toBe(true);
    expect(sandbox.getSnapshot().context.generation).toBe(2);
  });

  test('a closed channel while running reaps the process before respawning', async () => {
    const world = new FakeWorld(() => ({ exitDelayMs: 100 }));
    const sandbox = startSandbox(world);
    sandbox.send({ type: 'start' });
    world.closeChannel('g');
    expect(sandbox.getSnapshot().matches({ live: 'reaping' })).toBe(true);
    await world.advance(50);
    expect(world.processes).toHaveLength(1);
    await world.advance(100);
    expect(world.processes).toHaveLength(2);
    expect(world.violations).toEqual([]);
  });

  test('the (intensity+1)-th crash in the window fails and reports why', async () => {
    const world = new FakeWorld(() => ({ spawnFails: true }));
    const sandbox = startSandbox(world, { policy: withPolicy(testPolicy, { coolDownMs: [] }) });
    const seen = notes(sandbox);
    sandbox.send({ type: 'start' });
    await world.advance(10_000);
    expect(world.processes).toHaveLength(testPolicy.restartIntensity + 1);
    expect(sandbox.getSnapshot().matches({ failed: 'exhausted' })).toBe(true);
    expect(seen.at(-1)).toMatchObject({ type: 'sandbox.failed', failure: { reason: 'spawn_error' } });
    expect(world.pendingTimers()).toBe(0);
  });

  test('restored restart times count against the budget', () => {
    const world = new FakeWorld();
    world.clock.set(10_000);
    const sandbox = startSandbox(world, { restored: { restartTimes: [8_000, 9_000, 9_500], failures: [] } });
    sandbox.send({ type: 'start' });
    world.crash('g');
    expect(sandbox.getSnapshot().matches('failed')).toBe(true);
    expect(sandbox.getSnapshot().context.failures).toEqual([
      { at: 10_000, generation: 1, reason: 'exit', code: 1, signal: null },
    ]);
  });

  test('failed retries after the cool-down with a fresh window', async () => {
    const world = new FakeWorld((_g, generation) => ({ spawnFails: generation <= 4 }));
    const sandbox = startSandbox(world);
    sandbox.send({ type: 'start' });
    await world.advance(5_000);
    expect(sandbox.getSnapshot().matches({ failed: 'coolingDown' })).toBe(true);
    const failedAt = sandbox.getSnapshot().context.failures.at(-1)!.at;
    await world.advance(failedAt + testPolicy.coolDownMs[0]! - world.now - 50);
    expect(sandbox.getSnapshot().matches('failed')).toBe(true);
    expect(world.processes).toHaveLength(4);
    await world.advance(50);
    expect(sandbox.getSnapshot().matches({ live: 'running' })).toBe(true);
    expect(sandbox.getSnapshot().context.restartTimes).toEqual([]);
    expect(sandbox.getSnapshot().context.generation).toBe(5);
  });
});

describe('sandbox stop', () => {
  test('a graceful stop calls shutdown, keeps its restore-state and sends no signal', async () => {
    const world = new FakeWorld(() => ({ exitDelayMs: 100 }));
    const sandbox = startSandbox(world);
    sandbox.send({ type: 'start' });
    sandbox.send({ type: 'stop' });
    await world.advance(100);
    expect(sandbox.getSnapshot().status).toBe('done');
    expect(sandbox.getSnapshot().output?.restoreState).toEqual({ generation: 1 });
    expect(world.process('g', 1)).toMatchObject({ shutdowns: 1, signals: [] });
  });

  test('a failed shutdown call escalates to SIGTERM, then SIGKILL at stopGraceMs', async () => {
    const world = new FakeWorld(() => ({ shutdownFails: true, ignoresTerm: true, exitDelayMs: 10 }));
    const sandbox = startSandbox(world);
    sandbox.send({ type: 'start' });
    sandbox.send({ type: 'stop' });
    await world.advance(stopGraceMs - 50);
    expect(world.process('g', 1)?.signals).toEqual(['SIGTERM']);
    await world.advance(100);
    expect(world.process('g', 1)?.signals).toEqual(['SIGTERM', 'SIGKILL']);
    expect(sandbox.getSnapshot().status).toBe('done');
  });

  test('a hung runtime that never answers shutdown gets SIGTERM at half the grace', async () => {
    const world = new FakeWorld(() => ({ hung: false, exitDelayMs: 10 }));
    const sandbox = startSandbox(world);
    sandbox.send({ type: 'start' });
    world.hang('g');
    sandbox.send({ type: 'stop' });
    await world.advance(stopGraceMs / 2 - 50);
    expect(world.process('g', 1)?.signals).toEqual([]);
    await world.advance(100);
    expect(world.process('g', 1)?.signals).toEqual(['SIGTERM']);
    expect(sandbox.getSnapshot().status).toBe('done');
  });

  test('stop gives up waiting at stopGraceMs + killAfterMs and leaves no timer behind', async () => {
    const world = new FakeWorld(() => ({ ignoresTerm: true, shutdownFails: true, exitDelayMs: 60_000 }));
    const sandbox = startSandbox(world);
    sandbox.send({ type: 'start' });
    sandbox.send({ type: 'stop' });
    await world.advance(stopGraceMs + killAfterMs - 50);
    expect(sandbox.getSnapshot().status).toBe('active');
    await world.advance(50);
    expect(sandbox.getSnapshot().status).toBe('done');
    expect(sandbox.system.getSnapshot()._scheduledEvents).toEqual({});
  });

  test('stop from backoff or failed finishes at once', () => {
    const world = new FakeWorld(() => ({ spawnFails: true }));
    const sandbox = startSandbox(world);
    sandbox.send({ type: 'start' });
    expect(sandbox.getSnapshot().value).toBe('backoff');
    sandbox.send({ type: 'stop' });
    expect(sandbox.getSnapshot().status).toBe('done');
    expect(world.pendingTimers()).toBe(0);
  });
});
