/**
 * One config flow as the host runs it. Pure: `init`, `step`, `abortFlow` and
 * `finish` are actors the flow manager provides — a local FlowRunner or a proxy
 * to the sandbox running the real flow — and `isDuplicate` reads the host's
 * entries. Every result passes the host's own checks before the user sees it:
 * a unique id already configured aborts the flow (and the flow behind it), and
 * so does a result type the host does not support.
 */
import { assign, fromPromise, setup } from 'xstate';
import type { FlowResult } from '../sdk/types.js';

export const SUPPORTED_RESULT_TYPES: ReadonlySet<string> = new Set(['form', 'menu', 'create_entry', 'abort']);

export interface ConfigFlowContext {
  readonly flowId: string;
  readonly domain: string;
  /** The result the user sees now. */
  readonly result: FlowResult | null;
  /** The entry a completed flow created. */
  readonly entryId: string | null;
  /** The last step's failure, for the caller that sent it; the flow stays where it was. */
  readonly stepError: Error | null;
  readonly abortReason: string | null;
}

export type ConfigFlowEvent =
  | { type: 'step'; input: Record<string, unknown> | undefined }
  | { type: 'abort' };

const resultOf = (event: unknown) => (event as { output: FlowResult }).output;
const errorMessageOf = (event: unknown) => {
  const error = (event as { error?: unknown }).error;
  return error instanceof Error ? error.message : String(error);
};

/** A flow call failed because its sandbox is gone or silent: the user is told why, and the flow ends. */
const sandboxLost = [
  {
    guard: 'notResponding',
    target: 'aborting',
    actions: [{ type: 'abortAs', params: { reason: 'not_responding', sayWhy: true } }, 'keepStepError'],
  },
  {
    guard: 'sandboxExited',
    target: 'aborting',
    actions: [{ type: 'abortAs', params: { reason: 'sandbox_exited', sayWhy: true } }, 'keepStepError'],
  },
] as const;

export const configFlowMachine = setup({
  types: {} as {
    context: ConfigFlowContext;
    events: ConfigFlowEvent;
    input: { flowId: string; domain: string };
    output: { result: FlowResult | null; entryId: string | null };
  },
  actors: {
    init: fromPromise<FlowResult, { flowId: string }>(() => Promise.reject(new Error('init not provided'))),
    step: fromPromise<FlowResult, { flowId: string; input: Record<string, unknown> | undefined }>(() =>
      Promise.reject(new Error('step not provided')),
    ),
    abortFlow: fromPromise<void, { flowId: string }>(async () => {}),
    finish: fromPromise<string, { flowId: string; result: FlowResult }>(() =>
      Promise.reject(new Error('finish not provided')),
    ),
  },
  guards: {
    unsupported: ({ context }) => !!context.result && !SUPPORTED_RESULT_TYPES.has(context.result.type),
    /** The flow's unique id belongs to an entry of this domain already. */
    isDuplicate: () => false,
    createsEntry: ({ context }) => context.result?.type === 'create_entry',
    aborted: ({ context }) => context.result?.type === 'abort',
    /** The integration gave no answer in time (`IntegrationNotRespondingError`). */
    notResponding: ({ event }) => (event as { error?: { type?: unknown } }).error?.type === 'not_responding',
    /** The integration's sandbox died while the flow waited (`SandboxExitedError`): the flow is lost. */
    sandboxExited: ({ event }) => (event as { error?: { type?: unknown } }).error?.type === 'sandbox_exited',
  },
  actions: {
    keepResult: assign({ result: ({ event }) => resultOf(event), stepError: null }),
    keepStepError: assign({
      stepError: ({ event }) => {
        const error = (event as { error?: unknown }).error;
        return error instanceof Error ? error : new Error(String(error));
      },
    }),
    // `sayWhy`: the failure's message goes to the user as the `error` placeholder.
    abortAs: assign(({ context, event }, params: { reason: string; sayWhy?: boolean }) => ({
      abortReason: params.reason,
      result: {
        type: 'abort' as const,
        flowId: context.flowId,
        reason: params.reason,
        descriptionPlaceholders: (params.sayWhy ? { error: errorMessageOf(event) } : {}) as Record<
          string,
          string
        >,
        uniqueId: context.result?.uniqueId ?? null,
      },
    })),
    keepEntryId: assign({ entryId: ({ event }) => (event as unknown as { output: string }).output }),
  },
}).createMachine({
  id: 'configFlow',
  context: ({ input }) => ({
    flowId: input.flowId,
    domain: input.domain,
    result: null,
    entryId: null,
    stepError: null,
    abortReason: null,
  }),
  output: ({ context }) => ({ result: context.result, entryId: context.entryId }),
  initial: 'initializing',
  states: {
    initializing: {
      invoke: {
        src: 'init',
        input: ({ context }) => ({ flowId: context.flowId }),
        onDone: { target: 'checking', actions: 'keepResult' },
        onError: [
          ...sandboxLost,
          {
            target: 'aborting',
            actions: [{ type: 'abortAs', params: { reason: 'init_failed' } }, 'keepStepError'],
          },
        ],
      },
    },
    // Transient: the host's checks on every result, in order.
    checking: {
      always: [
        {
          guard: 'unsupported',
          target: 'aborting',
          actions: { type: 'abortAs', params: { reason: 'unsupported_result' } },
        },
        {
          guard: 'isDuplicate',
          target: 'aborting',
          actions: { type: 'abortAs', params: { reason: 'already_configured' } },
        },
        { guard: 'createsEntry', target: 'finishing' },
        { guard: 'aborted', target: 'aborted' },
        { target: 'waiting' },
      ],
    },
    waiting: {
      on: {
        step: 'stepping',
        abort: { target: 'aborting', actions: { type: 'abortAs', params: { reason: 'user' } } },
      },
    },
    stepping: {
      invoke: {
        src: 'step',
        input: ({ context, event }) => ({
          flowId: context.flowId,
          input: event.type === 'step' ? event.input : undefined,
        }),
        onDone: { target: 'checking', actions: 'keepResult' },
        onError: [
          // The sandbox has already dropped the flow: it cannot go on.
          ...sandboxLost,
          { target: 'waiting', actions: 'keepStepError' },
        ],
      },
      on: { abort: { target: 'aborting', actions: { type: 'abortAs', params: { reason: 'user' } } } },
    },
    finishing: {
      invoke: {
        src: 'finish',
        input: ({ context }) => ({ flowId: context.flowId, result: context.result as FlowResult }),
        onDone: { target: 'done', actions: 'keepEntryId' },
        onError: {
          target: 'aborted',
          actions: [{ type: 'abortAs', params: { reason: 'create_failed' } }, 'keepStepError'],
        },
      },
    },
    // The flow behind this one is aborted too, so it never lingers in progress.
    aborting: {
      invoke: {
        src: 'abortFlow',
        input: ({ context }) => ({ flowId: context.flowId }),
        onDone: 'aborted',
        onError: 'aborted',
      },
    },
    done: { type: 'final' },
    aborted: { type: 'final' },
  },
});

export type ConfigFlowMachine = typeof configFlowMachine;
