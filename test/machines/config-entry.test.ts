import { describe, expect, it } from 'vitest';
import { createActor, fromPromise, SimulatedClock, waitFor } from 'xstate';
import { configEntryMachine, type SetupOutcome } from '../../src/machines/config-entry.js';

function entry(outcomes: (SetupOutcome | Error)[], unloaded = true) {
  const clock = new SimulatedClock();
  const calls = { setup: 0, unload: 0 };
  const machine = configEntryMachine.provide({
    actors: {
      setup: fromPromise(async () => {
        const outcome = outcomes[Math.min(calls.setup++, outcomes.length - 1)]!;
        if (outcome instanceof Error) throw outcome;
        return outcome;
      }),
      unload: fromPromise(async () => {
        calls.unload++;
        return { unloaded };
      }),
    },
  });
  const actor = createActor(machine, {
    input: { entryId: 'e1', policy: { retryDelaysMs: [100, 200], maxRetries: 2 } },
    clock,
  }).start();
  const settled = () =>
    waitFor(actor, (s) => !['setup_in_progress', 'unload_in_progress'].includes(String(s.value)));
  return { actor, clock, calls, settled };
}

describe('config entry lifecycle', () => {
  it('goes not_loaded -> setup_in_progress -> loaded on a successful setup', async () => {
    const { actor, settled } = entry([{ status: 'loaded' }]);
    expect(actor.getSnapshot().value).toBe('not_loaded');
    actor.send({ type: 'setup' });
    expect(actor.getSnapshot().value).toBe('setup_in_progress');
    expect((await settled()).value).toBe('loaded');
  });

  it('retries a not-ready setup with backoff and loads once it succeeds', async () => {
    const { actor, clock, calls, settled } = entry([
      { status: 'retry', reason: 'offline' },
      { status: 'loaded' },
    ]);
    actor.send({ type: 'setup' });
    expect((await settled()).value).toBe('setup_retry');
    expect(actor.getSnapshot().context.reason).toBe('offline');
    clock.increment(99);
    expect(calls.setup).toBe(1);
    clock.increment(1);
    expect((await settled()).value).toBe('loaded');
    expect(calls.setup).toBe(2);
  });

  it('rests in setup_error once the retry budget is spent, and a reload starts afresh', async () => {
    const { actor, clock, calls, settled } = entry([
      { status: 'retry' },
      { status: 'retry' },
      { status: 'retry' },
      { status: 'loaded' },
    ]);
    actor.send({ type: 'setup' });
    await settled();
    clock.increment(100);
    await settled();
    clock.increment(200);
    expect((await settled()).value).toBe('setup_error');
    expect(calls.setup).toBe(3);
    actor.send({ type: 'reload' });
    expect((await settled()).value).toBe('loaded');
  });

  it('retries at once when told the sandbox is back', async () => {
    const { actor, calls, settled } = entry([{ status: 'retry' }, { status: 'loaded' }]);
    actor.send({ type: 'setup' });
    await settled();
    actor.send({ type: 'retryNow' });
    expect((await settled()).value).toBe('loaded');
    expect(calls.setup).toBe(2);
  });

  it('reports a throwing setup as setup_error with its message', async () => {
    const { actor, settled } = entry([new Error('boom')]);
    actor.send({ type: 'setup' });
    const snapshot = await settled();
    expect(snapshot.value).toBe('setup_error');
    expect(snapshot.context.reason).toBe('boom');
  });

  it('reloads a loaded entry by unloading then setting it up again', async () => {
    const { actor, calls, settled } = entry([{ status: 'loaded' }]);
    actor.send({ type: 'setup' });
    await settled();
    actor.send({ type: 'reload' });
    expect((await settled()).value).toBe('loaded');
    expect(calls).toEqual({ setup: 2, unload: 1 });
  });

  it('goes to failed_unload when the integration refuses to unload', async () => {
    const { actor, settled } = entry([{ status: 'loaded' }], false);
    actor.send({ type: 'setup' });
    await settled();
    actor.send({ type: 'unload' });
    expect((await settled()).value).toBe('failed_unload');
  });

  it('unloads an entry still waiting to retry without setting it up', async () => {
    const { actor, calls, settled } = entry([{ status: 'retry' }]);
    actor.send({ type: 'setup' });
    await settled();
    actor.send({ type: 'unload' });
    expect((await settled()).value).toBe('not_loaded');
    expect(calls.setup).toBe(1);
  });
});
