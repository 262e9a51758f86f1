import fc from 'fast-check';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { createActor, SimulatedClock } from 'xstate';
import {
  ChannelClosedError,
  ChannelOverloadedError,
  ChannelTimeoutError,
  type CorralError,
  FrameTooLargeError,
  RemoteError,
  ValidationError,
} from '../../src/errors.js';
import { type ChannelEvent, channelMachine } from '../../src/machines/channel.js';
import type { ChannelPolicy } from '../../src/policy.js';
import { Channel, type HandlerContext } from '../../src/wire/channel.js';
import type { Codec } from '../../src/wire/codec.js';
import { isResponse, MAX_CALL_ID } from '../../src/wire/frame.js';
import { decodeJson, encodeJson } from '../../src/wire/json.js';
import { JsonCodec } from '../../src/wire/json-codec.js';
import { ProtobufCodec } from '../../src/wire/protobuf-codec.js';
import { Msg } from '../../src/wire/protocol.js';
import { memoryTransportPair } from '../../src/wire/transports/memory.js';
import { StreamTransport } from '../../src/wire/transports/stream.js';
import { gate, settle, sleep, until, within } from '../support/async.js';
import { prop } from '../support/property.js';
import { connectedSocketPair } from '../support/socket-pair.js';
import { type ObservedTransport, observe } from '../support/transports.js';

const protobuf = new ProtobufCodec();

interface Side {
  readonly channel: Channel;
  readonly transport: ObservedTransport;
  /** What `onError` was told: failures with no caller to reject. */
  readonly errors: { error: Error; type: string }[];
}

const opened: Channel[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((channel) => channel.close()));
});

/** A host and a sandbox channel over a connected in-memory transport pair. */
function connect(
  options: { host?: Partial<ChannelPolicy>; sandbox?: Partial<ChannelPolicy>; codec?: Codec } = {},
): { host: Side; sandbox: Side } {
  const [a, b] = memoryTransportPair();
  const side = (name: string, transport: ObservedTransport, policy?: Partial<ChannelPolicy>): Side => {
    const errors: Side['errors'] = [];
    const channel = new Channel(transport, {
      codec: options.codec ?? protobuf,
      name,
      policy,
      onError: (error, { type }) => errors.push({ error, type }),
    });
    opened.push(channel);
    return { channel, transport, errors };
  };
  return {
    host: side('host', observe(a), options.host),
    sandbox: side('sandbox', observe(b), options.sandbox),
  };
}

/** Ids of the calls (not responses, not pushes) a side has written. */
function callIdsWritten(side: Side): number[] {
  return side.transport.written
    .map((bytes) => protobuf.decode(bytes))
    .filter((frame) => !isResponse(frame) && frame.id !== 0)
    .map((frame) => frame.id);
}

const setNextId = (channel: Channel, id: number) => {
  (channel as unknown as { nextId: number }).nextId = id;
};

/** Outcome of a promise as a value: what it resolved to, or the error. */
const outcome = <T>(promise: Promise<T>) =>
  promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );

/** entity_query answers with its own args, so a test can tell which call got which response. */
function echo(sandbox: Side, hold?: (args: unknown) => Promise<void> | undefined) {
  sandbox.channel.register(Msg.EntityQuery, async (request) => {
    await hold?.(decodeJson(request.args));
    return { value: request.args };
  });
}

const query = (host: Side | HandlerContext, value: unknown, options?: { timeoutMs?: number }) =>
  ('channel' in host ? host.channel : host)
    .call(Msg.EntityQuery, { args: encodeJson(value) }, options)
    .then((r) => decodeJson(r.value));

