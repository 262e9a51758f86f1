/**
 * fast-check arbitraries for every message of the wire protocol, written
 * field by field against the generated classes' `$Properties` in
 * `src/wire/gen/corral.d.ts`. `protocolSpecs` is typed so that a message type
 * added to `protocol.ts`, or a field added to or dropped from a message,
 * is a compile error here until its arbitrary follows.
 *
 * Each field also knows its canonical form, so a decoded message (class
 * instances, proto3 defaults on the prototype, uint64 as number or Long, bytes
 * as Buffer) compares equal to the plain object it was encoded from.
 */
import fc from 'fast-check';
import type LongClass from 'long';
import protobuf from 'protobufjs/minimal.js';
import type { WireError } from '../../src/wire/frame.js';
import { MAX_CALL_ID } from '../../src/wire/frame.js';
import { corral } from '../../src/wire/gen/corral.js';
import {
  type CallType,
  type MessageType,
  type PushType,
  protocol,
  type RequestOf,
  type ResultOf,
} from '../../src/wire/protocol.js';

const Long = protobuf.util.Long as unknown as typeof LongClass;

/** How one proto field is generated and compared. */
export interface Field<T> {
  /** Values the protobuf codec must carry exactly. */
  readonly arbitrary: fc.Arbitrary<T>;
  /** Values that also survive JSON: no Long, no NaN, no infinities, no -0. */
  readonly jsonArbitrary: fc.Arbitrary<T>;
  /** The canonical form of a sent or decoded value: proto3 default when absent, BigInt for 64-bit, hex for bytes. */
  normalise(value: unknown): unknown;
}

type Fields<P> = Omit<P, '$unknowns'>;
/** One Field per field of a generated message's `$Properties`, no more and no fewer. */
export type MessageSpec<P> = { readonly [K in keyof Fields<P>]-?: Field<NonNullable<Fields<P>[K]>> };

/** Well-formed text: ASCII-biased strings and full-Unicode graphemes (astral code points included). */
export const text = fc.oneof(fc.string({ maxLength: 24 }), fc.string({ unit: 'grapheme', maxLength: 12 }));

const same = <T>(arbitrary: fc.Arbitrary<T>, normalise: (value: unknown) => unknown): Field<T> => ({
  arbitrary,
  jsonArbitrary: arbitrary,
  normalise,
});

const string: Field<string> = same(text, (v) => v ?? '');
const uint32: Field<number> = same(fc.integer({ min: 0, max: 0xffff_ffff }), (v) => v ?? 0);
const bool: Field<boolean> = same(fc.boolean(), (v) => v ?? false);
const bytes: Field<Uint8Array> = same(fc.uint8Array({ maxLength: 48 }), (v) => hex(v as Uint8Array | null));
const double: Field<number> = {
  arbitrary: fc.double(),
  jsonArbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => (x === 0 ? 0 : x)),
  normalise: (v) => v ?? 0,
};
/** uint64 is sent as a safe number or as a Long over the whole range; it decodes as number or Long. */
const uint64: Field<number | LongClass> = {
  arbitrary: fc.oneof(
    fc.maxSafeNat(),
    fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }).map((b) => Long.fromString(b.toString(), true)),
  ),
  jsonArbitrary: fc.maxSafeNat(),
  normalise: (v) => toBigInt(v),
};

const enumOf = <E extends number>(...values: E[]): Field<E> =>
  same(fc.constantFrom(...values), (v) => v ?? 0);

/** proto3 `optional`: presence is part of the value, so an explicit default survives. */
const optional = <T>(field: Field<T>): Field<T> => ({
  ...field,
  normalise: (v) => (v == null ? null : field.normalise(v)),
});

const repeated = <T>(field: Field<T>): Field<T[]> => ({
  arbitrary: fc.array(field.arbitrary, { maxLength: 3 }),
  jsonArbitrary: fc.array(field.jsonArbitrary, { maxLength: 3 }),
  normalise: (v) => ((v as unknown[] | null | undefined) ?? []).map((item) => field.normalise(item)),
});

/** A sub-message field: absent decodes as null, present as the message with its defaults filled in. */
const message = <P>(spec: MessageSpec<P>): Field<P> => ({
  arbitrary: messageArbitrary(spec),
  jsonArbitrary: messageArbitrary(spec, 'json'),
  normalise: (v) => (v == null ? null : normaliseMessage(spec, v)),
});

