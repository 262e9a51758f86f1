/**
 * The in-process half of the hostile-child fuzz: a seeded stream of valid, forged and
 * mutated frames, cut into arbitrary chunks, read by a host channel (StreamTransport over
 * an in-memory byte stream) with a real SandboxBridge and store server behind it.
 * `test/wire/hostile.property.test.ts` sends one kind of bad input at a time to a bare
 * channel; here every kind is mixed in one stream and reaches the bridge's handlers and
 * trust gates, and the mirror (the host's own decoder and codec) says in advance where,
 * if anywhere, the host must close.
 */
import { Duplex, PassThrough } from 'node:stream';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect } from 'vitest';
import { checkProtocolVersion } from '../../src/actors/launch.js';
import { SandboxBridge } from '../../src/bridge/bridge.js';
import { CorralError } from '../../src/errors.js';
import type { HubEvent } from '../../src/host/types.js';
import { defaultChannelPolicy } from '../../src/policy.js';
import { Channel } from '../../src/wire/channel.js';
import { encodeFrames, FrameDecoder } from '../../src/wire/framing.js';
import { ProtobufCodec } from '../../src/wire/protobuf-codec.js';
import { StreamTransport } from '../../src/wire/transports/stream.js';
import { GROUP, type Harness, harness } from '../bridge/support.js';
import { type Fatal, HostileFrames, MIXES, WireMirror } from '../fixtures/reliability/hostile-frames.js';
import { within } from '../support/async.js';
import { type ProcessFailureWatch, watchProcessFailures } from '../support/process-failures.js';
import { prop } from '../support/property.js';

const maxFrameBytes = defaultChannelPolicy.maxFrameBytes;
const codec = new ProtobufCodec();
const ITEMS = 150;
/** Mutations far more common than in the long fuzz: about a quarter of the runs reach the end open. */
const MIX = { ...MIXES.default, valid: 1500, misdirected: 200, response: 200 };

let h: Harness;
let watch: ProcessFailureWatch;
let victimEntryId: string;
let victimDeviceId: string;
beforeEach(async () => {
  watch = watchProcessFailures();
  h = await harness();
  // An integration of another group, with a device a forged registration could try to take.
  const victim = await h.addEntry('victim', 'main');
  victimEntryId = victim.entryId;
  victimDeviceId = h.hub.devices.getOrCreate({
    configEntryId: victim.entryId,
    identifiers: [['victim', 'device-1']],
    name: 'Victim device',
  }).id;
});
afterEach(async () => {
  await h.cleanup();
  watch.stop();
  expect(watch.failures).toEqual([]);
});

/** A host channel and bridge of the group over an in-memory byte stream; `send` writes raw bytes. */
function hostOverBytes() {
  const toHost = new PassThrough();
  const fromHost = new PassThrough();
  const transport = new StreamTransport(Duplex.from({ readable: toHost, writable: fromHost }), {
    maxFrameBytes,
  });
  const host = new Channel(transport, { codec: new ProtobufCodec(), name: 'host' });
  // As launchSandbox does: a `ready` of another protocol version closes the channel.
  host.register(
    'ready',
    (ready) => {
      try {
        checkProtocolVersion(ready, GROUP);
      } catch (error) {
        void host.close(error as Error);
      }
    },
    { inline: true },
  );
  const bridge = new SandboxBridge(GROUP, host, { ...h.hub, store: h.store });
  const answers = new Set<number>();
  const decoder = new FrameDecoder(maxFrameBytes);
  fromHost.on('data', (chunk: Buffer) =>
    decoder.push(chunk, (bytes) => {
      const frame = codec.decode(bytes);
      if ('ok' in frame) answers.add(frame.id);
    }),
  );
  return {
    host,
    bridge,
    send: (bytes: Uint8Array) => new Promise<void>((resolve) => toHost.write(bytes, () => resolve())),
    /** Resolves once the host answered our call `id`: it has read everything sent before it. */
    answered: async (id: number) => {
      const deadline = Date.now() + 3_000;
      while (!answers.has(id)) {
        if (Date.now() > deadline) throw new Error(`no answer to call ${id}`);
        await new Promise((resolve) => setImmediate(resolve));
      }
    },
  };
}

/** The bytes split at `cuts` (offsets modulo the length). */
function chunk(bytes: Buffer, cuts: readonly number[]): Buffer[] {
  const edges = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
  const pieces: Buffer[] = [];
  let from = 0;
  for (const edge of [...edges, bytes.length]) {
    if (edge > from) pieces.push(bytes.subarray(from, edge));
    from = Math.max(from, edge);
  }
  return pieces;
}

describe('a mixed hostile byte stream read by a host channel with a real bridge', () => {
  prop([fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.array(fc.nat(), { maxLength: 12 })], { numRuns: 30 })(
    'closes exactly where the host decoder predicts, with that typed error, or answers after the last frame; leaves nothing in flight; and no trust gate gives way',
    async (seed, cuts) => {
      const frames = new HostileFrames({
        seed,
        mix: MIX,
        words: [
          h.entry.entryId,
          victimEntryId,
          'acme',
          'acme_event',
          'acme.data',
          'victim',
          'victim_event',
          'light',
          'device-1',
        ],
      });
      const mirror = new WireMirror();
      const items: Uint8Array[] = [];
      let fatal: Fatal | undefined;
      for (let index = 0; index < ITEMS && !fatal; index++) {
        const { bytes } = frames.item(index);
        items.push(bytes);
        fatal = mirror.feed(bytes);
      }
      const events: HubEvent[] = [];
      const unlisten = h.hub.bus.listen('*', (event) => void events.push(event));
      const { host, bridge, send, answered } = hostOverBytes();
      try {
        for (const piece of chunk(Buffer.concat(items), cuts)) await send(piece);
        if (fatal) {
          const { error } = await within(3_000, host.closed, 'the channel to close');
          expect(error).toBeInstanceOf(CorralError);
          expect(error?.name).toBe(fatal.name);
        } else if (!mirror.midFrame) {
          await send(encodeFrames([codec.encode({ id: 1, type: 'ping', body: {} })]));
          await answered(1);
          expect(host.state).toBe('open');
        }
        // (A frame left open closes nothing yet: the host waits for its rest, as the mirror does.)
        // Every admitted handler ends, answered or dropped with the channel: none is left in flight.
        const deadline = Date.now() + 3_000;
        while (host.inflight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 1));
        expect(host.inflight).toBe(0);

        for (const entity of h.hub.entities.entries()) expect(entity.configEntryId).toBe(h.entry.entryId);
        expect(h.hub.devices.get(victimDeviceId)).toMatchObject({
          configEntries: [victimEntryId],
          name: 'Victim device',
        });
        for (const event of events.filter((e) => e.origin === 'remote')) {
          expect(event.type.startsWith('acme_')).toBe(true);
        }
      } finally {
        unlisten();
        bridge.teardown();
        await host.close();
      }
    },
  );
});
