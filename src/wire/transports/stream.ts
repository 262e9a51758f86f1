import type { Duplex } from 'node:stream';
import { ChannelClosedError, FrameTooLargeError, ProtocolError } from '../../errors.js';
import { defaultChannelPolicy } from '../../policy.js';
import { encodeFrames, FrameDecoder } from '../framing.js';
import type { Transport, TransportSink } from '../transport.js';

const EMPTY = Buffer.alloc(0);

export interface StreamTransportOptions {
  readonly maxFrameBytes?: number;
  /** `ChannelPolicy.inboundTurnBudgetMs`. */
  readonly inboundTurnBudgetMs?: number;
}

/** Frames delivered per turn start here and adapt (halve over budget, double under) within these. */
const MIN_FRAMES_PER_TURN = 8;
const START_FRAMES_PER_TURN = 32;
const MAX_FRAMES_PER_TURN = 4_096;

/**
 * Length-prefixed frames over any duplex byte stream (a pipe, a socket). All
 * frames written within one tick leave as a single write: under load this is
 * what turns thousands of tiny writes into a few large ones.
 */
export class StreamTransport implements Transport {
  private readonly decoder: FrameDecoder;
  private readonly maxFrameBytes: number;
  private sink: TransportSink | null = null;
  private queue: Uint8Array[] = [];
  private flushScheduled = false;
  private ended = false;
  private closing: Promise<void> | null = null;
  private readonly turnBudgetMs: number;
  /** Frames this turn may still deliver; decoded frames past it wait in `held` for the next turn. */
  private framesPerTurn = START_FRAMES_PER_TURN;
  private deliveredThisTurn = 0;
  private turnStartedAt = 0;
  private turnEndScheduled = false;
  private held: Buffer[] = [];
  private heldFrom = 0;
  /** How the stream ended while frames were still held: reported once they are delivered. */
  private endAfterHeld: { error?: Error } | undefined;

  constructor(
    private readonly stream: Duplex,
    options: StreamTransportOptions = {},
  ) {
    this.maxFrameBytes = options.maxFrameBytes ?? defaultChannelPolicy.maxFrameBytes;
    this.decoder = new FrameDecoder(this.maxFrameBytes);
    this.turnBudgetMs = options.inboundTurnBudgetMs ?? defaultChannelPolicy.inboundTurnBudgetMs;
  }

  start(sink: TransportSink): void {
    if (this.sink) throw new Error('transport already started');
    this.sink = sink;
    const deliver = (frame: Buffer) => {
      if (this.held.length > 0 || !this.mayDeliver()) {
        // This turn's share is spent: hold the rest of the chunk and stop reading until the next.
        this.held.push(frame);
        this.stream.pause();
        return;
      }
      sink.frame(frame);
    };
    this.stream.on('data', (chunk: Buffer) => {
      if (this.ended || this.endAfterHeld) return;
      try {
        this.decoder.push(chunk, deliver);
      } catch (error) {
        // Frames before the bad bytes are still delivered first, in wire order.
        this.finishAfterHeld(error as Error);
        this.stream.destroy();
      }
    });
    this.stream.once('end', () =>
      this.finishAfterHeld(
        this.decoder.midFrame ? new ProtocolError('stream ended inside a frame') : undefined,
      ),
    );
    this.stream.once('close', () => this.finishAfterHeld());
    this.stream.on('error', (error) => this.finishAfterHeld(error));
  }

  /** End now, or once the held frames have been delivered; the first reason wins. */
  private finishAfterHeld(error?: Error): void {
    if (this.heldFrom >= this.held.length) {
      this.finish(this.endAfterHeld ? this.endAfterHeld.error : error);
      return;
    }
    this.endAfterHeld ??= { error };
  }

  /** Counts a frame against this turn's share; false once it is spent. */
  private mayDeliver(): boolean {
    if (this.deliveredThisTurn === 0) {
      this.turnStartedAt = performance.now();
      if (!this.turnEndScheduled) {
        this.turnEndScheduled = true;
        setImmediate(this.endTurn);
      }
    }
    if (this.deliveredThisTurn >= this.framesPerTurn) return false;
    this.deliveredThisTurn++;
    return true;
  }

  /**
   * After the turn (its microtasks included, so the handlers the frames started count):
   * adapt the share to the budget, then deliver held frames and read on.
   */
  private readonly endTurn = (): void => {
    this.turnEndScheduled = false;
    const spent = performance.now() - this.turnStartedAt;
    if (spent > this.turnBudgetMs)
      this.framesPerTurn = Math.max(MIN_FRAMES_PER_TURN, this.framesPerTurn >> 1);
    else if (this.deliveredThisTurn >= this.framesPerTurn) {
      this.framesPerTurn = Math.min(MAX_FRAMES_PER_TURN, this.framesPerTurn * 2);
    }
    this.deliveredThisTurn = 0;
    if (this.ended) return;
    while (this.heldFrom < this.held.length && this.mayDeliver()) {
      const frame = this.held[this.heldFrom]!;
      this.held[this.heldFrom++] = EMPTY;
      this.sink?.frame(frame);
      if (this.ended) return;
    }
    if (this.heldFrom < this.held.length) return;
    this.held = [];
    this.heldFrom = 0;
    if (this.endAfterHeld) this.finish(this.endAfterHeld.error);
    else this.stream.resume();
  };

  write(frame: Uint8Array): void {
    if (this.ended || this.closing) throw new ChannelClosedError('transport closed');
    if (frame.length > this.maxFrameBytes) throw new FrameTooLargeError(frame.length, this.maxFrameBytes);
    this.queue.push(frame);
    if (!this.flushScheduled) {
      // Stryker disable next-line BooleanLiteral: only saves redundant flushes; the first takes the whole queue and the rest find it empty
      this.flushScheduled = true;
      process.nextTick(this.flush);
    }
  }

  private readonly flush = (): void => {
    this.flushScheduled = false;
    if (this.queue.length === 0 || this.stream.destroyed) {
      // Stryker disable next-line ArrayDeclaration: this branch runs only once closing or destroyed, after which the queue is never written
      this.queue = [];
      return;
    }
    const frames = this.queue;
    this.queue = [];
    this.stream.write(encodeFrames(frames));
  };

  close(): Promise<void> {
    if (this.closing) return this.closing;
    this.closing = new Promise<void>((resolve) => {
      this.flush();
      const stream = this.stream;
      if (stream.destroyed) return resolve();
      stream.once('close', () => resolve());
      // Half-close so queued bytes reach the peer, then release the handle.
      stream.end(() => stream.destroy());
      // A peer that never reads must not hold the close open.
      setTimeout(() => stream.destroy(), 1_000).unref();
    }).then(() => this.finish());
    return this.closing;
  }

  private finish(error?: Error): void {
    if (this.ended) return;
    this.ended = true;
    this.sink?.end(error);
  }
}
