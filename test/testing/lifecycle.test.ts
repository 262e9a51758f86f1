import { describe, expect, test } from 'vitest';
import { createActor } from 'xstate';
import { sandboxMachine } from '../../src/machines/sandbox.js';
import { supervisorMachine } from '../../src/machines/supervisor.js';
import { withPolicy } from '../../src/policy.js';
import { LifecycleRecorder, lifecycleLabel } from '../../src/testing/lifecycle.js';
import { FakeWorld, testPolicy } from '../fakes/fake-process.js';

/** A supervisor over fake processes, inspected by a recorder. */
function supervised(policy = testPolicy, ready: number | null = 100) {
  const world = new FakeWorld(() => ({ readyDelayMs: ready }));
  const recorder = new LifecycleRecorder();
  const logic = supervisorMachine.provide({
    actors: { sandbox: sandboxMachine.provide({ actors: world.actors }) },
  });
  const supervisor = createActor(logic, { input: { policy }, clock: world.clock, inspect: recorder.inspect });
  supervisor.start();
  supervisor.send({ type: 'ensureStarted', group: 'g' });
  return { world, recorder, supervisor };
}

describe('lifecycle labels', () => {
  test('heartbeat and start-up sub-states collapse to running and starting; reaping reads as crashed', () => {
    expect(lifecycleLabel({ live: { starting: 'spawning' } })).toBe('starting');
    expect(lifecycleLabel({ live: { starting: 'awaitingReady' } })).toBe('starting');
    expect(lifecycleLabel({ live: { running: 'pinging' } })).toBe('running');
    expect(lifecycleLabel({ live: { running: 'unmonitored' } })).toBe('running');
    expect(lifecycleLabel({ live: 'reaping' })).toBe('crashed');
    expect(lifecycleLabel({ live: { stopping: { graceful: 'calling' } } })).toBe('stopping');
    expect(lifecycleLabel({ failed: 'coolingDown' })).toBe('failed');
    expect(lifecycleLabel('backoff')).toBe('backoff');
    expect(lifecycleLabel('stopped')).toBe('stopped');
    expect(lifecycleLabel('idle')).toBeUndefined();
  });
});

describe('the lifecycle recorder', () => {
  test('a first crash restarts at once; the second waits in backoff', async () => {
    const { world, recorder } = supervised();
    await world.advance(200);
    world.crash('g');
    await world.advance(200);
    world.crash('g');
    await world.advance(testPolicy.backoff.initialMs * 1.2 + 200);
    expect(recorder.transitions('g')).toEqual([
      'starting',
      'running',
      'crashed',
      'starting',
      'running',
      'crashed',
      'backoff',
      'starting',
      'running',
    ]);
  });

  test('a hang is reaped as a crash, and a spent budget ends in failed; stop ends in stopped', async () => {
    const policy = withPolicy(testPolicy, { restartIntensity: 0 });
    const { world, recorder, supervisor } = supervised(policy);
    await world.advance(200);
    world.hang('g');
    await world.advance(policy.heartbeatIntervalMs * (policy.heartbeatMisses + 1) * 2);
    supervisor.send({ type: 'stop' });
    await world.advance(100);
    expect(recorder.transitions('g')).toEqual(['starting', 'running', 'crashed', 'failed', 'stopped']);
    expect(recorder.transitions()).toEqual(recorder.transitions('g').map((state) => ({ group: 'g', state })));
  });

  test('a sandbox that is never ready is reaped after the ready timeout, every attempt', async () => {
    const { world, recorder } = supervised(testPolicy, null);
    await world.advance(testPolicy.readyTimeoutMs + 100);
    expect(recorder.transitions('g')).toEqual(['starting', 'crashed', 'starting']);
    expect(recorder.current('g')).toBe('starting');
  });

  test('it tracks each spawned pid until its exit is reported', async () => {
    const { world, recorder } = supervised();
    await world.advance(200);
    const [first] = recorder.pids();
    expect(recorder.unexitedPids()).toEqual([first]);
    world.crash('g');
    await world.advance(200);
    expect(recorder.pids()).toHaveLength(2);
    expect(recorder.unexitedPids()).toEqual([recorder.pids()[1]]);
  });
});
