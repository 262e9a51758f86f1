import { describe, expect, it } from 'vitest';
import { ContextCache } from '../../src/bridge/context-cache.js';
import { createContext } from '../../src/host/context.js';
import { ManualClock } from '../host/support.js';

describe('the context cache', () => {
  it('resolves a context it handed down to the very same context', () => {
    const clock = new ManualClock();
    const cache = new ContextCache({}, clock);
    const context = createContext({ parentId: 'parent', userId: 'user' }, clock);
    const id = cache.remember(context);
    expect(id).toBe(context.id);
    expect(cache.resolve(id)).toBe(context);
  });

  it('gives an unknown id a fresh host context with no parent and no user, the same one each time', () => {
    const clock = new ManualClock();
    const cache = new ContextCache({}, clock);
    const fresh = cache.resolve('made-up-by-the-sandbox');
    expect(fresh).toMatchObject({ parentId: null, userId: null });
    expect(fresh.id).not.toBe('made-up-by-the-sandbox');
    expect(cache.resolve('made-up-by-the-sandbox')).toBe(fresh);
    expect(cache.resolve('')).not.toBe(cache.resolve(''));
  });

  it('forgets a context after its 15-minute TTL', () => {
    const clock = new ManualClock();
    const cache = new ContextCache({}, clock);
    const context = createContext({}, clock);
    cache.remember(context);
    clock.advance(15 * 60_000 - 1);
    expect(cache.resolve(context.id)).toBe(context);
    clock.advance(1);
    expect(cache.resolve(context.id)).not.toBe(context);
  });

  it('stays within its count on the remember path, evicting the oldest', () => {
    const clock = new ManualClock();
    const cache = new ContextCache({ contextCacheMax: 3 }, clock);
    const contexts = Array.from({ length: 5 }, () => createContext({}, clock));
    for (const context of contexts) cache.remember(context);
    expect(cache.size).toBe(3);
    expect(cache.resolve(contexts[4]!.id)).toBe(contexts[4]);
    expect(cache.resolve(contexts[0]!.id)).not.toBe(contexts[0]);
  });

  it('stays within its count on the resolve path too', () => {
    const cache = new ContextCache({ contextCacheMax: 100 }, new ManualClock());
    for (let i = 0; i < 1_000; i++) cache.resolve(`unknown-${i}`);
    expect(cache.size).toBe(100);
  });

  it('never keeps an id longer than any id the host mints', () => {
    const cache = new ContextCache({}, new ManualClock());
    cache.resolve('x'.repeat(10_000));
    expect(cache.size).toBe(0);
  });
});
