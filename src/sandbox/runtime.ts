import type { Logger } from '../logger.js';
import type { IntegrationDefinition } from '../sdk/integration.js';
import { Channel } from '../wire/channel.js';
import { decodeJson, encodeJson } from '../wire/json.js';
import { sandboxRestoreStateToWire } from '../wire/messages.js';
import { ProtobufCodec } from '../wire/protobuf-codec.js';
import { PROTOCOL_VERSION } from '../wire/protocol.js';
import type { Transport } from '../wire/transport.js';
import { EntityBridge } from './entity-bridge.js';
import { Entries } from './entry-runner.js';
import { FlowHandler } from './flow-handler.js';
import { HostLink } from './host-link.js';
import { IntegrationLoader } from './integration-loader.js';
import { RestoreCache } from './restore-cache.js';
import { ServiceMirror } from './service-mirror.js';
import { StoreClient } from './store-client.js';
import { SandboxTranslationFiles } from './translations.js';

export interface RuntimeOptions {
  readonly group: string;
  readonly transport: Transport;
  /** Called once the channel is closed and the reply to `shutdown` (if any) has left. */
  readonly onExit: (code: number) => void;
  /** Integrations by domain, used as they are instead of imported (tests, inline hosting). */
  readonly integrations?: Readonly<Record<string, IntegrationDefinition>>;
  /** Where the runtime's and the integrations' log lines go; stdout / stderr lines by default. */
  readonly logger?: Logger;
  /** Default delay of an integration's `delaySave`, ms. */
  readonly delaySaveMs?: number;
  /**
   * A warm spare: import these integration directories first, then wait as long as it
   * takes for the host to answer the restore-state request — the host reads nothing
   * from a spare until it claims it for a new generation.
   */
  readonly spare?: { readonly preload: readonly string[] };
}

/** Log lines on the process's output, which the host turns into its own log lines. */
const outputLogger: Logger = (level, message, fields) => {
  const where = fields?.domain
    ? `[${String(fields.domain)}${fields.entryId ? ` ${String(fields.entryId)}` : ''}] `
    : '';
  const stream = level === 'error' || level === 'warn' ? process.stderr : process.stdout;
  stream.write(`${where}${message}\n`);
};

/**
 * The sandbox side of one channel: the private integration host. Start-up registers
 * every inbound handler, warm-loads the restore cache, and sends `ready` as its last
 * step, so the host never calls into a runtime that cannot answer yet.
 */
export class SandboxRuntime {
  readonly channel: Channel;
  readonly #link: HostLink;
  readonly #restore: RestoreCache;
  readonly #entities: EntityBridge;
  readonly #services: ServiceMirror;
  readonly #stores: StoreClient;
  readonly #entries: Entries;
  readonly #flows: FlowHandler;
  readonly #loader: IntegrationLoader;
  readonly #logger: Logger;
  readonly #startedAt = performance.now();
  #stopping: Promise<Uint8Array> | undefined;

  constructor(private readonly options: RuntimeOptions) {
    const logger = options.logger ?? outputLogger;
    this.#logger = logger;
    this.channel = new Channel(options.transport, {
      codec: new ProtobufCodec(),
      name: options.group,
      onError: (error, { type }) => logger('warn', `channel error on "${type}": ${error.message}`),
    });
    this.#link = new HostLink(this.channel);
    const loader = new IntegrationLoader(options.integrations);
    this.#loader = loader;
    this.#restore = new RestoreCache(this.#link, logger);
    this.#entities = new EntityBridge(this.#link, this.#restore, logger);
    this.#services = new ServiceMirror(this.#link, this.#entities, logger);
    this.#stores = new StoreClient(this.#link, { logger, delaySaveMs: options.delaySaveMs });
    this.#entries = new Entries({
      link: this.#link,
      loader,
      entities: this.#entities,
      services: this.#services,
      stores: this.#stores,
      logger,
    });
    this.#flows = new FlowHandler(loader);
  }

  async start(): Promise<void> {
    const { channel } = this;
    const link = this.#link;
    link.handle('ping', () => {
      const usage = process.memoryUsage();
      return {
        rssBytes: usage.rss,
        heapUsedBytes: usage.heapUsed,
        uptimeMs: performance.now() - this.#startedAt,
      };
    });
    link.handle('shutdown', async () => {
      this.#stopping ??= this.#stop();
      const restoreState = await this.#stopping;
      // Leave only after this reply is on the wire: drain lets in-flight replies finish, then closes.
      setImmediate(() => void channel.drain());
      return { restoreState };
    });
    link.handle('entry_setup', (request) => this.#entries.setup(request));
    link.handle('entry_unload', (request) => this.#entries.unload(request));
    link.handle('entry_update', (request) => {
      this.#entries.update(request);
      return {};
    });
    link.handle('flow_init', (request) => this.#flows.init(request));
    link.handle('flow_step', (request) => this.#flows.step(request));
    link.handle('flow_abort', (request) => {
      this.#flows.abort(request);
      return {};
    });
    link.handle('call_service', async (request) => {
      const result = await this.#services.call(request);
      // The states a call changed reach the host before its reply does, as they would in-process.
      this.#entities.flush();
      return result;
    });
    const translations = new SandboxTranslationFiles((domain) => this.#loader.dirOf(domain), this.#logger);
    link.handle('get_translations', (request) => translations.get(request));
    link.handle('entity_query', async (request) => {
      const args = decodeJson(request.args);
      const value = await this.#entities.query(
        request.sandboxEntityId,
        request.method,
        isObject(args) ? args : {},
      );
      return { value: encodeJson(value) };
    });
    // The host's end closing (or dying) ends the runtime: no orphaned sandboxes.
    void channel.closed.then(async ({ error }) => {
      await channel.close(); // resolves once the transport has flushed and released the pipe
      this.options.onExit(error ? 1 : 0);
    });
    const { spare } = this.options;
    if (spare) await this.#loader.preload(spare.preload, this.#logger);
    await this.#restore.warmLoad(spare ? 0 : undefined);
    if (channel.state !== 'open') return;
    channel.push('ready', {
      protocolVersion: PROTOCOL_VERSION,
      group: this.options.group,
      pid: process.pid,
      runtimeVersion: process.version,
    });
  }

  /** Unload every entry (flushing their stores), then hand over the restore-state. */
  async #stop(): Promise<Uint8Array> {
    this.#entities.flush();
    await this.#entries.unloadAll();
    await this.#stores.flush();
    return sandboxRestoreStateToWire(this.#restore.snapshot());
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
