/**
 * describeMachine, toMermaid and listTransitions on the shapes the main test's machine
 * lacks: parallel states, object guards, higher-order guards nested, guards without a
 * name, and event types that only look like xstate's own.
 */
import { describe, expect, test } from 'vitest';
import { and, createMachine, not, or, setup, stateIn } from 'xstate';
import { configEntryMachine } from '../../src/machines/config-entry.js';
import { describeMachine, listTransitions, toMermaid } from '../../src/machines/describe.js';

const anonymous = [() => true][0]!;

const machine = setup({
  types: {
    events: {} as
      | { type: 'named' }
      | { type: 'nested' }
      | { type: 'anon' }
      | { type: 'odd' }
      | { type: 'weird' }
      | { type: 'app.xstate.done.actor.fake' }
      | { type: 'app.xstate.error.actor.fake' }
      | { type: 'xstate.done.actor.a\nb' }
      | { type: 'xstate.error.actor.a\nb' }
      | { type: 'xstate.error.actor.z' },
  },
  guards: { ok: () => true },
}).createMachine({
  id: 'p',
  type: 'parallel',
  states: {
    left: {
      initial: 'one',
      states: {
        one: {
          on: {
            named: { target: 'two', guard: { type: 'ok', params: { n: 1 } } },
            nested: { target: 'two', guard: not(stateIn('#p.right.down')) },
            anon: { target: 'two', guard: anonymous },
          },
        },
        two: {},
      },
    },
    right: {
      type: 'parallel',
      states: {
        up: {
          on: {
            'app.xstate.done.actor.fake': {},
            'app.xstate.error.actor.fake': {},
            'xstate.done.actor.a\nb': {},
            'xstate.error.actor.a\nb': {},
            'xstate.error.actor.z': {},
          },
        },
        down: {},
      },
    },
  },
});

/** Described inside each test, so mutation testing attributes the coverage to the test. */
const chart = () => describeMachine(machine);

describe('describeMachine on a parallel machine', () => {
  test('a parallel state has no initial state, its regions and leaves have theirs or none', () => {
    expect(chart().root).toMatchObject({ id: 'p', type: 'parallel', invoke: [] });
    expect(chart().root.initial).toBeUndefined();
    const [left, right] = chart().root.states;
    expect(left).toMatchObject({ id: 'p.left', type: 'compound', initial: 'p.left.one' });
    expect(right?.type).toBe('parallel');
    expect(right?.initial).toBeUndefined();
    expect(right?.states.map((s) => [s.id, s.type, s.initial])).toEqual([
      ['p.right.up', 'atomic', undefined],
      ['p.right.down', 'atomic', undefined],
    ]);
  });

  test('names an object guard by its type, a nested higher-order guard in full, an unnamed one as guard', () => {
    expect(chart().transitions.filter((t) => t.source === 'p.left.one')).toEqual([
      { source: 'p.left.one', targets: ['p.left.two'], event: 'named', guard: 'ok' },
      { source: 'p.left.one', targets: ['p.left.two'], event: 'nested', guard: 'not in #p.right.down' },
      { source: 'p.left.one', targets: ['p.left.two'], event: 'anon', guard: 'guard' },
    ]);
  });

  test('relabels only event types that are exactly an actor completion or failure', () => {
    expect(listTransitions(chart()).filter((line) => line.startsWith('right.up'))).toEqual([
      'right.up --app.xstate.done.actor.fake--> (stays)',
      'right.up --app.xstate.error.actor.fake--> (stays)',
      'right.up --xstate.done.actor.a\nb--> (stays)',
      'right.up --xstate.error.actor.a\nb--> (stays)',
      'right.up --error: z--> (stays)',
    ]);
  });
});

describe('toMermaid on a parallel machine', () => {
  test('draws no initial arrow for parallel states', () => {
    expect(toMermaid(chart()).split('\n')).toEqual([
      'stateDiagram-v2',
      '  state "left" as p_left',
      '  state p_left {',
      '    [*] --> p_left_one',
      '    state "one" as p_left_one',
      '    state "two" as p_left_two',
      '  }',
      '  state "right" as p_right',
      '  state p_right {',
      '    state "up" as p_right_up',
      '    state "down" as p_right_down',
      '  }',
      '  p_left_one --> p_left_two: named [ok]',
      '  p_left_one --> p_left_two: nested [not in #p.right.down]',
      '  p_left_one --> p_left_two: anon [guard]',
    ]);
  });
});

describe('guards of unusual shapes', () => {
  // Plain createMachine takes guards as given; the describer must still label them.
  const odd = createMachine({
    id: 'o',
    initial: 'a',
    states: {
      a: {
        on: {
          numbered: { target: 'b', guard: 7 as never },
          typed: { target: 'b', guard: { type: 42 } as never },
          untyped: { target: 'b', guard: { check: true } as never },
        },
      },
      b: {},
    },
  });

  test('a guard that is neither a name, a typed object nor a function is labelled guard', () => {
    expect(listTransitions(describeMachine(odd))).toEqual([
      'a --numbered [guard]--> b',
      'a --typed [guard]--> b',
      'a --untyped [guard]--> b',
    ]);
  });
});

describe('describeMachine on a real machine', () => {
  test('the config entry chart names its invoked actors and guarded completions', () => {
    const entry = describeMachine(configEntryMachine);
    const byKey = Object.fromEntries(entry.root.states.map((s) => [s.key, s]));
    expect(byKey.setup_in_progress?.invoke).toEqual(['setup']);
    expect(byKey.unload_in_progress?.invoke).toEqual(['unload']);
    expect(byKey.loaded?.invoke).toEqual([]);
    expect(listTransitions(entry)).toContain(
      'setup_in_progress --done: 0.configEntry.setup_in_progress [loaded]--> loaded',
    );
    expect(listTransitions(entry)).toContain(
      'setup_in_progress --error: 0.configEntry.setup_in_progress--> setup_error',
    );
    expect(listTransitions(entry)).toContain('setup_retry --after retryDelay--> setup_in_progress');
    expect(listTransitions(entry)).toContain('afterUnload --always [reloadPending]--> setup_in_progress');
  });
});

describe('describeMachine on combined guards', () => {
  const combined = setup({
    types: { events: {} as { type: 'both' } | { type: 'either' } | { type: 'mixed' } },
    guards: { a: () => true, b: () => true, c: () => true },
  }).createMachine({
    id: 'g',
    initial: 'idle',
    states: {
      idle: {
        on: {
          both: { target: 'done', guard: and(['a', 'b']) },
          either: { target: 'done', guard: or(['a', not('b')]) },
          mixed: { target: 'done', guard: or([and(['a', 'b']), 'c']) },
        },
      },
      done: {},
    },
  });

  test('and / or are labelled by what they do, a nested combination in parentheses', () => {
    const guards = Object.fromEntries(describeMachine(combined).transitions.map((t) => [t.event, t.guard]));
    expect(guards).toEqual({ both: 'a and b', either: 'a or not b', mixed: '(a and b) or c' });
  });
});
