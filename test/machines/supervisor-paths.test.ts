/**
 * Less travelled supervisor paths: sandboxes that error at different moments, failure
 * reasons built from the last failure record, and ensureStarted against a supervisor
 * that is stopped, busy, or asked without a timeout.
 */
import { describe, expect, test } from 'vitest';
import { createActor, fromCallback } from 'xstate';
import { SandboxFailedError } from '../../src/errors.js';
import { sandboxMachine } from '../../src/machines/sandbox.js';
import {
  ensureStarted,
  persistSupervisor,
  type SupervisorEmitted,
  sandboxOf,
  supervisorMachine,
} from '../../src/machines/supervisor.js';
import { type SupervisionPolicy, withPolicy } from '../../src/policy.js';
import { FakeWorld, flush, startSupervisor, testPolicy } from '../fakes/fake-process.js';

/** A supervisor whose sandboxes run `sandbox` instead of the real machine over the fakes. */
function supervisorWith(
  world: FakeWorld,
  sandbox: typeof sandboxMachine,
  policy: SupervisionPolicy = testPolicy,
) {
  const actor = createActor(supervisorMachine.provide({ actors: { sandbox } }), {
    input: { policy },
    clock: world.clock,
  }).start();
  const seen: SupervisorEmitted[] = [];
  actor.on('*', (e) => seen.push(e));
  return { supervisor: actor, seen };
}

/** Outcome of a promise once it settles, or 'pending'. */
function track<T>(promise: Promise<T>) {
  const state: { outcome: 'pending' | 'resolved' | 'rejected'; value?: T; error?: unknown } = {
    outcome: 'pending',
  };
  promise.then(
    (value) => {
      state.outcome = 'resolved';
      state.value = value;
    },
    (error: unknown) => {
      state.outcome = 'rejected';
      state.error = error;
    },
  );
  return state;
}

/** Crash `group` until its budget is spent (no cool-down), each exit with the next code. */
async function exhaust(world: FakeWorld, codes: number[]) {
  for (const code of codes) {
    world.crash('g', code);
    await world.advance(2_000);
  }
}

describe('a sandbox machine that errors', () => {
  test('after its process spawned, only that group is released and the failure names the generation', async () => {
    // Spawning happens on a clock tick, so the error reaches the sandbox outside any supervisor step.
    const world = new FakeWorld(() => ({ spawnDelayMs: 10 }));
    const broken = sandboxMachine.provide({
      actors: world.actors,
      actions: {
        assignPid: ({ context }) => {
          if (context.group === 'b') throw new Error('pid bookkeeping broke');
        },
      },
    });
    const { supervisor, seen } = supervisorWith(world, broken);
    const a = track(ensureStarted(supervisor, 'a'));
    const b = track(ensureStarted(supervisor, 'b'));
    expect(supervisor.getSnapshot().context.active).toEqual(['a', 'b']);
    await world.advance(50);

    expect(a.outcome).toBe('resolved');
    expect(b.outcome).toBe('rejected');
    expect(b.error).toBeInstanceOf(SandboxFailedError);
    expect((b.error as SandboxFailedError).group).toBe('b');
    expect(supervisor.getSnapshot().context.active).toEqual(['a']);
    expect(sandboxOf(supervisor.getSnapshot(), 'a')?.getSnapshot().matches({ live: 'running' })).toBe(true);
    expect(sandboxOf(supervisor.getSnapshot(), 'b')).toBeUndefined();
    const failure = { reason: 'spawn_error', generation: 1, message: 'pid bookkeeping broke' };
    expect(seen.filter((e) => e.type === 'sandbox.failed')).toMatchObject([{ group: 'b', failure }]);
    expect(persistSupervisor(supervisor).groups.b).toMatchObject({ restartTimes: [], failures: [failure] });
  });

  test('before it has any context, the failure starts an empty history at generation 0', async () => {
    const world = new FakeWorld();
    world.clock.set(1_234);
    const throwsAtStart = fromCallback(() => {
      throw new Error('no sandbox today');
    }) as unknown as typeof sandboxMachine;
    const { supervisor, seen } = supervisorWith(world, throwsAtStart);
    await expect(ensureStarted(supervisor, 'g')).rejects.toBeInstanceOf(SandboxFailedError);
    const failure = { at: 1_234, generation: 0, reason: 'spawn_error', message: 'no sandbox today' };
    expect(persistSupervisor(supervisor).groups).toEqual({ g: { restartTimes: [], failures: [failure] } });
    expect(seen).toEqual([{ type: 'sandbox.failed', group: 'g', failure }]);
    expect(supervisor.getSnapshot().context.active).toEqual([]);
  });
});

