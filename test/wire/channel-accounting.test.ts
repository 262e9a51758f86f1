import { describe, expect, it } from 'vitest';
import { ChannelClosedError, FrameTooLargeError } from '../../src/errors.js';
import { Channel } from '../../src/wire/channel.js';
import { encodeJson } from '../../src/wire/json.js';
import { ProtobufCodec } from '../../src/wire/protobuf-codec.js';
import { memoryTransportPair } from '../../src/wire/transports/memory.js';

const codec = new ProtobufCodec();

function pair(maxFrameBytes?: number) {
  const [a, b] = memoryTransportPair();
  const policy = maxFrameBytes === undefined ? undefined : { maxFrameBytes };
  return [
    new Channel(a, { codec, name: 'host', policy }),
    new Channel(b, { codec, name: 'sandbox' }),
  ] as const;
}

const event = { eventType: 'acme_tick', data: encodeJson({ n: 1 }), contextId: '' };

describe('channel accounting and limits', () => {
  it('counts every call and push it sends and receives', async () => {
    const [host, sandbox] = pair();
    sandbox.register('ping', () => ({}));
    const got: string[] = [];
    sandbox.register('fire_event', (request) => void got.push(request.eventType));
    host.register('fire_event', () => {});
    await host.call('ping', {});
    await host.call('ping', {});
    host.push('fire_event', event);
    sandbox.push('fire_event', event);
    await new Promise((resolve) => setImmediate(resolve));
    expect(got).toEqual(['acme_tick']);
    expect(host.stats).toMatchObject({ callsOut: 2, callsIn: 0, pushesOut: 1, pushesIn: 1 });
    expect(sandbox.stats).toMatchObject({ callsOut: 0, callsIn: 2, pushesOut: 1, pushesIn: 1 });
    await host.close();
  });

  it('sends a frame of exactly maxFrameBytes and refuses one byte more, before it is written', async () => {
    const size = codec.encode({ id: 0, type: 'fire_event', body: event }).length;
    const [fits, peer] = pair(size);
    const got: string[] = [];
    peer.register('fire_event', (request) => void got.push(request.eventType));
    fits.push('fire_event', event);
    await new Promise((resolve) => setImmediate(resolve));
    expect(got).toEqual(['acme_tick']);
    await fits.close();

    const [tight, other] = pair(size - 1);
    other.register('fire_event', (request) => void got.push(request.eventType));
    expect(() => tight.push('fire_event', event)).toThrow(FrameTooLargeError);
    expect(tight.stats.pushesOut).toBe(0);
    const big = { key: 'k', version: 1, minorVersion: 1, data: encodeJson('x'.repeat(size)) };
    await expect(tight.call('store_save', big)).rejects.toBeInstanceOf(FrameTooLargeError);
    expect(tight.stats.callsOut).toBe(0);
    await new Promise((resolve) => setImmediate(resolve));
    expect(got).toEqual(['acme_tick']);
    await tight.close();
  });

  it('names the channel in the error of a call or push after it closed', async () => {
    const [host] = pair();
    await host.close();
    await expect(host.call('ping', {})).rejects.toThrow(new ChannelClosedError('host: channel closed'));
    expect(() => host.push('fire_event', event)).toThrow('host: channel closed');
    expect(host.stats).toMatchObject({ callsOut: 0, pushesOut: 0 });
  });
});
