import { describe, expect, it } from 'vitest';
import { type AnyStateMachine, setup } from 'xstate';
import { activeStates, enteredAlong, newlyActive } from '../../src/inspector/web/active-states.js';
import { channelMachine } from '../../src/machines/channel.js';
import { configEntryMachine } from '../../src/machines/config-entry.js';
import { configFlowMachine } from '../../src/machines/config-flow.js';
import { describeMachine, type StatechartState } from '../../src/machines/describe.js';
import { sandboxMachine } from '../../src/machines/sandbox.js';
import { supervisorMachine } from '../../src/machines/supervisor.js';

const sandbox = describeMachine(sandboxMachine);

/** Not a Corral machine: the real ones have no parallel state, the page must still draw one. */
const parallelMachine = setup({}).createMachine({
  id: 'lamp',
  type: 'parallel',
  states: {
    power: { initial: 'off', states: { off: { on: { toggle: 'on' } }, on: { on: { toggle: 'off' } } } },
    link: {
      initial: 'up',
      states: {
        up: { on: { lost: 'down' } },
        down: { initial: 'waiting', states: { waiting: {}, dialing: {} } },
      },
    },
  },
});
const lamp = describeMachine(parallelMachine);

const sorted = (ids: ReadonlySet<string>) => [...ids].sort();

/** The snapshot value that puts a machine in `state`: `{ live: { running: 'waiting' } }`. */
function stateValueAt(path: readonly StatechartState[]): unknown {
  const [head, ...rest] = path;
  if (!head) return undefined;
  return rest.length === 0 ? head.key : { [head.key]: stateValueAt(rest) };
}

function leafPaths(state: StatechartState, above: StatechartState[] = []): StatechartState[][] {
  if (state.states.length === 0) return [above];
  return state.states.flatMap((child) => leafPaths(child, [...above, child]));
}

describe('activeStates', () => {
  it('maps a nested sandbox value to the leaf and every ancestor', () => {
    const active = activeStates(sandbox, { live: { running: 'waiting' } });
    expect(sorted(active.active)).toEqual([
      'sandbox',
      'sandbox.live',
      'sandbox.live.running',
      'sandbox.live.running.waiting',
    ]);
    expect(sorted(active.leaves)).toEqual(['sandbox.live.running.waiting']);
  });

  it('maps a top-level string value to one atomic state under the root', () => {
    const active = activeStates(sandbox, 'backoff');
    expect(sorted(active.active)).toEqual(['sandbox', 'sandbox.backoff']);
    expect(sorted(active.leaves)).toEqual(['sandbox.backoff']);
  });

  it('follows three levels of nesting in the stopping branch', () => {
    const active = activeStates(sandbox, { live: { stopping: { graceful: 'awaitingExit' } } });
    expect(sorted(active.leaves)).toEqual(['sandbox.live.stopping.graceful.awaitingExit']);
    expect(active.active.has('sandbox.live.stopping.graceful')).toBe(true);
    expect(active.active.has('sandbox.live.stopping.terminating')).toBe(false);
  });

  it('marks a final state of the config flow as the leaf', () => {
    const flow = describeMachine(configFlowMachine);
    expect(sorted(activeStates(flow, 'done').leaves)).toEqual(['configFlow.done']);
  });

  it('activates every region of a parallel state and one leaf per region', () => {
    const active = activeStates(lamp, { power: 'on', link: { down: 'dialing' } });
    expect(sorted(active.leaves)).toEqual(['lamp.link.down.dialing', 'lamp.power.on']);
    expect(sorted(active.active)).toEqual([
      'lamp',
      'lamp.link',
      'lamp.link.down',
      'lamp.link.down.dialing',
      'lamp.power',
      'lamp.power.on',
    ]);
  });

  it('accepts a dotted state label in place of the value', () => {
    expect(sorted(activeStates(sandbox, 'live.starting.awaitingReady').leaves)).toEqual([
      'sandbox.live.starting.awaitingReady',
    ]);
  });

  it('stops at the deepest known state when the value names an unknown key', () => {
    const active = activeStates(sandbox, { live: 'nonsense' });
    expect(sorted(active.active)).toEqual(['sandbox', 'sandbox.live']);
    expect(sorted(active.leaves)).toEqual(['sandbox.live']);
  });

  it('makes the root the only active state for a missing value', () => {
    for (const value of [undefined, null, 42, []]) {
      const active = activeStates(sandbox, value);
      expect(sorted(active.active)).toEqual(['sandbox']);
      expect(sorted(active.leaves)).toEqual(['sandbox']);
    }
  });

  const machines: [string, AnyStateMachine][] = [
    ['sandbox', sandboxMachine],
    ['supervisor', supervisorMachine],
    ['channel', channelMachine],
    ['configEntry', configEntryMachine],
    ['configFlow', configFlowMachine],
    ['a parallel machine', parallelMachine],
  ];

  for (const [name, machine] of machines) {
    it(`agrees with XState's own matches() on every state for every leaf of ${name}`, () => {
      const chart = describeMachine(machine);
      const all: StatechartState[][] = [];
      const walk = (state: StatechartState, path: StatechartState[]) => {
        all.push(path);
        for (const child of state.states) walk(child, [...path, child]);
      };
      walk(chart.root, []);
      const values =
        chart.root.type === 'parallel'
          ? [{ power: 'on', link: { down: 'waiting' } }]
          : leafPaths(chart.root).map(stateValueAt);
      for (const value of values) {
        const snapshot = machine.resolveState({ value: value as never, context: {} as never });
        const active = activeStates(chart, snapshot.value);
        for (const path of all.slice(1)) {
          const id = path.at(-1)!.id;
          expect(active.active.has(id), `${id} in ${JSON.stringify(snapshot.value)}`).toBe(
            snapshot.matches(stateValueAt(path) as never),
          );
        }
        expect(active.leaves.size).toBeGreaterThan(0);
      }
    });
  }
});

describe('newlyActive', () => {
  it('lists the states entered by a transition, not those that stayed active', () => {
    const before = activeStates(sandbox, { live: { running: 'waiting' } });
    const after = activeStates(sandbox, { live: { running: 'pinging' } });
    expect(newlyActive(before, after)).toEqual(['sandbox.live.running.pinging']);
  });

  it('lists nothing on the first snapshot of a selection', () => {
    expect(newlyActive(undefined, activeStates(sandbox, 'idle'))).toEqual([]);
  });
});

describe('enteredAlong', () => {
  it('collects states passed through within one batch, even those left again', () => {
    const before = activeStates(sandbox, { live: { running: 'waiting' } });
    const steps = ['crashed', 'backoff', { live: { starting: 'spawning' } }].map((v) =>
      activeStates(sandbox, v),
    );
    expect([...enteredAlong(before, steps)].sort()).toEqual([
      'sandbox.backoff',
      'sandbox.crashed',
      'sandbox.live',
      'sandbox.live.starting',
      'sandbox.live.starting.spawning',
    ]);
  });
});
