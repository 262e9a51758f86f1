/**
 * Config, options and subentry flows. Each flow is a `configFlowMachine` actor
 * whose steps go to the handler of the flow's group — chosen by the router when
 * the flow is created and, for an entry's own flows, the entry's group. The host
 * owns what a finished flow creates: entries, options, subentries. Open flows are
 * capped per domain, and a flow left waiting for input past the idle timeout is
 * aborted (in its handler too) and forgotten.
 */
import { type Actor, createActor, fromPromise, type InspectionEvent, type Observer, waitFor } from 'xstate';
import { CapLog } from '../bridge/cap-log.js';
import { flowCapReached } from '../bridge/gates.js';
import { CapExceededError, CorralError } from '../errors.js';
import { type Logger, silentLogger } from '../logger.js';
import { timersOf } from '../machines/clock.js';
import { configFlowMachine } from '../machines/config-flow.js';
import { defaultSandboxCapsPolicy, type SandboxCapsPolicy } from '../policy.js';
import type { FlowKind, FlowResult, FlowSource, HostConfigData } from '../sdk/types.js';
import { redactingInspector, secretFieldsOf } from '../secrets.js';
import type { ConfigEntries, ConfigEntryRecord } from './config-entries.js';
import { ulid } from './context.js';
import type { Manifest } from './manifest.js';
import type { IntegrationHandler, Router } from './router.js';
import type { HostClock } from './types.js';

export class UnknownFlowError extends CorralError {
  constructor(flowId: string) {
    super('unknown_flow', `no flow "${flowId}" in progress (it finished, was aborted or never existed)`);
  }
}

export class UnknownIntegrationError extends CorralError {
  constructor(domain: string) {
    super(
      'unknown_integration',
      `no integration "${domain}" is known to this hub (see the integration catalog)`,
    );
  }
}

export interface StartFlowOptions {
  readonly kind?: FlowKind;
  readonly source?: FlowSource;
  readonly context?: Record<string, unknown>;
  readonly data?: Record<string, unknown> | null;
  /** The entry an options, reauth, reconfigure or subentry flow is about. */
  readonly entryId?: string;
  /** For subentry flows: which kind of subentry. */
  readonly subentryType?: string;
}

/** A flow's answer to the caller: the result the user sees and, once finished, the entry. */
export type FlowAnswer = FlowResult & { readonly entryId?: string };

interface RunningFlow {
  readonly flowId: string;
  readonly domain: string;
  readonly kind: FlowKind;
  readonly source: FlowSource;
  readonly group: string;
  readonly entry: ConfigEntryRecord | null;
  readonly subentryType: string | undefined;
  readonly actor: Actor<typeof configFlowMachine>;
  /** The idle timer while the flow waits for input. */
  idle?: unknown;
}

export interface FlowManagerOptions {
  readonly router: Router;
  readonly entries: ConfigEntries;
  readonly integration: (domain: string) => { manifest: Manifest; builtIn: boolean } | undefined;
  readonly hostConfig: () => HostConfigData;
  readonly clock: HostClock;
  readonly inspect?: Observer<InspectionEvent> | ((event: InspectionEvent) => void);
  /** Open flows per domain and the idle timeout; unset fields keep `defaultSandboxCapsPolicy`. */
  readonly caps?: Partial<FlowCaps>;
  readonly logger?: Logger;
}

const RESTING = ['waiting', 'done', 'aborted'] as const;

type FlowCaps = Pick<SandboxCapsPolicy, 'maxOpenFlowsPerDomain' | 'flowIdleTimeoutMs' | 'logIntervalMs'>;

export class FlowManager {
  private readonly flows = new Map<string, RunningFlow>();
  private readonly caps: FlowCaps;
  private readonly logger: Logger;
  /** Refusals are logged once per interval per domain: a client starting flows in a loop cannot flood the log. */
  private readonly capLog: CapLog;

  constructor(private readonly options: FlowManagerOptions) {
    this.caps = { ...defaultSandboxCapsPolicy, ...options.caps };
    this.logger = options.logger ?? silentLogger;
    this.capLog = new CapLog(this.logger, options.clock, this.caps.logIntervalMs);
  }

