/**
 * Random interleavings of ensureStarted calls, faults and time across two groups under
 * one supervisor. The fakes never change state on their own within a clock step, so a
 * state seen when a promise settles is the state it settled in.
 */
import { fc, test } from '@fast-check/vitest';
import { expect } from 'vitest';
import { SandboxFailedError } from '../../src/errors.js';
import { ensureStarted, sandboxOf } from '../../src/machines/supervisor.js';
import { FakeWorld, flush, type ProcessScript, startSupervisor, testPolicy } from '../fakes/fake-process.js';

type Supervisor = ReturnType<typeof startSupervisor>;
const groups = ['built-in', 'custom'] as const;
type Group = (typeof groups)[number];

interface Model {
  stopAt: number | null;
}

interface Real {
  world: FakeWorld;
  supervisor: Supervisor;
  calls: Array<{ group: Group; outcome: 'pending' | 'resolved' | 'rejected' }>;
  /** Invariant breaches seen when a promise settled. */
  breaches: string[];
}

const stopBound = testPolicy.stopGraceMs + testPolicy.killAfterMs;

const scriptsArb = fc.array(
  fc.record({
    spawnFails: fc.constantFrom(false, false, true),
    spawnDelayMs: fc.constantFrom(0, 50, 400),
    readyDelayMs: fc.constantFrom(0, 300, null),
    hung: fc.constantFrom(false, false, true),
    ignoresTerm: fc.boolean(),
    shutdownFails: fc.boolean(),
    exitDelayMs: fc.constantFrom(0, 10, 900),
  }),
  { minLength: 1, maxLength: 5 },
);

function sandboxRunning(real: Real, group: Group, generation: number): string | null {
  const sandbox = sandboxOf(real.supervisor.getSnapshot(), group)?.getSnapshot();
  if (!sandbox?.matches({ live: 'running' }))
    return `${group} resolved while ${JSON.stringify(sandbox?.value)}`;
  if (sandbox.context.generation !== generation) return `${group} resolved with a stale generation`;
  const proc = real.world.process(group, generation);
  return proc?.ready && proc.status === 'alive' ? null : `${group} resolved without a ready live process`;
}

function call(group: Group): fc.AsyncCommand<Model, Real> {
  return {
    check: () => true,
    run: async (_model, real) => {
      const entry = { group, outcome: 'pending' as const } as Real['calls'][number];
      real.calls.push(entry);
      ensureStarted(real.supervisor, group).then(
        ({ generation }) => {
          entry.outcome = 'resolved';
          const breach = sandboxRunning(real, group, generation);
          if (breach) real.breaches.push(breach);
        },
        (err: unknown) => {
          entry.outcome = 'rejected';
          if (!(err instanceof SandboxFailedError)) real.breaches.push(`rejected with ${String(err)}`);
        },
      );
      await flush();
    },
    toString: () => `ensureStarted(${group})`,
  };
}

function act(name: string, run: (model: Model, real: Real) => void | Promise<void>, once = false) {
  return fc.constant<fc.AsyncCommand<Model, Real>>({
    check: (model) => !once || model.stopAt === null,
    run: async (model, real) => {
      await run(model, real);
      await flush();
      if (model.stopAt !== null && real.world.now >= model.stopAt + stopBound) {
        expect(real.supervisor.getSnapshot().value).toBe('stopped');
      }
    },
    toString: () => name,
  });
}

const groupArb = fc.constantFrom(...groups);
const commandsArb = fc.commands(
  [
    groupArb.map(call),
    groupArb.map(call),
    fc
      .constantFrom(100, 1_000, 3_000, 25_000, 60_000)
      .chain((ms) => act(`advance(${ms})`, (_m, r) => r.world.advance(ms, 250))),
    groupArb.chain((g) => act(`crash(${g})`, (_m, r) => void r.world.crash(g))),
    groupArb.chain((g) => act(`hang(${g})`, (_m, r) => void r.world.hang(g))),
    act(
      'stop',
      (m, r) => {
        m.stopAt = r.world.now;
        r.supervisor.send({ type: 'stop' });
      },
      true,
    ),
  ],
  { maxCommands: 30, size: 'medium' },
);

async function runScenario(
  scripts: Record<Group, ProcessScript[]>,
  cmds: Iterable<fc.AsyncCommand<Model, Real>>,
) {
  const world = new FakeWorld((group, generation) => {
    const list = scripts[group as Group];
    return list[(generation - 1) % list.length]!;
  });
  const real: Real = { world, supervisor: startSupervisor(world), calls: [], breaches: [] };
  const model: Model = { stopAt: null };
  await fc.asyncModelRun(() => ({ model, real }), cmds);
  if (model.stopAt === null) {
    model.stopAt = world.now;
    real.supervisor.send({ type: 'stop' });
  }
  await world.advance(stopBound, 100);
  return real;
}

const scenarioArb = fc.tuple(fc.record({ 'built-in': scriptsArb, custom: scriptsArb }), commandsArb);
const runs = { numRuns: 100 };

test.prop([scenarioArb], runs)(
  'ensureStarted never resolves for a sandbox that is not running and only rejects with SandboxFailedError',
  async ([scripts, cmds]) => {
    const real = await runScenario(scripts, cmds);
    expect(real.breaches).toEqual([]);
    // Stop settles every call: none is left hanging.
    expect(real.calls.filter((c) => c.outcome === 'pending')).toEqual([]);
  },
);

test.prop([scenarioArb], runs)(
  'at most one live process per group across groups',
  async ([scripts, cmds]) => {
    const real = await runScenario(scripts, cmds);
    expect(real.world.violations).toEqual([]);
    for (const group of groups) expect(real.world.alive(group)).toEqual([]);
  },
);

test.prop([scenarioArb], runs)(
  'supervisor stop reaches stopped within stopGraceMs + killAfterMs with no timer left',
  async ([scripts, cmds]) => {
    const real = await runScenario(scripts, cmds);
    expect(real.supervisor.getSnapshot().value).toBe('stopped');
    expect(real.supervisor.system.getSnapshot()._scheduledEvents).toEqual({});
  },
);
