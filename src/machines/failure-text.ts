/**
 * A sandbox failure in words, as an operator reads it in the hub log, `corral status`,
 * the API and the inspector: the reason code first (stable, greppable), then what
 * happened ("hung: no heartbeat answer for 4 s", "exit: exited with code 1").
 */
import type { SupervisionPolicy } from '../policy.js';
import type { FailureRecord } from './sandbox.js';

export type FailurePolicy = Pick<
  SupervisionPolicy,
  'heartbeatIntervalMs' | 'heartbeatMisses' | 'readyTimeoutMs'
>;

export function describeFailure(failure: FailureRecord, policy: FailurePolicy): string {
  const how = exitText(failure);
  switch (failure.reason) {
    case 'exit':
      return `exit: ${how ?? 'exited'}`;
    case 'hung': {
      // Each of the misses in a row waited a whole interval for its answer.
      const silent = policy.heartbeatIntervalMs * policy.heartbeatMisses;
      return withExit(`hung: no heartbeat answer for ${duration(silent)}`, how);
    }
    case 'ready_timeout':
      return withExit(`ready_timeout: not ready within ${duration(policy.readyTimeoutMs)}`, how);
    case 'channel_closed':
      return withExit(`channel_closed: ${failure.message || 'the sandbox closed its channel'}`, how);
    case 'spawn_error':
      return `spawn_error: could not start: ${failure.message || 'unknown error'}`;
    case 'memory':
      return withExit(`memory: ${failure.message || 'over its memory limit'}`, how);
    default:
      return String(failure.reason);
  }
}

function exitText(failure: FailureRecord): string | undefined {
  if (failure.signal) return `killed by ${failure.signal}`;
  if (failure.code != null) return `exited with code ${failure.code}`;
  return undefined;
}

function withExit(text: string, how: string | undefined): string {
  return how ? `${text} (${how})` : text;
}

/** `4 s`, `1.5 s`, `800 ms`. */
export function duration(ms: number): string {
  return ms >= 1_000 ? `${Number((ms / 1_000).toFixed(1))} s` : `${ms} ms`;
}
