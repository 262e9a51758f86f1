/**
 * The WebSocket commands of Home Assistant's API, each a parameter schema and a
 * handler over the hub. A handler returns the command's `result` or throws; a
 * subscription is opened through the session, under the command's id.
 */
import { z } from 'zod';
import { createContext } from '../../host/context.js';
import type { Hub } from '../../host/hub.js';
import { CORE_EVENT_TYPES, systemClock } from '../../host/types.js';
import { HaCommandError } from './errors.js';
import {
  haConfig,
  haConfigEntry,
  haContext,
  haDeviceEntry,
  haEntityEntry,
  haServices,
  haState,
  hubEventType,
} from './shapes.js';
import { entitySubscription, eventSubscription, type Subscription } from './subscriptions.js';

/** What a command may do to the connection it came on. */
export interface CommandSession {
  readonly hub: Hub;
  /** Corral's version, reported as `version` by `get_config`. */
  readonly version: string;
  /** The id of the command being handled. */
  readonly id: number;
  /** Hold `subscription` under this command's id; throws `not_allowed` past the per-connection limit. */
  subscribe(open: (send: (eventJson: string) => void, changed: () => void) => Subscription): void;
  /** Close the subscription opened by command `id`; false when there is none. */
  unsubscribe(id: number): boolean;
  /** The client reads a JSON array of messages as the messages in order. */
  enableCoalescing(): void;
}

interface Command<S extends z.ZodType> {
  readonly params: S;
  readonly run: (params: z.infer<S>, session: CommandSession) => unknown;
}

const command = <S extends z.ZodType>(params: S, run: Command<S>['run']): Command<S> => ({ params, run });

const noParams = z.object({});
const ids = z.union([z.string(), z.array(z.string())]);
export const targetSchema = z.object({
  entity_id: ids.optional(),
  device_id: ids.optional(),
  area_id: ids.optional(),
});
const dataObject = z.record(z.string(), z.unknown());

/** Why: core events carry the hub's own facts; a client firing `state_changed` could feed every listener a forged state. */
export function isClientEventAllowed(eventType: string): boolean {
  return !(CORE_EVENT_TYPES as readonly string[]).includes(hubEventType(eventType));
}

/** Fire `eventType` for a client; the context it was fired with. */
export function fireClientEvent(hub: Hub, eventType: string, data: Record<string, unknown>) {
  if (!isClientEventAllowed(eventType)) {
    throw new HaCommandError('not_allowed', `the hub fires ${eventType} itself; clients may not`);
  }
  const context = createContext({}, systemClock);
  hub.bus.fire(hubEventType(eventType), data, { context });
  return haContext(context);
}

/** `call_service` for a client, REST or WebSocket: the context, and the response when asked for. */
export async function callServiceForClient(
  hub: Hub,
  call: {
    domain: string;
    service: string;
    data?: Record<string, unknown>;
    target?: z.infer<typeof targetSchema>;
    returnResponse?: boolean;
  },
) {
  const context = createContext({}, systemClock);
  const response = await hub.services.call(call.domain, call.service, call.data ?? {}, {
    target: call.target,
    context,
    returnResponse: call.returnResponse ?? false,
  });
  return call.returnResponse
    ? { context: haContext(context), response: response ?? null }
    : { context: haContext(context) };
}

/** Domains with a loaded config entry or a registered service: what HA calls loaded components. */
export function loadedComponents(hub: Hub): string[] {
  const domains = new Set(hub.entries.list().map((e) => e.domain));
  for (const { domain } of hub.services.services()) domains.add(domain);
  return [...domains];
}

export const commands: Readonly<Record<string, Command<z.ZodType>>> = {
  supported_features: command(
    z.object({ features: z.record(z.string(), z.unknown()).optional() }),
    ({ features }, session) => {
      if (features?.coalesce_messages) session.enableCoalescing();
      return null;
    },
  ),
  get_states: command(noParams, (_, { hub }) => hub.states.all().map(haState)),
  get_config: command(noParams, (_, { hub, version }) =>
    haConfig(hub.hostConfig, loadedComponents(hub), version),
  ),
  get_services: command(noParams, (_, { hub }) => haServices(hub.services.services())),
  call_service: command(
    z.object({
      domain: z.string(),
      service: z.string(),
      service_data: dataObject.optional(),
      target: targetSchema.optional(),
      return_response: z.boolean().optional(),
    }),
    (params, { hub }) =>
      callServiceForClient(hub, {
        domain: params.domain,
        service: params.service,
        data: params.service_data,
        target: params.target,
        returnResponse: params.return_response,
      }),
  ),
  fire_event: command(
    z.object({ event_type: z.string().min(1), event_data: dataObject.optional() }),
    ({ event_type, event_data }, { hub }) => ({
      context: fireClientEvent(hub, event_type, event_data ?? {}),
    }),
  ),
  subscribe_events: command(
    z.object({ event_type: z.string().min(1).optional() }),
    ({ event_type }, session) => {
      session.subscribe((send) => eventSubscription(session.hub.bus, event_type, send));
      return null;
    },
  ),
  unsubscribe_events: command(z.object({ subscription: z.number().int() }), ({ subscription }, session) => {
    if (!session.unsubscribe(subscription)) throw new HaCommandError('not_found', 'Subscription not found.');
    return null;
  }),
  subscribe_entities: command(
    z.object({ entity_ids: z.array(z.string()).optional() }),
    ({ entity_ids }, session) => {
      const filter = entity_ids ? new Set(entity_ids) : undefined;
      session.subscribe((_, changed) =>
        entitySubscription(session.hub.bus, session.hub.states, filter, changed),
      );
      return null;
    },
  ),
  'config_entries/get': command(
    z.object({ domain: z.string().optional(), type_filter: z.array(z.string()).optional() }),
    ({ domain }, { hub }) =>
      hub.entries
        .list(domain)
        .map((entry) =>
          haConfigEntry(entry, hub.entries.state(entry.entryId), hub.entries.reason(entry.entryId)),
        ),
  ),
  'config/entity_registry/list': command(noParams, (_, { hub }) => hub.entities.entries().map(haEntityEntry)),
  'config/device_registry/list': command(noParams, (_, { hub }) => hub.devices.list().map(haDeviceEntry)),
  'auth/current_user': command(noParams, () => ({
    id: 'corral',
    name: 'Corral',
    is_owner: true,
    is_admin: true,
    credentials: [],
    mfa_modules: [],
  })),
};

/** The first problem with a command's parameters, in words a client can act on. */
export function describeParamsError(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.message}${issue.path.length > 0 ? ` @ data['${issue.path.join("']['")}']` : ''}`)
    .join('; ');
}
