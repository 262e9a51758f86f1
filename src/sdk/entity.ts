/**
 * The entity base class. Identity comes from plain fields; state, attributes,
 * capabilities, services and queries all come from the domain table, so a domain
 * helper class only declares typed fields and overridable methods.
 */
import { z } from 'zod';
import {
  EntityDefinitionError,
  EntityServiceError,
  type EntityServiceErrorKind,
  FeatureNotSupportedError,
  ValidationError,
} from '../errors.js';
import { STATE_UNAVAILABLE, STATE_UNKNOWN } from '../host/types.js';
import { assignData, CIRCULAR, MAX_JSON_DEPTH, TOO_DEEP } from '../wire/json.js';
import {
  type DomainFields,
  type DomainSpec,
  domainSpec,
  type EntityDomain,
  type FeatureRule,
  type FieldSource,
  featureNames,
  type LastState,
  type OperationSpec,
  supports,
} from './domains/index.js';
import { invalidFields } from './schema.js';
import type { DeviceInfo, EntityIdentity, EntitySink, EntityStateReport, SdkEntity } from './types.js';

/** What every entity can be built with; a domain class adds its own fields. */
export interface EntityOptions {
  uniqueId: string;
  suggestedObjectId?: string;
  name?: string | null;
  icon?: string | null;
  entityCategory?: 'config' | 'diagnostic' | null;
  deviceClass?: string | null;
  supportedFeatures?: number;
  translationKey?: string | null;
  deviceInfo?: DeviceInfo | null;
  hasEntityName?: boolean;
  unitOfMeasurement?: string | null;
  available?: boolean;
  restoreState?: boolean;
  extraStateAttributes?: Record<string, unknown> | null;
}

export type EntityInit<F> = EntityOptions & Partial<F>;

const IDENTITY_KEYS = [
  'name',
  'icon',
  'entityCategory',
  'deviceClass',
  'supportedFeatures',
  'translationKey',
  'deviceInfo',
  'hasEntityName',
  'unitOfMeasurement',
] as const satisfies readonly (keyof EntityIdentity)[];

/**
 * Data as a report carries it: Dates as ISO strings, arrays and objects copied. A cycle
 * becomes `CIRCULAR` and nesting past `MAX_JSON_DEPTH` becomes `TOO_DEEP`, as on the wire:
 * an unbounded copy would overflow the stack and take down every entry of the sandbox.
 */
