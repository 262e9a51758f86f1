/**
 * Faults a test inflicts on one sandbox group. Process faults act on the real
 * process from outside (SIGKILL, SIGSTOP) as `src/sandboxing/faults.ts` does;
 * frame faults act on the host's end of the group's channel; the store fault on
 * the group's store directory; memory exhaustion runs `corral_fault` in the group.
 */
import { join } from 'node:path';
import { ChannelClosedError, type StoreError } from '../errors.js';
import type { Hub } from '../host/hub.js';
import { MAIN_GROUP } from '../host/router.js';
import { armStoreWriteFault } from '../host/store-backend.js';
import { crashSandbox, hangSandbox, NoSuchSandboxError } from '../sandboxing/faults.js';
import type { SandboxRouter } from '../sandboxing/sandbox-router.js';
import { FaultUnsupportedError } from './errors.js';
import { FAULT_DOMAIN } from './fault-integration.js';
import {
  directionsOf,
  type FrameDirection,
  type FrameDirections,
  type FrameFaultStats,
  type FramePredicate,
  type GroupFrameFaults,
  seededRandom,
} from './frame-faults.js';

/** The sandbox a fault hit: its group and its process (null for a worker thread). */
export interface FaultTarget {
  readonly group: string;
  readonly pid: number | null;
}

/** An armed `failNextStoreWrite`. */
export interface StoreWriteFaultHandle {
  /** Resolves when a write hit the fault: which key, and the error it rejected with. */
  readonly fired: Promise<{ key: string; error: StoreError }>;
  /** Disarm it if it has not fired. */
  disarm(): void;
}

export interface SandboxFaults {
  readonly group: string;
  /** Frames dropped, corrupted and delayed in this group so far. */
  readonly stats: Readonly<FrameFaultStats>;
  /** SIGKILL the group's process now (a worker thread: `terminate()`). */
  crash(): FaultTarget;
  /**
   * Freeze the group's process with its channel open (SIGSTOP); only missed
   * heartbeats reveal it. A worker thread cannot be stopped: its channel goes
   * silent both ways instead, which the host sees the same way.
   */
  hang(): FaultTarget;
  /** The group's next launch has its `ready` (and what follows) held for `ms`. */
  slowReady(ms: number): void;
  /** Every frame of the group waits `ms` more, order kept; `0` lifts it. Default: both directions. */
  delayFrames(ms: number, options?: { direction?: FrameDirections }): void;
  /**
   * Drop frames: those `predicate` picks, or a `ratio` (0..1) of them (of those
   * `only` picks) by a seeded generator. `0` lifts it. Default: both directions.
   */
  dropFrames(
    what: number | FramePredicate,
    options?: { direction?: FrameDirections; seed?: number; only?: FramePredicate },
  ): void;
  /** The next frame (default: from the sandbox) arrives as bytes no decoder accepts. */
  corruptNextFrame(options?: { direction?: FrameDirection }): void;
  /**
   * The next write to the group's store (by default of any key an integration
   * owns, i.e. not `core.`) rejects with `StoreError` and writes nothing.
   */
  failNextStoreWrite(options?: { key?: string | ((key: string) => boolean) }): StoreWriteFaultHandle;
  /**
   * Run `corral_fault.exhaust_memory` in the group: it allocates until the
   * sandbox's heap cap ends the runtime. Resolves once the call failed with the
   * closed channel, i.e. the runtime is gone.
   */
  exhaustMemory(): Promise<FaultTarget>;
  /** Lift the frame faults: delays, drops, pending corruption, silence. */
  clear(): void;
}

export interface FaultDeps {
  readonly hub: Hub;
  readonly router: SandboxRouter | undefined;
  readonly isolation: 'inline' | 'process' | 'worker';
  readonly configDir: string;
  readonly frames: (group: string) => GroupFrameFaults;
  /** Pids this hub froze: the harness does not wait for them to answer. */
  readonly frozen: Set<number>;
  /** Store faults to disarm on close. */
  readonly disarms: Set<() => void>;
  readonly groupOf: (domain: string) => string;
  readonly setup: (domain: string) => Promise<string>;
}

const integrationKey = (key: string) => !key.startsWith('core.');

