import { isMainThread, MessagePort, workerData } from 'node:worker_threads';
import { ChannelClosedError, FrameTooLargeError, ProtocolError } from '../../errors.js';
import { defaultChannelPolicy } from '../../policy.js';
import { FrameDecoder, PREFIX_BYTES } from '../framing.js';
import type { Transport, TransportSink } from '../transport.js';

export interface PortTransportOptions {
  readonly maxFrameBytes?: number;
}

/** The `--url` of a runtime in a worker thread: frames travel on the port its host put in `workerData`. */
export const WORKER_URL = 'worker://parent';

/** What a host hands its worker in `workerData`. */
export interface WorkerSandboxData {
  readonly port: MessagePort;
}

/**
 * Length-prefixed frames over a `MessagePort` (a worker thread and its host),
 * the same frames a pipe carries. Every frame written within one tick leaves as
 * one message: a fresh `ArrayBuffer` holding them, transferred rather than
 * copied. The port's `close` — the peer closed its end, or its thread died — is
 * the end of the stream, as EOF is on a pipe.
 */
export class MessagePortTransport implements Transport {
  private readonly decoder: FrameDecoder;
  private readonly maxFrameBytes: number;
  private sink: TransportSink | null = null;
  private queue: Uint8Array[] = [];
  private queuedBytes = 0;
  private flushScheduled = false;
  private ended = false;
  private closing: Promise<void> | null = null;
  private readonly portClosed: Promise<void>;

  constructor(
    private readonly port: MessagePort,
    options: PortTransportOptions = {},
  ) {
    this.maxFrameBytes = options.maxFrameBytes ?? defaultChannelPolicy.maxFrameBytes;
    this.decoder = new FrameDecoder(this.maxFrameBytes);
    this.portClosed = new Promise((resolve) => port.once('close', () => resolve()));
  }

  start(sink: TransportSink): void {
    if (this.sink) throw new Error('transport already started');
    this.sink = sink;
    const deliver = (frame: Buffer) => sink.frame(frame);
    // Listening starts the port; messages that arrived before wait in its queue until now.
    this.port.on('message', (message: unknown) => {
      if (this.ended) return;
      try {
        // Why: anything the peer posts is untrusted; only whole frames in bytes are read.
        if (!(message instanceof Uint8Array)) throw new ProtocolError('a port message that is not bytes');
        this.decoder.push(message, deliver);
        if (this.decoder.midFrame) throw new ProtocolError('a port message ended inside a frame');
      } catch (error) {
        this.finish(error as Error);
        this.port.close();
      }
    });
    this.port.on('messageerror', (error) => {
      this.finish(error);
      this.port.close();
    });
    void this.portClosed.then(() => this.finish());
  }

  write(frame: Uint8Array): void {
    if (this.ended || this.closing) throw new ChannelClosedError('transport closed');
    if (frame.length > this.maxFrameBytes) throw new FrameTooLargeError(frame.length, this.maxFrameBytes);
    this.queue.push(frame);
    this.queuedBytes += PREFIX_BYTES + frame.length;
    if (!this.flushScheduled) {
      // Stryker disable next-line BooleanLiteral: only saves redundant flushes; the first takes the whole queue and the rest find it empty
      this.flushScheduled = true;
      process.nextTick(this.flush);
    }
  }

  private readonly flush = (): void => {
    this.flushScheduled = false;
    if (this.queue.length === 0) return;
    const frames = this.queue;
    const packed = packFrames(frames, this.queuedBytes);
    this.queue = [];
    this.queuedBytes = 0;
    if (this.ended) return;
    this.port.postMessage(new Uint8Array(packed), [packed]);
  };

  close(): Promise<void> {
    if (this.closing) return this.closing;
    this.flush();
    // Messages posted before close() still reach the peer, then both ends see `close`.
    this.port.close();
    // Stryker disable next-line ArrowFunction: start() ends the transport on the port's close itself; unstarted, `closing` already refuses writes
    this.closing = this.portClosed.then(() => this.finish());
    return this.closing;
  }

  private finish(error?: Error): void {
    if (this.ended) return;
    this.ended = true;
    this.queue = [];
    this.sink?.end(error);
  }
}

/**
 * The frames with their length prefixes in one buffer of their own: never a
 * slice of Node's shared pool, whose `ArrayBuffer` must not be transferred.
 */
function packFrames(frames: readonly Uint8Array[], total: number): ArrayBuffer {
  const buffer = new ArrayBuffer(total);
  const view = new DataView(buffer);
  const out = new Uint8Array(buffer);
  let offset = 0;
  for (const frame of frames) {
    view.setUint32(offset, frame.length);
    out.set(frame, offset + PREFIX_BYTES);
    offset += PREFIX_BYTES + frame.length;
  }
  return buffer;
}

/** Sandbox side, in a worker thread: the transport over the port the host handed over. */
export function hostPortTransport(options?: PortTransportOptions): MessagePortTransport {
  const port = isMainThread ? undefined : (workerData as Partial<WorkerSandboxData> | null)?.port;
  if (!(port instanceof MessagePort))
    throw new Error(`${WORKER_URL} needs a worker thread whose workerData holds the host's port`);
  return new MessagePortTransport(port, options);
}
