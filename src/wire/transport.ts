/** Where a transport delivers what it reads. */
export interface TransportSink {
  /** One whole frame, in wire order. */
  frame(bytes: Uint8Array): void;
  /** The read side ended: EOF (no error), a framing error, or the stream failed. Called once. */
  end(error?: Error): void;
}

/**
 * Moves whole frames over bytes and knows nothing else (no ids, no types).
 */
export interface Transport {
  /** Begin delivering frames to `sink`; called once. */
  start(sink: TransportSink): void;
  /** Queue one frame for the peer; frames written in one tick may go out as one write. */
  write(frame: Uint8Array): void;
  /** Flush what is queued and release the underlying resource; idempotent. */
  close(): Promise<void>;
}
