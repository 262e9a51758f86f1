import { describe, expect, test } from 'vitest';
import { EventTypeError } from '../../src/errors.js';
import { createContext } from '../../src/host/context.js';
import { EventBus } from '../../src/host/event-bus.js';
import type { HubEvent } from '../../src/host/types.js';
import { ManualClock } from './support.js';

function bus() {
  const clock = new ManualClock();
  const errors: [unknown, HubEvent][] = [];
  return { clock, errors, bus: new EventBus(clock, { onError: (e, event) => errors.push([e, event]) }) };
}

describe('EventBus', () => {
  test('listeners run synchronously in registration order, typed and wildcard interleaved', () => {
    const { bus: b } = bus();
    const calls: string[] = [];
    b.listen('thing_happened', () => calls.push('typed-1'));
    b.listen('*', () => calls.push('wildcard'));
    b.listen('thing_happened', () => calls.push('typed-2'));
    b.fire('thing_happened', {});
    calls.push('after fire');
    expect(calls).toEqual(['typed-1', 'wildcard', 'typed-2', 'after fire']);
  });

  test('a wildcard listener gets every event, a typed listener only its own', () => {
    const { bus: b } = bus();
    const all: string[] = [];
    const typed: string[] = [];
    b.listen('*', (e) => all.push(e.type));
    b.listen('a_event', (e) => typed.push(e.type));
    b.fire('a_event');
    b.fire('b_event');
    expect(all).toEqual(['a_event', 'b_event']);
    expect(typed).toEqual(['a_event']);
  });

  test('the fired event carries data, the given context, the clock time and its origin', () => {
    const { bus: b, clock } = bus();
    const context = createContext({}, clock);
    const event = b.fire('demo_event', { n: 1 }, { context, origin: 'remote' });
    expect(event).toEqual({
      type: 'demo_event',
      data: { n: 1 },
      context,
      timeFired: clock.time,
      origin: 'remote',
    });
    expect(Object.isFrozen(event)).toBe(true);
    const local = b.fire('demo_event');
    expect(local.origin).toBe('local');
    expect(local.context.parentId).toBeNull();
    expect(local.context.id).not.toBe(context.id);
  });

  test('a firer that read the clock already gives its time; the event keeps it', () => {
    const { bus: b, clock } = bus();
    expect(b.fire('demo_event', {}, { timeFired: clock.time - 5 }).timeFired).toBe(clock.time - 5);
  });

  test('a throwing listener is reported and neither the firer nor later listeners notice', () => {
    const { bus: b, errors } = bus();
    const boom = new Error('boom');
    const later: string[] = [];
    b.listen('x_event', () => {
      throw boom;
    });
    b.listen('*', () => later.push('wildcard'));
    b.listen('x_event', () => later.push('typed'));
    expect(() => b.fire('x_event')).not.toThrow();
    expect(later).toEqual(['wildcard', 'typed']);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.[0]).toBe(boom);
    expect(errors[0]?.[1].type).toBe('x_event');
  });

  test('an error reporter that throws does not break dispatch either', () => {
    const b = new EventBus(new ManualClock(), {
      onError: () => {
        throw new Error('reporter broken');
      },
    });
    const seen: number[] = [];
    b.listen('x_event', () => {
      throw new Error('listener broken');
    });
    b.listen('x_event', () => seen.push(1));
    expect(() => b.fire('x_event')).not.toThrow();
    expect(seen).toEqual([1]);
  });

  test('unsubscribing stops delivery and is safe to repeat', () => {
    const { bus: b } = bus();
    const seen: string[] = [];
    const off = b.listen('x_event', (e) => seen.push(e.type));
    const offAll = b.listen('*', (e) => seen.push(`*${e.type}`));
    b.fire('x_event');
    off();
    off();
    offAll();
    b.fire('x_event');
    expect(seen).toEqual(['x_event', '*x_event']);
    expect(b.listenerCount()).toBe(0);
  });

  test('a listener added during dispatch waits for the next event', () => {
    const { bus: b } = bus();
    const seen: string[] = [];
    b.listen('x_event', () => {
      b.listen('x_event', () => seen.push('late'));
    });
    b.fire('x_event');
    expect(seen).toEqual([]);
    b.fire('x_event');
    expect(seen).toEqual(['late']);
  });

  test('a listener removed during dispatch by an earlier listener is not called', () => {
    const { bus: b } = bus();
    const seen: string[] = [];
    let offSecond = () => {};
    b.listen('x_event', () => offSecond());
    offSecond = b.listen('x_event', () => seen.push('second'));
    b.fire('x_event');
    expect(seen).toEqual([]);
  });

  test('events fired from a listener are dispatched immediately, depth first', () => {
    const { bus: b } = bus();
    const order: string[] = [];
    b.listen('outer_event', () => {
      order.push('outer-1');
      b.fire('inner_event');
    });
    b.listen('outer_event', () => order.push('outer-2'));
    b.listen('inner_event', () => order.push('inner'));
    b.fire('outer_event');
    expect(order).toEqual(['outer-1', 'inner', 'outer-2']);
  });

  test('an unfireable event type is a typed error that says why', () => {
    const { bus: b } = bus();
    expect(() => b.fire('*')).toThrow(EventTypeError);
    expect(() => b.fire('*')).toThrow(/only subscribes/);
    expect(() => b.fire('' as string)).toThrow(/empty/);
    expect(() => b.fire('x'.repeat(65))).toThrow(/at most 64 characters/);
  });

  test('core events are typed: a wrong payload does not compile', () => {
    const { bus: b } = bus();
    const seen: string[] = [];
    b.listen('service_registered', (e) => seen.push(`${e.data.domain}.${e.data.service}`));
    b.fire('service_registered', { domain: 'light', service: 'turn_on' });
    // @ts-expect-error a core event's payload is checked
    b.fire('service_registered', { domain: 'light' });
    expect(seen[0]).toBe('light.turn_on');
  });
});
