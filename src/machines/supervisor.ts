/**
 * The manager of all sandbox groups: spawns one sandbox actor per group on first use,
 * re-emits their lifecycle notifications, fans out a bounded stop, and keeps each
 * group's restart history so it survives both a sandbox's stop and a host restart.
 * Pure; the real process actors reach the sandboxes through
 * `supervisorMachine.provide({ actors: { sandbox: sandboxMachine.provide({ actors }) } })`.
 */
import { type ActorRefFrom, emit, enqueueActions, type SnapshotFrom, type Subscription, setup } from 'xstate';
import { SandboxFailedError } from '../errors.js';
import type { SupervisionPolicy } from '../policy.js';
import { clockNow } from './clock.js';
import {
  type FailureRecord,
  type SandboxActorRef,
  type SandboxHistory,
  type SandboxNotification,
  type SandboxOutput,
  type SandboxSnapshot,
  sandboxHistory,
  sandboxMachine,
} from './sandbox.js';

/** Restart budgets and failure logs of every group, keyed by group. */
export interface SupervisorHistory {
  groups: Record<string, SandboxHistory>;
}

export interface SupervisorInput {
  policy: SupervisionPolicy;
  restored?: SupervisorHistory;
}

export interface SupervisorContext {
  policy: SupervisionPolicy;
  /** History of groups whose sandbox is not alive (live ones hold their own). */
  history: Record<string, SandboxHistory>;
  /** Groups with a sandbox actor that has not finished. */
  active: string[];
}

type DoneSandboxEvent = { type: `xstate.done.actor.${string}`; actorId: string; output: SandboxOutput };
type ErrorSandboxEvent = { type: `xstate.error.actor.${string}`; actorId: string; error: unknown };

export type SupervisorEvent =
  | { type: 'ensureStarted'; group: string }
  | { type: 'stop' }
  | SandboxNotification
  | DoneSandboxEvent
  | ErrorSandboxEvent;

export type SupervisorEmitted =
  | SandboxNotification
  | { type: 'sandbox.stopped'; group: string; restoreState: unknown };

const SANDBOX_PREFIX = 'sandbox:';

/** Child id and systemId of a group's sandbox. */
export function sandboxId(group: string): string {
  return `${SANDBOX_PREFIX}${group}`;
}

function emptyHistory(): SandboxHistory {
  return { restartTimes: [], failures: [] };
}

function groupOf(actorId: string): string {
  return actorId.startsWith(SANDBOX_PREFIX) ? actorId.slice(SANDBOX_PREFIX.length) : actorId;
}

