/**
 * Simulated time for a test hub. `advance` moves the clock from one due timer to
 * the next and, between jumps, lets the hub settle: the work that runs on real
 * time — a sandbox process starting, a call to a sandbox awaiting its answer, an
 * entry's setup reading files — gets up to `settleTimeoutMs` of real time to
 * finish before simulated time moves on, so a healthy sandbox never looks hung
 * just because time was simulated. The harness does not wait for what it holds
 * back itself (frozen processes, withheld frames).
 */
import { CorralError } from '../errors.js';
import type { Hub } from '../host/hub.js';
import { MAIN_GROUP } from '../host/router.js';
import type { SandboxRouter } from '../sandboxing/sandbox-router.js';
import type { SteppedClock } from './clock.js';
import type { GroupFrameFaults } from './frame-faults.js';
import type { LifecycleRecorder } from './lifecycle.js';

export interface SettleDeps {
  readonly hub: Hub;
  readonly router: SandboxRouter | undefined;
  readonly recorder: LifecycleRecorder;
  readonly frames: ReadonlyMap<string, GroupFrameFaults>;
  readonly frozen: ReadonlySet<number>;
  readonly settleTimeoutMs: number;
}

/** Bound on timer jumps in one `advance`: a timer that keeps re-arming at the same instant is a bug. */
const MAX_JUMPS = 100_000;

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Nothing the hub is doing on real time is left to wait for. */
export function isQuiet(deps: SettleDeps): boolean {
  const { hub, router, recorder, frames, frozen } = deps;
  for (const entry of hub.entries.list()) {
    const state = hub.entries.state(entry.entryId);
    if (state !== 'setup_in_progress' && state !== 'unload_in_progress') continue;
    // In a sandbox that is not running, the setup waits on simulated time (a backoff, a held ready).
    if (entry.sandbox === MAIN_GROUP || !router || recorder.current(entry.sandbox) === 'running')
      return false;
  }
  if (!router) return true;
  for (const group of recorder.groups()) {
    const faults = frames.get(group);
    const live = router.supervisor.connections.get(group);
    // What the harness holds back itself will not answer, however long it waits.
    const heldBack =
      (faults?.withholding ?? false) ||
      (live?.pid !== null && live?.pid !== undefined && frozen.has(live.pid));
    switch (recorder.current(group)) {
      case 'starting':
        // A process still starting for real; once its ready is in (held or not), the rest is the machine's.
        if (!faults?.current?.sawReady && !faults?.current?.silenced) return false;
        break;
      case 'running':
      case 'stopping':
        if (!heldBack && (live?.channel.pendingCalls ?? 0) > 0) return false;
        break;
      case 'crashed':
        // Reaping: SIGKILL sent, the exit is on its way (a frozen process dies of it too).
        if (live) return false;
        break;
      default:
        break;
    }
  }
  return true;
}

/** Yield until the hub is quiet (twice in a row), at most `settleTimeoutMs` of real time. */
export async function settle(deps: SettleDeps): Promise<void> {
  const until = performance.now() + deps.settleTimeoutMs;
  for (;;) {
    await turn();
    if (isQuiet(deps)) {
      await turn();
      if (isQuiet(deps)) return;
    }
    if (performance.now() >= until) return;
    await sleep(1);
  }
}

/** Move `clock` forward by `ms`, timer by timer, settling the hub after each jump. */
export async function advanceClock(clock: SteppedClock, ms: number, deps: SettleDeps): Promise<void> {
  if (!(ms >= 0)) throw new RangeError(`advance(ms) needs a duration >= 0, not ${ms}`);
  const target = clock.now() + ms;
  await settle(deps);
  for (let jumps = 0; ; jumps++) {
    if (jumps > MAX_JUMPS) {
      throw new CorralError('advance_runaway', `more than ${MAX_JUMPS} timers fired at or before ${target}`);
    }
    const next = clock.nextDue();
    if (next === undefined || next > target) break;
    clock.set(Math.max(next, clock.now()));
    await settle(deps);
  }
  if (clock.now() < target) clock.set(target);
  await settle(deps);
}

/**
 * Await `done` while moving simulated time on whenever the hub is quiet, so what
 * waits on timers (a stop's grace, a kill deadline) still ends.
 */
export async function driveUntil<T>(clock: SteppedClock, done: Promise<T>, deps: SettleDeps): Promise<T> {
  let finished = false;
  const watched = done.finally(() => {
    finished = true;
  });
  watched.catch(() => {});
  while (!finished) {
    await Promise.race([
      watched.then(
        () => undefined,
        () => undefined,
      ),
      settle(deps),
    ]);
    if (finished) break;
    const next = clock.nextDue();
    if (next !== undefined) clock.set(Math.max(next, clock.now()));
    else await sleep(5);
  }
  return done;
}
