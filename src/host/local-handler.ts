/**
 * The `main` group: integrations loaded into the hub's own process. Flows run a
 * FlowRunner here; setup hands the integration an EntryApi backed directly by
 * the hub's registries. A sandbox runs the same integration code behind the
 * same IntegrationHandler interface, so integrations cannot tell the difference.
 */
import { pathToFileURL } from 'node:url';
import { CorralError } from '../errors.js';
import type { SetupOutcome, UnloadOutcome } from '../machines/config-entry.js';
import { FlowRunner } from '../sdk/flow.js';
import { flowFor, noSuchFlow } from '../sdk/flow-select.js';
import type { IntegrationDefinition } from '../sdk/integration.js';
import type { ConfigEntryData, FlowResult, HostConfigData } from '../sdk/types.js';
import type { IntegrationCatalog } from './catalog.js';
import { EntryRuntime, type EntryRuntimeDeps } from './entry-runtime.js';
import { UnknownIntegrationError } from './flow-manager.js';
import { type FlowStart, type IntegrationHandler, MAIN_GROUP } from './router.js';

/**
 * Loads an integration's code from its catalog directory (`index.js`), once: a
 * directory of the host's, or the verified, unpacked package of a pinned tarball.
 */
export class IntegrationLoader {
  private readonly loaded = new Map<string, Promise<IntegrationDefinition>>();

  constructor(private readonly catalog: IntegrationCatalog) {}

  load(domain: string): Promise<IntegrationDefinition> {
    let pending = this.loaded.get(domain);
    if (!pending) {
      pending = this.import(domain);
      this.loaded.set(domain, pending);
      pending.catch(() => this.loaded.delete(domain));
    }
    return pending;
  }

  private async import(domain: string): Promise<IntegrationDefinition> {
    const info = this.catalog.get(domain);
    // Never a fallback: an integration whose source did not resolve (a tarball failing its pin) is not loaded.
    if (!info) throw new UnknownIntegrationError(domain);
    const url = pathToFileURL(`${info.dir}/index.js`).href;
    const module = (await import(url)) as { default?: IntegrationDefinition };
    const definition = module.default;
    if (!definition || typeof definition.setupEntry !== 'function' || definition.domain !== domain) {
      throw new CorralError(
        'integration_invalid',
        `${info.dir}/index.js must default-export defineIntegration({ domain: "${domain}", setupEntry, ... })`,
      );
    }
    return definition;
  }
}

export interface LocalHandlerDeps extends Omit<EntryRuntimeDeps, 'entry'> {
  readonly loader: IntegrationLoader;
  readonly hostConfig: () => HostConfigData;
}

export class LocalIntegrationHandler implements IntegrationHandler {
  readonly group = MAIN_GROUP;
  private readonly flows = new Map<string, FlowRunner>();
  private readonly running = new Map<string, EntryRuntime>();

  constructor(private readonly deps: LocalHandlerDeps) {}

  async setupEntry(entry: ConfigEntryData): Promise<SetupOutcome> {
    let definition: IntegrationDefinition;
    try {
      definition = await this.deps.loader.load(entry.domain);
    } catch (error) {
      return { status: 'error', reason: messageOf(error) };
    }
    const runtime = new EntryRuntime({ ...this.deps, entry });
    this.running.set(entry.entryId, runtime);
    try {
      const ok = await definition.setupEntry(runtime.api);
      if (ok === false) throw new CorralError('setup_failed', `${entry.domain} setup returned false`);
      return { status: 'loaded' };
    } catch (error) {
      // A failed setup leaves nothing behind, so a retry starts clean.
      await runtime.release();
      this.running.delete(entry.entryId);
      // An integration may carry its own copy of the SDK: compare the error's type, not its class.
      if ((error as { type?: unknown })?.type === 'entry_not_ready')
        return { status: 'retry', reason: messageOf(error) };
      return { status: 'error', reason: messageOf(error) };
    }
  }

  async unloadEntry(entry: ConfigEntryData): Promise<UnloadOutcome> {
    const runtime = this.running.get(entry.entryId);
    if (!runtime) return { unloaded: true };
    let unloaded = true;
    let reason: string | undefined;
    try {
      const definition = await this.deps.loader.load(entry.domain);
      unloaded = (await definition.unloadEntry?.(runtime.api)) !== false;
    } catch (error) {
      unloaded = false;
      reason = messageOf(error);
    }
    if (!unloaded) return { unloaded, reason: reason ?? `${entry.domain} refused to unload` };
    await runtime.release();
    this.running.delete(entry.entryId);
    return { unloaded: true };
  }

  async updateEntry(entry: ConfigEntryData): Promise<void> {
    this.running.get(entry.entryId)?.update(entry);
  }

  async flowInit(start: FlowStart): Promise<FlowResult> {
    const definition = await this.deps.loader.load(start.domain);
    const flow = flowFor(definition, start.kind, start.context);
    if (!flow) return noSuchFlow(start.flowId);
    const runner = new FlowRunner(flow, {
      flowId: start.flowId,
      kind: start.kind,
      source: start.source,
      entry: start.entry,
      hostConfig: start.hostConfig,
      initData: start.data,
    });
    this.flows.set(start.flowId, runner);
    return this.settle(start.flowId, await runner.init());
  }

  async flowStep(flowId: string, input: Record<string, unknown> | undefined): Promise<FlowResult> {
    const runner = this.flows.get(flowId);
    if (!runner) throw new CorralError('unknown_flow', `no flow "${flowId}" runs here`);
    return this.settle(flowId, await runner.step(input));
  }

  async flowAbort(flowId: string): Promise<void> {
    this.flows.get(flowId)?.abort();
    this.flows.delete(flowId);
  }

  /** Unload everything (hub stop). */
  async releaseAll(): Promise<void> {
    await Promise.all([...this.running.values()].map((runtime) => runtime.release()));
    this.running.clear();
  }

  private settle(flowId: string, result: FlowResult): FlowResult {
    if (result.type === 'create_entry' || result.type === 'abort') this.flows.delete(flowId);
    return result;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
