import { describe, expect, it } from 'vitest';
import { ChannelClosedError } from '../../src/errors.js';
import type { Transport } from '../../src/wire/transport.js';
import { memoryTransportPair } from '../../src/wire/transports/memory.js';
import { settle } from '../support/async.js';

/** An error that explains itself: a user is told what went wrong, not handed an empty message. */
const explained = expect.objectContaining({ message: expect.stringMatching(/\S/) });

/** Everything one end delivers, in order: each frame's bytes, and `end` (with its error, if any). */
function receiver(transport: Transport) {
  const events: (number[] | 'end')[] = [];
  const errors: (Error | undefined)[] = [];
  transport.start({
    frame: (bytes) => events.push([...bytes]),
    end: (error) => {
      events.push('end');
      errors.push(error);
    },
  });
  return { events, errors };
}

describe('memoryTransportPair', () => {
  it('delivers frames to the peer in order, a microtask later, never inside write', async () => {
    const [a, b] = memoryTransportPair();
    receiver(a);
    const { events } = receiver(b);
    a.write(new Uint8Array([1]));
    a.write(new Uint8Array([2, 3]));
    expect(events).toEqual([]);
    await settle();
    expect(events).toEqual([[1], [2, 3]]);
  });

  it('delivers a copy: changing the buffer after write does not change the frame', async () => {
    const [a, b] = memoryTransportPair();
    receiver(a);
    const { events } = receiver(b);
    const frame = new Uint8Array([1, 2]);
    a.write(frame);
    frame[0] = 9;
    await settle();
    expect(events).toEqual([[1, 2]]);
  });

  it('refuses a second start', () => {
    const [a] = memoryTransportPair();
    receiver(a);
    expect(() => a.start({ frame: () => {}, end: () => {} })).toThrow(explained);
  });

  it('never delivers inside start, even frames that were waiting', async () => {
    const [a, b] = memoryTransportPair();
    a.write(new Uint8Array([1]));
    await settle();
    const { events } = receiver(b);
    expect(events).toEqual([]);
    await settle();
    expect(events).toEqual([[1]]);
  });

  it('keeps frames that arrive before start and delivers them, in order, once started', async () => {
    const [a, b] = memoryTransportPair();
    receiver(a);
    a.write(new Uint8Array([1]));
    await settle();
    a.write(new Uint8Array([2]));
    // Frame 2 arrives after start but before the waiting frame 1 is handed over: it must still come second.
    const { events } = receiver(b);
    await settle();
    a.write(new Uint8Array([3]));
    await settle();
    expect(events).toEqual([[1], [2], [3]]);
  });

  it('reports the end after the frames that were waiting for start', async () => {
    const [a, b] = memoryTransportPair();
    receiver(a);
    a.write(new Uint8Array([1]));
    await settle();
    // The end arrives after start but before the waiting frame is handed over.
    const closing = a.close();
    const { events, errors } = receiver(b);
    await closing;
    await settle();
    expect(events).toEqual([[1], 'end']);
    expect(errors).toEqual([undefined]);
  });

  it('reports the end once started when the peer closed before start', async () => {
    const [a, b] = memoryTransportPair();
    await a.close();
    await settle();
    const { events } = receiver(b);
    await settle();
    expect(events).toEqual(['end']);
  });

  it('closing ends both sides once, without error', async () => {
    const [a, b] = memoryTransportPair();
    const own = receiver(a);
    const peer = receiver(b);
    await a.close();
    await a.close();
    await b.close();
    await settle();
    expect(own.events).toEqual(['end']);
    expect(peer.events).toEqual(['end']);
    expect(own.errors).toEqual([undefined]);
  });

  it('reports the end once when closed right after start', async () => {
    const [a, b] = memoryTransportPair();
    const own = receiver(a);
    receiver(b);
    await a.close();
    await settle();
    expect(own.events).toEqual(['end']);
  });

  it('refuses writes on a closed end and on the end whose peer closed', async () => {
    const [a, b] = memoryTransportPair();
    receiver(a);
    receiver(b);
    await a.close();
    expect(() => a.write(new Uint8Array([1]))).toThrow(ChannelClosedError);
    expect(() => a.write(new Uint8Array([1]))).toThrow(explained);
    await settle();
    expect(() => b.write(new Uint8Array([1]))).toThrow(ChannelClosedError);
  });

  it('drops frames that were still on their way when the receiving end closed', async () => {
    const [a, b] = memoryTransportPair();
    receiver(a);
    const { events } = receiver(b);
    await settle();
    a.write(new Uint8Array([1]));
    await b.close();
    await settle();
    expect(events).toEqual(['end']);
  });
});
