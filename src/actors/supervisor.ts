import { type Actor, createActor, type InspectionEvent, type Observer } from 'xstate';
import { OsSandboxError } from '../errors.js';
import { type Logger, silentLogger } from '../logger.js';
import { realClock, type SystemClock } from '../machines/clock.js';
import { describeFailure } from '../machines/failure-text.js';
import { type SandboxContext, sandboxMachine } from '../machines/sandbox.js';
import {
  type EnsureStartedOptions,
  ensureStarted,
  persistSupervisor,
  type SupervisorEmitted,
  type SupervisorHistory,
  sandboxOf,
  supervisorMachine,
} from '../machines/supervisor.js';
import {
  defaultProcessPolicy,
  defaultSupervisionPolicy,
  type ProcessPolicy,
  type SupervisionPolicy,
  withPolicy,
} from '../policy.js';
import type { FrameInterceptor } from '../wire/channel.js';
import type { LaunchedBy, SandboxLauncher, TransportKind } from './launch.js';
import { WorkerPermissionModelError } from './launch-worker.js';
import { type OsIsolation, type OsSandboxStatus, planOsSandbox } from './os-sandbox.js';
import {
  createHeartbeatLogic,
  createProcessLogic,
  createShutdownLogic,
  type ProcessActorDeps,
  refillSpare,
  SandboxConnections,
} from './process.js';
import { SparePool } from './spare-pool.js';

type DeepPartial<T> = { [K in keyof T]?: T[K] extends readonly unknown[] ? T[K] : DeepPartial<T[K]> };

export interface SupervisorOptions<L extends SandboxLauncher = 'process'> {
  readonly policy?: DeepPartial<SupervisionPolicy>;
  readonly process?: Partial<ProcessPolicy>;
  /**
   * Where each sandbox runs: `process` (default), a child process of its own; or
   * `worker`, a worker thread of the host with heap caps (no permission model).
   */
  readonly launcher?: L;
  /** The frame transport of a sandbox process (a worker always uses its MessagePort). */
  readonly transport?: TransportKind;
  /** The OS sandbox around each sandbox process: `auto` (default), `bwrap` (required) or `none`. */
  readonly os?: OsIsolation;
  /** Whether a group keeps the host's network under the OS sandbox (default yes). */
  readonly network?: (group: string) => boolean;
  readonly logger?: Logger;
  /** Runtime entry script; defaults to the bundled runtime. */
  readonly entry?: string;
  /** What a group's sandbox may read under the permission model besides its runtime (its integrations' code). */
  readonly readPaths?: (group: string) => readonly string[];
  /** Integration directories a group's warm spare imports while it waits (`process.warmSpare`). */
  readonly preload?: (group: string) => readonly string[];
  /** Restart budgets and failure logs from a previous run (`persist()`). */
  readonly restored?: SupervisorHistory;
  readonly inspect?: Observer<InspectionEvent> | ((event: InspectionEvent) => void);
  /** Told about every spawned process before its `ready` arrives: register host handlers here. */
  readonly onLaunched?: (group: string, generation: number, sandbox: LaunchedBy<L>) => void;
  /** Timers of every sandbox actor (ready timeout, heartbeats, backoff, stop); a `SimulatedClock` in tests. */
  readonly clock?: SystemClock;
  /** Test seam (`corral/testing`): a frame interceptor for each launched channel of a group. */
  readonly interceptFrames?: (group: string) => FrameInterceptor | undefined;
}

/**
 * The supervisor statechart wired to real child processes (or worker threads):
 * one sandbox actor per group, each owning a `process` actor that spawns the
 * runtime and a channel to it.
 */
export class Supervisor<L extends SandboxLauncher = 'process'> {
  readonly actor: Actor<typeof supervisorMachine>;
  readonly connections = new SandboxConnections<LaunchedBy<L>>();
  readonly policy: SupervisionPolicy;
  /** The idle warm spares, when `process.warmSpare` is on (process launcher, pipe transport). */
  readonly spares: SparePool | undefined;
  readonly #processDeps: ProcessActorDeps;
  /** Set when no OS sandbox can apply whatever the machine has (worker threads, the unix transport). */
  readonly #osNotApplicable: string | undefined;
  #osStatus: OsSandboxStatus | undefined;

