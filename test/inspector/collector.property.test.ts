import fc from 'fast-check';
import { describe, expect } from 'vitest';
import { type AnyActorRef, createActor, createMachine } from 'xstate';
import { InspectorCollector } from '../../src/inspector/collector.js';
import { prop } from '../support/property.js';

const lamp = createMachine({
  id: 'lamp',
  initial: 'off',
  states: {
    off: { on: { toggle: 'on', noop: {} } },
    on: { on: { toggle: 'off', noop: {} } },
  },
});

type Step =
  | { readonly op: 'start'; readonly slot: number }
  | { readonly op: 'send'; readonly slot: number; readonly type: 'toggle' | 'noop'; readonly stale: boolean }
  | { readonly op: 'stop'; readonly slot: number };

const slot = fc.integer({ min: 0, max: 3 });
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ op: fc.constant('start' as const), slot }),
  fc.record({
    op: fc.constant('send' as const),
    slot,
    type: fc.constantFrom('toggle' as const, 'noop' as const),
    stale: fc.boolean(),
  }),
  fc.record({ op: fc.constant('stop' as const), slot }),
);

/**
 * Runs `steps` against actors `lamp:<slot>`: a start on a busy slot replaces its
 * actor (the old one keeps running), and a `stale` send goes to the one it replaced.
 * Returns the live actor of each slot.
 */
function drive(collector: InspectorCollector, steps: readonly Step[]): Map<number, AnyActorRef> {
  const live = new Map<number, AnyActorRef>();
  const replaced = new Map<number, AnyActorRef>();
  const running = (actor: AnyActorRef | undefined) =>
    actor?.getSnapshot().status === 'active' ? actor : undefined;
  for (const s of steps) {
    if (s.op === 'start') {
      const old = live.get(s.slot);
      if (old) replaced.set(s.slot, old);
      live.set(s.slot, createActor(lamp, { id: `lamp:${s.slot}`, inspect: collector.inspect }).start());
    } else if (s.op === 'send') {
      running((s.stale ? replaced : live).get(s.slot))?.send({ type: s.type });
    } else {
      running(live.get(s.slot))?.stop();
    }
  }
  for (const actor of replaced.values()) running(actor)?.stop();
  return live;
}

describe('the inspector collector under any sequence of actor starts, events and stops', () => {
  prop([fc.integer({ min: 1, max: 30 }), fc.array(step, { maxLength: 60 })], { numRuns: 150 })(
    'the event log never exceeds maxEvents and its seq strictly increases',
    (maxEvents, steps) => {
      const collector = new InspectorCollector({ maxEvents });
      let lastSeq = 0;
      collector.subscribe((change) => {
        if (change.type !== 'event') return;
        expect(change.event.seq).toBeGreaterThan(lastSeq);
        lastSeq = change.event.seq;
        expect(collector.recentEvents(10_000).length).toBeLessThanOrEqual(maxEvents);
      });
      for (const actor of drive(collector, steps).values()) actor.stop();
      const events = collector.recentEvents(10_000);
      expect(events.length).toBeLessThanOrEqual(maxEvents);
      for (let i = 1; i < events.length; i++) expect(events[i]!.seq).toBeGreaterThan(events[i - 1]!.seq);
      // The log holds the newest events: nothing was dropped from its end.
      if (events.length > 0) expect(events.at(-1)!.seq).toBe(lastSeq);
    },
  );

  prop([fc.array(step, { maxLength: 60 })], { numRuns: 150 })(
    "each actor in the tree shows its live actor's state, whatever came before",
    (steps) => {
      const collector = new InspectorCollector();
      const live = drive(collector, steps);
      for (const [n, actor] of live) {
        const snapshot = actor.getSnapshot();
        expect(collector.actor(`lamp:${n}`)).toMatchObject({
          stateLabel: String(snapshot.value),
          status: snapshot.status === 'active' ? 'active' : 'stopped',
        });
        actor.stop();
      }
    },
  );
});
