/**
 * Services on both sides: an integration's own services are registered on the host
 * as they are registered here (setup included — the host gates them by ownership,
 * which the entry being set up already gives), and `call_service` from the host runs
 * either such a service or an entity domain's service on the targeted entities.
 */
import { ServiceExistsError, ServiceNotFoundError, ValidationError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { DataSchema, ServiceHandler, SupportsResponse } from '../sdk/types.js';
import { decodeJson, encodeJson } from '../wire/json.js';
import { entityTargetFromWire, supportsResponseToWire } from '../wire/messages.js';
import type { Received, ResultOf } from '../wire/protocol.js';
import type { EntityBridge } from './entity-bridge.js';
import type { HostLink } from './host-link.js';

const SERVICE_NAME = /^[a-z0-9_]+$/;
const RESPONSE_MODES: readonly SupportsResponse[] = ['none', 'optional', 'only'];
const NO_BYTES = new Uint8Array();

interface Mirrored {
  readonly entryId: string;
  readonly domain: string;
  readonly service: string;
  readonly handler: ServiceHandler;
  readonly schema: DataSchema | undefined;
  /** Settles once the host accepted (or refused) the registration. */
  readonly registered: Promise<void>;
  accepted: boolean;
}

export class ServiceMirror {
  readonly #services = new Map<string, Mirrored>();

  constructor(
    private readonly link: HostLink,
    private readonly entities: EntityBridge,
    private readonly logger: Logger,
  ) {}

  /** Register `domain.service` here and on the host; a refusal is reported by `settled`. */
  register(
    entryId: string,
    domain: string,
    service: string,
    handler: ServiceHandler,
    options: { schema?: DataSchema; supportsResponse?: SupportsResponse } = {},
  ): void {
    const supportsResponse = options.supportsResponse ?? 'none';
    if (
      typeof handler !== 'function' ||
      !SERVICE_NAME.test(service) ||
      !RESPONSE_MODES.includes(supportsResponse)
    ) {
      throw new ValidationError(`cannot register service ${domain}.${String(service)}`, [
        ...(typeof handler === 'function' ? [] : [{ message: 'expected a function', path: ['handler'] }]),
        ...(SERVICE_NAME.test(service)
          ? []
          : [{ message: 'expected a service name like "turn_on"', path: ['service'] }]),
        ...(RESPONSE_MODES.includes(supportsResponse)
          ? []
          : [{ message: 'expected none, optional or only', path: ['supportsResponse'] }]),
      ]);
    }
    const key = `${domain}.${service}`;
    // Never silently clobber a handler, as on the host.
    if (this.#services.has(key)) throw new ServiceExistsError(domain, service);
    const registered = this.link
      .call('register_service', {
        domain,
        service,
        supportsResponse: supportsResponseToWire(supportsResponse),
        schema: options.schema ? encodeJson(options.schema.toJSON()) : NO_BYTES,
      })
      .then(() => {
        mirrored.accepted = true;
      });
    const mirrored: Mirrored = {
      entryId,
      domain,
      service,
      handler,
      schema: options.schema,
      registered,
      accepted: false,
    };
    this.#services.set(key, mirrored);
    // A refused service stays listed here, so `settled` reports the refusal to the setup.
    registered.catch((error: unknown) => {
      this.logger('warn', `the host refused service ${key}: ${(error as Error).message}`, {
        domain,
        entryId,
      });
    });
  }

  /** Resolves once the host has answered every registration of the entry; rejects with the first refusal. */
  async settled(entryId: string): Promise<void> {
    await Promise.all(this.#of(entryId).map((mirrored) => mirrored.registered));
  }

  /** Unregister the entry's services here and on the host. */
  async releaseEntry(entryId: string): Promise<void> {
    const services = this.#of(entryId);
    for (const mirrored of services) this.#services.delete(`${mirrored.domain}.${mirrored.service}`);
    await Promise.all(
      services.map(async ({ domain, service, registered }) => {
        if (
          !(await registered.then(
            () => true,
            () => false,
          ))
        )
          return;
        await this.link.call('unregister_service', { domain, service }).catch((error: unknown) => {
          this.logger(
            'warn',
            `could not unregister service ${domain}.${service}: ${(error as Error).message}`,
          );
        });
      }),
    );
  }

  /** Answer the host's `call_service`. */
  async call(request: Received<'call_service'>): Promise<ResultOf<'call_service'>> {
    const { domain, service, returnResponse } = request;
    const decoded = decodeJson(request.data);
    const data = isObject(decoded) ? decoded : {};
    const entityIds = entityTargetFromWire(request.target);
    const response = await this.link.withContext(request.contextId, () => {
      const mirrored = this.#services.get(`${domain}.${service}`);
      if (mirrored) return this.#callIntegration(mirrored, data, entityIds, request);
      if (this.entities.hasDomain(domain)) return this.entities.callService(domain, service, entityIds, data);
      throw new ServiceNotFoundError(
        domain,
        service,
        [...this.#services.values()].filter((m) => m.domain === domain).map((m) => m.service),
      );
    });
    return { response: returnResponse ? encodeJson(response) : NO_BYTES };
  }

  async #callIntegration(
    mirrored: Mirrored,
    data: Record<string, unknown>,
    entityIds: readonly string[],
    request: Received<'call_service'>,
  ): Promise<unknown> {
    let value = data;
    if (mirrored.schema) {
      const checked = mirrored.schema.validate(data);
      if (!checked.ok) {
        const detail = checked.invalid.map((f) =>
          f.path.length ? `${f.path.join('.')}: ${f.message}` : f.message,
        );
        throw new ValidationError(
          `invalid data for ${mirrored.domain}.${mirrored.service}: ${detail.join('; ')}`,
          checked.invalid,
        );
      }
      value = checked.value;
    }
    return mirrored.handler({
      domain: mirrored.domain,
      service: mirrored.service,
      data: { ...value },
      entityIds,
      contextId: request.contextId,
      returnResponse: request.returnResponse,
    });
  }

  #of(entryId: string): Mirrored[] {
    return [...this.#services.values()].filter((mirrored) => mirrored.entryId === entryId);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