  /** Flows waiting for the user. */
  inProgress(): {
    flowId: string;
    domain: string;
    kind: FlowKind;
    source: FlowSource;
    stepId: string | null;
  }[] {
    return [...this.flows.values()].map((flow) => {
      const result = flow.actor.getSnapshot().context.result;
      return {
        flowId: flow.flowId,
        domain: flow.domain,
        kind: flow.kind,
        source: flow.source,
        stepId: result && 'stepId' in result ? result.stepId : null,
      };
    });
  }

  async start(domain: string, options: StartFlowOptions = {}): Promise<FlowAnswer> {
    const integration = this.options.integration(domain);
    if (!integration) throw new UnknownIntegrationError(domain);
    const kind = options.kind ?? 'config';
    const entry = options.entryId ? (this.options.entries.get(options.entryId) ?? null) : null;
    if (options.entryId && !entry)
      throw new CorralError('unknown_entry', `no config entry "${options.entryId}"`);
    // The group is decided here, once: an entry's own flows run where the entry runs.
    const group = entry
      ? entry.sandbox
      : this.options.router.groupFor(integration.manifest, integration.builtIn);
    const open = this.openFlows(domain);
    if (flowCapReached(open, this.caps)) {
      const { maxOpenFlowsPerDomain } = this.caps;
      throw this.capLog.refused(
        new CapExceededError(
          'flowCapReached',
          maxOpenFlowsPerDomain,
          `${domain} already has ${open} flows open, its cap (maxOpenFlowsPerDomain); finish or abort one first`,
        ),
        `flowCapReached ${domain}`,
        { group, domain },
      );
    }
    const flowId = ulid(this.options.clock.now());
    const source = options.source ?? (kind === 'config' ? 'user' : 'init');
    const handler = this.options.router.handler(group);
    const flow: RunningFlow = {
      flowId,
      domain,
      kind,
      source,
      group,
      entry,
      subentryType: options.subentryType,
      actor: this.createFlowActor(flowId, domain, handler, () => flow, {
        flowId,
        domain,
        kind,
        source,
        context: {
          ...options.context,
          ...(options.subentryType ? { subentryType: options.subentryType } : {}),
        },
        data: options.data ?? null,
        entry,
        hostConfig: this.options.hostConfig(),
      }),
    };
    this.flows.set(flowId, flow);
    flow.actor.start();
    return this.answer(flow);
  }

  /** Send the user's input (or a menu choice `{ next_step_id }`) to the flow's current step. */
  async configure(flowId: string, input?: Record<string, unknown>): Promise<FlowAnswer> {
    const flow = this.require(flowId);
    this.stopIdleTimer(flow);
    flow.actor.send({ type: 'step', input });
    return this.answer(flow);
  }

  async abort(flowId: string): Promise<void> {
    const flow = this.require(flowId);
    this.stopIdleTimer(flow);
    flow.actor.send({ type: 'abort' });
    await waitFor(flow.actor, (s) => s.status !== 'active');
    this.flows.delete(flowId);
  }

  /** Abort every flow (hub stop). */
  async abortAll(): Promise<void> {
    await Promise.all([...this.flows.keys()].map((id) => this.abort(id).catch(() => {})));
  }

  private openFlows(domain: string): number {
    let open = 0;
    for (const flow of this.flows.values()) if (flow.domain === domain) open++;
    return open;
  }

  /** A flow left waiting this long is aborted, in its handler too, and forgotten. */
  private startIdleTimer(flow: RunningFlow): void {
    const { flowIdleTimeoutMs } = this.caps;
    if (flowIdleTimeoutMs <= 0 || this.flows.get(flow.flowId) !== flow) return;
    this.stopIdleTimer(flow);
    const timers = timersOf(this.options.clock);
    flow.idle = timers.setTimeout(() => {
      flow.idle = undefined;
      this.logger(
        'info',
        `flow ${flow.flowId} of ${flow.domain} aborted: no input for ${flowIdleTimeoutMs} ms`,
        {
          group: flow.group,
          domain: flow.domain,
        },
      );
      void this.abort(flow.flowId).catch(() => {});
    }, flowIdleTimeoutMs);
    // A waiting flow never keeps the process alive on its own.
    (flow.idle as { unref?: () => void } | undefined)?.unref?.();
  }

  private stopIdleTimer(flow: RunningFlow): void {
    if (flow.idle === undefined) return;
    timersOf(this.options.clock).clearTimeout(flow.idle);
    flow.idle = undefined;
  }

