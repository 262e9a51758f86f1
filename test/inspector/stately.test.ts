import type { AddressInfo } from 'node:net';
import { createWebSocketReceiver, type StatelyInspectionEvent } from '@statelyai/inspect';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { WebSocketServer } from 'ws';
import { assign, createActor, createMachine, type InspectionEvent } from 'xstate';
import { type ApiServer, startApiServer } from '../../src/api/server.js';
import { InspectorCollector } from '../../src/inspector/collector.js';
import { combineInspectors, statelyFeed, statelyWebSocketInspector } from '../../src/inspector/stately.js';
import { type ExampleHub, startExampleHub } from '../support/example-hub.js';

const lamp = createMachine({
  id: 'lamp',
  initial: 'off',
  states: { off: { on: { toggle: 'on' } }, on: { on: { toggle: 'off' } } },
});

type ActorEvent = Extract<StatelyInspectionEvent, { type: '@xstate.actor' }>;
type SnapshotEvent = Extract<StatelyInspectionEvent, { type: '@xstate.snapshot' }>;

const TOKEN = 'test-token-c3RhdGVseS1yZWNlaXZlci10ZXN0';

describe("Stately's own WebSocket receiver on the hub's /api/stately", () => {
  let example: ExampleHub;
  let api: ApiServer;

  beforeAll(async () => {
    const collector = new InspectorCollector();
    const feed = statelyFeed();
    example = await startExampleHub({
      isolation: 'inline',
      inspect: combineInspectors(collector.inspect, feed.inspect),
    });
    api = await startApiServer({ hub: example.hub, collector, stately: feed, port: 0, token: TOKEN });
  });

  afterAll(async () => {
    await api?.close();
    await example?.cleanup();
  });

  test("receives the hub's actors and their snapshots as Stately events", async () => {
    const received: StatelyInspectionEvent[] = [];
    // The receiver takes only a URL: the token goes as its password, which ws sends as a Basic header.
    const receiver = createWebSocketReceiver({
      server: `ws://corral:${TOKEN}@127.0.0.1:${api.port}/api/stately`,
    });
    receiver.subscribe((event) => received.push(event));

    // The receiver says nothing when it is connected: start flows until one is seen.
    let flowId = '';
    const seenFlow = async () => {
      for (let attempt = 0; attempt < 100; attempt++) {
        const answer = await example.hub.flows.start('demo_light');
        flowId = answer.flowId;
        await example.hub.flows.abort(flowId);
        await new Promise((resolve) => setTimeout(resolve, 50));
        if (received.some((e) => e.type === '@xstate.actor' && e.name === `flow:${flowId}`)) return;
      }
      throw new Error('no flow actor reached the Stately receiver');
    };
    await seenFlow();

    const actor = received.find(
      (e): e is ActorEvent => e.type === '@xstate.actor' && e.name === `flow:${flowId}`,
    )!;
    expect(typeof actor.sessionId).toBe('string');
    expect(actor._version).toMatch(/^\d+\.\d+\.\d+/);
    expect(actor.definition).toContain('configFlow');

    const snapshots = received.filter(
      (e): e is SnapshotEvent => e.type === '@xstate.snapshot' && e.sessionId === actor.sessionId,
    );
    const values = snapshots.map((e) => (e.snapshot as { value?: unknown }).value);
    expect(values).toContain('waiting');
    expect(values).toContain('aborted');
    // The flow's own children (its invoked steps) name it as their parent.
    expect(received.some((e) => e.type === '@xstate.actor' && e.parentId === actor.sessionId)).toBe(true);
  });
});

