/**
 * The contract between an integration and whatever hosts it — the hub
 * in-process, or a sandbox runtime mirroring to the hub. Integration code sees
 * only these types, so it behaves the same at every isolation level.
 */
import type { InvalidField } from '../errors.js';

// ---- Flows ------------------------------------------------------------------

/** A form schema as it crosses the wire: JSON, lossless (fields, selectors, sections, defaults). */
export type FormSchemaJson = Record<string, unknown>;

export type FlowKind = 'config' | 'options' | 'subentry';

/** What a flow step returns; the same shape in-process, on the wire and on the host. */
export type FlowResult =
  | {
      type: 'form';
      flowId: string;
      stepId: string;
      schema: FormSchemaJson | null;
      errors: Record<string, string>;
      descriptionPlaceholders: Record<string, string>;
      lastStep: boolean | null;
      uniqueId: string | null;
    }
  | {
      type: 'menu';
      flowId: string;
      stepId: string;
      /** In display order; `label` is the id when the integration gave a plain list. */
      menuOptions: { id: string; label: string }[];
      sortMenu: boolean;
      descriptionPlaceholders: Record<string, string>;
      uniqueId: string | null;
    }
  | {
      type: 'create_entry';
      flowId: string;
      title: string;
      data: Record<string, unknown>;
      options: Record<string, unknown>;
      version: number;
      minorVersion: number;
      uniqueId: string | null;
      subentries: {
        subentryType: string;
        title: string;
        uniqueId: string | null;
        data: Record<string, unknown>;
      }[];
    }
  | {
      type: 'abort';
      flowId: string;
      reason: string;
      descriptionPlaceholders: Record<string, string>;
      uniqueId: string | null;
    };

export type FlowResultType = FlowResult['type'];

/** Sources a flow can start from. */
export type FlowSource =
  | 'user'
  | 'reauth'
  | 'reconfigure'
  | 'discovery'
  | 'zeroconf'
  | 'dhcp'
  | 'ssdp'
  | 'usb'
  | 'import'
  | string;

/** A config entry as integration code sees it (a copy; changing it changes nothing). */
export interface ConfigEntryData {
  readonly entryId: string;
  readonly domain: string;
  readonly title: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly options: Readonly<Record<string, unknown>>;
  readonly version: number;
  readonly minorVersion: number;
  readonly source: string;
  readonly uniqueId: string | null;
  readonly prefDisableNewEntities: boolean;
  readonly prefDisablePolling: boolean;
  readonly subentries: readonly {
    subentryId: string;
    subentryType: string;
    title: string;
    uniqueId: string | null;
    data: Readonly<Record<string, unknown>>;
  }[];
}

/** Host facts an integration may read. */
export interface HostConfigData {
  readonly latitude: number;
  readonly longitude: number;
  readonly elevation: number;
  readonly timeZone: string;
  readonly unitSystem: 'metric' | 'us_customary';
  readonly language: string;
  readonly country: string;
  readonly currency: string;
  readonly locationName: string;
}

// ---- Entities -----------------------------------------------------------------

export interface DeviceInfo {
  identifiers?: [string, string][];
  connections?: [string, string][];
  name?: string;
  manufacturer?: string;
  model?: string;
  modelId?: string;
  swVersion?: string;
  hwVersion?: string;
  serialNumber?: string;
  viaDevice?: [string, string];
  suggestedArea?: string;
  configurationUrl?: string;
}

/** What identifies an entity and how it looks; a change re-registers it. */
export interface EntityIdentity {
  name: string | null;
  icon: string | null;
  entityCategory: 'config' | 'diagnostic' | null;
  deviceClass: string | null;
  supportedFeatures: number;
  translationKey: string | null;
  deviceInfo: DeviceInfo | null;
  hasEntityName: boolean;
  unitOfMeasurement: string | null;
}

/** One entity's state as an integration reports it. */
export interface EntityStateReport {
  state: string;
  attributes: Record<string, unknown>;
  /** Attributes that do not change with state (min/max, supported modes, option lists). */
  capabilities: Record<string, unknown>;
}

