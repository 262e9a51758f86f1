/** Frames of every message type, for the codec properties. */
import fc from 'fast-check';
import { type Frame, isResponse } from '../../src/wire/frame.js';
import type { CallType, MessageType } from '../../src/wire/protocol.js';
import {
  callId,
  callTypes,
  idFor,
  messageArbitrary,
  messageTypes,
  normaliseMessage,
  requestSpec,
  resultSpec,
  wireError,
} from './protocol-arbitraries.js';

/** A request frame of `type` with the id its kind requires. */
export const requestFrame = (type: MessageType, flavour: 'protobuf' | 'json' = 'protobuf') =>
  fc.record({
    id: idFor(type),
    type: fc.constant(type),
    body: messageArbitrary(requestSpec(type), flavour),
  });

export const okFrame = (type: CallType, flavour: 'protobuf' | 'json' = 'protobuf') =>
  fc.record({
    id: callId,
    type: fc.constant(type),
    ok: fc.constant(true as const),
    result: messageArbitrary(resultSpec(type), flavour),
  });

export const errorFrame = (type: CallType) =>
  fc.record({ id: callId, type: fc.constant(type), ok: fc.constant(false as const), error: wireError });

export const anyFrame = (flavour: 'protobuf' | 'json') =>
  fc.oneof(
    fc.constantFrom(...messageTypes).chain((type) => requestFrame(type, flavour)),
    fc.constantFrom(...callTypes).chain((type) => okFrame(type, flavour)),
    fc.constantFrom(...callTypes).chain(errorFrame),
  ) as fc.Arbitrary<Frame>;

/** A frame in canonical form, so a decoded frame and the frame it came from compare equal. */
export function canonical(frame: Frame): Record<string, unknown> {
  const head = { id: frame.id, type: frame.type };
  if (!isResponse(frame))
    return { ...head, body: normaliseMessage(requestSpec(frame.type as MessageType), frame.body) };
  if (frame.ok) {
    return { ...head, ok: true, result: normaliseMessage(resultSpec(frame.type as CallType), frame.result) };
  }
  return {
    ...head,
    ok: false,
    error: {
      message: frame.error.message,
      // An error without a type decodes as `remote_error`, so the caller always has a kind to branch on.
      type: frame.error.type || 'remote_error',
      invalid: frame.error.invalid.map((i) => ({ message: i.message, path: [...i.path] })),
    },
  };
}
