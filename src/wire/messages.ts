/**
 * The one translation between the SDK's shapes and the wire's, imported by both
 * sides: config entries, host config, flow starts and results, entity
 * descriptions and state updates. Dynamic parts travel as JSON bytes.
 */
import type { FlowStart } from '../host/router.js';
import type {
  ConfigEntryData,
  DeviceInfo,
  EntityIdentity,
  EntityStateReport,
  FlowKind,
  FlowResult,
  HostConfigData,
  SupportsResponse,
} from '../sdk/types.js';
import type { WireError } from './frame.js';
import { corral } from './gen/corral.js';
import { decodeJson, encodeJson } from './json.js';
import type { Received, RequestOf, ResultOf } from './protocol.js';

type WireEntry = NonNullable<RequestOf<'entry_setup'>['entry']>;
type WireHostConfig = NonNullable<RequestOf<'entry_setup'>['hostConfig']>;
type WireDescription = NonNullable<RequestOf<'register_entity'>['description']>;
type WireDevice = NonNullable<NonNullable<WireDescription['identity']>['deviceInfo']>;

const obj = (bytes: Uint8Array | null | undefined): Record<string, unknown> => {
  const value = decodeJson(bytes);
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
};
const strings = (bytes: Uint8Array | null | undefined): Record<string, string> =>
  Object.fromEntries(Object.entries(obj(bytes)).map(([k, v]) => [k, String(v)]));
const nonEmpty = (value: string | null | undefined) => (value ? value : null);

// ---- Config entries and host config ---------------------------------------------

export function entryToWire(entry: ConfigEntryData): WireEntry {
  return {
    entryId: entry.entryId,
    domain: entry.domain,
    title: entry.title,
    data: encodeJson(entry.data),
    options: encodeJson(entry.options),
    version: entry.version,
    minorVersion: entry.minorVersion,
    source: entry.source,
    uniqueId: entry.uniqueId,
    prefDisableNewEntities: entry.prefDisableNewEntities,
    prefDisablePolling: entry.prefDisablePolling,
    subentries: entry.subentries.map((s) => ({
      subentryId: s.subentryId,
      subentryType: s.subentryType,
      title: s.title,
      uniqueId: s.uniqueId,
      data: encodeJson(s.data),
    })),
  };
}

export function entryFromWire(entry: Received<'entry_setup'>['entry']): ConfigEntryData {
  const e = entry ?? {};
  return {
    entryId: e.entryId ?? '',
    domain: e.domain ?? '',
    title: e.title ?? '',
    data: obj(e.data),
    options: obj(e.options),
    version: e.version || 1,
    minorVersion: e.minorVersion || 1,
    source: e.source ?? 'user',
    uniqueId: e.uniqueId ?? null,
    prefDisableNewEntities: e.prefDisableNewEntities ?? false,
    prefDisablePolling: e.prefDisablePolling ?? false,
    subentries: (e.subentries ?? []).map((s) => ({
      subentryId: s.subentryId ?? '',
      subentryType: s.subentryType ?? '',
      title: s.title ?? '',
      uniqueId: s.uniqueId ?? null,
      data: obj(s.data),
    })),
  };
}

export function hostConfigToWire(config: HostConfigData): WireHostConfig {
  return { ...config };
}

export function hostConfigFromWire(config: WireHostConfig | null | undefined): HostConfigData {
  const c = config ?? {};
  return {
    latitude: c.latitude ?? 0,
    longitude: c.longitude ?? 0,
    elevation: c.elevation ?? 0,
    timeZone: c.timeZone || 'UTC',
    unitSystem: c.unitSystem === 'us_customary' ? 'us_customary' : 'metric',
    language: c.language || 'en',
    country: c.country ?? '',
    currency: c.currency || 'EUR',
    locationName: c.locationName ?? '',
  };
}

// ---- Flows -------------------------------------------------------------------------

export function flowStartToWire(start: FlowStart): RequestOf<'flow_init'> {
  return {
    flowId: start.flowId,
    domain: start.domain,
    flowKind: start.kind,
    source: String(start.source),
    context: encodeJson(start.context),
    data: start.data === null ? new Uint8Array() : encodeJson(start.data),
    entry: start.entry ? entryToWire(start.entry) : null,
    hostConfig: hostConfigToWire(start.hostConfig),
  };
}

