import { describe, expect, it } from 'vitest';
import type { EntityIdentity } from '../../src/sdk/types.js';
import type { corral } from '../../src/wire/gen/corral.js';
import { decodeJson, encodeJson } from '../../src/wire/json.js';
import {
  applyAttributes,
  descriptionHash,
  deviceFromWire,
  deviceToWire,
  encodeAttributes,
  entityDescriptionToWire,
  entityTargetFromWire,
  entityTargetToWire,
  entryFromWire,
  errorFromMessage,
  errorToMessage,
  flowResultFromWire,
  flowStartFromWire,
  hostConfigFromWire,
  identityFromWire,
  identityHash,
  identityToWire,
  reportFromWire,
  sameIdentity,
  samePlain,
  sandboxRestoreStateFromJson,
  supportsResponseFromWire,
} from '../../src/wire/messages.js';
import type { Received } from '../../src/wire/protocol.js';

const json = (value: unknown) => encodeJson(value);
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

const bareIdentity: EntityIdentity = {
  name: null,
  icon: null,
  entityCategory: null,
  deviceClass: null,
  supportedFeatures: 0,
  translationKey: null,
  deviceInfo: null,
  hasEntityName: false,
  unitOfMeasurement: null,
};

const fullIdentity: EntityIdentity = {
  name: 'Lamp',
  icon: 'mdi:lamp',
  entityCategory: 'config',
  deviceClass: 'light',
  supportedFeatures: 44,
  translationKey: 'lamp',
  deviceInfo: { identifiers: [['demo', '1']], name: 'Lämp ✓' },
  hasEntityName: true,
  unitOfMeasurement: '°C',
};

/** A flow_init request as a partial sender might leave it (no bytes where none were set). */
const flowInit = (fields: Partial<corral.FlowInitRequest.$Properties>) =>
  ({ flowId: 'f', domain: 'demo', flowKind: 'config', source: 'user', ...fields }) as Received<'flow_init'>;

describe('config entries from the wire', () => {
  it('an entry with no fields at all reads as the documented defaults', () => {
    expect(entryFromWire({})).toStrictEqual({
      entryId: '',
      domain: '',
      title: '',
      data: {},
      options: {},
      version: 1,
      minorVersion: 1,
      source: 'user',
      uniqueId: null,
      prefDisableNewEntities: false,
      prefDisablePolling: false,
      subentries: [],
    });
  });

  it('a missing entry reads as the same defaults as an empty one', () => {
    expect(entryFromWire(null)).toStrictEqual(entryFromWire({}));
    expect(entryFromWire(undefined)).toStrictEqual(entryFromWire({}));
  });

  it('a subentry with no fields reads as empty strings, no unique id and no data', () => {
    expect(entryFromWire({ subentries: [{}] }).subentries).toStrictEqual([
      { subentryId: '', subentryType: '', title: '', uniqueId: null, data: {} },
    ]);
  });

  it('a present source, unique ids and true preferences are kept, not replaced by defaults', () => {
    const entry = entryFromWire({
      source: 'import',
      uniqueId: 'u1',
      prefDisableNewEntities: true,
      prefDisablePolling: true,
      subentries: [{ subentryId: 's', subentryType: 'room', title: 'Kitchen', uniqueId: 'su1' }],
    });
    expect(entry.source).toBe('import');
    expect(entry.uniqueId).toBe('u1');
    expect(entry.prefDisableNewEntities).toBe(true);
    expect(entry.prefDisablePolling).toBe(true);
    expect(entry.subentries[0]).toStrictEqual({
      subentryId: 's',
      subentryType: 'room',
      title: 'Kitchen',
      uniqueId: 'su1',
      data: {},
    });
  });

  it('entry data that is JSON null, an array or a number reads as an empty object', () => {
    for (const value of [null, [1, 2], 5, 'text']) {
      const entry = entryFromWire({ data: json(value), options: json(value) });
      expect(entry.data).toStrictEqual({});
      expect(entry.options).toStrictEqual({});
    }
  });

  it('a zero version reads as version 1', () => {
    const entry = entryFromWire({ version: 0, minorVersion: 0 });
    expect([entry.version, entry.minorVersion]).toEqual([1, 1]);
  });
});

