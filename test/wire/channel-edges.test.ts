/**
 * Channel edges: the handler bound across nested calls, drain and close with work in
 * flight, frames that arrive too late, answers that cannot be written, what onError is
 * told, and the wire form of errors.
 */
import { afterEach, describe, expect, test } from 'vitest';
import type { InspectionEvent } from 'xstate';
import { ChannelClosedError, type CorralError, RemoteError } from '../../src/errors.js';
import type { ChannelPolicy } from '../../src/policy.js';
import { Channel, fromWireError, type HandlerContext, toWireError } from '../../src/wire/channel.js';
import { isResponse, PUSH_ID } from '../../src/wire/frame.js';
import { decodeJson, encodeJson } from '../../src/wire/json.js';
import { ProtobufCodec } from '../../src/wire/protobuf-codec.js';
import { Msg } from '../../src/wire/protocol.js';
import type { Transport, TransportSink } from '../../src/wire/transport.js';
import { memoryTransportPair } from '../../src/wire/transports/memory.js';
import { type Gate, gate, settle, until, within } from '../support/async.js';

const codec = new ProtobufCodec();
const event = { eventType: 'acme_tick', data: encodeJson({ n: 1 }), contextId: '' };

interface Side {
  readonly channel: Channel;
  readonly errors: { error: Error; type: string }[];
}

const opened: Channel[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((channel) => channel.close()));
});

function side(transport: Transport, name: string, policy?: Partial<ChannelPolicy>): Side {
  const errors: Side['errors'] = [];
  const channel = new Channel(transport, {
    codec,
    name,
    policy,
    onError: (error, { type }) => errors.push({ error, type }),
  });
  opened.push(channel);
  return { channel, errors };
}

function connect(
  sandboxPolicy?: Partial<ChannelPolicy>,
  wrapSandbox: (t: Transport) => Transport = (t) => t,
) {
  const [a, b] = memoryTransportPair();
  return { host: side(a, 'host'), sandbox: side(wrapSandbox(b), 'sandbox', sandboxPolicy) };
}

const query = (from: Channel | HandlerContext, label: string, options?: { timeoutMs?: number }) =>
  from.call(Msg.EntityQuery, { args: encodeJson(label) }, options).then((r) => decodeJson(r.value));

/**
 * The sandbox answers entity_query calls with their label through `behave`, and records
 * which labels started and finished; the host answers ping once `pong` opens.
 */
function scenario(
  sandboxPolicy: Partial<ChannelPolicy>,
  behave: (label: string, ctx: HandlerContext) => Promise<void> | undefined,
) {
  const { host, sandbox } = connect(sandboxPolicy);
  const started: string[] = [];
  const finished: string[] = [];
  const pong = gate();
  host.channel.register(Msg.Ping, async () => {
    await pong.promise;
    return {};
  });
  sandbox.channel.register(Msg.EntityQuery, async (request, ctx) => {
    const label = decodeJson(request.args) as string;
    started.push(label);
    await behave(label, ctx);
    finished.push(label);
    return { value: request.args };
  });
  return { host, sandbox, started, finished, pong };
}

/** A labelled gate per name, created on first use. */
function gates() {
  const all = new Map<string, Gate>();
  return (name: string): Gate => {
    let g = all.get(name);
    if (!g) {
      g = gate();
      all.set(name, g);
    }
    return g;
  };
}

