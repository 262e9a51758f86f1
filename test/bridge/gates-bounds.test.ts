/**
 * The trust gates' edges, as pure functions of host state: the states that accept
 * entities, foreign entity claims, service keys, host-only store keys and the exact
 * bounds of the store quotas. (The common cases are in gates.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import {
  canRegisterService,
  canUnregisterService,
  entryAcceptsEntities,
  eventWithinRate,
  exceedsValueLimit,
  fullEventBucket,
  isEventAllowed,
  narrowTranslations,
  ownedDomains,
  ownsDomain,
  refusesForeignDeviceMerge,
  refusesForeignEntityClaim,
  sandboxMayWriteKey,
  serviceKey,
  storeQuotaProblem,
} from '../../src/bridge/gates.js';
import type { DeviceEntry } from '../../src/host/device-registry.js';

const device = (configEntries: string[], identifiers: [string, string][]): DeviceEntry =>
  ({ id: 'd', configEntries, identifiers, connections: [] }) as unknown as DeviceEntry;

describe('the trust gates at their edges', () => {
  it('only an entry being set up or loaded accepts entities', () => {
    expect(entryAcceptsEntities('setup_in_progress')).toBe(true);
    expect(entryAcceptsEntities('loaded')).toBe(true);
    for (const state of [
      'not_loaded',
      'setup_error',
      'setup_retry',
      'unload_in_progress',
      'failed_unload',
      '',
    ]) {
      expect(entryAcceptsEntities(state)).toBe(false);
    }
  });

  it('a group owns no domain of an entry routed elsewhere, and nothing with no entries and no proxies', () => {
    expect([...ownedDomains('g', [{ sandbox: 'other', domain: 'acme' }], [])]).toEqual([]);
    expect(ownsDomain(new Set(['acme']), 'acme')).toBe(true);
    expect(ownsDomain(new Set(['acme']), 'hue')).toBe(false);
  });

  it('no event is allowed for a group that owns no domain', () => {
    expect(isEventAllowed('acme_pressed', new Set())).toBe(false);
  });

  it('a device shared by an own entry and a foreign one is refused', () => {
    const devices = [device(['mine', 'victim'], [['hue', '1']])];
    expect(refusesForeignDeviceMerge(devices, { identifiers: [['hue', '1']] }, new Set(['mine']))).toBe(true);
  });

  it('a device with no identifiers or connections matches nothing and is not refused', () => {
    const devices = [device(['victim'], [['hue', '1']])];
    expect(refusesForeignDeviceMerge(devices, { name: 'Lamp' }, new Set(['mine']))).toBe(false);
  });

  it('an entity registered to another group entry is refused; one of its own, one with no entry, or a new one is not', () => {
    const group = new Set(['mine']);
    expect(refusesForeignEntityClaim({ configEntryId: 'victim' }, group)).toBe(true);
    expect(refusesForeignEntityClaim({ configEntryId: 'mine' }, group)).toBe(false);
    expect(refusesForeignEntityClaim({ configEntryId: null }, group)).toBe(false);
    expect(refusesForeignEntityClaim(undefined, group)).toBe(false);
  });

  it('a service key is the lower-cased domain and service joined by a dot', () => {
    expect(serviceKey('Acme', 'Reset_All')).toBe('acme.reset_all');
  });

  it('a service may be unregistered only when the group registered it, whatever the case of its name', () => {
    const own = new Set([serviceKey('acme', 'reset')]);
    expect(canUnregisterService('acme', 'reset', own)).toBe(true);
    expect(canUnregisterService('ACME', 'Reset', own)).toBe(true);
    expect(canUnregisterService('acme', 'refresh', own)).toBe(false);
    expect(canUnregisterService('light', 'turn_on', own)).toBe(false);
  });

  it('a service the group registered may be registered again under another case of its name', () => {
    const services = { has: (d: string, s: string) => `${d}.${s}`.toLowerCase() === 'acme.reset' };
    const own = new Set([serviceKey('acme', 'reset')]);
    expect(canRegisterService('acme', 'Reset', new Set(['acme']), services, own)).toBe(true);
  });

  it('a sandbox may write any key except those under "core."', () => {
    expect(sandboxMayWriteKey('acme.devices')).toBe(true);
    expect(sandboxMayWriteKey('score.core.')).toBe(true);
    expect(sandboxMayWriteKey('core.restore_state')).toBe(false);
    expect(sandboxMayWriteKey('core.')).toBe(false);
  });

  it('a value of exactly the per-key limit is allowed and one byte more is not', () => {
    expect(exceedsValueLimit(100, { maxValueBytes: 100 })).toBe(false);
    expect(exceedsValueLimit(101, { maxValueBytes: 100 })).toBe(true);
  });

  it('a new key that makes exactly the key limit is allowed, and one past it is refused with both counts', () => {
    const policy = { maxValueBytes: 100, maxGroupBytes: 10_000, maxGroupKeys: 3 };
    const two = new Map([
      ['a', 1],
      ['b', 1],
    ]);
    expect(storeQuotaProblem(two, 'c', 1, 1, policy)).toBeUndefined();
    const three = new Map([...two, ['c', 1]]);
    expect(storeQuotaProblem(three, 'd', 1, 1, policy)).toBe(
      'the group already holds 3 keys, the limit is 3; remove keys it no longer needs',
    );
  });

  it('a write that makes exactly the group quota is allowed, one byte more is refused, and the key it replaces is not counted', () => {
    const policy = { maxValueBytes: 1_000, maxGroupBytes: 1_000, maxGroupKeys: 10 };
    const stored = new Map([
      ['a', 600],
      ['b', 300],
    ]);
    expect(storeQuotaProblem(stored, 'c', 50, 100, policy)).toBeUndefined();
    expect(storeQuotaProblem(stored, 'c', 50, 101, policy)).toBe(
      'the group would hold 1001 bytes, more than its 1000-byte quota',
    );
    // Rewriting "a" replaces its 600 bytes: 300 + 700 is the quota.
    expect(storeQuotaProblem(stored, 'a', 50, 700, policy)).toBeUndefined();
    expect(storeQuotaProblem(stored, 'a', 50, 701, policy)).toMatch(/1001 bytes/);
  });

  it('a value over the per-key limit is refused with its size and the limit', () => {
    const policy = { maxValueBytes: 100, maxGroupBytes: 10_000, maxGroupKeys: 3 };
    expect(storeQuotaProblem(new Map(), 'k', 101, 101, policy)).toBe(
      'the value is 101 bytes, more than the 100-byte limit per key',
    );
  });

  it('translations of a domain requested twice are kept once, and a domain only inherited is not returned', () => {
    const returned = JSON.parse('{"acme":{"a":"A"}}') as unknown;
    expect(narrowTranslations(['acme', 'acme', 'toString', 'constructor'], returned)).toEqual({
      acme: { a: 'A' },
    });
    expect(narrowTranslations(['acme'], null)).toEqual({});
    expect(narrowTranslations(['acme'], 'acme')).toEqual({});
    expect(narrowTranslations(['acme'], { acme: null })).toEqual({});
    expect(narrowTranslations(['acme'], { acme: ['A'] })).toEqual({});
  });

  it('translations a returned object only inherits are not kept', () => {
    const returned = Object.create({ acme: { a: 'A' } }) as unknown;
    expect(narrowTranslations(['acme'], returned)).toEqual({});
  });

  it('a requested domain returned with no strings is kept as empty', () => {
    expect(narrowTranslations(['acme'], { acme: {} })).toEqual({ acme: {} });
  });

  it('a full event bucket holds the burst as of the time it was filled', () => {
    expect(fullEventBucket(42, { eventBurst: 7 })).toEqual({ tokens: 7, at: 42 });
  });

  it('an event taken leaves one token less and is dated now; one refused keeps the fraction refilled so far', () => {
    const caps = { eventsPerSecond: 10, eventBurst: 5 };
    expect(eventWithinRate({ tokens: 3, at: 0 }, 0, caps)).toEqual({
      allowed: true,
      bucket: { tokens: 2, at: 0 },
    });
    expect(eventWithinRate({ tokens: 0, at: 0 }, 50, caps)).toEqual({
      allowed: false,
      bucket: { tokens: 0.5, at: 50 },
    });
    // 100 ms at 10 per second refills exactly one token: enough for one event.
    expect(eventWithinRate({ tokens: 0, at: 0 }, 100, caps)).toEqual({
      allowed: true,
      bucket: { tokens: 0, at: 100 },
    });
  });

  it('a clock that steps back neither refills nor drains the bucket', () => {
    const caps = { eventsPerSecond: 10, eventBurst: 5 };
    expect(eventWithinRate({ tokens: 2, at: 1_000 }, 0, caps)).toEqual({
      allowed: true,
      bucket: { tokens: 1, at: 0 },
    });
  });
});
