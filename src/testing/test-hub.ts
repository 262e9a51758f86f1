/**
 * `createTestHub`: a real hub in a fresh config directory, at the isolation
 * level a test asks for, with helpers that wait for what the hub reports, a
 * lifecycle view of its sandboxes, simulated time and fault injection.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SimulatedClock } from 'xstate';
import type { FlowAnswer, StartFlowOptions } from '../host/flow-manager.js';
import { createHub, type Hub, type HubOptions } from '../host/hub.js';
import { MAIN_GROUP } from '../host/router.js';
import type { ServiceResponse } from '../host/service-registry.js';
import type { ServiceTarget, State } from '../host/types.js';
import { combineInspectors } from '../inspector/stately.js';
import type { Logger } from '../logger.js';
import type { ConfigEntryState, EntryRetryPolicy } from '../machines/config-entry.js';
import { type SandboxingOptions, type SandboxRouter, sandboxRouter } from '../sandboxing/sandbox-router.js';
import { SteppedClock } from './clock.js';
import {
  ClockNotSimulatedError,
  EntryNotLoadedError,
  FlowFormError,
  FlowOutcomeError,
  GroupNotFoundError,
  SandboxLeftAliveError,
  WaitTimeoutError,
} from './errors.js';
import { installFaultIntegration } from './fault-integration.js';
import { type SandboxFaults, sandboxFaults } from './faults.js';
import { GroupFrameFaults } from './frame-faults.js';
import { LifecycleRecorder, type LifecycleTransition, type SandboxLifecycle } from './lifecycle.js';
import { advanceClock, driveUntil, type SettleDeps } from './time.js';

/** Where integrations run: the test's process, a worker thread per group, or a process per group. */
export type TestIsolation = 'inline' | 'worker' | 'process';

export interface TestHubOptions {
  /** Default `inline`. */
  readonly isolation?: TestIsolation;
  /** `simulated`: timers of the hub and its supervisor run on `advance()`. Default `real`. */
  readonly clock?: 'simulated' | 'real';
  /** Directories of built integrations (each subdirectory: manifest.json + index.js). */
  readonly integrationDirs?: readonly string[];
  readonly customDirs?: readonly string[];
  readonly tarballs?: HubOptions['tarballs'];
  readonly hostConfig?: HubOptions['hostConfig'];
  /** Supervision policy overrides (ready timeout, restart budget, heartbeats, ...). */
  readonly supervision?: SandboxingOptions['supervision'];
  /** The sandbox router's other options: isolation policy (`perDomain`), process policy, transport. */
  readonly sandboxing?: Pick<SandboxingOptions, 'isolation' | 'process' | 'transport' | 'entry'>;
  readonly entryRetryPolicy?: EntryRetryPolicy;
  readonly logger?: Logger;
  /** Also told about every actor of the hub and its supervisor. */
  readonly inspect?: HubOptions['inspect'];
  /** Use this directory (kept by `close()`) instead of a fresh temporary one (removed). */
  readonly configDir?: string;
  /** Where the simulated clock starts; default the wall clock at creation. */
  readonly startTime?: number;
  /** Load `corral_fault` for `exhaustMemory()`; default on for sandboxed hubs. */
  readonly faultIntegration?: boolean;
  /** Real time `advance()` and `close()` give the hub to settle between timer jumps; default 5000 ms. */
  readonly settleTimeoutMs?: number;
  /** Runs after the hub is created and before it starts. */
  readonly beforeStart?: (hub: Hub) => void;
}

export interface WaitOptions {
  /** Real time; default 5000 ms. */
  readonly timeoutMs?: number;
}

