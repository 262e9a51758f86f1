import type { Transport } from '../transport.js';
import { inheritedPipeTransport } from './pipe.js';
import type { StreamTransportOptions } from './stream.js';
import { dialUnix } from './unix.js';
import { hostPortTransport, WORKER_URL } from './worker.js';

/**
 * Where a sandbox finds its host: `fd://3` (inherited pipe), `unix:///path/to/socket`,
 * or `worker://parent` (the port a host hands its worker thread).
 */
export type TransportUrl = `fd://${number}` | `unix://${string}` | typeof WORKER_URL;

/** Sandbox side: open the transport a `--url` names; throws on an unknown scheme. */
export async function openTransport(url: string, options?: StreamTransportOptions): Promise<Transport> {
  const fd = /^fd:\/\/(\d+)$/.exec(url);
  if (fd) return inheritedPipeTransport(Number(fd[1]), options);
  if (url.startsWith('unix://')) return dialUnix(url.slice('unix://'.length), options);
  if (url === WORKER_URL) return hostPortTransport(options);
  throw new Error(`unsupported transport url "${url}": expected fd://N, unix:///path or ${WORKER_URL}`);
}
