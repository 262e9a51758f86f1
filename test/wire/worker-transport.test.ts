import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ChannelClosedError, FrameTooLargeError } from '../../src/errors.js';
import { Channel } from '../../src/wire/channel.js';
import { FrameDecoder } from '../../src/wire/framing.js';
import { ProtobufCodec } from '../../src/wire/protobuf-codec.js';
import { MessagePortTransport } from '../../src/wire/transports/worker.js';
import { settle, until, within } from '../support/async.js';
import { receiver } from '../support/transports.js';

const ports: MessagePort[] = [];
afterEach(() => {
  for (const port of ports.splice(0)) port.close();
});

function portPair(): [MessagePort, MessagePort] {
  const { port1, port2 } = new MessageChannel();
  ports.push(port1, port2);
  return [port1, port2];
}

describe('MessagePortTransport', () => {
  it('sends every frame written in one tick as one message, its buffer transferred', async () => {
    const [a, b] = portPair();
    const post = vi.spyOn(a, 'postMessage');
    const sender = new MessagePortTransport(a);
    sender.start({ frame: () => {}, end: () => {} });
    const { frames } = receiver(new MessagePortTransport(b));
    for (let i = 0; i < 100; i++) sender.write(new Uint8Array([i, i, i]));
    await until(() => frames.length === 100);
    expect(post).toHaveBeenCalledTimes(1);
    const [message, transfer] = post.mock.calls[0] as [Uint8Array, ArrayBuffer[]];
    expect(transfer).toEqual([message.buffer]);
    // Transferred, not copied: the sender's buffer is detached.
    expect(message.buffer.byteLength).toBe(0);
    expect(frames).toEqual(Array.from({ length: 100 }, (_, i) => [i, i, i]));
  });

  it('packs frames with the length prefix a pipe uses, so one decoder reads both', async () => {
    const [a, b] = portPair();
    const sender = new MessagePortTransport(a);
    sender.start({ frame: () => {}, end: () => {} });
    const raw = new Promise<Uint8Array>((resolve) => b.once('message', resolve));
    sender.write(new Uint8Array([1, 2]));
    sender.write(new Uint8Array([3]));
    const decoded: number[][] = [];
    new FrameDecoder(1024).push(await raw, (frame) => decoded.push([...frame]));
    expect(decoded).toEqual([[1, 2], [3]]);
  });

  it("sends a frame cut from Node's shared buffer pool intact, and leaves the pool's other buffers alone", async () => {
    const [a, b] = portPair();
    const sender = new MessagePortTransport(a);
    sender.start({ frame: () => {}, end: () => {} });
    const { frames } = receiver(new MessagePortTransport(b));
    const pooled = Buffer.from('frame');
    const neighbour = Buffer.from('neighbour');
    expect(pooled.buffer).toBe(neighbour.buffer); // both are slices of the pool
    sender.write(pooled);
    await until(() => frames.length === 1);
    expect(Buffer.from(frames[0]!).toString()).toBe('frame');
    expect(neighbour.toString()).toBe('neighbour');
    expect(pooled.toString()).toBe('frame');
  });

  it('refuses a frame over its limit without sending anything', async () => {
    const [a, b] = portPair();
    const sender = new MessagePortTransport(a, { maxFrameBytes: 8 });
    sender.start({ frame: () => {}, end: () => {} });
    const { frames } = receiver(new MessagePortTransport(b));
    expect(() => sender.write(new Uint8Array(9))).toThrow(FrameTooLargeError);
    sender.write(new Uint8Array(8));
    await until(() => frames.length === 1);
    expect(frames[0]).toHaveLength(8);
  });

  // Why: the peer is a sandbox; whatever it posts on the port is untrusted input.
  it('ends with a protocol error, delivering nothing, when the peer posts something that is not bytes', async () => {
    const [a, b] = portPair();
    const { frames, ends } = receiver(new MessagePortTransport(b));
    a.postMessage({ id: 1, type: 'ready' });
    await until(() => ends.length === 1);
    expect(frames).toEqual([]);
    expect(ends[0]).toMatchObject({ type: 'protocol_error' });
  });

  it('ends with a protocol error when a message stops inside a frame', async () => {
    const [a, b] = portPair();
    const { ends } = receiver(new MessagePortTransport(b));
    a.postMessage(new Uint8Array([0, 0, 0, 9, 1, 2]));
    await until(() => ends.length === 1);
    expect(ends[0]).toMatchObject({ type: 'protocol_error' });
  });

  it('ends with FrameTooLargeError when the peer announces a frame over the limit', async () => {
    const [a, b] = portPair();
    const { frames, ends } = receiver(new MessagePortTransport(b, { maxFrameBytes: 4 }));
    a.postMessage(new Uint8Array([0, 0, 0, 5, 1, 2, 3, 4, 5]));
    await until(() => ends.length === 1);
    expect(frames).toEqual([]);
    expect(ends[0]).toBeInstanceOf(FrameTooLargeError);
  });

  it('closing one end delivers what was written before the close, then ends both without error', async () => {
    const [a, b] = portPair();
    const sender = new MessagePortTransport(a);
    const own = receiver(sender);
    const peer = receiver(new MessagePortTransport(b));
    sender.write(new Uint8Array([1]));
    sender.write(new Uint8Array([2]));
    await within(2_000, sender.close(), 'close');
    await until(() => peer.ends.length === 1);
    expect(peer.frames).toEqual([[1], [2]]);
    expect(peer.ends).toEqual([undefined]);
    expect(own.ends).toEqual([undefined]);
    expect(() => sender.write(new Uint8Array([3]))).toThrow(ChannelClosedError);
  });

  it('close is idempotent and ends its own side once', async () => {
    const [a, b] = portPair();
    const transport = new MessagePortTransport(a);
    const own = receiver(transport);
    receiver(new MessagePortTransport(b));
    await Promise.all([transport.close(), transport.close()]);
    await settle();
    expect(own.ends).toHaveLength(1);
  });
});

describe('a Channel over a MessagePort pair', () => {
  it('carries the same protobuf frames as a pipe: a call and its reply, a push, a remote error', async () => {
    const [a, b] = portPair();
    const codec = new ProtobufCodec();
    const host = new Channel(new MessagePortTransport(a), { codec, name: 'host' });
    const sandbox = new Channel(new MessagePortTransport(b), { codec, name: 'sandbox' });
    const pushes: unknown[] = [];
    host.register('ready', (ready) => void pushes.push(ready), { inline: true });
    sandbox.register('ping', () => ({ rssBytes: 7, heapUsedBytes: 3, uptimeMs: 1 }));
    sandbox.register('flow_abort', () => {
      throw new Error('no such flow');
    });
    sandbox.push('ready', { protocolVersion: 1, group: 'g', pid: 1, runtimeVersion: 'v20' });
    const pong = await within(2_000, host.call('ping', { sentAtMs: 1 }), 'ping');
    expect(Number(pong.rssBytes)).toBe(7);
    await expect(host.call('flow_abort', { flowId: 'f' })).rejects.toThrow('no such flow');
    expect(pushes).toMatchObject([{ group: 'g', protocolVersion: 1 }]);
    await host.close();
    await within(2_000, sandbox.closed, 'the peer to see the close');
    expect(sandbox.state).toBe('closed');
  });
});
