/** Read-only domains: `sensor` (a measured value) and `binary_sensor` (on/off). */
import { type DomainSpec, isoOf, onOff, stateOf } from './spec.js';

export const SensorStateClass = {
  MEASUREMENT: 'measurement',
  MEASUREMENT_ANGLE: 'measurement_angle',
  TOTAL: 'total',
  TOTAL_INCREASING: 'total_increasing',
} as const;
export type SensorStateClass = (typeof SensorStateClass)[keyof typeof SensorStateClass];

export interface SensorFields {
  /** The value in `unitOfMeasurement`; a Date for timestamp sensors. */
  nativeValue: string | number | Date | null;
  stateClass: SensorStateClass | null;
  /** The possible values of an `enum` sensor. */
  options: string[] | null;
  /** When a `total` sensor last started counting from zero. */
  lastReset: Date | null;
}

export const SENSOR: DomainSpec<SensorFields> = {
  domain: 'sensor',
  defaults: { nativeValue: null, stateClass: null, options: null, lastReset: null },
  state: stateOf('nativeValue'),
  attributes: { last_reset: isoOf('lastReset') },
  capabilities: { state_class: 'stateClass', options: 'options' },
  features: {},
  services: {},
  queries: {},
  restoreState: false,
};

export interface BinarySensorFields {
  isOn: boolean | null;
}

export const BINARY_SENSOR: DomainSpec<BinarySensorFields> = {
  domain: 'binary_sensor',
  defaults: { isOn: null },
  state: onOff('isOn'),
  attributes: {},
  capabilities: {},
  features: {},
  services: {},
  queries: {},
  restoreState: false,
};