describe('host config from the wire', () => {
  const defaults = {
    latitude: 0,
    longitude: 0,
    elevation: 0,
    timeZone: 'UTC',
    unitSystem: 'metric',
    language: 'en',
    country: '',
    currency: 'EUR',
    locationName: '',
  };

  it('a missing or empty host config reads as UTC, metric, English, EUR at 0/0', () => {
    expect(hostConfigFromWire(undefined)).toStrictEqual(defaults);
    expect(hostConfigFromWire(null)).toStrictEqual(defaults);
    expect(hostConfigFromWire({})).toStrictEqual(defaults);
  });

  it('empty strings for time zone, language and currency read as the defaults', () => {
    expect(hostConfigFromWire({ timeZone: '', language: '', currency: '', unitSystem: '' })).toStrictEqual(
      defaults,
    );
  });

  it('present values are kept, us_customary included', () => {
    const config = {
      latitude: 52.1,
      longitude: 4.3,
      elevation: 7,
      timeZone: 'Europe/Amsterdam',
      unitSystem: 'us_customary',
      language: 'nl',
      country: 'NL',
      currency: 'USD',
      locationName: 'Home',
    };
    expect(hostConfigFromWire(config)).toStrictEqual(config);
  });

  it('an unknown unit system reads as metric', () => {
    expect(hostConfigFromWire({ unitSystem: 'imperial' }).unitSystem).toBe('metric');
  });
});

describe('flow starts from the wire', () => {
  it('an empty source reads as user, a present one is kept', () => {
    expect(flowStartFromWire(flowInit({ source: '' })).source).toBe('user');
    expect(flowStartFromWire(flowInit({ source: 'reauth' })).source).toBe('reauth');
  });

  it('no data bytes, absent or empty, reads as no data', () => {
    expect(flowStartFromWire(flowInit({})).data).toBeNull();
    expect(flowStartFromWire(flowInit({ data: new Uint8Array() })).data).toBeNull();
    expect(flowStartFromWire(flowInit({ data: json({ a: 1 }) })).data).toStrictEqual({ a: 1 });
  });

  it('an unknown flow kind reads as config; a known one is kept', () => {
    expect(flowStartFromWire(flowInit({ flowKind: 'bogus' })).kind).toBe('config');
    expect(flowStartFromWire(flowInit({ flowKind: 'options' })).kind).toBe('options');
    expect(flowStartFromWire(flowInit({ flowKind: 'subentry' })).kind).toBe('subentry');
  });

  it('no entry and no host config read as none and the host defaults', () => {
    const start = flowStartFromWire(flowInit({}));
    expect(start.entry).toBeNull();
    expect(start.context).toStrictEqual({});
    expect(start.hostConfig).toStrictEqual(hostConfigFromWire({}));
  });
});

