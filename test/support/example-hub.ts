/**
 * A hub over the built example integrations (`dist/examples/integrations`), in a
 * fresh config directory, for tests that drive integrations end to end through
 * the hub's public surface. Run `npm run build` first: the hub imports the built
 * JavaScript, with its own copy of the SDK — compare errors by `type`, never by
 * class.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FlowAnswer, StartFlowOptions } from '../../src/host/flow-manager.js';
import { createHub, type Hub, type HubOptions } from '../../src/host/hub.js';
import type { State } from '../../src/host/types.js';
import {
  type SandboxingOptions,
  type SandboxRouter,
  sandboxRouter,
} from '../../src/sandboxing/sandbox-router.js';

export const EXAMPLE_INTEGRATIONS = fileURLToPath(
  new URL('../../dist/examples/integrations', import.meta.url),
);

export type Isolation = 'inline' | 'process' | 'worker';

/**
 * The isolation level a suite runs at: `CORRAL_ISOLATION=process` runs every example in
 * sandbox processes, `CORRAL_ISOLATION=worker` in sandbox worker threads.
 */
export const defaultIsolation: Isolation = isolationFrom(process.env.CORRAL_ISOLATION);

function isolationFrom(value: string | undefined): Isolation {
  return value === 'process' || value === 'worker' ? value : 'inline';
}

export interface ExampleHubOptions extends Partial<Omit<HubOptions, 'integrationDirs'>> {
  /** Runs after the hub is created and before it starts: listeners that must see start-up. */
  readonly beforeStart?: (hub: Hub) => void;
  /**
   * `inline`: integrations in the hub's process; `process`: in supervised sandbox
   * processes; `worker`: in supervised sandbox worker threads.
   */
  readonly isolation?: Isolation;
  /** Told about the sandbox router of a `process` or `worker` hub. */
  readonly onRouter?: (router: SandboxRouter) => void;
  /** Options of a `process` or `worker` hub's sandboxes (policies, transport). */
  readonly sandboxing?: Partial<SandboxingOptions>;
}

export interface ExampleHub {
  readonly hub: Hub;
  readonly configDir: string;
  /** Stops this hub and starts a new one on the same config directory, with the same options. */
  restart(options?: Pick<ExampleHubOptions, 'beforeStart'>): Promise<ExampleHub>;
  /** Stops the hub and deletes the config directory if this helper made it. */
  cleanup(): Promise<void>;
}

export async function startExampleHub(options: ExampleHubOptions = {}): Promise<ExampleHub> {
  const ownsDir = options.configDir === undefined;
  const configDir = options.configDir ?? (await mkdtemp(join(tmpdir(), 'corral-example-')));
  return start({ ...options, configDir }, ownsDir);
}

async function start(options: ExampleHubOptions & { configDir: string }, ownsDir: boolean) {
  const { beforeStart, isolation = defaultIsolation, onRouter, sandboxing, ...hubOptions } = options;
  const router =
    isolation !== 'inline'
      ? (local: Parameters<ReturnType<typeof sandboxRouter>>[0], hubRef: () => Hub) => {
          const made = sandboxRouter({ ...sandboxing, launcher: isolation, configDir: options.configDir })(
            local,
            hubRef,
          );
          onRouter?.(made);
          return made;
        }
      : undefined;
  const hub = await createHub({ ...hubOptions, router, integrationDirs: [EXAMPLE_INTEGRATIONS] });
  beforeStart?.(hub);
  await hub.start();
  let owns = ownsDir;
  const example: ExampleHub = {
    hub,
    configDir: options.configDir,
    async restart(overrides = {}) {
      await hub.stop();
      // The new hub owns the directory from now on, so one cleanup removes it.
      const next = await start({ ...options, beforeStart: overrides.beforeStart }, owns);
      owns = false;
      return next;
    },
    async cleanup() {
      await hub.stop();
      if (owns) await rm(options.configDir, { recursive: true, force: true });
    },
  };
  return example;
}

/**
 * Starts a flow of `domain` and submits `inputs` in order (a menu choice is
 * `{ next_step_id }`); resolves to the last answer, whatever its type.
 */
export async function runFlow(
  hub: Hub,
  domain: string,
  inputs: readonly Record<string, unknown>[],
  start: StartFlowOptions = {},
): Promise<FlowAnswer> {
  let answer = await hub.flows.start(domain, start);
  for (const input of inputs) {
    if (answer.type !== 'form' && answer.type !== 'menu') {
      throw new Error(`flow of ${domain} ended (${answer.type}) with input left: ${JSON.stringify(input)}`);
    }
    answer = await hub.flows.configure(answer.flowId, input);
  }
  return answer;
}

/** Runs a config flow to its entry; fails unless it created one. */
export async function createEntry(
  hub: Hub,
  domain: string,
  inputs: readonly Record<string, unknown>[],
): Promise<string> {
  const answer = await runFlow(hub, domain, inputs);
  if (answer.type !== 'create_entry' || answer.entryId === undefined) {
    throw new Error(`flow of ${domain} did not create an entry: ${JSON.stringify(answer)}`);
  }
  return answer.entryId;
}

/** The entity's state once `predicate` holds (now or after a later change); rejects after `timeoutMs`. */
export function waitForState(
  hub: Hub,
  entityId: string,
  predicate: (state: State) => boolean,
  timeoutMs = 2_000,
): Promise<State> {
  const current = hub.states.get(entityId);
  if (current && predicate(current)) return Promise.resolve(current);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      unsubscribe();
      const last = hub.states.get(entityId);
      reject(
        new Error(
          `${entityId} did not reach the expected state within ${timeoutMs} ms (last: ${JSON.stringify(last?.state)})`,
        ),
      );
    }, timeoutMs);
    const unsubscribe = hub.bus.listen('state_changed', ({ data }) => {
      if (data.entityId !== entityId || !data.newState || !predicate(data.newState)) return;
      clearTimeout(timer);
      unsubscribe();
      resolve(data.newState);
    });
  });
}

/** Resolves once the entry reaches `state`; rejects after `timeoutMs`. */
export function waitForEntryState(
  hub: Hub,
  entryId: string,
  state: string,
  timeoutMs = 2_000,
): Promise<void> {
  if (hub.entries.state(entryId) === state) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      unsubscribe();
      reject(
        new Error(`entry ${entryId} is ${hub.entries.state(entryId)}, not ${state}, after ${timeoutMs} ms`),
      );
    }, timeoutMs);
    const unsubscribe = hub.bus.listen('config_entry_state_changed', ({ data }) => {
      if (data.entryId !== entryId || data.state !== state) return;
      clearTimeout(timer);
      unsubscribe();
      resolve();
    });
  });
}

/** Every event of `type` fired from now on, in order. */
export function recordEvents<T = Record<string, unknown>>(hub: Hub, type: string): T[] {
  const seen: T[] = [];
  hub.bus.listen<string, T>(type, (event) => void seen.push(event.data));
  return seen;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