export function flowStartFromWire(request: Received<'flow_init'>): FlowStart {
  return {
    flowId: request.flowId,
    domain: request.domain,
    kind: (['config', 'options', 'subentry'].includes(request.flowKind)
      ? request.flowKind
      : 'config') as FlowKind,
    source: request.source || 'user',
    context: obj(request.context),
    data: request.data?.length ? obj(request.data) : null,
    entry: request.entry ? entryFromWire(request.entry) : null,
    hostConfig: hostConfigFromWire(request.hostConfig),
  };
}

export function flowResultToWire(result: FlowResult): ResultOf<'flow_init'> {
  const base = { type: result.type, flowId: result.flowId, uniqueId: result.uniqueId };
  switch (result.type) {
    case 'form':
      return {
        ...base,
        stepId: result.stepId,
        schema: result.schema === null ? new Uint8Array() : encodeJson(result.schema),
        errors: encodeJson(result.errors),
        descriptionPlaceholders: encodeJson(result.descriptionPlaceholders),
        lastStep: result.lastStep,
      };
    case 'menu':
      return {
        ...base,
        stepId: result.stepId,
        menuOptions: result.menuOptions.map((o) => ({ id: o.id, label: o.label })),
        sortMenu: result.sortMenu,
        descriptionPlaceholders: encodeJson(result.descriptionPlaceholders),
      };
    case 'create_entry':
      return {
        ...base,
        title: result.title,
        data: encodeJson(result.data),
        options: encodeJson(result.options),
        version: result.version,
        minorVersion: result.minorVersion,
        subentries: encodeJson(result.subentries),
      };
    case 'abort':
      return {
        ...base,
        reason: result.reason,
        descriptionPlaceholders: encodeJson(result.descriptionPlaceholders),
      };
  }
}

/**
 * The SDK result for a wire result. A type the host does not know passes
 * through as-is, so the host's own check refuses it (and aborts the flow).
 */
export function flowResultFromWire(m: FlowResultWire): FlowResult {
  const base = { flowId: m.flowId ?? '', uniqueId: m.uniqueId ?? null };
  const placeholders = strings(m.descriptionPlaceholders);
  switch (m.type) {
    case 'form':
      return {
        ...base,
        type: 'form',
        stepId: m.stepId ?? '',
        schema: m.schema?.length ? obj(m.schema) : null,
        errors: strings(m.errors),
        descriptionPlaceholders: placeholders,
        lastStep: m.lastStep ?? null,
      };
    case 'menu':
      return {
        ...base,
        type: 'menu',
        stepId: m.stepId ?? '',
        menuOptions: (m.menuOptions ?? []).map((o) => ({ id: o.id ?? '', label: o.label || o.id || '' })),
        sortMenu: m.sortMenu ?? false,
        descriptionPlaceholders: placeholders,
      };
    case 'create_entry': {
      const subentries = decodeJson<FlowResult & { type: 'create_entry' }>(m.subentries);
      return {
        ...base,
        type: 'create_entry',
        title: m.title ?? '',
        data: obj(m.data),
        options: obj(m.options),
        version: m.version || 1,
        minorVersion: m.minorVersion || 1,
        subentries: Array.isArray(subentries) ? subentries : [],
      };
    }
    // Stryker disable next-line ConditionalExpression: an emptied 'abort' case falls through to default, which builds the same result
    case 'abort':
      return { ...base, type: 'abort', reason: m.reason ?? '', descriptionPlaceholders: placeholders };
    default:
      return {
        ...base,
        type: m.type as 'abort',
        reason: m.reason ?? '',
        descriptionPlaceholders: placeholders,
      };
  }
}

/** The decoded wire FlowResult (protobufjs class shape). */
export interface FlowResultWire {
  type: string;
  flowId?: string | null;
  stepId?: string | null;
  errors?: Uint8Array | null;
  descriptionPlaceholders?: Uint8Array | null;
  schema?: Uint8Array | null;
  lastStep?: boolean | null;
  menuOptions?: { id?: string | null; label?: string | null }[] | null;
  sortMenu?: boolean | null;
  title?: string | null;
  data?: Uint8Array | null;
  options?: Uint8Array | null;
  version?: number | null;
  minorVersion?: number | null;
  uniqueId?: string | null;
  reason?: string | null;
  subentries?: Uint8Array | null;
}

// ---- Entities ----------------------------------------------------------------------

const pairs = (list: [string, string][] | undefined) => (list ?? []).map(([a, b]) => ({ a, b }));
const unpair = (list: { a?: string | null; b?: string | null }[] | null | undefined): [string, string][] =>
  (list ?? []).map((p) => [p.a ?? '', p.b ?? '']);

