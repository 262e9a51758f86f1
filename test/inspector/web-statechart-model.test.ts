import { describe, expect, it } from 'vitest';
import {
  eventLabel,
  readableEvent,
  readableEventType,
  relativeName,
  statesById,
  transitionChips,
} from '../../src/inspector/web/statechart-model.js';
import { configEntryMachine } from '../../src/machines/config-entry.js';
import { describeMachine } from '../../src/machines/describe.js';
import { sandboxMachine } from '../../src/machines/sandbox.js';
import { supervisorMachine } from '../../src/machines/supervisor.js';

const sandbox = describeMachine(sandboxMachine);

describe('transitionChips', () => {
  it('lists a state’s outgoing transitions with guards and root-relative targets', () => {
    const chips = transitionChips(sandbox).get('sandbox.live.running.pinging') ?? [];
    expect(chips).toContainEqual({
      event: 'error: heartbeat',
      rawEvent: 'error: heartbeat',
      guard: 'heartbeatsExhausted',
      targets: [{ id: 'sandbox.live.reaping', name: 'live.reaping' }],
    });
  });

  it('keeps every transition of the machine, once', () => {
    const total = [...transitionChips(sandbox).values()].reduce((n, list) => n + list.length, 0);
    expect(total).toBe(sandbox.transitions.length);
  });

  it('gives a transition that stays no targets', () => {
    const root = transitionChips(describeMachine(supervisorMachine)).get('supervisor') ?? [];
    expect(root.map((c) => c.targets.length)).toEqual(root.map(() => 0));
    expect(root.length).toBeGreaterThan(0);
  });

  it('names an unnamed invoke by the actor it runs', () => {
    const entry = describeMachine(configEntryMachine);
    const chips = transitionChips(entry).get('configEntry.setup_in_progress') ?? [];
    expect(chips.map((c) => c.event)).toContain('done: setup');
    expect(chips.map((c) => c.rawEvent)).toContain('done: 0.configEntry.setup_in_progress');
  });
});

describe('readableEvent', () => {
  it('leaves an event that names no generated invoke id as it is', () => {
    expect(readableEvent('done: heartbeat', statesById(sandbox))).toBe('done: heartbeat');
    expect(readableEvent('done: 3.sandbox.nowhere', statesById(sandbox))).toBe('done: 3.sandbox.nowhere');
  });
});

describe('relativeName', () => {
  it('drops the machine id but keeps the root’s own', () => {
    expect(relativeName(sandbox, 'sandbox.live.reaping')).toBe('live.reaping');
    expect(relativeName(sandbox, 'sandbox')).toBe('sandbox');
  });
});

describe('readableEventType', () => {
  it('writes XState’s internal event types the way the chart does', () => {
    expect(readableEventType('xstate.after.heartbeatInterval.sandbox.live.running.waiting')).toBe(
      'after heartbeatInterval',
    );
    expect(readableEventType('xstate.done.actor.heartbeat')).toBe('done: heartbeat');
    expect(readableEventType('xstate.error.actor.0.configEntry.setup_in_progress')).toBe(
      'error: 0.configEntry.setup_in_progress',
    );
    expect(readableEventType('xstate.init')).toBe('init');
    expect(readableEventType('process.ready')).toBe('process.ready');
  });
});

describe('eventLabel', () => {
  it('names the invoked actor in a raw done event when the chart is known', () => {
    const entry = describeMachine(configEntryMachine);
    expect(eventLabel('xstate.done.actor.0.configEntry.unload_in_progress', entry)).toBe('done: unload');
    expect(eventLabel('xstate.done.actor.0.configEntry.unload_in_progress', undefined)).toBe(
      'done: 0.configEntry.unload_in_progress',
    );
  });
});
