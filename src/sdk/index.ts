/**
 * `corral/sdk`: what integration authors write against. The same code runs
 * in-process or in a sandbox; nothing here knows which.
 */

export {
  EntityDefinitionError,
  EntityServiceError,
  EntryNotReadyError,
  FeatureNotSupportedError,
  FlowError,
  FormSchemaError,
  IntegrationDefinitionError,
  type InvalidField,
  ValidationError,
} from '../errors.js';
export {
  type CalendarCreateEventData,
  CalendarEntityFeature,
  type CalendarEvent,
  type CalendarRange,
} from './domains/calendar.js';
export { ClimateEntityFeature, HVACAction, HVACMode } from './domains/climate.js';
export { CoverEntityFeature, CoverState, LockEntityFeature, LockState } from './domains/cover.js';
export { FanEntityFeature } from './domains/fan.js';
export {
  DOMAINS,
  type DomainFields,
  type DomainSpec,
  type DomainTable,
  domainSpec,
  ENTITY_DOMAINS,
  type EntityDomain,
  type FeatureRule,
  isEntityDomain,
  type QuerySpec,
  type ServiceSpec,
} from './domains/index.js';
export {
  ColorMode,
  LightEntityFeature,
  type LightTurnOffData,
  type LightTurnOnData,
} from './domains/light.js';
export { type BrowseMedia, MediaPlayerEntityFeature, MediaPlayerState } from './domains/media_player.js';
export { SensorStateClass } from './domains/sensor.js';
export { UpdateEntityFeature } from './domains/update.js';
export { VacuumActivity, VacuumEntityFeature } from './domains/vacuum.js';
export { type Forecast, type ForecastType, WeatherEntityFeature } from './domains/weather.js';
export * from './entities/index.js';
export { Entity, type EntityInit, type EntityOptions } from './entity.js';
export {
  type CreateEntryOptions,
  type FlowDefinition,
  FlowRunner,
  type FlowStepApi,
  type FlowStepOutcome,
  type ShowFormOptions,
  type ShowMenuOptions,
  type StepFn,
} from './flow.js';
export { defineIntegration, type Integration, type IntegrationDefinition } from './integration.js';
export {
  dataSchema,
  dataSchemaFromJson,
  field,
  form,
  fromFormJson,
  type SelectOption,
  section,
  toFormJson,
} from './schema.js';
export type * from './types.js';
