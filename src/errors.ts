/**
 * Typed errors of Corral. Each says what went wrong in words a user can act on;
 * `type` is the stable machine-readable name that also crosses the wire.
 */

export interface InvalidField {
  readonly message: string;
  readonly path: readonly string[];
}

export class CorralError extends Error {
  /** Stable name of the error kind; survives the wire. */
  readonly type: string;
  constructor(type: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.type = type;
    this.name = new.target.name;
  }
}

/** A call or push was attempted on (or pending when) the channel closed. */
export class ChannelClosedError extends CorralError {
  constructor(message = 'channel closed', options?: ErrorOptions) {
    super('channel_closed', message, options);
  }
}

/** An outbound call got no response within its timeout. */
export class ChannelTimeoutError extends CorralError {
  constructor(callType: string, timeoutMs: number) {
    super('timeout', `call "${callType}" got no response within ${timeoutMs} ms`);
  }
}

/** A frame's length prefix is larger than the policy allows; nothing was allocated. */
export class FrameTooLargeError extends CorralError {
  constructor(
    readonly length: number,
    readonly limit: number,
  ) {
    super('frame_too_large', `protocol violation: frame of ${byteSize(length)} exceeds ${byteSize(limit)}`);
  }
}

/** `4 GiB`, `16 MiB`, `1.5 KiB`, `12 bytes`: a size an operator reads at a glance. */
export function byteSize(bytes: number): string {
  let value = bytes;
  let unit = 'bytes';
  for (const next of ['KiB', 'MiB', 'GiB', 'TiB']) {
    if (value < 1024) break;
    value /= 1024;
    unit = next;
  }
  return unit === 'bytes' ? `${bytes} bytes` : `${Number(value.toFixed(1))} ${unit}`;
}

/** Bytes that do not decode to a valid frame: the peer is broken or hostile. */
export class ProtocolError extends CorralError {
  constructor(message: string, options?: ErrorOptions) {
    super('protocol_error', message, options);
  }
}

/** A frame names a message type this side does not know. */
export class UnknownMessageTypeError extends CorralError {
  constructor(readonly messageType: string) {
    super('unknown_type', `unknown message type "${messageType}"`);
  }
}

/** The peer answered a call with an error; `type` and `invalid` are the peer's. */
export class RemoteError extends CorralError {
  readonly invalid: readonly InvalidField[];
  constructor(type: string, message: string, invalid: readonly InvalidField[] = []) {
    super(type, message);
    this.invalid = invalid;
  }
}

/** The peer shed the call because too many of its handlers were busy. */
export class ChannelOverloadedError extends RemoteError {
  constructor(message = 'peer overloaded: too many calls in flight') {
    super('overloaded', message);
  }
}

/** Input that fails validation; `invalid` lists each bad field by path. */
export class ValidationError extends CorralError {
  readonly invalid: readonly InvalidField[];
  constructor(message: string, invalid: readonly InvalidField[] = []) {
    super('validation_error', message);
    this.invalid = invalid;
  }
}

/** Storage could not read, write or remove a key; the message names the key and, where there is one, the file. */
export class StoreError extends CorralError {
  constructor(
    readonly key: string,
    message: string,
    options?: ErrorOptions,
    type = 'store_error',
  ) {
    super(type, message, options);
  }
}

/** A store key that could name a file outside the store's directory or is otherwise unusable. */
export class StoreKeyError extends StoreError {
  constructor(key: string, reason: string) {
    const shown = key.length > 64 ? `${JSON.stringify(key.slice(0, 64))}…` : JSON.stringify(key);
    super(
      key,
      `invalid store key ${shown}: ${reason}; use up to 128 of A-Z a-z 0-9 . _ - not starting with "."`,
      undefined,
      'invalid_store_key',
    );
  }
}

/** A stored file that is not a complete envelope; it was moved to `movedTo` so nothing is lost. */
export class StoreCorruptError extends StoreError {
  constructor(
    key: string,
    readonly file: string,
    readonly movedTo: string | undefined,
    reason: string,
    options?: ErrorOptions,
  ) {
    super(
      key,
      movedTo
        ? `store file ${file} is corrupt (${reason}); it was moved to ${movedTo} and the key starts empty`
        : `store file ${file} is corrupt (${reason}) and could not be moved aside; move or delete it by hand`,
      options,
      'store_corrupt',
    );
  }
}