describe('statelyFeed', () => {
  test('a receiver subscribing late is first told every live actor and its latest snapshot', async () => {
    const feed = statelyFeed();
    const early: string[] = [];
    const stopEarly = feed.subscribe((json) => early.push(json));
    const running = createActor(lamp, { inspect: feed.inspect }).start();
    running.send({ type: 'toggle' });
    // Stately converts events when idle: wait until they went out.
    await vi.waitFor(() => expect(early.some((json) => json.includes('"value":"on"'))).toBe(true));
    stopEarly();

    const late: StatelyInspectionEvent[] = [];
    feed.subscribe((json) => late.push(JSON.parse(json)));
    const actors = late.filter((e): e is ActorEvent => e.type === '@xstate.actor');
    expect(actors.map((e) => e.sessionId)).toContain(running.sessionId);
    const snapshot = late.find(
      (e): e is SnapshotEvent => e.type === '@xstate.snapshot' && e.sessionId === running.sessionId,
    );
    expect((snapshot?.snapshot as { value?: unknown } | undefined)?.value).toBe('on');
    running.stop();
  });

  test('a snapshot whose context holds a BigInt and a cycle still reaches subscribers as JSON', async () => {
    const feed = statelyFeed();
    const sent: string[] = [];
    feed.subscribe((json) => sent.push(json));
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;
    const machine = createMachine({
      id: 'odd',
      context: { big: 10n, cyclic },
      initial: 'a',
      states: { a: { on: { go: { target: 'b', actions: assign({ big: 11n }) } } }, b: {} },
    });
    const actor = createActor(machine, { id: 'odd:1', inspect: feed.inspect }).start();
    actor.send({ type: 'go' });
    await vi.waitFor(() => expect(sent.length).toBeGreaterThanOrEqual(3));
    const events = sent.map((json) => JSON.parse(json) as StatelyInspectionEvent);
    const registered = events.find((e): e is ActorEvent => e.type === '@xstate.actor');
    expect(registered).toMatchObject({ name: 'odd:1' });
    // Read when the event is sent, so either value; a BigInt becomes its digits.
    expect((registered!.snapshot.context as { big: unknown }).big).toMatch(/^1[01]$/);
    expect(
      events.some((e) => e.type === '@xstate.snapshot' && (e.snapshot as { value?: unknown }).value === 'b'),
    ).toBe(true);
    actor.stop();
  });

  test('after unsubscribing, a subscriber is sent nothing', async () => {
    const feed = statelyFeed();
    const kept: string[] = [];
    const dropped: string[] = [];
    feed.subscribe((json) => kept.push(json));
    const stop = feed.subscribe((json) => dropped.push(json));
    stop();
    const actor = createActor(lamp, { id: 'lamp:1', inspect: feed.inspect }).start();
    actor.send({ type: 'toggle' });
    await vi.waitFor(() => expect(kept.length).toBeGreaterThan(0));
    expect(dropped).toEqual([]);
    actor.stop();
  });
});

describe('statelyWebSocketInspector', () => {
  test('pushes the inspection events to a Stately inspector server', async () => {
    const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    const received: StatelyInspectionEvent[] = [];
    const closed = new Promise<void>((resolve) => {
      server.on('connection', (ws) => {
        ws.on('message', (data) => received.push(JSON.parse(String(data)) as StatelyInspectionEvent));
        ws.on('close', () => resolve());
      });
    });
    const { port } = server.address() as AddressInfo;
    const inspector = statelyWebSocketInspector(`ws://127.0.0.1:${port}`);
    const actor = createActor(lamp, { id: 'lamp:remote', inspect: inspector.inspect }).start();
    actor.send({ type: 'toggle' });
    try {
      await vi.waitFor(
        () => {
          expect(received.some((e) => e.type === '@xstate.actor' && e.name === 'lamp:remote')).toBe(true);
          expect(
            received.some(
              (e) => e.type === '@xstate.snapshot' && (e.snapshot as { value?: unknown }).value === 'on',
            ),
          ).toBe(true);
        },
        { timeout: 5_000 },
      );
      inspector.stop();
      await closed;
    } finally {
      actor.stop();
      server.close();
    }
  });
});

describe('combineInspectors', () => {
  const someEvent = () => {
    const seen: InspectionEvent[] = [];
    createActor(lamp, { inspect: (e) => void seen.push(e) })
      .start()
      .stop();
    return seen[0]!;
  };

  test('tells every observer, functions and observer objects alike, skipping undefined ones', () => {
    const a = vi.fn();
    const b = { next: vi.fn() };
    const combined = combineInspectors(a, undefined, b);
    const event = someEvent();
    combined(event);
    expect(a).toHaveBeenCalledWith(event);
    expect(b.next).toHaveBeenCalledWith(event);
  });

  test('keeps telling the others when one throws, and never throws itself', () => {
    const before = vi.fn();
    const after = { next: vi.fn() };
    const combined = combineInspectors(
      before,
      () => {
        throw new Error('inspector down');
      },
      {
        next: () => {
          throw new Error('observer down');
        },
      },
      after,
    );
    const event = someEvent();
    expect(() => combined(event)).not.toThrow();
    expect(before).toHaveBeenCalledTimes(1);
    expect(after.next).toHaveBeenCalledTimes(1);
  });

  test('an actor inspected by a failing inspector still runs, and the working one sees it all', () => {
    const collector = new InspectorCollector();
    const actor = createActor(lamp, {
      id: 'lamp:combined',
      inspect: combineInspectors(() => {
        throw new Error('inspector down');
      }, collector.inspect),
    }).start();
    actor.send({ type: 'toggle' });
    expect(actor.getSnapshot().value).toBe('on');
    expect(collector.actor('lamp:combined')?.stateLabel).toBe('on');
    actor.stop();
  });
});
