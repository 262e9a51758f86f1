import { assign, setup } from 'xstate';

/**
 * A channel's lifecycle. `closed` is final, so its entry action `teardown`
 * runs exactly once whoever closed first: a local close(), the peer's EOF, a
 * framing error or the end of a drain.
 */
export type ChannelEvent =
  | { type: 'drain'; timeoutMs: number }
  | { type: 'close'; error?: Error }
  | { type: 'transport.ended'; error?: Error }
  | { type: 'failed'; error: Error }
  | { type: 'drained' };

export interface ChannelContext {
  readonly drainTimeoutMs: number;
  /** Why the channel closed: undefined for an orderly close or EOF. */
  readonly reason: Error | undefined;
}

export const channelMachine = setup({
  types: {
    context: {} as ChannelContext,
    events: {} as ChannelEvent,
    input: {} as { drainTimeoutMs: number },
  },
  actions: {
    recordReason: assign({
      reason: ({ event, context }) => context.reason ?? ('error' in event ? event.error : undefined),
    }),
    setDrainTimeout: assign({
      drainTimeoutMs: ({ event, context }) =>
        event.type === 'drain' ? event.timeoutMs : context.drainTimeoutMs,
    }),
    /** Refuse new inbound calls; in-flight handlers keep running. */
    beginDrain: () => {},
    /** Reject pending calls, drop queued handlers, close the transport. */
    teardown: () => {},
  },
  guards: {
    /** No inbound handler running or queued. */
    idle: () => true,
  },
  delays: {
    drainTimeout: ({ context }) => context.drainTimeoutMs,
  },
}).createMachine({
  id: 'channel',
  initial: 'open',
  context: ({ input }) => ({ drainTimeoutMs: input.drainTimeoutMs, reason: undefined }),
  states: {
    open: {
      on: {
        drain: { target: 'draining', actions: 'setDrainTimeout' },
        close: { target: 'closed', actions: 'recordReason' },
        'transport.ended': { target: 'closed', actions: 'recordReason' },
        failed: { target: 'closed', actions: 'recordReason' },
      },
    },
    draining: {
      entry: 'beginDrain',
      always: { guard: 'idle', target: 'closed' },
      after: { drainTimeout: 'closed' },
      on: {
        drained: { guard: 'idle', target: 'closed' },
        close: { target: 'closed', actions: 'recordReason' },
        'transport.ended': { target: 'closed', actions: 'recordReason' },
        failed: { target: 'closed', actions: 'recordReason' },
      },
    },
    closed: { type: 'final', entry: 'teardown' },
  },
});
