/**
 * Services a sandbox group registers on the hub. Each is a host-side handler
 * that forwards the call (data, the resolved host entity ids, the caller's
 * context remembered in the cache) to the sandbox and returns its response.
 * Registration passes the `canRegisterService` gate and, for a service the group
 * does not hold yet, the `serviceCapReached` cap; the schema is rebuilt when
 * it can be rebuilt exactly, otherwise the sandbox validates — a service is
 * never dropped for an exotic schema.
 */
import { CapExceededError, ChannelClosedError, GateRefusedError } from '../errors.js';
import type {
  ServiceCall,
  ServiceRegistry,
  ServiceResponse,
  ServiceSchema,
} from '../host/service-registry.js';
import type { Logger } from '../logger.js';
import type { SandboxCapsPolicy } from '../policy.js';
import { dataSchemaFromJson } from '../sdk/schema.js';
import type { Channel } from '../wire/channel.js';
import { decodeJson, encodeJson } from '../wire/json.js';
import { entityTargetToWire, supportsResponseFromWire } from '../wire/messages.js';
import type { CapLog } from './cap-log.js';
import type { ContextCache } from './context-cache.js';
import { decodeRemote } from './entity-proxy.js';
import {
  canRegisterService,
  canUnregisterService,
  ownsDomain,
  serviceCapReached,
  serviceKey,
} from './gates.js';

export interface RemoteServicesDeps {
  readonly group: string;
  readonly channel: Channel;
  readonly services: ServiceRegistry;
  readonly contexts: ContextCache;
  /** The domains the group owns right now (host state). */
  readonly owned: () => ReadonlySet<string>;
  readonly logger: Logger;
  readonly caps: Pick<SandboxCapsPolicy, 'maxServicesPerGroup'>;
  readonly capLog: CapLog;
  /** Apply the state updates the sandbox sent before answering (see `ProxyRemote.settleStates`). */
  readonly settleStates?: () => void;
}

export class RemoteServices {
  /** `domain.service` of every service this group registered and still holds. */
  readonly #registered = new Map<string, { domain: string; service: string }>();
  /** The keys of `#registered`, kept for the gates: a set rebuilt per call would cost every call the whole list. */
  readonly #own = new Set<string>();

  constructor(private readonly deps: RemoteServicesDeps) {}

  /** `domain.service` names this group holds. */
  get names(): string[] {
    return [...this.#registered.keys()].sort();
  }

  /** Handle `register_service` and `unregister_service` on the group's channel. */
  attach(live: () => boolean): void {
    const { channel, group } = this.deps;
    const assertLive = () => {
      if (!live()) throw new ChannelClosedError(`sandbox bridge "${group}" was torn down`);
    };
    channel.register('register_service', (request) => {
      assertLive();
      this.register(request.domain, request.service, request.supportsResponse, request.schema);
      return {};
    });
    channel.register('unregister_service', ({ domain, service }) => {
      assertLive();
      const [d, s] = [domain.toLowerCase(), service.toLowerCase()];
      if (!canUnregisterService(d, s, this.#own)) {
        throw new GateRefusedError(
          'canUnregisterService',
          `sandbox group "${this.deps.group}" did not register ${d}.${s}; it may remove only its own services`,
        );
      }
      this.#remove(serviceKey(d, s));
      return {};
    });
  }

  register(domain: string, service: string, supportsResponse: number, schemaJson: Uint8Array | null): void {
    const { group, services } = this.deps;
    const [d, s] = [domain.toLowerCase(), service.toLowerCase()];
    const owned = this.deps.owned();
    const own = this.#own;
    if (!canRegisterService(d, s, owned, services, own)) {
      throw new GateRefusedError(
        'canRegisterService',
        ownsDomain(owned, d)
          ? `service ${d}.${s} is already registered by another integration; a sandbox never replaces it`
          : `sandbox group "${group}" runs no integration of domain "${d}"; it may register services of its own domains only`,
      );
    }
    const { caps, capLog } = this.deps;
    if (!own.has(serviceKey(d, s)) && serviceCapReached(own.size, caps)) {
      throw capLog.refused(
        new CapExceededError(
          'serviceCapReached',
          caps.maxServicesPerGroup,
          `sandbox group "${group}" already holds ${own.size} services, its cap (maxServicesPerGroup); ${d}.${s} is refused — unregister services it no longer needs`,
        ),
      );
    }
    // The gate has established the service is free or this group's own: replacing is safe.
    services.register(d, s, (call) => this.#forward(call), {
      schema: this.#schema(d, s, schemaJson),
      supportsResponse: supportsResponseFromWire(supportsResponse),
      replace: true,
    });
    this.#registered.set(serviceKey(d, s), { domain: d, service: s });
    this.#own.add(serviceKey(d, s));
  }

  /** Release every service whose domain is not in `keep`. */
  releaseExcept(keep: ReadonlySet<string>): void {
    for (const [key, { domain }] of [...this.#registered]) if (!keep.has(domain)) this.#remove(key);
  }

  releaseAll(): void {
    for (const key of [...this.#registered.keys()]) this.#remove(key);
  }

  #remove(key: string): void {
    const registered = this.#registered.get(key);
    if (!registered) return;
    this.#registered.delete(key);
    this.#own.delete(key);
    this.deps.services.remove(registered.domain, registered.service);
  }

  async #forward(call: ServiceCall): Promise<ServiceResponse | undefined> {
    const result = await this.deps.channel.call('call_service', {
      domain: call.domain,
      service: call.service,
      // An integration's own service gets the target as the host resolved it: host entity ids.
      target: entityTargetToWire(call.entityIds),
      data: encodeJson(call.data),
      returnResponse: call.returnResponse,
      contextId: this.deps.contexts.remember(call.context),
    });
    this.deps.settleStates?.();
    if (!call.returnResponse) return undefined;
    return decodeRemote(result.response, `the response of ${call.domain}.${call.service}`) as ServiceResponse;
  }

  /** The rebuilt schema; an exotic one leaves validation to the sandbox but stays described. */
  #schema(domain: string, service: string, bytes: Uint8Array | null): ServiceSchema | undefined {
    if (!bytes?.length) return undefined;
    let json: unknown;
    try {
      json = decodeJson(bytes);
    } catch {
      this.deps.logger('warn', `schema of ${domain}.${service} is not JSON; the sandbox validates its data`);
      return undefined;
    }
    const rebuilt = dataSchemaFromJson(json);
    if (rebuilt) return rebuilt;
    this.deps.logger(
      'debug',
      `schema of ${domain}.${service} cannot be rebuilt exactly; the sandbox validates`,
    );
    return sandboxValidated(json);
  }
}

/** Accepts any data (the sandbox checks it) and still describes the schema to UIs. */
function sandboxValidated(json: unknown): ServiceSchema {
  return {
    validate: (data) => ({ ok: true, value: { ...(data as Record<string, unknown>) } }),
    toJSON: () => json,
  };
}
