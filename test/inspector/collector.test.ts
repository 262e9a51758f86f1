import { describe, expect, test } from 'vitest';
import { type AnyActorRef, assign, createActor, createMachine, fromCallback, setup } from 'xstate';
import { type CollectorChange, InspectorCollector, stateLabel } from '../../src/inspector/collector.js';

/** A clock the test moves by hand. */
function manualClock(start = 1_000) {
  let now = start;
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
  };
}

const lamp = createMachine({
  id: 'lamp',
  initial: 'off',
  states: {
    off: { on: { toggle: 'on' } },
    on: { on: { toggle: 'off' } },
  },
});

/** A parent with an invoked child (generated id), a named child and a `kind:name` child. */
const household = setup({ actors: { lamp } }).createMachine({
  id: 'household',
  initial: 'home',
  states: {
    home: {
      invoke: [{ src: 'lamp' }, { src: 'lamp', id: 'porch' }, { src: 'lamp', id: 'sandbox:garden' }],
      on: { leave: 'away' },
    },
    away: {},
  },
});

describe('stateLabel', () => {
  test('a simple state value is its own label', () => {
    expect(stateLabel('idle')).toBe('idle');
  });

  test('a nested state value is dotted from the root', () => {
    expect(stateLabel({ live: { running: 'waiting' } })).toBe('live.running.waiting');
  });

  test('parallel regions are joined by a comma, each with its full path', () => {
    expect(stateLabel({ a: 'x', b: { c: 'y' } })).toBe('a.x, b.c.y');
    // Regions below the root keep their parent's name, so none reads as a root state.
    expect(stateLabel({ live: { light: 'on', fan: 'off' } })).toBe('live.light.on, live.fan.off');
  });

  test('no value has an empty label', () => {
    expect(stateLabel(undefined)).toBe('');
    expect(stateLabel(null)).toBe('');
  });
});

describe('the actor tree', () => {
  test('a root actor hangs under the hub, with its machine when the machine is known', () => {
    const collector = new InspectorCollector({ knownMachines: new Set(['lamp']) });
    const actor = createActor(lamp, { id: 'lamp:kitchen', inspect: collector.inspect }).start();
    expect(collector.actor('lamp:kitchen')).toMatchObject({
      parentId: 'hub',
      kind: 'lamp',
      machine: 'lamp',
      state: 'off',
      stateLabel: 'off',
      status: 'active',
    });
    actor.stop();
  });

  test('a machine the inspector cannot draw has no machine key', () => {
    const collector = new InspectorCollector({ knownMachines: new Set(['other']) });
    const actor = createActor(lamp, { id: 'lamp:kitchen', inspect: collector.inspect }).start();
    expect(collector.actor('lamp:kitchen')?.machine).toBeNull();
    actor.stop();
  });

  test('children are named under their parent, except ids of the kind:name form, which are kept', () => {
    const collector = new InspectorCollector();
    const actor = createActor(household, { id: 'house', inspect: collector.inspect }).start();
    const ids = collector.actors().map((a) => a.id);
    expect(ids).toContain('house');
    expect(ids).toContain('house/porch');
    expect(ids).toContain('sandbox:garden');
    const generated = ids.filter((id) => id.startsWith('house/') && id !== 'house/porch');
    expect(generated).toHaveLength(1);
    for (const id of ['house/porch', 'sandbox:garden', generated[0]!]) {
      expect(collector.actor(id)?.parentId).toBe('house');
    }
    actor.stop();
  });

  test('a root channel hangs under the sandbox of its group', () => {
    const collector = new InspectorCollector();
    const actor = createActor(lamp, { id: 'channel:built-in', inspect: collector.inspect }).start();
    expect(collector.actor('channel:built-in')?.parentId).toBe('sandbox:built-in');
    actor.stop();
  });

  test('anonymous spawned children of two parents each hang under their own parent', () => {
    const parent = setup({ actors: { lamp } }).createMachine({
      entry: assign({ child: ({ spawn }) => spawn('lamp') }),
      context: { child: undefined as AnyActorRef | undefined },
    });
    const collector = new InspectorCollector();
    const a = createActor(parent, { id: 'a', inspect: collector.inspect }).start();
    const b = createActor(parent, { id: 'b', inspect: collector.inspect }).start();
    const children = collector.actors().filter((view) => view.parentId === 'a' || view.parentId === 'b');
    expect(children.map((c) => c.parentId).sort()).toEqual(['a', 'b']);
    expect(new Set(children.map((c) => c.id)).size).toBe(2);
    a.stop();
    b.stop();
  });

  test('the state of a nested machine is shown dotted, and parallel regions side by side', () => {
    const machine = createMachine({
      id: 'sandbox',
      initial: 'live',
      states: {
        live: {
          type: 'parallel',
          states: {
            process: { initial: 'running', states: { running: { on: { crash: 'gone' } }, gone: {} } },
            channel: { initial: 'open', states: { open: {} } },
          },
        },
      },
    });
    const collector = new InspectorCollector();
    const actor = createActor(machine, { id: 'sandbox:a', inspect: collector.inspect }).start();
    expect(collector.actor('sandbox:a')?.stateLabel).toBe('live.process.running, live.channel.open');
    actor.send({ type: 'crash' });
    expect(collector.actor('sandbox:a')?.stateLabel).toBe('live.process.gone, live.channel.open');
    actor.stop();
  });
});

