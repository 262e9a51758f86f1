/**
 * The domain table: every entity domain the SDK hosts, as data. Entities derive
 * their state, attributes, capabilities, services and queries from here.
 */
import { CALENDAR, type CalendarFields } from './calendar.js';
import { CLIMATE, type ClimateFields } from './climate.js';
import { COVER, type CoverFields, LOCK, type LockFields } from './cover.js';
import { FAN, type FanFields } from './fan.js';
import { NUMBER, type NumberFields, SELECT, type SelectFields, TEXT, type TextFields } from './input.js';
import { LIGHT, type LightFields, SWITCH, type SwitchFields } from './light.js';
import { MEDIA_PLAYER, type MediaPlayerFields } from './media_player.js';
import { BINARY_SENSOR, type BinarySensorFields, SENSOR, type SensorFields } from './sensor.js';
import type { DomainSpec, EntityDomain } from './spec.js';
import { BUTTON, type ButtonFields, EVENT, type EventFields } from './trigger.js';
import { UPDATE, type UpdateFields } from './update.js';
import { VACUUM, type VacuumFields } from './vacuum.js';
import { WEATHER, type WeatherFields } from './weather.js';

/** The fields of each domain's entities. */
export interface DomainFields {
  sensor: SensorFields;
  binary_sensor: BinarySensorFields;
  switch: SwitchFields;
  light: LightFields;
  cover: CoverFields;
  climate: ClimateFields;
  lock: LockFields;
  fan: FanFields;
  button: ButtonFields;
  number: NumberFields;
  select: SelectFields;
  text: TextFields;
  event: EventFields;
  media_player: MediaPlayerFields;
  weather: WeatherFields;
  calendar: CalendarFields;
  update: UpdateFields;
  vacuum: VacuumFields;
}

export type DomainTable = { readonly [D in EntityDomain]: DomainSpec<DomainFields[D]> };

export const DOMAINS: DomainTable = {
  sensor: SENSOR,
  binary_sensor: BINARY_SENSOR,
  switch: SWITCH,
  light: LIGHT,
  cover: COVER,
  climate: CLIMATE,
  lock: LOCK,
  fan: FAN,
  button: BUTTON,
  number: NUMBER,
  select: SELECT,
  text: TEXT,
  event: EVENT,
  media_player: MEDIA_PLAYER,
  weather: WEATHER,
  calendar: CALENDAR,
  update: UPDATE,
  vacuum: VACUUM,
};

export function isEntityDomain(domain: string): domain is EntityDomain {
  return Object.hasOwn(DOMAINS, domain);
}

/** A domain's spec with its field types erased, for code that serves any domain. */
export function domainSpec(domain: string): DomainSpec | undefined {
  return isEntityDomain(domain) ? (DOMAINS[domain] as unknown as DomainSpec) : undefined;
}

export { calendarEventJson } from './calendar.js';
export * from './spec.js';
