import { describe, expect, test } from 'vitest';
import { decodeJson } from '../../src/wire/json.js';
import type { Received } from '../../src/wire/protocol.js';
import { gate, settle, until } from '../support/async.js';
import { integration, Lamp, sensor } from './fixtures.js';
import {
  acceptRegistration,
  acceptRegistrations,
  framesOf,
  idOf,
  registrations,
  registrationsOf,
  type SandboxHarness,
  startSandbox,
} from './harness.js';

type StateChanged = Received<'state_changed'>;

/** A sandbox with lamps `a` and `b` and a sensor set up under entry-1. */
async function withEntities(options: Parameters<typeof startSandbox>[0] = {}) {
  const a = new Lamp('a');
  const b = new Lamp('b');
  const temperature = sensor('t', 20);
  const { definition, captured } = integration((api) => api.addEntities([a, b, temperature]));
  const harness = await startSandbox({ integrations: { fixture: definition }, ...options });
  return { harness, a, b, temperature, captured };
}

const typesAfter = (harness: SandboxHarness, from: number) => harness.sent.slice(from).map((f) => f.type);

describe('state changes', () => {
  test('every change of one tick arrives in one state_changed push, the latest per entity', async () => {
    const { harness, a, b, temperature } = await withEntities();
    await harness.setup();
    a.isOn = true;
    a.writeState();
    a.brightness = 10;
    a.writeState();
    b.isOn = true;
    b.writeState();
    (temperature as unknown as { nativeValue: number }).nativeValue = 21.5;
    temperature.writeState();
    await framesOf(harness, 'state_changed');
    await settle();
    const pushes = harness.of<StateChanged>('state_changed');
    expect(pushes).toHaveLength(1);
    expect(pushes[0]!.updates.map((u) => [idOf(harness, u), u.state])).toEqual([
      ['light:a@entry-1', 'on'],
      ['light:b@entry-1', 'on'],
      ['sensor:t@entry-1', '21.5'],
    ]);
    expect(harness.states.get('light:a@entry-1')?.attributes.brightness).toBe(10);
  });

  test('the changes of one tick go out in the order the entities first changed, each once', async () => {
    const { harness, a, b, temperature } = await withEntities();
    await harness.setup();
    (temperature as unknown as { nativeValue: number }).nativeValue = 30;
    temperature.writeState();
    b.isOn = true;
    b.writeState();
    a.isOn = true;
    a.writeState();
    b.brightness = 7;
    b.writeState();
    await framesOf(harness, 'state_changed');
    await settle();
    const pushes = harness.of<StateChanged>('state_changed');
    expect(pushes).toHaveLength(1);
    expect(pushes[0]!.updates.map((u) => idOf(harness, u))).toEqual([
      'sensor:t@entry-1',
      'light:b@entry-1',
      'light:a@entry-1',
    ]);
    expect(harness.states.get('light:b@entry-1')?.attributes.brightness).toBe(7);
  });

  test('an entity changed again after a flush goes out again in the next tick', async () => {
    const { harness, a } = await withEntities();
    await harness.setup();
    for (const on of [true, false, true]) {
      a.isOn = on;
      a.writeState();
      await settle();
    }
    await framesOf(harness, 'state_changed', 3);
    const states = harness.of<StateChanged>('state_changed').map((push) => push.updates.map((u) => u.state));
    expect(states).toEqual([['on'], ['off'], ['on']]);
  });

  test('a state-only change sends no attribute bytes: an empty delta', async () => {
    const { harness, temperature } = await withEntities();
    await harness.setup();
    (temperature as unknown as { nativeValue: number }).nativeValue = 22;
    temperature.writeState();
    await framesOf(harness, 'state_changed');
    (temperature as unknown as { nativeValue: number }).nativeValue = 23;
    temperature.writeState();
    await framesOf(harness, 'state_changed', 2);
    const second = harness.of<StateChanged>('state_changed')[1]!.updates[0]!;
    expect(second).toMatchObject({ state: '23', delta: true });
    expect(second.attributes?.length ?? 0).toBe(0);
    expect(harness.states.get('sensor:t@entry-1')?.state).toBe('23');
  });

  test('the first update after registration carries every attribute, later ones only the changed keys', async () => {
    const { harness, a } = await withEntities();
    await harness.setup();
    a.isOn = true;
    a.writeState();
    await framesOf(harness, 'state_changed', 1);
    a.brightness = 99;
    a.writeState();
    await framesOf(harness, 'state_changed', 2);
    const [first, second] = harness.of<StateChanged>('state_changed').map((push) => push.updates[0]!);
    expect(first!.delta).toBe(false);
    expect(Object.keys(decodeJson<Record<string, unknown>>(first!.attributes)!)).toContain('color_mode');
    expect(second!.delta).toBe(true);
    expect(decodeJson(second!.attributes)).toEqual({ brightness: 99 });
    expect(harness.states.get('light:a@entry-1')).toMatchObject({
      state: 'on',
      attributes: expect.objectContaining({ brightness: 99, color_mode: null }),
    });
  });

  test('a circular attribute reaches the host as [Circular] and the sandbox keeps serving its entities', async () => {
    const { harness, a, b } = await withEntities();
    await harness.setup();
    const loop: Record<string, unknown> = { name: 'loop' };
    loop.self = loop;
    a.extraStateAttributes = { loop };
    a.writeState();
    await framesOf(harness, 'state_changed');
    expect(harness.states.get('light:a@entry-1')?.attributes.loop).toEqual({
      name: 'loop',
      self: '[Circular]',
    });
    b.isOn = true;
    b.writeState();
    await framesOf(harness, 'state_changed', 2);
    expect(harness.states.get('light:b@entry-1')?.state).toBe('on');
  });

  test('capabilities travel only in the registration; updates carry attributes alone', async () => {
    const { harness, a } = await withEntities();
    await harness.setup();
    expect(harness.states.get('light:a@entry-1')?.capabilities).toEqual({
      supported_color_modes: ['brightness'],
    });
    a.isOn = true;
    a.writeState();
    await framesOf(harness, 'state_changed');
    const update = harness.of<StateChanged>('state_changed')[0]!.updates[0]!;
    expect(decodeJson(update.attributes)).not.toHaveProperty('supported_color_modes');
  });

  test('a write that changes nothing sends nothing', async () => {
    const { harness, a } = await withEntities();
    await harness.setup();
    a.writeState();
    await settle();
    await settle();
    expect(harness.of('state_changed')).toEqual([]);
  });

  test("a change caused by a service call carries the call's context id", async () => {
    const { harness } = await withEntities();
    await harness.setup();
    await harness.callService('light', 'turn_on', { entityIds: ['light:a@entry-1'], contextId: 'ctx-42' });
    await framesOf(harness, 'state_changed');
    const [push] = harness.of<StateChanged>('state_changed');
    // The tick's only cause: named once, on the frame.
    expect(push!.contextId).toBe('ctx-42');
    expect(idOf(harness, push!.updates[0]!)).toBe('light:a@entry-1');
    expect(push!.updates[0]).toMatchObject({ state: 'on', contextId: '' });
  });

  test('changes of one tick with different causes keep each their own context id', async () => {
    const { harness, b } = await withEntities();
    await harness.setup();
    const call = harness.callService('light', 'turn_on', {
      entityIds: ['light:a@entry-1'],
      contextId: 'ctx-7',
    });
    b.isOn = true;
    b.writeState();
    await call;
    await framesOf(harness, 'state_changed');
    const [push] = harness.of<StateChanged>('state_changed');
    expect(push!.contextId).toBe('');
    expect(push!.updates.map((u) => [idOf(harness, u), u.contextId])).toEqual([
      ['light:b@entry-1', ''],
      ['light:a@entry-1', 'ctx-7'],
    ]);
  });
});

