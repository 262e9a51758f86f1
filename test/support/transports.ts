import type { Transport, TransportSink } from '../../src/wire/transport.js';

/** A transport that records what goes through it; it forwards everything to `inner`. */
export interface ObservedTransport extends Transport {
  /** Times `close()` was called on the wrapped transport. */
  readonly closeCalls: number;
  /** Every frame written, in order. */
  readonly written: readonly Uint8Array[];
  /** Times the read side reported its end to the owner. */
  readonly endsDelivered: number;
}

export function observe(inner: Transport): ObservedTransport {
  const written: Uint8Array[] = [];
  let closeCalls = 0;
  let endsDelivered = 0;
  return {
    get closeCalls() {
      return closeCalls;
    },
    get endsDelivered() {
      return endsDelivered;
    },
    written,
    start(sink: TransportSink) {
      inner.start({
        frame: (bytes) => sink.frame(bytes),
        end: (error) => {
          endsDelivered++;
          sink.end(error);
        },
      });
    },
    write(frame: Uint8Array) {
      inner.write(frame);
      written.push(frame.slice());
    },
    close() {
      closeCalls++;
      return inner.close();
    },
  };
}

/** Start `transport` and record what it delivers: its frames as byte arrays, and its end with the error, if any. */
export function receiver(transport: Transport): { frames: number[][]; ends: (Error | undefined)[] } {
  const frames: number[][] = [];
  const ends: (Error | undefined)[] = [];
  transport.start({ frame: (bytes) => frames.push([...bytes]), end: (error) => ends.push(error) });
  return { frames, ends };
}
