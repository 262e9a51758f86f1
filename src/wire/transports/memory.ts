import { ChannelClosedError } from '../../errors.js';
import type { Transport, TransportSink } from '../transport.js';

/** Two connected in-memory transports; each frame arrives on the peer a microtask later. */
export function memoryTransportPair(): [Transport, Transport] {
  const a = new MemoryTransport();
  const b = new MemoryTransport();
  a.peer = b;
  b.peer = a;
  return [a, b];
}

class MemoryTransport implements Transport {
  peer: MemoryTransport | null = null;
  private sink: TransportSink | null = null;
  private early: Uint8Array[] = [];
  private ended = false;
  private endDelivered = false;

  start(sink: TransportSink): void {
    if (this.sink) throw new Error('transport already started');
    this.sink = sink;
    // Never deliver inside start(): the owner registers its handlers right after.
    queueMicrotask(() => {
      const early = this.early;
      this.early = [];
      for (const frame of early) sink.frame(frame);
      if (this.ended) this.deliverEnd();
    });
  }

  write(frame: Uint8Array): void {
    if (this.ended) throw new ChannelClosedError('transport closed');
    const peer = this.peer;
    const copy = frame.slice();
    // Stryker disable next-line OptionalChaining: memoryTransportPair always sets peer
    queueMicrotask(() => peer?.receive(copy));
  }

  close(): Promise<void> {
    if (!this.ended) {
      this.end();
      const peer = this.peer;
      // Stryker disable next-line OptionalChaining: memoryTransportPair always sets peer
      queueMicrotask(() => peer?.end());
    }
    return Promise.resolve();
  }

  private receive(frame: Uint8Array): void {
    if (this.ended) return;
    if (this.sink && this.early.length === 0) this.sink.frame(frame);
    else this.early.push(frame);
  }

  private end(): void {
    if (this.ended) return;
    this.ended = true;
    if (this.sink && this.early.length === 0) this.deliverEnd();
  }

  private deliverEnd(): void {
    if (this.endDelivered) return;
    this.endDelivered = true;
    // Stryker disable next-line OptionalChaining: deliverEnd is only called once a sink is set
    this.sink?.end();
  }
}
