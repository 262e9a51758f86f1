import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { describe, expect } from 'vitest';
import type { EntityIdentity } from '../../src/sdk/types.js';
import { encodeJson } from '../../src/wire/json.js';
import {
  applyAttributes,
  deviceFromWire,
  encodeAttributes,
  entryFromWire,
  errorFromMessage,
  type FlowResultWire,
  flowResultFromWire,
  hostConfigFromWire,
  identityFromWire,
  identityHash,
  reportFromWire,
  sameIdentity,
  samePlain,
} from '../../src/wire/messages.js';
import { prop } from '../support/property.js';
import { text } from '../support/protocol-arbitraries.js';

/**
 * One optional field of a wire message: the values it may carry, each paired with what
 * the converter must make of it, and what the converter fills in when it is absent.
 */
interface Field {
  readonly present: fc.Arbitrary<readonly [wire: unknown, domain: unknown]>;
  readonly absent: unknown;
}
type Spec = Record<string, Field>;

/** The converter leaves the key out of its result when the field is absent. */
const NO_KEY = Symbol('no key');
const OMITTED = Symbol('omitted');

const same = <T>(arb: fc.Arbitrary<T>) => arb.map((v) => [v, v] as const);
const nonEmpty = text.filter((s) => s.length > 0);
const key = fc.constantFrom('a', 'b', 'host', 'port', 'x_y');
const jsonObject = fc.dictionary(
  key,
  fc.oneof(fc.integer(), fc.string({ maxLength: 6 }), fc.boolean(), fc.constant(null)),
  {
    maxKeys: 4,
    noNullPrototype: true,
  },
);
const stringObject = fc.dictionary(key, fc.string({ maxLength: 6 }), { maxKeys: 4, noNullPrototype: true });
/** A JSON object as bytes, read back as the object. */
const bytesOf = <T>(arb: fc.Arbitrary<T>) => arb.map((v) => [encodeJson(v), v] as const);

/**
 * A message with every subset of the spec's fields absent, each absent one left out or
 * set to null (both mean "not set" in a protobuf message), and the domain value expected.
 */
function partial(
  spec: Spec,
): fc.Arbitrary<{ wire: Record<string, unknown>; domain: Record<string, unknown> }> {
  const choices = Object.fromEntries(
    Object.entries(spec).map(([name, field]) => [
      name,
      fc.oneof(fc.constant(OMITTED), fc.constant(null), field.present),
    ]),
  );
  return fc.record(choices).map((chosen) => {
    const wire: Record<string, unknown> = {};
    const domain: Record<string, unknown> = {};
    for (const [name, choice] of Object.entries(chosen)) {
      const isSet = Array.isArray(choice);
      if (choice !== OMITTED) wire[name] = isSet ? choice[0] : null;
      const value = isSet ? choice[1] : spec[name]!.absent;
      if (value !== NO_KEY) domain[name] = value;
    }
    return { wire, domain };
  });
}
/** A nested message as a field. */
const nested = (arb: fc.Arbitrary<{ wire: unknown; domain: unknown }>) =>
  arb.map((m) => [m.wire, m.domain] as const);
const nestedList = <D>(
  arb: fc.Arbitrary<{ wire: unknown; domain: unknown }>,
  toDomain = (d: unknown) => d as D,
) =>
  fc
    .array(arb, { maxLength: 3 })
    .map((list) => [list.map((m) => m.wire), list.map((m) => toDomain(m.domain))] as const);

const subentry = partial({
  subentryId: { present: same(text), absent: '' },
  subentryType: { present: same(text), absent: '' },
  title: { present: same(text), absent: '' },
  uniqueId: { present: same(text), absent: null },
  data: { present: bytesOf(jsonObject), absent: {} },
});

