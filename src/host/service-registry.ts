/**
 * The service registry: `domain.service` -> handler. A call is checked here —
 * service exists, data passes the schema, response mode fits, target resolves to
 * entity ids — so a handler only ever sees a valid call.
 */

import {
  type InvalidField,
  ServiceExistsError,
  ServiceNotFoundError,
  ServiceResponseError,
  ValidationError,
} from '../errors.js';
import { serviceCallContext } from './call-context.js';
import { createContext } from './context.js';
import { isValidDomain } from './entity-id.js';
import type { EventBus } from './event-bus.js';
import { describeInvalid } from './fields.js';
import { isPlainObject, snapshot } from './snapshot.js';
import { type NormalizedTarget, normalizeTarget, TARGET_KEYS } from './target.js';
import type { Context, HostClock, ServiceTarget, SupportsResponse } from './types.js';

/** Validates (and may coerce) service data; the SDK provides a zod-backed one. */
export interface ServiceSchema {
  validate(
    data: unknown,
  ): { ok: true; value: Record<string, unknown> } | { ok: false; invalid: InvalidField[] };
  /** A serialisable description of the schema, for UIs and the wire. */
  toJSON?(): unknown;
}

export type ServiceResponse = Readonly<Record<string, unknown>>;

/** What a handler is called with: validated data and the resolved target. */
export interface ServiceCall {
  readonly domain: string;
  readonly service: string;
  /** Validated data, without the target keys (`entity_id`, `device_id`, `area_id`). */
  readonly data: Readonly<Record<string, unknown>>;
  /** Sorted, de-duplicated entity ids of the target; empty when the call had none. */
  readonly entityIds: readonly string[];
  readonly context: Context;
  /** The caller wants the handler's response. */
  readonly returnResponse: boolean;
}

// biome-ignore lint/suspicious/noConfusingVoidType: handlers without a response return nothing.
export type ServiceHandler = (call: ServiceCall) => ServiceResponse | void | Promise<ServiceResponse | void>;

export interface RegisterOptions {
  readonly schema?: ServiceSchema;
  readonly supportsResponse?: SupportsResponse;
  /** Replace an existing registration instead of failing. */
  readonly replace?: boolean;
}

export interface ServiceDescription {
  readonly domain: string;
  readonly service: string;
  readonly supportsResponse: SupportsResponse;
  readonly schema?: unknown;
}

export interface CallOptions {
  readonly target?: ServiceTarget;
  /** The caller's context, used as is. */
  readonly context?: Context;
  /** Without `context`: the call gets a fresh context that is a child of this one. */
  readonly parentContext?: Context;
  readonly returnResponse?: boolean;
}

/** Entity ids of a target (the hub wires `resolveTarget` over its registries). */
export type TargetResolver = (target: NormalizedTarget) => readonly string[];

interface Registration {
  readonly handler: ServiceHandler;
  readonly schema: ServiceSchema | undefined;
  readonly supportsResponse: SupportsResponse;
}

const SERVICE_NAME = /^[a-z0-9_]+$/;
const RESPONSE_MODES: readonly SupportsResponse[] = ['none', 'optional', 'only'];

export class ServiceRegistry {
  readonly #bus: EventBus;
  readonly #resolveTarget: TargetResolver;
  readonly #clock: HostClock;
  readonly #services = new Map<string, Map<string, Registration>>();

  constructor(bus: EventBus, resolveTarget: TargetResolver, clock: HostClock) {
    this.#bus = bus;
    this.#resolveTarget = resolveTarget;
    this.#clock = clock;
  }

  register(domain: string, service: string, handler: ServiceHandler, options: RegisterOptions = {}): void {
    [domain, service] = checkName(domain, service);
    const { schema, supportsResponse = 'none', replace = false } = options;
    if (typeof handler !== 'function') {
      throw new ValidationError(`the handler of ${domain}.${service} must be a function`, [
        { message: 'expected a function', path: ['handler'] },
      ]);
    }
    if (!RESPONSE_MODES.includes(supportsResponse)) {
      throw new ValidationError(
        `supportsResponse of ${domain}.${service} must be one of ${RESPONSE_MODES.join(', ')}`,
        [{ message: 'expected none, optional or only', path: ['supportsResponse'] }],
      );
    }
    const services = this.#services.get(domain) ?? new Map<string, Registration>();
    // Never silently clobber a handler: another integration may own it.
    if (services.has(service) && !replace) throw new ServiceExistsError(domain, service);
    services.set(service, { handler, schema, supportsResponse });
    this.#services.set(domain, services);
    this.#bus.fire('service_registered', { domain, service });
  }

  /** Unregister a service. False when it was not registered. */
  remove(domain: string, service: string): boolean {
    const [d, s] = [domain.toLowerCase(), service.toLowerCase()];
    const services = this.#services.get(d);
    if (!services?.delete(s)) return false;
    if (services.size === 0) this.#services.delete(d);
    this.#bus.fire('service_removed', { domain: d, service: s });
    return true;
  }

