/**
 * Detection bounds of the sandbox machine under simulated time: how soon a hung sandbox
 * is reaped, and that a sandbox hanging after every restart ends `failed` however the
 * restart window compares with the time a hang takes to detect.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { defaultSupervisionPolicy, type SupervisionPolicy, withPolicy } from '../../src/policy.js';
import { FakeWorld, startSandbox, testPolicy } from '../fakes/fake-process.js';
import { prop } from '../support/property.js';

/** The longest a hang can go unnoticed: one interval to the next ping, then every miss's timeout. */
const detectionBound = (policy: SupervisionPolicy) =>
  policy.heartbeatIntervalMs * (1 + policy.heartbeatMisses);

const heartbeats = fc.record({
  heartbeatIntervalMs: fc.integer({ min: 200, max: 5_000 }),
  heartbeatMisses: fc.integer({ min: 1, max: 4 }),
});

/** A world whose every process answers ready, then hangs at once; SIGKILL ends it immediately. */
function hangsAfterEveryReady(policy: SupervisionPolicy) {
  const world = new FakeWorld(() => ({ exitDelayMs: 0 }));
  const sandbox = startSandbox(world, { policy });
  sandbox.on('sandbox.ready', () => world.hang('g'));
  return { world, sandbox };
}

describe('hang detection', () => {
  prop([heartbeats, fc.integer({ min: 0, max: 20_000 })], { numRuns: 60 })(
    'a sandbox that hangs while running is killed within heartbeatIntervalMs × (1 + heartbeatMisses)',
    async (beats, hangAfterMs) => {
      const policy = withPolicy(testPolicy, { ...beats, backoff: { resetAfterMs: 1_000_000 } });
      const world = new FakeWorld(() => ({ exitDelayMs: 0 }));
      const sandbox = startSandbox(world, { policy });
      sandbox.send({ type: 'start' });
      await world.advance(100 + hangAfterMs, 50);
      expect(sandbox.getSnapshot().matches({ live: 'running' })).toBe(true);
      world.hang('g');
      const hungAt = world.now;
      // The fake clock moves in 10 ms steps, so each timer on the way may fire one step late.
      const lateness = 10 * (2 + policy.heartbeatMisses);
      await world.advance(detectionBound(policy) + lateness + 100, 10);
      const first = world.process('g', 1);
      expect(first?.signals).toEqual(['SIGKILL']);
      expect(first!.diedAt! - hungAt).toBeLessThanOrEqual(detectionBound(policy) + lateness);
      expect(sandbox.getSnapshot().context.failures.at(-1)?.reason).toBe('hung');
      expect(world.violations).toEqual([]);
    },
  );

  test('the default policy reaps a hung sandbox within 10 s', async () => {
    expect(detectionBound(defaultSupervisionPolicy)).toBeLessThanOrEqual(10_000);
    const world = new FakeWorld(() => ({ exitDelayMs: 0 }));
    startSandbox(world, { policy: defaultSupervisionPolicy }).send({ type: 'start' });
    await world.advance(1_000);
    world.hang('g');
    await world.advance(10_000 - 1, 50);
    expect(world.process('g', 1)?.signals).toEqual(['SIGKILL']);
    expect(world.process('g', 1)?.status).toBe('dead');
  });
});

describe('a sandbox that hangs after every restart', () => {
  prop([heartbeats, fc.integer({ min: 500, max: 600_000 }), fc.integer({ min: 0, max: 4 })], { numRuns: 60 })(
    'ends failed after restartIntensity + 1 hangs, whether or not a hang takes longer to detect than the window',
    async (beats, restartPeriodMs, restartIntensity) => {
      const policy = withPolicy(testPolicy, { ...beats, restartPeriodMs, restartIntensity, coolDownMs: [] });
      const { world, sandbox } = hangsAfterEveryReady(policy);
      sandbox.send({ type: 'start' });
      const perAttempt = detectionBound(policy) + policy.backoff.maxMs + 1_000;
      await world.advance(perAttempt * (restartIntensity + 2), 100);
      expect(sandbox.getSnapshot().matches({ failed: 'exhausted' })).toBe(true);
      expect(world.processes).toHaveLength(restartIntensity + 1);
      expect(sandbox.getSnapshot().context.failures.map((f) => f.reason)).toEqual(
        Array(restartIntensity + 1).fill('hung'),
      );
      // A group whose budget is spent holds no running process.
      expect(world.alive('g')).toEqual([]);
      expect(world.violations).toEqual([]);
    },
  );

  test('a sandbox that answers heartbeats for resetAfterMs between hangs earns its budget back', async () => {
    const policy = withPolicy(testPolicy, { restartPeriodMs: 1_000, coolDownMs: [] });
    const world = new FakeWorld(() => ({ exitDelayMs: 0 }));
    const sandbox = startSandbox(world, { policy });
    sandbox.send({ type: 'start' });
    const healthyRun = policy.backoff.resetAfterMs + 2 * policy.heartbeatIntervalMs;
    for (let hang = 0; hang < policy.restartIntensity + 3; hang++) {
      await world.advance(healthyRun, 100);
      world.hang('g');
      await world.advance(detectionBound(policy) + policy.backoff.maxMs, 100);
    }
    expect(sandbox.getSnapshot().matches({ live: 'running' })).toBe(true);
    expect(world.processes).toHaveLength(policy.restartIntensity + 4);
  });

  test('a sandbox that never proves healthy between hangs fails though each run outlasts resetAfterMs', async () => {
    // Detection (heartbeat 30 s, 2 misses) outlasts both the window and resetAfterMs.
    const policy = withPolicy(testPolicy, {
      heartbeatIntervalMs: 30_000,
      heartbeatMisses: 2,
      restartPeriodMs: 60_000,
      coolDownMs: [],
    });
    const { world, sandbox } = hangsAfterEveryReady(policy);
    sandbox.send({ type: 'start' });
    await world.advance(10 * 60_000, 1_000);
    expect(sandbox.getSnapshot().matches({ failed: 'exhausted' })).toBe(true);
    expect(world.processes).toHaveLength(policy.restartIntensity + 1);
  });
});