export interface TestHub {
  readonly hub: Hub;
  readonly configDir: string;
  readonly isolation: TestIsolation;
  /** The sandbox router, unless inline. */
  readonly router: SandboxRouter | undefined;
  /** The simulated clock, when `clock: 'simulated'`. */
  readonly clock: SimulatedClock | undefined;
  /**
   * Start a flow of `domain` and submit `steps` in order (a menu choice is
   * `{ next_step_id }`); the last answer. Throws FlowFormError when a step comes
   * back as a form with errors, FlowOutcomeError when the flow ends with steps left.
   */
  runFlow(
    domain: string,
    steps?: readonly Record<string, unknown>[],
    start?: StartFlowOptions,
  ): Promise<FlowAnswer>;
  /** `runFlow` to a new entry, then wait until it is `loaded`; the entry id. */
  setup(domain: string, steps?: readonly Record<string, unknown>[], options?: WaitOptions): Promise<string>;
  /** The entity's state once it is `expected` (a state string or a predicate), now or later. */
  waitForState(
    entityId: string,
    expected: string | ((state: State) => boolean),
    options?: WaitOptions,
  ): Promise<State>;
  /** Resolves once the entry is in `state`. */
  waitForEntry(entryId: string, state: ConfigEntryState, options?: WaitOptions): Promise<void>;
  /** Resolves once the group's sandbox is in `state` (see `transitions` for the labels). */
  waitForSandbox(group: string, state: SandboxLifecycle, options?: WaitOptions): Promise<void>;
  /** `hub.services.call` with an optional target; resolves to the response when `returnResponse`. */
  callService(
    domain: string,
    service: string,
    data?: Record<string, unknown>,
    target?: ServiceTarget,
    options?: { returnResponse?: boolean },
  ): Promise<ServiceResponse | undefined>;
  /** Every sandbox group's lifecycle transitions in order. */
  transitions(): LifecycleTransition[];
  /** One group's lifecycle states in order, e.g. `['starting', 'running', 'crashed', 'starting', 'running']`. */
  transitions(group: string): SandboxLifecycle[];
  /** The group `domain`'s flows and entries run in (`main` when inline). */
  groupOf(domain: string): string;
  /** Move the simulated clock forward by `ms`, letting the hub settle between timers. */
  advance(ms: number): Promise<void>;
  /** Faults for one sandbox group; without a group, the hub's only one. */
  faults(group?: string): SandboxFaults;
  /** Stop the hub, remove its temporary config dir, and fail if a sandbox process outlived it. */
  close(): Promise<void>;
}

const DEFAULT_WAIT_MS = 5_000;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function createTestHub(options: TestHubOptions = {}): Promise<TestHub> {
  const ownsDir = options.configDir === undefined;
  const configDir = options.configDir ?? (await mkdtemp(join(tmpdir(), 'corral-test-')));
  try {
    return await startTestHub(options, configDir, ownsDir);
  } catch (error) {
    if (ownsDir) await rm(configDir, { recursive: true, force: true });
    throw error;
  }
}

