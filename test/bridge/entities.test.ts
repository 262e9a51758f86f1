import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createContext } from '../../src/host/context.js';
import type { Context, State } from '../../src/host/types.js';
import { LightEntity } from '../../src/sdk/index.js';
import { decodeJson, encodeJson } from '../../src/wire/json.js';
import { encodeAttributes, identityToWire, reportToWire } from '../../src/wire/messages.js';
import type { Received } from '../../src/wire/protocol.js';
import { until } from '../support/async.js';
import { describeEntity, flush, type Harness, harness, lampReport, register } from './support.js';

let h: Harness;
beforeEach(async () => {
  h = await harness();
});
afterEach(async () => {
  await h.cleanup();
});

const attrs = (state: State | undefined) => ({ ...state?.attributes });

describe('register_entity', () => {
  it('places a proxy under the entity id and state the same entity gets in-process', async () => {
    const lamp = new LightEntity({ uniqueId: 'lamp-1', name: 'Kitchen lamp', brightness: 77, isOn: true });
    lamp.supportedColorModes = ['brightness'];
    const { entityId } = await h.sandbox.call('register_entity', {
      description: {
        entryId: h.entry.entryId,
        domain: 'light',
        sandboxEntityId: 'light:lamp-1@x',
        uniqueId: 'lamp-1',
        identity: identityToWire(lamp.identity()),
        initialState: reportToWire(lamp.report()),
      },
    });
    const remote = h.hub.states.get(entityId)!;

    const local = await harness();
    try {
      const [localId] = await local.hub.platform.add(local.entry.entryId, 'acme', [lamp]);
      expect(entityId).toBe(localId);
      const inProcess = local.hub.states.get(localId!)!;
      expect(remote.state).toBe(inProcess.state);
      expect(remote.attributes).toEqual(inProcess.attributes);
    } finally {
      await local.cleanup();
    }
    expect(h.hub.entities.get(entityId)).toMatchObject({ platform: 'acme', configEntryId: h.entry.entryId });
  });

  it('changes nothing when an unchanged description is registered again', async () => {
    const entityId = await register(h.sandbox, { entryId: h.entry.entryId, hash: 'h1' });
    const before = h.hub.states.get(entityId);
    let registryEvents = 0;
    h.hub.bus.listen('entity_registry_updated', () => registryEvents++);
    expect(
      await register(h.sandbox, { entryId: h.entry.entryId, hash: 'h1', report: { state: 'off' } }),
    ).toBe(entityId);
    expect(h.hub.states.get(entityId)).toBe(before);
    expect(registryEvents).toBe(0);
    expect(h.bridge.proxies).toHaveLength(1);
  });

  it('the host work per registration does not grow with the devices already registered', async () => {
    const n = 600;
    const stringify = vi.spyOn(JSON, 'stringify');
    let calls: number;
    try {
      for (let i = 0; i < n; i++) {
        await register(h.sandbox, {
          entryId: h.entry.entryId,
          uniqueId: `u${i}`,
          handle: i + 1,
          identity: {
            name: `Lamp ${i}`,
            deviceInfo: { identifiers: [['acme', `d${i}`]], name: `Device ${i}` },
          },
        });
      }
      calls = stringify.mock.calls.length;
    } finally {
      stringify.mockRestore();
    }
    // Matching each device info against every device would key n²/2 (180,000) pairs.
    expect(calls).toBeLessThan(50 * n);
    expect(h.hub.devices.list()).toHaveLength(n);
  });

  it('a large register_entities batch is applied across event-loop turns, every outcome in order', async () => {
    const n = 2_000;
    const descriptions = Array.from(
      { length: n },
      (_, i) => describeEntity({ entryId: h.entry.entryId, uniqueId: `b${i}`, handle: i + 1 }).description!,
    );
    let turns = 0;
    let done = false;
    const tick = () => {
      turns++;
      if (!done) setImmediate(tick);
    };
    setImmediate(tick);
    const { outcomes } = await h.sandbox.call('register_entities', { descriptions });
    done = true;
    expect(outcomes).toHaveLength(n);
    expect(outcomes.every((outcome) => (outcome.entityId ?? '').startsWith('light.'))).toBe(true);
    expect(new Set(outcomes.map((outcome) => outcome.entityId)).size).toBe(n);
    // Applied whole, the batch would hold one turn; in 8 ms slices it lets the loop turn between.
    expect(turns).toBeGreaterThanOrEqual(10);
  });

  it('updates the proxy in place when the description changed', async () => {
    const entityId = await register(h.sandbox, { entryId: h.entry.entryId, hash: 'h1' });
    const again = await register(h.sandbox, {
      entryId: h.entry.entryId,
      hash: 'h2',
      identity: { name: 'Pantry lamp', deviceInfo: { identifiers: [['acme', 'hub-1']], name: 'Acme hub' } },
    });
    expect(again).toBe(entityId);
    expect(h.bridge.proxies).toHaveLength(1);
    expect(h.hub.states.get(entityId)?.attributes.friendly_name).toBe('Pantry lamp');
    const entry = h.hub.entities.get(entityId)!;
    expect(entry.originalName).toBe('Pantry lamp');
    expect(h.hub.devices.get(entry.deviceId!)).toMatchObject({
      name: 'Acme hub',
      configEntries: [h.entry.entryId],
    });
  });

  it('register_entities judges each description alone: one refused, the others placed, outcomes in order', async () => {
    const batch = ['a', 'b', 'c'].map(
      (uniqueId) =>
        describeEntity({
          entryId: h.entry.entryId,
          uniqueId,
          identity: { name: `Lamp ${uniqueId}` },
          domain: uniqueId === 'b' ? 'persistent_notification' : 'light',
        }).description!,
    );
    const { outcomes } = await h.sandbox.call('register_entities', { descriptions: batch });
    expect(outcomes.map((o) => [o.entityId, o.error?.type ?? null])).toEqual([
      ['light.lamp_a', null],
      ['', 'validation_error'],
      ['light.lamp_c', null],
    ]);
    expect(h.hub.states.get('light.lamp_c')?.state).toBe('on');
    expect(h.bridge.proxies).toHaveLength(2);
  });

  it('register_entities is refused whole on a torn-down bridge', async () => {
    h.bridge.teardown();
    const description = describeEntity({ entryId: h.entry.entryId }).description!;
    await expect(h.sandbox.call('register_entities', { descriptions: [description] })).rejects.toMatchObject({
      type: 'channel_closed',
    });
  });

  it('refuses a domain that is not an entity domain', async () => {
    await expect(
      register(h.sandbox, { entryId: h.entry.entryId, domain: 'persistent_notification' }),
    ).rejects.toMatchObject({ type: 'validation_error' });
  });

  it('removes an entity the integration unregisters while its entry is loaded', async () => {
    const entityId = await register(h.sandbox, { entryId: h.entry.entryId });
    await h.sandbox.call('unregister_entity', { sandboxEntityId: `light:lamp-1@${h.entry.entryId}` });
    expect(h.hub.states.get(entityId)).toBeUndefined();
    expect(h.hub.entities.get(entityId)).toBeUndefined();
    expect(h.bridge.proxies).toEqual([]);
  });
});

