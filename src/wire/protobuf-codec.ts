import protobuf from 'protobufjs/minimal.js';
import { CorralError, ProtocolError, UnknownMessageTypeError } from '../errors.js';
import type { Codec } from './codec.js';
import { type Frame, isResponse, PUSH_ID } from './frame.js';
import { corral } from './gen/corral.js';
import { isMessageType, protocol } from './protocol.js';

const { Writer } = protobuf;

// Field tags of `Frame` and `Response` in proto/corral.proto: (field << 3) | wire type.
const TAG_ID = (1 << 3) | 0;
const TAG_TYPE = (2 << 3) | 2;
const TAG_REQUEST = (3 << 3) | 2;
const TAG_RESPONSE = (4 << 3) | 2;
const TAG_OK = (1 << 3) | 0;
const TAG_RESULT = (2 << 3) | 2;
const TAG_ERROR = (3 << 3) | 2;

/**
 * The production codec. It owns the type -> (request, result) registry from
 * `protocol.ts`; because responses carry their `type`, it keeps no per-call
 * state. Bodies are encoded straight into the frame's writer (no second copy).
 */
export class ProtobufCodec implements Codec {
  readonly name = 'protobuf';

  encode(frame: Frame): Uint8Array {
    const spec = isMessageType(frame.type) ? protocol[frame.type] : undefined;
    if (!spec) throw new UnknownMessageTypeError(frame.type);
    const w = Writer.create();
    if (frame.id !== PUSH_ID) w.uint32(TAG_ID).uint32(frame.id);
    w.uint32(TAG_TYPE).string(frame.type);
    if (!isResponse(frame)) {
      w.uint32(TAG_REQUEST).fork();
      spec.request.encode(frame.body as never, w);
      w.ldelim();
      return w.finish();
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
    return w.finish();
  }

  decode(bytes: Uint8Array): Frame {
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
}