/** Stored data of a major version this code cannot read (newer, or older with no migration). */
export class StoreVersionError extends StoreError {
  constructor(
    key: string,
    readonly storedVersion: number,
    readonly supportedVersion: number,
    reason: string,
  ) {
    super(
      key,
      `store "${key}" holds version ${storedVersion} and this code reads version ${supportedVersion}: ${reason}`,
      undefined,
      'store_version',
    );
  }
}

/** An integration's `manifest.json` that cannot be used; `invalid` lists every bad field. */
export class ManifestError extends CorralError {
  readonly invalid: readonly InvalidField[];
  constructor(
    readonly source: string,
    invalid: readonly InvalidField[],
    options?: ErrorOptions,
  ) {
    super(
      'invalid_manifest',
      `invalid manifest ${source}: ${invalid.map((f) => (f.path.length ? `${f.path.join('.')}: ${f.message}` : f.message)).join('; ')}`,
      options,
    );
    this.invalid = invalid;
  }

  /** The first bad field, dotted (`""` when the file as a whole is unusable). */
  get field(): string {
    return this.invalid[0]?.path.join('.') ?? '';
  }
}

/** Two integrations claim one domain; the one in `keptDir` is used and `refusedDir` is ignored. */
export class IntegrationConflictError extends CorralError {
  constructor(
    readonly domain: string,
    readonly refusedDir: string,
    readonly keptDir: string,
    reason: string,
  ) {
    super(
      'integration_conflict',
      `integration "${domain}" in ${refusedDir} is ignored: ${reason} (${keptDir})`,
    );
  }
}

/** A configured integrations directory that cannot be listed; its integrations are missing. */
export class IntegrationDirError extends CorralError {
  constructor(
    readonly dir: string,
    reason: string,
    options?: ErrorOptions,
  ) {
    super('integration_dir_unreadable', `integrations directory ${dir} cannot be read: ${reason}`, options);
  }
}

/** A translation file that is not a JSON object of strings; it is skipped and English is used. */
export class TranslationFileError extends CorralError {
  constructor(
    readonly file: string,
    reason: string,
    options?: ErrorOptions,
  ) {
    super('invalid_translations', `translation file ${file} is skipped: ${reason}`, options);
  }
}

/** A host configuration with bad fields; `invalid` lists each by path. */
export class HostConfigError extends ValidationError {}

/** A sandbox group could not be brought to `running` (or has given up). */
export class SandboxFailedError extends CorralError {
  constructor(
    readonly group: string,
    reason: string,
  ) {
    super('sandbox_failed', `sandbox "${group}" failed: ${reason}`);
  }
}

/** An entity id that is not `<domain>.<object_id>` in lowercase letters, digits and `_`. */
export class EntityIdError extends CorralError {
  constructor(
    readonly entityId: string,
    reason: string,
  ) {
    super(
      'invalid_entity_id',
      `invalid entity id ${JSON.stringify(entityId)}: ${reason}; use <domain>.<object_id> with lowercase letters, digits and underscores, e.g. "light.kitchen"`,
    );
  }
}

/** A state value the state store refuses (not a string, or too long). */
export class InvalidStateError extends CorralError {
  constructor(
    readonly entityId: string,
    reason: string,
  ) {
    super('invalid_state', `invalid state for ${entityId}: ${reason}`);
  }
}

/** An event type that cannot be fired (empty, too long, or the `*` wildcard). */
export class EventTypeError extends CorralError {
  constructor(
    readonly eventType: string,
    reason: string,
  ) {
    super('invalid_event_type', `cannot fire event ${JSON.stringify(eventType)}: ${reason}`);
  }
}

/** No entity registry entry with this entity id. */
export class EntityNotFoundError extends CorralError {
  constructor(readonly entityId: string) {
    super('entity_not_found', `no entity "${entityId}" in the entity registry`);
  }
}

/** The requested entity id already belongs to another entity (registered or with a state). */
export class EntityIdTakenError extends CorralError {
  constructor(readonly entityId: string) {
    super('entity_id_taken', `entity id "${entityId}" is already in use; choose another object id`);
  }
}

