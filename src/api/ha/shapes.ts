/**
 * The hub's data in Home Assistant's JSON shapes: snake_case fields, ISO times
 * with an explicit offset, contexts as `{ id, parent_id, user_id }`. Pure
 * functions over plain data; nothing here reads the hub except through its arguments.
 */
import type { ConfigEntryRecord } from '../../host/config-entries.js';
import type { DeviceEntry } from '../../host/device-entry.js';
import type { EntityEntry } from '../../host/entity-entry.js';
import type { FlowAnswer } from '../../host/flow-manager.js';
import type { HostConfig } from '../../host/host-config.js';
import type { ServiceDescription } from '../../host/service-registry.js';
import type { Context, CoreEvents, HubEvent, State } from '../../host/types.js';

/**
 * The Home Assistant release whose API this one follows. Clients pick protocol
 * features by it: home-assistant-js-websocket uses `subscribe_entities` from 2022.4
 * and message coalescing from 2022.9.
 */
export const HA_PROTOCOL_VERSION = '2025.1.0';

export interface HaContext {
  readonly id: string;
  readonly parent_id: string | null;
  readonly user_id: string | null;
}

export interface HaState {
  readonly entity_id: string;
  readonly state: string;
  readonly attributes: Readonly<Record<string, unknown>>;
  readonly last_changed: string;
  readonly last_reported: string;
  readonly last_updated: string;
  readonly context: HaContext;
}

export interface HaEvent {
  readonly event_type: string;
  readonly data: unknown;
  readonly origin: 'LOCAL' | 'REMOTE';
  readonly time_fired: string;
  readonly context: HaContext;
}

/** ISO 8601 with `+00:00`, as Home Assistant writes times. */
export function haTime(ms: number): string {
  return new Date(ms).toISOString().replace(/Z$/, '+00:00');
}

export function haContext(context: Context): HaContext {
  return { id: context.id, parent_id: context.parentId, user_id: context.userId };
}

export function haState(state: State): HaState {
  return {
    entity_id: state.entityId,
    state: state.state,
    attributes: state.attributes,
    last_changed: haTime(state.lastChanged),
    last_reported: haTime(state.lastUpdated),
    last_updated: haTime(state.lastUpdated),
    context: haContext(state.context),
  };
}

/** Core events under Home Assistant's names; every other event type is the same in both. */
const HA_EVENT_TYPES: Readonly<Record<string, string>> = {
  hub_start: 'homeassistant_start',
  hub_started: 'homeassistant_started',
  hub_stop: 'homeassistant_stop',
  config_entry_state_changed: 'config_entry_state_changed',
};
const HUB_EVENT_TYPES: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(HA_EVENT_TYPES).map(([hub, ha]) => [ha, hub]),
);

export function haEventType(hubType: string): string {
  return HA_EVENT_TYPES[hubType] ?? hubType;
}

/** The hub's event type for a type a client names (`homeassistant_stop` -> `hub_stop`). */
export function hubEventType(haType: string): string {
  return HUB_EVENT_TYPES[haType] ?? haType;
}

/** A core event's payload in Home Assistant's field names; other events' data passes as fired. */
export function haEventData(event: HubEvent): unknown {
  switch (event.type) {
    case 'state_changed': {
      const data = event.data as CoreEvents['state_changed'];
      return {
        entity_id: data.entityId,
        old_state: data.oldState ? haState(data.oldState) : null,
        new_state: data.newState ? haState(data.newState) : null,
      };
    }
    case 'call_service': {
      const data = event.data as CoreEvents['call_service'];
      return { domain: data.domain, service: data.service, service_data: data.data };
    }
    case 'entity_registry_updated': {
      const data = event.data as CoreEvents['entity_registry_updated'];
      return data.oldEntityId === undefined
        ? { action: data.action, entity_id: data.entityId }
        : { action: data.action, entity_id: data.entityId, old_entity_id: data.oldEntityId };
    }
    case 'device_registry_updated': {
      const data = event.data as CoreEvents['device_registry_updated'];
      return { action: data.action, device_id: data.deviceId };
    }
    case 'area_registry_updated': {
      const data = event.data as CoreEvents['area_registry_updated'];
      return { action: data.action, area_id: data.areaId };
    }
    case 'config_entry_state_changed': {
      const data = event.data as CoreEvents['config_entry_state_changed'];
      return { entry_id: data.entryId, domain: data.domain, state: data.state };
    }
    default:
      return event.data;
  }
}

export function haEvent(event: HubEvent): HaEvent {
  return {
    event_type: haEventType(event.type),
    data: haEventData(event),
    origin: event.origin === 'remote' ? 'REMOTE' : 'LOCAL',
    time_fired: haTime(event.timeFired),
    context: haContext(event.context),
  };
}

const METRIC_UNITS = {
  length: 'km',
  accumulated_precipitation: 'mm',
  area: 'm²',
  mass: 'g',
  pressure: 'Pa',
  temperature: '°C',
  volume: 'L',
  wind_speed: 'm/s',
};
const US_UNITS = {
  length: 'mi',
  accumulated_precipitation: 'in',
  area: 'ft²',
  mass: 'lb',
  pressure: 'psi',
  temperature: '°F',
  volume: 'gal',
  wind_speed: 'mph',
};

export function haConfig(config: HostConfig, components: readonly string[], version: string) {
  return {
    latitude: config.latitude,
    longitude: config.longitude,
    elevation: config.elevation,
    radius: 100,
    unit_system: config.unitSystem === 'metric' ? METRIC_UNITS : US_UNITS,
    location_name: config.locationName,
    time_zone: config.timeZone,
    components: [...components].sort(),
    config_dir: '',
    allowlist_external_dirs: [],
    allowlist_external_urls: [],
    version,
    config_source: 'storage',
    recovery_mode: false,
    safe_mode: false,
    state: 'RUNNING',
    external_url: null,
    internal_url: null,
    currency: config.currency,
    country: config.country,
    language: config.language,
  };
}