// ---- Services, events, storage -------------------------------------------------

export type SupportsResponse = 'none' | 'optional' | 'only';

/** Validates service data or form input and exports itself as JSON Schema. */
export interface DataSchema {
  validate(
    data: unknown,
  ): { ok: true; value: Record<string, unknown> } | { ok: false; invalid: InvalidField[] };
  toJSON(): Record<string, unknown>;
}

export interface ServiceCallInfo {
  readonly domain: string;
  readonly service: string;
  readonly data: Record<string, unknown>;
  readonly entityIds: readonly string[];
  readonly contextId: string;
  readonly returnResponse: boolean;
}

export type ServiceHandler = (call: ServiceCallInfo) => unknown | Promise<unknown>;

/** Key-value storage of one integration, versioned like the host's own store. */
export interface IntegrationStore<T> {
  load(): Promise<T | undefined>;
  save(data: T): Promise<void>;
  delaySave(data: () => T, delayMs?: number): void;
  remove(): Promise<void>;
}

// ---- The integration and what it is given ---------------------------------------

/** Where an entity reports changes; the hub (or a sandbox's entity bridge) supplies it. */
export interface EntitySink {
  /** The entity's state or attributes changed: read `report()` again. */
  stateChanged(entity: SdkEntity): void;
  /** Its identity (name, icon, device, features) changed: register it again. */
  identityChanged(entity: SdkEntity): void;
}

/** An entity as its host sees it, whatever domain helper built it. */
export interface SdkEntity {
  /** The entity domain: `light`, `sensor`, ... */
  readonly platform: string;
  readonly uniqueId: string;
  /** Suggested object id for a fresh entity id (`kitchen` -> `light.kitchen`); defaults from the name. */
  readonly suggestedObjectId?: string;
  identity(): EntityIdentity;
  report(): EntityStateReport;
  attach(sink: EntitySink): void;
  detach(): void;
  /** Run one of the domain's services on this entity (`turn_on` with validated data). */
  handleService(service: string, data: Record<string, unknown>): Promise<unknown>;
  /** Answer a query (`get_forecasts`, `get_events`, `browse_media`, ...). */
  query(method: string, args: Record<string, unknown>): Promise<unknown>;
  /** Whether the host should keep and hand back its last state across restarts. */
  readonly restoreState: boolean;
  /** Called once before the first report with what was kept from the last run, if anything. */
  restore?(last: { state: string; attributes: Record<string, unknown> }): void;
}

export interface IntegrationLogger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** What `setupEntry` is given: everything an integration may do with its host. */
export interface EntryApi {
  readonly entry: ConfigEntryData;
  readonly hostConfig: HostConfigData;
  readonly logger: IntegrationLogger;
  addEntities(entities: readonly SdkEntity[]): Promise<void>;
  removeEntity(uniqueId: string, platform: string): Promise<void>;
  /** A service of this integration's domain. */
  registerService(
    service: string,
    handler: ServiceHandler,
    options?: { schema?: DataSchema; supportsResponse?: SupportsResponse },
  ): void;
  /** An event in this integration's `<domain>_` namespace. */
  fireEvent(eventType: string, data?: Record<string, unknown>): void;
  store<T>(
    key: string,
    options: {
      version: number;
      minorVersion?: number;
      migrate?: (version: number, minor: number, data: unknown) => T;
    },
  ): IntegrationStore<T>;
  /** Run on unload (timers, sockets); all registered callbacks run, in reverse order. */
  onUnload(cleanup: () => void | Promise<void>): void;
}

/** The context a flow step runs in. */
export interface FlowContext {
  readonly flowId: string;
  readonly kind: FlowKind;
  readonly source: FlowSource;
  /** Reauth, reconfigure and options flows get a copy of their entry. */
  readonly entry: ConfigEntryData | null;
  readonly hostConfig: HostConfigData;
  /** Discovery payload or other data the flow was started with. */
  readonly initData: Record<string, unknown> | null;
}
