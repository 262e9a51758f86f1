import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { decodeJson, encodeJson, MAX_JSON_DEPTH, TOO_DEEP, toJsonSafe } from '../../src/wire/json.js';
import { prop } from '../support/property.js';

const roundTrip = (value: unknown) => decodeJson(encodeJson(value));

/** `value` with every -0 read as 0, which is all JSON can say of it; keys (even `__proto__`) are copied as data. */
function withoutNegativeZero(value: unknown): unknown {
  if (Object.is(value, -0)) return 0;
  if (Array.isArray(value)) return value.map(withoutNegativeZero);
  if (value === null || typeof value !== 'object') return value;
  const out = {};
  for (const [key, item] of Object.entries(value)) {
    Object.defineProperty(out, key, {
      value: withoutNegativeZero(item),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

describe('toJsonSafe', () => {
  test('a Set becomes an array of its members in insertion order', () => {
    expect(toJsonSafe(new Set(['b', 'a', 3]))).toEqual(['b', 'a', 3]);
  });

  test('a Map becomes an object keyed by its keys as strings', () => {
    expect(
      toJsonSafe(
        new Map<unknown, unknown>([
          ['a', 1],
          [2, 'two'],
          [true, null],
        ]),
      ),
    ).toEqual({
      a: 1,
      '2': 'two',
      true: null,
    });
  });

  test('a Date becomes its ISO string, an invalid Date a readable string', () => {
    expect(toJsonSafe(new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 6)))).toBe('2024-01-02T03:04:05.006Z');
    expect(toJsonSafe(new Date(Number.NaN))).toBe('Invalid Date');
  });

  test('a BigInt becomes its decimal string, beyond 2^53 without loss', () => {
    expect(toJsonSafe(2n ** 64n + 1n)).toBe('18446744073709551617');
    expect(toJsonSafe({ n: -5n })).toEqual({ n: '-5' });
  });

  test('undefined is dropped from objects and Maps and becomes null in arrays', () => {
    expect(toJsonSafe({ a: undefined, b: 1 })).toEqual({ b: 1 });
    expect(Object.keys(toJsonSafe({ a: undefined }) as object)).toEqual([]);
    expect(toJsonSafe(new Map([['a', undefined]]))).toEqual({});
    expect(toJsonSafe([undefined, 1])).toEqual([null, 1]);
    expect(toJsonSafe(undefined)).toBeUndefined();
  });

  test('a cycle becomes a string instead of throwing', () => {
    const node: Record<string, unknown> = { name: 'a' };
    node.self = node;
    node.list = [node];
    expect(toJsonSafe(node)).toEqual({ name: 'a', self: '[Circular]', list: ['[Circular]'] });
  });

  test('a value nested deeper than MAX_JSON_DEPTH becomes [nested too deep] at that depth, not a stack overflow', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 200_000; i++) deep = [deep];
    let level = toJsonSafe(deep);
    let depth = 0;
    while (Array.isArray(level)) {
      level = level[0]!;
      depth++;
    }
    expect(level).toBe(TOO_DEEP);
    expect(depth).toBe(MAX_JSON_DEPTH);
    expect(toJsonSafe([[['leaf']]])).toEqual([[['leaf']]]);
  });

  test('a value shared by two branches is not mistaken for a cycle', () => {
    const shared = { x: 1 };
    expect(toJsonSafe({ a: shared, b: [shared, shared] })).toEqual({ a: { x: 1 }, b: [{ x: 1 }, { x: 1 }] });
  });

  test('a throwing getter degrades its object to a string and leaves its siblings intact', () => {
    const value = {
      ok: 1,
      bad: {
        get boom(): never {
          throw new Error('sensor offline');
        },
      },
    };
    expect(toJsonSafe(value)).toEqual({ ok: 1, bad: '[unserializable: sensor offline]' });
  });

  test('a throwing toJSON degrades to a string', () => {
    const value = {
      toJSON(): never {
        throw new Error('no json today');
      },
    };
    expect(toJsonSafe({ v: value })).toEqual({ v: '[unserializable: no json today]' });
  });

  test('toJSON is honoured, and a toJSON returning its own object is a cycle, not a loop', () => {
    expect(toJsonSafe({ toJSON: () => ({ shown: true }) })).toEqual({ shown: true });
    const selfish = {
      toJSON() {
        return this;
      },
    };
    expect(toJsonSafe(selfish)).toBe('[Circular]');
  });

  test('NaN and the infinities become strings', () => {
    expect(toJsonSafe([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])).toEqual([
      'NaN',
      'Infinity',
      '-Infinity',
    ]);
  });

  test('functions, symbols and errors become readable strings', () => {
    expect(typeof toJsonSafe(() => 1)).toBe('string');
    expect(toJsonSafe(Symbol('s'))).toBe('Symbol(s)');
    expect(toJsonSafe(new TypeError('bad'))).toBe('TypeError: bad');
  });

  test('typed arrays become arrays of numbers', () => {
    expect(toJsonSafe(new Uint8Array([1, 255]))).toEqual([1, 255]);
    expect(toJsonSafe(new Float64Array([0.5]))).toEqual([0.5]);
  });

  test('a key named __proto__ is kept as data, not taken as the prototype', () => {
    // Attribute dicts come from devices and users; a key must never vanish or reshape the object.
    const value = JSON.parse('{"__proto__": {"polluted": 1}, "a": 2}');
    const safe = toJsonSafe(value) as Record<string, unknown>;
    expect(Object.getPrototypeOf(safe)).toBe(Object.prototype);
    expect(JSON.parse(JSON.stringify(safe))).toEqual(value);
    expect(toJsonSafe(new Map([['__proto__', 1]]))).toEqual(JSON.parse('{"__proto__": 1}'));
  });

  test('a revoked proxy degrades to a string in its own place, never throwing', () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    expect(() => encodeJson(proxy)).not.toThrow();
    expect(toJsonSafe({ ok: 1, attrs: proxy })).toEqual({ ok: 1, attrs: expect.any(String) });
  });

  test('a getter throwing a value with no string form degrades instead of throwing', () => {
    const value = {
      get boom(): never {
        throw Object.create(null);
      },
    };
    expect(() => encodeJson(value)).not.toThrow();
    expect(toJsonSafe({ ok: 1, attrs: value })).toEqual({ ok: 1, attrs: expect.any(String) });
  });
});

