/**
 * Model-based coverage: xstate/graph enumerates every reachable state of each machine
 * (delayed `xstate.after.*` and actor done/error events listed explicitly, since the
 * traversal only explores events it is given), live actors replay the shortest path to
 * each state, and one step of every event from every state must exercise every
 * transition the machine defines.
 */
import { describe, expect, test } from 'vitest';
import {
  type AnyEventObject,
  type AnyMachineSnapshot,
  type AnyStateMachine,
  type AnyTransitionDefinition,
  createActor,
  fromCallback,
  fromPromise,
  SimulatedClock,
} from 'xstate';
import { getShortestPaths, getStateNodes } from 'xstate/graph';
import {
  type HeartbeatInput,
  type SandboxSnapshot,
  type ShutdownInput,
  sandboxMachine,
} from '../../src/machines/sandbox.js';
import { type SupervisorSnapshot, supervisorMachine } from '../../src/machines/supervisor.js';
import { withPolicy } from '../../src/policy.js';
import { testPolicy } from '../fakes/fake-process.js';

// The paths supply every event the actors would send, so the actors do nothing.
const never = () => new Promise<never>(() => undefined);
const sandbox = sandboxMachine.provide({
  actors: {
    process: fromCallback(() => undefined),
    heartbeat: fromPromise<unknown, HeartbeatInput>(never),
    shutdown: fromPromise<unknown, ShutdownInput>(never),
  },
});
const supervisor = supervisorMachine.provide({ actors: { sandbox } });

/** An actor's done/error events exist only while that actor does. */
const fromChild = (s: AnyMachineSnapshot, id: string, events: AnyEventObject[]) =>
  id in s.children ? events : [];

const after = (delay: string, state: string) => ({ type: `xstate.after.${delay}.sandbox.${state}` });

function sandboxEvents(s: SandboxSnapshot): AnyEventObject[] {
  const generation = s.context.generation;
  return [
    { type: 'start' },
    { type: 'stop' },
    { type: 'process.spawned', generation, pid: 42 },
    { type: 'process.ready', generation },
    { type: 'process.exited', generation, code: 1, signal: null },
    { type: 'process.error', generation, message: 'ENOENT' },
    { type: 'channel.closed', generation },
    { type: 'process.overLimit', generation, message: 'RSS over the limit' },
    ...fromChild(s, 'process', [{ type: 'xstate.error.actor.process', error: new Error('threw') }]),
    ...fromChild(s, 'heartbeat', [
      { type: 'xstate.done.actor.heartbeat', output: undefined },
      { type: 'xstate.error.actor.heartbeat', error: new Error('timeout') },
    ]),
    ...fromChild(s, 'shutdown', [
      { type: 'xstate.done.actor.shutdown', output: { saved: true } },
      { type: 'xstate.error.actor.shutdown', error: new Error('refused') },
    ]),
    after('readyTimeout', 'live.starting'),
    after('resetAfter', 'live.running'),
    after('heartbeatInterval', 'live.running.waiting'),
    after('heartbeatTimeout', 'live.running.pinging'),
    after('killAfter', 'live.reaping'),
    after('stopGrace', 'live.stopping'),
    after('stopDeadline', 'live.stopping'),
    after('termAfter', 'live.stopping.graceful'),
    after('backoff', 'backoff'),
    after('coolDown', 'failed.coolingDown'),
  ];
}

// Generation, timestamps and the failure log grow without bound but steer no guard.
const sandboxKey = (s: SandboxSnapshot) =>
  JSON.stringify([
    s.value,
    s.status,
    s.context.restartTimes.length,
    s.context.consecutiveRestarts,
    s.context.heartbeatMisses,
    s.context.settled,
  ]);

function supervisorEvents(s: SupervisorSnapshot): AnyEventObject[] {
  const output = { history: { restartTimes: [1], failures: [] }, restoreState: null };
  return ['a'].flatMap((group) => [
    { type: 'ensureStarted', group },
    { type: 'sandbox.ready', group, generation: 1 },
    { type: 'sandbox.channelClosed', group, generation: 1 },
    { type: 'sandbox.failed', group, failure: undefined },
    ...fromChild(s, `sandbox:${group}`, [
      { type: `xstate.done.actor.sandbox:${group}`, actorId: `sandbox:${group}`, output },
      { type: `xstate.error.actor.sandbox:${group}`, actorId: `sandbox:${group}`, error: new Error('bug') },
    ]),
    { type: 'stop' },
  ]);
}

const supervisorKey = (s: SupervisorSnapshot) =>
  JSON.stringify([s.value, s.status, s.context.active, Object.keys(s.context.history).sort()]);

/** Every transition the machine defines, including `always` and delayed ones. */
function definedTransitions(machine: AnyStateMachine): Set<AnyTransitionDefinition> {
  const nodes = [machine.root, ...getStateNodes(machine.root)];
  return new Set(nodes.flatMap((node) => [...[...node.transitions.values()].flat(), ...(node.always ?? [])]));
}