function plain(value: unknown, path: object[] = []): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  if (path.includes(value)) return CIRCULAR;
  if (path.length >= MAX_JSON_DEPTH) return TOO_DEEP;
  path.push(value);
  try {
    if (Array.isArray(value)) return value.map((item) => plain(item, path));
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      Object.defineProperty(out, key, {
        value: plain(inner, path),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  } finally {
    path.pop();
  }
}

function collect(
  sources: Readonly<Record<string, FieldSource<Record<string, unknown>>>>,
  fields: Record<string, unknown>,
  keepNull: boolean,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  // for-in over the domain table (a plain object of fixed shape): no entries array per report.
  for (const name in sources) {
    const source = sources[name]!;
    const value = typeof source === 'function' ? source(fields) : fields[source];
    if (value === undefined || (value === null && !keepNull)) continue;
    out[name] = plain(value);
  }
  return out;
}

/** Strict data schemas of the table's services and queries, built once each. */
const compiled = new WeakMap<OperationSpec<never>, z.ZodType>();
function dataSchemaOf(op: OperationSpec<never>): z.ZodType {
  let schema = compiled.get(op);
  if (!schema) {
    schema = z.strictObject(op.fields);
    compiled.set(op, schema);
  }
  return schema;
}

export class Entity implements SdkEntity {
  readonly platform: EntityDomain;
  readonly uniqueId: string;
  readonly suggestedObjectId?: string;
  name: string | null = null;
  icon: string | null = null;
  entityCategory: 'config' | 'diagnostic' | null = null;
  deviceClass: string | null = null;
  supportedFeatures = 0;
  translationKey: string | null = null;
  deviceInfo: DeviceInfo | null = null;
  hasEntityName = false;
  unitOfMeasurement: string | null = null;
  /** An unavailable entity reports `unavailable` and no state attributes. */
  available = true;
  restoreState: boolean;
  /** The integration's own attributes, merged over the domain's. */
  extraStateAttributes: Record<string, unknown> | null = null;
  /** What `restore` was handed, for subclasses that restore more than the domain does. */
  restoredState: LastState | null = null;
  readonly #spec: DomainSpec;
  #sink: EntitySink | null = null;

  constructor(platform: EntityDomain, init: EntityOptions) {
    const spec = domainSpec(platform);
    if (!spec) throw new EntityDefinitionError(`"${platform}" is not an entity domain the SDK hosts`);
    if (typeof init.uniqueId !== 'string' || init.uniqueId === '') {
      throw new EntityDefinitionError(`a ${platform} entity needs a non-empty uniqueId`);
    }
    this.platform = platform;
    this.#spec = spec;
    this.restoreState = spec.restoreState;
    // Defaults are copied so no two entities share a list.
    Object.assign(this, structuredClone(spec.defaults));
    const { uniqueId, suggestedObjectId, ...rest } = init;
    this.uniqueId = uniqueId;
    if (suggestedObjectId !== undefined) this.suggestedObjectId = suggestedObjectId;
    for (const [key, value] of Object.entries(rest)) {
      if (value !== undefined) (this as unknown as Record<string, unknown>)[key] = value;
    }
  }

  /** `light "kitchen-1"`: how errors name this entity before the host has given it an id. */
  get label(): string {
    return `${this.platform} "${this.uniqueId}"`;
  }

  get attached(): boolean {
    return this.#sink !== null;
  }

  identity(): EntityIdentity {
    return {
      name: this.name,
      icon: this.icon,
      entityCategory: this.entityCategory,
      deviceClass: this.deviceClass,
      supportedFeatures: this.supportedFeatures,
      translationKey: this.translationKey,
      // A copy, so the caller can keep it; device info is plain data (strings and pairs).
      deviceInfo: this.deviceInfo === null ? null : (plain(this.deviceInfo) as DeviceInfo),
      hasEntityName: this.hasEntityName,
      unitOfMeasurement: this.unitOfMeasurement,
    };
  }

  report(): EntityStateReport {
    const spec = this.#spec;
    const fields = this as unknown as Record<string, unknown>;
    const capabilities = collect(spec.capabilities, fields, false);
    if (!this.available) return { state: STATE_UNAVAILABLE, attributes: {}, capabilities };
    const attributes = collect(spec.attributes, fields, true);
    const extra = spec.extraAttributes?.(fields);
    if (extra) assignData(attributes, plain(extra) as Record<string, unknown>);
    if (this.extraStateAttributes) {
      assignData(attributes, plain(this.extraStateAttributes) as Record<string, unknown>);
    }
    return { state: spec.state(fields) ?? STATE_UNKNOWN, attributes, capabilities };
  }

  attach(sink: EntitySink): void {
    this.#sink = sink;
  }

  detach(): void {
    this.#sink = null;
  }

  /** Tell the host the state changed; a no-op until the entity is added. */
  writeState(): void {
    this.#sink?.stateChanged(this);
  }

  /** Change name, icon, device or features; the host registers the entity again. */
  setIdentity(changes: Partial<EntityIdentity>): void {
    for (const key of IDENTITY_KEYS) {
      if (changes[key] !== undefined) (this as Record<string, unknown>)[key] = changes[key];
    }
    this.#sink?.identityChanged(this);
  }

  restore(last: LastState): void {
    this.restoredState = last;
    this.#spec.restore?.(this as unknown as Record<string, unknown>, last);
  }

  async handleService(service: string, data: Record<string, unknown>): Promise<unknown> {
    const op = Object.hasOwn(this.#spec.services, service) ? this.#spec.services[service] : undefined;
    if (!op) throw this.#unknown('unknown_service', service, Object.keys(this.#spec.services));
    const qualified = `${this.platform}.${service}`;
    const value = this.#prepare(qualified, op, data);
    const method = this.#method(op.method, qualified);
    op.before?.(this as unknown as Record<string, unknown>);
    const result = await method.call(this, value);
    this.writeState();
    return op.supportsResponse === undefined || op.supportsResponse === 'none' ? undefined : result;
  }

  async query(method: string, args: Record<string, unknown>): Promise<unknown> {
    const op = Object.hasOwn(this.#spec.queries, method) ? this.#spec.queries[method] : undefined;
    if (!op) throw this.#unknown('unknown_query', method, Object.keys(this.#spec.queries));
    const qualified = `${this.platform}.${method}`;
    const value = this.#prepare(qualified, op, args);
    const result = await this.#method(op.method, qualified).call(this, value);
    return op.response ? op.response(result) : result;
  }

  /** The error a domain method throws until a subclass implements it. */
  protected notImplemented(method: string): EntityServiceError {
    return new EntityServiceError(
      'service_not_implemented',
      `${this.label} does not implement ${method}(); override it in the integration's entity class`,
      this.label,
      method,
    );
  }

  #unknown(kind: EntityServiceErrorKind, name: string, offered: string[]): EntityServiceError {
    const what = kind === 'unknown_query' ? 'query' : 'service';
    const list = offered.length > 0 ? offered.join(', ') : 'none';
    return new EntityServiceError(
      kind,
      `${this.platform} has no ${what} "${name}" (it has: ${list})`,
      this.label,
      name,
    );
  }

  /** Validate, check features and entity-specific limits, then normalize. */
  #prepare(
    qualified: string,
    op: OperationSpec<Record<string, unknown>>,
    data: Record<string, unknown>,
  ): Record<string, unknown> {
    const parsed = dataSchemaOf(op as OperationSpec<never>).safeParse(data ?? {});
    if (!parsed.success) {
      const invalid = invalidFields(parsed.error.issues);
      throw new ValidationError(`invalid data for ${qualified}: ${describe(invalid)}`, invalid);
    }
    const value = parsed.data as Record<string, unknown>;
    const features = this.#spec.features;
    if (op.requiredFeature !== undefined && !supports(this.supportedFeatures, op.requiredFeature)) {
      throw new FeatureNotSupportedError(this.label, qualified, featureNames(features, op.requiredFeature));
    }
    for (const [key, rule] of Object.entries(op.fieldFeatures ?? {})) {
      const given = value[key];
      if (given === undefined) continue;
      const needed = isFeatureRule(rule) ? rule : rule[String(given)];
      if (needed !== undefined && !supports(this.supportedFeatures, needed)) {
        throw new FeatureNotSupportedError(this.label, qualified, featureNames(features, needed), key);
      }
    }
    const invalid = op.check?.(this as unknown as Record<string, unknown>, value);
    if (invalid)
      throw new ValidationError(`invalid data for ${qualified}: ${describe([invalid])}`, [invalid]);
    return op.normalize ? op.normalize(value) : value;
  }

  #method(name: string, qualified: string): (data: Record<string, unknown>) => unknown {
    const method = (this as unknown as Record<string, unknown>)[name];
    if (typeof method !== 'function') {
      throw new EntityServiceError(
        'service_not_implemented',
        `${this.label} cannot run ${qualified}: it has no ${name}() method`,
        this.label,
        qualified,
      );
    }
    return method as (data: Record<string, unknown>) => unknown;
  }
}

function isFeatureRule(rule: FeatureRule | Readonly<Record<string, FeatureRule>>): rule is FeatureRule {
  return typeof rule === 'number' || Array.isArray(rule);
}

function describe(invalid: readonly { message: string; path: readonly string[] }[]): string {
  return invalid.map((field) => `${field.path.join('.') || '(data)'}: ${field.message}`).join('; ');
}

/** The constructor a domain helper class extends: an `Entity` with the domain's typed fields. */
export type EntityClass<F> = new (init: EntityInit<F>) => Entity & F;

/** The base of a domain's helper class (`class LightEntity extends entityClass('light')`). */
export function entityClass<D extends EntityDomain>(domain: D): EntityClass<DomainFields[D]> {
  class DomainEntity extends Entity {
    constructor(init: EntityInit<DomainFields[D]>) {
      super(domain, init);
    }
  }
  return DomainEntity as unknown as EntityClass<DomainFields[D]>;
}