describe('state_changed', () => {
  const sid = () => `light:lamp-1@${h.entry.entryId}`;
  const lampAttributes = lampReport().attributes;
  const update = (
    state: string,
    previous: Record<string, unknown> | undefined,
    next: Record<string, unknown>,
  ) => ({
    sandboxEntityId: sid(),
    state,
    ...encodeAttributes(previous, next),
  });

  it('a frame of many updates is applied over several turns, in wire order, before what the group sends next', async () => {
    const entityId = await register(h.sandbox, {
      entryId: h.entry.entryId,
      report: { attributes: { a: 1 } },
    });
    const seen: string[] = [];
    h.hub.bus.listen('state_changed', (event) => {
      if (event.data.entityId === entityId) seen.push(event.data.newState?.state ?? 'removed');
    });
    let turns = 0;
    let done = false;
    const tick = () => {
      turns++;
      if (!done) setImmediate(tick);
    };
    setImmediate(tick);
    const n = 30_000;
    const frame = (from: number) => ({
      updates: Array.from({ length: n }, (_, i) => update(String(from + i), undefined, { a: from + i })),
    });
    h.sandbox.push('state_changed', frame(0));
    await until(() => seen.length === n, 20_000, 'every update applied');
    done = true;
    expect(turns).toBeGreaterThan(1);
    expect(seen.slice(0, 3)).toEqual(['0', '1', '2']);
    expect(seen.at(-1)).toBe(String(n - 1));
    // A registration sent right after a frame finds every update of it applied.
    h.sandbox.push('state_changed', frame(n));
    let seenAtRegistration = 0;
    h.hub.bus.listen('entity_registry_updated', () => {
      seenAtRegistration ||= seen.length;
    });
    await register(h.sandbox, { entryId: h.entry.entryId, uniqueId: 'lamp-2' });
    expect(seenAtRegistration).toBe(2 * n);
    expect(h.hub.states.get(entityId)?.attributes.a).toBe(2 * n - 1);
  });

  it('frames that arrive faster than they apply are still applied in wire order, none lost', async () => {
    const entityId = await register(h.sandbox, {
      entryId: h.entry.entryId,
      report: { attributes: { a: 1 } },
    });
    const seen: string[] = [];
    h.hub.bus.listen('state_changed', (event) => {
      if (event.data.entityId === entityId) seen.push(event.data.newState?.state ?? 'removed');
    });
    const perFrame = 10_000;
    for (let f = 0; f < 8; f++) {
      h.sandbox.push('state_changed', {
        updates: Array.from({ length: perFrame }, (_, i) => update(`${f}.${i}`, undefined, { a: f })),
      });
    }
    await until(() => seen.length === 8 * perFrame, 20_000, 'every update applied');
    expect(seen.filter((state, i) => state !== `${Math.floor(i / perFrame)}.${i % perFrame}`)).toEqual([]);
    expect(h.hub.states.get(entityId)?.attributes.a).toBe(7);
  });

  it('applies full updates and deltas in wire order', async () => {
    const entityId = await register(h.sandbox, {
      entryId: h.entry.entryId,
      report: { attributes: { a: 1, b: 2 } },
    });
    const seen: string[] = [];
    h.hub.bus.listen('state_changed', (event) => {
      if (event.data.entityId === entityId) seen.push(event.data.newState?.state ?? 'removed');
    });
    const big = { a: 1, b: 2, long: 'x'.repeat(200) };
    h.sandbox.push('state_changed', {
      updates: [
        update('off', undefined, big),
        update('on', big, { ...big, a: 5 }),
        update('off', big, { a: 5, long: big.long }),
      ],
    });
    const delta = update('on', { a: 5, long: big.long }, { a: 6, long: big.long, c: 'new' });
    expect(delta.delta).toBe(true);
    h.sandbox.push('state_changed', { updates: [delta] });
    await flush();
    expect(seen).toEqual(['off', 'on', 'off', 'on']);
    const state = h.hub.states.get(entityId)!;
    expect(state.state).toBe('on');
    expect(attrs(state)).toMatchObject({
      a: 6,
      long: big.long,
      c: 'new',
      supported_color_modes: ['brightness'],
    });
    expect(state.attributes).not.toHaveProperty('b');
  });

  const contextsOf = async (frames: { state: string; contextId?: string; frameContextId?: string }[]) => {
    const ids = [
      await register(h.sandbox, { entryId: h.entry.entryId, uniqueId: 'a', identity: { name: 'A' } }),
      await register(h.sandbox, { entryId: h.entry.entryId, uniqueId: 'b', identity: { name: 'B' } }),
    ];
    const contexts: Context[] = [];
    h.hub.bus.listen('state_changed', (event) => {
      if (ids.includes(event.data.entityId)) contexts.push(event.data.newState!.context);
    });
    for (const { state, contextId, frameContextId } of frames) {
      h.sandbox.push('state_changed', {
        updates: ['a', 'b'].map((uniqueId) => ({
          sandboxEntityId: `light:${uniqueId}@${h.entry.entryId}`,
          state,
          contextId: contextId ?? '',
        })),
        contextId: frameContextId ?? '',
      });
    }
    await flush();
    return { ids, contexts };
  };

  it('the states of a frame without a context id share one fresh host context; each frame gets its own', async () => {
    const { ids, contexts } = await contextsOf([{ state: 'off' }, { state: 'on' }]);
    expect(contexts).toHaveLength(4);
    const [first, second, third, fourth] = contexts;
    expect(second).toBe(first);
    expect(fourth).toBe(third);
    expect(third!.id).not.toBe(first!.id);
    for (const context of contexts) {
      expect(context).toMatchObject({
        id: expect.stringMatching(/^[0-9A-Z]{26}$/),
        parentId: null,
        userId: null,
      });
    }
    expect(h.hub.states.get(ids[1]!)?.context).toBe(third);
  });

  it('an unknown context id is only a key: it gets a fresh host context, the same one each time it comes back', async () => {
    const { contexts } = await contextsOf([
      { state: 'off', contextId: 'sandbox-picked-id' },
      { state: 'on', frameContextId: 'sandbox-picked-id' },
    ]);
    expect(contexts).toHaveLength(4);
    expect(new Set(contexts).size).toBe(1);
    expect(contexts[0]).toMatchObject({
      id: expect.stringMatching(/^[0-9A-Z]{26}$/),
      parentId: null,
      userId: null,
    });
    expect(contexts[0]!.id).not.toBe('sandbox-picked-id');
  });

  it('a state update naming the context a service call sent is written with that call’s context', async () => {
    const callContext = createContext({ userId: 'user-1' }, { now: () => Date.now() });
    const id = h.bridge.contexts.remember(callContext);
    const { contexts } = await contextsOf([{ state: 'on', frameContextId: id }]);
    expect(contexts).toEqual([callContext, callContext]);
  });

  it('a delta with no attribute bytes changes only the state and keeps every attribute', async () => {
    const entityId = await register(h.sandbox, {
      entryId: h.entry.entryId,
      report: { attributes: { brightness: 9, color_mode: 'brightness' } },
    });
    const before = h.hub.states.get(entityId)!;
    h.sandbox.push('state_changed', {
      updates: [{ sandboxEntityId: sid(), state: 'off', ...encodeAttributes({ a: 1 }, { a: 1 }) }],
    });
    await flush();
    const after = h.hub.states.get(entityId)!;
    expect(after.state).toBe('off');
    expect(after.attributes).toBe(before.attributes);
  });

  it('a state-only update keeps the attributes; a rename in the registry shows with the next update', async () => {
    const entityId = await register(h.sandbox, { entryId: h.entry.entryId });
    const stateOnly = (state: string) =>
      h.sandbox.push('state_changed', {
        updates: [{ sandboxEntityId: sid(), state, ...encodeAttributes(lampAttributes, lampAttributes) }],
      });
    stateOnly('off');
    await flush();
    const off = h.hub.states.get(entityId)!;
    stateOnly('on');
    await flush();
    expect(h.hub.states.get(entityId)?.attributes).toBe(off.attributes);
    h.hub.entities.update(entityId, { name: 'Pantry' });
    stateOnly('off');
    await flush();
    expect(h.hub.states.get(entityId)).toMatchObject({
      state: 'off',
      attributes: expect.objectContaining({ friendly_name: 'Pantry', brightness: 128 }),
    });
  });

  it("updates may name an entity by its registration's handle; an unknown handle is ignored", async () => {
    const entityId = await register(h.sandbox, { entryId: h.entry.entryId, handle: 7 });
    h.sandbox.push('state_changed', {
      updates: [
        { handle: 8, state: 'unknown-handle' },
        { handle: 7, state: 'off' },
      ],
    });
    await flush();
    expect(h.hub.states.get(entityId)?.state).toBe('off');
  });

  it('a handle names the entity registered with it last, and nothing once that entity is unregistered', async () => {
    const a = await register(h.sandbox, { entryId: h.entry.entryId, uniqueId: 'a', handle: 1 });
    const b = await register(h.sandbox, { entryId: h.entry.entryId, uniqueId: 'b', handle: 1 });
    h.sandbox.push('state_changed', { updates: [{ handle: 1, state: 'off' }] });
    await flush();
    expect(h.hub.states.get(a)?.state).toBe('on');
    expect(h.hub.states.get(b)?.state).toBe('off');
    await h.sandbox.call('unregister_entity', { sandboxEntityId: `light:b@${h.entry.entryId}` });
    h.sandbox.push('state_changed', { updates: [{ handle: 1, state: 'on' }] });
    await flush();
    expect(h.hub.states.get(a)?.state).toBe('on');
    expect(h.hub.states.get(b)).toBeUndefined();
  });

  it('ignores updates of unknown entities and keeps applying the rest of the frame', async () => {
    const entityId = await register(h.sandbox, { entryId: h.entry.entryId });
    h.sandbox.push('state_changed', {
      updates: [
        { sandboxEntityId: 'light:nobody', state: 'off', attributes: encodeJson({}) },
        { sandboxEntityId: sid(), state: 'x'.repeat(300) },
        { sandboxEntityId: sid(), state: 'off', attributes: encodeJson({ brightness: 0 }) },
      ],
    });
    await flush();
    expect(h.hub.states.get(entityId)?.state).toBe('off');
    expect(h.hub.states.get('light.nobody')).toBeUndefined();
  });
});

