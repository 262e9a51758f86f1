/**
 * The caps on what a sandbox group can make the host keep: one forged-frame
 * test per cap (each fails with its gate removed), and after each refusal the
 * group still works and the host's view holds exactly the cap.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SandboxBridge } from '../../src/bridge/bridge.js';
import { MAX_LINES } from '../../src/bridge/cap-log.js';
import { StoreServer } from '../../src/bridge/store-server.js';
import type { HubEvent } from '../../src/host/types.js';
import type { LogLevel } from '../../src/logger.js';
import type { SandboxCapsPolicy } from '../../src/policy.js';
import { Channel } from '../../src/wire/channel.js';
import { encodeJson } from '../../src/wire/json.js';
import { encodeAttributes } from '../../src/wire/messages.js';
import { ProtobufCodec } from '../../src/wire/protobuf-codec.js';
import { memoryTransportPair } from '../../src/wire/transports/memory.js';
import { describeEntity, flush, GROUP, type Harness, harness, lampReport, register } from './support.js';

interface Line {
  readonly level: LogLevel;
  readonly message: string;
  readonly fields?: Record<string, unknown>;
}

let h: Harness;
let lines: Line[];
let now: number;

async function start(caps: Partial<SandboxCapsPolicy>): Promise<Harness> {
  lines = [];
  now = 1_000_000;
  h = await harness({
    caps,
    clock: { now: () => now },
    logger: (level, message, fields) => lines.push({ level, message, fields }),
  });
  return h;
}

afterEach(async () => {
  await h.cleanup();
});

const warnings = () => lines.filter((line) => line.level === 'warn');
const sid = (uniqueId: string) => `light:${uniqueId}@${h.entry.entryId}`;
const groupEntities = () => h.hub.entities.entriesForConfigEntry(h.entry.entryId);
const groupStates = () => groupEntities().filter((entry) => h.hub.states.get(entry.entityId) !== undefined);
/** Bytes of JSON the attribute caps count for a lamp with these attributes. */
const lampBytes = (attributes: Record<string, unknown>) =>
  JSON.stringify(attributes).length + JSON.stringify(lampReport().capabilities).length;

describe('entities per group (entityCapReached)', () => {
  it('refuses a registration past the cap with cap_exceeded, and the host keeps exactly the cap', async () => {
    await start({ maxEntitiesPerGroup: 3 });
    for (const uniqueId of ['a', 'b', 'c']) await register(h.sandbox, { entryId: h.entry.entryId, uniqueId });
    await expect(register(h.sandbox, { entryId: h.entry.entryId, uniqueId: 'd' })).rejects.toMatchObject({
      type: 'cap_exceeded',
      message: expect.stringContaining('maxEntitiesPerGroup'),
    });
    expect(h.bridge.proxies).toHaveLength(3);
    expect(groupEntities()).toHaveLength(3);
    expect(groupStates()).toHaveLength(3);
    expect(h.hub.entities.entityIdFor('light', 'acme', 'd')).toBeUndefined();
    expect(h.bridge.capCounts.callsRefused).toBe(1);
  });

  it('refuses the descriptions of a register_entities batch past the cap, placing the rest', async () => {
    await start({ maxEntitiesPerGroup: 2 });
    const descriptions = ['a', 'b', 'c', 'd'].map(
      (uniqueId) => describeEntity({ entryId: h.entry.entryId, uniqueId }).description!,
    );
    const { outcomes } = await h.sandbox.call('register_entities', { descriptions });
    expect(outcomes.map((outcome) => outcome.error?.type ?? 'ok')).toEqual([
      'ok',
      'ok',
      'cap_exceeded',
      'cap_exceeded',
    ]);
    expect(h.bridge.proxies).toHaveLength(2);
    expect(groupStates()).toHaveLength(2);
  });

  it('after a refusal the group still updates, re-registers its entities and, with room freed, registers again', async () => {
    await start({ maxEntitiesPerGroup: 2 });
    const a = await register(h.sandbox, { entryId: h.entry.entryId, uniqueId: 'a' });
    await register(h.sandbox, { entryId: h.entry.entryId, uniqueId: 'b' });
    await expect(register(h.sandbox, { entryId: h.entry.entryId, uniqueId: 'c' })).rejects.toMatchObject({
      type: 'cap_exceeded',
    });
    h.sandbox.push('state_changed', { updates: [{ sandboxEntityId: sid('a'), state: 'off' }] });
    await flush();
    expect(h.hub.states.get(a)?.state).toBe('off');
    // Describing an entity it holds again replaces it: not one more.
    await expect(
      register(h.sandbox, { entryId: h.entry.entryId, uniqueId: 'a', identity: { name: 'Renamed' } }),
    ).resolves.toBe(a);
    await h.sandbox.call('unregister_entity', { sandboxEntityId: sid('b') });
    await register(h.sandbox, { entryId: h.entry.entryId, uniqueId: 'c' });
    expect(h.bridge.proxies.map((proxy) => proxy.uniqueId).sort()).toEqual(['a', 'c']);
  });

  it('warns the operator once per interval with the group, however often the cap is hit', async () => {
    await start({ maxEntitiesPerGroup: 1, logIntervalMs: 60_000 });
    await register(h.sandbox, { entryId: h.entry.entryId, uniqueId: 'a' });
    for (const uniqueId of ['b', 'c', 'd', 'e']) {
      await register(h.sandbox, { entryId: h.entry.entryId, uniqueId }).catch(() => {});
    }
    expect(warnings()).toHaveLength(1);
    expect(warnings()[0]).toMatchObject({ fields: { group: GROUP } });
    now += 60_000;
    await register(h.sandbox, { entryId: h.entry.entryId, uniqueId: 'f' }).catch(() => {});
    expect(warnings()).toHaveLength(2);
    expect(warnings()[1]!.message).toContain('3 more like it');
    expect(h.bridge.capCounts.callsRefused).toBe(5);
  });
});

