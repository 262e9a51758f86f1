/**
 * Fake `process`, `heartbeat` and `shutdown` actors over a shared model of OS
 * processes, driven by a SimulatedClock. Every spawn, signal and exit is recorded so
 * tests can check invariants against what "the OS" saw, not what the machine believes.
 * Processes die only when told to (a signal, a shutdown, or a test's `crash`), never on
 * their own timer, so a state the machine enters is stable until the next command.
 */
import { createActor, fromCallback, fromPromise, SimulatedClock } from 'xstate';
import {
  type HeartbeatInput,
  type ProcessCommand,
  type ProcessEvent,
  type ProcessInput,
  type SandboxInput,
  type ShutdownInput,
  sandboxMachine,
} from '../../src/machines/sandbox.js';
import { type SupervisorHistory, supervisorMachine } from '../../src/machines/supervisor.js';
import { defaultSupervisionPolicy, type SupervisionPolicy, withPolicy } from '../../src/policy.js';

/** Defaults scaled down so simulated runs stay short; the shape of the policy is unchanged. */
export const testPolicy: SupervisionPolicy = withPolicy(defaultSupervisionPolicy, {
  readyTimeoutMs: 1_000,
  restartIntensity: 3,
  restartPeriodMs: 60_000,
  backoff: { initialMs: 500, maxMs: 8_000, jitter: 0.2, resetAfterMs: 20_000 },
  heartbeatIntervalMs: 2_000,
  heartbeatMisses: 2,
  stopGraceMs: 2_000,
  killAfterMs: 1_000,
  coolDownMs: [60_000, 120_000],
});

/** How the process of one spawn attempt behaves. */
export interface ProcessScript {
  spawnFails?: boolean;
  /** Until `process.spawned`; 0 spawns while the actor starts. */
  spawnDelayMs?: number;
  /** From spawn to the ready push; `null` never gets ready. */
  readyDelayMs?: number | null;
  ignoresTerm?: boolean;
  /** Stuck event loop: pings and shutdown calls are never answered. */
  hung?: boolean;
  shutdownFails?: boolean;
  /** From a signal (or a shutdown reply) to the exit. */
  exitDelayMs?: number;
}

export type Signal = 'SIGTERM' | 'SIGKILL';

export interface FakeProcess {
  readonly group: string;
  readonly generation: number;
  readonly script: ProcessScript;
  status: 'pending' | 'alive' | 'dead' | 'failed';
  pid: number | null;
  ready: boolean;
  hung: boolean;
  spawnedAt: number | null;
  diedAt: number | null;
  /** Signals the machine sent, in order. */
  signals: Signal[];
  /** Graceful shutdown calls answered. */
  shutdowns: number;
  /** The actor was stopped: the real implementation kills and stops reporting. */
  detached: boolean;
}

interface Handle {
  proc: FakeProcess;
  exit(code: number | null, signal: string | null): void;
  send(event: ProcessEvent): void;
}