describe('the event log', () => {
  test('each transition is logged with the event that caused it and the state it led to', () => {
    const collector = new InspectorCollector();
    const actor = createActor(lamp, { id: 'lamp:hall', inspect: collector.inspect }).start();
    actor.send({ type: 'toggle' });
    actor.send({ type: 'toggle' });
    const transitions = collector
      .recentEvents(100, 'lamp:hall')
      .filter((e) => e.kind === 'transition')
      .map((e) => [e.eventType, e.stateLabel]);
    expect(transitions).toEqual([
      ['xstate.init', 'off'],
      ['toggle', 'on'],
      ['toggle', 'off'],
    ]);
    actor.stop();
  });

  test('received events are logged, without XState internal ones', () => {
    const collector = new InspectorCollector();
    const actor = createActor(lamp, { id: 'lamp:hall', inspect: collector.inspect }).start();
    actor.send({ type: 'toggle' });
    const received = collector.recentEvents(100).filter((e) => e.kind === 'event');
    expect(received.map((e) => e.eventType)).toEqual(['toggle']);
    actor.stop();
  });

  test('an event that changes nothing logs no transition', () => {
    const collector = new InspectorCollector();
    const actor = createActor(lamp, { id: 'lamp:hall', inspect: collector.inspect }).start();
    const before = collector.recentEvents(100).filter((e) => e.kind === 'transition').length;
    actor.send({ type: 'unknown' });
    expect(collector.recentEvents(100).filter((e) => e.kind === 'transition')).toHaveLength(before);
    actor.stop();
  });

  test("events of one actor include its descendants' and no one else's", () => {
    const collector = new InspectorCollector();
    const house = createActor(household, { id: 'house', inspect: collector.inspect }).start();
    const other = createActor(lamp, { id: 'lamp:other', inspect: collector.inspect }).start();
    const ids = new Set(collector.recentEvents(1_000, 'house').map((e) => e.actorId));
    expect(ids.has('house')).toBe(true);
    expect(ids.has('house/porch')).toBe(true);
    expect(ids.has('lamp:other')).toBe(false);
    house.stop();
    other.stop();
  });

  test('recentEvents returns the latest ones, oldest first', () => {
    const collector = new InspectorCollector();
    const actor = createActor(lamp, { id: 'lamp:hall', inspect: collector.inspect }).start();
    for (let i = 0; i < 5; i++) actor.send({ type: 'toggle' });
    const all = collector.recentEvents(1_000);
    const last3 = collector.recentEvents(3);
    expect(last3).toEqual(all.slice(-3));
    expect(last3[0]!.seq).toBeLessThan(last3[2]!.seq);
    actor.stop();
  });

  test('the log keeps at most maxEvents, dropping the oldest', () => {
    const collector = new InspectorCollector({ maxEvents: 10 });
    const actor = createActor(lamp, { id: 'lamp:hall', inspect: collector.inspect }).start();
    for (let i = 0; i < 20; i++) actor.send({ type: 'toggle' });
    const events = collector.recentEvents(1_000);
    expect(events).toHaveLength(10);
    // 20 toggles log an event and a transition each, after the actor and its init.
    expect(events.at(-1)?.seq).toBe(42);
    expect(events[0]?.seq).toBe(33);
    actor.stop();
  });
});

