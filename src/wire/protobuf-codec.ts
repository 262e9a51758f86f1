import protobuf from 'protobufjs/minimal.js';
import { CorralError, ProtocolError, UnknownMessageTypeError } from '../errors.js';
import type { Codec } from './codec.js';
import { type Frame, isResponse, PUSH_ID } from './frame.js';
import { corral } from './gen/corral.js';
import { isMessageType, type MessageType, type Protocol, protocol } from './protocol.js';

// protobufjs writes short strings with its own UTF-8 encoder, which turns a lone
// surrogate (half an emoji cut by slice()) into bytes its decoder then refuses,
// killing the channel. Write U+FFFD instead, as Buffer does for long strings.
const utf8 = protobuf.util.utf8 as { write(text: string, buffer: Uint8Array, offset: number): number };
const writeUtf8 = utf8.write;
utf8.write = (text, buffer, offset) => writeUtf8(text.toWellFormed(), buffer, offset);

const { Reader, Writer } = protobuf;

// Field tags of `Frame` and `Response` in proto/corral.proto: (field << 3) | wire type.
const TAG_ID = (1 << 3) | 0;
const TAG_TYPE = (2 << 3) | 2;
const TAG_REQUEST = (3 << 3) | 2;
const TAG_RESPONSE = (4 << 3) | 2;
const TAG_OK = (1 << 3) | 0;
const TAG_RESULT = (2 << 3) | 2;
const TAG_ERROR = (3 << 3) | 2;

/** A spare writer whose buffer grew past this is dropped rather than kept for the next frame. */
const MAX_SPARE_WRITER_BYTES = 1024 * 1024;

/** Every message type's name as UTF-8, by byte length, to recognise a type without decoding a string. */
const typeNames = new Map<number, [MessageType, Buffer][]>();
for (const name of Object.keys(protocol) as MessageType[]) {
  const encoded = Buffer.from(name, 'utf8');
  typeNames.set(encoded.length, [...(typeNames.get(encoded.length) ?? []), [name, encoded]]);
}

/** The message type named by `bytes[start, start + length)`, if there is one. */
function matchType(bytes: Uint8Array, start: number, length: number): MessageType | undefined {
  for (const [name, encoded] of typeNames.get(length) ?? []) {
    let i = 0;
    while (i < length && bytes[start + i] === encoded[i]) i++;
    if (i === length) return name;
  }
  return undefined;
}

/**
 * The production codec. It owns the type -> (request, result) registry from
 * `protocol.ts`; because responses carry their `type`, it keeps no per-call
 * state. Bodies are encoded straight into the frame's writer (no second copy).
 */
export class ProtobufCodec implements Codec {
  readonly name = 'protobuf';
  /**
   * The writer of the last encode, kept for the next: its buffer has already
   * grown to frame size, so a frame costs one exact-size copy (`finish`) instead
   * of a fresh writer doubling its buffer up from 128 bytes. Taken while in use,
   * so a re-entrant encode gets a writer of its own; dropped when an encode throws.
   */
  private spare: protobuf.Writer | null = null;

  encode(frame: Frame): Uint8Array {
    const spec = isMessageType(frame.type) ? protocol[frame.type] : undefined;
    if (!spec) throw new UnknownMessageTypeError(frame.type);
    const w = this.spare ?? Writer.create();
    this.spare = null;
    this.write(w, frame, spec);
    const bytes = w.finish();
    // Stryker disable next-line ConditionalExpression,EqualityOperator: keeping or dropping the spare changes memory and speed only; finish() returns fresh bytes
    if (w.buf.length <= MAX_SPARE_WRITER_BYTES) this.spare = w.reset();
    return bytes;
  }

  private write(w: protobuf.Writer, frame: Frame, spec: Protocol[MessageType]): void {
    if (frame.id !== PUSH_ID) w.uint32(TAG_ID).uint32(frame.id);
    w.uint32(TAG_TYPE).string(frame.type);
    if (!isResponse(frame)) {
      w.uint32(TAG_REQUEST).fork();
      spec.request.encode(frame.body as never, w);
      w.ldelim();
      return;
    }
    w.uint32(TAG_RESPONSE).fork();
    if (frame.ok) {
      if (spec.kind !== 'call') throw new ProtocolError(`"${frame.type}" is a push and has no response`);
      w.uint32(TAG_OK).bool(true);
      w.uint32(TAG_RESULT).fork();
      spec.result.encode(frame.result as never, w);
      w.ldelim();
    } else {
      w.uint32(TAG_ERROR).fork();
      corral.Error.encode(
        {
          message: frame.error.message,
          type: frame.error.type,
          invalid: frame.error.invalid.map((i) => ({ message: i.message, path: [...i.path] })),
        },
        w,
      );
      w.ldelim();
    }
    w.ldelim();
  }

