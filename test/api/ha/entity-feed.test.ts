import { describe, expect, test } from 'vitest';
import { type Batch, EntityFeed } from '../../../src/api/ha/entity-feed.js';
import { EventBus } from '../../../src/host/event-bus.js';
import { StateStore } from '../../../src/host/state-store.js';
import { systemClock } from '../../../src/host/types.js';

function setup() {
  const bus = new EventBus(systemClock);
  const states = new StateStore(bus, systemClock);
  return { bus, states, feed: new EntityFeed(bus) };
}

describe('the entity feed shared by subscribe_entities subscriptions', () => {
  test('readers that keep up read the same batch object, holding the state before its first change', () => {
    const { bus, states, feed } = setup();
    states.set('sensor.a', '0');
    const before = states.get('sensor.a');
    const a = feed.add({ changed: () => {}, fold: () => {} });
    const b = feed.add({ changed: () => {}, fold: () => {} });
    states.set('sensor.a', '1');
    states.set('sensor.a', '2');
    const [fromA] = feed.read(a);
    const [fromB] = feed.read(b);
    expect(fromA).toBe(fromB);
    expect(fromA?.get('sensor.a')).toBe(before);
    expect(bus.listenerCount('state_changed')).toBe(1);
  });

  test('a write costs one listener however many readers there are; the last reader leaving removes it', () => {
    const { bus, feed } = setup();
    const readers = Array.from({ length: 50 }, () => feed.add({ changed: () => {}, fold: () => {} }));
    expect(bus.listenerCount('state_changed')).toBe(1);
    for (const reader of readers) feed.remove(reader);
    expect(bus.listenerCount('state_changed')).toBe(0);
  });

  test('a reader that stops reading has old batches folded into its own, so the feed keeps at most 32', () => {
    const { states, feed } = setup();
    const folded: Batch[] = [];
    const idle = feed.add({ changed: () => {}, fold: (batch) => folded.push(batch) });
    const busy = feed.add({ changed: () => {}, fold: () => {} });
    for (let n = 0; n < 100; n++) {
      states.set('sensor.a', String(n));
      feed.read(busy);
    }
    expect(folded).toHaveLength(100 - 32);
    expect(feed.read(idle)).toHaveLength(32);
  });

  test('every reader is told when the open batch gets its first change, once', () => {
    const { states, feed } = setup();
    let told = 0;
    feed.add({ changed: () => told++, fold: () => {} });
    states.set('sensor.a', '1');
    states.set('sensor.b', '1');
    expect(told).toBe(1);
  });

  test('slots lengthen so that sending entity updates takes at most maxPercent of the hub, up to 1 s', () => {
    const { feed } = setup();
    expect(feed.slotMs(50, 25)).toBe(50);
    feed.recordFlushCost(30, 1_000, 50);
    feed.recordFlushCost(0, 1_100, 50);
    expect(feed.slotMs(50, 25)).toBe(120);
    feed.recordFlushCost(900, 1_200, 120);
    feed.recordFlushCost(0, 1_400, 120);
    expect(feed.slotMs(50, 25)).toBe(1_000);
    feed.recordFlushCost(1, 2_500, 1_000);
    feed.recordFlushCost(0, 3_600, 1_000);
    expect(feed.slotMs(50, 25)).toBe(50);
  });
});
