import type { InvalidField } from '../errors.js';

/** The error half of a response, as it crosses the wire. */
export interface WireError {
  readonly message: string;
  readonly type: string;
  readonly invalid: readonly InvalidField[];
}

/** A call (id > 0) or a push (id 0) carrying a request body. */
export interface RequestFrame {
  readonly id: number;
  readonly type: string;
  readonly body: unknown;
}

/** The answer to call `id`; `type` repeats the call's type so decoding needs no state. */
export type ResponseFrame =
  | { readonly id: number; readonly type: string; readonly ok: true; readonly result: unknown }
  | { readonly id: number; readonly type: string; readonly ok: false; readonly error: WireError };

export type Frame = RequestFrame | ResponseFrame;

export const PUSH_ID = 0;
export const MAX_CALL_ID = 0xffff_ffff;

export function isResponse(frame: Frame): frame is ResponseFrame {
  return 'ok' in frame;
}
