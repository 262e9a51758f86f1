/** describeMachine, toMermaid and listTransitions on a small machine with every kind of transition. */
import { describe, expect, test } from 'vitest';
import { fromPromise, not, setup, stateIn } from 'xstate';
import { describeMachine, listTransitions, toMermaid } from '../../src/machines/describe.js';

const machine = setup({
  types: { events: {} as { type: 'go' } | { type: 'stop' } | { type: 'ratio:set' } },
  guards: { isReady: () => true },
  actors: { work: fromPromise(async () => 1) },
  delays: { soon: 10 },
}).createMachine({
  id: 'm',
  initial: 'idle',
  states: {
    idle: {
      on: {
        go: { target: 'busy', guard: 'isReady' },
        stop: { guard: not('isReady'), target: 'done' },
        'ratio:set': { guard: stateIn('#m.idle') },
      },
      after: { soon: 'busy', 500: 'done' },
    },
    busy: {
      initial: 'inner',
      invoke: { src: 'work', onDone: 'done', onError: 'idle' },
      states: {
        inner: {
          always: {
            target: 'other',
            guard: function ownGuard() {
              return false;
            },
          },
        },
        other: {},
      },
    },
    done: { type: 'final' },
  },
});

/** Described inside each test, so mutation testing attributes the coverage to the test. */
const chart = () => describeMachine(machine);

describe('describeMachine', () => {
  test('names states, initial states, invoked actors and final states', () => {
    expect(chart().id).toBe('m');
    expect(chart().root.initial).toBe('m.idle');
    const [idle, busy, done] = chart().root.states;
    expect(idle).toMatchObject({ id: 'm.idle', key: 'idle', type: 'atomic', invoke: [], states: [] });
    expect(busy).toMatchObject({ id: 'm.busy', type: 'compound', initial: 'm.busy.inner', invoke: ['work'] });
    expect(busy?.states.map((s) => s.key)).toEqual(['inner', 'other']);
    expect(done?.type).toBe('final');
  });

  test('labels delays, actor completions and failures, and names each kind of guard', () => {
    expect(listTransitions(chart())).toEqual([
      'idle --go [isReady]--> busy',
      'idle --stop [not isReady]--> done',
      'idle --ratio:set [in #m.idle]--> (stays)',
      'idle --after 500--> done',
      'idle --after soon--> busy',
      'busy --done: 0.m.busy--> done',
      'busy --error: 0.m.busy--> idle',
      'busy.inner --always [ownGuard]--> busy.other',
    ]);
  });
});

describe('toMermaid', () => {
  test('draws nested states, initial and final arrows, and transitions without colons in labels', () => {
    expect(toMermaid(chart()).split('\n')).toEqual([
      'stateDiagram-v2',
      '  [*] --> m_idle',
      '  state "idle" as m_idle',
      '  state "busy" as m_busy',
      '  state m_busy {',
      '    [*] --> m_busy_inner',
      '    state "inner" as m_busy_inner',
      '    state "other" as m_busy_other',
      '  }',
      '  state "done" as m_done',
      '  m_done --> [*]',
      '  m_idle --> m_busy: go [isReady]',
      '  m_idle --> m_done: stop [not isReady]',
      '  m_idle --> m_done: after 500',
      '  m_idle --> m_busy: after soon',
      '  m_busy --> m_done: done  0.m.busy',
      '  m_busy --> m_idle: error  0.m.busy',
      '  m_busy_inner --> m_busy_other: always [ownGuard]',
    ]);
  });
});
