/**
 * Lifecycle of one sandbox group: spawn, ready handshake, liveness, crash -> reap ->
 * backoff -> respawn within a restart budget, `failed` with cool-down retries, and a
 * bounded stop from every state. Pure: the process, heartbeat and shutdown actors are
 * stubs here and the real ones come in through `.provide({ actors })`.
 */
import {
  type ActorRefFrom,
  assign,
  enqueueActions,
  fromCallback,
  fromPromise,
  not,
  type SnapshotFrom,
  sendTo,
  setup,
  stateIn,
} from 'xstate';
import type { SupervisionPolicy } from '../policy.js';
import { clockNow } from './clock.js';
import {
  backoffDelay,
  coolDownDelay,
  mayRestart,
  nextRandom,
  recordRestart,
  seedFromString,
} from './restart-budget.js';

export type FailureReason =
  | 'exit'
  | 'channel_closed'
  | 'ready_timeout'
  | 'hung'
  | 'spawn_error'
  /** The host killed it for using more memory than its policy allows. */
  | 'memory';

export interface FailureRecord {
  at: number;
  generation: number;
  reason: FailureReason;
  code?: number | null;
  signal?: string | null;
  message?: string;
}

/** What survives a restart of the host: the budget's restarts and the failure log. */
export interface SandboxHistory {
  restartTimes: number[];
  failures: FailureRecord[];
}

export interface SandboxInput {
  group: string;
  policy: SupervisionPolicy;
  restored?: SandboxHistory;
  /** Jitter seed; defaults to a hash of the group so groups do not restart in lock-step. */
  seed?: number;
}

export interface SandboxOutput {
  history: SandboxHistory;
  /** The runtime's restore-state from a graceful shutdown, if it answered. */
  restoreState: unknown;
}

/** Input of the `process` actor; `generation` increments on every spawn attempt. */
export interface ProcessInput {
  group: string;
  generation: number;
}
export interface HeartbeatInput extends ProcessInput {
  timeoutMs: number;
}
export type ShutdownInput = ProcessInput;

/** Sent back by the `process` actor. */
export type ProcessEvent =
  | { type: 'process.spawned'; generation: number; pid: number }
  | { type: 'process.ready'; generation: number }
  | { type: 'process.exited'; generation: number; code: number | null; signal: string | null }
  | { type: 'process.error'; generation: number; message: string }
  | { type: 'channel.closed'; generation: number; message?: string }
  /** The host saw the process over its resource limit (RSS); it must be reaped. */
  | { type: 'process.overLimit'; generation: number; message: string };

/**
 * Received by the `process` actor: SIGTERM / SIGKILL. Either may arrive before the spawn
 * completed; the actor applies it once the child exists.
 */
export type ProcessCommand = { type: 'process.terminate' } | { type: 'process.kill' };

export type SandboxEvent = ProcessEvent | { type: 'start' } | { type: 'stop' };

/** Emitted, and sent to the parent (the supervisor) when there is one. */
export type SandboxNotification =
  | { type: 'sandbox.ready'; group: string; generation: number }
  | { type: 'sandbox.channelClosed'; group: string; generation: number }
  | { type: 'sandbox.failed'; group: string; failure: FailureRecord | undefined };

export interface SandboxContext {
  group: string;
  policy: SupervisionPolicy;
  generation: number;
  pid: number | null;
  /** Times of restarts after a crash, pruned to the policy's window. */
  restartTimes: number[];
  failures: FailureRecord[];
  /** Time of the latest crash: guards cannot read the clock, so the budget guard reads this. */
  crashedAt: number;
  /**
   * Restarts since the sandbox last proved healthy (an answered heartbeat `resetAfterMs`
   * after ready); indexes the backoff and bounds a crash loop the window cannot see.
   */
  consecutiveRestarts: number;
  /** `resetAfterMs` has passed since ready; the next answered heartbeat proves health. */
  settled: boolean;
  backoffMs: number;
  /** mulberry32 state: jitter is reproducible and persists with the snapshot. */
  rng: number;
  heartbeatMisses: number;
  coolDowns: number;
  /** Last generation whose channel close was announced (announce once per process). */
  closedGeneration: number;
  restoreState: unknown;
}

/** The failure log is diagnostic; keep the most recent entries only. */
const MAX_FAILURE_RECORDS = 20;

export function sandboxHistory(context: Pick<SandboxContext, 'restartTimes' | 'failures'>): SandboxHistory {
  return { restartTimes: [...context.restartTimes], failures: context.failures.map((f) => ({ ...f })) };
}

function failureDetails(event: { type: string }): Partial<FailureRecord> {
  const e = event as Partial<ProcessEvent> & { error?: unknown };
  if (e.type === 'process.exited') return { code: e.code ?? null, signal: e.signal ?? null };
  if ('message' in e && typeof e.message === 'string') return { message: e.message };
  if (e.error !== undefined) return { message: e.error instanceof Error ? e.error.message : String(e.error) };
  return {};
}

