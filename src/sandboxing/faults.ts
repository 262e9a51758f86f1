/**
 * Faults a user (or a test) can inflict on a running sandbox to watch the
 * supervisor at work. They act on the real process from outside, exactly like
 * the failures they stand for, so nothing in the sandbox has to cooperate.
 */

import type { Supervisor } from '../actors/supervisor.js';
import { CorralError } from '../errors.js';

export class NoSuchSandboxError extends CorralError {
  constructor(group: string | undefined, running: readonly string[]) {
    super(
      'sandbox_not_found',
      group === undefined
        ? 'no sandbox is running'
        : `no running sandbox "${group}"; running: ${running.length ? running.join(', ') : 'none'}`,
    );
  }
}

export interface Inflicted {
  readonly group: string;
  readonly pid: number;
}

/** The live process of `group`, or of the first running group when none is named. */
function target(supervisor: Supervisor, group: string | undefined): { group: string; pid: number } {
  const live = supervisor.connections.list().sort((a, b) => a.group.localeCompare(b.group));
  const found = group === undefined ? live[0] : live.find((l) => l.group === group);
  if (!found)
    throw new NoSuchSandboxError(
      group,
      live.map((l) => l.group),
    );
  return { group: found.group, pid: found.sandbox.pid };
}

/** A crash: SIGKILL, which no runtime can catch or clean up after. */
export function crashSandbox(supervisor: Supervisor, group?: string): Inflicted {
  const victim = target(supervisor, group);
  process.kill(victim.pid, 'SIGKILL');
  return victim;
}

/**
 * A hang: SIGSTOP freezes the process with its channel open, like a busy loop
 * would, so only the missed heartbeats reveal it; the supervisor's SIGKILL still
 * ends a stopped process.
 */
export function hangSandbox(supervisor: Supervisor, group?: string): Inflicted {
  const victim = target(supervisor, group);
  process.kill(victim.pid, 'SIGSTOP');
  return victim;
}
