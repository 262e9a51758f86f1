import { FrameTooLargeError } from '../errors.js';

/** Bytes of the big-endian length prefix in front of every frame. */
export const PREFIX_BYTES = 4;

/**
 * Splits a byte stream into length-prefixed frames. Chunks may cut frames
 * anywhere; a prefix over `maxFrameBytes` throws FrameTooLargeError before
 * anything is allocated for the frame. After a throw the decoder is poisoned.
 */
export class FrameDecoder {
  private chunks: Buffer[] = [];
  /** Bytes of `chunks[0]` already consumed: advancing it replaces re-slicing the chunk per frame. */
  private offset = 0;
  private buffered = 0;
  private need = -1;
  private failed: Error | null = null;

  constructor(private readonly maxFrameBytes: number) {}

  /** Feed a chunk; every frame it completes is passed to `onFrame` in order. */
  push(chunk: Uint8Array, onFrame: (frame: Buffer) => void): void {
    if (this.failed) throw this.failed;
    if (chunk.length === 0) return;
    this.chunks.push(
      Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length),
    );
    this.buffered += chunk.length;
    for (;;) {
      if (this.need < 0) {
        if (this.buffered < PREFIX_BYTES) return;
        const length = this.peekPrefix();
        if (length > this.maxFrameBytes) {
          this.failed = new FrameTooLargeError(length, this.maxFrameBytes);
          // Stryker disable next-line ArrayDeclaration: a failed decoder never reads its chunks again; this only frees them
          this.chunks = [];
          this.offset = 0;
          this.buffered = 0;
          throw this.failed;
        }
        this.skip(PREFIX_BYTES);
        this.need = length;
      }
      if (this.buffered < this.need) return;
      const frame = this.take(this.need);
      this.need = -1;
      onFrame(frame);
    }
  }

  /** Bytes held for an incomplete frame. */
  get pendingBytes(): number {
    return this.buffered;
  }

  /** True between a frame's first byte and its last: a stream ending now was cut short. */
  get midFrame(): boolean {
    return this.buffered > 0 || this.need >= 0;
  }

  private peekPrefix(): number {
    const first = this.chunks[0]!;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: read in place or gathered, the prefix is the same number; only speed differs
    if (first.length - this.offset >= PREFIX_BYTES) return first.readUInt32BE(this.offset);
    // The prefix straddles chunks: gather its four bytes.
    const prefix = Buffer.concat([first.subarray(this.offset), ...this.chunks.slice(1)], PREFIX_BYTES);
    return prefix.readUInt32BE(0);
  }

  /** Drop `n` bytes off the front. */
  private skip(n: number): void {
    this.buffered -= n;
    while (n > 0) {
      const chunk = this.chunks[0]!;
      const step = Math.min(chunk.length - this.offset, n);
      this.advance(chunk, step);
      n -= step;
    }
  }

  /** Take `n` bytes off the front, without copying when one chunk holds them. */
  private take(n: number): Buffer {
    this.buffered -= n;
    const first = this.chunks[0];
    if (first && first.length - this.offset >= n) {
      const out = first.subarray(this.offset, this.offset + n);
      this.advance(first, n);
      return out;
    }
    const out = Buffer.allocUnsafe(n);
    let filled = 0;
    while (filled < n) {
      const chunk = this.chunks[0]!;
      const step = Math.min(chunk.length - this.offset, n - filled);
      chunk.copy(out, filled, this.offset, this.offset + step);
      filled += step;
      this.advance(chunk, step);
    }
    return out;
  }

  /** Move past `n` bytes of `chunks[0]`, dropping it once it is used up. */
  private advance(first: Buffer, n: number): void {
    this.offset += n;
    if (this.offset === first.length) {
      this.chunks.shift();
      this.offset = 0;
    }
  }
}

/** One buffer holding every frame with its prefix: what a coalesced write sends. */
export function encodeFrames(frames: readonly Uint8Array[]): Buffer {
  let total = 0;
  for (const frame of frames) total += PREFIX_BYTES + frame.length;
  const out = Buffer.allocUnsafe(total);
  let offset = 0;
  for (const frame of frames) {
    out.writeUInt32BE(frame.length, offset);
    out.set(frame, offset + PREFIX_BYTES);
    offset += PREFIX_BYTES + frame.length;
  }
  return out;
}
