/**
 * An integration's `manifest.json`: what the host knows about an integration
 * without running any of its code. Field names are those of the file.
 */

import { type InvalidField, ManifestError } from '../errors.js';

export const INTEGRATION_TYPES = [
  'device',
  'hub',
  'service',
  'system',
  'helper',
  'entity',
  'virtual',
] as const;
export type IntegrationType = (typeof INTEGRATION_TYPES)[number];

/** What an integration without `integration_type` is taken to be. */
export const DEFAULT_INTEGRATION_TYPE: IntegrationType = 'hub';

export const IOT_CLASSES = [
  'assumed_state',
  'calculated',
  'cloud_polling',
  'cloud_push',
  'local_polling',
  'local_push',
] as const;
export type IotClass = (typeof IOT_CLASSES)[number];

export interface Manifest {
  readonly domain: string;
  readonly name: string;
  readonly version?: string;
  readonly integration_type?: IntegrationType;
  readonly platforms?: readonly string[];
  readonly config_flow?: boolean;
  readonly dependencies?: readonly string[];
  readonly documentation?: string;
  readonly iot_class?: IotClass;
  readonly single_config_entry?: boolean;
  /**
   * `false`: the integration needs no network, so its sandbox group gets none (under the
   * OS sandbox). A group whose integrations all say so runs with an empty network namespace.
   */
  readonly network?: boolean;
}

/** Integration domains name directories, services, events and entity ids: lowercase, digits, `_`. */
const DOMAIN = /^[a-z0-9_]+$/;
const MAX_DOMAIN_LENGTH = 64;
const MAX_TEXT_LENGTH = 255;

/**
 * A checked manifest from the parsed file (or its text); `source` (usually the file
 * path) names it in errors. Fields the host does not use are dropped. Throws
 * `ManifestError` listing every bad field.
 */
export function parseManifest(json: unknown, source: string): Manifest {
  let value = json;
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json);
    } catch (error) {
      throw new ManifestError(
        source,
        [{ path: [], message: `not JSON: ${error instanceof Error ? error.message : error}` }],
        { cause: error },
      );
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ManifestError(source, [{ path: [], message: 'must be a JSON object' }]);
  }
  const raw = value as Record<string, unknown>;
  const invalid: InvalidField[] = [];
  const bad = (field: string, message: string) => invalid.push({ path: [field], message });
  const out: Record<string, unknown> = {};

  if (raw.domain === undefined) bad('domain', 'is required');
  else if (!isDomain(raw.domain)) {
    bad('domain', `must match ^[a-z0-9_]+$ and be at most ${MAX_DOMAIN_LENGTH} characters`);
  } else out.domain = raw.domain;

  if (raw.name === undefined) bad('name', 'is required');
  else if (!isText(raw.name))
    bad('name', `must be a non-empty string of at most ${MAX_TEXT_LENGTH} characters`);
  else out.name = raw.name;

  if (raw.version !== undefined) {
    if (isText(raw.version)) out.version = raw.version;
    else bad('version', 'must be a non-empty string such as "1.2.0"');
  }
  if (raw.integration_type !== undefined) {
    if (INTEGRATION_TYPES.includes(raw.integration_type as IntegrationType)) {
      out.integration_type = raw.integration_type;
    } else bad('integration_type', `must be one of ${INTEGRATION_TYPES.join(', ')}`);
  }
  for (const field of ['platforms', 'dependencies'] as const) {
    const list = raw[field];
    if (list === undefined) continue;
    if (Array.isArray(list) && list.every(isDomain)) out[field] = Object.freeze([...list]);
    else bad(field, 'must be a list of domains (^[a-z0-9_]+$)');
  }
  for (const field of ['config_flow', 'single_config_entry', 'network'] as const) {
    if (raw[field] === undefined) continue;
    if (typeof raw[field] === 'boolean') out[field] = raw[field];
    else bad(field, 'must be true or false');
  }
  if (raw.documentation !== undefined) {
    if (isHttpUrl(raw.documentation)) out.documentation = raw.documentation;
    else bad('documentation', 'must be an http(s) URL');
  }
  if (raw.iot_class !== undefined) {
    if (IOT_CLASSES.includes(raw.iot_class as IotClass)) out.iot_class = raw.iot_class;
    else bad('iot_class', `must be one of ${IOT_CLASSES.join(', ')}`);
  }

  if (invalid.length > 0) throw new ManifestError(source, invalid);
  return Object.freeze(out) as unknown as Manifest;
}

function isDomain(value: unknown): value is string {
  return typeof value === 'string' && value.length <= MAX_DOMAIN_LENGTH && DOMAIN.test(value);
}

function isText(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '' && value.length <= MAX_TEXT_LENGTH;
}

function isHttpUrl(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}