describe('stopped and replaced actors', () => {
  test('a stopped actor is marked stopped and logged, and stays until keepStoppedMs has passed', () => {
    const clock = manualClock();
    const collector = new InspectorCollector({ keepStoppedMs: 5_000, now: clock.now });
    const removed: string[] = [];
    collector.subscribe((change) => {
      if (change.type === 'removed') removed.push(change.actorId);
    });
    const actor = createActor(lamp, { id: 'lamp:hall', inspect: collector.inspect }).start();
    actor.stop();
    expect(collector.actor('lamp:hall')?.status).toBe('stopped');
    expect(collector.recentEvents(100).at(-1)).toMatchObject({ actorId: 'lamp:hall', kind: 'stopped' });
    clock.advance(4_999);
    expect(collector.actors().map((a) => a.id)).toContain('lamp:hall');
    clock.advance(1);
    expect(collector.actors().map((a) => a.id)).not.toContain('lamp:hall');
    expect(removed).toEqual(['lamp:hall']);
  });

  test('a machine that reaches a final state is marked done', () => {
    const once = createMachine({
      id: 'once',
      initial: 'a',
      states: { a: { on: { go: 'b' } }, b: { type: 'final' } },
    });
    const collector = new InspectorCollector();
    const actor = createActor(once, { id: 'once:1', inspect: collector.inspect }).start();
    actor.send({ type: 'go' });
    expect(collector.actor('once:1')).toMatchObject({ status: 'done', stateLabel: 'b' });
  });

  test('children stopped with their parent leave the tree with it', () => {
    const clock = manualClock();
    const collector = new InspectorCollector({ keepStoppedMs: 1_000, now: clock.now });
    const actor = createActor(household, { id: 'house', inspect: collector.inspect }).start();
    actor.send({ type: 'leave' });
    expect(collector.actor('house/porch')?.status).toBe('stopped');
    expect(collector.actor('house')?.status).toBe('active');
    clock.advance(1_000);
    const ids = collector.actors().map((a) => a.id);
    expect(ids).toEqual(['house']);
    actor.stop();
  });

  test('an actor replaced under the same id speaks for it; the old session is ignored', () => {
    const collector = new InspectorCollector();
    const old = createActor(lamp, { id: 'channel:g', inspect: collector.inspect }).start();
    const fresh = createActor(lamp, { id: 'channel:g', inspect: collector.inspect }).start();
    const seqBefore = collector.recentEvents(1).at(-1)?.seq ?? 0;
    old.send({ type: 'toggle' });
    expect(collector.actor('channel:g')?.stateLabel).toBe('off');
    expect(collector.recentEvents(100).filter((e) => e.seq > seqBefore)).toEqual([]);
    fresh.send({ type: 'toggle' });
    expect(collector.actor('channel:g')?.stateLabel).toBe('on');
    old.stop();
    expect(collector.actor('channel:g')?.status).toBe('active');
    fresh.stop();
  });
});

describe('subscribers', () => {
  test('a subscriber hears of each new actor, state change and logged event', () => {
    const collector = new InspectorCollector();
    const changes: CollectorChange[] = [];
    collector.subscribe((change) => changes.push(change));
    const actor = createActor(lamp, { id: 'lamp:hall', inspect: collector.inspect }).start();
    actor.send({ type: 'toggle' });
    const actorChanges = changes.filter((c) => c.type === 'actor');
    expect(actorChanges.at(-1)).toMatchObject({ actor: { id: 'lamp:hall', stateLabel: 'on' } });
    const events = changes.flatMap((c) => (c.type === 'event' ? [c.event] : []));
    expect(events).toEqual(collector.recentEvents(100));
    actor.stop();
  });

  test('after unsubscribing, a subscriber hears nothing more', () => {
    const collector = new InspectorCollector();
    const changes: CollectorChange[] = [];
    const stop = collector.subscribe((change) => changes.push(change));
    stop();
    createActor(lamp, { id: 'lamp:hall', inspect: collector.inspect }).start().stop();
    expect(changes).toEqual([]);
  });

  test('a throwing subscriber breaks neither the actor nor the other subscribers', () => {
    const collector = new InspectorCollector();
    collector.subscribe(() => {
      throw new Error('socket closed');
    });
    const heard: CollectorChange[] = [];
    collector.subscribe((change) => heard.push(change));
    const actor = createActor(lamp, { id: 'lamp:hall', inspect: collector.inspect }).start();
    actor.send({ type: 'toggle' });
    expect(actor.getSnapshot().value).toBe('on');
    expect(actor.getSnapshot().status).toBe('active');
    expect(heard.some((c) => c.type === 'actor' && c.actor.stateLabel === 'on')).toBe(true);
    actor.stop();
  });

  test('an actor without a state value (a callback actor) is listed with an empty label', () => {
    const collector = new InspectorCollector();
    const actor = createActor(
      fromCallback(() => () => {}),
      { id: 'process:a', inspect: collector.inspect },
    ).start();
    expect(collector.actor('process:a')).toMatchObject({ kind: 'process', stateLabel: '', status: 'active' });
    actor.stop();
  });
});