describe('races with a pending registration', () => {
  test('an update made while its registration is out is pushed right after the registration, never before', async () => {
    const registered = gate();
    const lamp = new Lamp('a');
    const { definition } = integration((api) => api.addEntities([lamp]));
    const harness = await startSandbox({
      integrations: { fixture: definition },
      configure: (h) => {
        h.host.register('register_entities', async (request) => {
          h.sent.push({ type: 'register_entities', body: request });
          await registered.promise;
          return acceptRegistrations(h, request);
        });
      },
    });
    const setup = harness.setup();
    await framesOf(harness, 'register_entities');
    lamp.isOn = true;
    lamp.brightness = 42;
    lamp.writeState();
    await settle();
    await settle();
    expect(harness.of('state_changed')).toEqual([]);
    registered.open();
    await setup;
    await framesOf(harness, 'state_changed');
    expect(typesAfter(harness, 0).filter((t) => t !== 'store_load' && t !== 'ready')).toEqual([
      'register_entities',
      'state_changed',
    ]);
    expect(harness.states.get('light:a@entry-1')).toMatchObject({
      state: 'on',
      attributes: expect.objectContaining({ brightness: 42 }),
    });
  });

  test('a removal made while its registration is out unregisters after it: no proxy is left', async () => {
    const registered = gate();
    const lamp = new Lamp('a');
    const { definition, captured } = integration((api) => {
      void api.addEntities([lamp]);
    });
    const harness = await startSandbox({
      integrations: { fixture: definition },
      configure: (h) => {
        h.host.register('register_entities', async (request) => {
          h.sent.push({ type: 'register_entities', body: request });
          await registered.promise;
          return acceptRegistrations(h, request);
        });
      },
    });
    const setup = harness.setup();
    await framesOf(harness, 'register_entities');
    const removed = captured.api!.removeEntity('a', 'light');
    registered.open();
    await removed;
    await setup;
    expect(harness.proxies.size).toBe(0);
    expect(harness.sent.map((f) => f.type).filter((t) => t.includes('register_entit'))).toEqual([
      'register_entities',
      'unregister_entity',
    ]);
  });

  test('removing an entity unregisters it and its later writes go nowhere', async () => {
    const { harness, a, captured } = await withEntities();
    await harness.setup();
    await captured.api!.removeEntity('a', 'light');
    expect(harness.proxies.has('light:a@entry-1')).toBe(false);
    a.isOn = true;
    a.writeState();
    await settle();
    expect(harness.of('state_changed')).toEqual([]);
  });
});