const closedChannel = { type: 'notify', params: { type: 'sandbox.channelClosed' } } as const;

/** The process died on its own while starting or running. */
const exitedUnexpectedly = {
  guard: 'isCurrentGeneration',
  target: '#sandbox.crashed',
  actions: [{ type: 'recordFailure', params: { reason: 'exit' } }, closedChannel],
} as const;
/** The channel broke but the process may live on: reap it first. */
const channelLost = {
  guard: 'isCurrentGeneration',
  target: 'reaping',
  actions: [{ type: 'recordFailure', params: { reason: 'channel_closed' } }, closedChannel],
} as const;

/** Over its memory limit: reap it, counted as a crash. */
const overLimit = {
  guard: 'isCurrentGeneration',
  target: '#sandbox.live.reaping',
  actions: [{ type: 'recordFailure', params: { reason: 'memory' } }, closedChannel],
} as const;

const heartbeatMissed = [
  {
    guard: 'heartbeatsExhausted',
    target: '#sandbox.live.reaping',
    actions: { type: 'recordFailure', params: { reason: 'hung' } },
  },
  // Ask again at once: a miss already waited a whole timeout, and a wait on top would
  // stretch detection of a hang to misses x (interval + timeout).
  { target: 'pinging', reenter: true, actions: 'countMiss' },
] as const;