describe('call ids', () => {
  test('outbound call ids start at 1 and count up', async () => {
    const { host, sandbox } = connect();
    echo(sandbox);
    await Promise.all([query(host, 'a'), query(host, 'b'), query(host, 'c')]);
    expect(callIdsWritten(host)).toEqual([1, 2, 3]);
  });

  test('ids wrap from 2^32 - 1 to 1, never using the push id 0, and each response reaches its own caller', async () => {
    const { host, sandbox } = connect();
    echo(sandbox);
    setNextId(host.channel, MAX_CALL_ID - 1);
    const results = await Promise.all([query(host, 'x'), query(host, 'y'), query(host, 'z')]);
    expect(callIdsWritten(host)).toEqual([MAX_CALL_ID, 1, 2]);
    expect(results).toEqual(['x', 'y', 'z']);
  });

  test('after a wrap, ids still awaiting their response are skipped', async () => {
    const { host, sandbox } = connect();
    const held = gate();
    echo(sandbox, (args) => (args === 'held' ? held.promise : undefined));
    const first = query(host, 'held'); // id 1
    const second = query(host, 'held'); // id 2
    await until(() => sandbox.channel.inflight === 2);
    setNextId(host.channel, MAX_CALL_ID - 1);
    expect(await Promise.all([query(host, 'p'), query(host, 'q')])).toEqual(['p', 'q']);
    expect(callIdsWritten(host)).toEqual([1, 2, MAX_CALL_ID, 3]);
    held.open();
    expect(await Promise.all([first, second])).toEqual(['held', 'held']);
  });
});

describe('timeouts', () => {
  test('a call with no response within its timeout rejects with ChannelTimeoutError', async () => {
    const { host, sandbox } = connect();
    sandbox.channel.register(Msg.Ping, () => new Promise(() => {}));
    await expect(host.channel.call(Msg.Ping, {}, { timeoutMs: 20 })).rejects.toBeInstanceOf(
      ChannelTimeoutError,
    );
    expect(host.channel.pendingCalls).toBe(0);
  });

  test('the policy callTimeoutMs applies when a call names no timeout', async () => {
    const { host, sandbox } = connect({ host: { callTimeoutMs: 20 } });
    sandbox.channel.register(Msg.Ping, () => new Promise(() => {}));
    await expect(host.channel.call(Msg.Ping, {})).rejects.toBeInstanceOf(ChannelTimeoutError);
  });

  test("each call on the policy timeout times out on its own deadline, not an earlier call's", async () => {
    const { host, sandbox } = connect({ host: { callTimeoutMs: 40 } });
    echo(sandbox, (args) => (args === 'answered' ? sleep(30) : new Promise(() => {})));
    const timed = (label: string) => {
      const started = performance.now();
      return outcome(query(host, label)).then((result) => ({
        ...result,
        after: performance.now() - started,
      }));
    };
    const first = timed('silent');
    await sleep(20);
    const second = timed('silent');
    const answered = timed('answered');
    const [a, b, c] = await Promise.all([first, second, answered]);
    for (const silent of [a, b]) {
      expect(silent.ok ? undefined : silent.error).toBeInstanceOf(ChannelTimeoutError);
      expect(silent.after).toBeGreaterThanOrEqual(38);
    }
    expect(c).toMatchObject({ ok: true, value: 'answered' });
    expect(host.channel.pendingCalls).toBe(0);
  });

  test('a response arriving after its call timed out is ignored and the channel stays usable', async () => {
    const { host, sandbox } = connect();
    echo(sandbox, (args) => (args === 'slow' ? sleep(60) : undefined));
    await expect(query(host, 'slow', { timeoutMs: 15 })).rejects.toBeInstanceOf(ChannelTimeoutError);
    await until(() => sandbox.channel.inflight === 0, 2_000, 'the late reply to be sent');
    await settle(); // and delivered
    expect(host.channel.state).toBe('open');
    expect(host.channel.pendingCalls).toBe(0);
    expect(host.errors).toEqual([]);
    expect(await query(host, 'fast')).toBe('fast');
  });
});

