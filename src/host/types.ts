/**
 * The host's core vocabulary, shared by every host module and by the SDK: what a
 * context, a state and a core event are. Plain data only.
 */

/** Who or what caused a change; `id` is a ULID minted from the host clock. */
export interface Context {
  readonly id: string;
  readonly parentId: string | null;
  readonly userId: string | null;
}

export type Attributes = Readonly<Record<string, unknown>>;

/** An entity's state as the state store holds it: immutable, replaced on every change. */
export interface State {
  readonly entityId: string;
  readonly state: string;
  readonly attributes: Attributes;
  /** ms since epoch of the last change of `state` (not of attributes). */
  readonly lastChanged: number;
  /** ms since epoch of the last change of `state` or attributes. */
  readonly lastUpdated: number;
  readonly context: Context;
}

export const STATE_UNAVAILABLE = 'unavailable';
export const STATE_UNKNOWN = 'unknown';

/** Time for the host: wall time in production, a simulated clock in tests. */
export interface HostClock {
  now(): number;
}

export const systemClock: HostClock = { now: () => Date.now() };

/** An event on the bus. */
export interface HubEvent<T = unknown> {
  readonly type: string;
  readonly data: T;
  readonly context: Context;
  readonly timeFired: number;
  /** `local` for events fired in this hub, `remote` for events mirrored from a sandbox. */
  readonly origin: 'local' | 'remote';
}

/** The typed core events and their payloads. Integrations may not fire these. */
export interface CoreEvents {
  state_changed: { entityId: string; oldState: State | undefined; newState: State | undefined };
  call_service: { domain: string; service: string; data: Record<string, unknown> };
  service_registered: { domain: string; service: string };
  service_removed: { domain: string; service: string };
  entity_registry_updated: {
    action: 'create' | 'update' | 'remove';
    entityId: string;
    /** Set on an update that renamed the entity: its previous id. */
    oldEntityId?: string;
  };
  device_registry_updated: { action: 'create' | 'update' | 'remove'; deviceId: string };
  area_registry_updated: { action: 'create' | 'update' | 'remove'; areaId: string };
  config_entry_state_changed: { entryId: string; domain: string; state: string };
  hub_start: Record<string, never>;
  hub_started: Record<string, never>;
  hub_stop: Record<string, never>;
}

export type CoreEventType = keyof CoreEvents;

/** Core event names and prefixes no integration may fire. */
export const CORE_EVENT_TYPES: readonly CoreEventType[] = [
  'state_changed',
  'call_service',
  'service_registered',
  'service_removed',
  'entity_registry_updated',
  'device_registry_updated',
  'area_registry_updated',
  'config_entry_state_changed',
  'hub_start',
  'hub_started',
  'hub_stop',
];

/** What a service call acts on; each key takes one id or a list. */
export interface ServiceTarget {
  readonly entity_id?: string | readonly string[];
  readonly device_id?: string | readonly string[];
  readonly area_id?: string | readonly string[];
}

/** Whether a service returns data: never, when asked, or always (must be asked). */
export type SupportsResponse = 'none' | 'optional' | 'only';

/** Who disabled a registry entry; `null` when enabled. */
export type DisabledBy = 'user' | 'integration' | 'config_entry';
