import { inheritedPipeTransport } from './pipe.js';
import type { StreamTransport, StreamTransportOptions } from './stream.js';
import { dialUnix } from './unix.js';

/** Where a sandbox finds its host: `fd://3` (inherited pipe) or `unix:///path/to/socket`. */
export type TransportUrl = `fd://${number}` | `unix://${string}`;

/** Sandbox side: open the transport a `--url` names; throws on an unknown scheme. */
export async function openTransport(url: string, options?: StreamTransportOptions): Promise<StreamTransport> {
  const fd = /^fd:\/\/(\d+)$/.exec(url);
  if (fd) return inheritedPipeTransport(Number(fd[1]), options);
  if (url.startsWith('unix://')) return dialUnix(url.slice('unix://'.length), options);
  throw new Error(`unsupported transport url "${url}": expected fd://N or unix:///path`);
}