describe('flow results from the wire', () => {
  it('a form with only its type reads as an empty form without schema', () => {
    expect(flowResultFromWire({ type: 'form' })).toStrictEqual({
      type: 'form',
      flowId: '',
      uniqueId: null,
      stepId: '',
      schema: null,
      errors: {},
      descriptionPlaceholders: {},
      lastStep: null,
    });
  });

  it('a form keeps a false last step and stringifies error values', () => {
    const form = flowResultFromWire({ type: 'form', lastStep: false, errors: json({ base: 1 }) });
    expect(form).toMatchObject({ lastStep: false, errors: { base: '1' } });
  });

  it('a menu with only its type reads as an empty, unsorted menu', () => {
    expect(flowResultFromWire({ type: 'menu' })).toStrictEqual({
      type: 'menu',
      flowId: '',
      uniqueId: null,
      stepId: '',
      menuOptions: [],
      sortMenu: false,
      descriptionPlaceholders: {},
    });
  });

  it('a menu option without a label is labelled by its id; without either, by nothing', () => {
    const menu = flowResultFromWire({
      type: 'menu',
      menuOptions: [{ id: 'a' }, {}, { id: 'b', label: 'Bee' }],
    });
    expect(menu).toMatchObject({
      menuOptions: [
        { id: 'a', label: 'a' },
        { id: '', label: '' },
        { id: 'b', label: 'Bee' },
      ],
    });
  });

  it('a menu that asks to be sorted stays sorted', () => {
    expect(flowResultFromWire({ type: 'menu', sortMenu: true })).toMatchObject({ sortMenu: true });
  });

  it('a create_entry with only its type reads as an untitled version-1 entry without subentries', () => {
    expect(flowResultFromWire({ type: 'create_entry' })).toStrictEqual({
      type: 'create_entry',
      flowId: '',
      uniqueId: null,
      title: '',
      data: {},
      options: {},
      version: 1,
      minorVersion: 1,
      subentries: [],
    });
  });

  it('create_entry subentries that are not a list read as none', () => {
    const result = flowResultFromWire({ type: 'create_entry', subentries: json({ not: 'a list' }) });
    expect(result).toMatchObject({ subentries: [] });
  });

  it('an abort with only its type reads as an abort without reason', () => {
    expect(flowResultFromWire({ type: 'abort' })).toStrictEqual({
      type: 'abort',
      flowId: '',
      uniqueId: null,
      reason: '',
      descriptionPlaceholders: {},
    });
  });

  it('an unknown type, the empty one included, passes through with its reason or none', () => {
    expect(flowResultFromWire({ type: '' })).toStrictEqual({
      type: '',
      flowId: '',
      uniqueId: null,
      reason: '',
      descriptionPlaceholders: {},
    });
    expect(
      flowResultFromWire({ type: 'external_step', reason: 'why', flowId: 'f', uniqueId: 'u' }),
    ).toStrictEqual({
      type: 'external_step',
      flowId: 'f',
      uniqueId: 'u',
      reason: 'why',
      descriptionPlaceholders: {},
    });
  });
});

describe('devices', () => {
  it('a device with nothing set goes on the wire as empty strings, empty lists and no via device', () => {
    expect(deviceToWire({})).toStrictEqual({
      identifiers: [],
      connections: [],
      name: '',
      manufacturer: '',
      model: '',
      modelId: '',
      swVersion: '',
      hwVersion: '',
      serialNumber: '',
      viaDevice: null,
      suggestedArea: '',
      configurationUrl: '',
    });
  });

  it('every set device field goes on the wire as given', () => {
    expect(
      deviceToWire({
        identifiers: [['demo', '1']],
        connections: [['mac', 'aa']],
        name: 'N',
        manufacturer: 'Acme',
        model: 'M1',
        modelId: 'm-1',
        swVersion: '1.0',
        hwVersion: 'rev2',
        serialNumber: 'SN',
        viaDevice: ['demo', 'hub'],
        suggestedArea: 'Hall',
        configurationUrl: 'http://x',
      }),
    ).toStrictEqual({
      identifiers: [{ a: 'demo', b: '1' }],
      connections: [{ a: 'mac', b: 'aa' }],
      name: 'N',
      manufacturer: 'Acme',
      model: 'M1',
      modelId: 'm-1',
      swVersion: '1.0',
      hwVersion: 'rev2',
      serialNumber: 'SN',
      viaDevice: { a: 'demo', b: 'hub' },
      suggestedArea: 'Hall',
      configurationUrl: 'http://x',
    });
  });

  it('a device message with nothing set reads as empty identifier and connection lists only', () => {
    expect(deviceFromWire({})).toStrictEqual({ identifiers: [], connections: [] });
  });

  it('pairs and a via device with missing halves read as empty strings', () => {
    expect(deviceFromWire({ identifiers: [{}], connections: [{ a: 'mac' }], viaDevice: {} })).toStrictEqual({
      identifiers: [['', '']],
      connections: [['mac', '']],
      viaDevice: ['', ''],
    });
  });
});

