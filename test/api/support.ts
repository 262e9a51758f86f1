/**
 * Raw HTTP and WebSocket clients for the API tests: `node:http` rather than
 * `fetch`, so a test can send any Host header and a path that is not
 * normalised (`/../package.json`).
 */
import { request as httpRequest } from 'node:http';
import { WebSocket } from 'ws';
import type { WsMessage } from '../../src/api/contract.js';

export interface RawResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  readonly json: unknown;
}

export interface RawRequest {
  readonly headers?: Record<string, string>;
  /** An object is sent as JSON with `content-type: application/json`; a string or Buffer as is. */
  readonly body?: unknown;
}

/** `method path` against the server at `base` (`http://127.0.0.1:port`). */
export function call(
  base: string,
  method: string,
  path: string,
  options: RawRequest = {},
): Promise<RawResponse> {
  const { hostname, port } = new URL(base);
  const headers: Record<string, string> = { ...options.headers };
  let payload: Buffer | undefined;
  if (typeof options.body === 'string' || Buffer.isBuffer(options.body)) {
    payload = Buffer.from(options.body);
  } else if (options.body !== undefined) {
    payload = Buffer.from(JSON.stringify(options.body));
    headers['content-type'] ??= 'application/json';
  }
  if (payload) headers['content-length'] = String(payload.length);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ hostname, port, method, path, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}

/** The `{ error: { type, message } }` of an error response (throws when the body has none). */
export function errorOf(response: RawResponse): { type: string; message: string } {
  const error = (response.json as { error?: { type: string; message: string } } | undefined)?.error;
  if (!error) throw new Error(`expected an error body, got ${response.status} ${response.text}`);
  return error;
}

/** A WebSocket client that records every JSON message it receives. */
export interface Feed {
  readonly ws: WebSocket;
  readonly messages: WsMessage[];
  /** The first message from index `from` on (received already or still to come) satisfying `predicate`. */
  next(
    predicate: (message: WsMessage) => boolean,
    options?: { from?: number; timeoutMs?: number },
  ): Promise<WsMessage>;
  close(): void;
}

export function openFeed(url: string, options: { headers?: Record<string, string> } = {}): Promise<Feed> {
  const ws = new WebSocket(url, { headers: options.headers });
  const messages: WsMessage[] = [];
  const waiters = new Set<() => void>();
  ws.on('message', (data) => {
    messages.push(JSON.parse(String(data)) as WsMessage);
    for (const wake of waiters) wake();
  });
  const feed: Feed = {
    ws,
    messages,
    next(predicate, { from: start = 0, timeoutMs = 5_000 } = {}) {
      let from = start;
      return new Promise<WsMessage>((resolve, reject) => {
        const check = () => {
          for (; from < messages.length; from++) {
            const message = messages[from]!;
            if (predicate(message)) {
              cleanup();
              resolve(message);
              return;
            }
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(
            new Error(`no matching WebSocket message within ${timeoutMs} ms (${messages.length} received)`),
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
    close: () => ws.terminate(),
  };
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(feed));
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
  });
}

/** The HTTP status with which the server refuses a WebSocket upgrade (or 101 when it accepts). */
export function upgradeStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  const ws = new WebSocket(url, { headers });
  return new Promise((resolve, reject) => {
    ws.once('open', () => {
      ws.terminate();
      resolve(101);
    });
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    // An error after `unexpected-response` (the aborted handshake) changes nothing: settled already.
    ws.once('error', reject);
  });
}