export const sandboxMachine = setup({
  types: {} as {
    context: SandboxContext;
    input: SandboxInput;
    events: SandboxEvent;
    emitted: SandboxNotification;
    output: SandboxOutput;
  },
  actors: {
    process: fromCallback<ProcessCommand, ProcessInput>(() => undefined),
    heartbeat: fromPromise<unknown, HeartbeatInput>(() =>
      Promise.reject(new Error('heartbeat not provided')),
    ),
    // Stryker disable next-line StringLiteral: the shutdown rejection is never read (onError only moves to terminating)
    shutdown: fromPromise<unknown, ShutdownInput>(() => Promise.reject(new Error('shutdown not provided'))),
  },
  actions: {
    beginAttempt: assign(({ context }) => ({
      generation: context.generation + 1,
      pid: null,
      settled: false,
    })),
    assignPid: assign(({ event }) => ({ pid: event.type === 'process.spawned' ? event.pid : null })),
    recordFailure: assign(({ context, event, system }, params: { reason: FailureReason }) => {
      const record = {
        at: clockNow(system),
        generation: context.generation,
        reason: params.reason,
        ...failureDetails(event),
      };
      return { failures: [...context.failures, record].slice(-MAX_FAILURE_RECORDS) };
    }),
    // The exit that ends a reap tells how the process died; keep it on the failure that caused the reap.
    annotateExit: assign(({ context, event }) => {
      const last = context.failures.at(-1);
      // Stryker disable next-line ConditionalExpression,LogicalOperator: defensive; annotateExit runs only on a process.exited in reaping, whose entry always records a failure without code or signal
      if (event.type !== 'process.exited' || !last || last.code != null || last.signal != null) return {};
      return {
        failures: [...context.failures.slice(0, -1), { ...last, code: event.code, signal: event.signal }],
      };
    }),
    markCrash: assign(({ system }) => ({ crashedAt: clockNow(system), pid: null })),
    scheduleBackoff: assign(({ context }) => {
      const random = nextRandom(context.rng);
      return {
        rng: random.state,
        backoffMs: backoffDelay(context.policy.backoff, context.consecutiveRestarts, random.value),
        consecutiveRestarts: context.consecutiveRestarts + 1,
      };
    }),
    recordRestart: assign(({ context, system }) => ({
      restartTimes: recordRestart(context.restartTimes, clockNow(system), context.policy.restartPeriodMs),
    })),
    resetBackoff: assign({ consecutiveRestarts: 0, coolDowns: 0, settled: false }),
    markSettled: assign({ settled: true }),
    beginCoolDownRetry: assign(({ context }) => ({
      restartTimes: [],
      consecutiveRestarts: 0,
      coolDowns: context.coolDowns + 1,
    })),
    countMiss: assign(({ context }) => ({ heartbeatMisses: context.heartbeatMisses + 1 })),
    clearMisses: assign({ heartbeatMisses: 0 }),
    keepRestoreState: assign(({ event }) => ({ restoreState: 'output' in event ? event.output : undefined })),
    terminateProcess: sendTo('process', { type: 'process.terminate' }),
    killProcess: sendTo('process', { type: 'process.kill' }),
    // `emit` serves direct observers; the parent gets the same event so the supervisor
    // can re-emit it. `sendParent` would throw for a root sandbox, hence the check.
    notify: enqueueActions(({ context, self, enqueue }, params: { type: SandboxNotification['type'] }) => {
      if (params.type === 'sandbox.channelClosed') {
        if (context.closedGeneration === context.generation) return; // once per process
        enqueue.assign({ closedGeneration: context.generation });
      }
      const { group, generation } = context;
      const note: SandboxNotification =
        params.type === 'sandbox.failed'
          ? { type: params.type, group, failure: context.failures.at(-1) }
          : { type: params.type, group, generation };
      enqueue.emit(note);
      if (self._parent) enqueue.sendTo(self._parent, note);
    }),
  },
  guards: {
    isCurrentGeneration: ({ context, event }) =>
      'generation' in event && event.generation === context.generation,
    // The window alone misses a sandbox whose every failure takes longer than the window
    // to detect (a hang): restarts with no proven-healthy run between them count too.
    withinRestartBudget: ({ context }) =>
      mayRestart(
        context.restartTimes,
        context.crashedAt,
        context.policy.restartIntensity,
        context.policy.restartPeriodMs,
      ) && context.consecutiveRestarts < context.policy.restartIntensity,
    settled: ({ context }) => context.settled,
    coolDownEnabled: ({ context }) =>
      coolDownDelay(context.policy.coolDownMs, context.coolDowns) !== undefined,
    immediateRestart: ({ context }) => context.backoffMs <= 0,
    heartbeatDisabled: ({ context }) => context.policy.heartbeatIntervalMs <= 0,
    heartbeatsExhausted: ({ context }) => context.heartbeatMisses + 1 >= context.policy.heartbeatMisses,
    killNotSent: not(stateIn('#sandbox.live.stopping.killing')),
    stopRequested: stateIn('#sandbox.live.stopping'),
    reapingProcess: stateIn('#sandbox.live.reaping'),
  },
  delays: {
    readyTimeout: ({ context }) => context.policy.readyTimeoutMs,
    heartbeatInterval: ({ context }) => context.policy.heartbeatIntervalMs,
    heartbeatTimeout: ({ context }) => context.policy.heartbeatIntervalMs,
    resetAfter: ({ context }) => context.policy.backoff.resetAfterMs,
    killAfter: ({ context }) => context.policy.killAfterMs,
    // The graceful call plus the exit it promises get half the grace, SIGTERM the rest.
    termAfter: ({ context }) => context.policy.stopGraceMs / 2,
    stopGrace: ({ context }) => context.policy.stopGraceMs,
    stopDeadline: ({ context }) => context.policy.stopGraceMs + context.policy.killAfterMs,
    backoff: ({ context }) => context.backoffMs,
    coolDown: ({ context }) => coolDownDelay(context.policy.coolDownMs, context.coolDowns) ?? 0,
  },
}).createMachine({
  id: 'sandbox',
  context: ({ input }) => ({
    group: input.group,
    policy: input.policy,
    generation: 0,
    pid: null,
    restartTimes: [...(input.restored?.restartTimes ?? [])],
    failures: [...(input.restored?.failures ?? [])],
    crashedAt: 0,
    consecutiveRestarts: 0,
    settled: false,
    backoffMs: 0,
    rng: (input.seed ?? seedFromString(input.group)) >>> 0,
    heartbeatMisses: 0,
    coolDowns: 0,
    closedGeneration: 0,
    restoreState: undefined,
  }),
  output: ({ context }) => ({ history: sandboxHistory(context), restoreState: context.restoreState }),
  initial: 'idle',
  states: {
    idle: {
      on: { start: 'live', stop: 'stopped' },
    },
    // A process may be alive only inside `live`: leaving it stops the process actor,
    // whose real implementation kills whatever it spawned.
    live: {
      entry: 'beginAttempt',
      invoke: {
        id: 'process',
        src: 'process',
        input: ({ context }) => ({ group: context.group, generation: context.generation }),
        onError: [
          { guard: 'stopRequested', target: '#sandbox.stopped' },
          { guard: 'reapingProcess', target: '#sandbox.crashed' },
          {
            target: '#sandbox.crashed',
            actions: { type: 'recordFailure', params: { reason: 'spawn_error' } },
          },
        ],
      },
      on: {
        'channel.closed': { guard: 'isCurrentGeneration', actions: closedChannel },
      },
      initial: 'starting',
      states: {
        // The ready timeout spans spawning and awaitingReady, on every attempt.
        starting: {
          initial: 'spawning',
          after: {
            readyTimeout: {
              target: 'reaping',
              actions: { type: 'recordFailure', params: { reason: 'ready_timeout' } },
            },
          },
          on: {
            'process.ready': { guard: 'isCurrentGeneration', target: 'running' },
            'process.exited': exitedUnexpectedly,
            'process.error': {
              guard: 'isCurrentGeneration',
              target: '#sandbox.crashed',
              actions: { type: 'recordFailure', params: { reason: 'spawn_error' } },
            },
            'channel.closed': channelLost,
            'process.overLimit': overLimit,
            // Before ready the runtime has no shutdown handler: skip the graceful call.
            stop: 'stopping.terminating',
          },
          states: {
            spawning: {
              on: {
                'process.spawned': {
                  guard: 'isCurrentGeneration',
                  target: 'awaitingReady',
                  actions: 'assignPid',
                },
              },
            },
            awaitingReady: {},
          },
        },
        running: {
          entry: ['clearMisses', { type: 'notify', params: { type: 'sandbox.ready' } }],
          // Health is proven by an answered heartbeat after resetAfterMs, not by the time
          // alone: a sandbox hung since ready must not earn back its budget.
          after: {
            resetAfter: [{ guard: 'heartbeatDisabled', actions: 'resetBackoff' }, { actions: 'markSettled' }],
          },
          on: {
            'process.exited': exitedUnexpectedly,
            'channel.closed': channelLost,
            'process.overLimit': overLimit,
            stop: 'stopping',
          },
          initial: 'waiting',
          states: {
            waiting: {
              always: { guard: 'heartbeatDisabled', target: 'unmonitored' },
              after: { heartbeatInterval: 'pinging' },
            },
            pinging: {
              invoke: {
                id: 'heartbeat',
                src: 'heartbeat',
                input: ({ context }) => ({
                  group: context.group,
                  generation: context.generation,
                  timeoutMs: context.policy.heartbeatIntervalMs,
                }),
                onDone: [
                  { guard: 'settled', target: 'waiting', actions: ['clearMisses', 'resetBackoff'] },
                  { target: 'waiting', actions: 'clearMisses' },
                ],
                onError: heartbeatMissed,
              },
              // Bound the ping here too: a heartbeat actor that never settles is a miss.
              after: { heartbeatTimeout: heartbeatMissed },
            },
            unmonitored: {},
          },
        },
        // The process may still be alive (hung, not ready, channel gone): kill it and
        // wait for the exit, so a respawn never overlaps it.
        reaping: {
          entry: 'killProcess',
          after: { killAfter: '#sandbox.crashed' },
          on: {
            'process.exited': {
              guard: 'isCurrentGeneration',
              target: '#sandbox.crashed',
              actions: ['annotateExit', closedChannel],
            },
            'process.error': { guard: 'isCurrentGeneration', target: '#sandbox.crashed' },
            stop: 'stopping.killing',
          },
        },
        stopping: {
          initial: 'graceful',
          after: {
            stopGrace: { guard: 'killNotSent', target: '.killing' },
            stopDeadline: '#sandbox.stopped',
          },
          on: {
            'process.exited': {
              guard: 'isCurrentGeneration',
              target: '#sandbox.stopped',
              actions: closedChannel,
            },
            'process.error': { guard: 'isCurrentGeneration', target: '#sandbox.stopped' },
          },
          states: {
            graceful: {
              initial: 'calling',
              after: { termAfter: 'terminating' },
              states: {
                calling: {
                  invoke: {
                    id: 'shutdown',
                    src: 'shutdown',
                    input: ({ context }) => ({ group: context.group, generation: context.generation }),
                    onDone: { target: 'awaitingExit', actions: 'keepRestoreState' },
                    onError: '#sandbox.live.stopping.terminating',
                  },
                },
                awaitingExit: {},
              },
            },
            terminating: { entry: 'terminateProcess' },
            killing: { entry: 'killProcess' },
          },
        },
      },
    },
    // Transient: the process is gone; spend budget on a restart or give up.
    crashed: {
      entry: 'markCrash',
      always: [
        { guard: 'withinRestartBudget', target: 'backoff', actions: 'scheduleBackoff' },
        { guard: 'coolDownEnabled', target: 'failed.coolingDown' },
        { target: 'failed.exhausted' },
      ],
    },
    backoff: {
      always: { guard: 'immediateRestart', target: 'live', actions: 'recordRestart' },
      after: { backoff: { target: 'live', actions: 'recordRestart' } },
      on: { stop: 'stopped' },
    },
    failed: {
      entry: { type: 'notify', params: { type: 'sandbox.failed' } },
      on: { stop: 'stopped' },
      // `crashed` picks the substate; retrying is never the default.
      initial: 'exhausted',
      states: {
        coolingDown: {
          after: { coolDown: { target: '#sandbox.live', actions: 'beginCoolDownRetry' } },
        },
        exhausted: {},
      },
    },
    stopped: { type: 'final' },
  },
});

export type SandboxMachine = typeof sandboxMachine;
export type SandboxActorRef = ActorRefFrom<SandboxMachine>;
export type SandboxSnapshot = SnapshotFrom<SandboxMachine>;