describe('identities', () => {
  it('an identity with nothing set goes on the wire as empty strings and no device', () => {
    expect(identityToWire(bareIdentity)).toStrictEqual({
      name: '',
      icon: '',
      entityCategory: '',
      deviceClass: '',
      supportedFeatures: 0,
      translationKey: '',
      deviceInfo: null,
      hasEntityName: false,
      unitOfMeasurement: '',
    });
  });

  it('every set identity field goes on the wire as given', () => {
    expect(identityToWire(fullIdentity)).toStrictEqual({
      name: 'Lamp',
      icon: 'mdi:lamp',
      entityCategory: 'config',
      deviceClass: 'light',
      supportedFeatures: 44,
      translationKey: 'lamp',
      deviceInfo: deviceToWire({ identifiers: [['demo', '1']], name: 'Lämp ✓' }),
      hasEntityName: true,
      unitOfMeasurement: '°C',
    });
  });

  it('an identity message with nothing set, or none at all, reads as the bare identity', () => {
    expect(identityFromWire({})).toStrictEqual(bareIdentity);
    expect(identityFromWire(null)).toStrictEqual(bareIdentity);
  });

  it('both entity categories are kept; anything else reads as none', () => {
    expect(identityFromWire({ entityCategory: 'diagnostic' }).entityCategory).toBe('diagnostic');
    expect(identityFromWire({ entityCategory: 'config' }).entityCategory).toBe('config');
    expect(identityFromWire({ entityCategory: 'system' }).entityCategory).toBeNull();
  });

  it('sameIdentity holds for equal identities, a device compared by value', () => {
    expect(sameIdentity(fullIdentity, structuredClone(fullIdentity))).toBe(true);
    expect(sameIdentity(bareIdentity, { ...bareIdentity })).toBe(true);
  });

  it('sameIdentity fails when any one field differs', () => {
    const changes: Partial<EntityIdentity>[] = [
      { name: 'Other' },
      { icon: 'mdi:other' },
      { entityCategory: 'diagnostic' },
      { deviceClass: 'other' },
      { supportedFeatures: 45 },
      { translationKey: 'other' },
      { deviceInfo: { identifiers: [['demo', '2']], name: 'Lämp ✓' } },
      { hasEntityName: false },
      { unitOfMeasurement: 'K' },
    ];
    for (const change of changes) {
      expect(sameIdentity(fullIdentity, { ...fullIdentity, ...change }), JSON.stringify(change)).toBe(false);
      expect(sameIdentity({ ...fullIdentity, ...change }, fullIdentity), JSON.stringify(change)).toBe(false);
    }
  });

  // The hash travels in register_entity and is compared with one the host may compute
  // itself (entity-mirror), so it must not drift between builds: pinned values.
  it('identityHash is a stable value for a given identity', () => {
    expect(identityHash(bareIdentity)).toBe('4d2e08f8fd50ab21');
    expect(identityHash(fullIdentity)).toBe('dfe4070db54f87f');
  });
});

describe('entity state reports', () => {
  it('no report, or an empty one, reads as unknown with no capabilities or attributes', () => {
    const unknown = { state: 'unknown', capabilities: {}, attributes: {} };
    expect(reportFromWire(undefined)).toStrictEqual(unknown);
    expect(reportFromWire(null)).toStrictEqual(unknown);
    expect(reportFromWire({})).toStrictEqual(unknown);
    expect(reportFromWire({ state: '' })).toStrictEqual(unknown);
  });

  it('a present state, capabilities and attributes are kept', () => {
    expect(
      reportFromWire({ state: 'on', capabilities: json({ min: 1 }), attributes: json({ brightness: 3 }) }),
    ).toStrictEqual({ state: 'on', capabilities: { min: 1 }, attributes: { brightness: 3 } });
  });
});

describe('entity descriptions', () => {
  const entity = {
    entryId: 'e1',
    sandboxEntityId: 'light:u@e1',
    platform: 'light',
    uniqueId: 'u',
    identity: fullIdentity,
    report: { state: 'on', attributes: {}, capabilities: { min: 1 } },
  };

  it('without handle, hash or suggested object id it sends 0, the computed hash and no id', () => {
    const wire = entityDescriptionToWire(entity);
    expect(wire.handle).toBe(0);
    expect(wire.descriptionHash).toBe(descriptionHash(fullIdentity, { min: 1 }));
    expect(wire.suggestedObjectId).toBe('');
  });

  it('a given handle, hash and suggested object id are sent as given', () => {
    const wire = entityDescriptionToWire({
      ...entity,
      handle: 7,
      descriptionHash: 'given-hash',
      suggestedObjectId: 'kitchen_lamp',
    });
    expect(wire).toMatchObject({
      handle: 7,
      descriptionHash: 'given-hash',
      suggestedObjectId: 'kitchen_lamp',
    });
  });
});