/** A message with any subset of its fields set. */
export function messageArbitrary<P>(
  spec: MessageSpec<P>,
  flavour: 'protobuf' | 'json' = 'protobuf',
): fc.Arbitrary<P> {
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [key, field] of Object.entries(spec) as [string, Field<unknown>][]) {
    model[key] = flavour === 'json' ? field.jsonArbitrary : field.arbitrary;
  }
  return fc.record(model, { requiredKeys: [] }) as unknown as fc.Arbitrary<P>;
}

/** Every field of `spec` in canonical form, read from a plain object or a decoded instance. */
export function normaliseMessage<P>(spec: MessageSpec<P>, value: unknown): Record<string, unknown> {
  const source = (value ?? {}) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(spec) as [string, Field<unknown>][]) {
    out[key] = field.normalise(source[key]);
  }
  return out;
}

export function toBigInt(value: unknown): bigint {
  if (value == null) return 0n;
  if (typeof value === 'number' || typeof value === 'bigint') return BigInt(value);
  return BigInt((value as LongClass).toString());
}

function hex(value: Uint8Array | null | undefined): string {
  return value ? Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex') : '';
}

// ---- Messages, in the order of proto/corral.proto -----------------------------

const empty: MessageSpec<corral.Empty.$Properties> = {};

const configSubentry: MessageSpec<corral.ConfigSubentry.$Properties> = {
  subentryId: string,
  subentryType: string,
  title: string,
  uniqueId: optional(string),
  data: bytes,
};

const configEntry: MessageSpec<corral.ConfigEntry.$Properties> = {
  entryId: string,
  domain: string,
  title: string,
  data: bytes,
  options: bytes,
  version: uint32,
  minorVersion: uint32,
  source: string,
  uniqueId: optional(string),
  prefDisableNewEntities: bool,
  prefDisablePolling: bool,
  subentries: repeated(message(configSubentry)),
};

const integrationSource: MessageSpec<corral.IntegrationSource.$Properties> = {
  kind: enumOf(
    corral.IntegrationSource.Kind.BUILT_IN,
    corral.IntegrationSource.Kind.DIRECTORY,
    corral.IntegrationSource.Kind.TARBALL,
  ),
  domain: string,
  path: string,
  integrity: string,
};

const hostConfig: MessageSpec<corral.HostConfig.$Properties> = {
  latitude: double,
  longitude: double,
  elevation: double,
  timeZone: string,
  unitSystem: string,
  language: string,
  country: string,
  currency: string,
  locationName: string,
};

const menuOption: MessageSpec<corral.MenuOption.$Properties> = { id: string, label: string };
const pair: MessageSpec<corral.Pair.$Properties> = { a: string, b: string };

const deviceInfo: MessageSpec<corral.DeviceInfo.$Properties> = {
  identifiers: repeated(message(pair)),
  connections: repeated(message(pair)),
  name: string,
  manufacturer: string,
  model: string,
  modelId: string,
  swVersion: string,
  hwVersion: string,
  serialNumber: string,
  viaDevice: optional(message(pair)),
  suggestedArea: string,
  configurationUrl: string,
};

const entityIdentity: MessageSpec<corral.EntityIdentity.$Properties> = {
  name: string,
  icon: string,
  entityCategory: string,
  deviceClass: string,
  supportedFeatures: uint32,
  translationKey: string,
  deviceInfo: message(deviceInfo),
  hasEntityName: bool,
  unitOfMeasurement: string,
};

const entityState: MessageSpec<corral.EntityState.$Properties> = {
  state: string,
  capabilities: bytes,
  attributes: bytes,
};

const entityDescription: MessageSpec<corral.EntityDescription.$Properties> = {
  entryId: string,
  domain: string,
  sandboxEntityId: string,
  uniqueId: string,
  identity: message(entityIdentity),
  initialState: message(entityState),
  descriptionHash: string,
  suggestedObjectId: string,
  handle: uint32,
};

const invalidField: MessageSpec<corral.Invalid.$Properties> = { message: string, path: repeated(string) };
const errorSpec: MessageSpec<corral.Error.$Properties> = {
  message: string,
  type: string,
  invalid: repeated(message(invalidField)),
};
const registrationOutcome: MessageSpec<corral.RegistrationOutcome.$Properties> = {
  entityId: string,
  error: message(errorSpec),
};

const stateUpdate: MessageSpec<corral.StateUpdate.$Properties> = {
  sandboxEntityId: string,
  state: string,
  attributes: bytes,
  delta: bool,
  removedAttributes: repeated(string),
  contextId: string,
  handle: uint32,
};

const flowResult: MessageSpec<corral.FlowResult.$Properties> = {
  type: string,
  flowId: string,
  stepId: string,
  errors: bytes,
  descriptionPlaceholders: bytes,
  schema: bytes,
  lastStep: optional(bool),
  menuOptions: repeated(message(menuOption)),
  sortMenu: bool,
  title: string,
  data: bytes,
  options: bytes,
  version: uint32,
  minorVersion: uint32,
  uniqueId: optional(string),
  reason: string,
  subentries: bytes,
};