async function startTestHub(options: TestHubOptions, configDir: string, ownsDir: boolean): Promise<TestHub> {
  const isolation = options.isolation ?? 'inline';
  const stepped = options.clock === 'simulated' ? new SteppedClock() : undefined;
  stepped?.set(options.startTime ?? Date.now());
  const timers = stepped ?? {
    now: () => Date.now(),
    setTimeout: (fn: () => void, ms: number) => setTimeout(fn, ms),
    clearTimeout: (id: unknown) => clearTimeout(id as ReturnType<typeof setTimeout>),
  };
  const recorder = new LifecycleRecorder();
  const frames = new Map<string, GroupFrameFaults>();
  const framesOf = (group: string) => {
    const known = frames.get(group);
    if (known) return known;
    const faults = new GroupFrameFaults(group, timers);
    frames.set(group, faults);
    return faults;
  };
  const inspect = combineInspectors(recorder.inspect, options.inspect);
  const withFaults = options.faultIntegration ?? isolation !== 'inline';
  const integrationDirs = [...(options.integrationDirs ?? [])];
  if (withFaults) integrationDirs.push(await installFaultIntegration(join(configDir, '.corral-testing')));

  let router: SandboxRouter | undefined;
  const makeRouter =
    isolation === 'inline'
      ? undefined
      : sandboxRouter({
          ...options.sandboxing,
          configDir,
          supervision: options.supervision,
          launcher: isolation,
          logger: options.logger,
          inspect,
          clock: stepped,
          interceptFrames: (group) => framesOf(group).intercept,
        });
  const hub = await createHub({
    configDir,
    hostConfig: options.hostConfig,
    integrationDirs,
    customDirs: options.customDirs,
    tarballs: options.tarballs,
    logger: options.logger,
    clock: stepped,
    inspect,
    entryRetryPolicy: options.entryRetryPolicy,
    router: makeRouter
      ? (local, hubRef) => {
          router = makeRouter(local, hubRef);
          return router;
        }
      : undefined,
  });
  try {
    options.beforeStart?.(hub);
    await hub.start();
  } catch (error) {
    await hub.stop().catch(() => {});
    throw error;
  }

  const frozen = new Set<number>();
  const disarms = new Set<() => void>();
  const settleDeps: SettleDeps = {
    hub,
    router,
    recorder,
    frames,
    frozen,
    settleTimeoutMs: options.settleTimeoutMs ?? 5_000,
  };
  const faultsByGroup = new Map<string, SandboxFaults>();
  let closing: Promise<void> | undefined;

  const groupOf = (domain: string): string => {
    const integration = hub.catalog.get(domain);
    if (!integration) throw new GroupNotFoundError(undefined, []);
    return router ? router.groupFor(integration.manifest, integration.builtIn) : MAIN_GROUP;
  };

  const runFlow: TestHub['runFlow'] = async (domain, steps = [], start = {}) => {
    let answer = await hub.flows.start(domain, start);
    for (const [index, input] of steps.entries()) {
      if (answer.type !== 'form' && answer.type !== 'menu') {
        throw new FlowOutcomeError(
          domain,
          answer,
          `ended (${answer.type}) with ${steps.length - index} step(s) left`,
        );
      }
      answer = await hub.flows.configure(answer.flowId, input);
      if (answer.type === 'form' && Object.keys(answer.errors).length > 0)
        throw new FlowFormError(domain, answer);
    }
    return answer;
  };

  const waitForEntry: TestHub['waitForEntry'] = (entryId, state, { timeoutMs = DEFAULT_WAIT_MS } = {}) =>
    waitUntil(
      `entry ${entryId} reaching ${state}`,
      timeoutMs,
      () => hub.entries.state(entryId) === state,
      (check) => hub.bus.listen('config_entry_state_changed', check),
      () =>
        `${hub.entries.state(entryId)}${hub.entries.reason(entryId) ? ` (${hub.entries.reason(entryId)})` : ''}`,
    );

  const testHub: TestHub = {
    hub,
    configDir,
    isolation,
    router,
    clock: stepped,
    runFlow,

    async setup(domain, steps = [], { timeoutMs = DEFAULT_WAIT_MS } = {}) {
      const answer = await runFlow(domain, steps);
      if (answer.type !== 'create_entry' || answer.entryId === undefined) {
        throw new FlowOutcomeError(domain, answer, 'did not create an entry');
      }
      const { entryId } = answer;
      const failed = () => hub.entries.state(entryId) === 'setup_error';
      try {
        await waitUntil(
          `entry ${entryId} loading`,
          timeoutMs,
          () => hub.entries.state(entryId) === 'loaded' || failed(),
          (check) => hub.bus.listen('config_entry_state_changed', check),
          () => hub.entries.state(entryId),
        );
      } catch {
        throw new EntryNotLoadedError(entryId, hub.entries.state(entryId), hub.entries.reason(entryId));
      }
      if (failed()) throw new EntryNotLoadedError(entryId, 'setup_error', hub.entries.reason(entryId));
      return entryId;
    },

    async waitForState(entityId, expected, { timeoutMs = DEFAULT_WAIT_MS } = {}) {
      const holds = typeof expected === 'string' ? (s: State) => s.state === expected : expected;
      const current = () => hub.states.get(entityId);
      await waitUntil(
        `${entityId} reaching ${typeof expected === 'string' ? `"${expected}"` : 'the expected state'}`,
        timeoutMs,
        () => {
          const state = current();
          return state !== undefined && holds(state);
        },
        (check) => hub.bus.listen('state_changed', check),
        () => JSON.stringify(current()?.state),
      );
      return current()!;
    },

    waitForEntry,

    waitForSandbox(group, state, { timeoutMs = DEFAULT_WAIT_MS } = {}) {
      return waitUntil(
        `sandbox ${group} reaching ${state}`,
        timeoutMs,
        () => recorder.current(group) === state,
        (check) => recorder.onChange(check),
        () => recorder.transitions(group).join(' → ') || 'not started',
      );
    },

    callService(domain, service, data = {}, target, callOptions = {}) {
      return hub.services.call(domain, service, data, { target, returnResponse: callOptions.returnResponse });
    },

    transitions: ((group?: string) =>
      group === undefined ? recorder.transitions() : recorder.transitions(group)) as TestHub['transitions'],

    groupOf,

    advance(ms) {
      if (!stepped) return Promise.reject(new ClockNotSimulatedError());
      return advanceClock(stepped, ms, settleDeps);
    },

    faults(group) {
      const known = router
        ? [...new Set([...router.supervisor.groups(), ...recorder.groups()])]
        : [MAIN_GROUP];
      const chosen = group ?? (known.length === 1 ? known[0] : undefined);
      if (chosen === undefined) throw new GroupNotFoundError(undefined, known);
      let faults = faultsByGroup.get(chosen);
      if (!faults) {
        faults = sandboxFaults(chosen, {
          hub,
          router,
          isolation,
          configDir,
          frames: framesOf,
          frozen,
          disarms,
          groupOf,
          setup: (domain) => testHub.setup(domain),
        });
        faultsByGroup.set(chosen, faults);
      }
      return faults;
    },

    close() {
      closing ??= (async () => {
        let failure: unknown;
        try {
          await (stepped ? driveUntil(stepped, hub.stop(), settleDeps) : hub.stop());
        } catch (error) {
          failure = error;
        }
        const survivors = router ? await reapSurvivors(router) : [];
        for (const disarm of disarms) disarm();
        disarms.clear();
        if (ownsDir) await rm(configDir, { recursive: true, force: true });
        if (failure !== undefined) throw failure;
        if (survivors.length > 0) throw new SandboxLeftAliveError(survivors);
      })();
      return closing;
    },
  };
  return testHub;
}

/**
 * Sandboxes still held after the stop: wait briefly for their exits, then kill
 * what is left and name it. Only the supervisor's own children are signalled —
 * never a pid that may have been reused.
 */
async function reapSurvivors(router: SandboxRouter): Promise<string[]> {
  const deadline = performance.now() + 3_000;
  while (router.supervisor.connections.list().length > 0 && performance.now() < deadline) await sleep(20);
  const left = router.supervisor.connections.list();
  for (const { sandbox } of left) sandbox.kill('SIGKILL');
  return left.map(
    ({ group, sandbox }) => `${group} (${sandbox.pid === null ? 'worker thread' : `pid ${sandbox.pid}`})`,
  );
}

/** Resolves once `holds()` is true (checked now and on each `subscribe` callback); rejects after `timeoutMs`. */
function waitUntil(
  what: string,
  timeoutMs: number,
  holds: () => boolean,
  subscribe: (check: () => void) => () => void,
  last: () => string,
): Promise<void> {
  if (holds()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new WaitTimeoutError(what, timeoutMs, last()));
    }, timeoutMs);
    const unsubscribe = subscribe(() => {
      if (!holds()) return;
      clearTimeout(timer);
      unsubscribe();
      resolve();
    });
  });
}
