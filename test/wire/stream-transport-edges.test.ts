import { Duplex } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { ChannelClosedError, FrameTooLargeError, ProtocolError } from '../../src/errors.js';
import { encodeFrames } from '../../src/wire/framing.js';
import { StreamTransport } from '../../src/wire/transports/stream.js';
import { settle, until, within } from '../support/async.js';
import { connectedSocketPair, type SocketPair } from '../support/socket-pair.js';
import { receiver } from '../support/transports.js';

const pairs: SocketPair[] = [];
const streams: Duplex[] = [];
afterEach(() => {
  for (const pair of pairs.splice(0)) pair.dispose();
  for (const stream of streams.splice(0)) stream.destroy();
});

async function socketPair(): Promise<SocketPair> {
  const pair = await connectedSocketPair();
  pairs.push(pair);
  return pair;
}

/**
 * A duplex that records every write as one chunk; the test pushes what it reads.
 * `acceptWrites: false` models a peer that never reads: no write ever completes.
 */
function scriptedStream(
  options: { acceptWrites?: boolean; failWrites?: boolean; autoDestroy?: boolean } = {},
) {
  const writes: Buffer[] = [];
  const stream = new Duplex({
    autoDestroy: options.autoDestroy ?? true,
    read() {},
    write(chunk: Buffer, _encoding, callback) {
      writes.push(chunk);
      if (options.failWrites) callback(new Error('EPIPE'));
      else if (options.acceptWrites !== false) callback();
    },
  });
  streams.push(stream);
  return { stream, writes };
}

/** An error that explains itself: a user is told what went wrong, not handed an empty message. */
const explained = expect.objectContaining({ message: expect.stringMatching(/\S/) });

describe('StreamTransport reading', () => {
  it('refuses a second start', () => {
    const transport = new StreamTransport(scriptedStream().stream);
    receiver(transport);
    expect(() => transport.start({ frame: () => {}, end: () => {} })).toThrow(explained);
  });

  it('delivers frames split across chunks, then ends cleanly on EOF between frames', async () => {
    const { stream } = scriptedStream();
    const { frames, ends } = receiver(new StreamTransport(stream));
    const bytes = encodeFrames([new Uint8Array([1, 2]), new Uint8Array([3])]);
    stream.push(bytes.subarray(0, 3));
    stream.push(bytes.subarray(3));
    stream.push(null);
    await until(() => ends.length === 1);
    expect(frames).toEqual([[1, 2], [3]]);
    expect(ends).toEqual([undefined]);
  });

  it('ends with a protocol error on EOF inside a frame', async () => {
    const { stream } = scriptedStream();
    const { frames, ends } = receiver(new StreamTransport(stream));
    stream.push(Buffer.from([0, 0, 0, 4, 1]));
    stream.push(null);
    await until(() => ends.length === 1);
    expect(frames).toEqual([]);
    expect(ends[0]).toBeInstanceOf(ProtocolError);
    expect(ends[0]).toMatchObject(explained);
  });

  it('ends with FrameTooLargeError and destroys the stream when the peer announces a frame over the limit', async () => {
    const { stream } = scriptedStream();
    const { frames, ends } = receiver(new StreamTransport(stream, { maxFrameBytes: 4 }));
    stream.push(Buffer.from([0, 0, 0, 5, 1, 2, 3, 4, 5]));
    await until(() => ends.length === 1);
    expect(frames).toEqual([]);
    expect(ends[0]).toBeInstanceOf(FrameTooLargeError);
    expect(stream.destroyed).toBe(true);
  });

  it('ends without error when the stream closes without EOF', async () => {
    const { stream } = scriptedStream();
    const transport = new StreamTransport(stream);
    const { ends } = receiver(transport);
    stream.destroy();
    await until(() => ends.length === 1);
    expect(ends).toEqual([undefined]);
    expect(() => transport.write(new Uint8Array([1]))).toThrow(ChannelClosedError);
  });

  it('ends with the stream error when the stream fails', async () => {
    const { stream } = scriptedStream();
    const { ends } = receiver(new StreamTransport(stream));
    const failure = new Error('ECONNRESET');
    stream.destroy(failure);
    await until(() => ends.length === 1);
    await settle();
    expect(ends).toEqual([failure]);
  });

  it('delivers nothing that is still readable after a failed write ended it', async () => {
    const { stream } = scriptedStream({ failWrites: true, autoDestroy: false });
    const transport = new StreamTransport(stream);
    const { frames, ends } = receiver(transport);
    transport.write(new Uint8Array([1]));
    await until(() => ends.length === 1);
    expect(ends[0]).toMatchObject({ message: 'EPIPE' });
    stream.push(encodeFrames([new Uint8Array([2])]));
    await settle();
    expect(frames).toEqual([]);
    expect(ends).toHaveLength(1);
  });

  it('reports its end once when the peer ends and the socket then closes', async () => {
    const { left, right } = await socketPair();
    const transport = new StreamTransport(left);
    const { ends } = receiver(transport);
    right.end();
    await until(() => ends.length === 1);
    await transport.close();
    await settle();
    expect(left.destroyed).toBe(true);
    expect(ends).toEqual([undefined]);
    expect(() => transport.write(new Uint8Array([1]))).toThrow(ChannelClosedError);
    expect(() => transport.write(new Uint8Array([1]))).toThrow(explained);
  });

  it('after the owner fails on a frame, ends with that failure and delivers nothing more', async () => {
    const { stream } = scriptedStream();
    stream.push(encodeFrames([new Uint8Array([1])]));
    stream.push(encodeFrames([new Uint8Array([2])]));
    const frames: number[][] = [];
    const ends: (Error | undefined)[] = [];
    const failure = new Error('owner failed');
    new StreamTransport(stream).start({
      frame: (bytes) => {
        frames.push([...bytes]);
        throw failure;
      },
      end: (error) => ends.push(error),
    });
    await until(() => ends.length === 1);
    await settle();
    expect(frames).toEqual([[1]]);
    expect(ends).toEqual([failure]);
    expect(stream.destroyed).toBe(true);
  });
});

