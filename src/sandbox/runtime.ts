import { Channel } from '../wire/channel.js';
import { encodeJson } from '../wire/json.js';
import { ProtobufCodec } from '../wire/protobuf-codec.js';
import { PROTOCOL_VERSION } from '../wire/protocol.js';
import type { Transport } from '../wire/transport.js';

export interface RuntimeOptions {
  readonly group: string;
  readonly transport: Transport;
  /** Called once the channel is closed and the reply to `shutdown` (if any) has left. */
  readonly onExit: (code: number) => void;
}

/**
 * The sandbox side of one channel: registers every inbound handler, then sends
 * `ready` as its last start-up step, so the host never calls into a runtime
 * that cannot answer yet.
 */
export class SandboxRuntime {
  readonly channel: Channel;
  private readonly startedAt = performance.now();
  private restoreState: Record<string, unknown> = {};

  constructor(private readonly options: RuntimeOptions) {
    this.channel = new Channel(options.transport, {
      codec: new ProtobufCodec(),
      name: options.group,
      onError: (error, { type }) => process.stderr.write(`channel error on "${type}": ${error.message}\n`),
    });
  }

  start(): void {
    const { channel } = this;
    channel.register('ping', () => {
      const usage = process.memoryUsage();
      return {
        rssBytes: usage.rss,
        heapUsedBytes: usage.heapUsed,
        uptimeMs: performance.now() - this.startedAt,
      };
    });
    channel.register('shutdown', () => {
      // Leave only after this reply is on the wire: drain lets it finish, then close.
      setImmediate(() => void channel.drain());
      return { restoreState: encodeJson(this.restoreState) };
    });
    // The host's end closing (or dying) ends the runtime: no orphaned sandboxes.
    void channel.closed.then(async ({ error }) => {
      await channel.close(); // resolves once the transport has flushed and released the pipe
      this.options.onExit(error ? 1 : 0);
    });
    channel.push('ready', {
      protocolVersion: PROTOCOL_VERSION,
      group: this.options.group,
      pid: process.pid,
      runtimeVersion: process.version,
    });
  }
}