const entry = partial({
  entryId: { present: same(text), absent: '' },
  domain: { present: same(text), absent: '' },
  title: { present: same(text), absent: '' },
  data: { present: bytesOf(jsonObject), absent: {} },
  options: { present: bytesOf(jsonObject), absent: {} },
  version: { present: same(fc.integer({ min: 1, max: 2 ** 31 - 1 })), absent: 1 },
  minorVersion: { present: same(fc.integer({ min: 1, max: 2 ** 31 - 1 })), absent: 1 },
  source: { present: same(text), absent: 'user' },
  uniqueId: { present: same(text), absent: null },
  prefDisableNewEntities: { present: same(fc.boolean()), absent: false },
  prefDisablePolling: { present: same(fc.boolean()), absent: false },
  subentries: { present: nestedList(subentry), absent: [] },
});

const hostConfig = partial({
  latitude: { present: same(fc.double({ noNaN: true, min: -90, max: 90 })), absent: 0 },
  longitude: { present: same(fc.double({ noNaN: true, min: -180, max: 180 })), absent: 0 },
  elevation: { present: same(fc.integer({ min: -500, max: 9000 })), absent: 0 },
  timeZone: { present: same(nonEmpty), absent: 'UTC' },
  unitSystem: { present: same(fc.constantFrom('metric', 'us_customary')), absent: 'metric' },
  language: { present: same(nonEmpty), absent: 'en' },
  country: { present: same(text), absent: '' },
  currency: { present: same(nonEmpty), absent: 'EUR' },
  locationName: { present: same(text), absent: '' },
});

const pair = partial({ a: { present: same(text), absent: '' }, b: { present: same(text), absent: '' } });
const asTuple = (d: unknown) => {
  const { a, b } = d as { a: string; b: string };
  return [a, b];
};

const device = partial({
  identifiers: { present: nestedList(pair, asTuple), absent: [] },
  connections: { present: nestedList(pair, asTuple), absent: [] },
  name: { present: same(nonEmpty), absent: NO_KEY },
  manufacturer: { present: same(nonEmpty), absent: NO_KEY },
  model: { present: same(nonEmpty), absent: NO_KEY },
  modelId: { present: same(nonEmpty), absent: NO_KEY },
  swVersion: { present: same(nonEmpty), absent: NO_KEY },
  hwVersion: { present: same(nonEmpty), absent: NO_KEY },
  serialNumber: { present: same(nonEmpty), absent: NO_KEY },
  viaDevice: { present: pair.map((m) => [m.wire, asTuple(m.domain)] as const), absent: NO_KEY },
  suggestedArea: { present: same(nonEmpty), absent: NO_KEY },
  configurationUrl: { present: same(nonEmpty), absent: NO_KEY },
});

const identity = partial({
  name: { present: same(nonEmpty), absent: null },
  icon: { present: same(nonEmpty), absent: null },
  entityCategory: { present: same(fc.constantFrom('config', 'diagnostic')), absent: null },
  deviceClass: { present: same(nonEmpty), absent: null },
  supportedFeatures: { present: same(fc.nat()), absent: 0 },
  translationKey: { present: same(nonEmpty), absent: null },
  deviceInfo: { present: nested(device), absent: null },
  hasEntityName: { present: same(fc.boolean()), absent: false },
  unitOfMeasurement: { present: same(nonEmpty), absent: null },
});

const report = partial({
  state: { present: same(nonEmpty), absent: 'unknown' },
  capabilities: { present: bytesOf(jsonObject), absent: {} },
  attributes: { present: bytesOf(jsonObject), absent: {} },
});

const invalid = partial({
  message: { present: same(text), absent: '' },
  path: { present: same(fc.array(text, { maxLength: 3 })), absent: [] },
});
const error = partial({
  message: { present: same(text), absent: '' },
  type: { present: same(nonEmpty), absent: 'remote_error' },
  invalid: { present: nestedList(invalid), absent: [] },
});

const common: Spec = {
  flowId: { present: same(text), absent: '' },
  uniqueId: { present: same(text), absent: null },
};
const placeholders: Field = { present: bytesOf(stringObject), absent: {} };
const menuOption = fc
  .record({
    id: fc.oneof(fc.constant(OMITTED), fc.constant(null), text),
    label: fc.oneof(fc.constant(OMITTED), fc.constant(null), nonEmpty),
  })
  .map(({ id, label }) => {
    const wire: Record<string, unknown> = {};
    if (id !== OMITTED) wire.id = id;
    if (label !== OMITTED) wire.label = label;
    const domainId = typeof id === 'string' ? id : '';
    // A plain list of ids: the label is the id.
    return { wire, domain: { id: domainId, label: typeof label === 'string' ? label : domainId } };
  });

