/**
 * Context ids: ULIDs minted from the host clock, so ids sort by the time they were
 * made (simulated time in tests) and stay unique without coordination.
 */

import { getRandomValues } from 'node:crypto';
import { CorralError } from '../errors.js';
import type { Context, HostClock } from './types.js';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const TIME_CHARS = 10;
const RANDOM_CHARS = 16;
const MAX_TIME = 2 ** 48 - 1;

// Monotonic state: ids minted within one millisecond increment the previous random
// part instead of drawing a new one, so they still sort in minting order.
let lastTime = -1;
let lastRandom: number[] = [];

function drawRandom(random: (() => number) | undefined): number[] {
  if (random) return Array.from({ length: RANDOM_CHARS }, () => Math.min(31, Math.floor(random() * 32)));
  return Array.from(getRandomValues(new Uint8Array(RANDOM_CHARS)), (byte) => byte & 31);
}

/** The base-32 digits plus one, or `undefined` when all 80 bits are already set. */
function increment(digits: readonly number[]): number[] | undefined {
  const next = [...digits];
  for (let i = next.length - 1; i >= 0; i--) {
    if (next[i]! < 31) {
      next[i] = next[i]! + 1;
      return next;
    }
    next[i] = 0;
  }
  return undefined;
}

/**
 * A ULID: the 48-bit ms `timestamp` then 80 random bits, Crockford base32. Ids made in
 * the same millisecond are strictly increasing. `random` (in [0, 1)) is for tests;
 * the default draws from the OS's CSPRNG.
 */
export function ulid(timestamp: number, random?: () => number): string {
  // Simulated clocks may hand out fractional ms; the id keeps whole ms.
  const now = Math.floor(timestamp);
  if (!(now >= 0 && now <= MAX_TIME)) {
    throw new RangeError(`ulid time must be ms since epoch in [0, 2^48), got ${timestamp}`);
  }
  if (now === lastTime) {
    const next = increment(lastRandom);
    if (!next) throw new CorralError('ulid_overflow', `more than 2^80 ids minted in millisecond ${now}`);
    lastRandom = next;
  } else {
    lastTime = now;
    lastRandom = drawRandom(random);
  }
  let time = '';
  for (let t = now, i = 0; i < TIME_CHARS; i++, t = Math.floor(t / 32)) time = CROCKFORD[t % 32] + time;
  return time + lastRandom.map((d) => CROCKFORD[d]).join('');
}

/** The millisecond timestamp encoded in a ULID. */
export function ulidTime(id: string): number {
  let time = 0;
  for (const char of id.slice(0, TIME_CHARS)) time = time * 32 + CROCKFORD.indexOf(char);
  return time;
}

/** A fresh context; `parentId` links it to the context that caused it. */
export function createContext(
  { parentId = null, userId = null }: { parentId?: string | null; userId?: string | null },
  clock: HostClock,
): Context {
  return Object.freeze({ id: ulid(clock.now()), parentId, userId });
}
