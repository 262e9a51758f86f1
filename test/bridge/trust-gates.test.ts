/**
 * One forged-frame test per trust gate: a hostile sandbox sends what a
 * compromised integration could, and the hub must come out unchanged. Each test
 * fails if its gate is removed.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HubEvent } from '../../src/host/types.js';
import { encodeJson } from '../../src/wire/json.js';
import { flush, type Harness, harness, register } from './support.js';

let h: Harness;
beforeEach(async () => {
  h = await harness();
});
afterEach(async () => {
  await h.cleanup();
});

const remoteEvents = (events: HubEvent[]) => events.filter((e) => e.origin === 'remote');

describe('register_entity gates', () => {
  it('refuses an entity registered against an entry of another group (ownsEntry)', async () => {
    const victim = await h.addEntry('victim', 'main');
    await expect(register(h.sandbox, { entryId: victim.entryId, uniqueId: 'v-1' })).rejects.toMatchObject({
      type: 'gate_refused',
    });
    expect(h.hub.entities.entityIdFor('light', 'victim', 'v-1')).toBeUndefined();
    expect(h.hub.entities.entriesForConfigEntry(victim.entryId)).toEqual([]);
    expect(h.bridge.proxies).toEqual([]);
  });

  it('refuses an entity for an entry of the group that is not setting up or loaded (entryAcceptsEntities)', async () => {
    await h.hub.entries.unload(h.entry.entryId);
    expect(h.hub.entries.state(h.entry.entryId)).toBe('not_loaded');
    await expect(register(h.sandbox, { entryId: h.entry.entryId, uniqueId: 'late-1' })).rejects.toMatchObject(
      {
        type: 'gate_refused',
      },
    );
    expect(h.hub.entities.entityIdFor('light', 'acme', 'late-1')).toBeUndefined();
    expect(h.bridge.proxies).toEqual([]);
  });

  it('refuses a device colliding with a device of an entry outside the group, never merging it (refusesForeignDeviceMerge)', async () => {
    const victim = await h.addEntry('hue', 'main');
    const device = h.hub.devices.getOrCreate({
      configEntryId: victim.entryId,
      identifiers: [['hue', 'bridge-1']],
      name: 'Hue bridge',
    });
    const forged = register(h.sandbox, {
      entryId: h.entry.entryId,
      identity: { deviceInfo: { identifiers: [['hue', 'bridge-1']], name: 'Mine now' } },
    });
    await expect(forged).rejects.toMatchObject({ type: 'gate_refused' });
    expect(h.hub.devices.get(device.id)).toMatchObject({
      configEntries: [victim.entryId],
      name: 'Hue bridge',
    });
    expect(h.bridge.proxies).toEqual([]);
  });

  it('accepts a device shared only within the group', async () => {
    const sibling = await h.addEntry('acme_extra');
    h.hub.devices.getOrCreate({ configEntryId: sibling.entryId, identifiers: [['acme', 'hub-1']] });
    const entityId = await register(h.sandbox, {
      entryId: h.entry.entryId,
      identity: { deviceInfo: { identifiers: [['acme', 'hub-1']] } },
    });
    expect(h.hub.entities.get(entityId)?.deviceId).toBeTruthy();
  });

  it('refuses to claim the registry entry of an entity of another group (refusesForeignEntityClaim)', async () => {
    // Same integration domain, entry routed elsewhere: the registry key (light, acme, lamp-1) is taken.
    const other = await h.addEntry('acme', 'main');
    const victim = h.hub.entities.getOrCreate({
      domain: 'light',
      platform: 'acme',
      uniqueId: 'lamp-1',
      configEntryId: other.entryId,
    });
    await expect(register(h.sandbox, { entryId: h.entry.entryId, uniqueId: 'lamp-1' })).rejects.toMatchObject(
      {
        type: 'gate_refused',
      },
    );
    expect(h.hub.entities.get(victim.entityId)?.configEntryId).toBe(other.entryId);
  });
});

describe('register_service gates', () => {
  it('refuses a service in a domain the group does not own (canRegisterService)', async () => {
    const forged = h.sandbox.call('register_service', {
      domain: 'persistent_notification',
      service: 'create',
    });
    await expect(forged).rejects.toMatchObject({ type: 'gate_refused' });
    expect(h.hub.services.has('persistent_notification', 'create')).toBe(false);
  });

  it('never replaces a handler someone else registered, even in an owned domain (canRegisterService)', async () => {
    const calls: string[] = [];
    h.hub.services.register('acme', 'reset', () => {
      calls.push('original');
    });
    await expect(
      h.sandbox.call('register_service', { domain: 'acme', service: 'reset' }),
    ).rejects.toMatchObject({
      type: 'gate_refused',
    });
    await h.hub.services.call('acme', 'reset');
    expect(calls).toEqual(['original']);
  });

  it('never replaces an entity domain service the hub registered for its proxies (canRegisterService)', async () => {
    await register(h.sandbox, { entryId: h.entry.entryId });
    // The group owns `light` through its proxy, but light.turn_on is the platform's.
    await expect(
      h.sandbox.call('register_service', { domain: 'light', service: 'turn_on' }),
    ).rejects.toMatchObject({ type: 'gate_refused' });
    expect(h.bridge.serviceNames).toEqual([]);
  });

  it('refuses to unregister a service the group did not register (canUnregisterService)', async () => {
    h.hub.services.register('acme', 'reset', () => {});
    await expect(
      h.sandbox.call('unregister_service', { domain: 'acme', service: 'reset' }),
    ).rejects.toMatchObject({ type: 'gate_refused' });
    expect(h.hub.services.has('acme', 'reset')).toBe(true);
  });
});

describe('fire_event gates', () => {
  it('drops core events, even when an owned domain spells them (isEventAllowed)', async () => {
    await h.addEntry('hub');
    await h.addEntry('state');
    const seen: HubEvent[] = [];
    h.hub.bus.listen('*', (event) => seen.push(event));
    for (const eventType of [
      'state_changed',
      'call_service',
      'hub_stop',
      'hub_started',
      'hub_restart',
      'service_registered',
    ]) {
      h.sandbox.push('fire_event', { eventType, data: encodeJson({ forged: true }) });
    }
    await flush();
    expect(remoteEvents(seen)).toEqual([]);
  });

  it('drops events outside the group own namespaces and delivers its own (isEventAllowed)', async () => {
    const seen: HubEvent[] = [];
    h.hub.bus.listen('*', (event) => seen.push(event));
    h.sandbox.push('fire_event', { eventType: 'zha_event', data: encodeJson({ forged: true }) });
    h.sandbox.push('fire_event', { eventType: 'hue_event', data: encodeJson({ forged: true }) });
    h.sandbox.push('fire_event', { eventType: 'acmeevil_event', data: encodeJson({ forged: true }) });
    h.sandbox.push('fire_event', { eventType: 'acme_button', data: encodeJson({ press: 'short' }) });
    await flush();
    expect(remoteEvents(seen).map((e) => [e.type, e.data])).toEqual([['acme_button', { press: 'short' }]]);
  });

  it('keeps the context cache bounded under a flood of distinct unknown context ids (ContextCache)', async () => {
    const flood = 10_500;
    // The event rate cap would shed most of the flood first: this test is about the cache.
    await h.cleanup();
    h = await harness({ caps: { eventBurst: flood } });
    const seen: HubEvent[] = [];
    h.hub.bus.listen('acme_tick', (event) => seen.push(event));
    for (let i = 0; i < flood; i++) {
      h.sandbox.push('fire_event', {
        eventType: 'acme_tick',
        data: encodeJson({ i }),
        contextId: `forged-${i}`,
      });
    }
    await flush();
    expect(seen).toHaveLength(flood);
    expect(h.bridge.contexts.size).toBeLessThanOrEqual(10_000);
    // Each forged id is only a key: the hub minted its own context, with no parent and no user.
    expect(seen[0]!.context).toMatchObject({ parentId: null, userId: null });
    expect(seen[0]!.context.id).not.toBe('forged-0');
  });
});

describe('translation gate', () => {
  it('drops a foreign domain a sandbox returns alongside its own (narrowTranslations)', async () => {
    h.sandbox.register('get_translations', () => ({
      strings: encodeJson({
        acme: { 'config.step.user.title': 'Set up Acme' },
        hue: { 'config.step.user.title': 'Pwned' },
      }),
    }));
    const strings = await h.bridge.translations.get('en', ['acme', 'hue']);
    expect(strings).toEqual({ acme: { 'config.step.user.title': 'Set up Acme' } });
  });
});