describe('the reason a failed sandbox gives', () => {
  const noCoolDown = withPolicy(testPolicy, { coolDownMs: [] });

  test('is taken from the last failure, not an earlier one', async () => {
    const world = new FakeWorld();
    const supervisor = startSupervisor(world, noCoolDown);
    await ensureStarted(supervisor, 'g');
    await exhaust(world, [11, 12, 13, 14]);
    const error = await ensureStarted(supervisor, 'g').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SandboxFailedError);
    expect((error as Error).message).toMatch(/last failure: exit \(code 14\)$/);
  });

  test('names the signal of a process killed after it never got ready', async () => {
    const world = new FakeWorld(() => ({ readyDelayMs: null }));
    const supervisor = startSupervisor(world, noCoolDown);
    const started = ensureStarted(supervisor, 'g');
    const rejected = expect(started).rejects.toThrow(/last failure: ready_timeout \(SIGKILL\)$/);
    await world.advance(10_000);
    await rejected;
    expect(persistSupervisor(supervisor).groups.g?.failures.at(-1)).toMatchObject({
      reason: 'ready_timeout',
      code: null,
      signal: 'SIGKILL',
    });
  });

  test('still rejects ensureStarted when the failed sandbox has no failure on record', async () => {
    const world = new FakeWorld();
    const forgetful = sandboxMachine.provide({ actors: world.actors, actions: { recordFailure: () => {} } });
    const { supervisor } = supervisorWith(world, forgetful, noCoolDown);
    await ensureStarted(supervisor, 'g');
    await exhaust(world, [1, 1, 1, 1]);
    expect(sandboxOf(supervisor.getSnapshot(), 'g')?.getSnapshot().matches('failed')).toBe(true);
    const started = track(ensureStarted(supervisor, 'g'));
    await flush();
    expect(started.outcome).toBe('rejected');
    expect(started.error).toBeInstanceOf(SandboxFailedError);
  });

  test('has no detail when the failure recorded neither message, exit code nor signal', async () => {
    // The killed process outlives the kill deadline, so no exit annotates the ready timeout.
    const world = new FakeWorld(() => ({ readyDelayMs: null, exitDelayMs: 600_000 }));
    const supervisor = startSupervisor(world, noCoolDown);
    const started = ensureStarted(supervisor, 'g');
    const rejected = expect(started).rejects.toThrow(/last failure: ready_timeout$/);
    await world.advance(10_000);
    await rejected;
  });
});

describe('ensureStarted', () => {
  test('rejects at once on a supervisor actor that was stopped', async () => {
    const world = new FakeWorld();
    const supervisor = startSupervisor(world);
    supervisor.stop();
    const started = track(ensureStarted(supervisor, 'g'));
    await flush();
    expect(started.outcome).toBe('rejected');
    expect(started.error).toBeInstanceOf(SandboxFailedError);
    expect(world.processes).toEqual([]);
  });

  test('a pending call rejects when the supervisor actor is stopped under it', async () => {
    const world = new FakeWorld(() => ({ readyDelayMs: null }));
    const supervisor = startSupervisor(world, withPolicy(testPolicy, { readyTimeoutMs: 60_000 }));
    const started = track(ensureStarted(supervisor, 'g'));
    await world.advance(100);
    supervisor.stop();
    await world.advance(100);
    expect(started.outcome).toBe('rejected');
    expect(started.error).toBeInstanceOf(SandboxFailedError);
  });

  test('called while the supervisor is busy with an event, it waits for the queued spawn', async () => {
    const world = new FakeWorld();
    const supervisor = startSupervisor(world);
    const nested: ReturnType<typeof track>[] = [];
    supervisor.on('sandbox.ready', (e) => {
      if (e.group === 'a') nested.push(track(ensureStarted(supervisor, 'b')));
    });
    await ensureStarted(supervisor, 'a');
    await world.advance(0);
    expect(nested).toHaveLength(1);
    expect(nested[0]).toMatchObject({ outcome: 'resolved', value: { group: 'b', generation: 1 } });
  });

  test('leaves no timer of its own on the clock once it has settled', async () => {
    const world = new FakeWorld();
    const supervisor = startSupervisor(world);
    await ensureStarted(supervisor, 'g');
    const timers = world.pendingTimers();
    await expect(ensureStarted(supervisor, 'g', { timeoutMs: 5_000 })).resolves.toEqual({
      group: 'g',
      generation: 1,
    });
    expect(world.pendingTimers()).toBe(timers);
  });

  test('without timeoutMs schedules nothing on the clock', async () => {
    const world = new FakeWorld(() => ({ readyDelayMs: null }));
    const supervisor = startSupervisor(world);
    void ensureStarted(supervisor, 'g').catch(() => undefined);
    const timers = world.pendingTimers();
    const second = track(ensureStarted(supervisor, 'g'));
    expect(world.pendingTimers()).toBe(timers);
    supervisor.send({ type: 'stop' });
    await world.advance(5_000);
    expect(second.outcome).toBe('rejected');
  });
});

describe('persistSupervisor', () => {
  test('a snapshot listing a group active without its child keeps the stored history of that group', () => {
    const history = {
      restartTimes: [5],
      failures: [{ at: 5, generation: 1, reason: 'exit' as const, code: 1 }],
    };
    const snapshot = supervisorMachine.resolveState({
      value: 'running',
      context: { policy: testPolicy, history: { g: history }, active: ['g'] },
    });
    expect(persistSupervisor(snapshot)).toEqual({ groups: { g: history } });
  });
});