/** No device with this id in the device registry. */
export class DeviceNotFoundError extends CorralError {
  constructor(readonly deviceId: string) {
    super('device_not_found', `no device "${deviceId}" in the device registry`);
  }
}

/** Device info that cannot describe a device (no identifier or connection, malformed pairs). */
export class DeviceInfoError extends CorralError {
  constructor(
    message: string,
    readonly invalid: readonly InvalidField[] = [],
  ) {
    super('invalid_device_info', message);
  }
}

/** Identifiers or connections that would make two devices one (or one device two). */
export class DeviceCollisionError extends CorralError {
  constructor(
    readonly deviceIds: readonly string[],
    message: string,
  ) {
    super('device_collision', message);
  }
}

/** No area with this id in the area registry. */
export class AreaNotFoundError extends CorralError {
  constructor(readonly areaId: string) {
    super('area_not_found', `no area "${areaId}" in the area registry`);
  }
}

/** An area with the same name (ignoring case and spaces) already exists. */
export class AreaExistsError extends CorralError {
  constructor(
    readonly areaName: string,
    readonly existingId: string,
  ) {
    super(
      'area_exists',
      `an area named "${areaName}" already exists (id "${existingId}"); pick another name`,
    );
  }
}

/** A call names a service nobody registered. */
export class ServiceNotFoundError extends CorralError {
  constructor(
    readonly domain: string,
    readonly service: string,
    available: readonly string[],
  ) {
    super(
      'service_not_found',
      available.length === 0
        ? `service ${domain}.${service} not found: no services are registered for domain "${domain}"`
        : `service ${domain}.${service} not found; ${domain} has: ${available.join(', ')}`,
    );
  }
}

/** A service is already registered and the registration did not ask to replace it. */
export class ServiceExistsError extends CorralError {
  constructor(
    readonly domain: string,
    readonly service: string,
  ) {
    super(
      'service_exists',
      `service ${domain}.${service} is already registered; remove it first or register with { replace: true }`,
    );
  }
}

/** A call's `returnResponse` does not fit what the service supports, or the response is not an object. */
export class ServiceResponseError extends CorralError {
  constructor(message: string) {
    super('service_response', message);
  }
}

/** Persisted registry data this host cannot read (unknown version or malformed). */
export class StoredDataError extends CorralError {
  constructor(
    readonly store: string,
    reason: string,
  ) {
    super('stored_data_invalid', `cannot load the ${store}: ${reason}`);
  }
}

/** A form or data schema that cannot be built, exported or rebuilt from JSON. */
export class FormSchemaError extends CorralError {
  constructor(message: string, options?: ErrorOptions) {
    super('invalid_form_schema', message, options);
  }
}

/** An integration definition that cannot run; `invalid` lists each bad part by path. */
export class IntegrationDefinitionError extends CorralError {
  readonly invalid: readonly InvalidField[];
  constructor(domain: string, invalid: readonly InvalidField[]) {
    const detail = invalid.map((field) => `${field.path.join('.') || '(definition)'}: ${field.message}`);
    super('invalid_integration', `integration "${domain}" is not valid: ${detail.join('; ')}`);
    this.invalid = invalid;
  }
}

/** An entity built with a domain or identity the SDK cannot host. */
export class EntityDefinitionError extends CorralError {
  constructor(message: string) {
    super('invalid_entity', message);
  }
}

export type EntityServiceErrorKind =
  | 'unknown_service'
  | 'unknown_query'
  | 'service_not_implemented'
  | 'feature_not_supported';

/** A service or query an entity cannot run; `type` says why, `service` names the call. */
export class EntityServiceError extends CorralError {
  constructor(
    kind: EntityServiceErrorKind,
    message: string,
    readonly entity: string,
    readonly service: string,
    options?: ErrorOptions,
  ) {
    super(kind, message, options);
  }
}

/** A service or query needs a supported-features flag the entity does not declare. */
export class FeatureNotSupportedError extends EntityServiceError {
  constructor(
    entity: string,
    service: string,
    /** The missing flag(s) by name, e.g. `EFFECT` or `TARGET_TEMPERATURE or TARGET_TEMPERATURE_RANGE`. */
    readonly feature: string,
    field?: string,
  ) {
    const what = field === undefined ? service : `${service} with "${field}"`;
    super(
      'feature_not_supported',
      `${entity} does not support ${feature}, which ${what} needs; declare it in supportedFeatures or leave the call out`,
      entity,
      service,
    );
  }
}

