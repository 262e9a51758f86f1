import { afterEach, describe, expect, test } from 'vitest';
import { ProtocolError } from '../../src/errors.js';
import { SteppedClock } from '../../src/testing/clock.js';
import { type FrameInfo, GroupFrameFaults, seededRandom } from '../../src/testing/frame-faults.js';
import { Channel } from '../../src/wire/channel.js';
import { encodeJson } from '../../src/wire/json.js';
import { ProtobufCodec } from '../../src/wire/protobuf-codec.js';
import { memoryTransportPair } from '../../src/wire/transports/memory.js';

const opened: Channel[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((channel) => channel.close()));
});

/** A host channel with the group's faults on its transport, and the plain sandbox end. */
function link(faults: GroupFrameFaults) {
  const [hostEnd, sandboxEnd] = memoryTransportPair();
  const host = new Channel(hostEnd, {
    codec: new ProtobufCodec(),
    name: 'host',
    intercept: faults.intercept,
  });
  const sandbox = new Channel(sandboxEnd, { codec: new ProtobufCodec(), name: 'sandbox' });
  opened.push(host, sandbox);
  const events: string[] = [];
  host.register('fire_event', ({ eventType }) => void events.push(eventType), { inline: true });
  sandbox.register('ping', () => ({ rssBytes: 1, heapUsedBytes: 1 }));
  const fire = (eventType: string) => sandbox.push('fire_event', { eventType, data: encodeJson({}) });
  return { host, sandbox, events, fire };
}

const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('frame faults on the host end of a channel', () => {
  test('delayed frames arrive after the delay of simulated time, in the order they were sent', async () => {
    const clock = new SteppedClock();
    const faults = new GroupFrameFaults('g', clock);
    faults.delayMs.in = 100;
    const { events, fire } = link(faults);
    fire('a');
    await flush();
    clock.increment(50);
    fire('b');
    await flush();
    clock.increment(49);
    await flush();
    expect(events).toEqual([]);
    clock.increment(1);
    await flush();
    expect(events).toEqual(['a']);
    faults.delayMs.in = 0; // lifted: a frame sent now still waits for the one before it
    fire('c');
    clock.increment(50);
    await flush();
    expect(events).toEqual(['a', 'b', 'c']);
    expect(faults.stats.delayed).toBe(2);
  });

  test('a call delayed both ways is answered once both delays have passed', async () => {
    const clock = new SteppedClock();
    const faults = new GroupFrameFaults('g', clock);
    faults.delayMs.in = 30;
    faults.delayMs.out = 20;
    const { host } = link(faults);
    let answered = false;
    const call = host.call('ping', { sentAtMs: 0 }).then(() => {
      answered = true;
    });
    await flush();
    clock.increment(20); // the request reaches the sandbox; its answer is held 30 more
    await flush();
    clock.increment(29);
    await flush();
    expect(answered).toBe(false);
    clock.increment(1);
    await call;
    expect(answered).toBe(true);
  });

  test('a drop predicate sees each frame typed and drops exactly what it picks', async () => {
    const faults = new GroupFrameFaults('g', new SteppedClock());
    const shown: FrameInfo[] = [];
    faults.drop.in = (frame) => {
      shown.push(frame);
      return frame.type === 'fire_event' && frame.size > 0 && shown.length % 2 === 0;
    };
    const { events, fire } = link(faults);
    for (const name of ['a', 'b', 'c', 'd']) fire(name);
    await flush();
    expect(events).toEqual(['a', 'c']);
    expect(shown.map((f) => [f.direction, f.type, f.kind, f.id])).toEqual(
      Array.from({ length: 4 }, () => ['in', 'fire_event', 'push', 0]),
    );
    expect(faults.stats.dropped).toBe(2);
  });

  test('a seeded ratio of drops is the same on every run', async () => {
    const run = async () => {
      const faults = new GroupFrameFaults('g', new SteppedClock());
      const random = seededRandom(7);
      faults.drop.in = () => random() < 0.5;
      const { events, fire } = link(faults);
      for (let i = 0; i < 400; i++) fire(`e${i}`);
      await flush();
      return events;
    };
    const first = await run();
    expect(first.length).toBeGreaterThan(150);
    expect(first.length).toBeLessThan(250);
    expect(await run()).toEqual(first);
  });

  test('a corrupted frame closes the channel with a ProtocolError', async () => {
    const faults = new GroupFrameFaults('g', new SteppedClock());
    faults.corrupt.in = 1;
    const { host, fire } = link(faults);
    fire('a');
    const { error } = await host.closed;
    expect(error).toBeInstanceOf(ProtocolError);
    expect(error?.message).toMatch(/undecodable frame/);
    expect(faults.stats.corrupted).toBe(1);
  });

  test("a slow ready holds the next launch's ready and what follows it, and only that launch's", async () => {
    const clock = new SteppedClock();
    const faults = new GroupFrameFaults('g', clock);
    faults.delayNextReady(1_000);
    const first = link(faults);
    const readies: number[] = [];
    first.host.register('ready', () => void readies.push(clock.now()), { inline: true });
    first.fire('before');
    first.sandbox.push('ready', { protocolVersion: 2 });
    first.fire('after');
    await flush();
    expect(first.events).toEqual(['before']);
    expect(faults.current?.sawReady).toBe(true);
    expect(faults.withholding).toBe(true);
    clock.increment(1_000);
    await flush();
    expect(readies).toEqual([1_000]);
    expect(first.events).toEqual(['before', 'after']);

    const second = link(faults);
    second.host.register('ready', () => void readies.push(clock.now()), { inline: true });
    second.sandbox.push('ready', { protocolVersion: 2 });
    await flush();
    expect(readies).toEqual([1_000, 1_000]);
  });

  test('a silenced transport passes nothing either way', async () => {
    const faults = new GroupFrameFaults('g', new SteppedClock());
    const { host, events, fire } = link(faults);
    faults.current!.silenced = true;
    fire('a');
    const call = host.call('ping', { sentAtMs: 0 }, { timeoutMs: 30 });
    await expect(call).rejects.toMatchObject({ type: 'timeout' });
    expect(events).toEqual([]);
    expect(faults.withholding).toBe(true);
  });
});
