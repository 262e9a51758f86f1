import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ConfigEntryData, EntityIdentity, FlowResult } from '../../src/sdk/types.js';
import { corral } from '../../src/wire/gen/corral.js';
import {
  applyAttributes,
  encodeAttributes,
  entryFromWire,
  entryToWire,
  flowResultFromWire,
  flowResultToWire,
  identityFromWire,
  identityHash,
  identityToWire,
} from '../../src/wire/messages.js';

/** Through real protobuf bytes, as on the wire. */
const viaWire = <T>(
  type: { encode(m: never): { finish(): Uint8Array }; decode(b: Uint8Array): T },
  m: unknown,
): T => type.decode(type.encode(m as never).finish());

const entry: ConfigEntryData = {
  entryId: '01J',
  domain: 'demo_hub',
  title: 'Hub',
  data: { host: 'h', port: 80, ratio: 0.5 },
  options: { interval: 30 },
  version: 2,
  minorVersion: 3,
  source: 'user',
  uniqueId: 'abc',
  prefDisableNewEntities: true,
  prefDisablePolling: false,
  subentries: [{ subentryId: 's1', subentryType: 'room', title: 'Kitchen', uniqueId: null, data: { n: 1 } }],
};

describe('wire messages', () => {
  it('a config entry survives the wire with int and float data intact', () => {
    expect(entryFromWire(viaWire(corral.ConfigEntry, entryToWire(entry)))).toEqual(entry);
  });

  it('every flow result type survives the wire', () => {
    const results: FlowResult[] = [
      {
        type: 'form',
        flowId: 'f',
        stepId: 'user',
        schema: { type: 'object' },
        errors: { base: 'cannot_connect' },
        descriptionPlaceholders: { n: '1' },
        lastStep: true,
        uniqueId: 'u',
      },
      {
        type: 'menu',
        flowId: 'f',
        stepId: 'pick',
        menuOptions: [
          { id: 'b', label: 'Bee' },
          { id: 'a', label: 'Ay' },
        ],
        sortMenu: false,
        descriptionPlaceholders: {},
        uniqueId: null,
      },
      {
        type: 'create_entry',
        flowId: 'f',
        title: 'T',
        data: { x: 1 },
        options: { y: 2 },
        version: 3,
        minorVersion: 4,
        uniqueId: 'u',
        subentries: [{ subentryType: 'room', title: 'R', uniqueId: null, data: {} }],
      },
      {
        type: 'abort',
        flowId: 'f',
        reason: 'already_configured',
        descriptionPlaceholders: {},
        uniqueId: null,
      },
    ];
    for (const result of results) {
      expect(flowResultFromWire(viaWire(corral.FlowResult, flowResultToWire(result)))).toEqual(result);
    }
  });

  it('an unknown result type passes through for the host to refuse', () => {
    expect(flowResultFromWire({ type: 'external_step', flowId: 'f' }).type).toBe('external_step');
  });

  it('an identity with a device survives the wire and hashes the same on both sides', () => {
    const identity: EntityIdentity = {
      name: 'Lamp',
      icon: null,
      entityCategory: 'config',
      deviceClass: null,
      supportedFeatures: 44,
      translationKey: null,
      deviceInfo: {
        identifiers: [['demo', '1']],
        connections: [['mac', 'aa:bb']],
        name: 'Lamp',
        viaDevice: ['demo', 'hub'],
      },
      hasEntityName: true,
      unitOfMeasurement: null,
    };
    const back = identityFromWire(viaWire(corral.EntityIdentity, identityToWire(identity)));
    expect(back).toEqual(identity);
    expect(identityHash(back)).toBe(identityHash(identity));
  });

  it('for any two attribute maps, applying the encoded update to the previous yields the next', () => {
    const attrs = fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 8 });
    fc.assert(
      fc.property(attrs, attrs, (previous, next) => {
        const safePrev = JSON.parse(JSON.stringify(previous)) as Record<string, unknown>;
        const safeNext = JSON.parse(JSON.stringify(next)) as Record<string, unknown>;
        const update = encodeAttributes(safePrev, safeNext);
        expect(applyAttributes(safePrev, update)).toEqual(safeNext);
      }),
    );
  });

  it('sends no attribute bytes when nothing changed, and the receiver keeps its own copy', () => {
    const previous = { brightness: 10, effect_list: ['a', 'b'] };
    const update = encodeAttributes(previous, { effect_list: ['a', 'b'], brightness: 10 });
    expect(update).toEqual({ attributes: new Uint8Array(0), delta: true, removedAttributes: [] });
    expect(applyAttributes(previous, update)).toBe(previous);
  });

  it('an attribute that became undefined is removed, as JSON would drop it', () => {
    const previous = { brightness: 10, effect: 'rainbow', effect_list: ['rainbow', 'candle', 'fire'] };
    const next = { brightness: 10, effect: undefined, effect_list: previous.effect_list };
    const update = encodeAttributes(previous, next);
    expect(update.removedAttributes).toEqual(['effect']);
    expect(applyAttributes(previous, update)).toEqual({ brightness: 10, effect_list: previous.effect_list });
  });

  it('sends only the changed attribute when that is smaller', () => {
    const previous = { brightness: 10, color_mode: 'color_temp', effect_list: ['a', 'b', 'c', 'd'] };
    const update = encodeAttributes(previous, { ...previous, brightness: 200 });
    expect(update.delta).toBe(true);
    expect(new TextDecoder().decode(update.attributes)).toBe('{"brightness":200}');
  });
});