describe('attribute bytes per entity (exceedsEntityAttributeCap)', () => {
  const cap = 1024;

  it('refuses a registration whose attributes are over the cap, creating nothing', async () => {
    await start({ maxAttributeBytesPerEntity: cap });
    const huge = { blob: 'x'.repeat(cap) };
    await expect(
      register(h.sandbox, { entryId: h.entry.entryId, uniqueId: 'big', report: { attributes: huge } }),
    ).rejects.toMatchObject({
      type: 'cap_exceeded',
      message: expect.stringContaining('maxAttributeBytesPerEntity'),
    });
    expect(h.hub.entities.entityIdFor('light', 'acme', 'big')).toBeUndefined();
    expect(h.bridge.proxies).toEqual([]);
    expect(h.bridge.attributeBytes).toBe(0);
  });

  it('accepts attributes of exactly the cap', async () => {
    await start({ maxAttributeBytesPerEntity: cap });
    const fill = cap - lampBytes({ blob: '' });
    const entityId = await register(h.sandbox, {
      entryId: h.entry.entryId,
      report: { attributes: { blob: 'x'.repeat(fill) } },
    });
    expect(h.hub.states.get(entityId)?.attributes.blob).toHaveLength(fill);
    expect(h.bridge.attributeBytes).toBe(cap);
  });

  it('drops a state update over the cap, counts it, and applies the next one that fits', async () => {
    await start({ maxAttributeBytesPerEntity: cap });
    const entityId = await register(h.sandbox, { entryId: h.entry.entryId, uniqueId: 'lamp-1' });
    const before = h.bridge.attributeBytes;
    const small = lampReport().attributes;
    const huge = { ...small, blob: 'x'.repeat(cap) };
    h.sandbox.push('state_changed', {
      updates: [{ sandboxEntityId: sid('lamp-1'), state: 'off', ...encodeAttributes(small, huge) }],
    });
    await flush();
    expect(h.hub.states.get(entityId)).toMatchObject({ state: 'on', attributes: { brightness: 128 } });
    expect(h.hub.states.get(entityId)?.attributes.blob).toBeUndefined();
    expect(h.bridge.capCounts.updatesDropped).toBe(1);
    expect(h.bridge.attributeBytes).toBe(before);
    h.sandbox.push('state_changed', {
      updates: [
        { sandboxEntityId: sid('lamp-1'), state: 'off', ...encodeAttributes(small, { brightness: 3 }) },
      ],
    });
    await flush();
    expect(h.hub.states.get(entityId)).toMatchObject({ state: 'off', attributes: { brightness: 3 } });
  });

  it('a dropped update leaves the rest of its frame applied', async () => {
    await start({ maxAttributeBytesPerEntity: cap });
    const a = await register(h.sandbox, { entryId: h.entry.entryId, uniqueId: 'a' });
    const b = await register(h.sandbox, { entryId: h.entry.entryId, uniqueId: 'b' });
    h.sandbox.push('state_changed', {
      updates: [
        { sandboxEntityId: sid('a'), state: 'off', attributes: encodeJson({ blob: 'x'.repeat(cap) }) },
        { sandboxEntityId: sid('b'), state: 'off', attributes: encodeJson({ brightness: 1 }) },
      ],
    });
    await flush();
    expect(h.hub.states.get(a)?.state).toBe('on');
    expect(h.hub.states.get(b)).toMatchObject({ state: 'off', attributes: { brightness: 1 } });
  });

  it('warns once per entity per interval about a stream of oversized updates', async () => {
    await start({ maxAttributeBytesPerEntity: cap, logIntervalMs: 60_000 });
    await register(h.sandbox, { entryId: h.entry.entryId, uniqueId: 'a' });
    await register(h.sandbox, { entryId: h.entry.entryId, uniqueId: 'b' });
    const oversized = (uniqueId: string) => ({
      sandboxEntityId: sid(uniqueId),
      state: 'on',
      attributes: encodeJson({ blob: 'x'.repeat(cap) }),
    });
    for (let i = 0; i < 50; i++)
      h.sandbox.push('state_changed', { updates: [oversized('a'), oversized('b')] });
    await flush();
    expect(h.bridge.capCounts.updatesDropped).toBe(100);
    expect(warnings().map((line) => line.message.split(' dropped')[0])).toEqual([
      `state update of ${sid('a')}`,
      `state update of ${sid('b')}`,
    ]);
    expect(warnings().every((line) => line.fields?.group === GROUP)).toBe(true);
  });

  it('drops an update whose attributes are not JSON and applies the rest of the frame', async () => {
    await start({ maxAttributeBytesPerEntity: cap });
    const a = await register(h.sandbox, { entryId: h.entry.entryId, uniqueId: 'a' });
    const b = await register(h.sandbox, { entryId: h.entry.entryId, uniqueId: 'b' });
    h.sandbox.push('state_changed', {
      updates: [
        { sandboxEntityId: sid('a'), state: 'off', attributes: new TextEncoder().encode('{nope') },
        { sandboxEntityId: sid('b'), state: 'off' },
      ],
    });
    await flush();
    expect(h.hub.states.get(a)?.state).toBe('on');
    expect(h.hub.states.get(b)?.state).toBe('off');
  });

  it('writes at most MAX_LINES warnings per interval however many entities break the cap, then sums up the rest', async () => {
    await start({ maxAttributeBytesPerEntity: cap, logIntervalMs: 60_000 });
    const ids = Array.from({ length: MAX_LINES + 20 }, (_, i) => `e${i}`);
    const descriptions = ids.map(
      (uniqueId) => describeEntity({ entryId: h.entry.entryId, uniqueId }).description!,
    );
    await h.sandbox.call('register_entities', { descriptions });
    const oversized = (uniqueId: string) => ({
      sandboxEntityId: sid(uniqueId),
      state: 'on',
      attributes: encodeJson({ blob: 'x'.repeat(cap) }),
    });
    for (let round = 0; round < 3; round++) h.sandbox.push('state_changed', { updates: ids.map(oversized) });
    // A frame is applied within the turn budget; on a slow run the rest follow in later turns.
    await vi.waitFor(() => expect(h.bridge.capCounts.updatesDropped).toBe(ids.length * 3));
    expect(warnings()).toHaveLength(MAX_LINES);
    now += 60_000;
    h.sandbox.push('state_changed', { updates: [oversized('e0')] });
    await flush();
    expect(warnings()[MAX_LINES]!.message).toBe('20 more cap warnings were held back in the last interval');
    expect(warnings()[MAX_LINES + 1]!.message).toContain('2 more like it');
  });

  it('refuses attributes too deeply nested to encode, without failing the channel', async () => {
    await start({});
    const entityId = await register(h.sandbox, { entryId: h.entry.entryId, uniqueId: 'a' });
    const deep = new TextEncoder().encode(`{"a":${'['.repeat(200_000)}${']'.repeat(200_000)}}`);
    h.sandbox.push('state_changed', {
      updates: [{ sandboxEntityId: sid('a'), state: 'off', attributes: deep }],
    });
    await flush();
    h.sandbox.push('state_changed', { updates: [{ sandboxEntityId: sid('a'), state: 'idle' }] });
    await flush();
    expect(h.host.state).toBe('open');
    expect(h.hub.states.get(entityId)?.state).toBe('idle');
    expect(h.hub.states.get(entityId)?.attributes.a).toBeUndefined();
  });
});

