/**
 * Home Assistant's WebSocket API at `/api/websocket`: takes upgrades routed to
 * it, keeps the number of connections within `maxConnections`, and gives each
 * its own `HaConnection`. Auth happens in-band, in the auth phase, so the
 * upgrade itself needs no token.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { HaConnection, type HaConnectionOptions } from './connection.js';

export class HaWebSocketServer {
  readonly #options: HaConnectionOptions;
  readonly #wss: WebSocketServer;
  readonly #connections = new Set<HaConnection>();
  #upgrading = 0;

  constructor(options: HaConnectionOptions) {
    this.#options = options;
    // A message up to twice the bound gets an error result; past that, ws closes with 1009.
    this.#wss = new WebSocketServer({ noServer: true, maxPayload: options.limits.maxMessageBytes * 2 });
  }

  get connectionCount(): number {
    return this.#connections.size;
  }

  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    // Why: every connection holds buffers and listeners; without a bound, clients could exhaust the hub's memory.
    if (this.#connections.size + this.#upgrading >= this.#options.limits.maxConnections) {
      socket.end('HTTP/1.1 503 Service Unavailable\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
      return;
    }
    this.#upgrading++;
    let counted = true;
    const settle = () => {
      if (counted) this.#upgrading--;
      counted = false;
    };
    socket.once('close', settle);
    this.#wss.handleUpgrade(request, socket, head, (ws) => {
      settle();
      const connection = new HaConnection(ws, this.#options);
      this.#connections.add(connection);
      ws.once('close', () => this.#connections.delete(connection));
    });
  }

  close(): void {
    for (const ws of this.#wss.clients) ws.terminate();
    this.#connections.clear();
    this.#wss.close();
  }
}
