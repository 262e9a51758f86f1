/**
 * ProtobufCodec on bytes laid out other than `encode` writes them: the fast
 * decode path must leave each such frame to the general decoder, and the
 * general decoder must read it as protobuf does or refuse it with a typed error.
 * Bytes are built by hand, field tag by field tag, as a foreign peer might.
 */
import { describe, expect, test } from 'vitest';
import { type CorralError, ProtocolError } from '../../src/errors.js';
import type { Frame } from '../../src/wire/frame.js';
import { decodeAny, decodeCommon, ProtobufCodec } from '../../src/wire/protobuf-codec.js';
import { Msg } from '../../src/wire/protocol.js';

const codec = new ProtobufCodec();

// Field tags of proto/corral.proto, (field << 3) | wire type.
const FRAME_ID = 0x08;
const FRAME_TYPE = 0x12;
const FRAME_REQUEST = 0x1a;
const FRAME_RESPONSE = 0x22;
const RESPONSE_OK = 0x08;
const RESPONSE_RESULT = 0x12;

/** A length-delimited field: tag, one-byte length, bytes. */
const field = (tag: number, bytes: readonly number[]) => [tag, bytes.length, ...bytes];
const ascii = (text: string) => [...Buffer.from(text, 'ascii')];

/** Frame bytes of call `id` of type `type` followed by `rest` (the body field, or whatever stands in for it). */
const frameBytes = (id: number, type: string, rest: readonly number[]) =>
  Uint8Array.from([...(id > 0 ? [FRAME_ID, id] : []), ...field(FRAME_TYPE, ascii(type)), ...rest]);

/** A ping response to call 5 whose Response message is `response`. */
const pingResponse = (response: readonly number[]) =>
  frameBytes(5, Msg.Ping, field(FRAME_RESPONSE, response));

/** The error `decode` throws for `bytes`. */
function decodeError(decode: (bytes: Uint8Array) => Frame, bytes: Uint8Array): CorralError {
  return thrownBy(() => decode(bytes));
}

function thrownBy(run: () => unknown): CorralError {
  try {
    run();
  } catch (error) {
    return error as CorralError;
  }
  throw new Error('nothing was thrown');
}

const remoteError = { message: '', type: 'remote_error', invalid: [] };

test('the codec names itself protobuf', () => {
  expect(new ProtobufCodec().name).toBe('protobuf');
});

describe('responses the fast path must leave alone', () => {
  test('the layout encode writes for an ok response is taken by the fast path', () => {
    const bytes = pingResponse([RESPONSE_OK, 1, ...field(RESPONSE_RESULT, [])]);
    expect(decodeCommon(bytes)).toMatchObject({ id: 5, type: Msg.Ping, ok: true });
    expect(codec.decode(bytes)).toMatchObject({ id: 5, type: Msg.Ping, ok: true });
  });

  test('ok written as false is an error response with an empty remote_error', () => {
    const bytes = pingResponse([RESPONSE_OK, 0, ...field(RESPONSE_RESULT, [])]);
    expect(decodeCommon(bytes)).toBeUndefined();
    expect(codec.decode(bytes)).toStrictEqual({ id: 5, type: Msg.Ping, ok: false, error: remoteError });
  });

  test('an unknown field where ok should be leaves ok unset: an error response', () => {
    const unknownVarint = (5 << 3) | 0;
    const bytes = pingResponse([unknownVarint, 1, ...field(RESPONSE_RESULT, [])]);
    expect(decodeCommon(bytes)).toBeUndefined();
    expect(codec.decode(bytes)).toStrictEqual({ id: 5, type: Msg.Ping, ok: false, error: remoteError });
  });

  test('a later ok=false after the result wins, as protobuf reads repeated scalars: an error response', () => {
    const bytes = pingResponse([RESPONSE_OK, 1, ...field(RESPONSE_RESULT, []), RESPONSE_OK, 0]);
    expect(decodeCommon(bytes)).toBeUndefined();
    expect(codec.decode(bytes)).toStrictEqual({ id: 5, type: Msg.Ping, ok: false, error: remoteError });
  });

  test('a field after ok=true that is not the result is not read as the result', () => {
    const RESPONSE_ERROR = 0x1a;
    const rssBytes5 = [0x08, 5]; // PingResult field 1, were it read as a result
    const bytes = pingResponse([RESPONSE_OK, 1, ...field(RESPONSE_ERROR, rssBytes5)]);
    expect(decodeCommon(bytes)).toBeUndefined();
    const decoded = codec.decode(bytes) as { ok: boolean; result: { rssBytes: unknown } };
    expect(decoded).toMatchObject({ id: 5, type: Msg.Ping, ok: true });
    expect(Number(decoded.result.rssBytes)).toBe(0);
  });

  test('an empty Response message is an error response with an empty remote_error', () => {
    const bytes = pingResponse([]);
    expect(codec.decode(bytes)).toStrictEqual({ id: 5, type: Msg.Ping, ok: false, error: remoteError });
  });

  test('an error without a type decodes as remote_error, so the caller always has a kind to branch on', () => {
    const bytes = codec.encode({
      id: 9,
      type: Msg.Ping,
      ok: false,
      error: { message: 'broken', type: '', invalid: [{ message: 'bad', path: ['a'] }] },
    });
    expect(codec.decode(bytes)).toStrictEqual({
      id: 9,
      type: Msg.Ping,
      ok: false,
      error: { message: 'broken', type: 'remote_error', invalid: [{ message: 'bad', path: ['a'] }] },
    });
  });
});

