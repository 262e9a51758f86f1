/**
 * What `corral/testing` throws: plain typed errors, so any test runner reports
 * them and a test can match them by `type`.
 */
import { CorralError } from '../errors.js';
import type { FlowAnswer } from '../host/flow-manager.js';

/** A flow answered a submitted step with the form again, with errors on its fields. */
export class FlowFormError extends CorralError {
  readonly errors: Readonly<Record<string, string>>;
  constructor(
    readonly domain: string,
    readonly answer: FlowAnswer & { type: 'form' },
  ) {
    super(
      'flow_form_errors',
      `flow of ${domain} stopped at step "${answer.stepId}" with errors: ${JSON.stringify(answer.errors)}`,
    );
    this.errors = answer.errors;
  }
}

/** A flow ended before every step given to `runFlow` was submitted, or without creating an entry. */
export class FlowOutcomeError extends CorralError {
  constructor(
    readonly domain: string,
    readonly answer: FlowAnswer,
    why: string,
  ) {
    super('flow_outcome', `flow of ${domain} ${why} (answer: ${JSON.stringify(answer)})`);
  }
}

/** An entry `setup` made did not load: its setup failed or asked to be retried until the wait ran out. */
export class EntryNotLoadedError extends CorralError {
  constructor(
    readonly entryId: string,
    readonly state: string,
    readonly reason: string | null,
  ) {
    super('entry_not_loaded', `entry ${entryId} is ${state}, not loaded${reason ? `: ${reason}` : ''}`);
  }
}

/** Something a test waited for did not happen within its (real-time) timeout. */
export class WaitTimeoutError extends CorralError {
  constructor(what: string, timeoutMs: number, last: string) {
    super('wait_timeout', `${what} did not happen within ${timeoutMs} ms (last: ${last})`);
  }
}

/** `advance` on a hub whose clock is real. */
export class ClockNotSimulatedError extends CorralError {
  constructor() {
    super(
      'clock_not_simulated',
      "advance() needs createTestHub({ clock: 'simulated' }); this hub's clock is real",
    );
  }
}

/** A fault that cannot act on this hub's isolation level or on this group. */
export class FaultUnsupportedError extends CorralError {
  constructor(fault: string, why: string) {
    super('fault_unsupported', `${fault}: ${why}`);
  }
}

/** A helper needs a group and the hub has none, or more than one it could mean. */
export class GroupNotFoundError extends CorralError {
  constructor(group: string | undefined, known: readonly string[]) {
    super(
      'sandbox_not_found',
      group === undefined
        ? `name the sandbox group: this hub has ${known.length ? known.join(', ') : 'none yet'}`
        : `no sandbox group "${group}"; this hub has ${known.length ? known.join(', ') : 'none yet'}`,
    );
  }
}

/** `close()` found sandboxes alive after the hub stopped (they were killed); each named with its group and pid. */
export class SandboxLeftAliveError extends CorralError {
  constructor(readonly sandboxes: readonly string[]) {
    super(
      'sandbox_left_alive',
      `sandboxes still alive after the hub stopped: ${sandboxes.join(', ')} (killed)`,
    );
  }
}