/** Lets settled promises (heartbeat, shutdown) reach the machine. */
export function flush(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export class FakeWorld {
  readonly clock = new SimulatedClock();
  readonly processes: FakeProcess[] = [];
  /** Invariant breaches seen by the model, e.g. two live processes of one group. */
  readonly violations: string[] = [];
  script: (group: string, generation: number) => ProcessScript = () => ({});
  private readonly handles = new Map<FakeProcess, Handle>();
  private nextPid = 1000;

  constructor(script?: (group: string, generation: number) => ProcessScript) {
    if (script) this.script = script;
  }

  get now(): number {
    return this.clock.now();
  }

  /** Timers still scheduled on the simulated clock (machine and fakes alike). */
  pendingTimers(): number {
    return (this.clock as unknown as { timeouts: Map<unknown, unknown> }).timeouts.size;
  }

  alive(group: string): FakeProcess[] {
    return this.processes.filter((p) => p.group === group && p.status === 'alive');
  }

  process(group: string, generation: number): FakeProcess | undefined {
    return this.processes.find((p) => p.group === group && p.generation === generation);
  }

  /** The live process of `group` exits on its own. */
  crash(group: string, code = 1): boolean {
    const proc = this.alive(group)[0];
    if (!proc) return false;
    this.handles.get(proc)?.exit(code, null);
    return true;
  }

  /** The channel breaks while the process lives on (wedged). */
  closeChannel(group: string): boolean {
    const proc = this.alive(group)[0];
    if (!proc) return false;
    proc.hung = true;
    this.handles.get(proc)?.send({ type: 'channel.closed', generation: proc.generation, message: 'EOF' });
    return true;
  }

  /** The host finds the live process of `group` over its memory limit. */
  overLimit(group: string, message = 'memory: resident set 600 MiB exceeds the 512 MiB limit'): boolean {
    const proc = this.alive(group)[0];
    if (!proc) return false;
    this.handles.get(proc)?.send({ type: 'process.overLimit', generation: proc.generation, message });
    return true;
  }

  hang(group: string): boolean {
    const proc = this.alive(group)[0];
    if (!proc) return false;
    proc.hung = true;
    return true;
  }

  /** Advance simulated time in steps, letting promises settle between steps. */
  async advance(ms: number, stepMs = 50): Promise<void> {
    await flush();
    for (let left = ms; left > 0; left -= stepMs) {
      this.clock.increment(Math.min(stepMs, left));
      await flush();
    }
  }

  readonly actors = {
    process: fromCallback<ProcessCommand, ProcessInput>(({ input, sendBack, receive }) => {
      const script = this.script(input.group, input.generation);
      const proc: FakeProcess = {
        group: input.group,
        generation: input.generation,
        script,
        status: 'pending',
        pid: null,
        ready: false,
        hung: script.hung ?? false,
        spawnedAt: null,
        diedAt: null,
        signals: [],
        shutdowns: 0,
        detached: false,
      };
      this.processes.push(proc);
      let dying = false;
      // Signals that arrive before the child exists apply once it does.
      const early: Signal[] = [];
      const send = (event: ProcessEvent): void => {
        if (!proc.detached) sendBack(event);
      };
      const exit = (code: number | null, signal: string | null): void => {
        if (proc.status !== 'alive') return;
        proc.status = 'dead';
        proc.diedAt = this.now;
        send({ type: 'process.exited', generation: proc.generation, code, signal });
      };
      const dieLater = (signal: string | null): void => {
        if (dying) return;
        dying = true;
        this.clock.setTimeout(() => exit(signal ? null : 0, signal), script.exitDelayMs ?? 0);
      };
      const deliver = (signal: Signal): void => {
        if (proc.status === 'pending') early.push(signal);
        if (proc.status !== 'alive') return;
        if (signal === 'SIGTERM' && script.ignoresTerm) return;
        dieLater(signal);
      };
      const spawn = (): void => {
        if (script.spawnFails) {
          proc.status = 'failed';
          send({ type: 'process.error', generation: proc.generation, message: 'spawn ENOENT' });
          return;
        }
        proc.status = 'alive';
        proc.pid = this.nextPid++;
        proc.spawnedAt = this.now;
        if (this.alive(proc.group).length > 1) {
          this.violations.push(`t=${this.now}: two live processes in group ${proc.group}`);
        }
        send({ type: 'process.spawned', generation: proc.generation, pid: proc.pid });
        for (const signal of early) deliver(signal);
        const readyDelay = script.readyDelayMs === undefined ? 0 : script.readyDelayMs;
        if (readyDelay === null) return;
        const becomeReady = (): void => {
          if (proc.status !== 'alive' || proc.hung) return;
          proc.ready = true;
          send({ type: 'process.ready', generation: proc.generation });
        };
        if (readyDelay === 0) becomeReady();
        else this.clock.setTimeout(becomeReady, readyDelay);
      };
      this.handles.set(proc, { proc, exit, send });
      receive((command) => {
        const signal = command.type === 'process.kill' ? 'SIGKILL' : 'SIGTERM';
        proc.signals.push(signal);
        deliver(signal);
      });
      if (script.spawnDelayMs) this.clock.setTimeout(spawn, script.spawnDelayMs);
      else spawn();
      return () => {
        // The real actor kills whatever it spawned, even a spawn still in flight.
        proc.detached = true;
        deliver('SIGKILL');
      };
    }),

    heartbeat: fromPromise<unknown, HeartbeatInput>(({ input, signal }) => {
      const proc = this.process(input.group, input.generation);
      if (proc?.status !== 'alive') return Promise.reject(new Error('channel closed'));
      if (!proc.hung) return Promise.resolve();
      return new Promise<void>((_, reject) => {
        const id = this.clock.setTimeout(() => reject(new Error('ping timed out')), input.timeoutMs);
        signal.addEventListener('abort', () => this.clock.clearTimeout(id));
      });
    }),

    shutdown: fromPromise<unknown, ShutdownInput>(({ input }) => {
      const proc = this.process(input.group, input.generation);
      const handle = proc && this.handles.get(proc);
      if (!proc || !handle || proc.status !== 'alive') return Promise.reject(new Error('channel closed'));
      if (proc.script.shutdownFails) return Promise.reject(new Error('shutdown handler threw'));
      if (proc.hung) return new Promise(() => undefined);
      proc.shutdowns++;
      this.clock.setTimeout(() => handle.exit(0, null), proc.script.exitDelayMs ?? 0);
      return Promise.resolve({ generation: proc.generation });
    }),
  };
}

/** A started sandbox over the world's fakes; an actor error fails the test loudly. */
export function startSandbox(world: FakeWorld, input: Partial<SandboxInput> = {}) {
  const actor = createActor(sandboxMachine.provide({ actors: world.actors }), {
    input: { group: 'g', policy: testPolicy, ...input },
    clock: world.clock,
  });
  actor.subscribe({
    error: (err) => {
      world.violations.push(`sandbox errored: ${String(err)}`);
    },
  });
  return actor.start();
}

export function startSupervisor(world: FakeWorld, policy = testPolicy, restored?: SupervisorHistory) {
  const logic = supervisorMachine.provide({
    actors: { sandbox: sandboxMachine.provide({ actors: world.actors }) },
  });
  const actor = createActor(logic, { input: { policy, restored }, clock: world.clock });
  actor.subscribe({
    error: (err) => {
      world.violations.push(`supervisor errored: ${String(err)}`);
    },
  });
  return actor.start();
}
