import { describe, expect, it } from 'vitest';
import {
  formatDuration,
  formatMiB,
  formatPeriod,
  formatRate,
  shortStateLabel,
  stateTone,
} from '../../src/inspector/web/format.js';
import { actorFromHash, hashForActor } from '../../src/inspector/web/location-hash.js';

describe('stateTone', () => {
  it('colours sandbox states: running green, starting and backoff amber, crashed and failed red', () => {
    expect(stateTone('live.running.waiting')).toBe('ok');
    expect(stateTone('live.running.pinging')).toBe('ok');
    expect(stateTone('live.starting.spawning')).toBe('warn');
    expect(stateTone('backoff')).toBe('warn');
    expect(stateTone('crashed')).toBe('bad');
    expect(stateTone('failed.coolingDown')).toBe('bad');
    expect(stateTone('stopped')).toBe('off');
  });

  it('colours config entry states', () => {
    expect(stateTone('loaded')).toBe('ok');
    expect(stateTone('setup_retry')).toBe('warn');
    expect(stateTone('setup_error')).toBe('bad');
  });

  it('is neutral for labels it does not know', () => {
    expect(stateTone('on')).toBe('neutral');
  });
});

describe('formatters', () => {
  it('writes memory in MiB, or a dash when unknown', () => {
    expect(formatMiB(42 * 1024 * 1024)).toBe('42.0 MiB');
    expect(formatMiB(300 * 1024 * 1024)).toBe('300 MiB');
    expect(formatMiB(null)).toBe('—');
  });

  it('writes durations with their two largest units', () => {
    expect(formatDuration(12_400)).toBe('12s');
    expect(formatDuration(245_000)).toBe('4m 05s');
    expect(formatDuration(7_500_000)).toBe('2h 05m');
    expect(formatDuration(3 * 86_400_000 + 4 * 3_600_000)).toBe('3d 04h');
  });

  it('writes budget periods in seconds, minutes or hours', () => {
    expect(formatPeriod(30_000)).toBe('30s');
    expect(formatPeriod(60_000)).toBe('1 min');
    expect(formatPeriod(7_200_000)).toBe('2 h');
  });

  it('writes rates without trailing zeros', () => {
    expect(formatRate(0)).toBe('0');
    expect(formatRate(1.5)).toBe('1.5');
    expect(formatRate(123.4)).toBe('123');
  });

  it('cuts a deep state label to its last two segments', () => {
    expect(shortStateLabel('live.running.pinging')).toBe('…running.pinging');
    expect(shortStateLabel('backoff')).toBe('backoff');
  });
});

describe('location hash', () => {
  it('round-trips actor ids and keeps them readable', () => {
    for (const id of ['sandbox:built-in.demo_light', 'proxy:light.a b', 'entry:01J#x']) {
      expect(actorFromHash(hashForActor(id))).toBe(id);
    }
    expect(hashForActor('sandbox:built-in.demo_light')).toBe('#actor=sandbox:built-in.demo_light');
  });

  it('reads a hand-typed hash and ignores other hashes', () => {
    expect(actorFromHash('#actor=channel:hue')).toBe('channel:hue');
    expect(actorFromHash('#actor=bad%E0')).toBe('bad%E0');
    expect(actorFromHash('#other')).toBeUndefined();
    expect(actorFromHash('')).toBeUndefined();
  });
});