describe('attribute bytes per group (exceedsGroupAttributeCap)', () => {
  const each = { blob: 'x'.repeat(400) };

  it('refuses the registration that would pass the group total; the host keeps what fits', async () => {
    await start({ maxAttributeBytesPerGroup: lampBytes(each) * 3 });
    for (const uniqueId of ['a', 'b', 'c']) {
      await register(h.sandbox, { entryId: h.entry.entryId, uniqueId, report: { attributes: each } });
    }
    await expect(
      register(h.sandbox, { entryId: h.entry.entryId, uniqueId: 'd', report: { attributes: each } }),
    ).rejects.toMatchObject({
      type: 'cap_exceeded',
      message: expect.stringContaining('maxAttributeBytesPerGroup'),
    });
    expect(h.bridge.proxies).toHaveLength(3);
    expect(h.bridge.attributeBytes).toBe(lampBytes(each) * 3);
    // An update that shrinks an entity frees room for another.
    h.sandbox.push('state_changed', {
      updates: [{ sandboxEntityId: sid('a'), state: 'on', attributes: encodeJson({}) }],
    });
    await flush();
    await register(h.sandbox, { entryId: h.entry.entryId, uniqueId: 'd', report: { attributes: { n: 1 } } });
    expect(h.bridge.proxies).toHaveLength(4);
  });

  it('drops an update that would grow the group past its total, keeping the entity as it was', async () => {
    await start({ maxAttributeBytesPerGroup: lampBytes(each) * 2 });
    const a = await register(h.sandbox, {
      entryId: h.entry.entryId,
      uniqueId: 'a',
      report: { attributes: each },
    });
    await register(h.sandbox, { entryId: h.entry.entryId, uniqueId: 'b', report: { attributes: each } });
    h.sandbox.push('state_changed', {
      updates: [{ sandboxEntityId: sid('a'), state: 'off', attributes: encodeJson({ ...each, more: 1 }) }],
    });
    await flush();
    expect(h.hub.states.get(a)).toMatchObject({ state: 'on', attributes: each });
    expect(h.hub.states.get(a)?.attributes.more).toBeUndefined();
    expect(h.bridge.capCounts.updatesDropped).toBe(1);
    expect(h.bridge.attributeBytes).toBe(lampBytes(each) * 2);
  });

  it('frees an entity’s bytes when it is unregistered', async () => {
    await start({ maxAttributeBytesPerGroup: lampBytes(each) });
    await register(h.sandbox, { entryId: h.entry.entryId, uniqueId: 'a', report: { attributes: each } });
    await h.sandbox.call('unregister_entity', { sandboxEntityId: sid('a') });
    expect(h.bridge.attributeBytes).toBe(0);
    await register(h.sandbox, { entryId: h.entry.entryId, uniqueId: 'b', report: { attributes: each } });
    expect(h.bridge.proxies.map((proxy) => proxy.uniqueId)).toEqual(['b']);
  });
});

