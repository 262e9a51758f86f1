/** The channel lifecycle statechart on its own: drain, close reasons, the drain timeout. */
import { describe, expect, test } from 'vitest';
import { createActor, SimulatedClock } from 'xstate';
import { channelMachine } from '../../src/machines/channel.js';

const start = (machine = channelMachine, drainTimeoutMs = 1_000) => {
  const clock = new SimulatedClock();
  const actor = createActor(machine, { input: { drainTimeoutMs }, clock }).start();
  return { actor, clock };
};

describe('channel machine', () => {
  test('starts open with the input’s drain timeout and no reason', () => {
    const { actor } = start(channelMachine, 750);
    expect(actor.getSnapshot().value).toBe('open');
    expect(actor.getSnapshot().context).toStrictEqual({ drainTimeoutMs: 750, reason: undefined });
  });

  test('a drain with nothing in flight closes at once, in order', () => {
    const { actor } = start();
    actor.send({ type: 'drain', timeoutMs: 10 });
    expect(actor.getSnapshot().value).toBe('closed');
    expect(actor.getSnapshot().status).toBe('done');
    expect(actor.getSnapshot().context.reason).toBeUndefined();
  });

  test('a busy drain waits for drained, or for the drain event’s own timeout', () => {
    const busy = channelMachine.provide({ guards: { idle: () => false } });
    const { actor, clock } = start(busy, 1_000);
    actor.send({ type: 'drain', timeoutMs: 300 });
    expect(actor.getSnapshot().value).toBe('draining');
    expect(actor.getSnapshot().context.drainTimeoutMs).toBe(300);
    clock.increment(299);
    expect(actor.getSnapshot().value).toBe('draining');
    clock.increment(1);
    expect(actor.getSnapshot().value).toBe('closed');
  });

  test('a failure while draining closes the channel with that error as the reason', () => {
    const busy = channelMachine.provide({ guards: { idle: () => false } });
    const { actor } = start(busy);
    const boom = new Error('boom');
    actor.send({ type: 'drain', timeoutMs: 300 });
    actor.send({ type: 'failed', error: boom });
    expect(actor.getSnapshot().value).toBe('closed');
    expect(actor.getSnapshot().context.reason).toBe(boom);
  });
});
