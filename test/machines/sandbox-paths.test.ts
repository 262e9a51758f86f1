/**
 * The sandbox statechart driven event by event (no fake world): what each failure
 * record holds, the once-per-process channel announcement, the failure a `failed`
 * notification carries, and where notifications go with and without a parent.
 */
import { afterEach, describe, expect, test } from 'vitest';
import {
  type AnyActorRef,
  assign,
  createActor,
  fromCallback,
  type InspectionEvent,
  SimulatedClock,
  setup,
  waitFor,
} from 'xstate';
import {
  type FailureRecord,
  type SandboxInput,
  type SandboxNotification,
  sandboxMachine,
} from '../../src/machines/sandbox.js';
import { withPolicy } from '../../src/policy.js';
import { testPolicy } from '../fakes/fake-process.js';

const quiet = withPolicy(testPolicy, {
  heartbeatIntervalMs: 0,
  backoff: { initialMs: 100, maxMs: 100, jitter: 0 },
  coolDownMs: [],
});

const actors: AnyActorRef[] = [];
afterEach(() => {
  for (const actor of actors.splice(0)) actor.stop();
});

function start(
  input: Partial<SandboxInput> = {},
  options: { machine?: typeof sandboxMachine; inspect?: (e: InspectionEvent) => void } = {},
) {
  const clock = new SimulatedClock();
  const actor = createActor(options.machine ?? sandboxMachine, {
    input: { group: 'g', policy: quiet, ...input },
    clock,
    inspect: options.inspect,
  });
  const errors: unknown[] = [];
  actor.subscribe({ error: (e) => errors.push(e) });
  const seen: SandboxNotification[] = [];
  actor.on('*', (note) => seen.push(note));
  actors.push(actor);
  actor.start();
  return { actor, clock, seen, errors };
}

describe('sandbox context', () => {
  test('a sandbox without restored history starts with an empty budget and log, and stops with them', () => {
    const { actor } = start();
    expect(actor.getSnapshot().context.restartTimes).toEqual([]);
    expect(actor.getSnapshot().context.failures).toEqual([]);
    actor.send({ type: 'stop' });
    expect(actor.getSnapshot().output).toStrictEqual({
      history: { restartTimes: [], failures: [] },
      restoreState: undefined,
    });
  });
});

describe('failure records', () => {
  test('an exit by signal records the signal and a null code', () => {
    const { actor } = start();
    actor.send({ type: 'start' });
    actor.send({ type: 'process.spawned', generation: 1, pid: 10 });
    actor.send({ type: 'process.exited', generation: 1, code: null, signal: 'SIGSEGV' });
    expect(actor.getSnapshot().context.generation).toBe(2);
    expect(actor.getSnapshot().context.failures).toStrictEqual([
      { at: 0, generation: 1, reason: 'exit', code: null, signal: 'SIGSEGV' },
    ]);
  });

  test('a closed channel records its message only when it has one', () => {
    const { actor, clock } = start();
    actor.send({ type: 'start' });
    actor.send({ type: 'channel.closed', generation: 1, message: undefined });
    expect(actor.getSnapshot().matches({ live: 'reaping' })).toBe(true);
    expect(actor.getSnapshot().context.failures).toStrictEqual([
      { at: 0, generation: 1, reason: 'channel_closed' },
    ]);
    actor.send({ type: 'process.exited', generation: 1, code: 0, signal: null });
    clock.increment(100);
    expect(actor.getSnapshot().context.generation).toBe(2);
    actor.send({ type: 'channel.closed', generation: 2, message: 'EPIPE' });
    expect(actor.getSnapshot().context.failures.at(-1)).toStrictEqual({
      at: 100,
      generation: 2,
      reason: 'channel_closed',
      message: 'EPIPE',
    });
  });

  test('a ready timeout records no message and no exit status until the reap ends', () => {
    const { actor, clock } = start();
    actor.send({ type: 'start' });
    clock.increment(quiet.readyTimeoutMs);
    expect(actor.getSnapshot().matches({ live: 'reaping' })).toBe(true);
    expect(actor.getSnapshot().context.failures).toStrictEqual([
      { at: quiet.readyTimeoutMs, generation: 1, reason: 'ready_timeout' },
    ]);
  });

  test('a process actor that throws records a spawn error with the thrown message, Error or not', () => {
    let generation = 0;
    const machine = sandboxMachine.provide({
      actors: {
        process: fromCallback(() => {
          generation++;
          if (generation === 1) throw new Error('spawn EACCES');
          throw 'no such runtime';
        }),
      },
    });
    const { actor, errors } = start({}, { machine });
    actor.send({ type: 'start' });
    expect(actor.getSnapshot().value).toBe('backoff');
    const failures = actor.getSnapshot().context.failures;
    expect(failures.map((f) => [f.generation, f.reason, f.message])).toEqual([
      [1, 'spawn_error', 'spawn EACCES'],
      [2, 'spawn_error', 'no such runtime'],
    ]);
    expect(errors).toEqual([]);
  });

  test('with the built-in heartbeat every ping fails, and the hung failure says why', async () => {
    const { actor, clock } = start({
      policy: withPolicy(quiet, { heartbeatIntervalMs: 1_000, heartbeatMisses: 1 }),
    });
    actor.send({ type: 'start' });
    actor.send({ type: 'process.ready', generation: 1 });
    expect(actor.getSnapshot().matches({ live: 'running' })).toBe(true);
    clock.increment(1_000);
    const reaping = await waitFor(actor, (s) => s.matches({ live: 'reaping' }));
    const [failure] = reaping.context.failures;
    expect(failure).toMatchObject({ generation: 1, reason: 'hung' });
    expect(typeof failure?.message).toBe('string');
    expect(failure?.message).not.toBe('');
  });
});

