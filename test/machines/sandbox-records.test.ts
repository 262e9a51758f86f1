/** What the sandbox statechart keeps about each process: pid, the failure log, cool-downs. */
import { describe, expect, test } from 'vitest';
import { withPolicy } from '../../src/policy.js';
import { FakeWorld, startSandbox, testPolicy } from '../fakes/fake-process.js';

const lenient = withPolicy(testPolicy, {
  restartIntensity: 1_000,
  backoff: { initialMs: 1, maxMs: 1, jitter: 0 },
  coolDownMs: [],
});

describe('sandbox records', () => {
  test('the pid is the spawned process’s while it lives, and cleared by a crash', async () => {
    const world = new FakeWorld(() => ({ exitDelayMs: 5 }));
    const sandbox = startSandbox(world, { policy: withPolicy(testPolicy, { backoff: { jitter: 0 } }) });
    sandbox.send({ type: 'start' });
    expect(sandbox.getSnapshot().context.pid).toBe(world.process('g', 1)?.pid);
    world.crash('g');
    world.crash('g');
    expect(sandbox.getSnapshot().value).toBe('backoff');
    expect(sandbox.getSnapshot().context.pid).toBeNull();
    await world.advance(testPolicy.backoff.initialMs + 50);
    expect(sandbox.getSnapshot().context.pid).toBe(world.process('g', 3)?.pid);
  });

  test('the failure log says how each process died, and keeps the last 20', async () => {
    const world = new FakeWorld((_g, generation) => ({ spawnFails: generation === 1 }));
    const sandbox = startSandbox(world, { policy: lenient });
    sandbox.send({ type: 'start' });
    await world.advance(100);
    expect(sandbox.getSnapshot().context.failures[0]).toMatchObject({
      generation: 1,
      reason: 'spawn_error',
      message: 'spawn ENOENT',
    });
    world.crash('g', 3);
    await world.advance(100);
    expect(sandbox.getSnapshot().context.failures[1]).toMatchObject({
      generation: 2,
      reason: 'exit',
      code: 3,
      signal: null,
    });
    for (let i = 0; i < 25; i++) {
      world.crash('g', 10 + i);
      await world.advance(20);
    }
    const { failures, generation } = sandbox.getSnapshot().context;
    expect(failures).toHaveLength(20);
    expect(failures.at(-1)).toMatchObject({ generation: generation - 1, code: 34 });
    expect(failures[0]?.generation).toBe(generation - 20);
  });

  test('a wedged process’s failure gets the signal that ended its reap', async () => {
    const world = new FakeWorld(() => ({ exitDelayMs: 5 }));
    const sandbox = startSandbox(world, { policy: lenient });
    sandbox.send({ type: 'start' });
    world.closeChannel('g');
    await world.advance(testPolicy.stopGraceMs + testPolicy.killAfterMs);
    const [failure] = sandbox.getSnapshot().context.failures;
    expect(failure).toMatchObject({ generation: 1, reason: 'channel_closed' });
    expect(failure?.signal).toBe(world.process('g', 1)?.signals.at(-1));
    expect(failure?.signal).toMatch(/^SIG/);
  });

  test('each cool-down retry is counted', async () => {
    const world = new FakeWorld((_g, generation) => ({ spawnFails: generation <= 8 }));
    const sandbox = startSandbox(world, { policy: withPolicy(testPolicy, { coolDownMs: [1_000] }) });
    sandbox.send({ type: 'start' });
    await world.advance(5_000);
    expect(sandbox.getSnapshot().context.coolDowns).toBe(1);
    await world.advance(5_000);
    expect(sandbox.getSnapshot().context.coolDowns).toBe(2);
  });

  test('a process over its memory limit is reaped and counted as a crash with the reason memory', async () => {
    const world = new FakeWorld(() => ({ exitDelayMs: 5 }));
    const sandbox = startSandbox(world, { policy: lenient });
    sandbox.send({ type: 'start' });
    expect(world.overLimit('g')).toBe(true);
    expect(sandbox.getSnapshot().matches({ live: 'reaping' })).toBe(true);
    await world.advance(100);
    const [failure] = sandbox.getSnapshot().context.failures;
    expect(failure).toMatchObject({ generation: 1, reason: 'memory', signal: 'SIGKILL' });
    expect(failure?.message).toMatch(/exceeds the 512 MiB limit/);
    expect(world.process('g', 1)?.signals).toContain('SIGKILL');
    expect(sandbox.getSnapshot().context.generation).toBe(2);
  });

  test('an over-limit report of an older generation is ignored', async () => {
    const world = new FakeWorld(() => ({ exitDelayMs: 5 }));
    const sandbox = startSandbox(world, { policy: lenient });
    sandbox.send({ type: 'start' });
    sandbox.send({ type: 'process.overLimit', generation: 0, message: 'stale' });
    expect(sandbox.getSnapshot().context.failures).toEqual([]);
    expect(sandbox.getSnapshot().matches({ live: 'running' })).toBe(true);
  });
});
