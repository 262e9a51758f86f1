import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Two ends of one real, connected unix-domain stream socket. */
export interface SocketPair {
  readonly left: net.Socket;
  readonly right: net.Socket;
  /** Destroy both ends (idempotent). */
  dispose(): void;
}

/**
 * Node has no socketpair(2): listen on a throwaway path in a private temp dir,
 * dial it once, and remove the path and the dir as soon as both ends exist.
 */
export async function connectedSocketPair(): Promise<SocketPair> {
  const dir = mkdtempSync(join(tmpdir(), 'corral-test-'));
  const path = join(dir, 's');
  const server = net.createServer();
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(path, () => resolve());
    });
    const accepted = new Promise<net.Socket>((resolve) => server.once('connection', resolve));
    const right = net.connect(path);
    await new Promise<void>((resolve, reject) => {
      right.once('connect', resolve);
      right.once('error', reject);
    });
    const left = await accepted;
    return {
      left,
      right,
      dispose() {
        left.destroy();
        right.destroy();
      },
    };
  } finally {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
