import type { Frame } from './frame.js';

/**
 * Turns frames into bytes and back. `decode` throws a typed CorralError
 * (ProtocolError, UnknownMessageTypeError) on bytes it cannot trust.
 */
export interface Codec {
  readonly name: string;
  encode(frame: Frame): Uint8Array;
  decode(bytes: Uint8Array): Frame;
}
