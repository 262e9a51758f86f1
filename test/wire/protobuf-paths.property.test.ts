/**
 * The protobuf codec decodes with a fast path for the common frames and a general
 * decoder for everything else. These properties hold the two together: the fast
 * path takes exactly the frames it is for, and never reads any bytes differently
 * from the general decoder.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { type CorralError, ProtocolError, UnknownMessageTypeError } from '../../src/errors.js';
import type { Frame } from '../../src/wire/frame.js';
import { decodeAny, decodeCommon, ProtobufCodec } from '../../src/wire/protobuf-codec.js';
import { Msg } from '../../src/wire/protocol.js';
import { anyFrame, canonical, errorFrame, okFrame, requestFrame } from '../support/frame-arbitraries.js';
import { prop } from '../support/property.js';
import { callTypes, messageTypes } from '../support/protocol-arbitraries.js';

const codec = new ProtobufCodec();
const encode = (frame: Frame) => codec.encode(frame);

const requestOrOk = fc.oneof(
  fc.constantFrom(...messageTypes).chain((type) => requestFrame(type)),
  fc.constantFrom(...callTypes).chain((type) => okFrame(type)),
) as fc.Arbitrary<Frame>;

/** What a decoder made of some bytes: the frame in canonical form, or the error's class and type. */
function outcome(decode: (bytes: Uint8Array) => Frame | undefined, bytes: Uint8Array) {
  try {
    const frame = decode(bytes);
    return frame === undefined ? { undecided: true } : { frame: canonical(frame) };
  } catch (error) {
    return { error: (error as CorralError).type ?? 'untyped' };
  }
}

describe('the fast decode path', () => {
  prop([requestOrOk], { numRuns: 300 })(
    'takes every request and ok response as encode writes them, and reads them as the general decoder does',
    (frame) => {
      const bytes = encode(frame);
      const fast = decodeCommon(bytes);
      expect(fast).toBeDefined();
      expect(canonical(fast!)).toEqual(canonical(frame));
      expect(canonical(fast!)).toEqual(canonical(decodeAny(bytes)));
    },
  );

  prop([fc.constantFrom(...callTypes).chain(errorFrame)], { numRuns: 100 })(
    'leaves an error response to the general decoder',
    (frame) => {
      expect(decodeCommon(encode(frame))).toBeUndefined();
      expect(canonical(decodeAny(encode(frame)))).toEqual(canonical(frame));
    },
  );

  prop(
    [
      anyFrame('protobuf'),
      fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }),
      fc.uint8Array({ maxLength: 3 }),
      fc.nat({ max: 3 }),
    ],
    { numRuns: 1000 },
  )(
    'never accepts bytes the general decoder reads differently or refuses (mutated, extended and cut frames)',
    (frame, flips, extra, cut) => {
      const bytes = Uint8Array.from([...encode(frame), ...extra]);
      for (const [at, value] of flips) bytes[at % bytes.length] = value;
      const mutated = bytes.subarray(0, Math.max(1, bytes.length - cut));
      const fast = outcome(decodeCommon, mutated);
      if ('frame' in fast) expect(outcome(decodeAny, mutated)).toEqual(fast);
      else expect(fast).toEqual({ undecided: true });
    },
  );

  test('leaves a frame with bytes after its body, a push with an id and a call without one to the general decoder', () => {
    const ping = encode({ id: 7, type: Msg.Ping, body: { sentAtMs: 1 } });
    expect(decodeCommon(ping)).toMatchObject({ id: 7, type: Msg.Ping });
    expect(decodeCommon(Uint8Array.from([...ping, 0]))).toBeUndefined();
    expect(() => decodeAny(Uint8Array.from([...ping, 0]))).toThrow(ProtocolError);
    // A push written with an id, and a call written without one (PUSH_ID 0 is not written).
    const readyAsCall = encode({ id: 3, type: Msg.Ready, body: {} } as Frame);
    expect(decodeCommon(readyAsCall)).toBeUndefined();
    expect(() => decodeAny(readyAsCall)).toThrow(/is a push but came with id 3/);
    const pingAsPush = encode({ id: 0, type: Msg.Ping, body: {} } as Frame);
    expect(decodeCommon(pingAsPush)).toBeUndefined();
    expect(() => decodeAny(pingAsPush)).toThrow(/is a call but came with id 0/);
  });

  test('an ok response to a push, or one without a call id, is refused by the general decoder with a typed error', () => {
    const okPing = encode({ id: 5, type: Msg.Ping, ok: true, result: {} } as Frame);
    expect(decodeCommon(okPing)).toMatchObject({ id: 5, ok: true });
    const noId = okPing.subarray(2); // drop the id field (tag + one-byte varint)
    expect(decodeCommon(noId)).toBeUndefined();
    expect(() => decodeAny(noId)).toThrow(/answers no call/);
  });

  test('an unknown type name is refused as such; bytes that are no frame at all as undecodable', () => {
    const ping = encode({ id: 1, type: Msg.Ping, body: {} });
    const renamed = Uint8Array.from(ping);
    // The type name starts after id (2 bytes), tag and length: turn its first letter into another.
    renamed[4] = 'q'.charCodeAt(0);
    expect(decodeCommon(renamed)).toBeUndefined();
    expect(() => decodeAny(renamed)).toThrow(UnknownMessageTypeError);
    expect(() => decodeAny(Uint8Array.from([0xff, 0xff, 0xff]))).toThrow(/undecodable frame/);
  });
});
