/**
 * What the Home Assistant API tests share: home-assistant-js-websocket's
 * `createSocket` over the `ws` package (Node 20 has no global WebSocket), and a
 * raw client that speaks the protocol message by message.
 */
import {
  type ConnectionOptions,
  createConnection,
  createLongLivedTokenAuth,
  ERR_CANNOT_CONNECT,
  ERR_INVALID_AUTH,
  type HaWebSocket,
} from 'home-assistant-js-websocket';
import { WebSocket } from 'ws';

/** The library's auth phase over `ws`: send the token on open, resolve on `auth_ok`, ask for coalescing. */
export function createSocket(options: ConnectionOptions): Promise<HaWebSocket> {
  const auth = options.auth;
  if (!auth) return Promise.reject(ERR_CANNOT_CONNECT);
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(auth.wsUrl);
    let invalidAuth = false;
    const onOpen = () => socket.send(JSON.stringify({ type: 'auth', access_token: auth.accessToken }));
    const onMessage = (event: { data: unknown }) => {
      const message = JSON.parse(String(event.data)) as { type: string; ha_version?: string };
      if (message.type === 'auth_invalid') {
        invalidAuth = true;
        socket.close();
      } else if (message.type === 'auth_ok') {
        socket.removeEventListener('open', onOpen);
        socket.removeEventListener('message', onMessage);
        socket.removeEventListener('close', onClose);
        socket.removeEventListener('error', onClose);
        const haSocket = socket as unknown as HaWebSocket;
        haSocket.haVersion = message.ha_version ?? '';
        socket.send(
          JSON.stringify({ type: 'supported_features', id: 1, features: { coalesce_messages: 1 } }),
        );
        resolve(haSocket);
      }
    };
    const onClose = () => reject(invalidAuth ? ERR_INVALID_AUTH : ERR_CANNOT_CONNECT);
    socket.addEventListener('open', onOpen);
    socket.addEventListener('message', onMessage);
    socket.addEventListener('close', onClose);
    socket.addEventListener('error', onClose);
  });
}

/** A connection of the real client to the hub at `url` (`http://127.0.0.1:port`). */
export function connectClient(url: string, token: string) {
  return createConnection({ auth: createLongLivedTokenAuth(url, token), createSocket });
}

export interface RawMessage {
  readonly id?: number | null;
  readonly type: string;
  readonly success?: boolean;
  readonly result?: unknown;
  readonly error?: { code: string; message: string };
  readonly event?: unknown;
  readonly ha_version?: string;
  readonly message?: string;
}

/** A protocol-level client: sends what a test says, records every message (arrays unpacked). */
export interface RawClient {
  readonly ws: WebSocket;
  readonly messages: RawMessage[];
  /** Close code and reason, once closed. */
  readonly closed: Promise<{ code: number; reason: string }>;
  send(message: unknown): void;
  /** The first message from index `from` on satisfying `predicate`. */
  next(predicate: (message: RawMessage) => boolean, from?: number, timeoutMs?: number): Promise<RawMessage>;
  /** Send `{ id, ...command }` and resolve with the result (or pong) of that id. */
  command(id: number, command: Record<string, unknown>): Promise<RawMessage>;
  close(): void;
}

export async function openRawClient(url: string, token?: string): Promise<RawClient> {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/api/websocket`);
  const messages: RawMessage[] = [];
  const waiters = new Set<() => void>();
  ws.on('message', (data) => {
    const parsed = JSON.parse(String(data)) as RawMessage | RawMessage[];
    messages.push(...(Array.isArray(parsed) ? parsed : [parsed]));
    for (const wake of waiters) wake();
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: String(reason) })),
  );
  const client: RawClient = {
    ws,
    messages,
    closed,
    send: (message) => ws.send(typeof message === 'string' ? message : JSON.stringify(message)),
    next(predicate, from = 0, timeoutMs = 5_000) {
      let index = from;
      return new Promise((resolve, reject) => {
        const check = () => {
          for (; index < messages.length; index++) {
            if (predicate(messages[index]!)) {
              cleanup();
              resolve(messages[index]!);
              return;
            }
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(
            new Error(`no matching message within ${timeoutMs} ms: ${JSON.stringify(messages.slice(from))}`),
          );
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    command(id, command) {
      const from = messages.length;
      client.send({ id, ...command });
      return client.next((m) => m.id === id && (m.type === 'result' || m.type === 'pong'), from);
    },
    close: () => ws.terminate(),
  };
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  if (token !== undefined) {
    client.send({ type: 'auth', access_token: token });
    await client.next((m) => m.type === 'auth_ok');
  }
  return client;
}
