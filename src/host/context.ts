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
// part instead of drawing a new one, so they still sort in minting order. The text of
// both parts is kept too: most ids change only the last character.
let lastTime = -1;
let lastTimeText = '';
const lastRandom = new Uint8Array(RANDOM_CHARS);
let lastRandomText = '';

function drawRandom(random: (() => number) | undefined): void {
  if (random) {
    for (let i = 0; i < RANDOM_CHARS; i++) lastRandom[i] = Math.min(31, Math.floor(random() * 32));
    return;
  }
  getRandomValues(lastRandom);
  for (let i = 0; i < RANDOM_CHARS; i++) lastRandom[i] = lastRandom[i]! & 31;
}

const text = (digits: Uint8Array, from = 0) => {
  let out = '';
  for (let i = from; i < digits.length; i++) out += CROCKFORD[digits[i]!];
  return out;
};

/** Add one to the random digits; false (nothing changed) when all 80 bits are already set. */
function increment(): boolean {
  let i = RANDOM_CHARS - 1;
  while (i >= 0 && lastRandom[i] === 31) i--;
  if (i < 0) return false;
  lastRandom[i] = lastRandom[i]! + 1;
  lastRandom.fill(0, i + 1);
  lastRandomText = lastRandomText.slice(0, i) + text(lastRandom, i);
  return true;
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
    if (!increment())
      throw new CorralError('ulid_overflow', `more than 2^80 ids minted in millisecond ${now}`);
  } else {
    lastTime = now;
    drawRandom(random);
    lastRandomText = text(lastRandom);
    lastTimeText = '';
    for (let t = now, i = 0; i < TIME_CHARS; i++, t = Math.floor(t / 32)) {
      lastTimeText = CROCKFORD[t % 32] + lastTimeText;
    }
  }
  return lastTimeText + lastRandomText;
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
