/**
 * The shape of an entity registry entry and the rules its fields follow, apart
 * from the registry that keeps entries, so the SDK and the bridge can share them.
 */

import { type FieldRules, isIn, isNonNegativeInteger, isObjectOrNull, isStringOrNull } from './fields.js';
import type { DisabledBy } from './types.js';

export interface EntityEntry {
  readonly entityId: string;
  /** Entity domain, e.g. `light`. */
  readonly domain: string;
  /** Domain of the integration that provides the entity, e.g. `hue`. */
  readonly platform: string;
  readonly uniqueId: string;
  readonly configEntryId: string | null;
  readonly deviceId: string | null;
  readonly areaId: string | null;
  readonly disabledBy: DisabledBy | null;
  readonly hiddenBy: 'user' | 'integration' | null;
  /** User overrides of the integration's name and icon. */
  readonly name: string | null;
  readonly icon: string | null;
  readonly originalName: string | null;
  readonly originalIcon: string | null;
  readonly entityCategory: 'config' | 'diagnostic' | null;
  readonly deviceClass: string | null;
  readonly supportedFeatures: number;
  readonly translationKey: string | null;
  readonly unitOfMeasurement: string | null;
  readonly capabilities: Readonly<Record<string, unknown>> | null;
}

/** Fields the integration describes; refreshed on every `getOrCreate`. */
export type IntegrationFields = Pick<
  EntityEntry,
  | 'configEntryId'
  | 'deviceId'
  | 'originalName'
  | 'originalIcon'
  | 'entityCategory'
  | 'deviceClass'
  | 'supportedFeatures'
  | 'translationKey'
  | 'unitOfMeasurement'
  | 'capabilities'
>;

export interface EntityRegistration extends Partial<IntegrationFields> {
  readonly domain: string;
  readonly platform: string;
  readonly uniqueId: string;
  /** Object id to base a new entity id on; else the original name, else `<platform>_<uniqueId>`. */
  readonly suggestedObjectId?: string;
  /** A new entry starts disabled (`disabledBy: 'integration'`). */
  readonly disabledByDefault?: boolean;
  /** A new entry starts hidden (`hiddenBy: 'integration'`). */
  readonly hiddenByDefault?: boolean;
}

export interface EntityChanges
  extends Partial<Omit<EntityEntry, 'entityId' | 'domain' | 'platform' | 'uniqueId'>> {
  /** Rename the entity; it must stay in its domain and be free. */
  readonly newEntityId?: string;
}

export const ENTITY_RULES: FieldRules = {
  configEntryId: isStringOrNull,
  deviceId: isStringOrNull,
  areaId: isStringOrNull,
  disabledBy: isIn(['user', 'integration', 'config_entry', null]),
  hiddenBy: isIn(['user', 'integration', null]),
  name: isStringOrNull,
  icon: isStringOrNull,
  originalName: isStringOrNull,
  originalIcon: isStringOrNull,
  entityCategory: isIn(['config', 'diagnostic', null]),
  deviceClass: isStringOrNull,
  supportedFeatures: isNonNegativeInteger,
  translationKey: isStringOrNull,
  unitOfMeasurement: isStringOrNull,
  capabilities: isObjectOrNull,
};

export const INTEGRATION_FIELDS = [
  'configEntryId',
  'deviceId',
  'originalName',
  'originalIcon',
  'entityCategory',
  'deviceClass',
  'supportedFeatures',
  'translationKey',
  'unitOfMeasurement',
  'capabilities',
] as const satisfies readonly (keyof IntegrationFields)[];

/** The integration-described fields the registration sets (undefined = leave as is). */
export function integrationFields(registration: EntityRegistration): Partial<IntegrationFields> {
  const fields: Partial<Record<keyof IntegrationFields, unknown>> = {};
  for (const field of INTEGRATION_FIELDS) {
    if (registration[field] !== undefined) fields[field] = registration[field];
  }
  return fields as Partial<IntegrationFields>;
}

export function newEntityEntry(
  entityId: string,
  domain: string,
  platform: string,
  uniqueId: string,
): EntityEntry {
  return {
    entityId,
    domain,
    platform,
    uniqueId,
    configEntryId: null,
    deviceId: null,
    areaId: null,
    disabledBy: null,
    hiddenBy: null,
    name: null,
    icon: null,
    originalName: null,
    originalIcon: null,
    entityCategory: null,
    deviceClass: null,
    supportedFeatures: 0,
    translationKey: null,
    unitOfMeasurement: null,
    capabilities: null,
  };
}