describe('StreamTransport writing', () => {
  it('accepts a frame of exactly its limit', async () => {
    const { stream, writes } = scriptedStream();
    const transport = new StreamTransport(stream, { maxFrameBytes: 4 });
    receiver(transport);
    transport.write(new Uint8Array([1, 2, 3, 4]));
    await settle();
    expect(Buffer.concat(writes)).toEqual(Buffer.from([0, 0, 0, 4, 1, 2, 3, 4]));
  });

  it('drops what is queued when the stream is destroyed before the flush', async () => {
    const { stream, writes } = scriptedStream();
    const transport = new StreamTransport(stream);
    receiver(transport);
    transport.write(new Uint8Array([1]));
    stream.destroy();
    await settle();
    expect(writes).toEqual([]);
  });
});

describe('StreamTransport close', () => {
  it('sends what was queued and nothing else, ends the stream, and ends its own side cleanly', async () => {
    const { left, right } = await socketPair();
    const transport = new StreamTransport(left);
    const { ends } = receiver(transport);
    const received: Buffer[] = [];
    right.on('data', (chunk: Buffer) => received.push(chunk));
    const peerEnded = new Promise<void>((resolve) => right.once('end', resolve));
    transport.write(new Uint8Array([7]));
    await within(2_000, transport.close(), 'close');
    await within(2_000, peerEnded, 'the peer to see EOF');
    await settle();
    expect(Buffer.concat(received)).toEqual(Buffer.from([0, 0, 0, 1, 7]));
    expect(ends).toEqual([undefined]);
  });

  it('writes nothing when closed with nothing queued', async () => {
    const { stream, writes } = scriptedStream();
    const transport = new StreamTransport(stream);
    const { ends } = receiver(transport);
    await within(2_000, transport.close(), 'close');
    await settle();
    expect(writes).toEqual([]);
    expect(ends).toEqual([undefined]);
  });

  it('releases the stream once its bytes are written, though the peer keeps its side open', async () => {
    const { stream, writes } = scriptedStream();
    const transport = new StreamTransport(stream);
    receiver(transport);
    transport.write(new Uint8Array([1]));
    await within(500, transport.close(), 'close');
    expect(writes).toHaveLength(1);
    expect(stream.destroyed).toBe(true);
  });

  it('releases the socket promptly though the peer keeps its side open', async () => {
    const { left } = await socketPair();
    const transport = new StreamTransport(left);
    receiver(transport);
    await within(500, transport.close(), 'close');
    expect(left.destroyed).toBe(true);
  });

  it('returns the same close to every caller', async () => {
    const { left } = await socketPair();
    const transport = new StreamTransport(left);
    receiver(transport);
    const first = transport.close();
    expect(transport.close()).toBe(first);
    await within(2_000, first, 'close');
    expect(transport.close()).toBe(first);
  });

  it('resolves on a stream that is already closed, and ends its own side', async () => {
    const { stream } = scriptedStream();
    const closed = new Promise((resolve) => stream.once('close', resolve));
    stream.destroy();
    await closed;
    const transport = new StreamTransport(stream);
    const { ends } = receiver(transport);
    await within(2_000, transport.close(), 'close');
    expect(ends).toEqual([undefined]);
  });

  it('resolves without having been started', async () => {
    const { left } = await socketPair();
    await within(2_000, new StreamTransport(left).close(), 'close');
    expect(left.destroyed).toBe(true);
  });

  it('does not wait forever for a peer that never reads', async () => {
    const { stream, writes } = scriptedStream({ acceptWrites: false });
    const transport = new StreamTransport(stream);
    const { ends } = receiver(transport);
    transport.write(new Uint8Array([1]));
    await within(3_000, transport.close(), 'close');
    expect(writes).toHaveLength(1);
    expect(stream.destroyed).toBe(true);
    expect(ends).toEqual([undefined]);
  });
});
