/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The hub's local API as the page uses it: JSON fetches and the live WebSocket,
 * both carrying the page's `?token=` when it has one, and a reconnect with
 * capped, jittered backoff when the socket drops.
 */
import type { EventsResponse, MachinesResponse, StatusResponse, WsMessage } from '../../api/contract.js';

export class HubRequestError extends Error {
  constructor(
    readonly path: string,
    readonly status: number,
    message: string,
  ) {
    super(`${path}: ${message}`);
    this.name = 'HubRequestError';
  }
}

export class HubApi {
  private readonly token: string | null;

  constructor(private readonly location: Location) {
    this.token = new URLSearchParams(location.search).get('token');
  }

  machines(): Promise<MachinesResponse> {
    return this.request('/api/inspector/machines');
  }

  status(): Promise<StatusResponse> {
    return this.request('/api/status');
  }

  /** The latest `limit` events, oldest first; with `actorId`, that actor's (and its children's). */
  events(limit: number, actorId?: string): Promise<EventsResponse> {
    const actor = actorId === undefined ? '' : `&actor=${encodeURIComponent(actorId)}`;
    return this.request(`/api/inspector/events?limit=${limit}${actor}`);
  }

  /** `POST /api/demo/crash` or `/api/demo/hang` for one group. */
  fault(kind: 'crash' | 'hang', group: string): Promise<unknown> {
    return this.request(`/api/demo/${kind}`, { method: 'POST', body: JSON.stringify({ group }) });
  }

  socketUrl(): string {
    const scheme = this.location.protocol === 'https:' ? 'wss:' : 'ws:';
    const query = this.token ? `?token=${encodeURIComponent(this.token)}` : '';
    return `${scheme}//${this.location.host}/api/ws${query}`;
  }

  private async request<T>(path: string, init: RequestInit = {}): Promise<T> {
    const headers = new Headers(init.headers);
    if (this.token) headers.set('Authorization', `Bearer ${this.token}`);
    if (init.body !== undefined) headers.set('Content-Type', 'application/json');
    const response = await fetch(path, { ...init, headers });
    const text = await response.text();
    const body: unknown = text ? JSON.parse(text) : undefined;
    if (!response.ok) {
      const error = (body as { error?: { message?: string } } | undefined)?.error;
      throw new HubRequestError(path, response.status, error?.message ?? `HTTP ${response.status}`);
    }
    return body as T;
  }
}

export type ConnectionState =
  | { readonly phase: 'connecting' }
  | { readonly phase: 'live' }
  | { readonly phase: 'disconnected'; readonly retryAt: number };

export interface LiveHandlers {
  readonly message: (message: WsMessage) => void;
  readonly state: (state: ConnectionState) => void;
}

const RETRY_FIRST_MS = 500;
const RETRY_MAX_MS = 10_000;

/** The `/api/ws` stream; reconnects until `close()`. */
export class LiveConnection {
  private socket: WebSocket | null = null;
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;

  constructor(
    private readonly url: string,
    private readonly handlers: LiveHandlers,
  ) {}

  open(): void {
    this.closed = false;
    this.connect();
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.socket?.close();
  }

  /** Skips the wait of a pending reconnect. */
  retryNow(): void {
    if (this.socket || this.closed) return;
    if (this.timer) clearTimeout(this.timer);
    this.connect();
  }

  private connect(): void {
    this.timer = null;
    this.handlers.state({ phase: 'connecting' });
    const socket = new WebSocket(this.url);
    this.socket = socket;
    socket.addEventListener('open', () => {
      this.attempt = 0;
      this.handlers.state({ phase: 'live' });
    });
    socket.addEventListener('message', (ev) => {
      const message = parseMessage(ev.data);
      if (message) this.handlers.message(message);
    });
    socket.addEventListener('close', () => {
      if (this.socket !== socket) return;
      this.socket = null;
      if (!this.closed) this.scheduleRetry();
    });
  }

  private scheduleRetry(): void {
    const base = Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** this.attempt++);
    const delay = base / 2 + Math.random() * (base / 2);
    this.handlers.state({ phase: 'disconnected', retryAt: Date.now() + delay });
    this.timer = setTimeout(() => this.connect(), delay);
  }
}

/** A frame the page understands, or nothing: a bad frame is dropped, never thrown. */
function parseMessage(data: unknown): WsMessage | undefined {
  if (typeof data !== 'string') return undefined;
  try {
    const message = JSON.parse(data) as { type?: unknown };
    const known = ['hello', 'actor', 'event', 'removed', 'status'];
    return typeof message.type === 'string' && known.includes(message.type)
      ? (message as WsMessage)
      : undefined;
  } catch {
    return undefined;
  }
}