export function deviceToWire(info: DeviceInfo): WireDevice {
  return {
    identifiers: pairs(info.identifiers),
    connections: pairs(info.connections),
    name: info.name ?? '',
    manufacturer: info.manufacturer ?? '',
    model: info.model ?? '',
    modelId: info.modelId ?? '',
    swVersion: info.swVersion ?? '',
    hwVersion: info.hwVersion ?? '',
    serialNumber: info.serialNumber ?? '',
    viaDevice: info.viaDevice ? { a: info.viaDevice[0], b: info.viaDevice[1] } : null,
    suggestedArea: info.suggestedArea ?? '',
    configurationUrl: info.configurationUrl ?? '',
  };
}

export function deviceFromWire(m: WireDevice): DeviceInfo {
  const info: DeviceInfo = { identifiers: unpair(m.identifiers), connections: unpair(m.connections) };
  const text = {
    name: m.name,
    manufacturer: m.manufacturer,
    model: m.model,
    modelId: m.modelId,
    swVersion: m.swVersion,
    hwVersion: m.hwVersion,
    serialNumber: m.serialNumber,
    suggestedArea: m.suggestedArea,
    configurationUrl: m.configurationUrl,
  };
  for (const [key, value] of Object.entries(text)) if (value) (info as Record<string, unknown>)[key] = value;
  if (m.viaDevice) info.viaDevice = [m.viaDevice.a ?? '', m.viaDevice.b ?? ''];
  return info;
}

export function identityToWire(identity: EntityIdentity): NonNullable<WireDescription['identity']> {
  return {
    name: identity.name ?? '',
    icon: identity.icon ?? '',
    entityCategory: identity.entityCategory ?? '',
    deviceClass: identity.deviceClass ?? '',
    supportedFeatures: identity.supportedFeatures,
    translationKey: identity.translationKey ?? '',
    deviceInfo: identity.deviceInfo ? deviceToWire(identity.deviceInfo) : null,
    hasEntityName: identity.hasEntityName,
    unitOfMeasurement: identity.unitOfMeasurement ?? '',
  };
}

export function identityFromWire(m: WireDescription['identity']): EntityIdentity {
  const i = m ?? {};
  const category =
    i.entityCategory === 'config' || i.entityCategory === 'diagnostic' ? i.entityCategory : null;
  return {
    name: nonEmpty(i.name),
    icon: nonEmpty(i.icon),
    entityCategory: category,
    deviceClass: nonEmpty(i.deviceClass),
    supportedFeatures: i.supportedFeatures ?? 0,
    translationKey: nonEmpty(i.translationKey),
    deviceInfo: i.deviceInfo ? deviceFromWire(i.deviceInfo) : null,
    hasEntityName: i.hasEntityName ?? false,
    unitOfMeasurement: nonEmpty(i.unitOfMeasurement),
  };
}

export function reportToWire(report: EntityStateReport): NonNullable<WireDescription['initialState']> {
  return {
    state: report.state,
    capabilities: encodeJson(report.capabilities),
    attributes: encodeJson(report.attributes),
  };
}

export function reportFromWire(m: WireDescription['initialState']): EntityStateReport {
  return { state: m?.state || 'unknown', capabilities: obj(m?.capabilities), attributes: obj(m?.attributes) };
}

/**
 * Whether two identities describe the same entity: field by field, the device by value.
 * What a state change checks before anything is hashed.
 */
export function sameIdentity(a: EntityIdentity, b: EntityIdentity): boolean {
  return (
    a.name === b.name &&
    a.icon === b.icon &&
    a.entityCategory === b.entityCategory &&
    a.deviceClass === b.deviceClass &&
    a.supportedFeatures === b.supportedFeatures &&
    a.translationKey === b.translationKey &&
    a.hasEntityName === b.hasEntityName &&
    a.unitOfMeasurement === b.unitOfMeasurement &&
    samePlain(a.deviceInfo, b.deviceInfo)
  );
}

/** A stable hash of an identity: an upsert with the same hash changes nothing. */
export function identityHash(identity: EntityIdentity): string {
  const text = JSON.stringify(identity);
  let h1 = 0x811c9dc5;
  let h2 = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = (Math.imul(h2, 31) + c) >>> 0;
  }
  return `${h1.toString(16)}${h2.toString(16)}`;
}

// ---- State updates: attributes as deltas where smaller -------------------------------

export interface AttributeUpdate {
  /** JSON of the full attributes, or of the changed keys when `delta` (no bytes: none changed). */
  readonly attributes: Uint8Array;
  readonly delta: boolean;
  readonly removedAttributes: string[];
}

