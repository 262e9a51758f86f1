/**
 * Config entry statechart paths the hub relies on: what setup and unload are told,
 * the built-in actors, outcomes that are missing altogether, and a backoff whose last
 * delay repeats.
 */
import { describe, expect, test } from 'vitest';
import { createActor, fromPromise, SimulatedClock, waitFor } from 'xstate';
import {
  configEntryMachine,
  type SetupOutcome,
  type UnloadOutcome,
} from '../../src/machines/config-entry.js';

const start = (
  machine: typeof configEntryMachine,
  policy?: { retryDelaysMs: number[]; maxRetries: number },
) => {
  const clock = new SimulatedClock();
  const actor = createActor(machine, { input: { entryId: 'e1', policy }, clock }).start();
  const settled = () =>
    waitFor(actor, (s) => !['setup_in_progress', 'unload_in_progress'].includes(String(s.value)));
  return { actor, clock, settled };
};

describe('config entry actors and their inputs', () => {
  test('setup is told the entry and the attempt number, unload the entry', async () => {
    const setups: unknown[] = [];
    const unloads: unknown[] = [];
    const machine = configEntryMachine.provide({
      actors: {
        setup: fromPromise(async ({ input }) => {
          setups.push(input);
          return (setups.length < 3 ? { status: 'retry' } : { status: 'loaded' }) as SetupOutcome;
        }),
        unload: fromPromise(async ({ input }) => {
          unloads.push(input);
          return { unloaded: true };
        }),
      },
    });
    const { actor, settled } = start(machine, { retryDelaysMs: [10], maxRetries: 5 });
    actor.send({ type: 'setup' });
    expect((await settled()).value).toBe('setup_retry');
    actor.send({ type: 'retryNow' });
    await settled();
    actor.send({ type: 'retryNow' });
    expect((await settled()).value).toBe('loaded');
    actor.send({ type: 'unload' });
    expect((await settled()).value).toBe('not_loaded');
    expect(setups).toEqual([
      { entryId: 'e1', attempt: 0 },
      { entryId: 'e1', attempt: 1 },
      { entryId: 'e1', attempt: 2 },
    ]);
    expect(unloads).toEqual([{ entryId: 'e1' }]);
  });

  test('the last retry delay repeats once the list is used up', async () => {
    let calls = 0;
    const machine = configEntryMachine.provide({
      actors: {
        setup: fromPromise(async (): Promise<SetupOutcome> => {
          calls++;
          return { status: 'retry' };
        }),
      },
    });
    const { actor, clock, settled } = start(machine, { retryDelaysMs: [100, 200], maxRetries: 5 });
    actor.send({ type: 'setup' });
    await settled();
    clock.increment(100);
    await settled();
    expect(calls).toBe(2);
    for (const attempt of [3, 4]) {
      clock.increment(199);
      await settled();
      expect(calls).toBe(attempt - 1);
      clock.increment(1);
      await settled();
      expect(calls).toBe(attempt);
    }
    expect(actor.getSnapshot().value).toBe('setup_retry');
    expect(actor.getSnapshot().context.retries).toBe(3);
  });
});

describe('config entry without provided actors', () => {
  test('the built-in setup fails: setup_error, with a reason for the user', async () => {
    const { actor, settled } = start(configEntryMachine);
    actor.send({ type: 'setup' });
    const snapshot = await settled();
    expect(snapshot.value).toBe('setup_error');
    expect(typeof snapshot.context.reason).toBe('string');
    expect(snapshot.context.reason).not.toBe('');
  });

  test('the built-in unload succeeds: a loaded entry unloads to not_loaded', async () => {
    const machine = configEntryMachine.provide({
      actors: { setup: fromPromise(async (): Promise<SetupOutcome> => ({ status: 'loaded' })) },
    });
    const { actor, settled } = start(machine);
    actor.send({ type: 'setup' });
    expect((await settled()).value).toBe('loaded');
    actor.send({ type: 'unload' });
    const snapshot = await settled();
    expect(snapshot.value).toBe('not_loaded');
    expect(snapshot.context.reason).toBeNull();
  });
});

describe('config entry with missing outcomes', () => {
  test('a setup that resolves with nothing ends in setup_error without a reason', async () => {
    const machine = configEntryMachine.provide({
      actors: { setup: fromPromise(async () => undefined as unknown as SetupOutcome) },
    });
    const { actor, settled } = start(machine);
    actor.send({ type: 'setup' });
    const snapshot = await settled();
    expect(snapshot.status).toBe('active');
    expect(snapshot.value).toBe('setup_error');
    expect(snapshot.context.reason).toBeNull();
  });

  test('an unload that resolves with nothing counts as a failed unload', async () => {
    const machine = configEntryMachine.provide({
      actors: {
        setup: fromPromise(async (): Promise<SetupOutcome> => ({ status: 'loaded' })),
        unload: fromPromise(async () => undefined as unknown as UnloadOutcome),
      },
    });
    const { actor, settled } = start(machine);
    actor.send({ type: 'setup' });
    await settled();
    actor.send({ type: 'unload' });
    const snapshot = await settled();
    expect(snapshot.status).toBe('active');
    expect(snapshot.value).toBe('failed_unload');
    expect(snapshot.context.reason).toBeNull();
  });
});
