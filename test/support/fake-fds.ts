/**
 * The process's fd table, faked for in-process transport tests: `new net.Socket({ fd })`
 * gets the real socket a test registered under that number. (Wrapping a real fd from a test
 * in a worker thread leaves Node to close that fd number again when the thread exits,
 * whoever holds it by then.) The real fd path is the process e2e tests. Use with:
 *
 *   vi.mock('node:net', async (original) =>
 *     (await import('../support/fake-fds.js')).netWithFakeFds(await original()));
 */
import type * as Net from 'node:net';

const sockets = new Map<number, unknown>();
/** The options of every `net.Socket({ fd })` made since the last reset. */
export const openedFds: Net.SocketConstructorOpts[] = [];

/** `net` with a Socket constructor that serves registered fake fds. */
export function netWithFakeFds(net: typeof Net): typeof Net & { default: typeof Net } {
  function Socket(options?: Net.SocketConstructorOpts) {
    if (options?.fd === undefined) return new net.Socket(options);
    const socket = sockets.get(options.fd);
    if (!socket) throw Object.assign(new Error(`EBADF: fd ${options.fd}`), { code: 'EBADF' });
    openedFds.push(options);
    return socket;
  }
  const mocked = { ...net, Socket } as unknown as typeof Net;
  return { ...mocked, default: mocked };
}

/** Register `socket` as a fake fd (numbered 40 and up) and return its number. */
export function registerFakeFd(socket: Net.Socket): number {
  const fd = 40 + sockets.size;
  sockets.set(fd, socket);
  return fd;
}

export function resetFakeFds(): void {
  sockets.clear();
  openedFds.length = 0;
}
