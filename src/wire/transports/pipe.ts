import type { ChildProcess } from 'node:child_process';
import net from 'node:net';
import type { Duplex } from 'node:stream';
import { StreamTransport, type StreamTransportOptions } from './stream.js';

/**
 * The dedicated frame pipe of a sandbox: an extra stdio fd (3 by default),
 * never stdout, because integrations print to stdout freely.
 */
export const FRAME_FD = 3;

/** stdio for `spawn` that opens the frame pipe on fd 3 and pipes stdout/stderr for logging. */
export const frameStdio = ['ignore', 'pipe', 'pipe', 'pipe'] as const;

/** Host side: the transport over a spawned child's fd-3 pipe. */
export function childPipeTransport(child: ChildProcess, options?: StreamTransportOptions): StreamTransport {
  const stream = child.stdio[FRAME_FD] as Duplex | null | undefined;
  if (!stream) throw new Error(`child was spawned without a frame pipe on fd ${FRAME_FD}`);
  return new StreamTransport(stream, options);
}

/** Sandbox side: the transport over the inherited frame pipe. */
export function inheritedPipeTransport(fd = FRAME_FD, options?: StreamTransportOptions): StreamTransport {
  const socket = new net.Socket({ fd, readable: true, writable: true });
  return new StreamTransport(socket, options);
}
