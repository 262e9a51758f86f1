/**
 * Random fault sequences against one sandbox under simulated time: every spawn attempt
 * draws a behaviour (slow, failing, never ready, hung, ignoring SIGTERM...) and the run
 * interleaves time, crashes, closed channels, hangs, forged stale events and a stop.
 */
import { fc, test } from '@fast-check/vitest';
import { expect } from 'vitest';
import { FakeWorld, flush, type ProcessScript, startSandbox, testPolicy } from '../fakes/fake-process.js';

type Sandbox = ReturnType<typeof startSandbox>;

interface Model {
  stopAt: number | null;
}

interface Real {
  world: FakeWorld;
  sandbox: Sandbox;
  /** Times the machine respawned after a crash (not the first start, not cool-down retries). */
  restarts: number[];
  /** Invariant checked after every command. */
  invariant: (real: Real, model: Model) => void;
}

const { stopGraceMs, killAfterMs, restartIntensity, restartPeriodMs } = testPolicy;
const stopBound = stopGraceMs + killAfterMs;

// A spawn always finishes before the ready timeout; `scripts` also keeps every exit
// within killAfterMs of its signal, as a real OS honours SIGKILL.
const scriptArb = (exitDelays: number[]): fc.Arbitrary<ProcessScript[]> =>
  fc.array(
    fc.record({
      spawnFails: fc.constantFrom(false, false, false, true),
      spawnDelayMs: fc.constantFrom(0, 0, 50, 400),
      readyDelayMs: fc.constantFrom(0, 100, 700, null),
      ignoresTerm: fc.boolean(),
      hung: fc.constantFrom(false, false, false, true),
      shutdownFails: fc.boolean(),
      exitDelayMs: fc.constantFrom(...exitDelays),
    }),
    { minLength: 1, maxLength: 6 },
  );
const scripts = scriptArb([0, 10, 300, 900]);
/** Includes processes that outlive SIGKILL by far (stuck in the kernel): stop must not wait. */
const maxExitDelay = 60_000;
const scriptsWithStuckExits = scriptArb([0, 10, 300, 900, 5_000, maxExitDelay]);

type Cmd = fc.AsyncCommand<Model, Real>;

function command(name: string, run: (model: Model, real: Real) => void | Promise<void>, once = false): Cmd {
  return {
    check: (model) => !once || model.stopAt === null,
    run: async (model, real) => {
      await run(model, real);
      await flush();
      real.invariant(real, model);
    },
    toString: () => name,
  };
}

const advanceArb = fc
  .constantFrom(100, 700, 1_000, 2_500, 6_000, 25_000, 60_000)
  .map((ms) => command(`advance(${ms})`, (_m, r) => r.world.advance(ms, 250)));
const crashArb = fc
  .integer({ min: 0, max: 2 })
  .map((code) => command(`crash(${code})`, (_m, r) => void r.world.crash('g', code)));

const commandsArb = fc.commands(
  [
    advanceArb,
    advanceArb,
    crashArb,
    crashArb,
    fc.constant(command('closeChannel', (_m, r) => void r.world.closeChannel('g'))),
    fc.constant(command('hang', (_m, r) => void r.world.hang('g'))),
    fc.constant(
      command('staleEvents', (_m, r) => {
        const before = r.sandbox.getSnapshot();
        if (before.status !== 'active') return;
        const stale = before.context.generation - 1;
        r.sandbox.send({ type: 'process.ready', generation: stale });
        r.sandbox.send({ type: 'process.exited', generation: stale, code: 1, signal: null });
        r.sandbox.send({ type: 'channel.closed', generation: stale });
        expect(r.sandbox.getSnapshot().value).toEqual(before.value);
      }),
    ),
    fc.constant(
      command(
        'stop',
        (m, r) => {
          m.stopAt = r.world.now;
          r.sandbox.send({ type: 'stop' });
        },
        true,
      ),
    ),
  ],
  { maxCommands: 40, size: 'medium' },
);

/** Run one scenario, then stop (if the run did not) and drain; return the final state. */
async function runScenario(
  scripts: ProcessScript[],
  cmds: Iterable<Cmd>,
  invariant: Real['invariant'],
): Promise<Real> {
  const world = new FakeWorld((_g, generation) => scripts[(generation - 1) % scripts.length]!);
  const sandbox = startSandbox(world);
  const real: Real = { world, sandbox, restarts: [], invariant };
  let previous = sandbox.getSnapshot();
  sandbox.subscribe((snap) => {
    const respawned = snap.context.generation > previous.context.generation;
    if (respawned && !previous.matches('idle') && !previous.matches('failed')) real.restarts.push(world.now);
    previous = snap;
  });
  sandbox.send({ type: 'start' });
  const model: Model = { stopAt: null };
  await fc.asyncModelRun(() => ({ model, real }), cmds);
  if (model.stopAt === null) {
    model.stopAt = world.now;
    sandbox.send({ type: 'stop' });
  }
  await world.advance(stopBound, 100);
  invariant(real, model);
  return real;
}

const runs = { numRuns: 100 };

test.prop([scripts, commandsArb], runs)(
  'at most one live process per group at any time',
  async (procs, cmds) => {
    const { world } = await runScenario(procs, cmds, ({ world: w }) => expect(w.violations).toEqual([]));
    expect(world.alive('g')).toEqual([]);
  },
);

test.prop([scripts, commandsArb], runs)(
  'never running without a ready from the current process',
  async (procs, cmds) => {
    await runScenario(procs, cmds, ({ world, sandbox }) => {
      const snap = sandbox.getSnapshot();
      if (!snap.matches({ live: 'running' })) return;
      const current = world.process('g', snap.context.generation);
      expect(current).toMatchObject({ ready: true, status: 'alive', detached: false });
    });
  },
);

test.prop([scripts, commandsArb], runs)(
  'restarts within any restartPeriodMs window never exceed restartIntensity',
  async (procs, cmds) => {
    const { restarts } = await runScenario(procs, cmds, ({ restarts: times }) => {
      for (const end of times) {
        const inWindow = times.filter((t) => t > end - restartPeriodMs && t <= end);
        expect(inWindow.length).toBeLessThanOrEqual(restartIntensity);
      }
    });
    expect(restarts.every((t, i) => i === 0 || t >= restarts[i - 1]!)).toBe(true);
  },
);

test.prop([scriptsWithStuckExits, commandsArb], runs)(
  'stop always reaches stopped within stopGraceMs + killAfterMs',
  async (procs, cmds) => {
    const { sandbox } = await runScenario(procs, cmds, ({ world, sandbox: s }, model) => {
      if (model.stopAt !== null && world.now >= model.stopAt + stopBound) {
        expect(s.getSnapshot().value).toBe('stopped');
      }
    });
    expect(sandbox.getSnapshot().status).toBe('done');
  },
);

test.prop([scriptsWithStuckExits, commandsArb], runs)(
  'no timers pending after stopped',
  async (procs, cmds) => {
    const { world, sandbox } = await runScenario(procs, cmds, () => undefined);
    expect(sandbox.getSnapshot().status).toBe('done');
    expect(sandbox.system.getSnapshot()._scheduledEvents).toEqual({});
    // The fakes' own exit timers drain; nothing reschedules.
    await world.advance(maxExitDelay, 1_000);
    expect(world.pendingTimers()).toBe(0);
    const spawned = world.processes.length;
    await world.advance(testPolicy.coolDownMs.at(-1)!, 10_000);
    expect(world.processes.length).toBe(spawned);
  },
);