describe('errors as message fields', () => {
  it('an error goes out with its message, type and every invalid field with its path', () => {
    expect(
      errorToMessage({
        message: 'bad',
        type: 'invalid',
        invalid: [{ message: 'required', path: ['data', 'host'] }],
      }),
    ).toStrictEqual({
      message: 'bad',
      type: 'invalid',
      invalid: [{ message: 'required', path: ['data', 'host'] }],
    });
  });

  it('an error message with nothing set reads as a remote_error without message or invalid fields', () => {
    expect(errorFromMessage({})).toStrictEqual({ message: '', type: 'remote_error', invalid: [] });
    expect(errorFromMessage({ type: '' }).type).toBe('remote_error');
  });

  it('an invalid field with nothing set reads as no message at the root path', () => {
    expect(errorFromMessage({ invalid: [{}] }).invalid).toStrictEqual([{ message: '', path: [] }]);
  });

  it('present message, type and invalid fields are kept', () => {
    expect(
      errorFromMessage({ message: 'm', type: 't', invalid: [{ message: 'x', path: ['a', 'b'] }] }),
    ).toStrictEqual({ message: 'm', type: 't', invalid: [{ message: 'x', path: ['a', 'b'] }] });
  });
});

describe('service targets and response modes', () => {
  it('a target names its entities as a list', () => {
    expect(decodeJson(entityTargetToWire(['a', 'b']))).toStrictEqual({ entity_id: ['a', 'b'] });
    expect(entityTargetFromWire(entityTargetToWire(['a', 'b']))).toStrictEqual(['a', 'b']);
  });

  it('a single entity id reads as a one-element list', () => {
    expect(entityTargetFromWire(json({ entity_id: 'light.x' }))).toStrictEqual(['light.x']);
  });

  it('non-string ids in a list are dropped', () => {
    expect(entityTargetFromWire(json({ entity_id: ['a', 1, null, 'b', { c: 1 }] }))).toStrictEqual([
      'a',
      'b',
    ]);
  });

  it('no target, or one without entity ids, names no entities', () => {
    expect(entityTargetFromWire(undefined)).toStrictEqual([]);
    expect(entityTargetFromWire(json({ area_id: 'kitchen' }))).toStrictEqual([]);
    expect(entityTargetFromWire(json({ entity_id: 5 }))).toStrictEqual([]);
  });

  it('response modes read by number; absent or unknown is none', () => {
    expect(supportsResponseFromWire(undefined)).toBe('none');
    expect(supportsResponseFromWire(null)).toBe('none');
    expect(supportsResponseFromWire(0)).toBe('none');
    expect(supportsResponseFromWire(1)).toBe('optional');
    expect(supportsResponseFromWire(2)).toBe('only');
    expect(supportsResponseFromWire(9)).toBe('none');
  });
});