describe('services per group (serviceCapReached)', () => {
  it('refuses a service past the cap with cap_exceeded; the group keeps exactly the cap and re-registers its own', async () => {
    await start({ maxServicesPerGroup: 2 });
    await h.sandbox.call('register_service', { domain: 'acme', service: 'one' });
    await h.sandbox.call('register_service', { domain: 'acme', service: 'two' });
    await expect(
      h.sandbox.call('register_service', { domain: 'acme', service: 'three' }),
    ).rejects.toMatchObject({
      type: 'cap_exceeded',
      message: expect.stringContaining('maxServicesPerGroup'),
    });
    expect(h.hub.services.has('acme', 'three')).toBe(false);
    expect(h.bridge.serviceNames).toEqual(['acme.one', 'acme.two']);
    // Its own service again is a replacement, not one more.
    await h.sandbox.call('register_service', { domain: 'acme', service: 'two', supportsResponse: 2 });
    await h.sandbox.call('unregister_service', { domain: 'acme', service: 'one' });
    await h.sandbox.call('register_service', { domain: 'acme', service: 'three' });
    expect(h.bridge.serviceNames).toEqual(['acme.three', 'acme.two']);
    expect(warnings()).toEqual([expect.objectContaining({ fields: { group: GROUP } })]);
  });
});

