/** Pieces the channel bench host and its children share. */
import type { SizeKey } from './payloads.js';

/** Pushes a child sends before yielding to the event loop (so writes leave and reads run). */
export const PUSH_BATCH = 256;

export interface PushCommand {
  readonly count: number;
  readonly size: SizeKey;
}

/** What the Node IPC subjects send: the same content as the Corral messages, as plain objects. */
export interface IpcMessage {
  readonly id: number;
  readonly type: string;
  readonly payload: unknown;
}

export const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

// Raw control frame: 0xff (never the first byte of a protobuf frame), size (0 small, 1 large), uint32 count.
const CONTROL_MARK = 0xff;
const CONTROL_BYTES = 6;

export function rawControl(command: PushCommand): Uint8Array {
  const out = Buffer.alloc(CONTROL_BYTES);
  out[0] = CONTROL_MARK;
  out[1] = command.size === 'small' ? 0 : 1;
  out.writeUInt32BE(command.count, 2);
  return out;
}

export function parseRawControl(bytes: Uint8Array): PushCommand | undefined {
  if (bytes.length !== CONTROL_BYTES || bytes[0] !== CONTROL_MARK) return undefined;
  const size: SizeKey = bytes[1] === 0 ? 'small' : 'large';
  const count = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).readUInt32BE(2);
  return { count, size };
}
