/**
 * One client of the Home Assistant WebSocket API. Auth phase first
 * (`auth_required` -> `auth` -> `auth_ok` or `auth_invalid` and close), then
 * commands: each with an increasing integer `id`, answered by a `result` (or a
 * `pong`). A bad message gets an error result and changes nothing else; the
 * connection and its subscriptions stay.
 *
 * Events go through one outbox, flushed once per turn of the event loop (as a
 * JSON array when the client asked for coalescing); a command's answer skips it
 * only when nothing waits there. Never more than `maxBufferedBytes` is queued for
 * a client that is not reading.
 */
import type { RawData, WebSocket } from 'ws';
import type { Hub } from '../../host/hub.js';
import { isPlainObject } from '../../host/snapshot.js';
import type { Logger } from '../../logger.js';
import { type CommandSession, commands, describeParamsError } from './commands.js';
import { type EntityFeed, entityFeedOf } from './entity-feed.js';
import { HaCommandError, type HaErrorCode, haErrorOf } from './errors.js';
import { JsonLimitError, parseBoundedJson } from './json-limits.js';
import { AUTH_FAILED_CLOSE_CODE, type HaApiLimits, SLOW_CLIENT_CLOSE_CODE } from './limits.js';
import { HA_PROTOCOL_VERSION } from './shapes.js';
import type { Subscription } from './subscriptions.js';

export interface HaConnectionOptions {
  readonly hub: Hub;
  readonly limits: HaApiLimits;
  /** True when `token` may use the API. */
  readonly checkToken: (token: string) => boolean;
  readonly version: string;
  readonly logger: Logger;
}

/** How long a dropped client gets to take its close frame before the socket is destroyed. */
const CLOSE_GRACE_MS = 1_000;
/** How soon held entity changes are offered again to a client that had too much queued. */
const ENTITY_RETRY_MS = 5;

export class HaConnection {
  readonly #ws: WebSocket;
  readonly #options: HaConnectionOptions;
  #authenticated = false;
  #lastId = 0;
  #coalesce = false;
  #closed = false;
  readonly #subscriptions = new Map<number, Subscription>();
  #outbox: string[] = [];
  #outboxBytes = 0;
  #flushScheduled = false;
  #entityRetry: NodeJS.Timeout | undefined;
  #lastEntityFlushAt = -Infinity;
  readonly #feed: EntityFeed;
  readonly #authTimer: NodeJS.Timeout;

