import { Duplex } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ChannelClosedError, FrameTooLargeError } from '../../src/errors.js';
import { FrameDecoder } from '../../src/wire/framing.js';
import { StreamTransport } from '../../src/wire/transports/stream.js';

/** A duplex that records every write as one chunk and reads nothing. */
function recordingStream() {
  const writes: Buffer[] = [];
  const stream = new Duplex({
    read() {},
    write(chunk: Buffer, _encoding, callback) {
      writes.push(chunk);
      callback();
    },
  });
  return { stream, writes };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('StreamTransport writes', () => {
  it('coalesces every frame written in one tick into a single write', async () => {
    const { stream, writes } = recordingStream();
    const transport = new StreamTransport(stream);
    transport.start({ frame: () => {}, end: () => {} });
    for (let i = 0; i < 100; i++) transport.write(new Uint8Array([i, i, i]));
    await tick();
    expect(writes).toHaveLength(1);
    const frames: number[][] = [];
    new FrameDecoder(1024).push(writes[0]!, (frame) => frames.push([...frame]));
    expect(frames).toEqual(Array.from({ length: 100 }, (_, i) => [i, i, i]));
  });

  it('starts a new write for frames written in a later tick', async () => {
    const { stream, writes } = recordingStream();
    const transport = new StreamTransport(stream);
    transport.start({ frame: () => {}, end: () => {} });
    transport.write(new Uint8Array([1]));
    await tick();
    transport.write(new Uint8Array([2]));
    await tick();
    expect(writes).toHaveLength(2);
  });

  it('refuses a frame over its limit without queueing it', async () => {
    const { stream, writes } = recordingStream();
    const transport = new StreamTransport(stream, { maxFrameBytes: 8 });
    transport.start({ frame: () => {}, end: () => {} });
    expect(() => transport.write(new Uint8Array(9))).toThrow(FrameTooLargeError);
    await tick();
    expect(writes).toHaveLength(0);
  });

  it('flushes queued frames when closed and refuses writes afterwards', async () => {
    const { stream, writes } = recordingStream();
    const transport = new StreamTransport(stream);
    transport.start({ frame: () => {}, end: () => {} });
    transport.write(new Uint8Array([7]));
    const closing = transport.close();
    expect(() => transport.write(new Uint8Array([8]))).toThrow(ChannelClosedError);
    await closing;
    expect(Buffer.concat(writes)).toEqual(Buffer.from([0, 0, 0, 1, 7]));
  });
});
