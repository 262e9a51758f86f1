import { describe, expect, test } from 'vitest';
import { compactDiff, compactState } from '../../../src/api/ha/compact-states.js';
import { checkDepth, findTooDeep, parseBoundedJson } from '../../../src/api/ha/json-limits.js';
import type { State } from '../../../src/host/types.js';

const context = { id: 'C1', parentId: null, userId: null };
const base: State = {
  entityId: 'sensor.x',
  state: 'on',
  attributes: { a: 1, b: [1, 2] },
  lastChanged: 1_000,
  lastUpdated: 1_000,
  context,
};

describe('compact states', () => {
  test('a state leaves out lu when it equals lc, and a plain context is its id', () => {
    expect(compactState(base)).toEqual({ s: 'on', a: { a: 1, b: [1, 2] }, c: 'C1', lc: 1 });
    expect(compactState({ ...base, lastUpdated: 2_500 })).toMatchObject({ lc: 1, lu: 2.5 });
  });

  test('a context with a parent or a user is sent whole', () => {
    const child = { id: 'C2', parentId: 'C1', userId: null };
    expect(compactState({ ...base, context: child }).c).toEqual({ id: 'C2', parent_id: 'C1', user_id: null });
  });

  test('a diff carries only what changed: attributes compared by value, removed ones by name', () => {
    const next: State = {
      ...base,
      attributes: { a: 1, b: [1, 3], c: true },
      lastUpdated: 2_000,
      context: { ...context, id: 'C3' },
    };
    expect(compactDiff(base, next)).toEqual({ '+': { lu: 2, c: 'C3', a: { b: [1, 3], c: true } } });
    const fewer: State = {
      ...next,
      attributes: { c: true },
      state: 'off',
      lastChanged: 3_000,
      lastUpdated: 3_000,
    };
    expect(compactDiff(next, fewer)).toEqual({ '+': { s: 'off', lc: 3 }, '-': { a: ['a', 'b'] } });
  });

  test('a diff of contexts gains a parent field when the parent changes', () => {
    const next: State = { ...base, lastUpdated: 2_000, context: { id: 'C4', parentId: 'P', userId: null } };
    expect(compactDiff(base, next)['+']?.c).toEqual({ id: 'C4', parent_id: 'P' });
  });
});

describe('JSON bounds', () => {
  test('the depth check walks 100,000 levels without overflowing the stack', () => {
    let deep: unknown = 0;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(findTooDeep(deep, 32)).toMatch(/^0\.0\.0/);
    expect(() => checkDepth(deep, 32)).toThrow(/deeper than 32 levels/);
  });

  test('a document exactly maxDepth deep passes; one level more names its path', () => {
    expect(findTooDeep({ a: { b: {} } }, 3)).toBeUndefined();
    expect(findTooDeep({ a: { b: { c: {} } } }, 3)).toBe('a.b.c');
  });

  test('size is checked before parsing, in bytes', () => {
    expect(() =>
      parseBoundedJson(JSON.stringify('é'.repeat(10)), { maxMessageBytes: 20, maxJsonDepth: 4 }),
    ).toThrow(/22 bytes; the limit is 20 bytes/);
  });
});
