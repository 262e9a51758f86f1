/**
 * A broken or compromised peer can write any bytes at all. Whatever it writes,
 * the channel must end `closed` with a typed error, reject what was pending
 * with ChannelClosedError, allocate no more than it was sent, and never let an
 * exception or rejection escape.
 */
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import {
  ChannelClosedError,
  CorralError,
  FrameTooLargeError,
  ProtocolError,
  UnknownMessageTypeError,
} from '../../src/errors.js';
import { Channel } from '../../src/wire/channel.js';
import type { Frame } from '../../src/wire/frame.js';
import { encodeFrames, type FrameDecoder } from '../../src/wire/framing.js';
import { corral } from '../../src/wire/gen/corral.js';
import { ProtobufCodec } from '../../src/wire/protobuf-codec.js';
import { isMessageType, type MessageType, Msg, protocol } from '../../src/wire/protocol.js';
import { StreamTransport } from '../../src/wire/transports/stream.js';
import { settle, within } from '../support/async.js';
import { type ProcessFailureWatch, watchProcessFailures } from '../support/process-failures.js';
import { prop } from '../support/property.js';
import {
  callTypes,
  idFor,
  messageArbitrary,
  messageTypes,
  pushTypes,
  requestSpec,
  wireError,
} from '../support/protocol-arbitraries.js';
import { connectedSocketPair } from '../support/socket-pair.js';

const MiB = 1024 * 1024;
const MAX_FRAME = 16 * MiB;
const codec = new ProtobufCodec();
const RUNS = { numRuns: 40 };

interface Outcome {
  /** Why the channel closed, as `channel.closed` reports it. */
  readonly error: Error | undefined;
  /** What the call pending when the bytes arrived settled with. */
  readonly pending: unknown;
  /** What a call made after the close settled with. */
  readonly afterwards: unknown;
  /** Bytes the transport's frame decoder still held once the bytes were in. */
  readonly heldBytes: number;
}

/**
 * A host Channel over a StreamTransport on one end of a real socket, with a
 * call of its own pending; the other end writes `chunks` (as separate writes)
 * and then hangs up, unless told not to (the bytes alone must close the channel).
 */
async function feedHost(chunks: readonly Uint8Array[], options: { hangUp?: boolean } = {}): Promise<Outcome> {
  const pair = await connectedSocketPair();
  const transport = new StreamTransport(pair.left, { maxFrameBytes: MAX_FRAME });
  const host = new Channel(transport, { codec, name: 'host', policy: { callTimeoutMs: 0 } });
  host.register(Msg.StoreLoad, () => ({ found: false }));
  host.register(Msg.StateChanged, () => {}, { inline: true });
  const pending = host.call(Msg.Ping, {}).then(
    () => 'resolved',
    (error: unknown) => error,
  );
  const peer = pair.right;
  peer.on('data', () => {});
  peer.on('error', () => {}); // the host may reset the socket under a write
  try {
    for (const chunk of chunks) {
      await new Promise<void>((resolve) => peer.write(chunk, () => resolve()));
    }
    if (options.hangUp !== false) peer.end();
    const { error } = await within(3_000, host.closed, 'channel close');
    const heldBytes = (transport as unknown as { decoder: FrameDecoder }).decoder.pendingBytes;
    const afterwards = await host.call(Msg.Ping, {}).catch((e: unknown) => e);
    return { error, pending: await within(1_000, pending, 'pending call'), afterwards, heldBytes };
  } finally {
    pair.dispose();
  }
}

function expectTypedClose(outcome: Outcome, kind: new (...args: never[]) => CorralError = CorralError): void {
  expect(outcome.error).toBeInstanceOf(kind);
  expect(outcome.pending).toBeInstanceOf(ChannelClosedError);
  expect(outcome.afterwards).toBeInstanceOf(ChannelClosedError);
}

/** Bytes of a frame envelope built by hand, bypassing the codec's own checks. */
const envelope = (frame: corral.Frame.$Properties) => corral.Frame.encode(frame).finish();

