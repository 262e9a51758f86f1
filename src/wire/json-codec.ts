import { ProtocolError } from '../errors.js';
import type { Codec } from './codec.js';
import type { Frame } from './frame.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * A registry-free codec for channel-core tests and for reading traffic by eye.
 * Byte fields survive as `{"$bytes": base64}`. Production uses ProtobufCodec.
 */
export class JsonCodec implements Codec {
  readonly name = 'json';

  encode(frame: Frame): Uint8Array {
    return encoder.encode(JSON.stringify(frame, replacer));
  }

  decode(bytes: Uint8Array): Frame {
    let value: unknown;
    try {
      value = JSON.parse(decoder.decode(bytes), reviver);
    } catch (error) {
      throw new ProtocolError(`undecodable JSON frame: ${(error as Error).message}`, { cause: error });
    }
    if (!isFrame(value)) throw new ProtocolError('JSON frame lacks a numeric id and a string type');
    return value;
  }
}

function isFrame(value: unknown): value is Frame {
  if (typeof value !== 'object' || value === null) return false;
  const f = value as Record<string, unknown>;
  if (typeof f.id !== 'number' || !Number.isInteger(f.id) || f.id < 0 || typeof f.type !== 'string')
    return false;
  if ('ok' in f) return f.ok === true || (typeof f.error === 'object' && f.error !== null);
  return 'body' in f;
}

function replacer(this: unknown, _key: string, value: unknown): unknown {
  if (value instanceof Uint8Array) return { $bytes: Buffer.from(value).toString('base64') };
  return value;
}

function reviver(_key: string, value: unknown): unknown {
  if (value && typeof value === 'object' && typeof (value as { $bytes?: unknown }).$bytes === 'string') {
    return new Uint8Array(Buffer.from((value as { $bytes: string }).$bytes, 'base64'));
  }
  return value;
}
