/**
 * The `IntegrationHandler` of one sandbox group: the host's entry and flow
 * machinery drives a sandboxed integration through this exactly as it drives an
 * in-process one. Setup, unload, update and flows become calls on the group's
 * channel; whatever the sandbox does meanwhile arrives through its bridge.
 *
 * - A sandbox that is down or went away mid-setup asks the entry to retry: the
 *   entry statechart tries again once the sandbox is back.
 * - Unload always releases the entry host-side (proxies, platform slots,
 *   services), even when the sandbox is unreachable; only a live sandbox that
 *   refuses keeps them.
 * - A flow result carries no group: the host's flow manager alone decides it.
 */
import { type CorralError, IntegrationNotRespondingError, SandboxExitedError } from '../errors.js';
import type { FlowStart, IntegrationHandler } from '../host/router.js';
import { type Logger, silentLogger } from '../logger.js';
import type { SetupOutcome, UnloadOutcome } from '../machines/config-entry.js';
import { defaultBridgePolicy } from '../policy.js';
import type { ConfigEntryData, FlowResult, HostConfigData } from '../sdk/types.js';
import type { Channel } from '../wire/channel.js';
import { encodeJson } from '../wire/json.js';
import { entryToWire, flowResultFromWire, flowStartToWire, hostConfigToWire } from '../wire/messages.js';
import type { RequestOf } from '../wire/protocol.js';
import type { SandboxBridge } from './bridge.js';

/** Where a sandbox gets an integration's code from (built-in, directory, pinned tarball). */
export type IntegrationSource = NonNullable<RequestOf<'entry_setup'>['source']>;

/** A running sandbox of the group: its channel and the bridge mirroring it. */
export interface RemoteConnection {
  readonly channel: Channel;
  readonly bridge: SandboxBridge;
}

export interface RemoteHandlerOptions {
  readonly group: string;
  /** Make sure the group's sandbox runs (starting it if need be) and hand back its connection. */
  readonly connect: () => Promise<RemoteConnection>;
  /** The group's current or last connection, starting nothing: unload must not spawn a sandbox. */
  readonly connection: () => RemoteConnection | undefined;
  /** Where the sandbox loads `domain`'s code from; throws for an integration it cannot resolve. */
  readonly source: (domain: string) => IntegrationSource;
  readonly hostConfig: () => HostConfigData;
  /** Bound on one `entry_setup`, ms (`BridgePolicy.entrySetupTimeoutMs`). */
  readonly setupTimeoutMs?: number;
  /** Bound on one flow call, starting the sandbox included, ms (`BridgePolicy.flowCallTimeoutMs`). */
  readonly flowTimeoutMs?: number;
  /** The group's latest failure on record (the supervisor's), to say how a sandbox died mid-flow. */
  readonly lastFailure?: () => { at: number; code?: number | null; signal?: string | null } | undefined;
  /** Told after an entry loaded in the sandbox. */
  readonly onLoaded?: (entry: ConfigEntryData) => void;
  readonly logger?: Logger;
}

/** How long a flow call that lost its sandbox waits for the exit to be on record, and how often it looks. */
const EXIT_WAIT_MS = 1_000;
const EXIT_POLL_MS = 20;

/** Error types meaning the sandbox could not answer at all, as opposed to answering no. */
const UNREACHABLE = new Set(['channel_closed', 'channel_closing', 'timeout', 'overloaded']);

export class RemoteIntegrationHandler implements IntegrationHandler {
  readonly group: string;
  readonly #options: RemoteHandlerOptions;
  readonly #logger: Logger;

  constructor(options: RemoteHandlerOptions) {
    this.group = options.group;
    this.#options = options;
    const logger = options.logger ?? silentLogger;
    this.#logger = (level, message, fields) => logger(level, message, { group: options.group, ...fields });
  }

