/**
 * Edge cases of the JSON-safe encoder beyond json.test.ts: Map keys that are not
 * strings, values whose failure cannot even be described, the mutability of the
 * copies it returns, and `assignData`, the write path of every state.
 */
import { describe, expect, test } from 'vitest';
import { assignData, decodeJson, encodeJson, toJsonSafe } from '../../src/wire/json.js';

describe('toJsonSafe: Map keys', () => {
  test('a Map entry whose value is undefined is dropped, leaving no key behind', () => {
    const safe = toJsonSafe(
      new Map<string, unknown>([
        ['gone', undefined],
        ['kept', 1],
      ]),
    ) as Record<string, unknown>;
    expect(Object.keys(safe)).toEqual(['kept']);
    expect('gone' in safe).toBe(false);
  });

  test('a Map key that converts to a string is used as it is, unquoted', () => {
    const when = new Date(Date.UTC(2024, 5, 1));
    const safe = toJsonSafe(
      new Map<unknown, unknown>([
        [when, 'date'],
        [Symbol('s'), 'symbol'],
        [12n, 'bigint'],
        [Number.NaN, 'nan'],
      ]),
    );
    expect(safe).toStrictEqual({
      '2024-06-01T00:00:00.000Z': 'date',
      'Symbol(s)': 'symbol',
      '12': 'bigint',
      NaN: 'nan',
    });
  });

  test('a Map key that converts to an object or array is used as its JSON text', () => {
    const safe = toJsonSafe(
      new Map<unknown, unknown>([
        [{ room: 'kitchen' }, 1],
        [[1, 2], 2],
        [null, 3],
      ]),
    );
    expect(safe).toStrictEqual({ '{"room":"kitchen"}': 1, '[1,2]': 2, null: 3 });
  });

  test('string keys, a key named __proto__ included, are kept verbatim', () => {
    const safe = toJsonSafe(
      new Map<unknown, unknown>([
        ['a"b', 1],
        ['__proto__', 2],
      ]),
    ) as Record<string, unknown>;
    expect(Object.keys(safe)).toEqual(['a"b', '__proto__']);
    expect(Object.getPrototypeOf(safe)).toBe(Object.prototype);
  });
});

describe('toJsonSafe: failures that cannot be described', () => {
  test('a thrown value whose string form throws too degrades to a readable placeholder', () => {
    const unprintable = {
      toString(): never {
        throw new Error('no string either');
      },
    };
    const value = {
      ok: 1,
      attrs: {
        get boom(): never {
          throw unprintable;
        },
      },
    };
    const safe = toJsonSafe(value) as { ok: number; attrs: string };
    expect(safe.ok).toBe(1);
    expect(safe.attrs).toMatch(/^\[unserializable: .+\]$/);
    expect(safe.attrs).not.toContain('undefined');
  });

  test('a thrown non-Error keeps its own string form', () => {
    const value = {
      get boom(): never {
        throw 'sensor unplugged';
      },
    };
    expect(toJsonSafe(value)).toBe('[unserializable: sensor unplugged]');
  });
});

describe('toJsonSafe: the copy is plain data', () => {
  test('every key of a converted object or Map can be reassigned and deleted', () => {
    const fromObject = toJsonSafe({ a: 1, nested: { b: 2 } }) as Record<string, unknown>;
    const fromMap = toJsonSafe(new Map([['c', 3]])) as Record<string, unknown>;
    fromObject.a = 10;
    (fromObject.nested as Record<string, unknown>).b = 20;
    fromMap.c = 30;
    expect(fromObject).toStrictEqual({ a: 10, nested: { b: 20 } });
    expect(fromMap).toStrictEqual({ c: 30 });
    delete fromObject.a;
    delete fromMap.c;
    expect(Object.keys(fromObject)).toEqual(['nested']);
    expect(Object.keys(fromMap)).toEqual([]);
  });

  test('nested containers convert all the way down', () => {
    const safe = toJsonSafe({
      list: [new Set([1n]), new Map([['at', new Date(0)]])],
      deep: { deeper: { n: Number.POSITIVE_INFINITY, u: undefined } },
    });
    expect(safe).toStrictEqual({
      list: [['1'], { at: '1970-01-01T00:00:00.000Z' }],
      deep: { deeper: { n: 'Infinity' } },
    });
  });

  test('undefined inside a Set becomes null, like in an array', () => {
    expect(toJsonSafe(new Set([undefined, 'x']))).toStrictEqual([null, 'x']);
  });
});

describe('encodeJson', () => {
  test('a value that is dropped entirely (undefined) encodes as no bytes; a function encodes as a string', () => {
    expect(encodeJson(undefined)).toHaveLength(0);
    expect(decodeJson(encodeJson(undefined))).toBeUndefined();
    expect(typeof decodeJson(encodeJson(() => 1))).toBe('string');
  });
});

describe('assignData', () => {
  test('copies every own key of the source onto the target, overwriting and keeping the rest', () => {
    const target: Record<string, unknown> = { keep: 1, replace: 'old' };
    assignData(target, { replace: 'new', added: [1] });
    expect(target).toStrictEqual({ keep: 1, replace: 'new', added: [1] });
  });

  test('a source key named __proto__ lands as an ordinary data key, not as the prototype', () => {
    const source = JSON.parse('{"__proto__": {"polluted": true}, "a": 2}') as Record<string, unknown>;
    const target: Record<string, unknown> = {};
    assignData(target, source);
    expect(Object.getPrototypeOf(target)).toBe(Object.prototype);
    expect((target as { polluted?: unknown }).polluted).toBeUndefined();
    expect(Object.keys(target)).toEqual(['__proto__', 'a']);
    expect(Object.getOwnPropertyDescriptor(target, '__proto__')?.value).toEqual({ polluted: true });
    expect(JSON.parse(JSON.stringify(target))).toStrictEqual(source);
  });

  test('a __proto__ data key stays writable and deletable like every other key', () => {
    const target: Record<string, unknown> = {};
    assignData(target, JSON.parse('{"__proto__": 1}'));
    assignData(target, JSON.parse('{"__proto__": 2}'));
    expect(Object.getOwnPropertyDescriptor(target, '__proto__')).toEqual({
      value: 2,
      enumerable: true,
      writable: true,
      configurable: true,
    });
    expect(Reflect.deleteProperty(target, '__proto__')).toBe(true);
    expect(Object.keys(target)).toEqual([]);
    expect(Object.getPrototypeOf(target)).toBe(Object.prototype);
  });
});