describe('samePlain', () => {
  it('equal JSON-like values are the same, NaN included', () => {
    expect(samePlain(1, 1)).toBe(true);
    expect(samePlain(Number.NaN, Number.NaN)).toBe(true);
    expect(samePlain([1, [2, { a: 3 }]], [1, [2, { a: 3 }]])).toBe(true);
    expect(samePlain({ a: [1], b: { c: null } }, { b: { c: null }, a: [1] })).toBe(true);
    expect(samePlain([], [])).toBe(true);
  });

  it('NaN is not the same as a number, nor a number as its string', () => {
    expect(samePlain(Number.NaN, 1)).toBe(false);
    expect(samePlain(1, Number.NaN)).toBe(false);
    expect(samePlain(1, '1')).toBe(false);
  });

  it('an object is not the same as null or a primitive, either way round', () => {
    expect(samePlain(null, {})).toBe(false);
    expect(samePlain({}, null)).toBe(false);
    expect(samePlain({}, 1)).toBe(false);
    expect(samePlain(1, {})).toBe(false);
  });

  it('an array is not the same as an object, even one that looks like it', () => {
    expect(samePlain([], {})).toBe(false);
    expect(samePlain({}, [])).toBe(false);
    expect(samePlain([], { length: 0 })).toBe(false);
    expect(samePlain({ length: 0 }, [])).toBe(false);
  });

  it('arrays of different lengths or elements differ', () => {
    expect(samePlain([1], [1, 2])).toBe(false);
    expect(samePlain([1, 2], [1])).toBe(false);
    expect(samePlain([1], [2])).toBe(false);
    expect(samePlain([1, 2, 3], [1, 2, 4])).toBe(false);
  });

  it('objects with a missing, extra or different key differ', () => {
    expect(samePlain({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(samePlain({ a: 1, b: 2 }, { a: 1 })).toBe(false);
    expect(samePlain({ a: 1 }, { b: 1 })).toBe(false);
    expect(samePlain({ a: 1 }, { a: 2 })).toBe(false);
  });

  it('only own keys count: an inherited enumerable key is not compared', () => {
    const withInherited = Object.assign(Object.create({ inherited: 1 }) as Record<string, unknown>, { a: 1 });
    expect(samePlain(withInherited, { a: 1 })).toBe(true);
  });
});

describe('attribute updates', () => {
  it('with no previous copy the full attributes go out, not as a delta', () => {
    expect(encodeAttributes(undefined, { a: 1 })).toStrictEqual({
      attributes: json({ a: 1 }),
      delta: false,
      removedAttributes: [],
    });
  });

  it('when every key changed the full attributes go out, not as a delta', () => {
    const previous = { a: 1, b: 2 };
    const next = { a: 3, b: 4 };
    const update = encodeAttributes(previous, next);
    expect(update).toStrictEqual({ attributes: json(next), delta: false, removedAttributes: [] });
    expect(applyAttributes(previous, update)).toStrictEqual(next);
  });

  it('an undefined key that was never there does not count as a key of the update', () => {
    // One of one defined key changed: the full set, not a delta.
    const update = encodeAttributes({ a: 0 }, { a: 1, b: undefined });
    expect(update).toStrictEqual({ attributes: json({ a: 1 }), delta: false, removedAttributes: [] });
  });

  it('a strict subset changed with nothing removed goes out as a delta without removals', () => {
    const previous = { a: 1, b: 2, c: 3 };
    const update = encodeAttributes(previous, { a: 1, b: 5, c: 3 });
    expect(update).toStrictEqual({ attributes: json({ b: 5 }), delta: true, removedAttributes: [] });
  });

  it('with a removal the delta goes out when it is smaller than the full set', () => {
    const previous = { keep: 'a long value that is not sent again', c: 1, r: 0 };
    const next = { keep: previous.keep, c: 2 };
    const update = encodeAttributes(previous, next);
    expect(update).toStrictEqual({ attributes: json({ c: 2 }), delta: true, removedAttributes: ['r'] });
    expect(applyAttributes(previous, update)).toStrictEqual(next);
  });

  it('with a removal the full set goes out when the delta and its removals measure no smaller', () => {
    // delta {"c":2} (7 bytes) + "rrrr" (4 + 2) = 13 = the full {"k":1,"c":2}: the full set wins the tie.
    const previous = { k: 1, c: 1, rrrr: 0 };
    const next = { k: 1, c: 2 };
    expect(text(json({ c: 2 })).length + 'rrrr'.length + 2).toBe(text(json(next)).length);
    const update = encodeAttributes(previous, next);
    expect(update).toStrictEqual({ attributes: json(next), delta: false, removedAttributes: [] });
    expect(applyAttributes(previous, update)).toStrictEqual(next);
  });

  it('a key that was already undefined before is not listed as removed', () => {
    const previous = { keep: 'a long value that is not sent again', c: 1, gone: undefined };
    const next = { keep: previous.keep, c: 2 };
    expect(encodeAttributes(previous, next)).toStrictEqual({
      attributes: json({ c: 2 }),
      delta: true,
      removedAttributes: [],
    });
  });

  it('with many long removals the full set goes out', () => {
    const previous = { k: 1, c: 1, a_rather_long_removed_key: 0, another_long_removed_key: 0 };
    const next = { k: 1, c: 2 };
    expect(encodeAttributes(previous, next)).toStrictEqual({
      attributes: json(next),
      delta: false,
      removedAttributes: [],
    });
  });

  it('a changed __proto__ attribute goes out in the delta as data and is applied as data', () => {
    const previous = JSON.parse('{"__proto__":1,"a":1,"b":1}') as Record<string, unknown>;
    const next = JSON.parse('{"__proto__":2,"a":1,"b":1}') as Record<string, unknown>;
    const update = encodeAttributes(previous, next);
    expect(update.delta).toBe(true);
    expect(text(update.attributes)).toBe('{"__proto__":2}');
    const applied = applyAttributes(previous, update);
    expect(Object.keys(applied).sort()).toEqual(['__proto__', 'a', 'b']);
    expect(Object.getOwnPropertyDescriptor(applied, '__proto__')).toStrictEqual({
      value: 2,
      enumerable: true,
      writable: true,
      configurable: true,
    });
    expect(Object.getPrototypeOf(applied)).toBe(Object.prototype);
  });

  it('a previous __proto__ attribute survives a delta that does not touch it', () => {
    const previous = JSON.parse('{"__proto__":{"x":1},"a":1}') as Record<string, unknown>;
    const applied = applyAttributes(previous, { attributes: json({ b: 2 }), delta: true });
    expect(Object.keys(applied).sort()).toEqual(['__proto__', 'a', 'b']);
    expect(Object.getOwnPropertyDescriptor(applied, '__proto__')).toStrictEqual({
      value: { x: 1 },
      enumerable: true,
      writable: true,
      configurable: true,
    });
    expect(Object.getPrototypeOf(applied)).toBe(Object.prototype);
  });

  it('a delta without bytes or removals keeps the receiver copy, whether its fields are absent or empty', () => {
    const previous = { a: 1 };
    expect(applyAttributes(previous, { delta: true })).toBe(previous);
    expect(applyAttributes(previous, { delta: true, attributes: new Uint8Array(0) })).toBe(previous);
    expect(applyAttributes(previous, { delta: true, removedAttributes: [] })).toBe(previous);
    expect(applyAttributes(undefined, { delta: true })).toStrictEqual({});
  });

  it('a delta without a removal list merges every previous key, whatever its name', () => {
    const previous = { 'Stryker was here': 1, a: 1 };
    expect(applyAttributes(previous, { attributes: json({ b: 2 }), delta: true })).toStrictEqual({
      'Stryker was here': 1,
      a: 1,
      b: 2,
    });
  });

  it('a delta with only removals drops them from the receiver copy', () => {
    expect(applyAttributes({ a: 1, b: 2 }, { delta: true, removedAttributes: ['a'] })).toStrictEqual({
      b: 2,
    });
  });
});

describe('sandbox restore-state', () => {
  it('a value that is not an object holds no entities, and never throws', () => {
    for (const value of [null, undefined, 'text', 5, true, [{ state: 'on', attributes: {} }]]) {
      expect(sandboxRestoreStateFromJson(value).size, String(value)).toBe(0);
    }
  });

  it('entries that are null, primitives or without a string state are skipped', () => {
    const states = sandboxRestoreStateFromJson({
      a: null,
      b: 'on',
      c: 5,
      d: { state: 3 },
      e: { attributes: {} },
      ok: { state: 'on', attributes: { brightness: 3 } },
    });
    expect([...states]).toStrictEqual([['ok', { state: 'on', attributes: { brightness: 3 } }]]);
  });

  it('attributes that are not an object read as none', () => {
    const states = sandboxRestoreStateFromJson({
      n: { state: 'on', attributes: null },
      p: { state: 'on', attributes: 5 },
      s: { state: 'on', attributes: 'x' },
      l: { state: 'on', attributes: [1, 2] },
      m: { state: 'on' },
    });
    for (const id of ['n', 'p', 's', 'l', 'm'])
      expect(states.get(id), id).toStrictEqual({ state: 'on', attributes: {} });
  });
});