  constructor(ws: WebSocket, options: HaConnectionOptions) {
    this.#ws = ws;
    this.#options = options;
    this.#feed = entityFeedOf(options.hub.bus);
    ws.on('message', (data, isBinary) => this.#receive(data, isBinary));
    ws.on('close', () => this.#dispose());
    ws.on('error', () => this.#dispose());
    this.#authTimer = setTimeout(
      () => this.#refuse('Authentication timed out.'),
      options.limits.authTimeoutMs,
    ).unref();
    this.#send({ type: 'auth_required', ha_version: HA_PROTOCOL_VERSION });
  }

  #receive(data: RawData, isBinary: boolean): void {
    if (this.#closed) return;
    const text = isBinary ? '' : rawText(data);
    let message: unknown;
    try {
      if (isBinary)
        throw new JsonLimitError('invalid_json', 'binary messages are not accepted; send JSON text');
      message = parseBoundedJson(text, this.#options.limits);
    } catch (error) {
      if (this.#authenticated) this.#sendError(null, 'invalid_format', (error as Error).message);
      else this.#refuse(`Auth message incorrectly formatted: ${(error as Error).message}`);
      return;
    }
    if (!this.#authenticated) {
      this.#authenticate(message);
      return;
    }
    this.#command(message);
  }

  #authenticate(message: unknown): void {
    if (!isPlainObject(message) || message.type !== 'auth' || typeof message.access_token !== 'string') {
      this.#refuse('Auth message incorrectly formatted: expected { type: "auth", access_token }.');
      return;
    }
    if (!this.#options.checkToken(message.access_token)) {
      this.#refuse('Invalid access token or password');
      return;
    }
    clearTimeout(this.#authTimer);
    this.#authenticated = true;
    this.#send({ type: 'auth_ok', ha_version: HA_PROTOCOL_VERSION });
  }

  /** `auth_invalid` with `reason`, then close: a client that failed auth gets nothing else. */
  #refuse(reason: string): void {
    if (this.#closed || this.#authenticated) return;
    this.#send({ type: 'auth_invalid', message: reason });
    this.#flush();
    this.#close(AUTH_FAILED_CLOSE_CODE, 'authentication failed');
  }

  #command(message: unknown): void {
    if (!isPlainObject(message)) {
      this.#sendError(null, 'invalid_format', 'Message incorrectly formatted: expected a JSON object.');
      return;
    }
    const { id, type } = message;
    if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 1) {
      this.#sendError(
        typeof id === 'number' ? id : null,
        'invalid_format',
        'Message incorrectly formatted: "id" must be a positive integer.',
      );
      return;
    }
    if (typeof type !== 'string') {
      this.#sendError(id, 'invalid_format', 'Message incorrectly formatted: "type" must be a string.');
      return;
    }
    // Why: ids tie results and events to commands; a reused id would mix up two subscriptions' messages.
    if (id <= this.#lastId) {
      this.#sendError(id, 'id_reuse', 'Identifier values have to increase.');
      return;
    }
    this.#lastId = id;
    if (type === 'ping') {
      this.#reply({ id, type: 'pong' });
      return;
    }
    const handler = commands[type];
    if (!handler) {
      this.#sendError(id, 'unknown_command', `Unknown command: ${type}.`);
      return;
    }
    const params = handler.params.safeParse(message);
    if (!params.success) {
      this.#sendError(
        id,
        'invalid_format',
        `Invalid parameters for ${type}: ${describeParamsError(params.error)}`,
      );
      return;
    }
    let outcome: unknown;
    try {
      outcome = handler.run(params.data, this.#session(id));
    } catch (error) {
      this.#fail(id, type, error);
      return;
    }
    if (outcome instanceof Promise) {
      outcome.then(
        (result) => this.#reply({ id, type: 'result', success: true, result: result ?? null }),
        (error) => this.#fail(id, type, error),
      );
    } else {
      this.#reply({ id, type: 'result', success: true, result: outcome ?? null });
    }
  }

  #fail(id: number, type: string, error: unknown): void {
    const { code, message } = haErrorOf(error);
    if (code === 'unknown_error') this.#options.logger('error', `HA API command ${type} failed: ${message}`);
    this.#sendError(id, code, message);
  }