  /**
   * Throws WorkerPermissionModelError for `launcher: 'worker'` with the permission
   * model asked for explicitly: refused at start, not at the first spawn. (It is on by
   * default for processes; a worker, which cannot have it, runs without.)
   */
  constructor(options: SupervisorOptions<L> = {}) {
    const logger = options.logger ?? silentLogger;
    this.policy = withPolicy(defaultSupervisionPolicy, options.policy);
    const worker = options.launcher === 'worker';
    if (worker && options.process?.permissionModel === true) throw new WorkerPermissionModelError();
    const processPolicy = {
      ...defaultProcessPolicy,
      ...options.process,
      ...(worker ? { permissionModel: false } : {}),
    };
    const sparesApply =
      (options.launcher ?? 'process') === 'process' && (options.transport ?? 'pipe') === 'pipe';
    this.spares = processPolicy.warmSpare && sparesApply ? new SparePool(logger) : undefined;
    this.#osNotApplicable =
      options.launcher === 'worker'
        ? 'worker threads share the host process, so no OS sandbox applies'
        : options.transport === 'unix'
          ? 'the unix transport cannot reach into the OS sandbox'
          : undefined;
    if (this.#osNotApplicable && options.os === 'bwrap')
      throw new OsSandboxError(`isolation.os is "bwrap" but ${this.#osNotApplicable}`);
    this.#processDeps = {
      connections: this.connections,
      logger,
      policy: processPolicy,
      launcher: options.launcher,
      transport: options.transport,
      os: this.#osNotApplicable ? 'none' : options.os,
      network: options.network,
      entry: options.entry,
      readPaths: options.readPaths,
      spares: this.spares,
      preload: options.preload,
      // Every sandbox launched with launcher L is a LaunchedBy<L>.
      onLaunched: options.onLaunched as ProcessActorDeps['onLaunched'],
      inspect: options.inspect,
      interceptFrames: options.interceptFrames,
    };
    const sandbox = sandboxMachine.provide({
      actors: {
        process: createProcessLogic(this.#processDeps),
        heartbeat: createHeartbeatLogic(this.connections),
        shutdown: createShutdownLogic(this.connections),
      },
    });
    this.actor = createActor(supervisorMachine.provide({ actors: { sandbox } }), {
      id: 'supervisor',
      input: { policy: this.policy, restored: options.restored },
      clock: options.clock ?? realClock,
      inspect: options.inspect,
    });
    this.actor.subscribe({
      error: (error) => logger('error', `supervisor failed: ${(error as Error).message}`),
    });
    this.actor.on('sandbox.failed', ({ group, failure }) =>
      logger(
        'error',
        `sandbox gave up after too many restarts; last failure: ${failure ? describeFailure(failure, this.policy) : 'unknown'}`,
        { group },
      ),
    );
    // Every process that dies on its own is logged with why, in words. The record is read
    // once the transition that announced the close has settled.
    this.actor.on('sandbox.channelClosed', ({ group, generation }) =>
      queueMicrotask(() => {
        const failure = this.contextOf(group)?.failures.at(-1);
        if (failure?.generation !== generation) return;
        logger('warn', `sandbox ${describeFailure(failure, this.policy)}`, { group, generation });
      }),
    );
    this.actor.start();
  }

  /**
   * What this supervisor's sandboxes run under; `reduced` says why when it is less than
   * bwrap. Rejects with OsSandboxError when `bwrap` is required and cannot run.
   */
  async osSandbox(): Promise<OsSandboxStatus> {
    const requested = this.#processDeps.os ?? 'auto';
    if (this.#osNotApplicable) {
      this.#osStatus = { requested, active: 'none', reduced: this.#osNotApplicable };
      return this.#osStatus;
    }
    const policy = this.#processDeps.policy ?? defaultProcessPolicy;
    this.#osStatus = (
      await planOsSandbox(requested, { uid: policy.sandboxUid, gid: policy.sandboxGid })
    ).status;
    return this.#osStatus;
  }

  /** What `osSandbox()` last decided, once it has been asked. */
  get osStatus(): OsSandboxStatus | undefined {
    return this.#osStatus;
  }

  /**
   * Start `group` if needed and resolve with its live process once it is
   * running; rejects with SandboxFailedError, never hands back a half-started one.
   */
  async ensureStarted(group: string, options?: EnsureStartedOptions): Promise<LaunchedBy<L>> {
    // Bounded without a timeout too: every attempt has a ready timeout and the budget caps attempts.
    const { generation } = await ensureStarted(this.actor, group, options);
    const sandbox = this.connections.get(group, generation);
    if (!sandbox) return this.ensureStarted(group, options); // it crashed in between: wait for the next
    return sandbox;
  }

  /**
   * Bring the group's warm spare up to date (e.g. an entry of a new integration was
   * set up in it, which the spare should import too), after the policy's delay.
   */
  refreshSpare(group: string): void {
    refillSpare(this.#processDeps, group, () => this.connections.get(group) !== undefined);
  }

  /** Listen to `sandbox.ready`, `sandbox.channelClosed`, `sandbox.failed`, `sandbox.stopped`. */
  on<T extends SupervisorEmitted['type']>(
    type: T,
    handler: (event: Extract<SupervisorEmitted, { type: T }>) => void,
  ): { unsubscribe(): void } {
    return this.actor.on(type, handler as never);
  }

  /** The lifecycle state of a group's sandbox, e.g. `{ live: { running: 'waiting' } }`, or undefined. */
  stateOf(group: string): unknown {
    return sandboxOf(this.actor.getSnapshot(), group)?.getSnapshot().value;
  }

  /** Every group the supervisor knows: with a sandbox actor, or with a history. */
  groups(): string[] {
    const { context } = this.actor.getSnapshot();
    return [...new Set([...context.active, ...Object.keys(context.history)])].sort();
  }

  /** The lifecycle context of a group's live sandbox actor (pid, generation, restarts, failures). */
  contextOf(group: string): SandboxContext | undefined {
    return sandboxOf(this.actor.getSnapshot(), group)?.getSnapshot().context;
  }

  /** Restart budgets and failure logs, to feed back as `restored` after a host restart. */
  persist(): SupervisorHistory {
    return persistSupervisor(this.actor);
  }

  /** Gracefully stop every sandbox, and kill the spares; resolves when all are gone (bounded by the policy). */
  async stop(): Promise<void> {
    // First, so no spare is started while the sandboxes stop.
    const spares = this.spares?.close();
    await this.#stopSandboxes();
    await spares;
  }

  #stopSandboxes(): Promise<void> {
    const isDone = () => {
      const snapshot = this.actor.getSnapshot();
      return snapshot.status !== 'active' || snapshot.matches('stopped');
    };
    this.actor.send({ type: 'stop' });
    if (isDone()) return Promise.resolve();
    return new Promise((resolve) => {
      const subscription = this.actor.subscribe({
        next: () => {
          if (isDone()) {
            subscription.unsubscribe();
            resolve();
          }
        },
        complete: () => resolve(),
        error: () => resolve(),
      });
    });
  }
}