describe('the handler bound across nested calls', () => {
  test('a handler with two nested calls out at once gives back only the one slot it holds', async () => {
    const held = gates();
    const { host, sandbox, started, pong } = scenario({ maxRunningHandlers: 1 }, (label, ctx) =>
      label === 'A'
        ? Promise.all([ctx.call(Msg.Ping, {}), ctx.call(Msg.Ping, {})]).then(() => undefined)
        : held(label).promise,
    );
    const calls = ['A', 'B', 'C'].map((label) => query(host.channel, label));
    await until(() => started.length >= 2);
    await settle();
    expect(started).toEqual(['A', 'B']);
    expect(sandbox.channel.inflight).toBe(3);
    pong.open();
    held('B').open();
    await until(() => started.length === 3);
    held('C').open();
    expect(await Promise.all(calls)).toEqual(['A', 'B', 'C']);
    expect(sandbox.channel.inflight).toBe(0);
  });

  test('a handler resumed by its nested reply holds a slot again until it finishes', async () => {
    const held = gates();
    const { host, started, finished, pong } = scenario({ maxRunningHandlers: 1 }, async (label, ctx) => {
      if (label === 'A') await ctx.call(Msg.Ping, {});
      await held(label).promise;
    });
    const a = query(host.channel, 'A');
    await until(() => started.length === 1);
    const b = query(host.channel, 'B');
    await until(() => started.length === 2); // A is out on its nested call: B takes the slot
    const c = query(host.channel, 'C');
    pong.open();
    await settle();
    held('B').open();
    await b;
    await settle();
    expect(started).toEqual(['A', 'B']); // A runs again after its reply: C still waits
    held('A').open();
    await a;
    await until(() => started.length === 3);
    held('C').open();
    expect(await c).toBe('C');
    expect(finished).toEqual(['B', 'A', 'C']);
  });

  test('a reply to a nested call the handler did not wait for takes no slot after it finished', async () => {
    const { host, sandbox, pong } = scenario({ maxRunningHandlers: 1 }, (label, ctx) => {
      if (label === 'fire') void ctx.call(Msg.Ping, {});
      return undefined;
    });
    expect(await query(host.channel, 'fire')).toBe('fire');
    pong.open();
    await settle();
    expect(await within(1_000, query(host.channel, 'next'), 'the next call')).toBe('next');
    expect(sandbox.channel.inflight).toBe(0);
  });

  test('a context used after its handler finished frees no slot it no longer holds', async () => {
    const held = gates();
    let kept: HandlerContext | undefined;
    const { host, started, pong } = scenario({ maxRunningHandlers: 1 }, (label, ctx) => {
      if (label === 'keep') kept = ctx;
      return label === 'keep' ? undefined : held(label).promise;
    });
    await query(host.channel, 'keep');
    const late = kept!.call(Msg.Ping, {});
    const b = query(host.channel, 'B');
    const c = query(host.channel, 'C');
    await until(() => started.length === 2);
    await settle();
    expect(started).toEqual(['keep', 'B']);
    pong.open();
    await late;
    held('B').open();
    held('C').open();
    expect(await Promise.all([b, c])).toEqual(['B', 'C']);
  });
});

