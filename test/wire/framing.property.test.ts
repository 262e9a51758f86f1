import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { FrameTooLargeError } from '../../src/errors.js';
import { defaultChannelPolicy } from '../../src/policy.js';
import { encodeFrames, FrameDecoder, PREFIX_BYTES } from '../../src/wire/framing.js';
import { prop } from '../support/property.js';

const MiB = 1024 * 1024;
const frames = fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 24 });

/** `bytes` cut at arbitrary boundaries, each piece a view at an odd offset into a larger buffer. */
function chunked(bytes: Uint8Array): fc.Arbitrary<Uint8Array[]> {
  return fc
    .record({
      cuts: fc.uniqueArray(fc.integer({ min: 1, max: Math.max(1, bytes.length - 1) }), {
        maxLength: Math.min(bytes.length, 40),
      }),
      pad: fc.nat({ max: 7 }),
      asBuffer: fc.boolean(),
    })
    .map(({ cuts, pad, asBuffer }) => {
      const edges = [0, ...cuts.filter((c) => c < bytes.length).sort((a, b) => a - b), bytes.length];
      const pieces: Uint8Array[] = [];
      for (let i = 1; i < edges.length; i++) {
        const piece = bytes.slice(edges[i - 1], edges[i]);
        if (asBuffer) {
          pieces.push(Buffer.from(piece));
          continue;
        }
        const backing = new Uint8Array(piece.length + 2 * pad);
        backing.set(piece, pad);
        pieces.push(backing.subarray(pad, pad + piece.length));
      }
      return pieces;
    });
}

function decodeAll(decoder: FrameDecoder, chunks: readonly Uint8Array[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const chunk of chunks) decoder.push(chunk, (frame) => out.push(frame));
  return out;
}

const prefix = (length: number) => {
  const bytes = Buffer.alloc(PREFIX_BYTES);
  bytes.writeUInt32BE(length, 0);
  return bytes;
};

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('FrameDecoder', () => {
  prop([frames.chain((list) => fc.tuple(fc.constant(list), chunked(encodeFrames(list))))], {
    numRuns: 300,
  })(
    'any sequence of frames, split at any chunk boundaries, decodes to the same frames in order',
    ([list, chunks]) => {
      const decoder = new FrameDecoder(defaultChannelPolicy.maxFrameBytes);
      const decoded = decodeAll(decoder, chunks);
      expect(decoded.map(hex)).toEqual(list.map(hex));
      expect(decoder.pendingBytes).toBe(0);
    },
  );

  prop([fc.uint8Array({ minLength: 1, maxLength: 400 }).chain((f) => fc.tuple(fc.constant(f), fc.nat()))], {
    numRuns: 300,
  })(
    'a truncated frame yields nothing and holds exactly the bytes it was given, until its rest arrives',
    ([frame, n]) => {
      const wire = encodeFrames([frame]);
      const cut = n % wire.length; // a strict prefix of the frame's bytes, possibly empty
      const decoder = new FrameDecoder(1 * MiB);
      const seen: Uint8Array[] = [];
      decoder.push(wire.subarray(0, cut), (f) => seen.push(f));
      expect(seen).toEqual([]);
      expect(decoder.pendingBytes).toBe(cut >= PREFIX_BYTES ? cut - PREFIX_BYTES : cut);
      decoder.push(wire.subarray(cut), (f) => seen.push(f));
      expect(seen.map(hex)).toEqual([hex(frame)]);
      expect(decoder.pendingBytes).toBe(0);
    },
  );

  prop(
    [
      fc.integer({ min: 16 * MiB + 1, max: 0xffff_ffff }),
      fc.uniqueArray(fc.integer({ min: 1, max: PREFIX_BYTES - 1 }), { maxLength: 3 }),
    ],
    { numRuns: 200 },
  )(
    'any length prefix over maxFrameBytes throws FrameTooLargeError once its 4th byte arrives, holding nothing',
    (length, cuts) => {
      const decoder = new FrameDecoder(16 * MiB);
      const bytes = prefix(length);
      const edges = [0, ...cuts.sort((a, b) => a - b), PREFIX_BYTES];
      for (let i = 1; i < edges.length - 1; i++)
        decoder.push(bytes.subarray(edges[i - 1], edges[i]), () => {});
      let thrown: unknown;
      try {
        decoder.push(bytes.subarray(edges.at(-2), PREFIX_BYTES), () => {});
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(FrameTooLargeError);
      expect(thrown).toMatchObject({ length, limit: 16 * MiB });
      expect(decoder.pendingBytes).toBe(0);
    },
  );

  test('a 0xFFFFFFFF prefix with a 16 MiB limit throws without allocating the claimed 4 GiB', () => {
    const decoder = new FrameDecoder(16 * MiB);
    const before = process.memoryUsage();
    expect(() => decoder.push(Buffer.concat([prefix(0xffff_ffff), Buffer.alloc(64)]), () => {})).toThrow(
      FrameTooLargeError,
    );
    const after = process.memoryUsage();
    expect(decoder.pendingBytes).toBe(0);
    expect(after.arrayBuffers - before.arrayBuffers).toBeLessThan(1 * MiB);
    expect(after.rss - before.rss).toBeLessThan(64 * MiB);
  });

  test('a prefix exactly at the limit is accepted and holds only the bytes received so far', () => {
    const decoder = new FrameDecoder(16 * MiB);
    const before = process.memoryUsage().arrayBuffers;
    decoder.push(Buffer.concat([prefix(16 * MiB), Buffer.alloc(10)]), () => {
      throw new Error('no frame is complete yet');
    });
    expect(decoder.pendingBytes).toBe(10);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(1 * MiB);
  });

  test('after a too-large prefix the decoder stays failed: every later push throws the same error', () => {
    const decoder = new FrameDecoder(1024);
    let first: unknown;
    try {
      decoder.push(prefix(1025), () => {});
    } catch (error) {
      first = error;
    }
    expect(first).toBeInstanceOf(FrameTooLargeError);
    expect(() => decoder.push(encodeFrames([new Uint8Array([1])]), () => {})).toThrow(first as Error);
  });

  test('a zero-length frame is delivered as an empty frame', () => {
    const decoder = new FrameDecoder(1024);
    expect(decodeAll(decoder, [encodeFrames([new Uint8Array(0), new Uint8Array([9])])]).map(hex)).toEqual([
      '',
      '09',
    ]);
  });

  test('an empty chunk changes nothing', () => {
    const decoder = new FrameDecoder(1024);
    decoder.push(prefix(3).subarray(0, 2), () => {});
    decoder.push(new Uint8Array(0), () => {});
    expect(decoder.pendingBytes).toBe(2);
  });
});

describe('encodeFrames', () => {
  prop([frames])('puts a 4-byte big-endian length before each frame, in order, in one buffer', (list) => {
    const wire = encodeFrames(list);
    let offset = 0;
    for (const frame of list) {
      expect(wire.readUInt32BE(offset)).toBe(frame.length);
      expect(hex(wire.subarray(offset + PREFIX_BYTES, offset + PREFIX_BYTES + frame.length))).toBe(
        hex(frame),
      );
      offset += PREFIX_BYTES + frame.length;
    }
    expect(wire.length).toBe(offset);
  });
});
