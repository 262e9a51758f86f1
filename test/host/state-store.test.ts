import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { EntityIdError, InvalidStateError, ValidationError } from '../../src/errors.js';
import { createContext } from '../../src/host/context.js';
import { EventBus } from '../../src/host/event-bus.js';
import { MAX_STATE_LENGTH, STATE_UNAVAILABLE, StateStore } from '../../src/host/state-store.js';
import type { CoreEvents, HubEvent } from '../../src/host/types.js';
import { ManualClock } from './support.js';

/** Independent of the store's own equality: JSON of the entries sorted by key. */
const canonical = (attributes: object) =>
  JSON.stringify(Object.entries(attributes).sort(([a], [b]) => a.localeCompare(b)));

function store() {
  const clock = new ManualClock();
  const bus = new EventBus(clock);
  const changes: HubEvent<CoreEvents['state_changed']>[] = [];
  bus.listen('state_changed', (e) => changes.push(e));
  return { clock, bus, changes, states: new StateStore(bus, clock) };
}

describe('StateStore', () => {
  test('a first write creates the state and fires state_changed with no old state', () => {
    const { states, changes, clock } = store();
    const state = states.set('light.kitchen', 'on', { brightness: 200 });
    expect(state).toMatchObject({
      entityId: 'light.kitchen',
      state: 'on',
      attributes: { brightness: 200 },
      lastChanged: clock.time,
      lastUpdated: clock.time,
    });
    expect(states.get('light.kitchen')).toBe(state);
    expect(changes).toHaveLength(1);
    expect(changes[0]?.data).toEqual({ entityId: 'light.kitchen', oldState: undefined, newState: state });
  });

  test('an attribute-only change moves lastUpdated but keeps lastChanged', () => {
    const { states, changes, clock } = store();
    const first = states.set('light.kitchen', 'on', { brightness: 1 });
    clock.advance(1_000);
    const second = states.set('light.kitchen', 'on', { brightness: 2 });
    expect(second.lastChanged).toBe(first.lastChanged);
    expect(second.lastUpdated).toBe(clock.time);
    expect(changes[1]?.data.oldState).toBe(first);
  });

  test('a state change moves both lastChanged and lastUpdated', () => {
    const { states, clock } = store();
    states.set('light.kitchen', 'on');
    clock.advance(1_000);
    const next = states.set('light.kitchen', 'off');
    expect(next.lastChanged).toBe(clock.time);
    expect(next.lastUpdated).toBe(clock.time);
  });

  test('writing an equal state and attributes (in any key order) fires nothing and keeps the snapshot', () => {
    const { states, changes, clock } = store();
    const first = states.set('sensor.t', '21', { unit: 'C', nested: { a: [1, 2], b: true } });
    clock.advance(1_000);
    const again = states.set('sensor.t', '21', { nested: { b: true, a: [1, 2] }, unit: 'C' });
    expect(again).toBe(first);
    expect(changes).toHaveLength(1);
  });

  test('forceUpdate fires even when nothing changed, keeping lastChanged', () => {
    const { states, changes, clock } = store();
    const first = states.set('sensor.t', '21');
    clock.advance(1_000);
    const forced = states.set('sensor.t', '21', {}, { forceUpdate: true });
    expect(changes).toHaveLength(2);
    expect(forced.lastChanged).toBe(first.lastChanged);
    expect(forced.lastUpdated).toBe(clock.time);
  });

  test('snapshots are frozen and independent of the caller’s attribute object', () => {
    const { states } = store();
    const attributes = { list: [1], nested: { x: 1 } };
    const state = states.set('sensor.t', '1', attributes);
    attributes.list.push(2);
    attributes.nested.x = 2;
    expect(state.attributes).toEqual({ list: [1], nested: { x: 1 } });
    expect(Object.isFrozen(attributes)).toBe(false);
    expect(Object.isFrozen(state)).toBe(true);
    expect(Object.isFrozen(state.attributes.nested)).toBe(true);
  });

  test('state_changed fires at the time the new state records as lastUpdated', () => {
    const { states, changes, clock } = store();
    clock.advance(1_234);
    const state = states.set('sensor.t', '1');
    expect(changes[0]?.timeFired).toBe(state.lastUpdated);
    expect(state.lastUpdated).toBe(clock.time);
  });

  test('the given context is recorded on the state and the event', () => {
    const { states, changes, clock } = store();
    const context = createContext({ userId: 'u1' }, clock);
    states.set('switch.pump', 'on', {}, { context });
    expect(states.get('switch.pump')?.context).toBe(context);
    expect(changes[0]?.context).toBe(context);
  });

  test('remove fires state_changed with the old state and no new state', () => {
    const { states, changes } = store();
    const old = states.set('light.kitchen', 'on');
    expect(states.remove('light.kitchen')).toBe(true);
    expect(states.get('light.kitchen')).toBeUndefined();
    expect(changes[1]?.data).toEqual({ entityId: 'light.kitchen', oldState: old, newState: undefined });
    expect(states.remove('light.kitchen')).toBe(false);
    expect(changes).toHaveLength(2);
  });

  test('setUnavailable turns the state unavailable and keeps its attributes', () => {
    const { states } = store();
    states.set('light.kitchen', 'on', { friendly_name: 'Kitchen' });
    const state = states.setUnavailable('light.kitchen');
    expect(state.state).toBe(STATE_UNAVAILABLE);
    expect(state.attributes).toEqual({ friendly_name: 'Kitchen' });
    expect(states.setUnavailable('light.unseen')).toMatchObject({ state: 'unavailable', attributes: {} });
  });

  test('all(domain) lists only that domain, not domains sharing a prefix', () => {
    const { states } = store();
    states.set('light.a', 'on');
    states.set('light_group.b', 'on');
    states.set('switch.c', 'off');
    expect(states.all('light').map((s) => s.entityId)).toEqual(['light.a']);
    expect(states.all()).toHaveLength(3);
  });

  test.each([
    ['Light.Kitchen', /uppercase/],
    ['kitchen', /no "\."/],
    ['.kitchen', /domain is empty/],
    ['light.', /object id is empty/],
    ['_light.kitchen', /single "_"/],
    ['light_.kitchen', /single "_"/],
    ['my__light.kitchen', /single "_"/],
    ['light.kitchen-1', /may only contain/],
    ['light.kitchen.one', /may only contain/],
    [`light.${'x'.repeat(255)}`, /longer than 255/],
  ])('entity id %j is refused with a typed error saying why', (entityId, reason) => {
    const { states, changes } = store();
    expect(() => states.set(entityId, 'on')).toThrow(EntityIdError);
    expect(() => states.set(entityId, 'on')).toThrow(reason);
    expect(() => states.set(entityId, 'on')).toThrow(/e\.g\. "light\.kitchen"/);
    expect(changes).toHaveLength(0);
  });

  test('object ids may contain inner, leading and double underscores; domains may contain digits', () => {
    const { states } = store();
    expect(() => states.set('sensor2.a__b_', 'x')).not.toThrow();
  });

  test('a state longer than 255 characters is refused with a hint to use an attribute', () => {
    const { states } = store();
    expect(() => states.set('sensor.t', 'x'.repeat(MAX_STATE_LENGTH))).not.toThrow();
    expect(() => states.set('sensor.u', 'x'.repeat(MAX_STATE_LENGTH + 1))).toThrow(InvalidStateError);
    expect(() => states.set('sensor.u', 'x'.repeat(MAX_STATE_LENGTH + 1))).toThrow(/attribute/);
  });

  test('a non-string state or non-object attributes are typed errors', () => {
    const { states } = store();
    expect(() => states.set('sensor.t', 21 as unknown as string)).toThrow(InvalidStateError);
    expect(() => states.set('sensor.t', '21', [1] as unknown as Record<string, unknown>)).toThrow(
      ValidationError,
    );
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => states.set('sensor.t', '21', cyclic)).toThrow(/cycle/);
  });

  test('property: state_changed fires exactly when state or attributes differ', () => {
    const write = fc.record({
      entity: fc.constantFrom('light.a', 'light.b'),
      state: fc.constantFrom('on', 'off'),
      attributes: fc.dictionary(
        fc.constantFrom('x', 'y'),
        fc.oneof(fc.integer({ min: 0, max: 1 }), fc.constant([1])),
      ),
      force: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(write, { maxLength: 30 }), (writes) => {
        const { states, changes, clock } = store();
        const model = new Map<string, { state: string; attributes: object }>();
        for (const w of writes) {
          clock.advance(1);
          const before = changes.length;
          const prev = model.get(w.entity);
          states.set(w.entity, w.state, w.attributes, { forceUpdate: w.force });
          const differs =
            !prev || prev.state !== w.state || canonical(prev.attributes) !== canonical(w.attributes);
          expect(changes.length - before).toBe(differs || w.force ? 1 : 0);
          model.set(w.entity, { state: w.state, attributes: w.attributes });
          const now = states.get(w.entity)!;
          if (prev && prev.state === w.state) expect(now.lastChanged).toBeLessThan(clock.time);
        }
      }),
      { numRuns: 200 },
    );
  });
});