describe('events per second per group (eventWithinRate)', () => {
  const caps = { eventsPerSecond: 10, eventBurst: 5 };

  it('sheds a burst past the bucket and counts it, without blocking the host', async () => {
    await start(caps);
    const seen: HubEvent[] = [];
    h.hub.bus.listen('acme_tick', (event) => seen.push(event));
    for (let i = 0; i < 20; i++)
      h.sandbox.push('fire_event', { eventType: 'acme_tick', data: encodeJson({ i }) });
    await flush();
    expect(seen.map((event) => event.data)).toEqual([0, 1, 2, 3, 4].map((i) => ({ i })));
    expect(h.bridge.capCounts.eventsShed).toBe(15);
    expect(warnings()).toHaveLength(1);
    expect(warnings()[0]).toMatchObject({ fields: { group: GROUP } });
    // The bucket refills at the sustained rate: 100 ms buys one event.
    now += 100;
    h.sandbox.push('fire_event', { eventType: 'acme_tick', data: encodeJson({ i: 20 }) });
    h.sandbox.push('fire_event', { eventType: 'acme_tick', data: encodeJson({ i: 21 }) });
    await flush();
    expect(seen.at(-1)?.data).toEqual({ i: 20 });
    expect(seen).toHaveLength(6);
    expect(h.bridge.capCounts.eventsShed).toBe(16);
  });

  it('a flooding group leaves the events of another group alone', async () => {
    await start(caps);
    await h.addEntry('beta', 'custom');
    const [a, b] = memoryTransportPair();
    const host = new Channel(a, { codec: new ProtobufCodec(), name: 'host-custom' });
    const sandbox = new Channel(b, { codec: new ProtobufCodec(), name: 'custom' });
    const store = new StoreServer({ configDir: h.configDir, group: 'custom' });
    const bridge = new SandboxBridge('custom', host, { ...h.hub, store, caps, clock: { now: () => now } });
    try {
      const seen: string[] = [];
      h.hub.bus.listen('*', (event) => {
        if (event.origin === 'remote') seen.push(event.type);
      });
      for (let i = 0; i < 50; i++)
        h.sandbox.push('fire_event', { eventType: 'acme_tick', data: encodeJson({}) });
      for (let i = 0; i < 5; i++)
        sandbox.push('fire_event', { eventType: 'beta_tick', data: encodeJson({}) });
      await flush();
      expect(seen.filter((type) => type === 'beta_tick')).toHaveLength(5);
      expect(seen.filter((type) => type === 'acme_tick')).toHaveLength(5);
      expect(bridge.capCounts.eventsShed).toBe(0);
      expect(h.bridge.capCounts.eventsShed).toBe(45);
    } finally {
      bridge.teardown();
      await sandbox.close();
    }
  });
});
