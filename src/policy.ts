/**
 * Every limit, timeout and budget Corral enforces, as typed values with their
 * defaults in this one place. Callers override with a partial; nothing else in
 * the code base holds a bare number for these.
 */

const MiB = 1024 * 1024;

/** Limits of one channel (both sides of the wire use the same defaults). */
export interface ChannelPolicy {
  /** Largest frame accepted; a larger length prefix closes the channel without allocating. */
  readonly maxFrameBytes: number;
  /** Inbound handlers allowed to run at once. */
  readonly maxRunningHandlers: number;
  /** Inbound handlers running plus queued; past it calls get `overloaded` and pushes are dropped. */
  readonly maxQueuedHandlers: number;
  /** Default timeout of an outbound call, ms; 0 disables it. */
  readonly callTimeoutMs: number;
  /** How long `drain()` lets in-flight inbound handlers finish before closing anyway, ms. */
  readonly drainTimeoutMs: number;
  /**
   * Inbound work one stream transport may do per event-loop turn, ms: past it the stream
   * is paused until the next turn, so one peer's flood cannot hold the host's loop and
   * the pipe pushes back on the flooding peer. The frames per turn adapt to stay within it.
   */
  readonly inboundTurnBudgetMs: number;
}

export const defaultChannelPolicy: ChannelPolicy = Object.freeze({
  maxFrameBytes: 16 * MiB,
  maxRunningHandlers: 16,
  maxQueuedHandlers: 1024,
  callTimeoutMs: 30_000,
  drainTimeoutMs: 5_000,
  inboundTurnBudgetMs: 8,
});

/** Exponential backoff between restarts: `0` for the first, then `initialMs * 2^(n-1)` up to `maxMs`. */
export interface BackoffPolicy {
  readonly initialMs: number;
  readonly maxMs: number;
  /** Fraction of each delay randomised (0.2 = ±20 %), so sandboxes do not restart in lock-step. */
  readonly jitter: number;
  /** A sandbox running this long without a crash has its backoff reset. */
  readonly resetAfterMs: number;
}

/** OTP-style supervision of one sandbox group. */
export interface SupervisionPolicy {
  /** Bound on spawn -> ready for every attempt, first start and respawns alike. */
  readonly readyTimeoutMs: number;
  /**
   * At most `intensity` restarts within any sliding `periodMs` window, and at most
   * `intensity` in a row without a proven-healthy run (an answered heartbeat
   * `backoff.resetAfterMs` after ready); one more -> `failed`. The second bound holds
   * a sandbox that hangs after every restart, however long a hang takes to detect.
   */
  readonly restartIntensity: number;
  readonly restartPeriodMs: number;
  readonly backoff: BackoffPolicy;
  /**
   * Heartbeat ping interval while running, and how long each ping waits for its answer;
   * 0 disables liveness checks. A missed ping is repeated at once, so a hang is reaped
   * within `heartbeatIntervalMs × (1 + heartbeatMisses)` (6 s by default).
   */
  readonly heartbeatIntervalMs: number;
  /** Consecutive unanswered heartbeats after which the sandbox counts as hung. */
  readonly heartbeatMisses: number;
  /** Graceful `shutdown` call, then SIGTERM, allowed this long in total. */
  readonly stopGraceMs: number;
  /** After SIGTERM's grace, SIGKILL and wait at most this long for the exit. */
  readonly killAfterMs: number;
  /**
   * Cool-down retries after `failed`: wait `coolDownMs[i]` before retry i; the last
   * value repeats. Empty disables retries.
   */
  readonly coolDownMs: readonly number[];
}

export const defaultSupervisionPolicy: SupervisionPolicy = Object.freeze({
  readyTimeoutMs: 10_000,
  restartIntensity: 3,
  restartPeriodMs: 60_000,
  backoff: Object.freeze({ initialMs: 500, maxMs: 30_000, jitter: 0.2, resetAfterMs: 60_000 }),
  heartbeatIntervalMs: 2_000,
  heartbeatMisses: 2,
  stopGraceMs: 5_000,
  killAfterMs: 2_000,
  coolDownMs: Object.freeze([10 * 60_000, 60 * 60_000]),
});