/** Structural equality of report data (JSON-like: plain objects, arrays, primitives; NaN equals NaN). */
export function samePlain(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    return Number.isNaN(a) && Number.isNaN(b);
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!samePlain(a[i], b[i])) return false;
    return true;
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let count = 0;
  for (const key in x) {
    if (!Object.hasOwn(x, key)) continue;
    if (!Object.hasOwn(y, key) || !samePlain(x[key], y[key])) return false;
    count++;
  }
  return count === Object.keys(y).length;
}

/** Shared: allocating a typed array, even an empty one, costs more than the rest of a delta. */
const NO_BYTES = new Uint8Array(0);

const own = (object: Record<string, unknown>, key: string) =>
  Object.hasOwn(object, key) ? object[key] : undefined;

/**
 * Encode `next` against `previous`: the changed keys alone when that is smaller. With
 * nothing changed the delta has no bytes at all; the receiver keeps what it has.
 */
export function encodeAttributes(
  previous: Record<string, unknown> | undefined,
  next: Record<string, unknown>,
): AttributeUpdate {
  if (!previous) return { attributes: encodeJson(next), delta: false, removedAttributes: [] };
  // A key whose value is `undefined` is absent: JSON drops it.
  const changed: Record<string, unknown> = {};
  let changedCount = 0;
  let keyCount = 0;
  for (const key of Object.keys(next)) {
    const value = next[key];
    if (value === undefined) continue;
    keyCount++;
    if (samePlain(own(previous, key), value)) continue;
    changedCount++;
    // defineProperty: a `__proto__` key stays data.
    if (key === '__proto__') {
      Object.defineProperty(changed, key, { value, enumerable: true, writable: true, configurable: true });
    } else changed[key] = value;
  }
  const removed: string[] = [];
  for (const key of Object.keys(previous)) {
    if (previous[key] !== undefined && own(next, key) === undefined) removed.push(key);
  }
  if (changedCount === 0 && removed.length === 0) {
    return { attributes: NO_BYTES, delta: true, removedAttributes: [] };
  }
  // Every key changed: the delta would be the full set, and no smaller.
  if (changedCount === keyCount && removed.length === 0) {
    return { attributes: encodeJson(next), delta: false, removedAttributes: [] };
  }
  const delta = encodeJson(changed);
  // A strict subset of the keys with none removed is always the smaller; with removals, measure.
  if (removed.length === 0) return { attributes: delta, delta: true, removedAttributes: [] };
  const full = encodeJson(next);
  const deltaSize = delta.length + removed.reduce((n, key) => n + key.length + 2, 0);
  return deltaSize < full.length
    ? { attributes: delta, delta: true, removedAttributes: removed }
    : { attributes: full, delta: false, removedAttributes: [] };
}

/** The attributes an update describes, given the receiver's last copy. */
export function applyAttributes(
  previous: Record<string, unknown> | undefined,
  update: { attributes?: Uint8Array | null; delta?: boolean | null; removedAttributes?: string[] | null },
): Record<string, unknown> {
  if (update.delta && !update.attributes?.length && !update.removedAttributes?.length) return previous ?? {};
  const incoming = obj(update.attributes);
  if (!update.delta) return incoming;
  // Keys assigned one by one: a `{ ...previous, ...incoming }` copies `incoming` on V8's slow path.
  const merged: Record<string, unknown> = {};
  const removed = update.removedAttributes ?? [];
  for (const source of [previous ?? {}, incoming]) {
    for (const key of Object.keys(source)) {
      if (removed.includes(key)) continue;
      if (key === '__proto__') {
        Object.defineProperty(merged, key, {
          value: source[key],
          enumerable: true,
          writable: true,
          configurable: true,
        });
      } else merged[key] = source[key];
    }
  }
  return merged;
}

// ---- Sandbox entities: ids, descriptions, service targets ----------------------------

/**
 * The id a sandbox gives an entity on the wire: `<entity domain>:<unique id>@<entry id>`.
 * Unique per sandbox (the same unique id under two entries stays two entities) and
 * stable across restarts, so restore-state keyed by it finds the entity again.
 */
export function sandboxEntityId(platform: string, uniqueId: string, entryId: string): string {
  return `${platform}:${uniqueId}@${entryId}`;
}

/**
 * The hash a registration carries: of the identity and the capabilities, the parts of
 * an entity the host takes only from a registration. The sandbox re-registers (upserts)
 * exactly when it changes; an upsert with the same hash changes nothing.
 */
