/**
 * The sandbox's one way to talk to the host. Inbound handlers run in a scope that
 * remembers their `HandlerContext`, so a call integration code makes while a handler
 * runs (a store load during setup, a registration during a service call) goes out as
 * a nested `ctx.call` — which gives the handler's slot back while it waits, so
 * re-entrant host -> sandbox -> host chains cannot deadlock on the handler bound.
 * The scope also carries the context id of the service call being run, so the state
 * changes and events it causes are attributed to it.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Channel, HandlerContext } from '../wire/channel.js';
import type { CallType, PushType, Received, RequestOf, ResultOf, Returned } from '../wire/protocol.js';

/**
 * How long a service call's context stays attached to the changes it causes, ms. A
 * timer started by the call keeps its scope forever; past this it is no longer the cause
 * (Home Assistant uses the same "recent context" window).
 */
export const RECENT_CONTEXT_MS = 5_000;

/** One inbound handler's claim on the channel. */
interface HandlerScope {
  readonly ctx: HandlerContext;
  /** Nested calls still out; the handler replies only once they are back. */
  readonly nested: Set<Promise<unknown>>;
  done: boolean;
}

interface Scope {
  readonly handler: HandlerScope | null;
  readonly contextId: string;
  readonly contextAt: number;
}

const ignore = () => {};

export class HostLink {
  readonly #scopes = new AsyncLocalStorage<Scope>();

  constructor(readonly channel: Channel) {}

  /** Call the host: nested through the running handler's context when there is one. */
  call<T extends CallType>(
    type: T,
    request: RequestOf<T>,
    options?: { timeoutMs?: number },
  ): Promise<Returned<T>> {
    const handler = this.#scopes.getStore()?.handler;
    if (!handler || handler.done) return this.channel.call(type, request, options);
    const reply = handler.ctx.call(type, request, options);
    const settled = reply.then(ignore, ignore);
    handler.nested.add(settled);
    void settled.then(() => handler.nested.delete(settled));
    return reply;
  }

  push<T extends PushType>(type: T, request: RequestOf<T>): void {
    this.channel.push(type, request);
  }

  /** Answer inbound calls of `type`; what `handler` returns (or throws) is the reply. */
  handle<T extends CallType>(
    type: T,
    handler: (request: Received<T>) => ResultOf<T> | Promise<ResultOf<T>>,
  ): void {
    this.channel.register(type, async (request, ctx) => {
      const scope: HandlerScope = { ctx, nested: new Set(), done: false };
      try {
        return await this.#scopes.run({ handler: scope, contextId: '', contextAt: 0 }, () =>
          handler(request),
        );
      } finally {
        // The channel takes a slot back when a nested reply lands; one landing after the
        // handler finished would take a slot nobody gives back. So the reply waits for them.
        while (scope.nested.size > 0) await Promise.all(scope.nested);
        scope.done = true;
      }
    });
  }

  /** Run `fn` with `contextId` (a host context id, possibly empty) as the cause of what it changes. */
  withContext<R>(contextId: string, fn: () => R): R {
    const handler = this.#scopes.getStore()?.handler ?? null;
    return this.#scopes.run({ handler, contextId, contextAt: Date.now() }, fn);
  }

  /** The context id of the service call whose work is running now, if it is recent; else empty. */
  get contextId(): string {
    const scope = this.#scopes.getStore();
    if (!scope?.contextId || Date.now() - scope.contextAt > RECENT_CONTEXT_MS) return '';
    return scope.contextId;
  }
}
