import { type Actor, createActor, type InspectionEvent, type Observer } from 'xstate';
import {
  ChannelClosedError,
  ChannelOverloadedError,
  CorralError,
  FrameTooLargeError,
  type InvalidField,
  ProtocolError,
  RemoteError,
} from '../errors.js';
import { channelMachine } from '../machines/channel.js';
import { type ChannelPolicy, defaultChannelPolicy } from '../policy.js';
import type { Codec } from './codec.js';
import { type Frame, isResponse, MAX_CALL_ID, PUSH_ID, type WireError } from './frame.js';
import { PendingCalls } from './pending-calls.js';
import type { CallType, PushType, Received, RequestOf, ResultOf, Returned } from './protocol.js';
import type { Transport } from './transport.js';

/**
 * Given to every handler. A handler that calls the peer should use `ctx.call`:
 * it gives the handler's slot back while the nested call is out, so re-entrant
 * chains (host -> sandbox -> host -> ...) cannot deadlock on the handler bound.
 */
export interface HandlerContext {
  call<T extends CallType>(
    type: T,
    request: RequestOf<T>,
    options?: { timeoutMs?: number },
  ): Promise<Returned<T>>;
}

export type CallHandler<T extends CallType> = (
  request: Received<T>,
  ctx: HandlerContext,
) => ResultOf<T> | Promise<ResultOf<T>>;
export type PushHandler<T extends PushType> = (
  request: Received<T>,
  ctx: HandlerContext,
) => void | Promise<void>;

export interface ChannelOptions {
  readonly codec: Codec;
  readonly policy?: Partial<ChannelPolicy>;
  /** Shown in errors and inspection, e.g. the sandbox group. */
  readonly name?: string;
  /** Told about failures that have no caller to reject: a push handler that threw, a shed push. */
  readonly onError?: (error: Error, context: { type: string }) => void;
  /** Inspection observer for the channel's lifecycle actor. */
  readonly inspect?: Observer<InspectionEvent> | ((event: InspectionEvent) => void);
  /** Test seam (`corral/testing`'s frame faults): wraps the transport before the channel uses it. */
  readonly intercept?: FrameInterceptor;
}

/**
 * Sees every frame the channel sends and receives, as a Transport around the real one:
 * it may hold, drop or alter frames. Only test harnesses pass one; without it the
 * channel talks to its transport directly.
 */
export type FrameInterceptor = (transport: Transport) => Transport;

export interface ChannelStats {
  callsOut: number;
  callsIn: number;
  pushesOut: number;
  pushesIn: number;
  /** Inbound calls answered `overloaded` plus pushes dropped. */
  shed: number;
}

type AnyHandler = (request: never, ctx: HandlerContext) => unknown;
/** One admitted handler's claim on the running bound. */
interface Slot {
  held: boolean;
  done?: boolean;
}
interface Registration {
  readonly handler: AnyHandler;
  readonly inline: boolean;
}

/**
 * The dispatch core, the same on both sides of the wire: `call` / `push` out,
 * registered handlers in. Responses are handled inline by the reader, so a
 * handler that calls the peer never blocks its own reply. Inbound work is
 * bounded: past `maxRunningHandlers` it queues, past `maxQueuedHandlers` calls
 * are answered `overloaded` and pushes dropped — shedding instead of blocking
 * the reader, which would deadlock nested calls.
 */
export class Channel {
  readonly name: string;
  readonly stats: ChannelStats = { callsOut: 0, callsIn: 0, pushesOut: 0, pushesIn: 0, shed: 0 };
  /** Resolves once the channel is closed and its transport released; carries why, if it failed. */
  readonly closed: Promise<{ error: Error | undefined }>;

  private readonly codec: Codec;
  private readonly policy: ChannelPolicy;
  private readonly onError: (error: Error, context: { type: string }) => void;
  private readonly handlers = new Map<string, Registration>();
  private readonly pending: PendingCalls;
  private readonly queue: Array<(slot: Slot) => void> = [];
  private readonly lifecycle: Actor<typeof channelMachine>;
  private nextId = 0;
  /** Handlers holding a slot. */
  private running = 0;
  /** Handlers admitted and not finished: running, queued, or out on a nested call. */
  private admitted = 0;
  private accepting = true;
  private readonly directContext: HandlerContext = {
    call: (type, request, options) => this.call(type, request, options),
  };
  private resolveClosed!: (value: { error: Error | undefined }) => void;
  private readonly transport: Transport;

