import type { ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { encodeFrames } from '../../src/wire/framing.js';
import type { Transport } from '../../src/wire/transport.js';
import {
  childPipeTransport,
  FRAME_FD,
  frameStdio,
  inheritedPipeTransport,
} from '../../src/wire/transports/pipe.js';
import { until } from '../support/async.js';
import { openedFds, registerFakeFd, resetFakeFds } from '../support/fake-fds.js';
import { connectedSocketPair, type SocketPair } from '../support/socket-pair.js';
import { receiver } from '../support/transports.js';

vi.mock('node:net', async (original) =>
  (await import('../support/fake-fds.js')).netWithFakeFds(await original()),
);

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  resetFakeFds();
});

/** A fake fd (test/support/fake-fds.ts) whose socket is one end of a real connected pair; returns the other end. */
async function inheritedFd(): Promise<{ fd: number; peer: Socket }> {
  const pair = await connectedSocketPair();
  cleanups.push(() => pair.dispose());
  const fd = registerFakeFd(pair.left);
  return { fd, peer: pair.right };
}

async function socketPair(): Promise<SocketPair> {
  const pair = await connectedSocketPair();
  cleanups.push(() => pair.dispose());
  return pair;
}

function track<T extends Transport>(transport: T): T {
  cleanups.push(() => transport.close());
  return transport;
}

/** Just the part of a spawned child the host reads: its stdio streams. */
const childWithStdio = (stdio: unknown[]) => ({ stdio }) as unknown as ChildProcess;

describe('the frame pipe of a sandbox process', () => {
  it('is an extra fd beside stdout and stderr, which stay free for logs', () => {
    expect(FRAME_FD).toBe(3);
    expect(frameStdio[FRAME_FD]).toBe('pipe');
    expect(frameStdio.slice(1, 3)).toEqual(['pipe', 'pipe']);
  });

  it("childPipeTransport carries frames over the child's fd-3 stream", async () => {
    const { left, right } = await socketPair();
    const host = track(childPipeTransport(childWithStdio([null, null, null, left])));
    receiver(host);
    const peer = receiver(track(childPipeTransport(childWithStdio([null, null, null, right]))));
    host.write(new Uint8Array([9, 8]));
    await until(() => peer.frames.length === 1);
    expect(peer.frames).toEqual([[9, 8]]);
  });

  it('childPipeTransport refuses a child spawned without a frame pipe', () => {
    // The error explains itself: whoever spawned the child learns what is missing.
    expect(() => childPipeTransport(childWithStdio([null, null, null]))).toThrow(/\S/);
    expect(() => childPipeTransport(childWithStdio([null, null, null, null]))).toThrow(Error);
  });

  it('childPipeTransport hands the transport its frame limit', async () => {
    const { left, right } = await socketPair();
    const host = receiver(
      track(childPipeTransport(childWithStdio([null, null, null, left]), { maxFrameBytes: 2 })),
    );
    const sandbox = track(childPipeTransport(childWithStdio([null, null, null, right])));
    receiver(sandbox);
    sandbox.write(new Uint8Array(3));
    await until(() => host.ends.length === 1);
    expect(host.ends[0]).toMatchObject({ type: 'frame_too_large' });
  });

  it('inheritedPipeTransport opens the fd it is given for reading and writing frames', async () => {
    const { fd, peer } = await inheritedFd();
    const transport = track(inheritedPipeTransport(fd));
    expect(openedFds).toEqual([{ fd, readable: true, writable: true }]);
    const { frames } = receiver(transport);
    const received: Buffer[] = [];
    peer.on('data', (chunk: Buffer) => received.push(chunk));
    peer.write(encodeFrames([new Uint8Array([1, 2, 3]), new Uint8Array([4])]));
    transport.write(new Uint8Array([5]));
    await until(() => frames.length === 2 && received.length > 0);
    expect(frames).toEqual([[1, 2, 3], [4]]);
    expect(Buffer.concat(received)).toEqual(Buffer.from([0, 0, 0, 1, 5]));
  });

  it('inheritedPipeTransport hands the transport its frame limit', async () => {
    const { fd } = await inheritedFd();
    const transport = track(inheritedPipeTransport(fd, { maxFrameBytes: 2 }));
    receiver(transport);
    expect(() => transport.write(new Uint8Array(3))).toThrow(
      expect.objectContaining({ type: 'frame_too_large' }),
    );
  });
});