export const supervisorMachine = setup({
  types: {} as {
    context: SupervisorContext;
    input: SupervisorInput;
    events: SupervisorEvent;
    emitted: SupervisorEmitted;
  },
  actors: { sandbox: sandboxMachine },
  actions: {
    // Only a group outside `active` spawns, and a finished sandbox is stopped (its
    // systemId released) in the same step it leaves `active`: systemIds never collide.
    spawnSandbox: enqueueActions(({ context, event, enqueue }) => {
      // Stryker disable next-line ConditionalExpression: spawnSandbox is only ever run by the guarded ensureStarted transition
      if (event.type !== 'ensureStarted') return;
      const id = sandboxId(event.group);
      enqueue.spawnChild('sandbox', {
        id,
        systemId: id,
        input: { group: event.group, policy: context.policy, restored: context.history[event.group] },
      });
      enqueue.sendTo(id, { type: 'start' });
      enqueue.assign({ active: [...context.active, event.group] });
    }),
    stopAllSandboxes: enqueueActions(({ context, enqueue }) => {
      for (const group of context.active) enqueue.sendTo(sandboxId(group), { type: 'stop' });
    }),
    forward: emit(({ event }) => event as SandboxNotification),
    // A finished sandbox hands back its history and restore-state; stopping the
    // finished child removes it from `children` and releases its systemId.
    releaseStopped: enqueueActions(({ context, event, enqueue }) => {
      const { actorId, output } = event as DoneSandboxEvent;
      const group = groupOf(actorId);
      enqueue.assign({
        history: { ...context.history, [group]: output.history },
        active: context.active.filter((g) => g !== group),
      });
      enqueue.stopChild(actorId);
      enqueue.emit({ type: 'sandbox.stopped', group, restoreState: output.restoreState });
    }),
    // A sandbox machine that threw is a bug, not a crash; drop it so the supervisor
    // keeps serving other groups and a later `ensureStarted` can spawn it afresh. Its
    // last context still holds the restart budget, which must not be forgotten; the
    // error itself is logged as a `spawn_error` (the group could not be brought up).
    releaseErrored: enqueueActions(({ context, event, enqueue, self, system }) => {
      const { actorId, error } = event as ErrorSandboxEvent;
      const group = groupOf(actorId);
      const children = self.getSnapshot()?.children as
        | Record<string, SandboxActorRef | undefined>
        | undefined;
      const last = children?.[actorId]?.getSnapshot().context;
      const before = last ? sandboxHistory(last) : (context.history[group] ?? emptyHistory());
      const failure: FailureRecord = {
        at: clockNow(system),
        generation: last?.generation ?? 0,
        reason: 'spawn_error',
        message: error instanceof Error ? error.message : String(error),
      };
      enqueue.assign({
        history: { ...context.history, [group]: { ...before, failures: [...before.failures, failure] } },
        active: context.active.filter((g) => g !== group),
      });
      enqueue.stopChild(actorId);
      enqueue.emit({ type: 'sandbox.failed', group, failure });
    }),
  },
  guards: {
    sandboxAbsent: ({ context, event }) =>
      // Stryker disable next-line ConditionalExpression: the guard is only used on the ensureStarted transition
      event.type === 'ensureStarted' && !context.active.includes(event.group),
    noSandboxLeft: ({ context }) => context.active.length === 0,
  },
}).createMachine({
  id: 'supervisor',
  context: ({ input }) => ({
    policy: input.policy,
    history: structuredClone(input.restored?.groups ?? {}),
    active: [],
  }),
  on: {
    'sandbox.ready': { actions: 'forward' },
    'sandbox.channelClosed': { actions: 'forward' },
    'sandbox.failed': { actions: 'forward' },
    'xstate.done.actor.*': { actions: 'releaseStopped' },
    'xstate.error.actor.*': { actions: 'releaseErrored' },
  },
  initial: 'running',
  states: {
    running: {
      on: {
        ensureStarted: { guard: 'sandboxAbsent', actions: 'spawnSandbox' },
        stop: 'stopping',
      },
    },
    // Every sandbox's stop is bounded by its policy, so this state is too.
    stopping: {
      entry: 'stopAllSandboxes',
      always: { guard: 'noSandboxLeft', target: 'stopped' },
    },
    stopped: { type: 'final' },
  },
});

export type SupervisorMachine = typeof supervisorMachine;
export type SupervisorActorRef = ActorRefFrom<SupervisorMachine>;
export type SupervisorSnapshot = SnapshotFrom<SupervisorMachine>;

/** The group's sandbox actor, if one is alive. */
export function sandboxOf(supervisor: SupervisorSnapshot, group: string): SandboxActorRef | undefined {
  return (supervisor.children as Record<string, SandboxActorRef | undefined>)[sandboxId(group)];
}

/**
 * Restart history of every group, from a supervisor snapshot or actor: finished groups
 * from the supervisor's context, live ones from their sandbox's context. Feed it back
 * as `input.restored` to resume with the same budgets.
 */
export function persistSupervisor(source: SupervisorSnapshot | SupervisorActorRef): SupervisorHistory {
  const snapshot = 'getSnapshot' in source ? source.getSnapshot() : source;
  const groups: Record<string, SandboxHistory> = structuredClone(snapshot.context.history);
  for (const group of snapshot.context.active) {
    const child = sandboxOf(snapshot, group);
    if (child) groups[group] = sandboxHistory(child.getSnapshot().context);
  }
  return { groups };
}

export interface EnsureStartedOptions {
  /** Reject if the sandbox is not running this long after the call (system clock). */
  timeoutMs?: number;
}