/** Resource caps applied to a sandbox process. */
export interface ProcessPolicy {
  /** V8 old-space cap in MiB (`--max-old-space-size`); 0 leaves Node's default. */
  readonly maxOldSpaceMiB: number;
  /** Run the child under Node's permission model with reads limited to its own code. */
  readonly permissionModel: boolean;
  /**
   * Host environment variables a sandbox sees; every other one (tokens,
   * credentials, the host's own settings) stays in the host.
   */
  readonly passEnv: readonly string[];
  /**
   * Keep one pre-started runtime per group (its integrations imported) that takes over
   * after a crash, so a restart skips the cold start. Costs one idle process per group.
   * Process launcher with the pipe transport only.
   */
  readonly warmSpare: boolean;
  /** How long after a generation is ready its group's next spare is started, ms. */
  readonly spareDelayMs: number;
  /**
   * Resident memory of a sandbox's whole process tree (heap, off-heap buffers and any
   * child it spawned), MiB; past it the sandbox is killed and counted as a crash with
   * the reason `memory`. 0 disables the watch.
   */
  readonly maxRssMiB: number;
  /** How often the host reads each sandbox's RSS from /proc, ms. */
  readonly rssCheckIntervalMs: number;
  /**
   * The unprivileged uid and gid a sandbox runs as under the OS sandbox when the host
   * runs as root (a non-root host's sandboxes keep its uid, inside a user namespace).
   */
  readonly sandboxUid: number;
  readonly sandboxGid: number;
  /** A sandbox's stdout/stderr line longer than this is cut and marked as cut, bytes. */
  readonly maxOutputLineBytes: number;
  /** Lines per second per stream passed to the log; the rest are counted and reported as dropped. */
  readonly maxOutputLinesPerSecond: number;
}

export const defaultProcessPolicy: ProcessPolicy = Object.freeze({
  maxOldSpaceMiB: 256,
  // A second layer inside the OS sandbox, and the only one where bwrap cannot run.
  permissionModel: true,
  passEnv: Object.freeze([
    'PATH',
    'HOME',
    'TMPDIR',
    'LANG',
    'LANGUAGE',
    'LC_ALL',
    'LC_CTYPE',
    'TZ',
    'NODE_ENV',
  ]),
  warmSpare: false,
  spareDelayMs: 1_000,
  // Twice the heap cap: room for Node's own off-heap use, not for a hoard of Buffers.
  maxRssMiB: 512,
  rssCheckIntervalMs: 1_000,
  // No account on a Debian host uses it (system uids end at 999, users at 59999).
  sandboxUid: 61_000,
  sandboxGid: 61_000,
  maxOutputLineBytes: 8 * 1024,
  maxOutputLinesPerSecond: 200,
});

/** Storage: write coalescing on main, and the quotas of one sandbox group's store server (§6). */
export interface StorePolicy {
  /** How long `delaySave` waits for more changes before writing, ms. */
  readonly delaySaveMs: number;
  /** A delayed save that keeps being postponed is written after at most this long, ms. */
  readonly delaySaveMaxMs: number;
  /** Longest store key, in characters. */
  readonly maxKeyLength: number;
  /** Largest serialised value of one key from a sandbox group, bytes. */
  readonly maxValueBytes: number;
  /** Largest total of all values of one sandbox group, bytes. */
  readonly maxGroupBytes: number;
  /** Most keys one sandbox group may hold. */
  readonly maxGroupKeys: number;
  /** A restore-state entry of an entity not seen for this long is dropped on the next dump, ms. */
  readonly restoreStateExpiryMs: number;
}

export const defaultStorePolicy: StorePolicy = Object.freeze({
  delaySaveMs: 1_000,
  delaySaveMaxMs: 10_000,
  maxKeyLength: 128,
  maxValueBytes: 4 * MiB,
  maxGroupBytes: 32 * MiB,
  maxGroupKeys: 256,
  restoreStateExpiryMs: 7 * 24 * 60 * 60_000,
});