  decode(bytes: Uint8Array): Frame {
    return decodeCommon(bytes) ?? decodeAny(bytes);
  }
}

/**
 * The common case, minus the general decoder's intermediate objects (a Frame
 * and Response message, a Reader and a Buffer view per level, the type string):
 * a request or an ok response laid out exactly as `encode` writes it is read
 * with one Reader, its type matched against the protocol's names and its body
 * decoded in place. Anything else, a throw included, returns undefined and goes
 * to `decodeAny`, which alone decides what an unusual or malformed frame is.
 * Exported so a property can hold the two to agreeing.
 */
export function decodeCommon(bytes: Uint8Array): Frame | undefined {
  try {
    const end = bytes.length;
    const r = Reader.create(bytes);
    let id: number = PUSH_ID;
    if (bytes[0] === TAG_ID) {
      r.pos = 1;
      id = r.uint32();
      if (id === PUSH_ID) return undefined;
    }
    if (bytes[r.pos++] !== TAG_TYPE) return undefined;
    const typeLength = r.uint32();
    const type = matchType(bytes, r.pos, typeLength);
    if (type === undefined) return undefined;
    r.pos += typeLength;
    const spec = protocol[type];
    const tag = bytes[r.pos++];
    const length = r.uint32();
    if (r.pos + length !== end) return undefined;
    if (tag === TAG_REQUEST) {
      if ((spec.kind === 'call') !== (id !== PUSH_ID)) return undefined;
      return { id, type, body: spec.request.decode(r, length) };
    }
    if (tag !== TAG_RESPONSE || spec.kind !== 'call' || id === PUSH_ID) return undefined;
    // Response { ok: true, result }: the ok varint is exactly 1 when `encode` writes it.
    if (bytes[r.pos] !== TAG_OK || bytes[r.pos + 1] !== 1 || bytes[r.pos + 2] !== TAG_RESULT)
      return undefined;
    r.pos += 3;
    const resultLength = r.uint32();
    if (r.pos + resultLength !== end) return undefined;
    return { id, type, ok: true, result: spec.result.decode(r, resultLength) };
  } catch {
    return undefined;
  }
}

/** The general decoder: every frame, and a typed error for every malformed one. */
export function decodeAny(bytes: Uint8Array): Frame {
  let raw: corral.Frame;
  try {
    raw = corral.Frame.decode(bytes);
  } catch (error) {
    throw new ProtocolError(`undecodable frame: ${(error as Error).message}`, { cause: error });
  }
  const { id, type } = raw;
  if (!isMessageType(type)) throw new UnknownMessageTypeError(type);
  const spec = protocol[type];
  try {
    if (raw.request != null) {
      if ((spec.kind === 'call') !== (id !== PUSH_ID)) {
        throw new ProtocolError(`"${type}" is a ${spec.kind} but came with id ${id}`);
      }
      return { id, type, body: spec.request.decode(raw.request) };
    }
    const response = raw.response;
    if (response == null) throw new ProtocolError(`frame ${id} "${type}" has no body`);
    if (spec.kind !== 'call' || id === PUSH_ID) {
      throw new ProtocolError(`response to "${type}" with id ${id} answers no call`);
    }
    if (response.ok)
      return { id, type, ok: true, result: spec.result.decode(response.result ?? new Uint8Array()) };
    const error = response.error ?? { message: '', type: '', invalid: [] };
    return {
      id,
      type,
      ok: false,
      error: {
        message: error.message ?? '',
        type: error.type || 'remote_error',
        invalid: (error.invalid ?? []).map((i) => ({
          message: i.message ?? '',
          path: [...(i.path ?? [])],
        })),
      },
    };
  } catch (error) {
    if (error instanceof CorralError) throw error;
    throw new ProtocolError(`undecodable "${type}" body: ${(error as Error).message}`, { cause: error });
  }
}