  constructor(transport: Transport, options: ChannelOptions) {
    this.transport = options.intercept ? options.intercept(transport) : transport;
    this.codec = options.codec;
    this.policy = { ...defaultChannelPolicy, ...options.policy };
    this.pending = new PendingCalls(this.policy.callTimeoutMs);
    this.name = options.name ?? 'channel';
    this.onError = options.onError ?? (() => {});
    this.closed = new Promise((resolve) => {
      this.resolveClosed = resolve;
    });
    const machine = channelMachine.provide({
      actions: {
        beginDrain: () => {
          this.accepting = false;
        },
        teardown: ({ context }) => this.teardown(context.reason),
      },
      guards: { idle: () => this.admitted === 0 },
    });
    this.lifecycle = createActor(machine, {
      id: `channel:${this.name}`,
      input: { drainTimeoutMs: this.policy.drainTimeoutMs },
      inspect: options.inspect,
    });
    this.lifecycle.start();
    this.transport.start({
      frame: (bytes) => this.receive(bytes),
      end: (error) => this.signal({ type: 'transport.ended', error }),
    });
  }

  /** `open`, `draining` or `closed`. */
  get state(): 'open' | 'draining' | 'closed' {
    return this.lifecycle.getSnapshot().value as 'open' | 'draining' | 'closed';
  }

  /** Outbound calls awaiting a response. */
  get pendingCalls(): number {
    return this.pending.size;
  }

  /** Inbound handlers admitted and not finished: running, queued, or out on a nested call. */
  get inflight(): number {
    return this.admitted;
  }

