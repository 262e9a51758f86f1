/**
 * Typed errors of Corral. Each says what went wrong in words a user can act on;
 * `type` is the stable machine-readable name that also crosses the wire.
 */

export interface InvalidField {
  readonly message: string;
  readonly path: readonly string[];
}

export class CorralError extends Error {
  /** Stable name of the error kind; survives the wire. */
  readonly type: string;
  constructor(type: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.type = type;
    this.name = new.target.name;
  }
}

/** A call or push was attempted on (or pending when) the channel closed. */
export class ChannelClosedError extends CorralError {
  constructor(message = 'channel closed', options?: ErrorOptions) {
    super('channel_closed', message, options);
  }
}

/** An outbound call got no response within its timeout. */
export class ChannelTimeoutError extends CorralError {
  constructor(callType: string, timeoutMs: number) {
    super('timeout', `call "${callType}" got no response within ${timeoutMs} ms`);
  }
}

/** A frame's length prefix is larger than the policy allows; nothing was allocated. */
export class FrameTooLargeError extends CorralError {
  constructor(
    readonly length: number,
    readonly limit: number,
  ) {
    super('frame_too_large', `frame of ${length} bytes exceeds the ${limit}-byte limit`);
  }
}

/** Bytes that do not decode to a valid frame: the peer is broken or hostile. */
export class ProtocolError extends CorralError {
  constructor(message: string, options?: ErrorOptions) {
    super('protocol_error', message, options);
  }
}

/** A frame names a message type this side does not know. */
export class UnknownMessageTypeError extends CorralError {
  constructor(readonly messageType: string) {
    super('unknown_type', `unknown message type "${messageType}"`);
  }
}

/** The peer answered a call with an error; `type` and `invalid` are the peer's. */
export class RemoteError extends CorralError {
  readonly invalid: readonly InvalidField[];
  constructor(type: string, message: string, invalid: readonly InvalidField[] = []) {
    super(type, message);
    this.invalid = invalid;
  }
}

/** The peer shed the call because too many of its handlers were busy. */
export class ChannelOverloadedError extends RemoteError {
  constructor(message = 'peer overloaded: too many calls in flight') {
    super('overloaded', message);
  }
}

/** Input that fails validation; `invalid` lists each bad field by path. */
export class ValidationError extends CorralError {
  readonly invalid: readonly InvalidField[];
  constructor(message: string, invalid: readonly InvalidField[] = []) {
    super('validation_error', message);
    this.invalid = invalid;
  }
}

/** A sandbox group could not be brought to `running` (or has given up). */
export class SandboxFailedError extends CorralError {
  constructor(
    readonly group: string,
    reason: string,
  ) {
    super('sandbox_failed', `sandbox "${group}" failed: ${reason}`);
  }
}
