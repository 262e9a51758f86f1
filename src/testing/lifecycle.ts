/**
 * The sandbox lifecycle as a test reads it: the supervisor's inspection stream
 * folded into one list of lifecycle states per sandbox group.
 *
 * Normalisation (the machine's states on the left):
 *
 * | state of the sandbox actor                      | label      |
 * | ----------------------------------------------- | ---------- |
 * | `live.starting.*` (spawning, awaiting `ready`)  | `starting` |
 * | `live.running.*` (heartbeat sub-states)         | `running`  |
 * | `live.reaping`, `crashed`                       | `crashed`  |
 * | `backoff`, only when it waits                   | `backoff`  |
 * | `failed.*` (exhausted, cooling down)            | `failed`   |
 * | `live.stopping.*`                               | `stopping` |
 * | `stopped`                                       | `stopped`  |
 *
 * `idle` is left out (each list starts at the first start), and consecutive
 * repeats collapse, so a SIGKILL reads `running, crashed, starting, running`
 * whether the supervisor saw the closed channel (and reaped) or the exit first.
 * The transient `crashed` is read from microsteps; `backoff` counts only when the
 * sandbox settles in it (an immediate first restart passes straight through).
 */
import type { AnyActorRef, InspectionEvent } from 'xstate';

export type SandboxLifecycle =
  | 'starting'
  | 'running'
  | 'crashed'
  | 'backoff'
  | 'failed'
  | 'stopping'
  | 'stopped';

export interface LifecycleTransition {
  readonly group: string;
  readonly state: SandboxLifecycle;
}

const SANDBOX_PREFIX = 'sandbox:';

/** The label of a sandbox actor's state value; undefined for `idle`. */
export function lifecycleLabel(value: unknown): SandboxLifecycle | undefined {
  if (value === 'crashed' || value === 'backoff' || value === 'stopped') return value;
  if (typeof value === 'object' && value !== null) {
    if ('failed' in value) return 'failed';
    const live = (value as { live?: unknown }).live;
    if (live === 'reaping') return 'crashed';
    if (typeof live === 'object' && live !== null) {
      if ('starting' in live) return 'starting';
      if ('running' in live) return 'running';
      if ('stopping' in live) return 'stopping';
    }
  }
  return undefined;
}

interface Spawned {
  readonly group: string;
  readonly generation: number;
  readonly pid: number;
  exited: boolean;
}

/** An `inspect` observer for the supervisor that records each group's lifecycle and its processes. */
export class LifecycleRecorder {
  readonly inspect = (event: InspectionEvent): void => this.receive(event);
  readonly #transitions: LifecycleTransition[] = [];
  readonly #current = new Map<string, SandboxLifecycle>();
  readonly #spawned = new Map<string, Spawned>();
  readonly #listeners = new Set<() => void>();

  /** Every group's transitions in order, or one group's states. */
  transitions(): LifecycleTransition[];
  transitions(group: string): SandboxLifecycle[];
  transitions(group?: string): LifecycleTransition[] | SandboxLifecycle[] {
    if (group === undefined) return [...this.#transitions];
    return this.#transitions.filter((t) => t.group === group).map((t) => t.state);
  }

  /** The group's latest label, if it has started. */
  current(group: string): SandboxLifecycle | undefined {
    return this.#current.get(group);
  }

  /** Groups that have started at least once. */
  groups(): string[] {
    return [...this.#current.keys()].sort();
  }

  /** Pids of sandbox processes spawned and not (yet) seen to exit. */
  unexitedPids(): number[] {
    return [...this.#spawned.values()].filter((s) => !s.exited && s.pid > 0).map((s) => s.pid);
  }

  /** Every pid spawned, in order. */
  pids(): number[] {
    return [...this.#spawned.values()].filter((s) => s.pid > 0).map((s) => s.pid);
  }

  /** Called after every recorded change; returns the unsubscribe. */
  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  private receive(event: InspectionEvent): void {
    const { id } = event.actorRef as AnyActorRef;
    if (!id.startsWith(SANDBOX_PREFIX)) return;
    const group = id.slice(SANDBOX_PREFIX.length);
    if (event.type === '@xstate.microstep') {
      const label = lifecycleLabel((event.snapshot as { value?: unknown }).value);
      // A backoff that waits shows up as the settled snapshot below; a zero one passes through.
      if (label !== undefined && label !== 'backoff') this.record(group, label);
    } else if (event.type === '@xstate.snapshot') {
      const value = (event.snapshot as { value?: unknown }).value;
      if (value === 'backoff') this.record(group, 'backoff');
      else {
        const label = lifecycleLabel(value);
        // Snapshots repeat what the microsteps said; they matter for `stopped` (a final state).
        if (label === 'stopped') this.record(group, label);
      }
    } else if (event.type === '@xstate.event') {
      this.track(group, event.event as { type: string; generation?: number; pid?: number });
    }
  }

  private record(group: string, state: SandboxLifecycle): void {
    if (this.#current.get(group) === state) return;
    this.#current.set(group, state);
    this.#transitions.push({ group, state });
    for (const listener of this.#listeners) listener();
  }

  private track(group: string, event: { type: string; generation?: number; pid?: number }): void {
    if (event.generation === undefined) return;
    const key = `${group}#${event.generation}`;
    if (event.type === 'process.spawned' && event.pid !== undefined) {
      this.#spawned.set(key, { group, generation: event.generation, pid: event.pid, exited: false });
    } else if (event.type === 'process.exited') {
      const spawned = this.#spawned.get(key);
      if (spawned) spawned.exited = true;
    }
  }
}