interface JsonSchemaLike {
  readonly properties?: Record<string, { description?: string; default?: unknown; examples?: unknown[] }>;
  readonly required?: readonly string[];
}

/** `get_services`: `{ domain: { service: { name, description, fields, response? } } }`. */
export function haServices(services: readonly ServiceDescription[]) {
  const out: Record<string, Record<string, unknown>> = {};
  for (const { domain, service, supportsResponse, schema } of services) {
    const fields: Record<string, unknown> = {};
    const json = (schema ?? {}) as JsonSchemaLike;
    for (const [name, property] of Object.entries(json.properties ?? {})) {
      fields[name] = {
        required: json.required?.includes(name) ?? false,
        ...(property.description !== undefined ? { description: property.description } : {}),
        ...(property.default !== undefined ? { default: property.default } : {}),
        ...(property.examples?.[0] !== undefined ? { example: property.examples[0] } : {}),
      };
    }
    out[domain] ??= {};
    out[domain][service] = {
      name: service,
      description: '',
      fields,
      ...(supportsResponse === 'none' ? {} : { response: { optional: supportsResponse === 'optional' } }),
    };
  }
  return out;
}

export function haEntityEntry(entry: EntityEntry) {
  return {
    id: `${entry.platform}.${entry.uniqueId}`,
    entity_id: entry.entityId,
    unique_id: entry.uniqueId,
    platform: entry.platform,
    config_entry_id: entry.configEntryId,
    config_subentry_id: null,
    device_id: entry.deviceId,
    area_id: entry.areaId,
    disabled_by: entry.disabledBy,
    hidden_by: entry.hiddenBy,
    entity_category: entry.entityCategory,
    has_entity_name: false,
    name: entry.name,
    icon: entry.icon,
    original_name: entry.originalName,
    translation_key: entry.translationKey,
    categories: {},
    labels: [],
    options: {},
  };
}

export function haDeviceEntry(device: DeviceEntry) {
  return {
    id: device.id,
    area_id: device.areaId,
    config_entries: device.configEntries,
    config_entries_subentries: Object.fromEntries(device.configEntries.map((id) => [id, [null]])),
    configuration_url: device.configurationUrl,
    connections: device.connections,
    identifiers: device.identifiers,
    disabled_by: device.disabledBy,
    entry_type: null,
    hw_version: device.hwVersion,
    labels: [],
    manufacturer: device.manufacturer,
    model: device.model,
    model_id: device.modelId,
    name: device.name,
    name_by_user: device.nameByUser,
    primary_config_entry: device.configEntries[0] ?? null,
    serial_number: device.serialNumber,
    sw_version: device.swVersion,
    via_device_id: device.viaDeviceId,
  };
}

export function haConfigEntry(entry: ConfigEntryRecord, state: string, reason: string | null) {
  return {
    entry_id: entry.entryId,
    domain: entry.domain,
    title: entry.title,
    source: entry.source,
    state,
    reason,
    disabled_by: entry.disabledBy,
    pref_disable_new_entities: entry.prefDisableNewEntities,
    pref_disable_polling: entry.prefDisablePolling,
    supports_options: false,
    supports_remove_device: false,
    supports_unload: true,
    supports_reconfigure: false,
    num_subentries: entry.subentries.length,
    created_at: entry.createdAt / 1000,
    modified_at: entry.modifiedAt / 1000,
  };
}

interface FormSchema {
  readonly properties?: Record<string, { type?: string; enum?: unknown[]; default?: unknown }>;
  readonly required?: readonly string[];
}

/** A JSON Schema form as Home Assistant's serialised `data_schema` list. */
function haDataSchema(schema: unknown) {
  const json = (schema ?? {}) as FormSchema;
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    required: json.required?.includes(name) ?? false,
    ...(property.enum
      ? { type: 'select', options: property.enum.map((value) => [value, String(value)]) }
      : { type: property.type === 'number' ? 'float' : (property.type ?? 'string') }),
    ...(property.default !== undefined ? { default: property.default } : {}),
  }));
}

/** A flow step as the config-flow REST routes answer it. */
export function haFlowResult(domain: string, answer: FlowAnswer) {
  const base = { flow_id: answer.flowId, handler: domain };
  switch (answer.type) {
    case 'form':
      return {
        ...base,
        type: 'form',
        step_id: answer.stepId,
        data_schema: haDataSchema(answer.schema),
        errors: answer.errors,
        description_placeholders: answer.descriptionPlaceholders,
        last_step: answer.lastStep,
        preview: null,
      };
    case 'menu':
      return {
        ...base,
        type: 'menu',
        step_id: answer.stepId,
        menu_options: Object.fromEntries(answer.menuOptions.map((o) => [o.id, o.label])),
        description_placeholders: answer.descriptionPlaceholders,
      };
    case 'create_entry':
      return {
        ...base,
        type: 'create_entry',
        title: answer.title,
        version: answer.version,
        minor_version: answer.minorVersion,
        options: answer.options,
        description: null,
        description_placeholders: null,
        result: { entry_id: answer.entryId ?? null, domain, title: answer.title },
      };
    case 'abort':
      return {
        ...base,
        type: 'abort',
        reason: answer.reason,
        description_placeholders: answer.descriptionPlaceholders,
      };
  }
}