describe('notifications', () => {
  test('a closed channel is announced once per process, whatever else reports it', () => {
    const { actor, seen } = start();
    const closed = () => seen.filter((n) => n.type === 'sandbox.channelClosed');
    actor.send({ type: 'start' });
    actor.send({ type: 'process.ready', generation: 1 });
    actor.send({ type: 'channel.closed', generation: 1 });
    expect(actor.getSnapshot().matches({ live: 'reaping' })).toBe(true);
    actor.send({ type: 'process.exited', generation: 1, code: 1, signal: null });
    expect(actor.getSnapshot().context.generation).toBe(2);
    expect(closed()).toEqual([{ type: 'sandbox.channelClosed', group: 'g', generation: 1 }]);
    actor.send({ type: 'process.exited', generation: 2, code: 1, signal: null });
    expect(closed()).toEqual([
      { type: 'sandbox.channelClosed', group: 'g', generation: 1 },
      { type: 'sandbox.channelClosed', group: 'g', generation: 2 },
    ]);
  });

  test('failed carries the latest failure, not an older restored one', () => {
    const old = (generation: number): FailureRecord => ({
      at: 0,
      generation,
      reason: 'exit',
      code: 1,
      signal: null,
    });
    const { actor, seen } = start({
      policy: withPolicy(quiet, { restartIntensity: 0 }),
      restored: { restartTimes: [], failures: [old(1), old(2), old(3)] },
    });
    actor.send({ type: 'start' });
    actor.send({ type: 'process.exited', generation: 1, code: 9, signal: null });
    expect(actor.getSnapshot().matches({ failed: 'exhausted' })).toBe(true);
    expect(seen).toEqual([
      { type: 'sandbox.channelClosed', group: 'g', generation: 1 },
      {
        type: 'sandbox.failed',
        group: 'g',
        failure: { at: 0, generation: 1, reason: 'exit', code: 9, signal: null },
      },
    ]);
  });

  test('a root sandbox emits its notifications but sends them to no actor', () => {
    const relayed: string[] = [];
    const { actor, seen, errors } = start(
      {},
      {
        inspect: (e) => {
          if (e.type === '@xstate.event' && e.event.type.startsWith('sandbox.')) relayed.push(e.event.type);
        },
      },
    );
    actor.send({ type: 'start' });
    actor.send({ type: 'process.ready', generation: 1 });
    actor.send({ type: 'process.exited', generation: 1, code: 1, signal: null });
    expect(seen.map((n) => n.type)).toEqual(['sandbox.ready', 'sandbox.channelClosed']);
    expect(relayed).toEqual([]);
    expect(errors).toEqual([]);
  });

  test('a sandbox with a parent sends it each notification', () => {
    const parentMachine = setup({
      types: { context: {} as { notes: string[] } },
      actors: { sandbox: sandboxMachine },
    }).createMachine({
      context: { notes: [] },
      invoke: { id: 'sb', src: 'sandbox', input: { group: 'g', policy: quiet } },
      on: {
        '*': { actions: assign({ notes: ({ context, event }) => [...context.notes, event.type] }) },
      },
    });
    const parent = createActor(parentMachine, { clock: new SimulatedClock() });
    actors.push(parent);
    parent.start();
    const child = parent.getSnapshot().children.sb as AnyActorRef;
    child.send({ type: 'start' });
    child.send({ type: 'process.ready', generation: 1 });
    child.send({ type: 'channel.closed', generation: 1 });
    expect(parent.getSnapshot().context.notes).toEqual(['sandbox.ready', 'sandbox.channelClosed']);
  });
});
