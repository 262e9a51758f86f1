/**
 * Faults a user (or a test) can inflict on a running sandbox to watch the
 * supervisor at work. They act on the real process from outside, exactly like
 * the failures they stand for, so nothing in the sandbox has to cooperate.
 */

import type { SandboxInstance, SandboxLauncher } from '../actors/launch.js';
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

/** A worker thread shares the host's process: SIGSTOP would freeze the host, and nothing else freezes a thread. */
export class UnsupportedFaultError extends CorralError {
  constructor(fault: string, group: string) {
    super(
      'fault_unsupported',
      `cannot ${fault} sandbox "${group}": it runs in a worker thread, which cannot be frozen from outside ` +
        "without freezing the host; run it with launcher 'process' to try this fault",
    );
  }
}

export interface Inflicted {
  readonly group: string;
  /** The sandbox's process; null for a worker thread, which has none of its own. */
  readonly pid: number | null;
}

/** The live sandbox of `group`, or of the first running group when none is named. */
function target(
  supervisor: Supervisor<SandboxLauncher>,
  group: string | undefined,
): { group: string; sandbox: SandboxInstance } {
  const live = supervisor.connections.list().sort((a, b) => a.group.localeCompare(b.group));
  const found = group === undefined ? live[0] : live.find((l) => l.group === group);
  if (!found)
    throw new NoSuchSandboxError(
      group,
      live.map((l) => l.group),
    );
  return found;
}

/**
 * A crash: SIGKILL, which no runtime can catch or clean up after (a worker:
 * `terminate()`). Always through the sandbox's own `kill`, which signals only
 * the child it spawned — never a pid that may have been reused.
 */
export function crashSandbox(supervisor: Supervisor<SandboxLauncher>, group?: string): Inflicted {
  const victim = target(supervisor, group);
  victim.sandbox.kill('SIGKILL');
  return { group: victim.group, pid: victim.sandbox.pid };
}

/**
 * A hang: SIGSTOP freezes the process with its channel open, like a busy loop
 * would, so only the missed heartbeats reveal it; the supervisor's SIGKILL still
 * ends a stopped process.
 */
export function hangSandbox(supervisor: Supervisor<SandboxLauncher>, group?: string): Inflicted {
  const victim = target(supervisor, group);
  if (victim.sandbox.launcher === 'worker') throw new UnsupportedFaultError('hang', victim.group);
  victim.sandbox.kill('SIGSTOP');
  return { group: victim.group, pid: victim.sandbox.pid };
}
