/**
 * Home Assistant's error codes, and how the hub's typed errors map onto them.
 * A client shows `message`; `code` tells it what kind of failure it was.
 */
import { CorralError } from '../../errors.js';

export type HaErrorCode =
  | 'id_reuse'
  | 'invalid_format'
  | 'not_found'
  | 'not_allowed'
  | 'unknown_command'
  | 'unknown_error'
  | 'home_assistant_error'
  | 'service_validation_error'
  | 'timeout';

export class HaCommandError extends CorralError {
  constructor(
    readonly code: HaErrorCode,
    message: string,
  ) {
    super(`ha_${code}`, message);
  }
}

/** The HA code and message for whatever a command threw. */
export function haErrorOf(error: unknown): { code: HaErrorCode; message: string } {
  if (error instanceof HaCommandError) return { code: error.code, message: error.message };
  const message = error instanceof Error ? error.message : String(error);
  // By type, not class: errors from a sandbox arrive as RemoteError with the type they had there.
  const type = error instanceof CorralError ? error.type : (error as { type?: unknown } | null)?.type;
  if (typeof type !== 'string') return { code: 'unknown_error', message };
  if (type.endsWith('_not_found') || type.startsWith('unknown_')) return { code: 'not_found', message };
  if (type === 'validation_error' || type.startsWith('invalid_') || type.startsWith('json_'))
    return { code: 'invalid_format', message };
  if (type === 'service_response') return { code: 'service_validation_error', message };
  if (type === 'timeout') return { code: 'timeout', message };
  return { code: 'home_assistant_error', message };
}

/** The HTTP status a REST route answers for the same error. */
export function httpStatusOf(code: HaErrorCode): number {
  switch (code) {
    case 'not_found':
    case 'unknown_command':
      return 404;
    case 'invalid_format':
    case 'service_validation_error':
    case 'id_reuse':
      return 400;
    case 'not_allowed':
      return 403;
    case 'timeout':
      return 504;
    default:
      return 500;
  }
}
