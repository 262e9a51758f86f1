import { describe, expect, it } from 'vitest';
import { ChannelClosedError, RemoteError, ValidationError } from '../../src/errors.js';
import { Channel } from '../../src/wire/channel.js';
import { ProtobufCodec } from '../../src/wire/protobuf-codec.js';
import { memoryTransportPair } from '../../src/wire/transports/memory.js';

function pair() {
  const [a, b] = memoryTransportPair();
  const codec = new ProtobufCodec();
  return [new Channel(a, { codec, name: 'host' }), new Channel(b, { codec, name: 'sandbox' })] as const;
}

describe('Channel basics', () => {
  it('answers a call with the handler result', async () => {
    const [host, sandbox] = pair();
    sandbox.register('ping', () => ({ rssBytes: 42, uptimeMs: 1.5 }));
    const result = await host.call('ping', { sentAtMs: 1 });
    expect(Number(result.rssBytes)).toBe(42);
    expect(result.uptimeMs).toBe(1.5);
    await host.close();
  });

  it('rebuilds a remote error with its type and invalid paths', async () => {
    const [host, sandbox] = pair();
    sandbox.register('entry_setup', () => {
      throw new ValidationError('bad entry', [{ message: 'required', path: ['entry', 'domain'] }]);
    });
    const error = await host.call('entry_setup', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RemoteError);
    expect((error as RemoteError).type).toBe('validation_error');
    expect((error as RemoteError).invalid).toEqual([{ message: 'required', path: ['entry', 'domain'] }]);
    await host.close();
  });

  it('rejects pending calls with ChannelClosedError when the peer closes', async () => {
    const [host, sandbox] = pair();
    sandbox.register('ping', () => new Promise(() => {}));
    const call = host.call('ping', {});
    await new Promise((r) => setTimeout(r, 5));
    await sandbox.close();
    await expect(call).rejects.toBeInstanceOf(ChannelClosedError);
    expect(host.state).toBe('closed');
  });
});
