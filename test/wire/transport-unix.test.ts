import { existsSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ChannelClosedError, ChannelTimeoutError } from '../../src/errors.js';
import type { Transport } from '../../src/wire/transport.js';
import { dialUnix, listenUnix, type UnixListener } from '../../src/wire/transports/unix.js';
import { until, within } from '../support/async.js';
import { receiver } from '../support/transports.js';

const listeners: UnixListener[] = [];
const transports: Transport[] = [];
afterEach(async () => {
  for (const listener of listeners.splice(0)) listener.close();
  await Promise.all(transports.splice(0).map((transport) => transport.close()));
});

async function listen(options?: { maxFrameBytes?: number }) {
  const listener = await within(2_000, listenUnix(options), 'listen');
  listeners.push(listener);
  return listener;
}

function track<T extends Transport>(transport: T): T {
  transports.push(transport);
  return transport;
}

describe('listenUnix', () => {
  it('listens on a socket of its own in a private directory under the temp dir', async () => {
    const listener = await listen();
    const dir = dirname(listener.path);
    expect(dirname(dir)).toBe(tmpdir());
    expect(basename(dir)).toMatch(/^corral-./);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(listener.path).isSocket()).toBe(true);
  });

  it('gives each listener a distinct path', async () => {
    const [a, b] = [await listen(), await listen()];
    expect(a.path).not.toBe(b.path);
    expect(dirname(a.path)).not.toBe(dirname(b.path));
  });

  it('accepts the dialled connection as a transport that carries frames both ways', async () => {
    const listener = await listen();
    const accepted = listener.accept(2_000);
    const sandbox = track(await within(2_000, dialUnix(listener.path), 'dial'));
    const host = track(await within(2_000, accepted, 'accept'));
    const atHost = receiver(host);
    const atSandbox = receiver(sandbox);
    sandbox.write(new Uint8Array([1, 2, 3]));
    host.write(new Uint8Array([4]));
    await until(() => atHost.frames.length === 1 && atSandbox.frames.length === 1);
    expect(atHost.frames).toEqual([[1, 2, 3]]);
    expect(atSandbox.frames).toEqual([[4]]);
  });

  it('removes the socket and its directory once the connection is accepted', async () => {
    const listener = await listen();
    const accepted = listener.accept(2_000);
    track(await dialUnix(listener.path));
    track(await within(2_000, accepted, 'accept'));
    expect(existsSync(listener.path)).toBe(false);
    expect(existsSync(dirname(listener.path))).toBe(false);
  });

  it('hands the accepted transport its frame limit', async () => {
    const listener = await listen({ maxFrameBytes: 4 });
    const accepted = listener.accept(2_000);
    const sandbox = track(await dialUnix(listener.path));
    const host = receiver(track(await within(2_000, accepted, 'accept')));
    receiver(sandbox);
    sandbox.write(new Uint8Array(5));
    await until(() => host.ends.length === 1);
    expect(host.frames).toEqual([]);
    expect(host.ends[0]).toMatchObject({ type: 'frame_too_large' });
  });

  it('rejects an accept that sees no connection in time with a timeout, and stops listening', async () => {
    const listener = await listen();
    await expect(listener.accept(20)).rejects.toBeInstanceOf(ChannelTimeoutError);
    expect(existsSync(dirname(listener.path))).toBe(false);
    await expect(listener.accept(2_000)).rejects.toBeInstanceOf(ChannelClosedError);
    await expect(dialUnix(listener.path)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('close removes the socket and its directory, and a later accept is refused', async () => {
    const listener = await listen();
    listener.close();
    expect(existsSync(dirname(listener.path))).toBe(false);
    await expect(within(2_000, listener.accept(2_000))).rejects.toBeInstanceOf(ChannelClosedError);
    // The refusal explains itself.
    await expect(listener.accept(2_000)).rejects.toThrow(/\S/);
  });

  it('close is idempotent and tolerates its directory being gone already', async () => {
    const listener = await listen();
    rmSync(dirname(listener.path), { recursive: true, force: true });
    expect(() => listener.close()).not.toThrow();
    expect(() => listener.close()).not.toThrow();
  });
});

describe('dialUnix', () => {
  it('rejects when nothing listens on the path', async () => {
    const listener = await listen();
    const path = join(dirname(listener.path), 'nobody');
    await expect(within(2_000, dialUnix(path))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('hands the dialled transport its frame limit', async () => {
    const listener = await listen();
    const accepted = listener.accept(2_000);
    const sandbox = receiver(track(await dialUnix(listener.path, { maxFrameBytes: 4 })));
    const host = track(await within(2_000, accepted, 'accept'));
    receiver(host);
    host.write(new Uint8Array(5));
    await until(() => sandbox.ends.length === 1);
    expect(sandbox.ends[0]).toMatchObject({ type: 'frame_too_large' });
  });
});
