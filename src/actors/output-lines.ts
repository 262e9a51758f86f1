/**
 * A sandbox's stdout and stderr, line by line, through bounded buffers: a sandbox that
 * writes without a newline, or floods its output, must not grow a host buffer or the log
 * without limit.
 */

import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import type { ProcessPolicy } from '../policy.js';

export type OutputLimits = Pick<ProcessPolicy, 'maxOutputLineBytes' | 'maxOutputLinesPerSecond'>;

/** Appended to a line that was cut at the limit; the rest of it, to its newline, is dropped. */
export const CUT_MARK = ' …[cut]';

/**
 * Split chunks into lines holding at most `maxOutputLineBytes` bytes each (UTF-8 is
 * decoded across chunk edges first, so the cut counts characters' bytes conservatively),
 * and pass at most `maxOutputLinesPerSecond` per second; the lines dropped over the
 * rate are reported in one line when the next second lets lines through again.
 */
export class LineLimiter {
  private readonly decoder = new StringDecoder('utf8');
  private line = '';
  private cutting = false;
  private windowStart = 0;
  private passed = 0;
  private dropped = 0;

  constructor(
    private readonly limits: OutputLimits,
    private readonly emit: (line: string) => void,
    private readonly now: () => number = Date.now,
  ) {}

  write(chunk: Buffer | string): void {
    const text = typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    let start = 0;
    for (;;) {
      const newline = text.indexOf('\n', start);
      const piece = text.slice(start, newline === -1 ? text.length : newline);
      this.append(piece);
      if (newline === -1) return;
      this.endLine();
      start = newline + 1;
    }
  }

  /** The stream ended: a last line without a newline is still a line. */
  end(): void {
    this.append(this.decoder.end());
    if (this.line.length > 0 || this.cutting) this.endLine();
    this.flushDropped();
  }

  private append(piece: string): void {
    if (this.cutting || piece.length === 0) return;
    const room = this.limits.maxOutputLineBytes - Buffer.byteLength(this.line);
    if (Buffer.byteLength(piece) <= room) {
      this.line += piece;
      return;
    }
    // Characters are at most 4 bytes: take whole characters that surely fit.
    let taken = piece.slice(0, Math.max(0, room));
    while (Buffer.byteLength(taken) > room) taken = taken.slice(0, -1);
    this.line += taken;
    this.cutting = true;
  }

  private endLine(): void {
    const line = this.line.endsWith('\r') ? this.line.slice(0, -1) : this.line;
    const cut = this.cutting;
    this.line = '';
    this.cutting = false;
    this.pass(cut ? line + CUT_MARK : line);
  }

  private pass(line: string): void {
    const now = this.now();
    if (now - this.windowStart >= 1_000) {
      this.windowStart = now;
      this.passed = 0;
      this.flushDropped();
    }
    if (this.passed >= this.limits.maxOutputLinesPerSecond) {
      this.dropped += 1;
      return;
    }
    this.passed += 1;
    this.emit(line);
  }

  private flushDropped(): void {
    if (this.dropped === 0) return;
    const count = this.dropped;
    this.dropped = 0;
    this.emit(`[${count} lines dropped: more than ${this.limits.maxOutputLinesPerSecond} lines per second]`);
  }
}

/** A child's or worker's output, line by line, bounded by `limits`. */
export function forwardLines(
  stream: Readable | null,
  limits: OutputLimits,
  emit: (line: string) => void,
): void {
  if (!stream) return;
  const limiter = new LineLimiter(limits, emit);
  stream.on('data', (chunk: Buffer | string) => limiter.write(chunk));
  stream.once('end', () => limiter.end());
}
