/**
 * The cap log on its own, on a manual clock: what it counts, when a key's window
 * reopens, the line budget shared by all keys, and how many keys it remembers.
 */
import { describe, expect, it } from 'vitest';
import { CapLog, MAX_LINES } from '../../src/bridge/cap-log.js';
import { CapExceededError } from '../../src/errors.js';
import type { LogLevel } from '../../src/logger.js';
import { ManualClock } from '../host/support.js';

interface Line {
  readonly level: LogLevel;
  readonly message: string;
  readonly fields?: Record<string, unknown>;
}

function capLog(intervalMs = 1_000) {
  const lines: Line[] = [];
  const clock = new ManualClock(0);
  const log = new CapLog(
    (level, message, fields) => lines.push({ level, message, fields }),
    clock,
    intervalMs,
  );
  return { log, lines, clock };
}

describe('the cap log', () => {
  it('starts with nothing counted', () => {
    expect(capLog().log.counts).toEqual({ eventsShed: 0, updatesDropped: 0, callsRefused: 0 });
  });

  it('a refused call is counted, warned about with its message and fields, and its error handed back', () => {
    const { log, lines } = capLog();
    const error = new CapExceededError('entityCapReached', 3, 'too many entities');
    expect(log.refused(error, undefined, { group: 'g' })).toBe(error);
    expect(log.counts.callsRefused).toBe(1);
    expect(lines).toEqual([{ level: 'warn', message: 'too many entities', fields: { group: 'g' } }]);
  });

  it('a refused call is keyed by its gate unless a key is given', () => {
    const { log, lines } = capLog();
    log.refused(new CapExceededError('entityCapReached', 3, 'first'));
    log.refused(new CapExceededError('entityCapReached', 3, 'same gate'));
    log.refused(new CapExceededError('entityCapReached', 3, 'own key'), 'light.a');
    expect(lines.map((line) => line.message)).toEqual(['first', 'own key']);
    expect(log.counts.callsRefused).toBe(3);
  });

  it('warns about a key once per interval and reopens its window exactly when the interval ends', () => {
    const { log, lines, clock } = capLog(1_000);
    expect(log.warn('k', 'one')).toBe(true);
    clock.advance(999);
    expect(log.warn('k', 'two')).toBe(false);
    clock.advance(1);
    expect(log.warn('k', 'three')).toBe(true);
    expect(lines.map((line) => line.message)).toEqual([
      'one',
      'three (1 more like it since the last report)',
    ]);
  });

  it('adds no suffix when nothing was held back since the last report', () => {
    const { log, lines, clock } = capLog(1_000);
    log.warn('k', 'one');
    clock.advance(5_000);
    log.warn('k', 'two');
    expect(lines.map((line) => line.message)).toEqual(['one', 'two']);
  });

  it('counts what it held back anew after each report', () => {
    const { log, lines, clock } = capLog(1_000);
    log.warn('k', 'a');
    log.warn('k', 'held');
    log.warn('k', 'held');
    clock.advance(1_000);
    log.warn('k', 'b');
    log.warn('k', 'held');
    clock.advance(1_000);
    log.warn('k', 'c');
    expect(lines.map((line) => line.message)).toEqual([
      'a',
      'b (2 more like it since the last report)',
      'c (1 more like it since the last report)',
    ]);
  });

  it('keeps a window per key: another key is warned about at once', () => {
    const { log, lines } = capLog();
    expect(log.warn('a', 'about a')).toBe(true);
    expect(log.warn('b', 'about b')).toBe(true);
    expect(lines).toHaveLength(2);
  });

  it('writes at most MAX_LINES per interval over all keys, then sums up the rest when the interval ends', () => {
    const { log, lines, clock } = capLog(1_000);
    for (let i = 0; i < MAX_LINES; i++) expect(log.warn(`k${i}`, `line ${i}`)).toBe(true);
    expect(log.warn('late-1', 'held')).toBe(false);
    expect(log.warn('late-2', 'held')).toBe(false);
    expect(lines).toHaveLength(MAX_LINES);
    clock.advance(999);
    expect(log.warn('late-3', 'held')).toBe(false);
    clock.advance(1);
    expect(log.warn('fresh', 'next interval')).toBe(true);
    expect(lines.slice(MAX_LINES)).toEqual([
      {
        level: 'warn',
        message: '3 more cap warnings were held back in the last interval',
        fields: undefined,
      },
      { level: 'warn', message: 'next interval', fields: undefined },
    ]);
  });

  it('writes no summary line for an interval that held nothing back', () => {
    const { log, lines, clock } = capLog(1_000);
    log.warn('a', 'one');
    clock.advance(1_000);
    log.warn('b', 'two');
    expect(lines.map((line) => line.message)).toEqual(['one', 'two']);
  });

  it('a key held back by the line budget keeps its window: it is not written again within the interval', () => {
    const { log, lines, clock } = capLog(1_000);
    for (let i = 0; i < MAX_LINES; i++) log.warn(`k${i}`, 'x');
    log.warn('late', 'held by the budget');
    clock.advance(500);
    expect(log.warn('late', 'still within its window')).toBe(false);
    expect(lines).toHaveLength(MAX_LINES);
  });

  it('remembers 1024 keys at most, forgetting the one opened longest ago (and what it held back)', () => {
    const { log, lines, clock } = capLog(10_000);
    for (let i = 0; i < 1024; i++) {
      log.warn(`k${i}`, `k${i}`);
      log.warn(`k${i}`, 'held');
      clock.advance(1);
    }
    // The 1025th key: none has ended its window, so k0 is forgotten, with the one it held back.
    log.warn('new', 'new');
    clock.advance(20_000);
    log.warn('k0', 'k0');
    expect(lines.at(-1)?.message).toBe('k0');
  });

  it('when full, forgets every key whose window ended, and only those', () => {
    const { log, lines, clock } = capLog(1_000);
    for (const key of ['e1', 'e2']) {
      log.warn(key, key);
      log.warn(key, 'held');
    }
    clock.advance(1_000);
    for (let i = 0; i < 1022; i++) log.warn(`k${i}`, 'x');
    log.warn('k0', 'held');
    // Full with e1 and e2 (both ended): the next key sweeps both, and keeps k0 (still open).
    log.warn('new', 'x');
    clock.advance(5_000);
    log.warn('e2', 'e2');
    log.warn('k0', 'k0');
    expect(lines.slice(-2).map((line) => line.message)).toEqual([
      'e2',
      'k0 (1 more like it since the last report)',
    ]);
  });

  it('is not full below 1024 keys: a key that ended its window keeps what it held back', () => {
    const { log, lines, clock } = capLog(1_000);
    log.warn('e1', 'e1');
    log.warn('e1', 'held');
    clock.advance(1_000);
    for (let i = 0; i < 1022; i++) log.warn(`k${i}`, 'x');
    clock.advance(5_000);
    log.warn('e1', 'e1');
    expect(lines.at(-1)?.message).toBe('e1 (1 more like it since the last report)');
  });
});
