/**
 * A flood on one stream transport is delivered in bounded slices per event-loop turn,
 * with the stream paused in between, so the host's loop keeps turning for everyone else
 * and the pipe pushes back on the flooding peer.
 */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { encodeFrames } from '../../src/wire/framing.js';
import { StreamTransport } from '../../src/wire/transports/stream.js';

/** `count` 4-byte frames numbered 0.. in one chunk. */
function flood(count: number): Buffer {
  const frames = Array.from({ length: count }, (_, i) => {
    const frame = Buffer.alloc(4);
    frame.writeUInt32BE(i);
    return frame;
  });
  return Buffer.from(encodeFrames(frames));
}

/** Runs `transport` over a flood; resolves with the frame numbers and how many arrived per loop turn. */
function deliver(count: number, perFrame: () => void = () => {}) {
  const stream = new PassThrough();
  const transport = new StreamTransport(stream, { inboundTurnBudgetMs: 8 });
  const seen: number[] = [];
  const perTurn: number[] = [0];
  let pausedWhileHeld = false;
  let done = false;
  const tick = () => {
    perTurn.push(0);
    if (!done) setImmediate(tick);
  };
  setImmediate(tick);
  const finished = new Promise<void>((resolve) => {
    transport.start({
      frame: (bytes) => {
        perFrame();
        seen.push(Buffer.from(bytes).readUInt32BE(0));
        perTurn[perTurn.length - 1]!++;
        if (seen.length > 100 && stream.isPaused()) pausedWhileHeld = true;
        if (seen.length === count) {
          done = true;
          resolve();
        }
      },
      end: () => undefined,
    });
  });
  stream.write(flood(count));
  return finished.then(() => ({ seen, perTurn: perTurn.filter((n) => n > 0), pausedWhileHeld, stream }));
}

const busyFor = (ms: number) => () => {
  const until = performance.now() + ms;
  while (performance.now() < until);
};

describe('inbound fairness of the stream transport', () => {
  it('delivers a flood in one chunk across many turns, every frame once and in order', async () => {
    const { seen, perTurn } = await deliver(20_000);
    expect(seen).toEqual(Array.from({ length: 20_000 }, (_, i) => i));
    expect(perTurn.length).toBeGreaterThan(1);
    // The share doubles while cheap frames stay under budget, up to a cap.
    expect(Math.max(...perTurn)).toBeLessThanOrEqual(2 * 4_096);
  });

  it('frames that cost time are delivered a few per turn, and the stream is paused meanwhile', async () => {
    const { seen, perTurn, pausedWhileHeld, stream } = await deliver(400, busyFor(0.5));
    expect(seen).toHaveLength(400);
    // 0.5 ms a frame against an 8 ms budget: the share never grows past its start (32);
    // one turn may see the tail of one slice and the next slice.
    expect(Math.max(...perTurn)).toBeLessThanOrEqual(2 * 32);
    expect(pausedWhileHeld).toBe(true);
    await new Promise((resolve) => setImmediate(resolve));
    expect(stream.isPaused()).toBe(false);
  });
});
