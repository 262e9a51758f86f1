import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { CorralError } from '../../src/errors.js';
import { createContext, ulid, ulidTime } from '../../src/host/context.js';
import { ManualClock } from './support.js';

const CROCKFORD_ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

describe('ulid', () => {
  test('a ulid is 26 Crockford base32 characters that encode its millisecond', () => {
    const id = ulid(1_469_918_176_385);
    expect(id).toMatch(CROCKFORD_ULID);
    expect(id.slice(0, 10)).toBe('01ARYZ6S41');
    expect(ulidTime(id)).toBe(1_469_918_176_385);
  });

  test('the random part comes from the given random source', () => {
    expect(ulid(1_000, () => 0).slice(10)).toBe('0000000000000000');
    expect(ulid(2_000, () => 0.999).slice(10)).toBe('ZZZZZZZZZZZZZZZZ');
  });

  test('ulids minted in the same millisecond increase by one in minting order', () => {
    const first = ulid(3_000, () => 0);
    const second = ulid(3_000, () => 0.5);
    const third = ulid(3_000);
    expect(second.slice(10)).toBe('0000000000000001');
    expect(first < second && second < third).toBe(true);
  });

  test('an increment carries into the digits before a full last digit', () => {
    let draw = 0;
    // The first 15 digits draw 0, the last draws 31 (Z).
    const first = ulid(5_000, () => (draw++ < 15 ? 0 : 0.999));
    expect(first.slice(10)).toBe('000000000000000Z');
    expect(ulid(5_000).slice(10)).toBe('0000000000000010');
    expect(ulid(5_000).slice(10)).toBe('0000000000000011');
  });

  test('running out of ids within one millisecond is a typed error, not a wrap-around', () => {
    ulid(4_000, () => 0.999);
    expect(() => ulid(4_000)).toThrow(CorralError);
    expect(() => ulid(4_000)).toThrow(/2\^80/);
  });

  test('a time outside the 48-bit range is refused with the offending value', () => {
    expect(() => ulid(-1)).toThrow(/got -1/);
    expect(() => ulid(2 ** 48)).toThrow(RangeError);
    expect(() => ulid(Number.NaN)).toThrow(RangeError);
  });

  test('property: ulids sort by time and are unique', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 2 ** 48 - 1 }), { minLength: 1, maxLength: 50 }),
        (times) => {
          // Repeat some times to exercise the same-millisecond path.
          const minted = times.flatMap((t) => [t, t]).map((time) => ({ time, id: ulid(time) }));
          expect(new Set(minted.map((m) => m.id)).size).toBe(minted.length);
          for (const a of minted) {
            expect(ulidTime(a.id)).toBe(a.time);
            for (const b of minted) if (a.time < b.time) expect(a.id < b.id).toBe(true);
          }
          for (let i = 1; i < minted.length; i++) {
            const [prev, cur] = [minted[i - 1]!, minted[i]!];
            if (prev.time === cur.time) expect(prev.id < cur.id).toBe(true);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('createContext', () => {
  test('a context carries a fresh ulid from the host clock, its parent and its user', () => {
    const clock = new ManualClock(5_000_000);
    const parent = createContext({}, clock);
    const child = createContext({ parentId: parent.id, userId: 'user-1' }, clock);
    expect(parent).toMatchObject({ parentId: null, userId: null });
    expect(child).toMatchObject({ parentId: parent.id, userId: 'user-1' });
    expect(child.id).not.toBe(parent.id);
    expect(ulidTime(child.id)).toBe(5_000_000);
    expect(Object.isFrozen(child)).toBe(true);
  });
});
