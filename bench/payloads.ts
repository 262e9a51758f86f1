/**
 * The messages every subject of the channel bench exchanges, built the same
 * way in the host and in the children. Each payload is sized so that the
 * encoded Corral frame is ~100 B or 4 KiB; the Node IPC baselines carry the
 * same content as plain objects ({ id, type, payload }).
 */
import type { corral } from '../src/wire/gen/corral.js';
import { encodeJson } from '../src/wire/json.js';
import { ProtobufCodec } from '../src/wire/protobuf-codec.js';

export type SizeKey = 'small' | 'large';

export const sizes: Record<SizeKey, { label: string; frameBytes: number }> = {
  small: { label: '~100 B', frameBytes: 100 },
  large: { label: '4 KiB', frameBytes: 4096 },
};

/** A call id typical of a warm channel (two varint bytes), used when sizing call frames. */
const SIZING_CALL_ID = 1000;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface Payload {
  readonly size: SizeKey;
  /** `call_service` request; the child echoes `data` as `CallServiceResult.response`. */
  readonly callRequest: corral.ICallServiceRequest;
  /** `state_changed` push with one `StateUpdate`. */
  readonly push: corral.IStateChanged;
  /** The same content as plain objects, for Node IPC. */
  readonly ipcCall: { domain: string; service: string; target: Json; data: Json };
  readonly ipcPush: {
    updates: { sandboxEntityId: string; state: string; attributes: Json; contextId: string }[];
  };
  /** The encoded Corral frames (no length prefix): what the raw baseline sends. */
  readonly callFrame: Uint8Array;
  readonly pushFrame: Uint8Array;
}

const codec = new ProtobufCodec();
const CONTEXT_ID = '01J8ZK6T0Q4M3V7C9W2X5Y8B1N';
const TARGET: Json = { entity_id: 'light.kitchen' };

/** Service data: a few fields, plus (for the large size) a structured list of scenes. */
function serviceData(size: SizeKey, pad: string): Json {
  if (size === 'small') return { brightness: 200, color: pad };
  return {
    brightness: 180,
    transition: 2.5,
    color_mode: 'xy',
    scenes: scenes(),
    note: pad,
  };
}

/** Entity attributes: a light's state, plus (for the large size) its scene and effect lists. */
function attributes(size: SizeKey, pad: string): Json {
  if (size === 'small') return { brightness: 200, name: pad };
  return {
    friendly_name: 'Kitchen ceiling',
    supported_color_modes: ['xy', 'color_temp', 'brightness'],
    brightness: 180,
    xy_color: [0.4573, 0.41],
    effect_list: ['none', 'colorloop', 'random', 'candle', 'fireplace'],
    scenes: scenes(),
    note: pad,
  };
}

function scenes(): Json[] {
  return Array.from({ length: 36 }, (_, i) => ({
    id: `scene_${i}`,
    name: `Scene number ${i}`,
    brightness: (i * 7) % 255,
    rgb: [(i * 31) % 256, (i * 57) % 256, (i * 97) % 256],
    on: i % 2 === 0,
  }));
}

function callRequest(size: SizeKey, pad: string): corral.ICallServiceRequest {
  return {
    domain: 'light',
    service: 'turn_on',
    target: encodeJson(TARGET),
    data: encodeJson(serviceData(size, pad)),
  };
}

function stateChanged(size: SizeKey, pad: string): corral.IStateChanged {
  return {
    updates: [
      {
        sandboxEntityId: 'light.kitchen',
        state: 'on',
        attributes: encodeJson(attributes(size, pad)),
        contextId: CONTEXT_ID,
      },
    ],
  };
}

/** The shortest padding that brings `encoded(pad)` to `target` bytes (or just past it). */
function padToSize(target: number, encoded: (pad: string) => number): string {
  let pad = '';
  for (let i = 0; i < 8; i++) {
    const missing = target - encoded(pad);
    if (missing === 0) return pad;
    if (missing < 0) {
      if (pad.length === 0) throw new Error(`payload is already larger than ${target} bytes`);
      pad = pad.slice(0, Math.max(0, pad.length + missing));
    } else pad += 'x'.repeat(missing);
  }
  return pad;
}

export function buildPayload(size: SizeKey): Payload {
  const target = sizes[size].frameBytes;
  const encodeCall = (pad: string) =>
    codec.encode({ id: SIZING_CALL_ID, type: 'call_service', body: callRequest(size, pad) });
  const encodePush = (pad: string) =>
    codec.encode({ id: 0, type: 'state_changed', body: stateChanged(size, pad) });
  const callPad = padToSize(target, (pad) => encodeCall(pad).length);
  const pushPad = padToSize(target, (pad) => encodePush(pad).length);
  return {
    size,
    callRequest: callRequest(size, callPad),
    push: stateChanged(size, pushPad),
    ipcCall: { domain: 'light', service: 'turn_on', target: TARGET, data: serviceData(size, callPad) },
    ipcPush: {
      updates: [
        {
          sandboxEntityId: 'light.kitchen',
          state: 'on',
          attributes: attributes(size, pushPad),
          contextId: CONTEXT_ID,
        },
      ],
    },
    callFrame: encodeCall(callPad),
    pushFrame: encodePush(pushPad),
  };
}

export const payloads: Record<SizeKey, Payload> = {
  small: buildPayload('small'),
  large: buildPayload('large'),
};

export function isSizeKey(value: unknown): value is SizeKey {
  return value === 'small' || value === 'large';
}