describe('drain and close with work in flight', () => {
  test('drain closes as soon as the last handler finishes, not at its timeout', async () => {
    const release = gate();
    const { host, sandbox, started } = scenario({}, () => release.promise);
    const call = query(host.channel, 'slow');
    await until(() => started.length === 1);
    const drained = sandbox.channel.drain(60_000);
    expect(sandbox.channel.state).toBe('draining');
    release.open();
    await within(1_000, drained, 'drain');
    expect(sandbox.channel.state).toBe('closed');
    expect(await call).toBe('slow');
  });

  test('a push arriving while the channel drains is dropped, not run', async () => {
    const release = gate();
    const { host, sandbox, started } = scenario({}, () => release.promise);
    const pushed: string[] = [];
    sandbox.channel.register(Msg.FireEvent, (request) => void pushed.push(request.eventType));
    const call = query(host.channel, 'slow');
    await until(() => started.length === 1);
    const drained = sandbox.channel.drain(60_000);
    host.channel.push(Msg.FireEvent, event);
    await settle();
    expect(sandbox.channel.stats.pushesIn).toBe(1);
    expect(pushed).toEqual([]);
    expect(sandbox.channel.inflight).toBe(1);
    release.open();
    await drained;
    expect(await call).toBe('slow');
    expect(pushed).toEqual([]);
  });

  test('an inbound call refused while draining says which channel is closing', async () => {
    const release = gate();
    const { host, sandbox, started } = scenario({}, () => release.promise);
    const first = query(host.channel, 'slow');
    await until(() => started.length === 1);
    const drained = sandbox.channel.drain(60_000);
    const error = await query(host.channel, 'late').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RemoteError);
    expect((error as RemoteError).type).toBe('channel_closing');
    expect((error as RemoteError).message).toContain('sandbox');
    release.open();
    await drained;
    await first;
  });

  test('close drops queued handlers from the in-flight count; the running one still counts', async () => {
    const release = gate();
    const { host, sandbox, started } = scenario({ maxRunningHandlers: 1 }, () => release.promise);
    const calls = ['A', 'B', 'C'].map((label) => query(host.channel, label).catch((e: unknown) => e));
    await until(() => sandbox.channel.inflight === 3);
    await sandbox.channel.close();
    expect(sandbox.channel.inflight).toBe(1);
    release.open();
    await until(() => sandbox.channel.inflight === 0);
    expect(started).toEqual(['A']);
    for (const outcome of await Promise.all(calls)) expect(outcome).toBeInstanceOf(ChannelClosedError);
  });

  test('a handler that finishes after close writes no answer and reports nothing', async () => {
    const release = gate();
    const written: Uint8Array[] = [];
    const recording = (t: Transport): Transport => ({
      start: (sink) => t.start(sink),
      write: (bytes) => {
        t.write(bytes);
        written.push(bytes);
      },
      close: () => t.close(),
    });
    const { host, sandbox } = connect({}, recording);
    let finished = false;
    sandbox.channel.register(Msg.Ping, async () => {
      await release.promise;
      finished = true;
      return {};
    });
    const call = host.channel.call(Msg.Ping, {}).catch((e: unknown) => e);
    await until(() => sandbox.channel.inflight === 1);
    await sandbox.channel.close();
    release.open();
    await until(() => finished);
    await settle();
    expect(written).toEqual([]);
    expect(sandbox.errors).toEqual([]);
    expect(await call).toBeInstanceOf(ChannelClosedError);
  });

  test('close and drain resolve only once the transport has closed', async () => {
    for (const end of ['close', 'drain'] as const) {
      const [a] = memoryTransportPair();
      const released = gate();
      const slow: Transport = {
        start: (sink) => a.start(sink),
        write: (bytes) => a.write(bytes),
        close: () => a.close().then(() => released.promise),
      };
      const channel = new Channel(slow, { codec });
      let done = false;
      const ending = (end === 'close' ? channel.close() : channel.drain()).then(() => {
        done = true;
      });
      await settle();
      expect(channel.state).toBe('closed');
      expect(done).toBe(false);
      released.open();
      await ending;
      expect(done).toBe(true);
    }
  });

  test('a frame delivered after close is ignored', async () => {
    let sink: TransportSink | undefined;
    const captured: Transport = {
      start: (s) => {
        sink = s;
      },
      write: () => {},
      close: async () => {},
    };
    const channel = new Channel(captured, { codec });
    const pushed: string[] = [];
    channel.register(Msg.FireEvent, (request) => void pushed.push(request.eventType), { inline: true });
    await channel.close();
    sink!.frame(codec.encode({ id: PUSH_ID, type: Msg.FireEvent, body: event }));
    sink!.frame(codec.encode({ id: 7, type: Msg.FireEvent, body: event }));
    expect(pushed).toEqual([]);
    expect(channel.stats).toMatchObject({ pushesIn: 0, callsIn: 0 });
  });

  test('pending calls rejected by close name the channel, and the reason when there is one', async () => {
    const { host, sandbox } = connect();
    sandbox.channel.register(Msg.Ping, () => new Promise(() => {}));
    const plain = host.channel.call(Msg.Ping, {}).catch((e: unknown) => e);
    await until(() => sandbox.channel.inflight === 1);
    await host.channel.close();
    const error = (await plain) as ChannelClosedError;
    expect(error).toBeInstanceOf(ChannelClosedError);
    expect(error.message).toContain('host');

    const other = connect();
    other.sandbox.channel.register(Msg.Ping, () => new Promise(() => {}));
    const failing = other.host.channel.call(Msg.Ping, {}).catch((e: unknown) => e);
    await until(() => other.sandbox.channel.inflight === 1);
    const reason = new Error('peer went away');
    await other.host.channel.close(reason);
    const withReason = (await failing) as ChannelClosedError;
    expect(withReason.cause).toBe(reason);
    expect(withReason.message).toContain('host');
    expect(withReason.message).toContain('peer went away');
  });
});