describe('availability and teardown', () => {
  it('marks every proxy unavailable, and the channel closing does so on its own', async () => {
    const ids = [
      await register(h.sandbox, { entryId: h.entry.entryId, uniqueId: 'a', identity: { name: 'A' } }),
      await register(h.sandbox, { entryId: h.entry.entryId, uniqueId: 'b', identity: { name: 'B' } }),
    ];
    h.bridge.markUnavailable();
    for (const id of ids)
      expect(h.hub.states.get(id)).toMatchObject({
        state: 'unavailable',
        attributes: expect.not.objectContaining({ brightness: 128 }),
      });
    // One cause, one context: the states it turned unavailable share it.
    expect(h.hub.states.get(ids[1]!)?.context).toBe(h.hub.states.get(ids[0]!)?.context);

    const other = h.link();
    const id = await register(other.sandbox, {
      entryId: h.entry.entryId,
      uniqueId: 'c',
      identity: { name: 'C' },
    });
    await other.sandbox.close();
    await flush();
    expect(h.hub.states.get(id)?.state).toBe('unavailable');
  });

  it('releases every slot on teardown so a respawned sandbox gets the same entity ids', async () => {
    const first = [
      await register(h.sandbox, { entryId: h.entry.entryId, uniqueId: 'a', identity: { name: 'A' } }),
      await register(h.sandbox, { entryId: h.entry.entryId, uniqueId: 'b', identity: { name: 'B' } }),
    ];
    await h.sandbox.call('register_service', { domain: 'acme', service: 'refresh' });
    await h.sandbox.close();
    h.bridge.teardown();
    expect(h.hub.platform.get(first[0]!)).toBeUndefined();
    expect(h.hub.services.has('acme', 'refresh')).toBe(false);

    const respawned = h.link();
    const second = [
      await register(respawned.sandbox, { entryId: h.entry.entryId, uniqueId: 'a', identity: { name: 'A' } }),
      await register(respawned.sandbox, { entryId: h.entry.entryId, uniqueId: 'b', identity: { name: 'B' } }),
    ];
    expect(second).toEqual(first);
    expect(h.hub.states.get(first[0]!)?.state).toBe('on');
    await respawned.sandbox.call('register_service', { domain: 'acme', service: 'refresh' });
    expect(h.hub.services.has('acme', 'refresh')).toBe(true);
    await respawned.sandbox.close();
  });

  it('refuses frames on a torn-down bridge', async () => {
    h.bridge.teardown();
    await expect(register(h.sandbox, { entryId: h.entry.entryId })).rejects.toMatchObject({
      type: 'channel_closed',
    });
  });
});

