import { afterEach, expect, test } from 'vitest';
import { Channel } from '../../src/wire/channel.js';
import { ProtobufCodec } from '../../src/wire/protobuf-codec.js';
import type { Transport } from '../../src/wire/transport.js';
import { memoryTransportPair } from '../../src/wire/transports/memory.js';

const opened: Channel[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((channel) => channel.close()));
});

function open(transport: Transport, intercept?: (inner: Transport) => Transport): Channel {
  const channel = new Channel(transport, { codec: new ProtobufCodec(), intercept });
  opened.push(channel);
  return channel;
}

test('an interceptor sees every frame the channel sends and receives, and the channel uses what it returns', async () => {
  const [a, b] = memoryTransportPair();
  const seen: string[] = [];
  const host = open(a, (inner) => ({
    start: (sink) =>
      inner.start({
        frame: (bytes) => {
          seen.push(`in ${bytes.length}`);
          sink.frame(bytes);
        },
        end: (error) => sink.end(error),
      }),
    write: (frame) => {
      seen.push(`out ${frame.length}`);
      inner.write(frame);
    },
    close: () => inner.close(),
  }));
  const sandbox = open(b);
  sandbox.register('ping', () => ({ rssBytes: 1, heapUsedBytes: 2 }));
  const pong = await host.call('ping', { sentAtMs: 5 });
  expect(Number(pong.heapUsedBytes)).toBe(2);
  expect(seen.map((line) => line.split(' ')[0])).toEqual(['out', 'in']);
});

test('without an interceptor the channel writes to its transport directly', async () => {
  const [a, b] = memoryTransportPair();
  const writes: Uint8Array[] = [];
  const write = a.write.bind(a);
  a.write = (frame) => {
    writes.push(frame);
    write(frame);
  };
  const host = open(a);
  open(b).register('ping', () => ({}));
  await host.call('ping', { sentAtMs: 1 });
  expect(writes).toHaveLength(1);
});