describe('what onError is told', () => {
  test('push handlers that succeed, sync, async or inline, report nothing', async () => {
    const { host, sandbox } = connect();
    const got: string[] = [];
    sandbox.channel.register(Msg.FireEvent, async (request) => void got.push(request.eventType));
    sandbox.channel.register(Msg.StateChanged, () => void got.push('state'), { inline: true });
    host.channel.push(Msg.FireEvent, event);
    host.channel.push(Msg.StateChanged, {});
    await until(() => got.length === 2);
    await settle();
    expect(sandbox.errors).toEqual([]);
  });

  test('an inline push handler can call the peer through its context', async () => {
    const { host, sandbox } = connect();
    const answers: unknown[] = [];
    host.channel.register(Msg.Ping, () => ({}));
    sandbox.channel.register(
      Msg.FireEvent,
      (_request, ctx) => {
        void ctx.call(Msg.Ping, {}).then((answer) => answers.push(answer));
      },
      { inline: true },
    );
    host.channel.push(Msg.FireEvent, event);
    await until(() => answers.length === 1);
    expect(sandbox.errors).toEqual([]);
    expect(sandbox.channel.stats.callsOut).toBe(1);
  });

  test('a push with no handler is reported as unknown_type under its type', async () => {
    const { host, sandbox } = connect();
    host.channel.push(Msg.FireEvent, event);
    await until(() => sandbox.errors.length === 1);
    const { error, type } = sandbox.errors[0] ?? { error: new Error('none'), type: '' };
    expect(type).toBe(Msg.FireEvent);
    expect((error as CorralError).type).toBe('unknown_type');
    expect(error.message).toContain(Msg.FireEvent);
  });

  test('a call with no handler is answered unknown_type naming the type', async () => {
    const { host } = connect();
    const error = await host.channel.call(Msg.Ping, {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RemoteError);
    expect((error as RemoteError).type).toBe('unknown_type');
    expect((error as RemoteError).message).toContain(Msg.Ping);
  });

  test('a shed call is reported as overloaded under the type it shed', async () => {
    const release = gate();
    const { host, sandbox, started } = scenario(
      { maxRunningHandlers: 1, maxQueuedHandlers: 1 },
      () => release.promise,
    );
    const first = query(host.channel, 'A');
    await until(() => started.length === 1);
    await expect(query(host.channel, 'B')).rejects.toMatchObject({ type: 'overloaded' });
    expect(sandbox.channel.stats.shed).toBe(1);
    expect(sandbox.errors).toHaveLength(1);
    const { error, type } = sandbox.errors[0] ?? { error: new Error('none'), type: '' };
    expect(type).toBe(Msg.EntityQuery);
    expect((error as CorralError).type).toBe('overloaded');
    expect(error.message).toContain(Msg.EntityQuery);
    release.open();
    await first;
  });

  test('an answer the transport refuses becomes an error answer; a refused error answer is reported once', async () => {
    const refusingAnswers = (t: Transport): Transport => ({
      start: (sink) => t.start(sink),
      write: (bytes) => {
        if (isResponse(codec.decode(bytes))) throw new Error('write refused');
        t.write(bytes);
      },
      close: () => t.close(),
    });
    const { host, sandbox } = connect({}, refusingAnswers);
    sandbox.channel.register(Msg.Ping, () => ({}));
    sandbox.channel.register(Msg.Shutdown, () => {
      throw new Error('cannot shut down');
    });
    void host.channel.call(Msg.Ping, {}, { timeoutMs: 5_000 }).catch(() => undefined);
    void host.channel.call(Msg.Shutdown, {}, { timeoutMs: 5_000 }).catch(() => undefined);
    await until(() => sandbox.errors.length === 2);
    await settle();
    expect(sandbox.errors.map((e) => e.type)).toEqual([Msg.Ping, Msg.Shutdown]);
    expect(sandbox.errors.map((e) => e.error.message)).toEqual(['write refused', 'write refused']);
  });
});

describe('inspection', () => {
  test("the lifecycle actor is named after the channel ('channel' by default) and starts with the policy's drain timeout", async () => {
    const seen = (name: string | undefined, drainTimeoutMs: number) => {
      const events: InspectionEvent[] = [];
      const [a] = memoryTransportPair();
      const channel = new Channel(a, {
        codec,
        name,
        policy: { drainTimeoutMs },
        inspect: (e) => events.push(e),
      });
      opened.push(channel);
      const snapshot = events.find((e) => e.type === '@xstate.snapshot');
      return {
        id: (snapshot?.actorRef as { id?: string } | undefined)?.id,
        context: (snapshot as { snapshot?: { context?: unknown } })?.snapshot?.context,
      };
    };
    expect(seen('sandbox:g', 1_234)).toEqual({
      id: 'channel:sandbox:g',
      context: { drainTimeoutMs: 1_234, reason: undefined },
    });
    expect(seen(undefined, 5)).toMatchObject({ id: 'channel:channel', context: { drainTimeoutMs: 5 } });
  });

  test('an unnamed channel is called "channel" in its errors', async () => {
    const [a] = memoryTransportPair();
    const channel = new Channel(a, { codec });
    expect(channel.name).toBe('channel');
    await channel.close();
    await expect(channel.call(Msg.Ping, {})).rejects.toThrow(/^channel: /);
  });
});

describe('the wire form of errors', () => {
  test('a non-string or empty type falls back to the error name, and an unnamed error to "error"', () => {
    const typed = (type: unknown, name?: string) => {
      const error = Object.assign(new Error('m'), { type });
      if (name !== undefined) error.name = name;
      return toWireError(error).type;
    };
    expect(typed('validation_error')).toBe('validation_error');
    expect(typed(42)).toBe('Error');
    expect(typed('')).toBe('Error');
    expect(typed(undefined, 'TypeError')).toBe('TypeError');
    expect(typed(undefined, '')).toBe('error');
  });

  test('an error frame without invalid paths decodes to a RemoteError with none', () => {
    const error = fromWireError({ type: 'boom', message: 'm' } as never);
    expect(error).toBeInstanceOf(RemoteError);
    expect(error).toMatchObject({ type: 'boom', message: 'm', invalid: [] });
  });
});
