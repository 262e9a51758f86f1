/**
 * One config entry's lifecycle. Pure: `setup` and `unload` are actors the hub
 * provides — running the integration in-process or asking its sandbox — so
 * the same statechart governs both. A setup that asks to be retried (not ready
 * yet, sandbox crashed mid-setup) waits with backoff and tries again; when the
 * retry budget is spent the entry rests in `setup_error` until reloaded.
 */
import { assign, fromPromise, setup } from 'xstate';

export type ConfigEntryState =
  | 'not_loaded'
  | 'setup_in_progress'
  | 'loaded'
  | 'setup_error'
  | 'setup_retry'
  | 'unload_in_progress'
  | 'failed_unload';

/** What a setup attempt came to. */
export interface SetupOutcome {
  readonly status: 'loaded' | 'retry' | 'error';
  readonly reason?: string;
}

export interface UnloadOutcome {
  readonly unloaded: boolean;
  readonly reason?: string;
}

export interface EntryRetryPolicy {
  /** Delay before retry i; the last value repeats until `maxRetries` is spent. */
  readonly retryDelaysMs: readonly number[];
  readonly maxRetries: number;
}

export const defaultEntryRetryPolicy: EntryRetryPolicy = Object.freeze({
  retryDelaysMs: Object.freeze([5_000, 10_000, 20_000, 40_000, 80_000]),
  maxRetries: 10,
});

export interface ConfigEntryContext {
  readonly entryId: string;
  readonly policy: EntryRetryPolicy;
  readonly retries: number;
  /** Why the entry is not loaded, for the user. */
  readonly reason: string | null;
  /** Set up again once the running unload completes. */
  readonly reloadAfterUnload: boolean;
}

export type ConfigEntryEvent =
  | { type: 'setup' }
  | { type: 'unload' }
  | { type: 'reload' }
  /** Retry now instead of waiting, e.g. the entry's sandbox became ready. */
  | { type: 'retryNow' };

const errorMessage = (error: unknown) => (error instanceof Error ? error.message : String(error));

export const configEntryMachine = setup({
  types: {} as {
    context: ConfigEntryContext;
    events: ConfigEntryEvent;
    input: { entryId: string; policy?: EntryRetryPolicy };
  },
  actors: {
    setup: fromPromise<SetupOutcome, { entryId: string; attempt: number }>(async () => ({
      // Stryker disable next-line StringLiteral: every status but 'loaded' and 'retry' leads to setup_error alike
      status: 'error',
      reason: 'setup not provided',
    })),
    unload: fromPromise<UnloadOutcome, { entryId: string }>(async () => ({ unloaded: true })),
  },
  guards: {
    loaded: ({ event }) => (event as { output?: SetupOutcome }).output?.status === 'loaded',
    retryAllowed: ({ context, event }) =>
      (event as { output?: SetupOutcome }).output?.status === 'retry' &&
      context.retries < context.policy.maxRetries,
    unloaded: ({ event }) => (event as { output?: UnloadOutcome }).output?.unloaded === true,
    reloadPending: ({ context }) => context.reloadAfterUnload,
  },
  actions: {
    clearReason: assign({ reason: null }),
    resetRetries: assign({ retries: 0 }),
    countRetry: assign(({ context }) => ({ retries: context.retries + 1 })),
    keepOutcomeReason: assign(({ event }) => ({
      reason: (event as { output?: { reason?: string } }).output?.reason ?? null,
    })),
    keepErrorReason: assign(({ event }) => ({ reason: errorMessage((event as { error?: unknown }).error) })),
    markReload: assign({ reloadAfterUnload: true }),
    clearReload: assign({ reloadAfterUnload: false }),
  },
  delays: {
    retryDelay: ({ context }) => {
      const delays = context.policy.retryDelaysMs;
      return delays[Math.min(context.retries, delays.length - 1)] ?? 0;
    },
  },
}).createMachine({
  id: 'configEntry',
  context: ({ input }) => ({
    entryId: input.entryId,
    policy: input.policy ?? defaultEntryRetryPolicy,
    retries: 0,
    reason: null,
    reloadAfterUnload: false,
  }),
  initial: 'not_loaded',
  states: {
    not_loaded: {
      on: {
        setup: { target: 'setup_in_progress', actions: 'resetRetries' },
        reload: { target: 'setup_in_progress', actions: 'resetRetries' },
      },
    },
    setup_in_progress: {
      entry: 'clearReason',
      invoke: {
        src: 'setup',
        input: ({ context }) => ({ entryId: context.entryId, attempt: context.retries }),
        onDone: [
          { guard: 'loaded', target: 'loaded', actions: 'resetRetries' },
          { guard: 'retryAllowed', target: 'setup_retry', actions: 'keepOutcomeReason' },
          { target: 'setup_error', actions: 'keepOutcomeReason' },
        ],
        onError: { target: 'setup_error', actions: 'keepErrorReason' },
      },
      on: {
        // A half-done setup still may have registered things: unload releases them.
        unload: 'unload_in_progress',
        reload: { target: 'unload_in_progress', actions: 'markReload' },
      },
    },
    loaded: {
      on: {
        unload: 'unload_in_progress',
        reload: { target: 'unload_in_progress', actions: 'markReload' },
      },
    },
    setup_retry: {
      after: { retryDelay: { target: 'setup_in_progress', actions: 'countRetry' } },
      on: {
        retryNow: { target: 'setup_in_progress', actions: 'countRetry' },
        reload: { target: 'setup_in_progress', actions: 'resetRetries' },
        setup: { target: 'setup_in_progress', actions: 'resetRetries' },
        unload: 'unload_in_progress',
      },
    },
    setup_error: {
      on: {
        reload: { target: 'setup_in_progress', actions: 'resetRetries' },
        setup: { target: 'setup_in_progress', actions: 'resetRetries' },
        unload: 'unload_in_progress',
      },
    },
    unload_in_progress: {
      invoke: {
        src: 'unload',
        input: ({ context }) => ({ entryId: context.entryId }),
        onDone: [
          { guard: 'unloaded', target: 'afterUnload' },
          { target: 'failed_unload', actions: ['keepOutcomeReason', 'clearReload'] },
        ],
        onError: { target: 'failed_unload', actions: ['keepErrorReason', 'clearReload'] },
      },
      on: { reload: { actions: 'markReload' } },
    },
    // Transient: set up again if a reload asked for it.
    afterUnload: {
      always: [
        { guard: 'reloadPending', target: 'setup_in_progress', actions: ['clearReload', 'resetRetries'] },
        { target: 'not_loaded' },
      ],
    },
    failed_unload: {
      on: {
        unload: 'unload_in_progress',
        reload: { target: 'unload_in_progress', actions: 'markReload' },
      },
    },
  },
});

export type ConfigEntryMachine = typeof configEntryMachine;
