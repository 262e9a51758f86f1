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
          this.chunks = [];
          this.buffered = 0;
          throw this.failed;
        }
        this.consume(PREFIX_BYTES);
        this.need = length;
      }
      if (this.buffered < this.need) return;
      const frame = this.consume(this.need);
      this.need = -1;
      onFrame(frame);
    }
  }

  /** Bytes held for an incomplete frame. */
  get pendingBytes(): number {
    return this.buffered;
  }

  private peekPrefix(): number {
    const first = this.chunks[0]!;
    if (first.length >= PREFIX_BYTES) return first.readUInt32BE(0);
    return Buffer.concat(this.chunks, PREFIX_BYTES).readUInt32BE(0);
  }

  /** Take `n` bytes off the front, without copying when one chunk holds them. */
  private consume(n: number): Buffer {
    this.buffered -= n;
    const first = this.chunks[0];
    if (first && first.length >= n) {
      const out = first.subarray(0, n);
      if (first.length === n) this.chunks.shift();
      else this.chunks[0] = first.subarray(n);
      return out;
    }
    const out = Buffer.allocUnsafe(n);
    let offset = 0;
    while (offset < n) {
      const chunk = this.chunks[0]!;
      const take = Math.min(chunk.length, n - offset);
      chunk.copy(out, offset, 0, take);
      offset += take;
      if (take === chunk.length) this.chunks.shift();
      else this.chunks[0] = chunk.subarray(take);
    }
    return out;
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
