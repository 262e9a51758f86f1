import type { Socket } from 'node:net';
import { MessageChannel } from 'node:worker_threads';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { encodeFrames } from '../../src/wire/framing.js';
import type { Transport } from '../../src/wire/transport.js';
import { listenUnix } from '../../src/wire/transports/unix.js';
import { openTransport } from '../../src/wire/transports/url.js';
import { MessagePortTransport, WORKER_URL } from '../../src/wire/transports/worker.js';
import { until, within } from '../support/async.js';
import { openedFds, registerFakeFd, resetFakeFds } from '../support/fake-fds.js';
import { connectedSocketPair } from '../support/socket-pair.js';
import { receiver } from '../support/transports.js';

/** This test process plays a sandbox's worker thread: `workerData` holds the port its host handed over. */
const thread = vi.hoisted(() => ({ workerData: null as unknown }));
vi.mock('node:worker_threads', async (importOriginal) => {
  const original = await importOriginal<typeof import('node:worker_threads')>();
  return {
    ...original,
    isMainThread: false,
    get workerData() {
      return thread.workerData;
    },
  };
});

vi.mock('node:net', async (original) =>
  (await import('../support/fake-fds.js')).netWithFakeFds(await original()),
);

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  thread.workerData = null;
  resetFakeFds();
});

/** A fake fd (test/support/fake-fds.ts) whose socket is one end of a real connected pair; returns the other end. */
async function inheritedFd(): Promise<{ fd: number; peer: Socket }> {
  const pair = await connectedSocketPair();
  cleanups.push(() => pair.dispose());
  const fd = registerFakeFd(pair.left);
  return { fd, peer: pair.right };
}

function track<T extends Transport>(transport: T): T {
  cleanups.push(() => transport.close());
  return transport;
}

describe('openTransport', () => {
  it('opens fd://N as a pipe on that fd', async () => {
    const { fd, peer } = await inheritedFd();
    const transport = track(await openTransport(`fd://${fd}`));
    expect(openedFds).toMatchObject([{ fd }]);
    const { frames } = receiver(transport);
    peer.write(encodeFrames([new Uint8Array([5, 6])]));
    await until(() => frames.length === 1);
    expect(frames).toEqual([[5, 6]]);
  });

  it('hands an fd:// transport its frame limit', async () => {
    const transport = track(await openTransport(`fd://${(await inheritedFd()).fd}`, { maxFrameBytes: 2 }));
    receiver(transport);
    expect(() => transport.write(new Uint8Array(3))).toThrow(
      expect.objectContaining({ type: 'frame_too_large' }),
    );
  });

  it('dials unix:///path, the socket its host listens on', async () => {
    const listener = await listenUnix();
    cleanups.push(() => listener.close());
    const accepted = listener.accept(2_000);
    const sandbox = track(await within(2_000, openTransport(`unix://${listener.path}`), 'dial'));
    const host = receiver(track(await within(2_000, accepted, 'accept')));
    receiver(sandbox);
    sandbox.write(new Uint8Array([7]));
    await until(() => host.frames.length === 1);
    expect(host.frames).toEqual([[7]]);
  });

  it('hands a unix:// transport its frame limit', async () => {
    const listener = await listenUnix();
    cleanups.push(() => listener.close());
    const accepted = listener.accept(2_000);
    const sandbox = track(
      await within(2_000, openTransport(`unix://${listener.path}`, { maxFrameBytes: 2 })),
    );
    receiver(track(await within(2_000, accepted, 'accept')));
    receiver(sandbox);
    expect(() => sandbox.write(new Uint8Array(3))).toThrow(
      expect.objectContaining({ type: 'frame_too_large' }),
    );
  });

  it(`opens ${WORKER_URL} as the port the host put in workerData`, async () => {
    const { port1, port2 } = new MessageChannel();
    cleanups.push(() => port1.close());
    thread.workerData = { port: port2 };
    const sandbox = track(await openTransport(WORKER_URL));
    expect(sandbox).toBeInstanceOf(MessagePortTransport);
    receiver(sandbox);
    const host = receiver(track(new MessagePortTransport(port1)));
    sandbox.write(new Uint8Array([3, 1]));
    await until(() => host.frames.length === 1);
    expect(host.frames).toEqual([[3, 1]]);
  });

  it(`hands a ${WORKER_URL} transport its frame limit`, async () => {
    const { port1, port2 } = new MessageChannel();
    cleanups.push(() => port1.close());
    thread.workerData = { port: port2 };
    const sandbox = track(await openTransport(WORKER_URL, { maxFrameBytes: 2 }));
    receiver(sandbox);
    expect(() => sandbox.write(new Uint8Array(3))).toThrow(
      expect.objectContaining({ type: 'frame_too_large' }),
    );
  });

  it.each(['tcp://localhost:1', 'fd://', 'fd://x3', 'worker://parent/', 'worker://child', 'UNIX:///tmp/s'])(
    'rejects %j, naming the url it cannot open',
    async (url) => {
      const { port1, port2 } = new MessageChannel();
      cleanups.push(() => port1.close());
      thread.workerData = { port: port2 };
      await expect(openTransport(url)).rejects.toThrow(url);
    },
  );

  it('rejects an fd url with anything before or after the number', async () => {
    const { fd } = await inheritedFd();
    for (const url of [`xfd://${fd}`, `fd://${fd}x`, `fd://${fd}/`, ` fd://${fd}`]) {
      await expect(openTransport(url)).rejects.toThrow(url);
    }
  });
});
