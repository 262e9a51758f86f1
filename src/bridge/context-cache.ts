/**
 * The contexts main handed down to one sandbox group, by id. Only a context id
 * ever comes back up: a known id restores main's original context, an unknown
 * one gets a fresh main-owned context (no parent, no user) — the sandbox's id is
 * only ever a key, never a claim about who caused what.
 *
 * Bounded in time (TTL) and in count on both paths: a sandbox flooding distinct
 * unknown ids would otherwise grow the cache without limit.
 */
import { createContext } from '../host/context.js';
import type { Context, HostClock } from '../host/types.js';
import { type BridgePolicy, defaultBridgePolicy } from '../policy.js';

/** Longer than any id main mints (a ULID is 26 characters): such an id is never kept as a key. */
const MAX_CONTEXT_ID_LENGTH = 64;

interface Kept {
  readonly context: Context;
  readonly expiresAt: number;
}

export class ContextCache {
  readonly #ttlMs: number;
  readonly #max: number;
  readonly #clock: HostClock;
  /** In expiry order: every insert goes to the end with the same TTL. */
  readonly #kept = new Map<string, Kept>();

  constructor(policy: Partial<Pick<BridgePolicy, 'contextTtlMs' | 'contextCacheMax'>>, clock: HostClock) {
    this.#ttlMs = policy.contextTtlMs ?? defaultBridgePolicy.contextTtlMs;
    this.#max = Math.max(1, policy.contextCacheMax ?? defaultBridgePolicy.contextCacheMax);
    this.#clock = clock;
  }

  /** Contexts kept right now. */
  get size(): number {
    return this.#kept.size;
  }

  /** Keep a context main hands to the sandbox; its id is what goes down the wire. */
  remember(context: Context): string {
    this.#store(context.id, context);
    return context.id;
  }

  /** Main's context for an id the sandbox sent back: the original when known, else a fresh one. */
  resolve(id: string | null | undefined): Context {
    const now = this.#clock.now();
    if (id) {
      const kept = this.#kept.get(id);
      if (kept && kept.expiresAt > now) return kept.context;
    }
    const fresh = createContext({}, this.#clock);
    // Kept under the sandbox's id, so one causal chain (state change, then event) shares one context.
    if (id && id.length <= MAX_CONTEXT_ID_LENGTH) this.#store(id, fresh);
    return fresh;
  }

  /** The one way in: both paths get the same expiry sweep and count bound. */
  #store(id: string, context: Context): void {
    const now = this.#clock.now();
    this.#kept.delete(id);
    this.#kept.set(id, { context, expiresAt: now + this.#ttlMs });
    for (const [key, kept] of this.#kept) {
      if (kept.expiresAt > now && this.#kept.size <= this.#max) break;
      this.#kept.delete(key);
    }
  }
}
