import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChannelClosedError, ChannelTimeoutError } from '../../errors.js';
import { StreamTransport, type StreamTransportOptions } from './stream.js';

/** A host-side listener the sandbox dials back to; accepts exactly one connection. */
export interface UnixListener {
  /** Socket path to hand to the child (`unix://<path>`). */
  readonly path: string;
  /** Resolves with the first connection; the socket file is removed right after. */
  accept(timeoutMs: number): Promise<StreamTransport>;
  /** Stop listening and remove the socket and its private directory; idempotent. */
  close(): void;
}

/**
 * Listen on a short private path: a fresh 0700 directory under the temp dir
 * keeps other users out and stays well under the 108-byte sun_path limit.
 */
export async function listenUnix(options?: StreamTransportOptions): Promise<UnixListener> {
  const dir = mkdtempSync(join(tmpdir(), 'corral-'));
  const path = join(dir, 's');
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => {
      server.off('error', reject);
      resolve();
    });
  });
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    server.close();
    rmSync(dir, { recursive: true, force: true });
  };
  const accept = (timeoutMs: number) =>
    new Promise<StreamTransport>((resolve, reject) => {
      if (closed) return reject(new ChannelClosedError('listener closed'));
      const timer = setTimeout(() => {
        // Stryker disable next-line StringLiteral: close() on the next line stops the server, so the stale listener can never fire
        server.off('connection', onConnection);
        close();
        reject(new ChannelTimeoutError('unix accept', timeoutMs));
      }, timeoutMs);
      const onConnection = (socket: net.Socket) => {
        clearTimeout(timer);
        close();
        resolve(new StreamTransport(socket, options));
      };
      server.once('connection', onConnection);
    });
  return { path, accept, close };
}

/** Sandbox side: dial the host's socket. */
export function dialUnix(path: string, options?: StreamTransportOptions): Promise<StreamTransport> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(path);
    socket.once('error', reject);
    socket.once('connect', () => {
      // Stryker disable next-line StringLiteral: the StreamTransport adds its own error listener; a leftover reject of a settled promise does nothing
      socket.off('error', reject);
      resolve(new StreamTransport(socket, options));
    });
  });
}
