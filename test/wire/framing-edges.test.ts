/**
 * FrameDecoder edges beyond framing.property.test.ts: the size limit exactly,
 * prefixes and bodies cut at every byte, `midFrame`, and that a frame lying
 * wholly in one chunk is handed over as a view of it rather than a copy.
 */
import { describe, expect, test } from 'vitest';
import { FrameTooLargeError } from '../../src/errors.js';
import { encodeFrames, FrameDecoder, PREFIX_BYTES } from '../../src/wire/framing.js';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

function collect(decoder: FrameDecoder, chunks: readonly Uint8Array[]): Buffer[] {
  const out: Buffer[] = [];
  for (const chunk of chunks) decoder.push(chunk, (frame) => out.push(frame));
  return out;
}

describe('the size limit', () => {
  test('a frame of exactly maxFrameBytes is delivered whole', () => {
    const frame = Uint8Array.from({ length: 64 }, (_, i) => i);
    const decoder = new FrameDecoder(64);
    expect(collect(decoder, [encodeFrames([frame])]).map(hex)).toEqual([hex(frame)]);
    expect(decoder.midFrame).toBe(false);
  });

  test('a frame one byte over maxFrameBytes throws FrameTooLargeError carrying both sizes', () => {
    const decoder = new FrameDecoder(64);
    let thrown: unknown;
    try {
      decoder.push(encodeFrames([new Uint8Array(65)]), () => {});
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(FrameTooLargeError);
    expect(thrown).toMatchObject({ type: 'frame_too_large', length: 65, limit: 64 });
    expect(decoder.pendingBytes).toBe(0);
    expect(decoder.midFrame).toBe(false);
  });

  test('frames before a too-large one in the same chunk are delivered first', () => {
    const decoder = new FrameDecoder(4);
    const seen: string[] = [];
    const wire = encodeFrames([new Uint8Array([1]), new Uint8Array([2, 2]), new Uint8Array(5)]);
    expect(() => decoder.push(wire, (frame) => seen.push(hex(frame)))).toThrow(FrameTooLargeError);
    expect(seen).toEqual(['01', '0202']);
  });
});

describe('cut chunks', () => {
  test('a frame fed one byte at a time arrives once, whole, on its last byte', () => {
    const frames = [new Uint8Array([7, 8, 9]), new Uint8Array(0), new Uint8Array([1])];
    const wire = encodeFrames(frames);
    const decoder = new FrameDecoder(1024);
    const seen: string[] = [];
    for (let i = 0; i < wire.length; i++) {
      decoder.push(wire.subarray(i, i + 1), (frame) => seen.push(hex(frame)));
    }
    expect(seen).toEqual(frames.map(hex));
    expect(decoder.pendingBytes).toBe(0);
  });

  test('midFrame is false between frames and true from a frame’s first byte until its last', () => {
    const wire = encodeFrames([new Uint8Array([1, 2, 3])]);
    const decoder = new FrameDecoder(1024);
    expect(decoder.midFrame).toBe(false);
    decoder.push(wire.subarray(0, 2), () => {});
    expect(decoder.midFrame).toBe(true);
    decoder.push(wire.subarray(2, PREFIX_BYTES), () => {});
    expect(decoder.pendingBytes).toBe(0);
    expect(decoder.midFrame).toBe(true); // the prefix is in, the body is not
    decoder.push(wire.subarray(PREFIX_BYTES, PREFIX_BYTES + 2), () => {});
    expect(decoder.midFrame).toBe(true);
    decoder.push(wire.subarray(PREFIX_BYTES + 2), () => {});
    expect(decoder.midFrame).toBe(false);
  });

  test('a plain Uint8Array view at an offset is read from its own bytes only', () => {
    const wire = encodeFrames([new Uint8Array([5, 6])]);
    const backing = new Uint8Array(wire.length + 6).fill(0xee);
    backing.set(wire, 3);
    const view = backing.subarray(3, 3 + wire.length);
    expect(collect(new FrameDecoder(1024), [view]).map(hex)).toEqual(['0506']);
  });
});

describe('copying', () => {
  test('a frame lying wholly in one chunk is a view of that chunk: it shares its bytes', () => {
    const wire = new Uint8Array(encodeFrames([new Uint8Array([1, 2, 3]), new Uint8Array([4, 5])]));
    const [first, second] = collect(new FrameDecoder(1024), [wire]);
    wire[PREFIX_BYTES] = 0xaa;
    wire[wire.length - 1] = 0xbb;
    expect(hex(first!)).toBe('aa0203');
    expect(hex(second!)).toBe('04bb');
  });

  test('a body that exactly fills the rest of its chunk is still a view of it', () => {
    const wire = encodeFrames([new Uint8Array([9, 9, 9, 9])]);
    const prefix = new Uint8Array(wire.subarray(0, PREFIX_BYTES));
    const body = new Uint8Array(wire.subarray(PREFIX_BYTES));
    const [frame] = collect(new FrameDecoder(1024), [prefix, body]);
    body.fill(1);
    expect(hex(frame!)).toBe('01010101');
  });

  test('an empty chunk between a prefix and its body changes nothing: the body is still a view', () => {
    const wire = encodeFrames([new Uint8Array([3, 3])]);
    const body = new Uint8Array(wire.subarray(PREFIX_BYTES));
    const decoder = new FrameDecoder(1024);
    const [frame] = collect(decoder, [wire.subarray(0, PREFIX_BYTES), new Uint8Array(0), body]);
    body.fill(4);
    expect(hex(frame!)).toBe('0404');
    expect(decoder.midFrame).toBe(false);
  });

  test('a frame spread over chunks is gathered into bytes of its own', () => {
    const wire = encodeFrames([new Uint8Array([1, 2, 3, 4])]);
    const head = new Uint8Array(wire.subarray(0, PREFIX_BYTES + 2));
    const tail = new Uint8Array(wire.subarray(PREFIX_BYTES + 2));
    const [frame] = collect(new FrameDecoder(1024), [head, tail]);
    head.fill(0);
    tail.fill(0);
    expect(hex(frame!)).toBe('01020304');
  });
});