/** The host-side bridge of one sandbox group (§6): its context cache and its pulls from the sandbox. */
export interface BridgePolicy {
  /** How long a context handed to a sandbox can be resolved back to the original, ms. */
  readonly contextTtlMs: number;
  /** Most contexts kept at once, on the remember and the resolve path alike; the oldest go first. */
  readonly contextCacheMax: number;
  /** A `get_translations` call unanswered this long degrades to no strings, ms. */
  readonly translationTimeoutMs: number;
  /**
   * A sandboxed `entry_setup` unanswered this long is unloaded in the sandbox (so a late
   * finish leaves nothing behind) and retried with the entry's backoff, ms.
   */
  readonly entrySetupTimeoutMs: number;
  /**
   * A flow call (`flow_init`, `flow_step`, starting the sandbox included) unanswered this
   * long tells the user "the integration is not responding" and aborts the flow, ms.
   */
  readonly flowCallTimeoutMs: number;
}

export const defaultBridgePolicy: BridgePolicy = Object.freeze({
  contextTtlMs: 15 * 60_000,
  contextCacheMax: 10_000,
  translationTimeoutMs: 5_000,
  entrySetupTimeoutMs: 60_000,
  flowCallTimeoutMs: 8_000,
});

/**
 * Caps on what one sandbox group can make the host keep in memory, enforced on the
 * host from its own counts (`src/bridge/gates.ts`). The flow fields apply to every
 * config flow of the hub's `FlowManager`, in-process ones too. Why each default
 * is what it is: the `caps` section of docs/configuration.md.
 */
export interface SandboxCapsPolicy {
  /** Most entities one group may hold on the host at once; past it `register_entity` is refused. */
  readonly maxEntitiesPerGroup: number;
  /**
   * Largest attributes of one entity, bytes of encoded JSON (its attributes plus its
   * capabilities). Home Assistant's recorder stops storing attributes over 16 KiB; this
   * leaves four times that for an integration's live view before the host refuses them.
   */
  readonly maxAttributeBytesPerEntity: number;
  /** Largest total of the attribute bytes of all of one group's entities. */
  readonly maxAttributeBytesPerGroup: number;
  /** Most services one group may hold registered. */
  readonly maxServicesPerGroup: number;
  /** Most flows open at once for one integration domain (every flow kind and source). */
  readonly maxOpenFlowsPerDomain: number;
  /** A flow left waiting for input this long is aborted and freed, ms; 0 keeps it open. */
  readonly flowIdleTimeoutMs: number;
  /** `fire_event` pushes one group may make per second, sustained; past it they are shed. */
  readonly eventsPerSecond: number;
  /** How many events a group may fire at once above the sustained rate (the token bucket's size). */
  readonly eventBurst: number;
  /** The same refusal or drop is logged at most once per this long (per entity for state updates), ms. */
  readonly logIntervalMs: number;
}

export const defaultSandboxCapsPolicy: SandboxCapsPolicy = Object.freeze({
  maxEntitiesPerGroup: 10_000,
  maxAttributeBytesPerEntity: 64 * 1024,
  maxAttributeBytesPerGroup: 32 * MiB,
  maxServicesPerGroup: 1_000,
  maxOpenFlowsPerDomain: 32,
  flowIdleTimeoutMs: 60 * 60_000,
  eventsPerSecond: 100,
  eventBurst: 500,
  logIntervalMs: 60_000,
});

type DeepPartial<T> = { [K in keyof T]?: T[K] extends readonly unknown[] ? T[K] : DeepPartial<T[K]> };

/** Merge an override into a policy (one level of nesting, arrays replaced whole). */
export function withPolicy<T extends object>(base: T, override?: DeepPartial<T>): T {
  if (!override) return base;
  const out = { ...base } as Record<string, unknown>;
  for (const [key, value] of Object.entries(override)) {
    if (value === undefined) continue;
    const current = (base as unknown as Record<string, unknown>)[key];
    out[key] =
      current && typeof current === 'object' && !Array.isArray(current) && typeof value === 'object'
        ? { ...current, ...value }
        : value;
  }
  return Object.freeze(out) as T;
}