/** A valid frame the host may receive without harm: a push, a call it answers, or a late response. */
const harmlessFrame: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc
    .constantFrom(...messageTypes)
    .chain((type) =>
      fc.record({ id: idFor(type), type: fc.constant(type), body: messageArbitrary(requestSpec(type)) }),
    )
    .map((frame) => codec.encode(frame)),
  fc
    .record({
      id: fc.integer({ min: 100, max: 1000 }),
      type: fc.constantFrom(...callTypes),
      error: wireError,
    })
    .map(({ id, type, error }) => codec.encode({ id, type, ok: false, error })),
);

/** The protobuf bytes of a request body of `type`. */
function encodeBody(type: MessageType, body: unknown): Uint8Array {
  const request = protocol[type].request as unknown as { encode(message: unknown): { finish(): Uint8Array } };
  return request.encode(body).finish();
}

/** A protobuf body that cannot decode: valid fields, then one that breaks the wire format. */
const badBody = (type: MessageType) =>
  fc
    .tuple(
      messageArbitrary(requestSpec(type)).map((body) => encodeBody(type, body)),
      fc.integer({ min: 1, max: 15 }),
      fc.constantFrom<(field: number) => number[]>(
        (f) => [(f << 3) | 7], // wire type 7 does not exist
        (f) => [(f << 3) | 6], // nor does 6
        (f) => [(f << 3) | 4], // an end-group with no start
        (f) => [(f << 3) | 2, 0x7f, 0x61], // a length running past the end
        (f) => [(f << 3) | 0, 0x80], // a varint cut off mid-way
      ),
    )
    .map(([valid, field, breaker]) => Buffer.concat([valid, Buffer.from(breaker(field))]));

/** The bytes of one wire frame split in two writes at an arbitrary point. */
const splitAnywhere = (bytes: Uint8Array) =>
  fc.integer({ min: 0, max: bytes.length }).map((cut) => [bytes.subarray(0, cut), bytes.subarray(cut)]);

let watch: ProcessFailureWatch;
beforeEach(() => {
  watch = watchProcessFailures();
});
afterEach(async () => {
  await settle();
  watch.stop();
  expect(watch.failures).toEqual([]);
});