export type FlowErrorKind =
  | 'flow_step_failed'
  | 'flow_unknown_step'
  | 'flow_invalid_input'
  | 'flow_invalid_outcome'
  | 'flow_finished';

/** A flow step that failed or cannot run; `stepId` names the step, the host decides what to show. */
export class FlowError extends CorralError {
  constructor(
    kind: FlowErrorKind,
    message: string,
    readonly flowId: string,
    readonly stepId: string | null,
    options?: ErrorOptions,
  ) {
    super(kind, message, options);
  }
}

/**
 * A sandboxed integration gave no answer to a flow call in time. The user is told in
 * words (not left waiting), and the flow is aborted in the sandbox.
 */
export class IntegrationNotRespondingError extends CorralError {
  constructor(
    readonly group: string,
    readonly call: string,
    readonly timeoutMs: number,
  ) {
    const within = timeoutMs >= 1_000 ? `${timeoutMs / 1_000} s` : `${timeoutMs} ms`;
    super(
      'not_responding',
      `the integration is not responding: sandbox "${group}" gave no answer to ${call} within ${within}`,
    );
  }
}

/** The sandbox of a flow's integration died while the flow waited on it; says how, in words. */
export class SandboxExitedError extends CorralError {
  constructor(
    readonly group: string,
    readonly call: string,
    readonly how: string,
  ) {
    super('sandbox_exited', `the integration's sandbox "${group}" ${how} during ${call}`);
  }
}

/**
 * Thrown by an integration's `setupEntry` when its device or service is not
 * reachable yet: the host retries the setup with backoff instead of failing it.
 */
export class EntryNotReadyError extends CorralError {
  constructor(message = 'not ready yet') {
    super('entry_not_ready', message);
  }
}

/** A sandbox store write refused because it would exceed a size or key quota; nothing was written. */
export class StoreQuotaError extends StoreError {
  constructor(key: string, reason: string) {
    super(key, `store write of "${key}" refused: ${reason}; nothing was written`, undefined, 'store_quota');
  }
}

/** A sandbox asked for something a trust gate on the host refuses; `gate` names the gate. */
export class GateRefusedError extends CorralError {
  constructor(
    readonly gate: string,
    message: string,
  ) {
    super('gate_refused', message);
  }
}

/**
 * Something asked the host to keep more than one of its caps allows (`SandboxCapsPolicy`);
 * nothing was kept. `gate` names the refusing gate, `limit` the cap's value.
 */
export class CapExceededError extends CorralError {
  constructor(
    readonly gate: string,
    readonly limit: number,
    message: string,
  ) {
    super('cap_exceeded', message);
  }
}

/** The OS sandbox a policy requires cannot run here (bwrap missing, namespaces off, unreadable code). */
export class OsSandboxError extends CorralError {
  constructor(message: string, options?: ErrorOptions) {
    super('os_sandbox_unavailable', message, options);
  }
}

/** Another running hub holds the data directory: two hubs on one `.storage` overwrite each other's data. */
export class DataDirLockedError extends CorralError {
  constructor(
    readonly dataDir: string,
    readonly lockFile: string,
    /** The running holder; `null` when the lock kept changing hands and no holder could be named. */
    readonly holderPid: number | null,
  ) {
    super(
      'data_dir_locked',
      holderPid === null
        ? `could not take the lock on ${dataDir} (${lockFile}): other hubs keep taking it; try again`
        : `another hub (pid ${holderPid}) is running on ${dataDir}: stop it first (Ctrl-C in its terminal, ` +
            `or kill ${holderPid}), or give this hub a directory of its own (another --config, or dataDir in corral.yaml)`,
    );
  }
}

/** A custom integration's directory holds a link out of itself: it is not loaded. */
export class IntegrationLinkError extends CorralError {
  constructor(
    readonly dir: string,
    readonly path: string,
    reason: string,
  ) {
    super('integration_link', `integration ${dir} is not loaded: ${path} ${reason}`);
  }
}