const flowResults: Record<
  string,
  fc.Arbitrary<{ wire: Record<string, unknown>; domain: Record<string, unknown> }>
> = {
  form: partial({
    ...common,
    stepId: { present: same(text), absent: '' },
    schema: { present: bytesOf(jsonObject), absent: null },
    errors: { present: bytesOf(stringObject), absent: {} },
    descriptionPlaceholders: placeholders,
    lastStep: { present: same(fc.boolean()), absent: null },
  }),
  menu: partial({
    ...common,
    stepId: { present: same(text), absent: '' },
    menuOptions: { present: nestedList(menuOption), absent: [] },
    sortMenu: { present: same(fc.boolean()), absent: false },
    descriptionPlaceholders: placeholders,
  }),
  create_entry: partial({
    ...common,
    title: { present: same(text), absent: '' },
    data: { present: bytesOf(jsonObject), absent: {} },
    options: { present: bytesOf(jsonObject), absent: {} },
    version: { present: same(fc.integer({ min: 1, max: 1000 })), absent: 1 },
    minorVersion: { present: same(fc.integer({ min: 1, max: 1000 })), absent: 1 },
    subentries: {
      present: bytesOf(
        fc.array(
          fc.record({ subentryType: text, title: text, data: jsonObject }, { noNullPrototype: true }),
          { maxLength: 2 },
        ),
      ),
      absent: [],
    },
  }),
  abort: partial({
    ...common,
    reason: { present: same(text), absent: '' },
    descriptionPlaceholders: placeholders,
  }),
  external_step: partial({
    ...common,
    reason: { present: same(text), absent: '' },
    descriptionPlaceholders: placeholders,
  }),
};

const RUNS = { numRuns: 150 };

describe('converters fill in the documented default for each absent field', () => {
  prop([entry], RUNS)(
    'entryFromWire: any subset of fields absent yields the default for each absent one and the given value for each present one',
    ({ wire, domain }) => {
      expect(entryFromWire(wire)).toStrictEqual(domain);
    },
  );

  prop([hostConfig], RUNS)(
    'hostConfigFromWire: any subset of fields absent yields the default for each absent one and the given value for each present one',
    ({ wire, domain }) => {
      expect(hostConfigFromWire(wire)).toStrictEqual(domain);
    },
  );

  prop([device], RUNS)(
    'deviceFromWire: any subset of fields absent leaves each absent text out and keeps each present value',
    ({ wire, domain }) => {
      expect(deviceFromWire(wire)).toStrictEqual(domain);
    },
  );

  prop([identity], RUNS)(
    'identityFromWire: any subset of fields absent yields the default for each absent one and the given value for each present one',
    ({ wire, domain }) => {
      expect(identityFromWire(wire)).toStrictEqual(domain);
    },
  );

  prop([report], RUNS)(
    'reportFromWire: any subset of fields absent yields the default for each absent one and the given value for each present one',
    ({ wire, domain }) => {
      expect(reportFromWire(wire)).toStrictEqual(domain);
    },
  );

  prop([error], RUNS)(
    'errorFromMessage: any subset of fields absent yields the default for each absent one and the given value for each present one',
    ({ wire, domain }) => {
      expect(errorFromMessage(wire)).toStrictEqual(domain);
    },
  );

  for (const [type, arb] of Object.entries(flowResults)) {
    prop([arb], RUNS)(
      `flowResultFromWire (${type}): any subset of fields absent yields the default for each absent one and the given value for each present one`,
      ({ wire, domain }) => {
        expect(flowResultFromWire({ ...wire, type } as FlowResultWire)).toStrictEqual({ ...domain, type });
      },
    );
  }
});