export function sandboxFaults(group: string, deps: FaultDeps): SandboxFaults {
  const frames = () => deps.frames(group);

  /** The router of a hub whose `group` runs in sandboxes, or why this fault cannot act. */
  const sandboxed = (fault: string): SandboxRouter => {
    if (!deps.router) {
      throw new FaultUnsupportedError(
        fault,
        'this hub runs integrations inline, in the test process; use isolation "process" or "worker"',
      );
    }
    if (group === MAIN_GROUP) {
      throw new FaultUnsupportedError(
        fault,
        `group "${MAIN_GROUP}" runs in the host process, not in a sandbox`,
      );
    }
    return deps.router;
  };

  const live = (fault: string) => {
    const router = sandboxed(fault);
    const found = router.supervisor.connections.list().find((l) => l.group === group);
    if (!found)
      throw new NoSuchSandboxError(
        group,
        router.supervisor.connections.list().map((l) => l.group),
      );
    return { router, sandbox: found.sandbox };
  };

  return {
    group,
    get stats() {
      return { ...frames().stats };
    },

    crash() {
      const { router } = live('crash');
      return crashSandbox(router.supervisor, group);
    },

    hang() {
      const { router, sandbox } = live('hang');
      if (sandbox.launcher === 'worker') {
        const transport = frames().current;
        if (!transport) throw new FaultUnsupportedError('hang', `no channel of group "${group}" to silence`);
        transport.silenced = true;
        return { group, pid: null };
      }
      const victim = hangSandbox(router.supervisor, group);
      if (victim.pid !== null) deps.frozen.add(victim.pid);
      return victim;
    },

    slowReady(ms) {
      sandboxed('slowReady');
      frames().delayNextReady(ms);
    },

    delayFrames(ms, options = {}) {
      sandboxed('delayFrames');
      for (const direction of directionsOf(options.direction ?? 'both')) frames().delayMs[direction] = ms;
    },

    dropFrames(what, options = {}) {
      sandboxed('dropFrames');
      const random = seededRandom(options.seed ?? 1);
      const only = options.only ?? (() => true);
      const predicate: FramePredicate | undefined =
        typeof what === 'function' ? what : what > 0 ? (frame) => only(frame) && random() < what : undefined;
      for (const direction of directionsOf(options.direction ?? 'both')) {
        if (predicate) frames().drop[direction] = predicate;
        else delete frames().drop[direction];
      }
    },

    corruptNextFrame(options = {}) {
      sandboxed('corruptNextFrame');
      frames().corrupt[options.direction ?? 'in'] += 1;
    },

    failNextStoreWrite(options = {}) {
      const { key } = options;
      const matches =
        key === undefined ? integrationKey : typeof key === 'string' ? (k: string) => k === key : key;
      const dir =
        group === MAIN_GROUP
          ? join(deps.configDir, '.storage')
          : join(deps.configDir, '.storage', 'sandbox', group);
      let resolveFired!: (hit: { key: string; error: StoreError }) => void;
      const fired = new Promise<{ key: string; error: StoreError }>((resolve) => {
        resolveFired = resolve;
      });
      const disarm = armStoreWriteFault(dir, {
        matches,
        fired: (hitKey, error) => {
          deps.disarms.delete(disarm);
          resolveFired({ key: hitKey, error });
        },
      });
      deps.disarms.add(disarm);
      return {
        fired,
        disarm: () => {
          deps.disarms.delete(disarm);
          disarm();
        },
      };
    },

    async exhaustMemory() {
      sandboxed('exhaustMemory');
      if (!deps.hub.catalog.get(FAULT_DOMAIN)) {
        throw new FaultUnsupportedError(
          'exhaustMemory',
          `it runs the ${FAULT_DOMAIN} integration, which this hub was created without (faultIntegration: false)`,
        );
      }
      const faultGroup = deps.groupOf(FAULT_DOMAIN);
      if (faultGroup !== group) {
        throw new FaultUnsupportedError(
          'exhaustMemory',
          `${FAULT_DOMAIN} runs in group "${faultGroup}", not "${group}" (per-domain isolation gives it a group of its own)`,
        );
      }
      const existing = deps.hub.entries.list(FAULT_DOMAIN).find((entry) => entry.sandbox === group);
      if (!existing || deps.hub.entries.state(existing.entryId) !== 'loaded') await deps.setup(FAULT_DOMAIN);
      const { sandbox } = live('exhaustMemory');
      try {
        await deps.hub.services.call(FAULT_DOMAIN, 'exhaust_memory', {});
      } catch (error) {
        if ((error as { type?: unknown }).type !== new ChannelClosedError().type) throw error;
        // The channel closes as the runtime dies; the exit itself may come a little later.
        await sandbox.exited;
        return { group, pid: sandbox.pid };
      }
      throw new FaultUnsupportedError(
        'exhaustMemory',
        `the sandbox of "${group}" survived; is its heap uncapped?`,
      );
    },

    clear() {
      frames().clear();
      const transport = frames().current;
      if (transport) transport.silenced = false;
    },
  };
}
