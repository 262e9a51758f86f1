/**
 * Restore-state inside a sandbox. The sandbox keeps nothing on disk: the host holds
 * the last run's states under `core.restore_state` of the group's store, the runtime
 * warm-loads them before `ready`, entities that opt in get theirs back before their
 * first report, and `shutdown` hands the current states back for the host to keep.
 */
import { STATE_UNAVAILABLE } from '../host/types.js';
import type { Logger } from '../logger.js';
import type { EntityStateReport, SdkEntity } from '../sdk/types.js';
import { decodeJson } from '../wire/json.js';
import {
  type RestoredState,
  SANDBOX_RESTORE_STATE_KEY,
  sandboxRestoreStateFromJson,
} from '../wire/messages.js';
import type { HostLink } from './host-link.js';

/**
 * Bound on the warm-load, ms: it runs before `ready`, and the host kills a sandbox
 * that is not ready within its ready timeout (10 s by default) — better to start
 * with nothing restored than not at all.
 */
export const WARM_LOAD_TIMEOUT_MS = 5_000;

export class RestoreCache {
  /** Last known states: warm-loaded, then replaced as tracked entities go. */
  readonly #last = new Map<string, RestoredState>();
  /** Restore-enabled entities the host has, by sandbox entity id. */
  readonly #tracked = new Map<string, SdkEntity>();

  constructor(
    private readonly link: HostLink,
    private readonly logger: Logger,
  ) {}

  /**
   * Read what the host kept from the last run; a host without it (or failing) means
   * nothing to restore. `timeoutMs` 0 waits for as long as the channel is open (a spare).
   */
  async warmLoad(timeoutMs = WARM_LOAD_TIMEOUT_MS): Promise<void> {
    let found: unknown;
    try {
      const result = await this.link.call('store_load', { key: SANDBOX_RESTORE_STATE_KEY }, { timeoutMs });
      if (!result.found) return;
      found = decodeJson(result.data);
    } catch (error) {
      // A host that serves no store answers `unknown_type`: nothing to restore, nothing to say.
      if ((error as { type?: unknown }).type !== 'unknown_type') {
        this.logger('warn', `restore-state not loaded, entities start fresh: ${(error as Error).message}`);
      }
      return;
    }
    for (const [id, state] of sandboxRestoreStateFromJson(found)) this.#last.set(id, state);
  }

  /** What `id` had when it was last seen, as a copy the entity may keep. */
  lastState(id: string): { state: string; attributes: Record<string, unknown> } | undefined {
    const last = this.#last.get(id);
    return last && { state: last.state, attributes: structuredClone(last.attributes) };
  }

  /** Keep `entity`'s state from now on (it is on the host). */
  track(id: string, entity: SdkEntity): void {
    this.#tracked.set(id, entity);
  }

  /** The entity goes (unload): its current state becomes its last state. */
  release(id: string): void {
    const entity = this.#tracked.get(id);
    if (!entity) return;
    this.#tracked.delete(id);
    const state = restoredStateOf(entity.report());
    if (state) this.#last.set(id, state);
  }

  /** The entity is gone for good (removed by its integration): keep nothing. */
  forget(id: string): void {
    this.#tracked.delete(id);
    this.#last.delete(id);
  }

  /**
   * Every state to keep: tracked entities' current states, and the last states of
   * entities not set up this run (their entry may come back). An unavailable entity
   * keeps its last real state.
   */
  snapshot(): Map<string, RestoredState> {
    const out = new Map(this.#last);
    for (const [id, entity] of this.#tracked) {
      const state = restoredStateOf(entity.report());
      if (state) out.set(id, state);
    }
    return out;
  }
}

function restoredStateOf(report: EntityStateReport): RestoredState | undefined {
  if (report.state === STATE_UNAVAILABLE) return undefined;
  return { state: report.state, attributes: { ...report.capabilities, ...report.attributes } };
}
