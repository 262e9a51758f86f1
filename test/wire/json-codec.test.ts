/**
 * JsonCodec: what it accepts as a frame, and the typed error it gives for
 * everything else. Round trips are covered by codec.property.test.ts.
 */
import { describe, expect, test } from 'vitest';
import { ProtocolError } from '../../src/errors.js';
import { JsonCodec } from '../../src/wire/json-codec.js';
import { Msg } from '../../src/wire/protocol.js';

const codec = new JsonCodec();
const bytesOf = (text: string) => new TextEncoder().encode(text);
const decodeText = (text: string) => codec.decode(bytesOf(text));

/** The error `decode` throws for `bytes`. */
function decodeError(bytes: Uint8Array): ProtocolError {
  try {
    codec.decode(bytes);
  } catch (error) {
    return error as ProtocolError;
  }
  throw new Error('decode accepted the bytes');
}

test('the codec names itself json', () => {
  expect(new JsonCodec().name).toBe('json');
});

describe('bytes that are not JSON', () => {
  test('bad JSON text is a ProtocolError carrying the parse error as its cause and a message', () => {
    const error = decodeError(bytesOf('{"id": 1,'));
    expect(error).toBeInstanceOf(ProtocolError);
    expect(error.type).toBe('protocol_error');
    expect(error.cause).toBeInstanceOf(SyntaxError);
    expect(error.message).not.toBe('');
  });

  test('bytes that are not UTF-8 are a ProtocolError carrying the decoding error as its cause', () => {
    const error = decodeError(new Uint8Array([0x7b, 0xff, 0x7d]));
    expect(error).toBeInstanceOf(ProtocolError);
    expect(error.cause).toBeInstanceOf(TypeError);
  });

  test('no bytes at all are a ProtocolError', () => {
    expect(decodeError(new Uint8Array(0))).toBeInstanceOf(ProtocolError);
  });
});

describe('JSON that is not a frame', () => {
  test.each([
    ['null', 'null'],
    ['a number', '5'],
    ['a string', '"ping"'],
    ['a boolean', 'true'],
    ['an array', '[1, "ping", {}]'],
  ])('%s is a ProtocolError with a message', (_what, text) => {
    const error = decodeError(bytesOf(text));
    expect(error).toBeInstanceOf(ProtocolError);
    expect(error.message).not.toBe('');
  });

  test.each([
    ['no id', { type: 'ping', body: {} }],
    ['a string id', { id: '1', type: 'ping', body: {} }],
    ['a fractional id', { id: 1.5, type: 'ping', body: {} }],
    ['a negative id', { id: -1, type: 'ping', body: {} }],
    ['no type', { id: 1, body: {} }],
    ['a numeric type', { id: 1, type: 7, body: {} }],
    ['neither body nor ok', { id: 1, type: 'ping' }],
    ['ok false without an error', { id: 1, type: 'ping', ok: false }],
    ['ok false with a null error', { id: 1, type: 'ping', ok: false, error: null }],
    ['ok false with a string error', { id: 1, type: 'ping', ok: false, error: 'boom' }],
    ['ok neither true nor false', { id: 1, type: 'ping', ok: 'yes', result: {} }],
  ])('a frame with %s is a ProtocolError', (_what, frame) => {
    expect(decodeError(bytesOf(JSON.stringify(frame)))).toBeInstanceOf(ProtocolError);
  });
});

describe('frames it accepts', () => {
  test('a request, a push with id 0, an ok response and an error response decode as sent', () => {
    const frames = [
      { id: 1, type: Msg.Ping, body: { sentAtMs: 5 } },
      { id: 0, type: Msg.Ready, body: {} },
      { id: 2, type: Msg.Ping, ok: true as const, result: {} },
      { id: 3, type: Msg.Ping, ok: false as const, error: { message: 'no', type: 'x', invalid: [] } },
    ];
    for (const frame of frames) expect(decodeText(JSON.stringify(frame))).toStrictEqual(frame);
  });

  test('null values inside a body decode as null', () => {
    const frame = { id: 4, type: Msg.EntityQuery, body: { entityId: null, nested: [null, { x: null }] } };
    expect(codec.decode(codec.encode(frame))).toStrictEqual(frame);
  });

  test('only an object whose $bytes is a string is read as bytes', () => {
    const frame = decodeText(
      JSON.stringify({ id: 5, type: Msg.Ping, body: { a: { $bytes: 'AQI=' }, b: { $bytes: 3 }, c: 'AQI=' } }),
    ) as { body: Record<string, unknown> };
    expect(frame.body.a).toBeInstanceOf(Uint8Array);
    expect([...(frame.body.a as Uint8Array)]).toEqual([1, 2]);
    expect(frame.body.b).toStrictEqual({ $bytes: 3 });
    expect(frame.body.c).toBe('AQI=');
  });

  test('bytes in a frame are written as base64 under $bytes', () => {
    const bytes = codec.encode({ id: 6, type: Msg.Ping, ok: true, result: { raw: new Uint8Array([1, 2]) } });
    expect(JSON.parse(new TextDecoder().decode(bytes))).toStrictEqual({
      id: 6,
      type: Msg.Ping,
      ok: true,
      result: { raw: { $bytes: 'AQI=' } },
    });
  });
});
