import { fromCallback, fromPromise, type InspectionEvent, type Observer } from 'xstate';
import type { Logger } from '../logger.js';
import { defaultProcessPolicy, type ProcessPolicy } from '../policy.js';
import type { FrameInterceptor } from '../wire/channel.js';
import { decodeJson } from '../wire/json.js';
import {
  connectSandbox,
  type LaunchedSandbox,
  type LaunchOptions,
  launchSandbox,
  type SandboxInstance,
  type SandboxLauncher,
  type TransportKind,
} from './launch.js';
import { launchWorkerSandbox } from './launch-worker.js';
import { watchMemory } from './memory-watch.js';
import { type OsIsolation, planOsSandbox } from './os-sandbox.js';
import type { SparePool } from './spare-pool.js';

/**
 * The live process (or worker) of each group, so heartbeat and shutdown find its
 * channel; `S` narrows it when the launcher is known.
 */
export class SandboxConnections<S extends SandboxInstance = SandboxInstance> {
  private readonly live = new Map<string, { generation: number; sandbox: S }>();

  set(group: string, generation: number, sandbox: S): void {
    this.live.set(group, { generation, sandbox });
  }

  /** The group's process if it is of `generation` (a stale generation gets nothing). */
  get(group: string, generation?: number): S | undefined {
    const entry = this.live.get(group);
    if (!entry || (generation !== undefined && entry.generation !== generation)) return undefined;
    return entry.sandbox;
  }

  delete(group: string, generation: number): void {
    if (this.live.get(group)?.generation === generation) this.live.delete(group);
  }

  /** Every pid Corral started and still holds (sandbox processes; a worker thread has none). */
  pids(): number[] {
    return [...this.live.values()].flatMap(({ sandbox }) => (sandbox.pid === null ? [] : [sandbox.pid]));
  }

  /** Every live process with its group and generation. */
  list(): { group: string; generation: number; sandbox: S }[] {
    return [...this.live].map(([group, entry]) => ({ group, ...entry }));
  }
}

export interface ProcessActorDeps {
  readonly connections: SandboxConnections;
  readonly logger: Logger;
  readonly policy?: ProcessPolicy;
  /** A child process per sandbox (default), or a worker thread of the host. */
  readonly launcher?: SandboxLauncher;
  readonly transport?: TransportKind;
  /** The OS sandbox around each sandbox process (default `auto`). */
  readonly os?: OsIsolation;
  /** Whether a group keeps the host's network under the OS sandbox (asked at each spawn; default yes). */
  readonly network?: (group: string) => boolean;
  readonly entry?: string;
  /** What a group's child may read under the permission model, besides its runtime (asked at each spawn). */
  readonly readPaths?: (group: string) => readonly string[];
  /** Warm spares (process launcher, pipe transport): a launch takes the group's spare if it fits. */
  readonly spares?: SparePool;
  /** Integration directories a group's spare imports while it waits. */
  readonly preload?: (group: string) => readonly string[];
  /** Told about each launched sandbox, e.g. to register host-side handlers on its channel. */
  readonly onLaunched?: (group: string, generation: number, sandbox: SandboxInstance) => void;
  /** Inspection observer for each channel's lifecycle actor. */
  readonly inspect?: Observer<InspectionEvent> | ((event: InspectionEvent) => void);
  /** Test seam (`corral/testing`): a frame interceptor for each launched channel of a group. */
  readonly interceptFrames?: (group: string) => FrameInterceptor | undefined;
}

export interface ProcessInput {
  readonly group: string;
  readonly generation: number;
}

export type ProcessCommand = { type: 'process.terminate' } | { type: 'process.kill' };

/** The launch options of a sandbox process of `group` as they are now. */
async function processLaunch(deps: ProcessActorDeps, group: string): Promise<LaunchOptions> {
  const policy = deps.policy ?? defaultProcessPolicy;
  const os =
    deps.launcher === 'worker'
      ? undefined
      : await planOsSandbox(deps.os ?? 'auto', { uid: policy.sandboxUid, gid: policy.sandboxGid });
  return {
    os,
    network: deps.network?.(group),
    group,
    policy: deps.policy ?? defaultProcessPolicy,
    logger: deps.logger,
    entry: deps.entry,
    channel: channelOptions(deps, group),
    transport: deps.transport,
    readPaths: deps.readPaths?.(group),
  };
}

/** Launch one generation at the deps' isolation level; the only place the levels differ. */
async function launch(deps: ProcessActorDeps, group: string): Promise<SandboxInstance> {
  const options = await processLaunch(deps, group);
  if (deps.launcher === 'worker') return launchWorkerSandbox(options);
  const spare = deps.spares?.take(options);
  if (spare) {
    deps.logger('info', `warm spare ${spare.child.pid} takes over`, { group });
    return connectSandbox(options, spare);
  }
  return launchSandbox(options);
}

/**
 * Start (or refresh) the group's spare after the policy's delay, which leaves the CPU
 * to start-up and setup; `isCurrent` says whether it is still wanted by then.
 */
export function refillSpare(deps: ProcessActorDeps, group: string, isCurrent: () => boolean): void {
  const { spares } = deps;
  if (!spares) return;
  const policy = deps.policy ?? defaultProcessPolicy;
  const timer = setTimeout(() => {
    if (!isCurrent()) return;
    processLaunch(deps, group).then(
      (options) => void spares.fill(options, deps.preload?.(group) ?? []),
      () => {},
    );
  }, policy.spareDelayMs);
  timer.unref();
}