describe('calls through a proxy', () => {
  it('a service call reaches the sandbox with a remembered context and the response comes back', async () => {
    const entityId = await register(h.sandbox, { entryId: h.entry.entryId });
    const received: Received<'call_service'>[] = [];
    h.sandbox.register('call_service', (request) => {
      received.push(request);
      return { response: encodeJson({ done: true }) };
    });
    const context: Context = { id: '01HXCALLERCONTEXT000000000', parentId: null, userId: 'user-1' };
    await h.hub.services.call(
      'light',
      'turn_on',
      { brightness: 10 },
      { target: { entity_id: entityId }, context },
    );
    expect(received).toHaveLength(1);
    const [call] = received;
    expect(call).toMatchObject({ domain: 'light', service: 'turn_on', contextId: context.id });
    expect(decodeJson(call!.target)).toEqual({ entity_id: [`light:lamp-1@${h.entry.entryId}`] });
    expect(decodeJson(call!.data)).toEqual({ brightness: 10 });
    expect(h.bridge.contexts.resolve(call!.contextId)).toBe(context);

    await h.sandbox.call('register_service', { domain: 'acme', service: 'status', supportsResponse: 1 });
    const response = await h.hub.services.call(
      'acme',
      'status',
      {},
      { target: { entity_id: entityId }, returnResponse: true, context },
    );
    expect(response).toEqual({ done: true });
    expect(decodeJson(received[1]!.target)).toEqual({ entity_id: [entityId] });
    expect(h.bridge.contexts.resolve(received[1]!.contextId)).toBe(context);
  });

  it('a service call resolves with every state update the sandbox sent before its answer applied, however large the frame', async () => {
    const entityId = await register(h.sandbox, {
      entryId: h.entry.entryId,
      report: { attributes: { a: 1 } },
    });
    const n = 30_000;
    h.sandbox.register('call_service', () => {
      // Far more updates than one turn's budget applies, pushed before the answer.
      h.sandbox.push('state_changed', {
        updates: Array.from({ length: n }, (_, i) => ({
          sandboxEntityId: `light:lamp-1@${h.entry.entryId}`,
          state: String(i),
          ...encodeAttributes(undefined, { a: i }),
        })),
      });
      return {};
    });
    await h.hub.services.call('light', 'turn_on', {}, { target: { entity_id: entityId } });
    expect(h.hub.states.get(entityId)?.state).toBe(String(n - 1));
  });

  it('a query reaches the sandbox entity and its answer comes back', async () => {
    const entityId = await register(h.sandbox, { entryId: h.entry.entryId });
    h.sandbox.register('entity_query', ({ sandboxEntityId, method, args }) => ({
      value: encodeJson({ sandboxEntityId, method, args: decodeJson(args) }),
    }));
    expect(await h.hub.platform.query(entityId, 'get_forecasts', { type: 'daily' })).toEqual({
      sandboxEntityId: `light:lamp-1@${h.entry.entryId}`,
      method: 'get_forecasts',
      args: { type: 'daily' },
    });
  });
});