/** The generation that was running when `ensureStarted` resolved. */
export interface SandboxRunning {
  group: string;
  generation: number;
}

function isRunning(snapshot: SandboxSnapshot): boolean {
  return snapshot.status === 'active' && snapshot.matches({ live: 'running' });
}

function failureReason(snapshot: SandboxSnapshot): string {
  const last = snapshot.context.failures.at(-1);
  if (!last) return 'it gave up';
  const detail = last.message ?? (last.code != null ? `code ${last.code}` : (last.signal ?? ''));
  return `restart budget exhausted; last failure: ${last.reason}${detail ? ` (${detail})` : ''}`;
}

/**
 * Start `group`'s sandbox if needed and resolve once it is `live.running`. Rejects with
 * `SandboxFailedError` when it reaches `failed` or stops, when the supervisor is
 * stopping, or after `timeoutMs`. Never hands back a half-started sandbox.
 */
export function ensureStarted(
  supervisor: SupervisorActorRef,
  group: string,
  opts: EnsureStartedOptions = {},
): Promise<SandboxRunning> {
  return new Promise((resolve, reject) => {
    let settled = false;
    let watched: SandboxActorRef | undefined;
    let childSub: Subscription | undefined;
    let supervisorSub: Subscription | undefined;
    let timer: unknown;
    const clock = supervisor.system._clock;

    const finish = (outcome: SandboxRunning | SandboxFailedError): void => {
      // Stryker disable next-line ConditionalExpression: finish is reached only through the guarded check or the timer it clears
      if (settled) return;
      // Stryker disable next-line BooleanLiteral: only the guarded check could call finish again, and settling a settled promise or unsubscribing twice has no effect
      settled = true;
      childSub?.unsubscribe();
      supervisorSub?.unsubscribe();
      if (timer !== undefined) clock.clearTimeout(timer);
      if (outcome instanceof SandboxFailedError) reject(outcome);
      else resolve(outcome);
    };

    const check = (): void => {
      // Stryker disable next-line ConditionalExpression: a check after settling sees the same snapshots and can only settle again, which is a no-op
      if (settled) return;
      const sup = supervisor.getSnapshot();
      if (sup.status !== 'active' || !sup.matches('running')) {
        finish(new SandboxFailedError(group, 'the supervisor is stopping'));
        return;
      }
      const child = sandboxOf(sup, group);
      if (!child) {
        // Once seen, a vanished sandbox has finished; before that it is still queued.
        if (watched) finish(new SandboxFailedError(group, 'the sandbox stopped'));
        return;
      }
      if (child !== watched) {
        childSub?.unsubscribe();
        watched = child;
        childSub = child.subscribe({ next: check, error: check, complete: check });
      }
      const snap = child.getSnapshot();
      if (isRunning(snap)) finish({ group, generation: snap.context.generation });
      else if (snap.status === 'error') finish(new SandboxFailedError(group, 'the sandbox machine errored'));
      else if (snap.status !== 'active') finish(new SandboxFailedError(group, 'the sandbox stopped'));
      else if (snap.matches('failed')) finish(new SandboxFailedError(group, failureReason(snap)));
      // Stryker disable next-line ConditionalExpression,StringLiteral: a final 'stopped' sandbox is never active; the status check above covers it
      else if (snap.matches('stopped')) finish(new SandboxFailedError(group, 'the sandbox stopped'));
    };

    const sup = supervisor.getSnapshot();
    // Stryker disable next-line ConditionalExpression,LogicalOperator,BlockStatement: a shortcut; without it the check() below rejects with the same error in the same call
    if (sup.status !== 'active' || !sup.matches('running')) {
      finish(new SandboxFailedError(group, 'the supervisor is stopping'));
      return;
    }
    supervisorSub = supervisor.subscribe({ next: check, error: check, complete: check });
    if (opts.timeoutMs !== undefined) {
      const ms = opts.timeoutMs;
      timer = clock.setTimeout(
        () => finish(new SandboxFailedError(group, `not running within ${ms} ms`)),
        ms,
      );
    }
    supervisor.send({ type: 'ensureStarted', group });
    check();
  });
}
