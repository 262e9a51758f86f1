import type { Duplex } from 'node:stream';
import { ChannelClosedError, FrameTooLargeError, ProtocolError } from '../../errors.js';
import { defaultChannelPolicy } from '../../policy.js';
import { encodeFrames, FrameDecoder } from '../framing.js';
import type { Transport, TransportSink } from '../transport.js';

export interface StreamTransportOptions {
  readonly maxFrameBytes?: number;
}

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

  constructor(
    private readonly stream: Duplex,
    options: StreamTransportOptions = {},
  ) {
    this.maxFrameBytes = options.maxFrameBytes ?? defaultChannelPolicy.maxFrameBytes;
    this.decoder = new FrameDecoder(this.maxFrameBytes);
  }

  start(sink: TransportSink): void {
    if (this.sink) throw new Error('transport already started');
    this.sink = sink;
    const deliver = (frame: Buffer) => sink.frame(frame);
    this.stream.on('data', (chunk: Buffer) => {
      if (this.ended) return;
      try {
        this.decoder.push(chunk, deliver);
      } catch (error) {
        this.finish(error as Error);
        this.stream.destroy();
      }
    });
    this.stream.once('end', () =>
      this.finish(this.decoder.midFrame ? new ProtocolError('stream ended inside a frame') : undefined),
    );
    this.stream.once('close', () => this.finish());
    this.stream.on('error', (error) => this.finish(error));
  }

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