describe('hostile bytes on a StreamTransport', () => {
  prop([fc.array(fc.uint8Array({ minLength: 1, maxLength: 256 }), { minLength: 1, maxLength: 4 })], {
    ...RUNS,
    // Half a length prefix, and a whole prefix with half its frame.
    examples: [[[Uint8Array.of(0, 0)]], [[Uint8Array.of(0, 0, 0, 9, 1, 2)]]],
  })(
    'any non-empty random bytes close the channel with a typed error and reject the pending call',
    async (chunks) => {
      expectTypedClose(await feedHost(chunks));
    },
  );

  const readyFrame = codec.encode({ id: 0, type: Msg.Ready, body: { group: 'g' } });
  prop([fc.array(harmlessFrame, { maxLength: 3 }), harmlessFrame, fc.nat()], {
    ...RUNS,
    // Cut inside the length prefix, right after it, and one byte short of the end.
    examples: [
      [[], readyFrame, 1],
      [[], readyFrame, 3],
      [[readyFrame], readyFrame, readyFrame.length + 2],
    ],
  })(
    'a frame cut short by the peer hanging up closes the channel with ProtocolError, not as a clean EOF',
    async (before, frame, n) => {
      const wire = encodeFrames([frame]);
      const cut = 1 + (n % (wire.length - 1)); // at least one byte of it, never all of it
      expectTypedClose(await feedHost([encodeFrames(before), wire.subarray(0, cut)]), ProtocolError);
    },
  );

  prop([fc.integer({ min: MAX_FRAME + 1, max: 0xffff_ffff }), fc.uint8Array({ maxLength: 64 })], RUNS)(
    'any length prefix over 16 MiB closes the channel with FrameTooLargeError without allocating it',
    async (length, tail) => {
      const prefix = Buffer.alloc(4);
      prefix.writeUInt32BE(length, 0);
      const before = process.memoryUsage().arrayBuffers;
      const outcome = await feedHost([Buffer.concat([prefix, tail])], { hangUp: false });
      expectTypedClose(outcome, FrameTooLargeError);
      expect(outcome.error).toMatchObject({ length, limit: MAX_FRAME });
      expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(8 * MiB);
    },
  );

  prop([fc.string({ maxLength: 20 }).filter((t) => !isMessageType(t)), fc.nat({ max: 10 })], RUNS)(
    'a frame naming a type outside the protocol closes the channel with UnknownMessageTypeError',
    async (type, id) => {
      const frame = envelope({ id, type, request: new Uint8Array([0x08, 0x01]) });
      expectTypedClose(await feedHost([encodeFrames([frame])], { hangUp: false }), UnknownMessageTypeError);
    },
  );

  prop(
    [
      fc
        .constantFrom(...messageTypes)
        .chain((type) => fc.tuple(fc.constant(type), idFor(type), badBody(type)))
        .chain(([type, id, body]) => splitAnywhere(encodeFrames([envelope({ id, type, request: body })]))),
    ],
    RUNS,
  )(
    'a known type with an undecodable protobuf body closes the channel with ProtocolError',
    async (chunks) => {
      expectTypedClose(await feedHost(chunks, { hangUp: false }), ProtocolError);
    },
  );

  prop(
    [
      fc
        .uint8Array({ minLength: 1, maxLength: 512 })
        .chain((payload) => splitAnywhere(encodeFrames([payload]))),
    ],
    RUNS,
  )('a well-formed length prefix around garbage closes the channel with a typed error', async (chunks) => {
    expectTypedClose(await feedHost(chunks, { hangUp: false }));
  });

  const mismatches: fc.Arbitrary<Uint8Array> = fc.oneof(
    // A push sent as a call, and a call sent as a push.
    fc
      .tuple(fc.constantFrom(...pushTypes), fc.integer({ min: 1, max: 0xffff_ffff }))
      .map(([type, id]) => codec.encode({ id, type, body: {} })),
    fc.constantFrom(...callTypes).map((type) => codec.encode({ id: 0, type, body: {} })),
    // A response with the push id, and a response to a push type.
    fc.constantFrom(...callTypes).map((type) => codec.encode({ id: 0, type, ok: true, result: {} })),
    fc
      .tuple(fc.constantFrom(...pushTypes), fc.integer({ min: 1, max: 0xffff_ffff }), wireError)
      .map(([type, id, error]) => codec.encode({ id, type, ok: false, error })),
    // Neither a request nor a response.
    fc.tuple(fc.constantFrom(...messageTypes), fc.nat()).map(([type, id]) => envelope({ id, type })),
  );

  prop([fc.array(harmlessFrame, { maxLength: 3 }), mismatches], RUNS)(
    'a push/call id mismatch closes the channel with ProtocolError, even after valid frames',
    async (before, bad) => {
      expectTypedClose(await feedHost([encodeFrames([...before, bad])], { hangUp: false }), ProtocolError);
    },
  );

  prop([fc.array(harmlessFrame, { minLength: 1, maxLength: 6 })], RUNS)(
    'valid frames followed by a hang-up close the channel cleanly, with no error',
    async (frames) => {
      const outcome = await feedHost([encodeFrames(frames)]);
      expect(outcome.error).toBeUndefined();
      expect(outcome.pending).toBeInstanceOf(ChannelClosedError);
    },
  );

  test('a response whose type differs from its pending call fails the channel instead of resolving the call', async () => {
    // A compromised sandbox must not hand the host a ShutdownResult where it awaits a PingResult.
    const forged: Frame = {
      id: 1,
      type: Msg.Shutdown,
      ok: true,
      result: { restoreState: new Uint8Array([1]) },
    };
    const outcome = await feedHost([encodeFrames([codec.encode(forged)])]);
    expect(outcome.pending).not.toBe('resolved');
    expectTypedClose(outcome, ProtocolError);
  });

  test('a frame claiming 16 MiB then a hang-up holds only the bytes that arrived', async () => {
    const prefix = Buffer.alloc(4);
    prefix.writeUInt32BE(MAX_FRAME, 0);
    const before = process.memoryUsage().arrayBuffers;
    const outcome = await feedHost([Buffer.concat([prefix, Buffer.alloc(100)])]);
    expect(outcome.heldBytes).toBe(100);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(4 * MiB);
    expect(outcome.pending).toBeInstanceOf(ChannelClosedError);
  });
});
