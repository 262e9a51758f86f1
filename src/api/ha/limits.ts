/**
 * The bounds of the Home Assistant API: one typed value with its defaults in one
 * place, read by the WebSocket connections and the REST routes. Each bound is
 * what keeps one client from taking memory or time from the hub and the others.
 */

export interface HaApiLimits {
  /** Largest WebSocket message or REST body accepted, in bytes; a larger one gets an error, not a close. */
  readonly maxMessageBytes: number;
  /** Deepest nesting of objects and arrays accepted in a message or body. */
  readonly maxJsonDepth: number;
  /** Open subscriptions (events, entities) one connection may hold. */
  readonly maxSubscriptionsPerConnection: number;
  /** WebSocket connections the hub serves at once, authenticated or not. */
  readonly maxConnections: number;
  /**
   * Bytes a connection may have queued for a client that does not read (`ws.bufferedAmount`
   * plus what waits for the next flush); past it the client is dropped with `SLOW_CLIENT_CLOSE_CODE`.
   */
  readonly maxBufferedBytes: number;
  /**
   * While more than this is queued for a client, its entity subscriptions hold their
   * changes (folding them, one per entity) instead of sending: a slow reader gets fewer,
   * bigger updates rather than a growing backlog.
   */
  readonly entityFlushBufferedBytes: number;
  /**
   * Entity subscriptions send at most once per this many ms (the first change after a
   * quiet spell at once); changes in between fold into one diff per entity.
   */
  readonly entityBatchMs: number;
  /**
   * The share of the hub's time (percent) that sending entity updates may take: when
   * sending the last slot's updates took longer, slots lengthen (up to 1 s) and more folds.
   */
  readonly entityFlushMaxPercent: number;
  /** Time a new connection has to authenticate before it is closed. */
  readonly authTimeoutMs: number;
}

export const defaultHaApiLimits: HaApiLimits = Object.freeze({
  maxMessageBytes: 1024 * 1024,
  maxJsonDepth: 32,
  maxSubscriptionsPerConnection: 256,
  maxConnections: 128,
  maxBufferedBytes: 8 * 1024 * 1024,
  entityFlushBufferedBytes: 512 * 1024,
  entityBatchMs: 50,
  entityFlushMaxPercent: 25,
  authTimeoutMs: 10_000,
});

/** Close code for a client that fell too far behind: 1013 "try again later". */
export const SLOW_CLIENT_CLOSE_CODE = 1013;
/** Close code after `auth_invalid` or a missed auth deadline: 1008 "policy violation". */
export const AUTH_FAILED_CLOSE_CODE = 1008;

/** The defaults with `overrides` applied; a bound that is not a positive integer is a configuration error. */
export function resolveHaApiLimits(overrides: Partial<HaApiLimits> = {}): HaApiLimits {
  const limits = { ...defaultHaApiLimits, ...overrides };
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new RangeError(`HA API limit ${name} must be a positive integer, got ${String(value)}`);
    }
  }
  if (limits.entityFlushMaxPercent > 100) {
    throw new RangeError(
      `HA API limit entityFlushMaxPercent is a percentage, got ${limits.entityFlushMaxPercent}`,
    );
  }
  if (limits.entityFlushBufferedBytes >= limits.maxBufferedBytes) {
    throw new RangeError(
      `HA API limit entityFlushBufferedBytes (${limits.entityFlushBufferedBytes}) must be below maxBufferedBytes (${limits.maxBufferedBytes}), or slow clients are dropped before their entity changes fold`,
    );
  }
  return Object.freeze(limits);
}
