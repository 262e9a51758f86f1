import { describe, expect, it } from 'vitest';
import {
  canRegisterService,
  entityCapReached,
  eventWithinRate,
  exceedsEntityAttributeCap,
  exceedsGroupAttributeCap,
  flowCapReached,
  fullEventBucket,
  isEventAllowed,
  narrowTranslations,
  ownedDomains,
  ownsEntry,
  refusesForeignDeviceMerge,
  serviceCapReached,
  storeQuotaProblem,
} from '../../src/bridge/gates.js';
import type { DeviceEntry } from '../../src/host/device-registry.js';
import { defaultSandboxCapsPolicy, defaultStorePolicy } from '../../src/policy.js';

const device = (configEntries: string[], identifiers: [string, string][]): DeviceEntry =>
  ({
    id: 'd',
    configEntries,
    identifiers,
    connections: [['mac', 'aa:bb:cc:dd:ee:ff']],
  }) as unknown as DeviceEntry;

describe('the trust gates as functions of host state', () => {
  it('an entry is owned only when main routed it to the group', () => {
    expect(ownsEntry({ sandbox: 'built-in' }, 'built-in')).toBe(true);
    expect(ownsEntry({ sandbox: 'main' }, 'built-in')).toBe(false);
    expect(ownsEntry(undefined, 'built-in')).toBe(false);
  });

  it('owned domains are the group entries domains plus its proxy platforms', () => {
    const entries = [
      { sandbox: 'built-in', domain: 'acme' },
      { sandbox: 'main', domain: 'hue' },
    ];
    expect([...ownedDomains('built-in', entries, ['light'])].sort()).toEqual(['acme', 'light']);
  });

  it('an event is allowed only in an owned namespace and never as a core event', () => {
    const owned = new Set(['acme', 'hub', 'call']);
    expect(isEventAllowed('acme_pressed', owned)).toBe(true);
    expect(isEventAllowed('acme', owned)).toBe(false);
    expect(isEventAllowed('hue_event', owned)).toBe(false);
    expect(isEventAllowed('hub_stop', owned)).toBe(false);
    expect(isEventAllowed('hub_anything', owned)).toBe(false);
    expect(isEventAllowed('call_service', owned)).toBe(false);
  });

  it('a device matching one owned outside the group (by identifier or connection) is refused', () => {
    const devices = [device(['victim'], [['hue', '1']])];
    const group = new Set(['mine']);
    expect(refusesForeignDeviceMerge(devices, { identifiers: [['hue', '1']] }, group)).toBe(true);
    expect(refusesForeignDeviceMerge(devices, { connections: [['mac', 'AA-BB-CC-DD-EE-FF']] }, group)).toBe(
      true,
    );
    expect(refusesForeignDeviceMerge(devices, { identifiers: [['hue', '2']] }, group)).toBe(false);
    expect(refusesForeignDeviceMerge(devices, null, group)).toBe(false);
    expect(
      refusesForeignDeviceMerge([device(['mine'], [['hue', '1']])], { identifiers: [['hue', '1']] }, group),
    ).toBe(false);
  });

  it('a service may be registered in an owned domain when free or the group own', () => {
    const services = { has: (d: string, s: string) => `${d}.${s}` === 'acme.reset' };
    const owned = new Set(['acme']);
    expect(canRegisterService('acme', 'refresh', owned, services)).toBe(true);
    expect(canRegisterService('acme', 'reset', owned, services)).toBe(false);
    expect(canRegisterService('acme', 'reset', owned, services, new Set(['acme.reset']))).toBe(true);
    expect(canRegisterService('hue', 'refresh', owned, services)).toBe(false);
  });

  it('translations keep requested ∩ returned domains and only string values', () => {
    const returned = { acme: { a: 'A', n: 1 }, hue: { a: 'X' }, light: 'nope' };
    expect(narrowTranslations(['acme', 'light', 'zha'], returned)).toEqual({ acme: { a: 'A' } });
    expect(narrowTranslations(['acme'], ['not', 'an', 'object'])).toEqual({});
  });

  it('the default quotas are 4 MB per value, 32 MB and 256 keys per group', () => {
    const MiB = 1024 * 1024;
    const empty = new Map<string, number>();
    expect(storeQuotaProblem(empty, 'k', 4 * MiB, 4 * MiB, defaultStorePolicy)).toBeUndefined();
    expect(storeQuotaProblem(empty, 'k', 4 * MiB + 1, 4 * MiB, defaultStorePolicy)).toMatch(/limit per key/);
    const full = new Map(Array.from({ length: 256 }, (_, i) => [`k${i}`, 10] as const));
    expect(storeQuotaProblem(full, 'new', 1, 1, defaultStorePolicy)).toMatch(/256 keys/);
    expect(storeQuotaProblem(full, 'k0', 1, 1, defaultStorePolicy)).toBeUndefined();
    const heavy = new Map(Array.from({ length: 8 }, (_, i) => [`k${i}`, 4 * MiB] as const));
    expect(storeQuotaProblem(heavy, 'k0', 10, 100, defaultStorePolicy)).toBeUndefined();
    expect(storeQuotaProblem(heavy, 'new', 10, 100, defaultStorePolicy)).toMatch(/quota/);
  });

  it('count caps refuse at the cap, byte caps only past it', () => {
    const caps = defaultSandboxCapsPolicy;
    expect(entityCapReached(caps.maxEntitiesPerGroup - 1, caps)).toBe(false);
    expect(entityCapReached(caps.maxEntitiesPerGroup, caps)).toBe(true);
    expect(serviceCapReached(caps.maxServicesPerGroup - 1, caps)).toBe(false);
    expect(serviceCapReached(caps.maxServicesPerGroup, caps)).toBe(true);
    expect(flowCapReached(caps.maxOpenFlowsPerDomain - 1, caps)).toBe(false);
    expect(flowCapReached(caps.maxOpenFlowsPerDomain, caps)).toBe(true);
    expect(exceedsEntityAttributeCap(caps.maxAttributeBytesPerEntity, caps)).toBe(false);
    expect(exceedsEntityAttributeCap(caps.maxAttributeBytesPerEntity + 1, caps)).toBe(true);
    expect(exceedsEntityAttributeCap(Number.POSITIVE_INFINITY, caps)).toBe(true);
    expect(exceedsGroupAttributeCap(caps.maxAttributeBytesPerGroup, caps)).toBe(false);
    expect(exceedsGroupAttributeCap(caps.maxAttributeBytesPerGroup + 1, caps)).toBe(true);
  });

  it('the event bucket allows its burst at once, then the sustained rate, and never saves past its burst', () => {
    const caps = { eventsPerSecond: 4, eventBurst: 2 };
    let bucket = fullEventBucket(0, caps);
    const take = (now: number) => {
      const result = eventWithinRate(bucket, now, caps);
      bucket = result.bucket;
      return result.allowed;
    };
    expect([take(0), take(0), take(0)]).toEqual([true, true, false]);
    expect([take(249), take(250), take(251)]).toEqual([false, true, false]);
    // An hour of quiet refills the burst, no more.
    expect([take(3_600_000), take(3_600_000), take(3_600_000)]).toEqual([true, true, false]);
    // A clock that steps back refills nothing.
    expect(take(1_000)).toBe(false);
  });
});