/** FNV-1a (32 bit) then the 31-multiplier string hash, over the UTF-16 code units of the JSON, in hex. */
function referenceHash(value: unknown): string {
  const json = JSON.stringify(value);
  let fnv = 0x811c9dc5;
  let poly = 0;
  for (const unit of Array.from({ length: json.length }, (_, i) => json.charCodeAt(i))) {
    fnv = Number((BigInt((fnv ^ unit) >>> 0) * 0x01000193n) % 2n ** 32n);
    poly = Number((BigInt(poly) * 31n + BigInt(unit)) % 2n ** 32n);
  }
  return fnv.toString(16) + poly.toString(16);
}

const anyIdentity = identity.map(({ domain }) => domain as unknown as EntityIdentity);
/** Identities from a few values each, so that equal pairs come up often. */
const fewIdentity: fc.Arbitrary<EntityIdentity> = fc.record(
  {
    name: fc.constantFrom(null, 'Lamp'),
    icon: fc.constantFrom(null, 'mdi:lamp'),
    entityCategory: fc.constantFrom(null, 'config', 'diagnostic'),
    deviceClass: fc.constantFrom(null, 'light'),
    supportedFeatures: fc.constantFrom(0, 4),
    translationKey: fc.constantFrom(null, 'lamp'),
    deviceInfo: fc.constantFrom(null, 'D', 'E').map((name) => (name === null ? null : { name })),
    hasEntityName: fc.boolean(),
    unitOfMeasurement: fc.constantFrom(null, 'K'),
  },
  { noNullPrototype: true },
);

describe('identities', () => {
  prop([anyIdentity], RUNS)(
    'identityHash of any identity is the FNV-1a and 31-multiplier hash of its JSON (stable across builds)',
    (value) => {
      expect(identityHash(value)).toBe(referenceHash(value));
    },
  );

  prop([fewIdentity, fewIdentity], { numRuns: 300 })(
    'sameIdentity holds exactly when two identities are deeply equal',
    (a, b) => {
      expect(sameIdentity(a, b)).toBe(isDeepStrictEqual(a, b));
      expect(sameIdentity(a, structuredClone(a))).toBe(true);
    },
  );
});

/** JSON-like values from a few leaves and two keys, so that equal and near-equal pairs come up often. */
const { plain } = fc.letrec((tie) => ({
  plain: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom<unknown>(0, 1, 'a', '1', null, true, Number.NaN),
    fc.array(tie('plain'), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom('a', 'b', 'length', '0'), tie('plain'), {
      maxKeys: 3,
      noNullPrototype: true,
    }),
  ),
}));

describe('report data', () => {
  prop([plain, plain], { numRuns: 400 })(
    'samePlain holds exactly when two JSON-like values are deeply equal (NaN equal to NaN)',
    (a, b) => {
      expect(samePlain(a, b)).toBe(isDeepStrictEqual(a, b));
      expect(samePlain(a, structuredClone(a))).toBe(true);
    },
  );

  const attrs = fc.dictionary(
    fc.constantFrom('a', 'bb', 'ccc', 'dddd', 'brightness'),
    fc.constantFrom<unknown>(0, 1, 'x', [1, 2], undefined),
    {
      maxKeys: 5,
      noNullPrototype: true,
    },
  );
  prop([attrs, attrs], { numRuns: 400 })(
    'an attribute update is a delta only when it and its removals measure less than the full attributes; otherwise it is the full attributes with no removals',
    (previous, next) => {
      // The receiver's copy came over the wire: no undefined values in it.
      const received = JSON.parse(JSON.stringify(previous)) as Record<string, unknown>;
      const update = encodeAttributes(previous, next);
      const full = encodeJson(JSON.parse(JSON.stringify(next)));
      const cost = update.attributes.length + update.removedAttributes.reduce((n, k) => n + k.length + 2, 0);
      if (update.delta) expect(cost).toBeLessThan(full.length);
      else expect(update).toStrictEqual({ attributes: full, delta: false, removedAttributes: [] });
      expect(applyAttributes(received, update)).toStrictEqual(JSON.parse(JSON.stringify(next)));
    },
  );
});
