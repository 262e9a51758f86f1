import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { ChannelClosedError, ProtocolError, UnknownMessageTypeError } from '../../src/errors.js';
import { Channel } from '../../src/wire/channel.js';
import { type Frame, MAX_CALL_ID } from '../../src/wire/frame.js';
import { JsonCodec } from '../../src/wire/json-codec.js';
import { ProtobufCodec } from '../../src/wire/protobuf-codec.js';
import { Msg, protocol } from '../../src/wire/protocol.js';
import { memoryTransportPair } from '../../src/wire/transports/memory.js';
import { anyFrame, canonical, errorFrame, okFrame, requestFrame } from '../support/frame-arbitraries.js';
import { prop } from '../support/property.js';
import { callTypes, messageTypes, text } from '../support/protocol-arbitraries.js';

const codec = new ProtobufCodec();
const json = new JsonCodec();

/** Text with one unpaired UTF-16 surrogate somewhere in it, as `label.slice(0, n)` leaves behind. */
const withLoneSurrogate = fc
  .tuple(text, fc.integer({ min: 0xd800, max: 0xdfff }), text)
  .map(([before, unit, after]) => before + String.fromCharCode(unit) + after)
  .filter((s) => Buffer.from(s, 'utf8').toString('utf8') !== s);

const roundTrip = (frame: Frame) => codec.decode(codec.encode(frame));

describe('ProtobufCodec round trip', () => {
  describe.each(messageTypes)('%s request', (type) => {
    const kind = protocol[type].kind;
    prop([requestFrame(type)], { numRuns: 60 })(
      `any ${kind} request survives encode then decode (id ${kind === 'push' ? '0' : '> 0'})`,
      (frame) => {
        expect(canonical(roundTrip(frame))).toStrictEqual(canonical(frame));
      },
    );
  });

  describe.each(callTypes)('%s result', (type) => {
    prop([okFrame(type)], { numRuns: 60 })('any ok response survives encode then decode', (frame) => {
      expect(canonical(roundTrip(frame))).toStrictEqual(canonical(frame));
    });
  });

  prop([fc.constantFrom(...callTypes).chain(errorFrame)], { numRuns: 200 })(
    'any error response keeps its message, type and invalid paths through encode then decode',
    (frame) => {
      expect(canonical(roundTrip(frame))).toStrictEqual(canonical(frame));
    },
  );

  test('the largest call id, 2^32 - 1, survives the wire as an unsigned number', () => {
    const decoded = roundTrip({ id: MAX_CALL_ID, type: Msg.Ping, body: {} });
    expect(decoded.id).toBe(MAX_CALL_ID);
  });

  test('an ok response to a push type cannot be encoded', () => {
    expect(() => codec.encode({ id: 1, type: Msg.Ready, ok: true, result: {} })).toThrow(ProtocolError);
  });

  test('a frame of a type outside the protocol cannot be encoded', () => {
    expect(() => codec.encode({ id: 1, type: 'pong', body: {} })).toThrow(UnknownMessageTypeError);
  });

  prop([fc.constantFrom(...callTypes), withLoneSurrogate], { numRuns: 100 })(
    'any text holding a lone surrogate arrives with U+FFFD in its place instead of failing the frame',
    (type, raw) => {
      // A plugin that truncates a label mid-emoji must not tear down its own channel.
      const wellFormed = Buffer.from(raw, 'utf8').toString('utf8');
      const decoded = roundTrip({ id: 7, type, ok: false, error: { message: raw, type: 'x', invalid: [] } });
      expect(decoded).toMatchObject({ ok: false, error: { message: wellFormed } });
    },
  );

  test('a state update holding half an emoji reaches the peer with U+FFFD in its place', () => {
    const name = '🌡️ Living room'.slice(0, 1); // the high surrogate only
    const frame: Frame = {
      id: 0,
      type: Msg.StateChanged,
      body: { updates: [{ sandboxEntityId: 'sensor.t', state: name }] },
    };
    expect(canonical(roundTrip(frame))).toMatchObject({
      body: { updates: [{ state: '\uFFFD' }] },
    });
  });
});

describe('JsonCodec round trip', () => {
  prop([anyFrame('json')], { numRuns: 300 })(
    'any frame, Uint8Array fields included, decodes to a deep-equal frame',
    (frame) => {
      expect(json.decode(json.encode(frame))).toEqual(frame);
    },
  );

  prop([fc.uint8Array({ maxLength: 64 })])(
    'a byte field decodes as a Uint8Array with the same bytes',
    (bytes) => {
      const decoded = json.decode(
        json.encode({ id: 3, type: Msg.EntityQuery, ok: true, result: { value: bytes } }),
      );
      const value = (decoded as { result: { value: unknown } }).result.value;
      expect(value).toBeInstanceOf(Uint8Array);
      expect(Buffer.from(value as Uint8Array).equals(Buffer.from(bytes))).toBe(true);
    },
  );

  test('bytes that are not a JSON frame are a ProtocolError', () => {
    expect(() => json.decode(new TextEncoder().encode('{"id":-1,"type":"ping","body":{}}'))).toThrow(
      ProtocolError,
    );
    expect(() => json.decode(new Uint8Array([0xff, 0xfe]))).toThrow(ProtocolError);
  });
});

describe('typed channel helpers', () => {
  test('a wrong payload, result or message name is a compile error', async () => {
    // The lines run against a closed channel: what matters is that tsc rejects each one.
    const channel = new Channel(memoryTransportPair()[0], { codec, name: 'closed' });
    await channel.close();
    const closedError = { name: 'ChannelClosedError' };

    // @ts-expect-error -- `bogus` is no field of PingRequest
    await expect(channel.call('ping', { bogus: 1 })).rejects.toMatchObject(closedError);
    // @ts-expect-error -- sentAtMs is a uint64, not a string
    await expect(channel.call(Msg.Ping, { sentAtMs: 'soon' })).rejects.toMatchObject(closedError);
    // @ts-expect-error -- no message is called `pong`
    await expect(channel.call('pong', {})).rejects.toMatchObject(closedError);
    // @ts-expect-error -- `ready` is a push: it cannot be called
    await expect(channel.call(Msg.Ready, {})).rejects.toMatchObject(closedError);
    // @ts-expect-error -- `ping` is a call: it cannot be pushed
    expect(() => channel.push('ping', {})).toThrow(ChannelClosedError);
    // @ts-expect-error -- a shutdown handler must return bytes as restoreState
    channel.register(Msg.Shutdown, () => ({ restoreState: 'not bytes' }));
    const typed = async () => {
      const result = await channel.call(Msg.Ping, {});
      // @ts-expect-error -- PingResult has no `bogus`
      return result.bogus;
    };
    await expect(typed()).rejects.toBeInstanceOf(ChannelClosedError);
  });

  test('a message name outside the protocol is refused at run time as well', async () => {
    const [a, b] = memoryTransportPair();
    const host = new Channel(a, { codec, name: 'host' });
    new Channel(b, { codec, name: 'sandbox' });
    const name: string = 'pong';
    await expect(host.call(name as typeof Msg.Ping, {})).rejects.toBeInstanceOf(UnknownMessageTypeError);
    expect(host.state).toBe('open');
    await host.close();
  });
});