describe('frames with no body', () => {
  test('an unknown field in place of the response is a ProtocolError naming the type', () => {
    const unknownBytes = (5 << 3) | 2;
    const bytes = frameBytes(
      5,
      Msg.Ping,
      field(unknownBytes, [RESPONSE_OK, 1, ...field(RESPONSE_RESULT, [])]),
    );
    expect(decodeCommon(bytes)).toBeUndefined();
    const error = decodeError((b) => codec.decode(b), bytes);
    expect(error).toBeInstanceOf(ProtocolError);
    expect(error.message).toContain(Msg.Ping);
    // Nothing failed to decode: the frame simply has no body.
    expect(error.cause).toBeUndefined();
  });

  test('a frame of only an id and a type is a ProtocolError', () => {
    const error = decodeError((b) => codec.decode(b), frameBytes(3, Msg.Ready, []));
    expect(error).toBeInstanceOf(ProtocolError);
    expect(error.message).toContain(Msg.Ready);
  });
});

describe('ids written other than as encode writes them', () => {
  test('a push with its id 0 written out is left to the general decoder, which reads it as a push', () => {
    const bytes = Uint8Array.from([
      FRAME_ID,
      0,
      ...field(FRAME_TYPE, ascii(Msg.Ready)),
      ...field(FRAME_REQUEST, []),
    ]);
    expect(decodeCommon(bytes)).toBeUndefined();
    expect(codec.decode(bytes)).toMatchObject({ id: 0, type: Msg.Ready });
  });

  test('a push sent with a call id is refused as a protocol violation of its own, not as an undecodable body', () => {
    const bytes = frameBytes(3, Msg.Ready, field(FRAME_REQUEST, []));
    const error = decodeError(decodeAny, bytes);
    expect(error).toBeInstanceOf(ProtocolError);
    expect(error.cause).toBeUndefined();
  });

  test('a response without a call id is refused as a protocol violation of its own', () => {
    const bytes = frameBytes(
      0,
      Msg.Ping,
      field(FRAME_RESPONSE, [RESPONSE_OK, 1, ...field(RESPONSE_RESULT, [])]),
    );
    const error = decodeError(decodeAny, bytes);
    expect(error).toBeInstanceOf(ProtocolError);
    expect(error.cause).toBeUndefined();
  });
});

describe('typed errors with their causes', () => {
  test('bytes that are no frame are a ProtocolError carrying the protobuf error as its cause', () => {
    const error = decodeError((b) => codec.decode(b), Uint8Array.from([0xff, 0xff, 0xff]));
    expect(error).toBeInstanceOf(ProtocolError);
    expect(error.type).toBe('protocol_error');
    expect(error.cause).toBeInstanceOf(Error);
  });

  test('a body that fails to decode is a ProtocolError naming the type and carrying the cause', () => {
    const truncatedVarint = [0x08, 0xff];
    const bytes = frameBytes(4, Msg.Ping, field(FRAME_REQUEST, truncatedVarint));
    expect(decodeCommon(bytes)).toBeUndefined();
    const error = decodeError((b) => codec.decode(b), bytes);
    expect(error).toBeInstanceOf(ProtocolError);
    expect(error.message).toContain(Msg.Ping);
    expect(error.cause).toBeInstanceOf(Error);
  });

  test('an ok response to a push cannot be encoded, and the error names the type', () => {
    const error = thrownBy(() => codec.encode({ id: 1, type: Msg.Ready, ok: true, result: {} }));
    expect(error).toBeInstanceOf(ProtocolError);
    expect(error.message).toContain(Msg.Ready);
  });
});

describe('writer reuse', () => {
  test('a frame over a megabyte and the small frames after it each encode to their own bytes', () => {
    const big = {
      id: 1,
      type: Msg.StoreSave,
      body: { key: 'k', data: new Uint8Array(2 * 1024 * 1024).fill(7) },
    };
    const small = { id: 2, type: Msg.Ping, body: { sentAtMs: 3 } };
    const before = codec.encode(small);
    const bigBytes = codec.encode(big);
    const after = codec.encode(small);
    expect(Buffer.from(after).equals(Buffer.from(before))).toBe(true);
    expect(codec.decode(bigBytes)).toMatchObject({ id: 1, type: Msg.StoreSave, body: { key: 'k' } });
    expect(codec.decode(after)).toMatchObject({ id: 2, type: Msg.Ping });
  });
});