/**
 * The id `process.spawned` carries: the pid of a sandbox process, or for a worker
 * thread minus its thread id — negative, so it never names a process of its own.
 * It is only shown; no code signals it (a worker's `kill` is `terminate()`).
 */
function spawnedId(sandbox: SandboxInstance): number {
  return sandbox.launcher === 'worker' ? -sandbox.threadId : sandbox.pid;
}

/** Channel options of a launch: inspection, and a test harness's frame interceptor, if any. */
function channelOptions(deps: ProcessActorDeps, group: string): LaunchOptions['channel'] {
  const intercept = deps.interceptFrames?.(group);
  if (!deps.inspect && !intercept) return undefined;
  return { inspect: deps.inspect, intercept };
}

/**
 * One sandbox process (or worker thread) as an actor: spawn, report spawned /
 * ready / channel closed / exited, obey terminate and kill. Stopping the actor
 * kills the child it started — also when the spawn completes after the stop.
 */
export function createProcessLogic(deps: ProcessActorDeps) {
  return fromCallback<ProcessCommand, ProcessInput>(({ input, sendBack, receive }) => {
    const { group, generation } = input;
    let sandbox: SandboxInstance | undefined;
    let stopped = false;
    let pendingSignal: NodeJS.Signals | undefined;
    let stopWatch = () => {};

    launch(deps, group).then(
      (launched) => {
        if (stopped) {
          // A stop landed while spawning: kill the child the stop could not see.
          launched.kill('SIGKILL');
          return;
        }
        sandbox = launched;
        deps.connections.set(group, generation, launched);
        deps.onLaunched?.(group, generation, launched);
        sendBack({ type: 'process.spawned', generation, pid: spawnedId(launched) });
        if (pendingSignal) launched.kill(pendingSignal);
        if (launched.launcher === 'process') stopWatch = watchRss(deps, launched, generation, sendBack);
        launched.ready.then(
          () => {
            if (stopped) return;
            sendBack({ type: 'process.ready', generation });
            refillSpare(deps, group, () => !stopped);
          },
          () => {},
        );
        void launched.channel.closed.then(({ error }) => {
          if (!stopped) sendBack({ type: 'channel.closed', generation, message: error?.message });
        });
        void launched.exited.then(({ code, signal }) => {
          stopWatch();
          deps.connections.delete(group, generation);
          if (!stopped) sendBack({ type: 'process.exited', generation, code, signal });
        });
      },
      (error: unknown) => {
        if (!stopped) {
          sendBack({
            type: 'process.error',
            generation,
            message: error instanceof Error ? error.message : String(error),
          });
        }
      },
    );

    receive((command) => {
      const signal = command.type === 'process.kill' ? 'SIGKILL' : 'SIGTERM';
      if (sandbox) sandbox.kill(signal);
      else pendingSignal = signal;
    });

    return () => {
      stopped = true;
      stopWatch();
      if (sandbox) {
        sandbox.kill('SIGKILL');
        void sandbox.channel.close();
      }
    };
  });
}

/**
 * Why: a sandbox could otherwise hold host memory hostage (off-heap Buffers escape the
 * heap cap, and children it spawns have no cap at all): past the policy's RSS of its
 * whole process tree it is killed and counted as a crash with the reason `memory`.
 */
function watchRss(
  deps: ProcessActorDeps,
  launched: LaunchedSandbox,
  generation: number,
  sendBack: (event: { type: 'process.overLimit'; generation: number; message: string }) => void,
): () => void {
  const policy = deps.policy ?? defaultProcessPolicy;
  const limit = policy.maxRssMiB * MiB;
  return watchMemory(launched.child.pid ?? launched.pid, limit, policy.rssCheckIntervalMs, (rss) => {
    const message = `memory: resident set ${Math.round(rss / MiB)} MiB exceeds the ${policy.maxRssMiB} MiB limit`;
    deps.logger('error', `sandbox killed: ${message}`, { group: launched.channel.name, pid: launched.pid });
    launched.kill('SIGKILL');
    sendBack({ type: 'process.overLimit', generation, message });
  });
}

const MiB = 1024 * 1024;

export interface HeartbeatInput {
  readonly group: string;
  readonly generation: number;
  readonly timeoutMs: number;
}

/** A ping that resolves with the runtime's memory figures, or rejects when it goes unanswered. */
export function createHeartbeatLogic(connections: SandboxConnections) {
  return fromPromise<unknown, HeartbeatInput>(async ({ input }) => {
    const sandbox = connections.get(input.group, input.generation);
    if (!sandbox) throw new Error(`no live process for "${input.group}" generation ${input.generation}`);
    const result = await sandbox.channel.call(
      'ping',
      { sentAtMs: Date.now() },
      { timeoutMs: input.timeoutMs },
    );
    return { rssBytes: Number(result.rssBytes), heapUsedBytes: Number(result.heapUsedBytes) };
  });
}

export interface ShutdownInput {
  readonly group: string;
  readonly generation: number;
  readonly timeoutMs?: number;
}

/** The graceful `shutdown` call; resolves with the runtime's restore-state. */
export function createShutdownLogic(connections: SandboxConnections) {
  return fromPromise<unknown, ShutdownInput>(async ({ input }) => {
    const sandbox = connections.get(input.group, input.generation);
    if (!sandbox) throw new Error(`no live process for "${input.group}" generation ${input.generation}`);
    const result = await sandbox.channel.call(
      'shutdown',
      { reason: 'host stopping' },
      input.timeoutMs ? { timeoutMs: input.timeoutMs } : undefined,
    );
    return decodeJson(result.restoreState) ?? {};
  });
}