  /** Call the peer; rejects with RemoteError, ChannelTimeoutError or ChannelClosedError. */
  call<T extends CallType>(
    type: T,
    request: RequestOf<T>,
    options?: { timeoutMs?: number },
  ): Promise<Returned<T>> {
    if (this.state === 'closed')
      return Promise.reject(new ChannelClosedError(`${this.name}: channel closed`));
    const id = this.allocateId();
    let bytes: Uint8Array;
    try {
      bytes = this.checkSize(this.codec.encode({ id, type, body: request }));
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise<Returned<T>>((resolve, reject) => {
      this.pending.add(id, type, resolve as (value: never) => void, reject, options?.timeoutMs);
      try {
        this.transport.write(bytes);
        this.stats.callsOut++;
      } catch (error) {
        this.pending.take(id);
        reject(error);
      }
    });
  }

  /** Send a one-way message; throws ChannelClosedError if the channel is not open. */
  push<T extends PushType>(type: T, request: RequestOf<T>): void {
    if (this.state === 'closed') throw new ChannelClosedError(`${this.name}: channel closed`);
    this.transport.write(this.checkSize(this.codec.encode({ id: PUSH_ID, type, body: request })));
    this.stats.pushesOut++;
  }

  /** Handle inbound calls of `type`; the returned value (or thrown error) is the response. */
  register<T extends CallType>(type: T, handler: CallHandler<T>): this;
  /**
   * Handle inbound pushes of `type`. `inline` handlers run synchronously in the
   * reader, in wire order, outside the concurrency bound — for ordered state updates.
   */
  register<T extends PushType>(type: T, handler: PushHandler<T>, options?: { inline?: boolean }): this;
  register(type: string, handler: AnyHandler, options?: { inline?: boolean }): this {
    this.handlers.set(type, { handler, inline: options?.inline ?? false });
    return this;
  }

  /** Refuse new inbound calls, let running and queued handlers reply, then close (bounded). */
  drain(timeoutMs = this.policy.drainTimeoutMs): Promise<void> {
    this.signal({ type: 'drain', timeoutMs });
    return this.closed.then(() => this.transportClosed);
  }

  /** Close now; idempotent. Pending calls reject with ChannelClosedError. */
  close(error?: Error): Promise<void> {
    this.signal({ type: 'close', error });
    return this.closed.then(() => this.transportClosed);
  }

  private transportClosed: Promise<void> = Promise.resolve();

  private allocateId(): number {
    // uint32 ids wrap and skip 0 (the push id) and any id still awaiting a response.
    do {
      this.nextId = this.nextId >= MAX_CALL_ID ? 1 : this.nextId + 1;
    } while (this.pending.has(this.nextId));
    return this.nextId;
  }

  private receive(bytes: Uint8Array): void {
    if (this.state === 'closed') return;
    let frame: Frame;
    try {
      frame = this.codec.decode(bytes);
    } catch (error) {
      this.signal({ type: 'failed', error: error as Error });
      return;
    }
    if (isResponse(frame)) this.settle(frame);
    else if (frame.id === PUSH_ID) this.receivePush(frame.type, frame.body);
    else this.receiveCall(frame.id, frame.type, frame.body);
  }

  private settle(frame: Frame & { ok: boolean }): void {
    const type = this.pending.typeOf(frame.id);
    // A response for no pending call is late (its call timed out): nothing waits for it.
    if (type === undefined) return;
    if (type !== frame.type) {
      // A peer answering one call with another call's result is broken or forging.
      this.signal({
        type: 'failed',
        error: new ProtocolError(`response to "${type}" call ${frame.id} came typed "${frame.type}"`),
      });
      return;
    }
    const pending = this.pending.take(frame.id)!;
    if (frame.ok) pending.resolve((frame as { result: unknown }).result as never);
    else pending.reject(fromWireError((frame as { error: WireError }).error));
  }

  private receivePush(type: string, body: unknown): void {
    this.stats.pushesIn++;
    const registration = this.handlers.get(type);
    const report = (ok: boolean, value: unknown) => {
      if (!ok) this.onError(asError(value), { type });
    };
    if (!registration) {
      report(false, new CorralError('unknown_type', `no handler for push "${type}"`));
    } else if (registration.inline) {
      invoke(registration.handler, body, this.directContext, report);
    } else if (this.accepting) {
      this.admit(type, (slot) =>
        invoke(registration.handler, body, this.contextFor(slot), (ok, value) => {
          report(ok, value);
          this.finished(slot);
        }),
      );
    }
  }

  private receiveCall(id: number, type: string, body: unknown): void {
    this.stats.callsIn++;
    const registration = this.handlers.get(type);
    if (!registration) {
      this.respondError(id, type, new CorralError('unknown_type', `no handler for call "${type}"`));
    } else if (!this.accepting) {
      this.respondError(id, type, new CorralError('channel_closing', `${this.name}: channel is closing`));
    } else {
      const admitted = this.admit(type, (slot) =>
        invoke(registration.handler, body, this.contextFor(slot), (ok, value) => {
          if (ok) this.respond({ id, type, ok: true, result: value ?? {} });
          else this.respondError(id, type, value);
          this.finished(slot);
        }),
      );
      if (!admitted) this.respondError(id, type, new ChannelOverloadedError());
    }
  }

  /** Run now, queue, or refuse; false when refused. */
  private admit(type: string, run: (slot: Slot) => void): boolean {
    if (this.admitted >= this.policy.maxQueuedHandlers) {
      this.stats.shed++;
      this.onError(new CorralError('overloaded', `${this.name}: shed inbound "${type}"`), { type });
      return false;
    }
    this.admitted++;
    this.queue.push(run);
    this.startQueued();
    return true;
  }

  private startQueued(): void {
    while (
      this.running < this.policy.maxRunningHandlers &&
      this.queue.length > 0 &&
      // Stryker disable next-line ConditionalExpression,StringLiteral: teardown empties the queue and nothing is admitted once closed
      this.state !== 'closed'
    ) {
      const run = this.queue.shift()!;
      this.running++;
      run({ held: true });
    }
  }

  /** A handler's context whose `call` gives the slot back while the nested call is out. */
  private contextFor(slot: Slot): HandlerContext {
    return {
      call: (type, request, options) => {
        if (!slot.held) return this.call(type, request, options);
        slot.held = false;
        this.running--;
        this.startQueued();
        // Resume at once on the reply, even over the bound: waiting for a slot here could deadlock.
        const resume = () => {
          // A handler that finished without awaiting its nested call has no slot to take back.
          if (slot.done) return;
          slot.held = true;
          this.running++;
        };
        const reply = this.call(type, request, options);
        reply.then(resume, resume);
        return reply;
      },
    };
  }

  private finished(slot: Slot): void {
    slot.done = true;
    this.admitted--;
    if (slot.held) this.running--;
    slot.held = false;
    this.startQueued();
    // Stryker disable next-line ConditionalExpression,LogicalOperator,StringLiteral: the lifecycle ignores `drained` outside draining, guards it with `idle`, and re-checks its eventless `idle` transition on any event
    if (this.admitted === 0 && this.state === 'draining') this.signal({ type: 'drained' });
  }

  /** Send to the lifecycle actor while it runs (it is done once closed). */
  private signal(event: Parameters<Actor<typeof channelMachine>['send']>[0]): void {
    // Stryker disable next-line ConditionalExpression: an event sent to the finished lifecycle actor is dropped anyway (XState only warns)
    if (this.lifecycle.getSnapshot().status === 'active') this.lifecycle.send(event);
  }

  /** Bytes within the frame limit, whatever the transport enforces. */
  private checkSize(bytes: Uint8Array): Uint8Array {
    if (bytes.length > this.policy.maxFrameBytes)
      throw new FrameTooLargeError(bytes.length, this.policy.maxFrameBytes);
    return bytes;
  }

  private respondError(id: number, type: string, error: unknown): void {
    this.respond({ id, type, ok: false, error: toWireError(error) });
  }

  private respond(frame: Frame): void {
    if (this.state === 'closed') return;
    let bytes: Uint8Array;
    try {
      bytes = this.checkSize(this.codec.encode(frame));
    } catch (error) {
      // A result that cannot be encoded (or is too large) still gets an answer, so the caller never hangs.
      bytes = this.codec.encode({ id: frame.id, type: frame.type, ok: false, error: toWireError(error) });
    }
    try {
      this.transport.write(bytes);
    } catch (error) {
      // An answer too large for the wire becomes an error answer; a failed error answer is reported.
      if (isResponse(frame) && frame.ok) this.respondError(frame.id, frame.type, error);
      else this.onError(asError(error), frame);
    }
  }

  private teardown(reason: Error | undefined): void {
    this.accepting = false;
    const error = new ChannelClosedError(
      reason ? `${this.name}: channel closed: ${reason.message}` : `${this.name}: channel closed`,
      { cause: reason },
    );
    this.pending.rejectAll(error);
    // Queued handlers never run now: they are no longer in flight.
    this.admitted -= this.queue.length;
    this.queue.length = 0;
    this.transportClosed = this.transport.close();
    this.resolveClosed({ error: reason });
  }
}

/** Run a handler and report its outcome once, whether it returns, throws or settles later. */
function invoke(
  handler: AnyHandler,
  body: unknown,
  ctx: HandlerContext,
  done: (ok: boolean, value: unknown) => void,
): void {
  let result: unknown;
  try {
    result = handler(body as never, ctx);
  } catch (error) {
    done(false, error);
    return;
  }
  if (isThenable(result)) {
    result.then(
      (value) => done(true, value),
      (error) => done(false, error),
    );
  } else done(true, result);
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === 'function';
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/** The wire form of anything a handler threw. */
export function toWireError(error: unknown): WireError {
  if (error instanceof Error) {
    const { invalid, type } = error as { invalid?: readonly InvalidField[]; type?: unknown };
    return {
      message: error.message,
      // Read `type` structurally: integration code may throw errors of its own copy of the SDK.
      type: typeof type === 'string' && type ? type : error.name || 'error',
      invalid: Array.isArray(invalid) ? invalid : [],
    };
  }
  return { message: String(error), type: 'error', invalid: [] };
}

/** The caller-side error for a peer's error frame, keeping its type and invalid paths. */
export function fromWireError(error: WireError): RemoteError {
  if (error.type === 'overloaded') return new ChannelOverloadedError(error.message);
  return new RemoteError(error.type, error.message, error.invalid ?? []);
}