  async setupEntry(entry: ConfigEntryData): Promise<SetupOutcome> {
    let connection: RemoteConnection;
    try {
      connection = await this.#options.connect();
    } catch (error) {
      return { status: 'retry', reason: `sandbox "${this.group}" is not running: ${messageOf(error)}` };
    }
    let request: RequestOf<'entry_setup'>;
    try {
      request = {
        entry: entryToWire(entry),
        source: this.#options.source(entry.domain),
        hostConfig: hostConfigToWire(this.#options.hostConfig()),
      };
    } catch (error) {
      return { status: 'error', reason: messageOf(error) };
    }
    const timeoutMs = this.#options.setupTimeoutMs ?? defaultBridgePolicy.entrySetupTimeoutMs;
    try {
      const result = await connection.channel.call('entry_setup', request, { timeoutMs });
      if (result.loaded) {
        this.#options.onLoaded?.(entry);
        return { status: 'loaded' };
      }
      // A failed setup leaves nothing behind, so a retry starts clean.
      connection.bridge.unloadEntry(entry.entryId);
      return {
        status: result.retry ? 'retry' : 'error',
        reason: result.reason || `${entry.domain} did not set up`,
      };
    } catch (error) {
      connection.bridge.unloadEntry(entry.entryId);
      if (errorType(error) === 'channel_closed' || errorType(error) === 'channel_closing') {
        return { status: 'retry', reason: `sandbox "${this.group}" went away during setup` };
      }
      if (errorType(error) === 'timeout') {
        // The setup may still finish in the sandbox: unload it there, so whatever it does next is undone.
        await this.#unloadAfterTimeout(connection, entry);
        return {
          status: 'retry',
          reason: `${entry.domain} did not finish setting up within ${timeoutMs >= 1000 ? `${timeoutMs / 1000} s` : `${timeoutMs} ms`}`,
        };
      }
      return { status: 'error', reason: messageOf(error) };
    }
  }

  async #unloadAfterTimeout(connection: RemoteConnection, entry: ConfigEntryData): Promise<void> {
    try {
      await connection.channel.call('entry_unload', { entryId: entry.entryId });
    } catch (error) {
      this.#logger('warn', `unload after a setup timeout failed: ${messageOf(error)}`, {
        entryId: entry.entryId,
      });
    }
    connection.bridge.unloadEntry(entry.entryId);
  }

  async unloadEntry(entry: ConfigEntryData): Promise<UnloadOutcome> {
    const connection = this.#options.connection();
    if (connection?.channel.state === 'open') {
      try {
        const result = await connection.channel.call('entry_unload', { entryId: entry.entryId });
        if (!result.unloaded) return { unloaded: false, reason: `${entry.domain} refused to unload` };
      } catch (error) {
        if (!UNREACHABLE.has(errorType(error))) return { unloaded: false, reason: messageOf(error) };
        this.#logger('warn', `sandbox unreachable while unloading ${entry.entryId}: ${messageOf(error)}`);
      }
    }
    connection?.bridge.unloadEntry(entry.entryId);
    return { unloaded: true };
  }

  async updateEntry(entry: ConfigEntryData): Promise<void> {
    const connection = this.#open();
    if (!connection) return;
    try {
      await connection.channel.call('entry_update', { entry: entryToWire(entry) });
    } catch (error) {
      // A sandbox that is gone gets the current entry with its next setup.
      if (!UNREACHABLE.has(errorType(error))) throw error;
    }
  }

  async flowInit(start: FlowStart): Promise<FlowResult> {
    const result = await this.#flowCall(start.flowId, 'flow_init', (channel, timeoutMs) =>
      channel.call(
        'flow_init',
        { ...flowStartToWire(start), integration: this.#options.source(start.domain) },
        { timeoutMs },
      ),
    );
    // The host owns flow ids: a result naming another flow is this flow's.
    return { ...flowResultFromWire(result), flowId: start.flowId };
  }

  async flowStep(flowId: string, input: Record<string, unknown> | undefined): Promise<FlowResult> {
    const result = await this.#flowCall(flowId, 'flow_step', (channel, timeoutMs) =>
      channel.call(
        'flow_step',
        { flowId, stepId: '', userInput: input === undefined ? new Uint8Array() : encodeJson(input) },
        { timeoutMs },
      ),
    );
    return { ...flowResultFromWire(result), flowId };
  }

  /**
   * A flow call bounded as a whole, starting the sandbox included: a user waits for its
   * answer, so a sandbox that does not answer is reported (`IntegrationNotRespondingError`)
   * and the flow aborted in the sandbox, so a late answer changes nothing.
   */
  async #flowCall<R>(
    flowId: string,
    call: 'flow_init' | 'flow_step',
    send: (channel: Channel, timeoutMs: number) => Promise<R>,
  ): Promise<R> {
    const timeoutMs = this.#flowTimeoutMs;
    const notResponding = new IntegrationNotRespondingError(this.group, call, timeoutMs);
    const startedAt = performance.now();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(notResponding), timeoutMs);
    });
    try {
      const { channel } = await Promise.race([this.#options.connect(), deadline]);
      const left = Math.max(1, Math.ceil(timeoutMs - (performance.now() - startedAt)));
      return await Promise.race([send(channel, left), deadline]);
    } catch (error) {
      if (errorType(error) === 'channel_closed' || errorType(error) === 'channel_closing') {
        throw await this.#exited(call, Date.now() - (performance.now() - startedAt), error);
      }
      if (error !== notResponding && errorType(error) !== 'timeout') throw error;
      this.#logger('warn', notResponding.message, { flowId });
      void this.flowAbort(flowId);
      throw notResponding;
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * The sandbox went away mid-call: wait briefly for its exit to be on record (the pipe's
   * EOF usually comes first) and say how it died, "exited with code 1 during flow_init".
   */
  async #exited(call: string, since: number, closed: unknown): Promise<Error> {
    const lastFailure = this.#options.lastFailure;
    if (!lastFailure) return closed as Error;
    let how: string | undefined;
    for (let waited = 0; waited <= EXIT_WAIT_MS && how === undefined; waited += EXIT_POLL_MS) {
      const failure = lastFailure();
      if (failure && failure.at >= since) {
        if (failure.signal) how = `was killed by ${failure.signal}`;
        else if (failure.code != null) how = `exited with code ${failure.code}`;
      }
      if (how === undefined) await new Promise((resolve) => setTimeout(resolve, EXIT_POLL_MS));
    }
    const error = new SandboxExitedError(this.group, call, how ?? 'closed its channel');
    this.#logger('warn', error.message);
    return error;
  }

  get #flowTimeoutMs(): number {
    return this.#options.flowTimeoutMs ?? defaultBridgePolicy.flowCallTimeoutMs;
  }

  async flowAbort(flowId: string): Promise<void> {
    const connection = this.#open();
    if (!connection) return;
    try {
      await connection.channel.call('flow_abort', { flowId }, { timeoutMs: this.#flowTimeoutMs });
    } catch (error) {
      // The host's flow is over either way; a sandbox that lost it has nothing to abort.
      this.#logger('debug', `flow ${flowId} abort not delivered: ${messageOf(error)}`);
    }
  }

  /** The group's connection when its channel is open; nothing is started. */
  #open(): RemoteConnection | undefined {
    const connection = this.#options.connection();
    return connection?.channel.state === 'open' ? connection : undefined;
  }
}

function errorType(error: unknown): string {
  return String((error as CorralError | undefined)?.type ?? '');
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
