import { describe, expect, test } from 'vitest';
import { memoryPersisted } from '../../src/host/persisted.js';
import { firstFree, slugify } from '../../src/host/slug.js';
import { deepEqual, snapshot } from '../../src/host/snapshot.js';

describe('snapshot and deepEqual', () => {
  test('a snapshot is a deep-frozen copy; class instances are kept by reference', () => {
    const date = new Date(0);
    const input = { list: [{ a: 1 }], map: new Map([['k', { v: 1 }]]), date };
    const copy = snapshot(input);
    expect(copy).toEqual(input);
    expect(copy.list).not.toBe(input.list);
    expect(Object.isFrozen(copy.list[0])).toBe(true);
    expect(Object.isFrozen(input.list[0])).toBe(false);
    expect(copy.date).toBe(date);
  });

  test('a "__proto__" key stays plain data and never changes the prototype', () => {
    const input = JSON.parse('{"__proto__": {"polluted": true}}') as Record<string, unknown>;
    const copy = snapshot(input);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.keys(copy)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test('deepEqual ignores key order and compares dates, maps and NaN by value', () => {
    expect(deepEqual({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 })).toBe(true);
    expect(deepEqual({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(deepEqual([1, 2], [2, 1])).toBe(false);
    expect(deepEqual(new Date(5), new Date(5))).toBe(true);
    expect(deepEqual(new Map([['a', [1]]]), new Map([['a', [1]]]))).toBe(true);
    expect(deepEqual(Number.NaN, Number.NaN)).toBe(true);
    expect(deepEqual({ a: 1 }, [1])).toBe(false);
  });
});

describe('slugs', () => {
  test('slugify lowercases, folds accents and collapses everything else into single underscores', () => {
    expect(slugify('  Héllo, Wörld!! 2 ')).toBe('hello_world_2');
    expect(slugify('__a__b__')).toBe('a_b');
    expect(slugify('日本')).toBe('');
  });

  test('firstFree counts from _2 and shortens the base, never the suffix', () => {
    const taken = new Set(['abc', 'abc_2']);
    expect(firstFree('abc', (id) => taken.has(id))).toBe('abc_3');
    expect(firstFree('abcdef', (id) => id === 'abcd', 4)).toBe('ab_2');
  });
});

describe('memoryPersisted', () => {
  test('it keeps a clone of each save, so later changes to the saved object do not leak in', async () => {
    const store = memoryPersisted<{ items: number[] }>();
    const data = { items: [1] };
    store.save(data);
    data.items.push(2);
    expect(await store.load()).toEqual({ items: [1] });
    expect(store.saves).toBe(1);
  });
});