export function descriptionHash(identity: EntityIdentity, capabilities: Record<string, unknown>): string {
  const described = { ...identity, capabilities };
  return identityHash(described);
}

/** What `register_entity` sends for one entity. */
export function entityDescriptionToWire(entity: {
  readonly entryId: string;
  readonly sandboxEntityId: string;
  /** The number its state updates name it by. */
  readonly handle?: number;
  /** The entity domain (`light`). */
  readonly platform: string;
  readonly uniqueId: string;
  readonly suggestedObjectId?: string;
  readonly identity: EntityIdentity;
  readonly report: EntityStateReport;
  /** `descriptionHash(identity, report.capabilities)`, when the caller has it already. */
  readonly descriptionHash?: string;
}): WireDescription {
  return {
    entryId: entity.entryId,
    domain: entity.platform,
    sandboxEntityId: entity.sandboxEntityId,
    handle: entity.handle ?? 0,
    uniqueId: entity.uniqueId,
    identity: identityToWire(entity.identity),
    initialState: reportToWire(entity.report),
    descriptionHash: entity.descriptionHash ?? descriptionHash(entity.identity, entity.report.capabilities),
    suggestedObjectId: entity.suggestedObjectId ?? '',
  };
}

/** An error as a message field (a registration's outcome), shaped as a response's error is. */
export function errorToMessage(error: WireError): corral.Error.$Properties {
  return {
    message: error.message,
    type: error.type,
    invalid: error.invalid.map((i) => ({ message: i.message, path: [...i.path] })),
  };
}

/** The error a message field carries, read as the codec reads a response's error. */
export function errorFromMessage(m: corral.Error.$Properties): WireError {
  return {
    message: m.message ?? '',
    type: m.type || 'remote_error',
    invalid: (m.invalid ?? []).map((i) => ({ message: i.message ?? '', path: i.path ?? [] })),
  };
}

/** The `target` of a `call_service` for entities: `{"entity_id": [sandbox entity ids]}`. */
export function entityTargetToWire(sandboxEntityIds: readonly string[]): Uint8Array {
  return encodeJson({ entity_id: [...sandboxEntityIds] });
}

/** The entity ids of a `call_service` target (a single id or a list; anything else is none). */
export function entityTargetFromWire(target: Uint8Array | null | undefined): string[] {
  const ids = obj(target).entity_id;
  if (typeof ids === 'string') return [ids];
  return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [];
}

const RESPONSE_MODES = ['none', 'optional', 'only'] as const satisfies readonly SupportsResponse[];

export function supportsResponseToWire(mode: SupportsResponse): corral.SupportsResponse {
  return [corral.SupportsResponse.NONE, corral.SupportsResponse.OPTIONAL, corral.SupportsResponse.ONLY][
    RESPONSE_MODES.indexOf(mode)
  ]!;
}

export function supportsResponseFromWire(mode: number | null | undefined): SupportsResponse {
  return RESPONSE_MODES[mode ?? 0] ?? 'none';
}

// ---- Restore-state of a sandbox -------------------------------------------------------

/** The key of the group's store under which the host keeps a sandbox's restore-state (as in-process). */
export const SANDBOX_RESTORE_STATE_KEY = 'core.restore_state';

/** What a sandbox keeps of one entity across restarts. */
export interface RestoredState {
  readonly state: string;
  /** The entity's capabilities and attributes, merged as a state shows them. */
  readonly attributes: Record<string, unknown>;
}

/**
 * The restore-state a sandbox hands over on shutdown and warm-loads on start (the host
 * keeps it under `core.restore_state` of the group's store):
 * `{"<sandbox entity id>": {"state": ..., "attributes": {...}}}`.
 */
export function sandboxRestoreStateToWire(states: ReadonlyMap<string, RestoredState>): Uint8Array {
  return encodeJson(Object.fromEntries(states));
}

/** The entries of a restore-state value; malformed entries are skipped, never thrown on. */
export function sandboxRestoreStateFromJson(value: unknown): Map<string, RestoredState> {
  const states = new Map<string, RestoredState>();
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return states;
  for (const [id, entry] of Object.entries(value as Record<string, unknown>)) {
    if (entry === null || typeof entry !== 'object') continue;
    const { state, attributes } = entry as Record<string, unknown>;
    if (typeof state !== 'string') continue;
    const attrs =
      attributes !== null && typeof attributes === 'object' && !Array.isArray(attributes)
        ? (attributes as Record<string, unknown>)
        : {};
    states.set(id, { state, attributes: attrs });
  }
  return states;
}