describe('encodeJson / decodeJson', () => {
  test('undefined encodes as no bytes, and no bytes decode as undefined', () => {
    expect(encodeJson(undefined).length).toBe(0);
    expect(decodeJson(new Uint8Array(0))).toBeUndefined();
    expect(decodeJson(null)).toBeUndefined();
    expect(decodeJson(undefined)).toBeUndefined();
  });

  test('null is a value: it encodes as bytes and decodes as null', () => {
    expect(encodeJson(null).length).toBeGreaterThan(0);
    expect(roundTrip(null)).toBeNull();
  });

  test('ints and floats keep their values: 1, 1.5, 2^53 - 1, 0.1 + 0.2, 5e-324', () => {
    for (const n of [
      1,
      1.5,
      Number.MAX_SAFE_INTEGER,
      -Number.MAX_SAFE_INTEGER,
      0.1 + 0.2,
      5e-324,
      1.7976931348623157e308,
    ]) {
      expect(roundTrip(n)).toBe(n);
    }
  });

  test('bad JSON bytes throw a SyntaxError', () => {
    expect(() => decodeJson(new TextEncoder().encode('{'))).toThrow(SyntaxError);
  });

  prop([fc.jsonValue()], { numRuns: 300, examples: [[JSON.parse('{"__proto__": {"a": 1}}')]] })(
    'for any JSON value v, decode(encode(v)) deep-equals v (with -0 read as 0)',
    (value) => {
      expect(roundTrip(value)).toStrictEqual(withoutNegativeZero(value));
    },
  );

  prop([fc.oneof(fc.integer(), fc.maxSafeInteger(), fc.double({ noNaN: true, noDefaultInfinity: true }))], {
    numRuns: 300,
  })('for any finite number n, decode(encode(n)) is n exactly', (n) => {
    expect(roundTrip(n)).toBe(n === 0 ? 0 : n);
  });

  prop(
    [fc.anything({ withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true })],
    {
      numRuns: 300,
    },
  )('for any JavaScript value, encodeJson never throws and its bytes are valid JSON', (value) => {
    const bytes = encodeJson(value);
    if (bytes.length > 0) expect(() => JSON.parse(new TextDecoder().decode(bytes))).not.toThrow();
  });
});
