/**
 * Corral side of the channel bench: a real sandbox-style channel on the
 * inherited fd-3 pipe. It echoes `call_service` data back as the response and,
 * when the host asks (an `entity_query` with method `bench.push`), sends
 * `state_changed` pushes as fast as the channel takes them.
 */
import { Channel } from '../src/wire/channel.js';
import { decodeJson } from '../src/wire/json.js';
import { ProtobufCodec } from '../src/wire/protobuf-codec.js';
import { PROTOCOL_VERSION } from '../src/wire/protocol.js';
import { inheritedPipeTransport } from '../src/wire/transports/pipe.js';
import { PUSH_BATCH, type PushCommand, yieldToLoop } from './channel-shared.js';
import { isSizeKey, payloads } from './payloads.js';

const channel = new Channel(inheritedPipeTransport(), { codec: new ProtobufCodec(), name: 'bench-child' });

channel.register('call_service', (request) => ({ response: request.data }));

channel.register('entity_query', (request) => {
  if (request.method !== 'bench.push') throw new Error(`unknown bench method ${request.method}`);
  const command = decodeJson<PushCommand>(request.args);
  if (!command || !isSizeKey(command.size)) throw new Error('bad bench.push arguments');
  void pushMany(command);
  return {};
});

async function pushMany({ count, size }: PushCommand): Promise<void> {
  const message = payloads[size].push;
  for (let sent = 0; sent < count; ) {
    const end = Math.min(count, sent + PUSH_BATCH);
    for (; sent < end; sent++) channel.push('state_changed', message);
    // One coalesced write per batch leaves on the next tick; let the loop run it.
    await yieldToLoop();
  }
}

// The host closing its end (or dying) ends the child.
void channel.closed.then(() => process.exit(0));

channel.push('ready', {
  protocolVersion: PROTOCOL_VERSION,
  group: 'bench',
  pid: process.pid,
  runtimeVersion: process.version,
});
