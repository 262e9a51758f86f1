/**
 * Why: Node opens its inspector (arbitrary code execution in the host) on SIGUSR1, and a
 * process that can signal the host (a sandbox without the OS sandbox, any process of the
 * same user) could then attach to it. A listener of our own keeps Node's from running.
 */
import type { Logger } from '../logger.js';

let installed = false;

/** Install the SIGUSR1 guard once per process; each later signal is logged and ignored. */
export function refuseDebugSignal(logger: Logger): void {
  if (installed || process.platform === 'win32') return;
  installed = true;
  process.on('SIGUSR1', () =>
    logger('warn', 'SIGUSR1 ignored: the host never opens a debugger on a signal (use node --inspect)'),
  );
}