type ProtocolSpecs = {
  readonly [T in MessageType]: { readonly request: MessageSpec<RequestOf<T>> } & (T extends CallType
    ? { readonly result: MessageSpec<ResultOf<T>> }
    : unknown);
};

/** The field specs of every request and every result, keyed by message type. */
export const protocolSpecs: ProtocolSpecs = {
  ready: { request: { protocolVersion: uint32, group: string, pid: uint32, runtimeVersion: string } },
  ping: {
    request: { sentAtMs: uint64 },
    result: { rssBytes: uint64, heapUsedBytes: uint64, uptimeMs: double },
  },
  shutdown: { request: { reason: string }, result: { restoreState: bytes } },
  entry_setup: {
    request: {
      entry: message(configEntry),
      source: message(integrationSource),
      hostConfig: message(hostConfig),
    },
    result: { loaded: bool, reason: string, retry: bool },
  },
  entry_unload: { request: { entryId: string }, result: { unloaded: bool } },
  entry_update: { request: { entry: message(configEntry) }, result: empty },
  flow_init: {
    request: {
      flowId: string,
      domain: string,
      flowKind: string,
      source: string,
      context: bytes,
      data: bytes,
      entry: message(configEntry),
      integration: message(integrationSource),
      hostConfig: message(hostConfig),
    },
    result: flowResult,
  },
  flow_step: { request: { flowId: string, stepId: string, userInput: bytes }, result: flowResult },
  flow_abort: { request: { flowId: string }, result: empty },
  register_entity: {
    request: { description: message(entityDescription) },
    result: { entityId: string },
  },
  register_entities: {
    request: { descriptions: repeated(message(entityDescription)) },
    result: { outcomes: repeated(message(registrationOutcome)) },
  },
  unregister_entity: { request: { sandboxEntityId: string }, result: empty },
  state_changed: { request: { updates: repeated(message(stateUpdate)), contextId: string } },
  entity_query: {
    request: { sandboxEntityId: string, method: string, args: bytes },
    result: { value: bytes },
  },
  register_service: {
    request: {
      domain: string,
      service: string,
      supportsResponse: enumOf(
        corral.SupportsResponse.NONE,
        corral.SupportsResponse.OPTIONAL,
        corral.SupportsResponse.ONLY,
      ),
      schema: bytes,
    },
    result: empty,
  },
  unregister_service: { request: { domain: string, service: string }, result: empty },
  call_service: {
    request: {
      domain: string,
      service: string,
      target: bytes,
      data: bytes,
      returnResponse: bool,
      contextId: string,
    },
    result: { response: bytes },
  },
  fire_event: { request: { eventType: string, data: bytes, contextId: string } },
  store_load: {
    request: { key: string },
    result: { found: bool, version: uint32, minorVersion: uint32, data: bytes },
  },
  store_save: { request: { key: string, version: uint32, minorVersion: uint32, data: bytes }, result: empty },
  store_remove: { request: { key: string }, result: empty },
  get_translations: {
    request: { language: string, category: string, domains: repeated(string) },
    result: { strings: bytes },
  },
};

export const messageTypes = Object.keys(protocol) as MessageType[];
export const callTypes = messageTypes.filter((t): t is CallType => protocol[t].kind === 'call');
export const pushTypes = messageTypes.filter((t): t is PushType => protocol[t].kind === 'push');

export function requestSpec(type: MessageType): MessageSpec<unknown> {
  return protocolSpecs[type].request as MessageSpec<unknown>;
}

export function resultSpec(type: CallType): MessageSpec<unknown> {
  return (protocolSpecs[type] as { result: MessageSpec<unknown> }).result;
}

/** The id a request of `type` must carry: 0 for a push, 1..2^32-1 for a call. */
export function idFor(type: MessageType): fc.Arbitrary<number> {
  return protocol[type].kind === 'push' ? fc.constant(0) : callId;
}

export const callId = fc.oneof(
  fc.integer({ min: 1, max: MAX_CALL_ID }),
  fc.constantFrom(1, 2, 0x7fff_ffff, 0x8000_0000, MAX_CALL_ID),
);

/** The error half of a response, with invalid paths. */
export const wireError: fc.Arbitrary<WireError> = fc.record({
  message: text,
  type: text,
  invalid: fc.array(fc.record({ message: text, path: fc.array(text, { maxLength: 4 }) }), { maxLength: 3 }),
});