/** Transitions taken by `event` from `state`, seen through the inspection API. */
function transitionsTaken(
  machine: AnyStateMachine,
  input: unknown,
  state: AnyMachineSnapshot,
  event: AnyEventObject,
) {
  const taken: AnyTransitionDefinition[] = [];
  // A fresh system per step: spawned systemIds from other branches cannot collide.
  const probe = createActor(machine, { input });
  probe.system.inspect((e) => {
    if (e.type === '@xstate.microstep') taken.push(...e._transitions);
  });
  const scope = {
    self: probe,
    system: probe.system,
    id: '',
    sessionId: '',
    logger: () => undefined,
    defer: () => undefined,
    emit: () => undefined,
    stopChild: () => undefined,
    actionExecutor: () => undefined,
  };
  machine.transition(state, event, scope as never);
  return taken;
}

interface Model<S extends AnyMachineSnapshot> {
  machine: AnyStateMachine;
  input: unknown;
  events: (s: S) => AnyEventObject[];
  key: (s: S) => string;
  filterEvents?: (s: S, e: AnyEventObject) => boolean;
}

function explore<S extends AnyMachineSnapshot>(model: Model<S>) {
  const paths = getShortestPaths(model.machine, {
    input: model.input,
    events: model.events as never,
    serializeState: model.key as never,
    filterEvents: model.filterEvents as never,
  });
  const covered = new Set<AnyTransitionDefinition>();
  for (const path of paths) {
    for (const event of model.events(path.state as S)) {
      if (model.filterEvents && !model.filterEvents(path.state as S, event)) continue;
      for (const t of transitionsTaken(model.machine, model.input, path.state, event)) covered.add(t);
    }
  }
  return { paths, covered };
}

function replay(machine: AnyStateMachine, input: unknown, events: AnyEventObject[]) {
  const actor = createActor(machine, { input, clock: new SimulatedClock() });
  actor.subscribe({ error: () => undefined });
  actor.start();
  for (const event of events) actor.send(event);
  return actor.getSnapshot();
}

function describeTransition(t: AnyTransitionDefinition): string {
  return `${t.source.id} --${t.eventType || 'always'}--> ${t.target?.map((n) => n.id).join(',') ?? '(self)'}`;
}

describe('model-based coverage', () => {
  const sandboxInputs = [
    { group: 'g', policy: testPolicy },
    { group: 'g', policy: withPolicy(testPolicy, { coolDownMs: [], heartbeatIntervalMs: 0 }) },
  ];

  test('every transition of the sandbox machine is exercised from its reachable states', () => {
    const covered = new Set<AnyTransitionDefinition>();
    for (const input of sandboxInputs) {
      const run = explore<SandboxSnapshot>({
        machine: sandbox,
        input,
        events: sandboxEvents,
        key: sandboxKey,
      });
      for (const t of run.covered) covered.add(t);
    }
    const missing = [...definedTransitions(sandbox)].filter((t) => !covered.has(t)).map(describeTransition);
    expect(missing).toEqual([]);
  });

  test('a live sandbox actor reaches the same state as the model along every shortest path', () => {
    for (const input of sandboxInputs) {
      const { paths } = explore<SandboxSnapshot>({
        machine: sandbox,
        input,
        events: sandboxEvents,
        key: sandboxKey,
      });
      expect(paths.length).toBeGreaterThan(20);
      for (const path of paths) {
        const live = replay(
          sandbox,
          input,
          path.steps.map((s) => s.event),
        );
        expect(sandboxKey(live as SandboxSnapshot)).toBe(sandboxKey(path.state as SandboxSnapshot));
      }
    }
  });

  // One group, spawned at most once: the traversal shares one mock system across all
  // branches, and a second spawn of a systemId there collides (only a real, stopped
  // actor releases it). Two groups interleaving are the property tests' job.
  const supervisorModel: Model<SupervisorSnapshot> = {
    machine: supervisor,
    input: { policy: testPolicy },
    events: supervisorEvents,
    key: supervisorKey,
    filterEvents: (s, e) =>
      !('group' in e && e.type === 'ensureStarted' && `${e.group}` in s.context.history),
  };

  test('every transition of the supervisor machine is exercised by its main events', () => {
    const { covered } = explore(supervisorModel);
    const missing = [...definedTransitions(supervisor)]
      .filter((t) => !covered.has(t))
      .map(describeTransition);
    expect(missing).toEqual([]);
  });

  test('a live supervisor reaches the same state as the model along every shortest path', () => {
    const { paths } = explore(supervisorModel);
    expect(paths.length).toBeGreaterThan(5);
    for (const path of paths) {
      const live = replay(
        supervisor,
        supervisorModel.input,
        path.steps.map((s) => s.event),
      );
      expect(supervisorKey(live as SupervisorSnapshot)).toBe(supervisorKey(path.state as SupervisorSnapshot));
    }
  });
});
