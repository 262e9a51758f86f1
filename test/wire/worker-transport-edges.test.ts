import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ChannelClosedError } from '../../src/errors.js';
import { encodeFrames } from '../../src/wire/framing.js';
import { hostPortTransport, MessagePortTransport, WORKER_URL } from '../../src/wire/transports/worker.js';
import { settle, until, within } from '../support/async.js';
import { receiver } from '../support/transports.js';

/** Which thread this test process claims to be, and the `workerData` that thread was given. */
const thread = vi.hoisted(() => ({ isMainThread: true, workerData: null as unknown }));
vi.mock('node:worker_threads', async (importOriginal) => {
  const original = await importOriginal<typeof import('node:worker_threads')>();
  return {
    ...original,
    get isMainThread() {
      return thread.isMainThread;
    },
    get workerData() {
      return thread.workerData;
    },
  };
});

const ports: MessagePort[] = [];
afterEach(() => {
  for (const port of ports.splice(0)) port.close();
  thread.isMainThread = true;
  thread.workerData = null;
});

function portPair(): [MessagePort, MessagePort] {
  const { port1, port2 } = new MessageChannel();
  ports.push(port1, port2);
  return [port1, port2];
}

/** An error that explains itself: a user is told what went wrong, not handed an empty message. */
const explained = expect.objectContaining({ message: expect.stringMatching(/\S/) });

describe('MessagePortTransport edges', () => {
  it('refuses a second start', () => {
    const [a] = portPair();
    const transport = new MessagePortTransport(a);
    receiver(transport);
    expect(() => transport.start({ frame: () => {}, end: () => {} })).toThrow(explained);
  });

  it('delivers nothing the peer posted after a message that ended it', async () => {
    const [a, b] = portPair();
    const { frames, ends } = receiver(new MessagePortTransport(b));
    a.postMessage('not bytes');
    a.postMessage(encodeFrames([new Uint8Array([1])]));
    await until(() => ends.length === 1);
    await settle();
    expect(frames).toEqual([]);
    expect(ends).toHaveLength(1);
    expect(ends[0]).toMatchObject({ type: 'protocol_error' });
    expect(ends[0]).toMatchObject(explained);
  });

  it('explains the protocol error when a message stops inside a frame', async () => {
    const [a, b] = portPair();
    const { ends } = receiver(new MessagePortTransport(b));
    a.postMessage(new Uint8Array([0, 0, 0, 9, 1]));
    await until(() => ends.length === 1);
    expect(ends[0]).toMatchObject({ type: 'protocol_error' });
    expect(ends[0]).toMatchObject(explained);
  });

  it('ends with the error and closes the port when a message cannot be deserialized', async () => {
    const [a, b] = portPair();
    const { ends } = receiver(new MessagePortTransport(b));
    const peerClosed = new Promise<void>((resolve) => a.once('close', () => resolve()));
    const failure = new Error('cannot deserialize');
    b.emit('messageerror', failure);
    expect(ends).toEqual([failure]);
    await within(2_000, peerClosed, 'the peer to see the close');
  });

  it('refuses writes once the peer has closed', async () => {
    const [a, b] = portPair();
    const transport = new MessagePortTransport(b);
    const { ends } = receiver(transport);
    a.close();
    await until(() => ends.length === 1);
    expect(ends).toEqual([undefined]);
    expect(() => transport.write(new Uint8Array([1]))).toThrow(ChannelClosedError);
    expect(() => transport.write(new Uint8Array([1]))).toThrow(explained);
  });

  it('sends the peer nothing but the close when closed with nothing queued', async () => {
    const [a, b] = portPair();
    const transport = new MessagePortTransport(a);
    receiver(transport);
    const messages: unknown[] = [];
    b.on('message', (message) => messages.push(message));
    const peerClosed = new Promise<void>((resolve) => b.once('close', () => resolve()));
    await within(2_000, transport.close(), 'close');
    await within(2_000, peerClosed, 'the peer to see the close');
    expect(messages).toEqual([]);
  });

  it('sends nothing more after the frames flushed by close', async () => {
    const [a, b] = portPair();
    const transport = new MessagePortTransport(a);
    receiver(transport);
    const messages: unknown[] = [];
    b.on('message', (message) => messages.push(message));
    const peerClosed = new Promise<void>((resolve) => b.once('close', () => resolve()));
    transport.write(new Uint8Array([1]));
    await within(2_000, transport.close(), 'close');
    await within(2_000, peerClosed, 'the peer to see the close');
    expect(messages).toHaveLength(1);
  });

  it('returns the same close to every caller', async () => {
    const [a] = portPair();
    const transport = new MessagePortTransport(a);
    receiver(transport);
    const first = transport.close();
    expect(transport.close()).toBe(first);
    await within(2_000, first, 'close');
    expect(transport.close()).toBe(first);
  });

  it('closes without having been started', async () => {
    const [a, b] = portPair();
    const peerClosed = new Promise<void>((resolve) => b.once('close', () => resolve()));
    await within(2_000, new MessagePortTransport(a).close(), 'close');
    await within(2_000, peerClosed, 'the peer to see the close');
  });
});

describe('hostPortTransport', () => {
  it('in a worker thread, opens the port its host put in workerData', async () => {
    const [host, sandbox] = portPair();
    thread.isMainThread = false;
    thread.workerData = { port: sandbox };
    const transport = hostPortTransport();
    receiver(transport);
    const atHost = receiver(new MessagePortTransport(host));
    transport.write(new Uint8Array([4, 2]));
    await until(() => atHost.frames.length === 1);
    expect(atHost.frames).toEqual([[4, 2]]);
  });

  it('hands the transport its frame limit', () => {
    const [, sandbox] = portPair();
    thread.isMainThread = false;
    thread.workerData = { port: sandbox };
    const transport = hostPortTransport({ maxFrameBytes: 2 });
    expect(() => transport.write(new Uint8Array(3))).toThrow(
      expect.objectContaining({ type: 'frame_too_large' }),
    );
  });

  it(`refuses the main thread, naming ${WORKER_URL}`, () => {
    const [, sandbox] = portPair();
    thread.isMainThread = true;
    thread.workerData = { port: sandbox };
    expect(() => hostPortTransport()).toThrow(WORKER_URL);
  });

  it.each([
    ['no workerData', null],
    ['workerData without a port', {}],
    ['a port that is not a MessagePort', { port: { postMessage() {} } }],
  ])(`refuses a worker thread with %s, naming ${WORKER_URL}`, (_, workerData) => {
    thread.isMainThread = false;
    thread.workerData = workerData;
    expect(() => hostPortTransport()).toThrow(WORKER_URL);
  });
});