  #session(id: number): CommandSession {
    return {
      hub: this.#options.hub,
      version: this.#options.version,
      id,
      subscribe: (open) => {
        const limit = this.#options.limits.maxSubscriptionsPerConnection;
        if (this.#subscriptions.size >= limit) {
          throw new HaCommandError(
            'not_allowed',
            `at most ${limit} subscriptions per connection; unsubscribe first`,
          );
        }
        const prefix = `{"id":${id},"type":"event","event":`;
        this.#subscriptions.set(
          id,
          open(
            (eventJson) => this.#enqueue(`${prefix}${eventJson}}`),
            () => this.#scheduleFlush(),
          ),
        );
        // An entity subscription's first take (every current state) comes after the result.
        this.#scheduleFlush();
      },
      unsubscribe: (subscriptionId) => {
        const subscription = this.#subscriptions.get(subscriptionId);
        if (!subscription) return false;
        subscription.stop();
        this.#subscriptions.delete(subscriptionId);
        return true;
      },
      enableCoalescing: () => {
        this.#coalesce = true;
      },
    };
  }

  #sendError(id: number | null, code: HaErrorCode, message: string): void {
    this.#reply({ id, type: 'result', success: false, error: { code, message } });
  }

  #send(message: object): void {
    this.#enqueue(JSON.stringify(message));
  }

  /** A command's answer: at once when nothing waits in the outbox ahead of it, else in order after it. */
  #reply(message: object): void {
    const text = JSON.stringify(message);
    if (this.#closed) return;
    const idle = this.#outbox.length === 0 && !this.#flushScheduled;
    if (idle && this.#ws.bufferedAmount + text.length <= this.#options.limits.maxBufferedBytes) {
      this.#ws.send(text);
      return;
    }
    this.#enqueue(text);
  }

  #enqueue(text: string): void {
    if (this.#closed) return;
    this.#outbox.push(text);
    this.#outboxBytes += text.length;
    if (this.#overBound()) return;
    this.#scheduleFlush();
  }

  /** Why: a client that stops reading would otherwise make the hub buffer for it without end. */
  #overBound(): boolean {
    const queued = this.#ws.bufferedAmount + this.#outboxBytes;
    if (queued <= this.#options.limits.maxBufferedBytes) return false;
    this.#options.logger(
      'warn',
      `HA API client dropped: ${queued} bytes queued for it, the limit is ${this.#options.limits.maxBufferedBytes}`,
    );
    this.#close(SLOW_CLIENT_CLOSE_CODE, 'client too slow to keep up');
    return true;
  }

  #scheduleFlush(): void {
    if (this.#flushScheduled || this.#closed) return;
    this.#flushScheduled = true;
    setImmediate(() => this.#flush());
  }

  #flush(): void {
    this.#flushScheduled = false;
    if (this.#closed) return;
    const tookAt = this.#takeEntityChanges();
    if (this.#outbox.length === 0 || this.#overBound()) return;
    const outbox = this.#outbox;
    this.#outbox = [];
    this.#outboxBytes = 0;
    if (this.#coalesce && outbox.length > 1) this.#ws.send(`[${outbox.join(',')}]`);
    else for (const text of outbox) this.#ws.send(text);
    if (tookAt !== undefined) {
      const now = performance.now();
      this.#feed.recordFlushCost(now - tookAt, now, this.#slotMs());
    }
  }

  #slotMs(): number {
    const { entityBatchMs, entityFlushMaxPercent } = this.#options.limits;
    return this.#feed.slotMs(entityBatchMs, entityFlushMaxPercent);
  }

  /**
   * Entity changes go out at most once per slot of the wall clock (`entityBatchMs`, longer
   * when sending them is taking more than `entityFlushMaxPercent` of the hub's time; the
   * first change after a quiet spell at once), and not while the client has too much
   * queued; meanwhile they fold. Slots are the same for every connection, so connections
   * flushing together send the same diffs, serialised once. Returns when it began, when
   * it took any.
   */
  #takeEntityChanges(): number | undefined {
    if (this.#subscriptions.size === 0) return undefined;
    const started = performance.now();
    const now = Date.now();
    const slotMs = this.#slotMs();
    if (this.#ws.bufferedAmount > this.#options.limits.entityFlushBufferedBytes) {
      this.#retryEntities(ENTITY_RETRY_MS);
      return undefined;
    }
    const slot = Math.floor(now / slotMs);
    if (slot === Math.floor(this.#lastEntityFlushAt / slotMs)) {
      this.#retryEntities((slot + 1) * slotMs - now);
      return undefined;
    }
    let sent = false;
    for (const [id, subscription] of this.#subscriptions) {
      const json = subscription.take?.();
      if (json === undefined) continue;
      const text = `{"id":${id},"type":"event","event":${json}}`;
      this.#outbox.push(text);
      this.#outboxBytes += text.length;
      sent = true;
    }
    if (!sent) return undefined;
    this.#lastEntityFlushAt = now;
    return started;
  }

  #retryEntities(ms: number): void {
    if (this.#entityRetry !== undefined) return;
    this.#entityRetry = setTimeout(() => {
      this.#entityRetry = undefined;
      this.#scheduleFlush();
    }, ms);
  }

  #close(code: number, reason: string): void {
    if (this.#closed) return;
    this.#dispose();
    this.#ws.close(code, reason);
    setTimeout(() => this.#ws.terminate(), CLOSE_GRACE_MS).unref();
  }

  #dispose(): void {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#authTimer);
    clearTimeout(this.#entityRetry);
    for (const subscription of this.#subscriptions.values()) subscription.stop();
    this.#subscriptions.clear();
    this.#outbox = [];
    this.#outboxBytes = 0;
  }
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}
