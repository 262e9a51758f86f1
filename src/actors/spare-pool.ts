/**
 * Warm spares: one pre-started runtime per sandbox group, so a restart after a
 * crash skips the cold start. A spare is spawned with `--spare`: it loads the
 * runtime and imports its group's integrations (and with them `corral/sdk`), then
 * asks the host for its restore-state and waits — the host reads nothing from
 * it until it is claimed. Claiming connects its channel, so everything from the
 * restore-state onwards happens for the new generation, exactly as in a fresh start.
 *
 * A spare is used only if it was launched with the same command line and
 * environment a fresh launch would get now (a group that gained an integration
 * under the permission model needs another `--allow-fs-read`); otherwise it is
 * killed and a fresh one launched. What it imported ahead is only a head start:
 * a spare missing an integration imports it at setup, like a fresh start, and
 * `fill` replaces a spare that misses one.
 */
import type { Logger } from '../logger.js';
import { defaultProcessPolicy } from '../policy.js';
import {
  type LaunchOptions,
  type ProcessExit,
  type SpawnedChild,
  sandboxArgs,
  sandboxEnv,
  spawnSandboxChild,
} from './launch.js';

interface Spare extends SpawnedChild {
  /** The launch it was made for: command line and environment. */
  readonly key: string;
  /** The integration directories it imported. */
  readonly preload: readonly string[];
}

/** The runtime arguments that make a spare: wait before the handshake, import these first. */
export function spareArgs(preload: readonly string[]): string[] {
  return ['--spare', ...preload.flatMap((dir) => ['--preload', dir])];
}

export class SparePool {
  readonly #spares = new Map<string, Spare>();
  /** Groups whose spare is being spawned, so two fills never make two spares. */
  readonly #filling = new Set<string>();
  #closed = false;

  constructor(private readonly logger: Logger) {}

  /** What a fresh launch of `options` would run; a spare must match it to be used. */
  static keyOf(options: LaunchOptions): string {
    const policy = options.policy ?? defaultProcessPolicy;
    return JSON.stringify([
      sandboxArgs(options, 'fd://3'),
      sandboxEnv(policy, options.group),
      options.transport ?? 'pipe',
    ]);
  }

  /**
   * Start a spare for `options.group` unless it has one that fits (or one is starting);
   * one launched for another command line, or missing one of `preload`, is replaced.
   */
  async fill(options: LaunchOptions, preload: readonly string[]): Promise<void> {
    const { group } = options;
    if (this.#closed || this.#filling.has(group)) return;
    const current = this.#spares.get(group);
    if (current) {
      const fits =
        current.key === SparePool.keyOf(options) && preload.every((dir) => current.preload.includes(dir));
      if (fits) return;
      await this.discard(group);
      if (this.#closed || this.#filling.has(group)) return;
    }
    this.#filling.add(group);
    try {
      const spawned = await spawnSandboxChild(options, spareArgs(preload));
      if (this.#closed) {
        spawned.child.kill('SIGKILL');
        return;
      }
      const spare: Spare = { ...spawned, key: SparePool.keyOf(options), preload };
      this.#spares.set(group, spare);
      void spawned.exited.then((exit) => this.#exited(group, spare, exit));
    } catch (error) {
      this.logger('warn', `warm spare not started: ${(error as Error).message}`, { group });
    } finally {
      this.#filling.delete(group);
    }
  }

  /** The group's spare if it was made for this launch; a stale one is killed. */
  take(options: LaunchOptions): SpawnedChild | undefined {
    const spare = this.#spares.get(options.group);
    if (!spare) return undefined;
    this.#spares.delete(options.group);
    if (spare.child.exitCode !== null || spare.child.signalCode !== null) return undefined;
    if (spare.key !== SparePool.keyOf(options)) {
      spare.child.kill('SIGKILL');
      return undefined;
    }
    return spare;
  }

  /** Kill the group's spare (its sandbox is stopping for good). */
  discard(group: string): Promise<ProcessExit | undefined> {
    const spare = this.#spares.get(group);
    if (!spare) return Promise.resolve(undefined);
    this.#spares.delete(group);
    spare.child.kill('SIGKILL');
    return spare.exited;
  }

  /** Kill every spare and resolve once each has exited; no spare is started after this. */
  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all([...this.#spares.keys()].map((group) => this.discard(group)));
  }

  /** Pids of the idle spares. */
  pids(): number[] {
    return [...this.#spares.values()].flatMap(({ runtimePid }) => (runtimePid > 0 ? [runtimePid] : []));
  }

  /** The idle spare of each group: its pid and the integration directories it imported. */
  list(): { group: string; pid: number; preload: readonly string[] }[] {
    return [...this.#spares].map(([group, { runtimePid, preload }]) => ({ group, pid: runtimePid, preload }));
  }

  #exited(group: string, spare: Spare, exit: ProcessExit): void {
    if (this.#spares.get(group) !== spare) return;
    this.#spares.delete(group);
    this.logger('warn', `warm spare exited while idle (code ${exit.code}, signal ${exit.signal})`, { group });
  }
}