  private require(flowId: string): RunningFlow {
    const flow = this.flows.get(flowId);
    if (!flow) throw new UnknownFlowError(flowId);
    return flow;
  }

  private async answer(flow: RunningFlow): Promise<FlowAnswer> {
    const snapshot = await waitFor(flow.actor, (s) => RESTING.some((state) => s.matches(state)));
    const { result, entryId, stepError } = snapshot.context;
    if (snapshot.status !== 'active') this.flows.delete(flow.flowId);
    else if (snapshot.matches('waiting')) this.startIdleTimer(flow);
    if (stepError && snapshot.matches('waiting')) throw stepError;
    if (!result) throw stepError ?? new CorralError('flow_error', `flow ${flow.flowId} produced no result`);
    return entryId ? { ...result, entryId } : result;
  }

  private createFlowActor(
    flowId: string,
    domain: string,
    handler: IntegrationHandler,
    flow: () => RunningFlow,
    start: Parameters<IntegrationHandler['flowInit']>[0],
  ): Actor<typeof configFlowMachine> {
    // The fields this flow's forms marked secret; a form is shown before its input arrives.
    const secretKeys = new Set<string>();
    const learn = (result: FlowResult): FlowResult => {
      if (result.type === 'form') for (const key of secretFieldsOf(result.schema)) secretKeys.add(key);
      return result;
    };
    const machine = configFlowMachine.provide({
      actors: {
        init: fromPromise(async () => learn(await handler.flowInit(start))),
        step: fromPromise(async ({ input }) => learn(await handler.flowStep(flowId, input.input))),
        abortFlow: fromPromise(() => handler.flowAbort(flowId)),
        finish: fromPromise(({ input }) => this.finish(flow(), input.result)),
      },
      guards: {
        isDuplicate: ({ context }) => this.isDuplicate(flow(), context.result),
      },
    });
    return createActor(machine, {
      id: `flow:${flowId}`,
      input: { flowId, domain },
      // Observers see the user's input with its secrets redacted; the flow gets it whole.
      inspect: this.options.inspect && redactingInspector(this.options.inspect, secretKeys),
    });
  }

  /** A new entry whose unique id an entry of the domain already has (its own entry excepted). */
  private isDuplicate(flow: RunningFlow, result: FlowResult | null): boolean {
    if (!result?.uniqueId || flow.kind !== 'config') return false;
    const existing = this.options.entries.findByUniqueId(flow.domain, result.uniqueId);
    return existing !== undefined && existing.entryId !== flow.entry?.entryId;
  }

  /** Act on create_entry: the host, not the integration, owns entries. */
  private async finish(flow: RunningFlow, result: FlowResult): Promise<string> {
    if (result.type !== 'create_entry')
      throw new CorralError('flow_error', 'finish called without create_entry');
    const { entries } = this.options;
    if (flow.kind === 'options' && flow.entry) {
      await entries.update(flow.entry.entryId, { options: result.data });
      await entries.reload(flow.entry.entryId);
      return flow.entry.entryId;
    }
    if (flow.kind === 'subentry' && flow.entry) {
      await entries.addSubentry(flow.entry.entryId, {
        subentryType: flow.subentryType ?? 'default',
        title: result.title,
        uniqueId: result.uniqueId,
        data: result.data,
      });
      return flow.entry.entryId;
    }
    if (flow.entry && (flow.source === 'reauth' || flow.source === 'reconfigure')) {
      // Reauth and reconfigure update the entry they were started for, then reload it.
      await entries.update(flow.entry.entryId, { data: { ...flow.entry.data, ...result.data } });
      await entries.reload(flow.entry.entryId);
      return flow.entry.entryId;
    }
    if (this.isDuplicate(flow, result)) {
      throw new CorralError(
        'already_configured',
        `${flow.domain} "${result.uniqueId}" is already configured`,
      );
    }
    const record = await entries.add({
      domain: flow.domain,
      title: result.title,
      data: result.data,
      options: result.options,
      version: result.version,
      minorVersion: result.minorVersion,
      source: String(flow.source),
      uniqueId: result.uniqueId,
      prefDisableNewEntities: false,
      prefDisablePolling: false,
      sandbox: flow.group,
      subentries: result.subentries.map((s) => ({ ...s, subentryId: '' })),
    });
    return record.entryId;
  }
}