describe('remote errors', () => {
  test("a handler's ValidationError arrives as a RemoteError with its type, message and invalid paths", async () => {
    const { host, sandbox } = connect();
    sandbox.channel.register(Msg.EntrySetup, async () => {
      throw new ValidationError('bad entry', [
        { message: 'required', path: ['entry', 'domain'] },
        { message: 'too long', path: ['entry', 'title'] },
      ]);
    });
    const error = await host.channel.call(Msg.EntrySetup, {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RemoteError);
    expect(error).toMatchObject({
      type: 'validation_error',
      message: 'bad entry',
      invalid: [
        { message: 'required', path: ['entry', 'domain'] },
        { message: 'too long', path: ['entry', 'title'] },
      ],
    });
  });

  test('a thrown plain Error keeps its name as type, and a thrown non-Error becomes type "error"', async () => {
    const { host, sandbox } = connect();
    sandbox.channel.register(Msg.Ping, () => {
      throw new TypeError('not a function');
    });
    sandbox.channel.register(Msg.Shutdown, () => {
      throw 'just a string';
    });
    await expect(host.channel.call(Msg.Ping, {})).rejects.toMatchObject({
      type: 'TypeError',
      message: 'not a function',
    });
    await expect(host.channel.call(Msg.Shutdown, {})).rejects.toMatchObject({
      type: 'error',
      message: 'just a string',
    });
  });

  test('a call with no registered handler is answered unknown_type and the channel stays open', async () => {
    const { host, sandbox } = connect();
    const error = await host.channel.call(Msg.FlowInit, {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RemoteError);
    expect(error).toMatchObject({ type: 'unknown_type' });
    expect(host.channel.state).toBe('open');
    expect(sandbox.channel.state).toBe('open');
    sandbox.channel.register(Msg.Ping, () => ({ rssBytes: 1 }));
    await expect(host.channel.call(Msg.Ping, {})).resolves.toBeDefined();
  });

  test('a push with no registered handler is reported to onError and the channel stays open', async () => {
    const { host, sandbox } = connect();
    sandbox.channel.push(Msg.FireEvent, { eventType: 'x' });
    await settle();
    expect(host.errors).toMatchObject([{ type: 'fire_event', error: { type: 'unknown_type' } }]);
    expect(host.channel.state).toBe('open');
  });

  test('a push handler that throws is reported to onError, not raised', async () => {
    const { host, sandbox } = connect();
    host.channel.register(Msg.FireEvent, () => {
      throw new Error('listener broke');
    });
    sandbox.channel.push(Msg.FireEvent, { eventType: 'x' });
    await settle();
    expect(host.errors).toMatchObject([{ type: 'fire_event', error: { message: 'listener broke' } }]);
  });
});

describe('overload shedding', () => {
  test('with 16 running and 1024 admitted, exactly the calls past 1024 get ChannelOverloadedError', async () => {
    const { host, sandbox } = connect({ sandbox: { maxRunningHandlers: 16, maxQueuedHandlers: 1024 } });
    const release = gate();
    let running = 0;
    let peak = 0;
    sandbox.channel.register(Msg.EntityQuery, async (request) => {
      running++;
      peak = Math.max(peak, running);
      await release.promise;
      running--;
      return { value: request.args };
    });
    const calls = Array.from({ length: 1100 }, (_, i) => outcome(query(host, i)));
    await until(
      () => sandbox.channel.stats.shed === 76 && sandbox.channel.inflight === 1024,
      5_000,
      'saturation',
    );
    expect(peak).toBe(16);
    release.open();
    const results = await Promise.all(calls);
    const shed = results.flatMap((r, i) => (r.ok ? [] : [i]));
    expect(shed).toEqual(Array.from({ length: 76 }, (_, i) => 1024 + i));
    for (const i of shed)
      expect((results[i] as { error: unknown }).error).toBeInstanceOf(ChannelOverloadedError);
    expect(results.slice(0, 1024).map((r) => (r.ok ? r.value : null))).toEqual(
      Array.from({ length: 1024 }, (_, i) => i),
    );
    expect(peak).toBe(16);
    expect(sandbox.channel.stats.shed).toBe(76);
  });

  prop(
    [
      fc
        .record({
          running: fc.integer({ min: 1, max: 6 }),
          extra: fc.nat({ max: 8 }),
          calls: fc.nat({ max: 30 }),
        })
        .map(({ running, extra, calls }) => ({ running, queued: running + extra, calls })),
    ],
    { numRuns: 30 },
  )(
    'for any caps and flood size, running never exceeds maxRunningHandlers and exactly max(0, calls - maxQueuedHandlers) are shed',
    async ({ running: maxRunning, queued: maxQueued, calls: n }) => {
      const { host, sandbox } = connect({
        sandbox: { maxRunningHandlers: maxRunning, maxQueuedHandlers: maxQueued },
      });
      const release = gate();
      let running = 0;
      let peak = 0;
      sandbox.channel.register(Msg.Ping, async () => {
        running++;
        peak = Math.max(peak, running);
        await release.promise;
        await sleep(0); // let queued handlers start while others still run
        running--;
        return {};
      });
      const calls = Array.from({ length: n }, () => outcome(host.channel.call(Msg.Ping, {})));
      await until(() => sandbox.channel.stats.callsIn === n, 2_000, 'all calls received');
      release.open();
      const results = await Promise.all(calls);
      const expectedShed = Math.max(0, n - maxQueued);
      expect(results.filter((r) => !r.ok && r.error instanceof ChannelOverloadedError)).toHaveLength(
        expectedShed,
      );
      expect(results.filter((r) => r.ok)).toHaveLength(n - expectedShed);
      expect(peak).toBeLessThanOrEqual(maxRunning);
      expect(peak).toBe(Math.min(n, maxRunning));
      await host.channel.close();
    },
  );

  test('pushes past the cap are dropped, counted in stats.shed and reported as overloaded', async () => {
    const { host, sandbox } = connect({ host: { maxRunningHandlers: 2, maxQueuedHandlers: 4 } });
    const release = gate();
    host.channel.register(Msg.StoreLoad, async () => {
      await release.promise;
      return { found: true };
    });
    const seen: string[] = [];
    host.channel.register(Msg.FireEvent, (event) => {
      seen.push(event.eventType);
    });
    const calls = Array.from({ length: 4 }, () => sandbox.channel.call(Msg.StoreLoad, {}));
    await until(() => host.channel.inflight === 4);
    for (let i = 0; i < 5; i++) sandbox.channel.push(Msg.FireEvent, { eventType: `e${i}` });
    await settle();
    expect(host.channel.stats.shed).toBe(5);
    expect(host.errors.filter((e) => (e.error as CorralError).type === 'overloaded')).toHaveLength(5);
    release.open();
    await Promise.all(calls);
    sandbox.channel.push(Msg.FireEvent, { eventType: 'after' });
    await until(() => seen.length > 0);
    expect(seen).toEqual(['after']);
  });

  test("responses to our own calls are handled while the peer's calls saturate our handlers", async () => {
    const { host, sandbox } = connect({ host: { maxRunningHandlers: 2, maxQueuedHandlers: 4 } });
    sandbox.channel.register(Msg.Ping, () => ({ rssBytes: 7 }));
    const release = gate();
    host.channel.register(Msg.StoreLoad, async () => {
      await release.promise;
      return { found: true };
    });
    const flood = Array.from({ length: 6 }, () => outcome(sandbox.channel.call(Msg.StoreLoad, {})));
    await until(() => host.channel.inflight === 4 && host.channel.stats.shed === 2, 1_000, 'saturation');
    // The reply to this call arrives while no handler slot or queue place is free: it must not need one.
    const pong = await within(1_000, host.channel.call(Msg.Ping, {}), 'reply while saturated');
    expect(Number(pong.rssBytes)).toBe(7);
    expect(host.channel.stats.shed).toBe(2);
    release.open();
    const results = await Promise.all(flood);
    expect(results.filter((r) => r.ok)).toHaveLength(4);
  });
});

describe('inline pushes', () => {
  prop([fc.array(fc.string({ maxLength: 8 }), { minLength: 1, maxLength: 200 })], { numRuns: 20 })(
    'an inline push handler sees every push in wire order',
    async (states) => {
      const { host, sandbox } = connect();
      const seen: string[] = [];
      host.channel.register(
        Msg.StateChanged,
        (message) => {
          for (const update of message.updates) seen.push(update.state ?? '');
        },
        { inline: true },
      );
      for (const state of states) sandbox.channel.push(Msg.StateChanged, { updates: [{ state }] });
      await until(() => seen.length === states.length);
      expect(seen).toEqual(states);
      await host.channel.close();
    },
  );

  test('inline pushes are outside the handler bound: none is shed while every handler slot is taken', async () => {
    const { host, sandbox } = connect({ host: { maxRunningHandlers: 1, maxQueuedHandlers: 1 } });
    host.channel.register(Msg.StoreLoad, () => new Promise(() => {}));
    const seen: number[] = [];
    host.channel.register(
      Msg.StateChanged,
      (m) => {
        seen.push(m.updates.length);
      },
      { inline: true },
    );
    void sandbox.channel.call(Msg.StoreLoad, {}).catch(() => {});
    await until(() => host.channel.inflight === 1);
    for (let i = 1; i <= 50; i++) {
      sandbox.channel.push(Msg.StateChanged, { updates: Array.from({ length: i }, () => ({ state: 'on' })) });
    }
    await until(() => seen.length === 50);
    expect(seen).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(host.channel.stats.shed).toBe(0);
  });
});

describe('close', () => {
  test('close() is idempotent: every call resolves and the transport is closed once', async () => {
    const { host } = connect();
    await Promise.all([host.channel.close(), host.channel.close()]);
    await host.channel.close();
    expect(host.channel.state).toBe('closed');
    expect(host.transport.closeCalls).toBe(1);
  });

  test('when the peer hangs up first, the channel closes itself and closes its transport exactly once', async () => {
    const { host, sandbox } = connect();
    await sandbox.channel.close();
    expect(await within(1_000, host.channel.closed)).toEqual({ error: undefined });
    expect(host.channel.state).toBe('closed');
    expect(host.transport.closeCalls).toBe(1);
    await host.channel.close();
    expect(host.transport.closeCalls).toBe(1);
    expect(sandbox.transport.closeCalls).toBe(1);
  });

  test('both sides closing at the same moment close each transport exactly once', async () => {
    const { host, sandbox } = connect();
    await Promise.all([host.channel.close(), sandbox.channel.close()]);
    await settle();
    expect([host.transport.closeCalls, sandbox.transport.closeCalls]).toEqual([1, 1]);
  });

  test('pending calls reject with ChannelClosedError when the channel closes', async () => {
    const { host, sandbox } = connect();
    sandbox.channel.register(Msg.Ping, () => new Promise(() => {}));
    const calls = [host.channel.call(Msg.Ping, {}), host.channel.call(Msg.Ping, {})];
    await until(() => sandbox.channel.inflight === 2);
    await host.channel.close();
    for (const call of calls) await expect(call).rejects.toBeInstanceOf(ChannelClosedError);
    expect(host.channel.pendingCalls).toBe(0);
  });

  test('after close, call rejects and push throws ChannelClosedError', async () => {
    const { host } = connect();
    await host.channel.close();
    await expect(host.channel.call(Msg.Ping, {})).rejects.toBeInstanceOf(ChannelClosedError);
    expect(() => host.channel.push(Msg.Ready, {})).toThrow(ChannelClosedError);
  });

  test('close(error) is the reason: closed reports it and pending calls carry it as their cause', async () => {
    const { host, sandbox } = connect();
    sandbox.channel.register(Msg.Ping, () => new Promise(() => {}));
    const call = host.channel.call(Msg.Ping, {}).catch((e: unknown) => e);
    await until(() => sandbox.channel.inflight === 1);
    const reason = new Error('heartbeat missed');
    await host.channel.close(reason);
    expect(await host.channel.closed).toEqual({ error: reason });
    const error = await call;
    expect(error).toBeInstanceOf(ChannelClosedError);
    expect((error as Error).cause).toBe(reason);
  });
});

describe('drain', () => {
  test("drain lets an in-flight handler's reply reach the peer before the channel closes", async () => {
    const { host, sandbox } = connect();
    const release = gate();
    echo(sandbox, () => release.promise);
    const call = query(host, 'finished work');
    await until(() => sandbox.channel.inflight === 1);
    const drained = sandbox.channel.drain(5_000);
    expect(sandbox.channel.state).toBe('draining');
    release.open();
    expect(await call).toBe('finished work');
    await drained;
    expect(sandbox.channel.state).toBe('closed');
    expect(sandbox.transport.closeCalls).toBe(1);
  });

  test('handlers still queued when drain starts also get to reply', async () => {
    const { host, sandbox } = connect({ sandbox: { maxRunningHandlers: 1 } });
    echo(sandbox, () => sleep(5));
    const calls = [query(host, 1), query(host, 2), query(host, 3)];
    await until(() => sandbox.channel.inflight === 3);
    const drained = sandbox.channel.drain(5_000);
    expect(await Promise.all(calls)).toEqual([1, 2, 3]);
    await drained;
  });

  test('an inbound call arriving during drain is answered channel_closing', async () => {
    const { host, sandbox } = connect();
    const release = gate();
    echo(sandbox, () => release.promise);
    sandbox.channel.register(Msg.Ping, () => ({}));
    const inFlight = query(host, 'in flight');
    await until(() => sandbox.channel.inflight === 1);
    const drained = sandbox.channel.drain(5_000);
    const late = await host.channel.call(Msg.Ping, {}).catch((e: unknown) => e);
    expect(late).toBeInstanceOf(RemoteError);
    expect(late).toMatchObject({ type: 'channel_closing' });
    release.open();
    expect(await inFlight).toBe('in flight');
    await drained;
  });

  test('drain closes anyway once its timeout passes with a handler stuck', async () => {
    const { host, sandbox } = connect();
    sandbox.channel.register(Msg.Ping, () => new Promise(() => {}));
    const call = host.channel.call(Msg.Ping, {});
    await until(() => sandbox.channel.inflight === 1);
    const started = performance.now();
    await within(1_000, sandbox.channel.drain(60), 'drain');
    expect(performance.now() - started).toBeGreaterThanOrEqual(55);
    expect(sandbox.channel.state).toBe('closed');
    await expect(call).rejects.toBeInstanceOf(ChannelClosedError);
  });

  test('draining an idle channel closes it at once', async () => {
    const { sandbox } = connect();
    await within(100, sandbox.channel.drain(10_000), 'drain');
    expect(sandbox.channel.state).toBe('closed');
  });

  test('the channel state goes open -> draining -> closed', async () => {
    const [a, b] = memoryTransportPair();
    const states: string[] = [];
    const sandbox = new Channel(b, {
      codec: protobuf,
      inspect: (event) => {
        if (event.type === '@xstate.snapshot') {
          const value = String((event.snapshot as { value?: unknown }).value);
          if (states.at(-1) !== value) states.push(value);
        }
      },
    });
    const host = new Channel(a, { codec: protobuf });
    opened.push(host, sandbox);
    const release = gate();
    echo({ channel: sandbox } as Side, () => release.promise);
    const call = query({ channel: host } as Side, 1);
    await until(() => sandbox.inflight === 1);
    expect(sandbox.state).toBe('open');
    const drained = sandbox.drain(5_000);
    expect(sandbox.state).toBe('draining');
    release.open();
    await call;
    await drained;
    expect(sandbox.state).toBe('closed');
    expect(states).toEqual(['open', 'draining', 'closed']);
  });
});

describe('nested calls', () => {
  /**
   * entity_query(n) on the sandbox calls store_load(n - 1) on the host, which
   * calls entity_query(n - 2) on the sandbox, and so on down to 0; each level
   * appends its side, so the result spells out the path the chain took.
   */
  function chain(host: Side, sandbox: Side) {
    // Handlers make their nested calls through ctx.call, which yields the handler's slot meanwhile.
    sandbox.channel.register(Msg.EntityQuery, async (request, ctx) => {
      const n = decodeJson<number>(request.args) ?? 0;
      const below =
        n === 0 ? [] : decodeJson<string[]>((await ctx.call(Msg.StoreLoad, { key: String(n - 1) })).data);
      return { value: encodeJson([...(below ?? []), `sandbox${n}`]) };
    });
    host.channel.register(Msg.StoreLoad, async (request, ctx) => {
      const n = Number(request.key);
      const below = n === 0 ? [] : await query(ctx, n - 1);
      return { found: true, data: encodeJson([...(below as string[]), `host${n}`]) };
    });
  }

  test('a call chain six levels deep, alternating sides, completes without deadlock', async () => {
    const { host, sandbox } = connect();
    chain(host, sandbox);
    const path = await within(2_000, query(host, 5), 'call chain');
    expect(path).toEqual(['host0', 'sandbox1', 'host2', 'sandbox3', 'host4', 'sandbox5']);
  });

  test('a host -> sandbox -> host -> sandbox chain completes when the host runs one handler at a time', async () => {
    const { host, sandbox } = connect({ host: { maxRunningHandlers: 1, maxQueuedHandlers: 1 } });
    chain(host, sandbox);
    const path = await within(2_000, query(host, 2), 'call chain');
    expect(path).toEqual(['sandbox0', 'host1', 'sandbox2']);
  });

  test('concurrent chains complete while all their nested handlers fit within maxRunningHandlers', async () => {
    // Five chains of depth five hold at most 5 x 3 = 15 of the sandbox's 16 slots at once.
    const { host, sandbox } = connect();
    chain(host, sandbox);
    const paths = await within(2_000, Promise.all(Array.from({ length: 5 }, () => query(host, 4))), 'chains');
    for (const path of paths) expect(path).toEqual(['sandbox0', 'host1', 'sandbox2', 'host3', 'sandbox4']);
  });

  test('re-entrant call chains outnumbering maxRunningHandlers still complete', async () => {
    // Three host -> sandbox -> host -> sandbox chains against two sandbox slots: the two running
    // outer handlers wait on calls whose innermost handlers queue behind the third outer call.
    const { host, sandbox } = connect({ sandbox: { maxRunningHandlers: 2 } });
    chain(host, sandbox);
    const paths = await within(1_500, Promise.all(Array.from({ length: 3 }, () => query(host, 2))), 'chains');
    for (const path of paths) expect(path).toEqual(['sandbox0', 'host1', 'sandbox2']);
  });
});

describe('frames too large for the wire', () => {
  async function streamChannels(maxFrameBytes: number) {
    const pair = await connectedSocketPair();
    const host = new Channel(new StreamTransport(pair.left, { maxFrameBytes }), {
      codec: protobuf,
      name: 'host',
    });
    const sandbox = new Channel(new StreamTransport(pair.right, { maxFrameBytes }), {
      codec: protobuf,
      name: 'sandbox',
    });
    opened.push(host, sandbox);
    return { host, sandbox };
  }

  test('a result too large for maxFrameBytes is answered with a frame_too_large error, and the channel stays open', async () => {
    const { host, sandbox } = await streamChannels(64 * 1024);
    sandbox.register(Msg.EntityQuery, () => ({ value: new Uint8Array(100_000) }));
    sandbox.register(Msg.Ping, () => ({ rssBytes: 1 }));
    const error = await within(
      2_000,
      host.call(Msg.EntityQuery, {}).catch((e: unknown) => e),
      'large result',
    );
    expect(error).toBeInstanceOf(RemoteError);
    expect(error).toMatchObject({ type: 'frame_too_large' });
    expect(Number((await host.call(Msg.Ping, {})).rssBytes)).toBe(1);
  });

  test('a request too large for maxFrameBytes rejects locally with FrameTooLargeError', async () => {
    const { host } = await streamChannels(64 * 1024);
    await expect(host.call(Msg.StoreSave, { data: new Uint8Array(100_000) })).rejects.toBeInstanceOf(
      FrameTooLargeError,
    );
    expect(host.state).toBe('open');
    expect(host.pendingCalls).toBe(0);
  });

  test("a result larger than the channel policy's maxFrameBytes is answered with an error, whatever the transport", async () => {
    const { host, sandbox } = connect({ sandbox: { maxFrameBytes: 1024 } });
    sandbox.channel.register(Msg.EntityQuery, () => ({ value: new Uint8Array(4096) }));
    const error = await within(
      1_000,
      host.channel.call(Msg.EntityQuery, {}).catch((e: unknown) => e),
      'large result',
    );
    expect(error).toBeInstanceOf(RemoteError);
    expect(error).toMatchObject({ type: 'frame_too_large' });
  });
});

describe('with JsonCodec', () => {
  test('calls, pushes and remote errors cross the channel with byte fields intact', async () => {
    const { host, sandbox } = connect({ codec: new JsonCodec() });
    echo(sandbox);
    sandbox.channel.register(Msg.EntrySetup, () => {
      throw new ValidationError('nope', [{ message: 'bad', path: ['entry'] }]);
    });
    const events: Uint8Array[] = [];
    host.channel.register(
      Msg.FireEvent,
      (event) => {
        events.push(event.data);
      },
      { inline: true },
    );
    const result = await host.channel.call(Msg.EntityQuery, { args: new Uint8Array([1, 2, 255]) });
    expect(result.value).toBeInstanceOf(Uint8Array);
    expect([...result.value]).toEqual([1, 2, 255]);
    await expect(host.channel.call(Msg.EntrySetup, {})).rejects.toMatchObject({
      type: 'validation_error',
      invalid: [{ message: 'bad', path: ['entry'] }],
    });
    sandbox.channel.push(Msg.FireEvent, { eventType: 't', data: new Uint8Array([9]) });
    await until(() => events.length === 1);
    expect([...(events[0] as Uint8Array)]).toEqual([9]);
  });
});

describe('channelMachine', () => {
  type Step = ChannelEvent | { type: 'tick'; ms: number } | { type: 'idle'; value: boolean };
  const error = new Error('boom');
  const step: fc.Arbitrary<Step> = fc.oneof(
    fc.constant<Step>({ type: 'close' }),
    fc.constant<Step>({ type: 'close', error }),
    fc.constant<Step>({ type: 'transport.ended' }),
    fc.constant<Step>({ type: 'transport.ended', error }),
    fc.constant<Step>({ type: 'failed', error }),
    fc.nat({ max: 100 }).map<Step>((timeoutMs) => ({ type: 'drain', timeoutMs })),
    fc.constant<Step>({ type: 'drained' }),
    fc.nat({ max: 150 }).map<Step>((ms) => ({ type: 'tick', ms })),
    fc.boolean().map<Step>((value) => ({ type: 'idle', value })),
  );

  prop([fc.boolean(), fc.array(step, { maxLength: 25 })], { numRuns: 300 })(
    'for any sequence of close / transport.ended / failed / drain / drained events, teardown runs exactly once, when the machine reaches closed',
    (idleAtStart, steps) => {
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => {}); // events sent after the final state
      try {
        let idle = idleAtStart;
        let teardowns = 0;
        const clock = new SimulatedClock();
        const actor = createActor(
          channelMachine.provide({
            actions: { teardown: () => void teardowns++ },
            guards: { idle: () => idle },
          }),
          { input: { drainTimeoutMs: 50 }, clock },
        ).start();
        for (const s of steps) {
          if (s.type === 'tick') clock.increment(s.ms);
          else if (s.type === 'idle') idle = s.value;
          else actor.send(s);
          const closed = actor.getSnapshot().value === 'closed';
          expect(teardowns).toBe(closed ? 1 : 0);
        }
        actor.send({ type: 'close' });
        expect(actor.getSnapshot().value).toBe('closed');
        expect(teardowns).toBe(1);
      } finally {
        warn.mockRestore();
      }
    },
  );

  test('the first reason to close is the one teardown sees', () => {
    const reasons: (Error | undefined)[] = [];
    const actor = createActor(
      channelMachine.provide({ actions: { teardown: ({ context }) => void reasons.push(context.reason) } }),
      { input: { drainTimeoutMs: 50 } },
    ).start();
    const first = new Error('framing');
    actor.send({ type: 'failed', error: first });
    expect(reasons).toEqual([first]);
  });

  test('a drain with handlers running closes on drained once idle, not before', () => {
    let idle = false;
    let teardowns = 0;
    const actor = createActor(
      channelMachine.provide({ actions: { teardown: () => void teardowns++ }, guards: { idle: () => idle } }),
      { input: { drainTimeoutMs: 1_000 }, clock: new SimulatedClock() },
    ).start();
    actor.send({ type: 'drain', timeoutMs: 1_000 });
    actor.send({ type: 'drained' });
    expect(actor.getSnapshot().value).toBe('draining');
    idle = true;
    actor.send({ type: 'drained' });
    expect(actor.getSnapshot().value).toBe('closed');
    expect(teardowns).toBe(1);
  });

  test('a drain closes when its own timeout passes, not the default one', () => {
    const clock = new SimulatedClock();
    const actor = createActor(channelMachine.provide({ guards: { idle: () => false } }), {
      input: { drainTimeoutMs: 10_000 },
      clock,
    }).start();
    actor.send({ type: 'drain', timeoutMs: 100 });
    clock.increment(99);
    expect(actor.getSnapshot().value).toBe('draining');
    clock.increment(1);
    expect(actor.getSnapshot().value).toBe('closed');
  });
});