  has(domain: string, service: string): boolean {
    return this.#services.get(domain.toLowerCase())?.has(service.toLowerCase()) ?? false;
  }

  /** Every registered service (or one domain's), sorted by domain then service. */
  services(domain?: string): ServiceDescription[] {
    const out: ServiceDescription[] = [];
    for (const [d, services] of this.#services) {
      if (domain !== undefined && d !== domain.toLowerCase()) continue;
      for (const [service, { supportsResponse, schema }] of services) {
        out.push(
          schema?.toJSON
            ? { domain: d, service, supportsResponse, schema: schema.toJSON() }
            : { domain: d, service, supportsResponse },
        );
      }
    }
    return out.sort((a, b) => a.domain.localeCompare(b.domain) || a.service.localeCompare(b.service));
  }

  /**
   * Call a service. Target keys may be given in `options.target` or inside `data`;
   * both are merged. Resolves to the handler's response when `returnResponse`,
   * else `undefined`; rejects with the handler's error when it throws.
   */
  async call(
    domain: string,
    service: string,
    data: Record<string, unknown> = {},
    options: CallOptions = {},
  ): Promise<ServiceResponse | undefined> {
    const [d, s] = [String(domain).toLowerCase(), String(service).toLowerCase()];
    const registration = this.#services.get(d)?.get(s);
    if (!registration)
      throw new ServiceNotFoundError(d, s, [...(this.#services.get(d)?.keys() ?? [])].sort());
    const returnResponse = options.returnResponse ?? false;
    if (returnResponse && registration.supportsResponse === 'none') {
      throw new ServiceResponseError(
        `service ${d}.${s} does not return a response; call it without returnResponse`,
      );
    }
    if (!returnResponse && registration.supportsResponse === 'only') {
      throw new ServiceResponseError(
        `service ${d}.${s} only returns a response; call it with returnResponse: true`,
      );
    }
    if (!isPlainObject(data)) {
      throw new ValidationError(`data for ${d}.${s} must be an object`, [
        { message: 'expected an object', path: [] },
      ]);
    }

    const { rest, target } = splitTarget(data, options.target);
    const value = validate(registration.schema, rest, `${d}.${s}`);
    const entityIds = hasTarget(target) ? [...new Set(this.#resolveTarget(target))].sort() : [];
    const context =
      options.context ?? createContext({ parentId: options.parentContext?.id ?? null }, this.#clock);

    const eventData: Record<string, unknown> = { ...value };
    for (const key of TARGET_KEYS) if (target[key].length > 0) eventData[key] = target[key];
    this.#bus.fire('call_service', { domain: d, service: s, data: eventData }, { context });

    const call = Object.freeze({
      domain: d,
      service: s,
      data: value,
      entityIds: Object.freeze(entityIds),
      context,
      returnResponse,
    });
    const response = await serviceCallContext.run(context, () => registration.handler(call));
    if (!returnResponse) return undefined;
    if (!isPlainObject(response)) {
      throw new ServiceResponseError(
        `service ${d}.${s} returned ${response === null ? 'null' : typeof response} where a response object was expected`,
      );
    }
    return snapshot(response, `response of ${d}.${s}`);
  }
}

function checkName(domain: unknown, service: unknown): [string, string] {
  const d = typeof domain === 'string' ? domain.toLowerCase() : '';
  const s = typeof service === 'string' ? service.toLowerCase() : '';
  const invalid: InvalidField[] = [];
  if (!isValidDomain(d)) invalid.push({ message: 'expected a domain like "light"', path: ['domain'] });
  if (!SERVICE_NAME.test(s))
    invalid.push({ message: 'expected a service name like "turn_on"', path: ['service'] });
  if (invalid.length > 0) {
    throw new ValidationError(
      describeInvalid(`cannot register service ${String(domain)}.${String(service)}`, invalid),
      invalid,
    );
  }
  return [d, s];
}

/** Target keys inside `data` join `target`; the rest is the data the schema sees. */
function splitTarget(data: Record<string, unknown>, target: ServiceTarget | undefined) {
  const rest: Record<string, unknown> = {};
  const inData: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    if ((TARGET_KEYS as readonly string[]).includes(key)) inData[key] = value;
    else rest[key] = value;
  }
  const a = normalizeTarget(target);
  const b = normalizeTarget(inData);
  const merged: NormalizedTarget = {
    entity_id: [...new Set([...a.entity_id, ...b.entity_id])],
    device_id: [...new Set([...a.device_id, ...b.device_id])],
    area_id: [...new Set([...a.area_id, ...b.area_id])],
  };
  return { rest, target: merged };
}

function hasTarget(target: NormalizedTarget): boolean {
  return TARGET_KEYS.some((key) => target[key].length > 0);
}

function validate(schema: ServiceSchema | undefined, data: Record<string, unknown>, name: string) {
  if (!schema) return snapshot(data, `data for ${name}`);
  const result = schema.validate(data);
  if (!result.ok)
    throw new ValidationError(describeInvalid(`invalid data for ${name}`, result.invalid), result.invalid);
  return snapshot(result.value, `data for ${name}`);
}