describe('batched registration', () => {
  test("an entry's entities are registered with register_entities calls of at most 250", async () => {
    const lamps = Array.from({ length: 600 }, (_, index) => new Lamp(`l${index}`));
    const { definition } = integration((api) => api.addEntities(lamps));
    const harness = await startSandbox({ integrations: { fixture: definition } });
    await harness.setup();
    const batches = harness.of<Received<'register_entities'>>('register_entities');
    expect(batches.map((batch) => batch.descriptions.length)).toEqual([250, 250, 100]);
    expect(harness.of('register_entity')).toEqual([]);
    expect(registrations(harness).map((d) => d.uniqueId)).toEqual(lamps.map((lamp) => lamp.uniqueId));
    expect(harness.proxies.size).toBe(600);
  });

  test('a description the host refuses fails only its own entity; the others stay registered', async () => {
    const a = new Lamp('a');
    const b = new Lamp('b');
    const { definition, captured } = integration(() => {});
    const harness = await startSandbox({
      integrations: { fixture: definition },
      configure: (h) => {
        h.host.register('register_entities', (request) => {
          h.sent.push({ type: 'register_entities', body: request });
          return {
            outcomes: request.descriptions.map((description) =>
              description.uniqueId === 'b'
                ? { error: { message: 'device collides', type: 'gate_refused', invalid: [] } }
                : acceptRegistration(h, { description }),
            ),
          };
        });
      },
    });
    await harness.setup();
    await expect(captured.api!.addEntities([a, b])).rejects.toMatchObject({
      type: 'gate_refused',
      message: 'device collides',
    });
    expect([...harness.proxies.keys()]).toEqual(['light:a@entry-1']);
    // The refused entity is gone: a write goes nowhere, and it may be added again.
    b.isOn = true;
    b.writeState();
    a.isOn = true;
    a.writeState();
    await framesOf(harness, 'state_changed');
    expect(harness.of<StateChanged>('state_changed')[0]!.updates.map((u) => idOf(harness, u))).toEqual([
      'light:a@entry-1',
    ]);
  });
});

describe('handles', () => {
  test('updates name their entity by the handle of its registration, not by its id', async () => {
    const { harness, a, temperature } = await withEntities();
    await harness.setup();
    const handles = registrations(harness).map((description) => description.handle);
    expect(new Set(handles).size).toBe(3);
    expect(handles.every((handle) => (handle ?? 0) > 0)).toBe(true);
    a.isOn = true;
    a.writeState();
    (temperature as unknown as { nativeValue: number }).nativeValue = 5;
    temperature.writeState();
    await framesOf(harness, 'state_changed');
    const updates = harness.of<StateChanged>('state_changed')[0]!.updates;
    expect(updates.map((u) => u.sandboxEntityId)).toEqual(['', '']);
    expect(updates.map((u) => u.handle)).toEqual([handles[0], handles[2]]);
  });

  test('an entity removed and added again gets a new handle', async () => {
    const { harness, captured } = await withEntities();
    await harness.setup();
    const first = registrations(harness).find((d) => d.uniqueId === 'a')!.handle;
    await captured.api!.removeEntity('a', 'light');
    await captured.api!.addEntities([new Lamp('a')]);
    const again = registrations(harness).at(-1)!;
    expect(again.uniqueId).toBe('a');
    expect(again.handle).not.toBe(first);
  });
});

