/**
 * The context cache at its bounds: the longest id it keeps, a count of zero, the
 * default count, expired contexts swept on every insert, and a TTL of its own.
 */
import { describe, expect, it } from 'vitest';
import { ContextCache } from '../../src/bridge/context-cache.js';
import { createContext } from '../../src/host/context.js';
import { ManualClock } from '../host/support.js';

describe('the context cache at its bounds', () => {
  it('keeps an unknown id of exactly 64 characters and not one of 65', () => {
    const cache = new ContextCache({}, new ManualClock());
    const kept = cache.resolve('x'.repeat(64));
    expect(cache.resolve('x'.repeat(64))).toBe(kept);
    const dropped = cache.resolve('y'.repeat(65));
    expect(cache.resolve('y'.repeat(65))).not.toBe(dropped);
    expect(cache.size).toBe(1);
  });

  it('keeps an unknown id only until its TTL, then answers with another fresh context', () => {
    const clock = new ManualClock();
    const cache = new ContextCache({ contextTtlMs: 1_000 }, clock);
    const first = cache.resolve('sandbox-id');
    clock.advance(999);
    expect(cache.resolve('sandbox-id')).toBe(first);
    clock.advance(1);
    expect(cache.resolve('sandbox-id')).not.toBe(first);
  });

  it('a remembered context lives for the configured TTL, not the default one', () => {
    const clock = new ManualClock();
    const cache = new ContextCache({ contextTtlMs: 1_000 }, clock);
    const context = createContext({}, clock);
    cache.remember(context);
    clock.advance(999);
    expect(cache.resolve(context.id)).toBe(context);
    clock.advance(1);
    expect(cache.resolve(context.id)).not.toBe(context);
  });

  it('a count of zero still keeps the latest context', () => {
    const clock = new ManualClock();
    const cache = new ContextCache({ contextCacheMax: 0 }, clock);
    const a = createContext({}, clock);
    const b = createContext({}, clock);
    cache.remember(a);
    cache.remember(b);
    expect(cache.size).toBe(1);
    expect(cache.resolve(b.id)).toBe(b);
  });

  it('keeps up to 10 000 contexts by default, evicting the oldest past that', () => {
    const clock = new ManualClock();
    const cache = new ContextCache({}, clock);
    const first = createContext({}, clock);
    cache.remember(first);
    for (let i = 1; i < 10_000; i++) cache.resolve(`id-${i}`);
    expect(cache.size).toBe(10_000);
    expect(cache.resolve(first.id)).toBe(first);
    // That resolve kept nothing new; one more id pushes the first out.
    cache.resolve('one-more');
    expect(cache.size).toBe(10_000);
    expect(cache.resolve(first.id)).not.toBe(first);
  });

  it('sweeps expired contexts on the next insert, so they do not count against the limit', () => {
    const clock = new ManualClock();
    const cache = new ContextCache({ contextTtlMs: 1_000, contextCacheMax: 10 }, clock);
    for (let i = 0; i < 5; i++) cache.resolve(`old-${i}`);
    clock.advance(1_000);
    cache.resolve('new');
    expect(cache.size).toBe(1);
  });

  it('remembering a kept context again renews its TTL', () => {
    const clock = new ManualClock();
    const cache = new ContextCache({ contextTtlMs: 1_000, contextCacheMax: 10 }, clock);
    const context = createContext({}, clock);
    cache.remember(context);
    clock.advance(600);
    cache.remember(context);
    clock.advance(600);
    expect(cache.resolve(context.id)).toBe(context);
  });

  it('a renewed context moves behind the others, so a younger one is evicted before it is', () => {
    const clock = new ManualClock();
    const cache = new ContextCache({ contextCacheMax: 2 }, clock);
    const a = createContext({}, clock);
    const b = createContext({}, clock);
    const c = createContext({}, clock);
    cache.remember(a);
    cache.remember(b);
    cache.remember(a);
    cache.remember(c);
    expect(cache.resolve(a.id)).toBe(a);
    expect(cache.resolve(c.id)).toBe(c);
    expect(cache.size).toBe(2);
  });
});