describe('entity ids', () => {
  test('a second entity with the same platform and unique id under one entry is refused', async () => {
    const { harness, captured } = await withEntities();
    await harness.setup();
    await expect(captured.api!.addEntities([new Lamp('a')])).rejects.toMatchObject({ type: 'entity_exists' });
    expect(registrations(harness)).toHaveLength(3);
  });

  test('an entity removed and added again is registered again, after its unregister', async () => {
    const { harness, captured } = await withEntities();
    await harness.setup();
    const removed = captured.api!.removeEntity('a', 'light');
    const again = new Lamp('a', { name: 'Lamp a again' });
    await Promise.all([removed, captured.api!.addEntities([again])]);
    expect(harness.proxies.get('light:a@entry-1')?.identity?.name).toBe('Lamp a again');
    const order = harness.sent.map((f) => f.type).filter((t) => t.includes('register_entit'));
    expect(order.slice(-2)).toEqual(['unregister_entity', 'register_entities']);
  });
});

describe('re-registration', () => {
  test('an identity change re-registers only when the description hash changes', async () => {
    const { harness, a } = await withEntities();
    await harness.setup();
    const ofA = () => registrations(harness).filter((description) => description.uniqueId === 'a');
    a.setIdentity({ name: 'Lamp a' });
    await settle();
    await settle();
    expect(ofA()).toHaveLength(1);
    a.setIdentity({ name: 'Reading lamp', icon: 'mdi:lamp' });
    await registrationsOf(harness, 4);
    const [first, second] = ofA();
    expect(second!.identity).toMatchObject({ name: 'Reading lamp', icon: 'mdi:lamp' });
    expect(second!.descriptionHash).not.toBe(first!.descriptionHash);
  });

  test('a name set directly on the entity re-registers it with its next write', async () => {
    const { harness, a } = await withEntities();
    await harness.setup();
    a.name = 'Hall lamp';
    a.isOn = true;
    a.writeState();
    await registrationsOf(harness, 4);
    const again = registrations(harness).at(-1)!;
    expect(again.identity).toMatchObject({ name: 'Hall lamp' });
    expect(again.initialState).toMatchObject({ state: 'on' });
    expect(harness.proxies.get('light:a@entry-1')?.identity?.name).toBe('Hall lamp');
    // Later state changes push states again, with no further registration.
    a.isOn = false;
    a.writeState();
    await framesOf(harness, 'state_changed');
    expect(registrations(harness)).toHaveLength(4);
    expect(harness.states.get('light:a@entry-1')?.state).toBe('off');
  });

  test('a capability change re-registers with the new capabilities, and the next update is full again', async () => {
    const { harness, a } = await withEntities();
    await harness.setup();
    a.isOn = true;
    a.writeState();
    await framesOf(harness, 'state_changed');
    a.effectList = ['rainbow'];
    a.writeState();
    await registrationsOf(harness, 4);
    expect(harness.states.get('light:a@entry-1')?.capabilities).toMatchObject({ effect_list: ['rainbow'] });
    a.brightness = 5;
    a.writeState();
    await framesOf(harness, 'state_changed', 2);
    expect(harness.of<StateChanged>('state_changed')[1]!.updates[0]!.delta).toBe(false);
  });

  test('an upsert the host refuses leaves the old registration in use for later updates', async () => {
    const { harness, a } = await withEntities();
    await harness.setup();
    harness.host.register('register_entity', (request) => {
      harness.sent.push({ type: 'register_entity', body: request });
      return Promise.reject(new Error('device collides'));
    });
    a.setIdentity({ deviceInfo: { identifiers: [['other', 'x']] } });
    await until(() => harness.logs.some((l) => l.message.includes('device collides')), 2_000, 'refusal');
    a.isOn = true;
    a.writeState();
    await framesOf(harness, 'state_changed');
    expect(harness.states.get('light:a@entry-1')?.state).toBe('on');
    // Refused once, not retried on every later change.
    expect(registrations(harness)).toHaveLength(4);
  });
});
