/** `climate`: thermostats and HVAC units; the state is the HVAC mode. */
import { z } from 'zod';
import { allOf, type DataOf, type DomainSpec, NO_FIELDS, oneOf, stateOf, within } from './spec.js';

export const ClimateEntityFeature = {
  TARGET_TEMPERATURE: 1,
  TARGET_TEMPERATURE_RANGE: 2,
  TARGET_HUMIDITY: 4,
  FAN_MODE: 8,
  PRESET_MODE: 16,
  SWING_MODE: 32,
  TURN_OFF: 128,
  TURN_ON: 256,
} as const;

export const HVACMode = {
  OFF: 'off',
  HEAT: 'heat',
  COOL: 'cool',
  HEAT_COOL: 'heat_cool',
  AUTO: 'auto',
  DRY: 'dry',
  FAN_ONLY: 'fan_only',
} as const;
export type HVACMode = (typeof HVACMode)[keyof typeof HVACMode];
const HVAC_MODES = Object.values(HVACMode) as [HVACMode, ...HVACMode[]];

export const HVACAction = {
  OFF: 'off',
  HEATING: 'heating',
  COOLING: 'cooling',
  DRYING: 'drying',
  IDLE: 'idle',
  FAN: 'fan',
  PREHEATING: 'preheating',
  DEFROSTING: 'defrosting',
} as const;
export type HVACAction = (typeof HVACAction)[keyof typeof HVACAction];

export interface ClimateFields {
  hvacMode: HVACMode | null;
  hvacModes: HVACMode[];
  hvacAction: HVACAction | null;
  currentTemperature: number | null;
  targetTemperature: number | null;
  targetTemperatureHigh: number | null;
  targetTemperatureLow: number | null;
  targetTemperatureStep: number | null;
  minTemp: number;
  maxTemp: number;
  currentHumidity: number | null;
  targetHumidity: number | null;
  minHumidity: number;
  maxHumidity: number;
  fanMode: string | null;
  fanModes: string[] | null;
  presetMode: string | null;
  presetModes: string[] | null;
  swingMode: string | null;
  swingModes: string[] | null;
}

const temperature = z.number();

export const climateSetTemperatureFields = {
  temperature: temperature.optional(),
  target_temp_low: temperature.optional(),
  target_temp_high: temperature.optional(),
  hvac_mode: z.enum(HVAC_MODES).optional(),
};
export type ClimateSetTemperatureData = DataOf<typeof climateSetTemperatureFields>;
export const climateSetHvacModeFields = { hvac_mode: z.enum(HVAC_MODES) };
export type ClimateSetHvacModeData = DataOf<typeof climateSetHvacModeFields>;
export const climateSetFanModeFields = { fan_mode: z.string() };
export type ClimateSetFanModeData = DataOf<typeof climateSetFanModeFields>;
export const climateSetPresetModeFields = { preset_mode: z.string() };
export type ClimateSetPresetModeData = DataOf<typeof climateSetPresetModeFields>;
export const climateSetSwingModeFields = { swing_mode: z.string() };
export type ClimateSetSwingModeData = DataOf<typeof climateSetSwingModeFields>;
export const climateSetHumidityFields = { humidity: z.number().min(0).max(100) };
export type ClimateSetHumidityData = DataOf<typeof climateSetHumidityFields>;

/** A target temperature or a full low/high range, each within the unit's limits. */
const temperatureIsSettable = allOf<ClimateFields>(
  (_climate, data) => {
    const range = data.target_temp_low !== undefined || data.target_temp_high !== undefined;
    if (range && (data.target_temp_low === undefined || data.target_temp_high === undefined)) {
      return { message: 'give both target_temp_low and target_temp_high', path: ['target_temp_low'] };
    }
    if (!range && data.temperature === undefined) {
      return { message: 'give temperature, or target_temp_low and target_temp_high', path: ['temperature'] };
    }
    return null;
  },
  within('temperature', 'minTemp', 'maxTemp'),
  within('target_temp_low', 'minTemp', 'maxTemp'),
  within('target_temp_high', 'minTemp', 'maxTemp'),
  oneOf('hvac_mode', 'hvacModes'),
);

export const CLIMATE: DomainSpec<ClimateFields> = {
  domain: 'climate',
  defaults: {
    hvacMode: null,
    hvacModes: [],
    hvacAction: null,
    currentTemperature: null,
    targetTemperature: null,
    targetTemperatureHigh: null,
    targetTemperatureLow: null,
    targetTemperatureStep: null,
    minTemp: 7,
    maxTemp: 35,
    currentHumidity: null,
    targetHumidity: null,
    minHumidity: 30,
    maxHumidity: 99,
    fanMode: null,
    fanModes: null,
    presetMode: null,
    presetModes: null,
    swingMode: null,
    swingModes: null,
  },
  state: stateOf('hvacMode'),
  attributes: {
    current_temperature: 'currentTemperature',
    temperature: 'targetTemperature',
    target_temp_high: 'targetTemperatureHigh',
    target_temp_low: 'targetTemperatureLow',
    current_humidity: 'currentHumidity',
    humidity: 'targetHumidity',
    hvac_action: 'hvacAction',
    fan_mode: 'fanMode',
    preset_mode: 'presetMode',
    swing_mode: 'swingMode',
  },
  capabilities: {
    hvac_modes: 'hvacModes',
    min_temp: 'minTemp',
    max_temp: 'maxTemp',
    target_temp_step: 'targetTemperatureStep',
    min_humidity: 'minHumidity',
    max_humidity: 'maxHumidity',
    fan_modes: 'fanModes',
    preset_modes: 'presetModes',
    swing_modes: 'swingModes',
  },
  features: ClimateEntityFeature,
  services: {
    set_temperature: {
      fields: climateSetTemperatureFields,
      method: 'setTemperature',
      requiredFeature: [
        ClimateEntityFeature.TARGET_TEMPERATURE,
        ClimateEntityFeature.TARGET_TEMPERATURE_RANGE,
      ],
      fieldFeatures: {
        temperature: ClimateEntityFeature.TARGET_TEMPERATURE,
        target_temp_low: ClimateEntityFeature.TARGET_TEMPERATURE_RANGE,
        target_temp_high: ClimateEntityFeature.TARGET_TEMPERATURE_RANGE,
      },
      check: temperatureIsSettable,
    },
    set_hvac_mode: {
      fields: climateSetHvacModeFields,
      method: 'setHvacMode',
      check: oneOf('hvac_mode', 'hvacModes'),
    },
    set_fan_mode: {
      fields: climateSetFanModeFields,
      method: 'setFanMode',
      requiredFeature: ClimateEntityFeature.FAN_MODE,
      check: oneOf('fan_mode', 'fanModes'),
    },
    set_preset_mode: {
      fields: climateSetPresetModeFields,
      method: 'setPresetMode',
      requiredFeature: ClimateEntityFeature.PRESET_MODE,
      check: oneOf('preset_mode', 'presetModes'),
    },
    set_swing_mode: {
      fields: climateSetSwingModeFields,
      method: 'setSwingMode',
      requiredFeature: ClimateEntityFeature.SWING_MODE,
      check: oneOf('swing_mode', 'swingModes'),
    },
    set_humidity: {
      fields: climateSetHumidityFields,
      method: 'setHumidity',
      requiredFeature: ClimateEntityFeature.TARGET_HUMIDITY,
      check: within('humidity', 'minHumidity', 'maxHumidity'),
    },
    turn_on: { fields: NO_FIELDS, method: 'turnOn', requiredFeature: ClimateEntityFeature.TURN_ON },
    turn_off: { fields: NO_FIELDS, method: 'turnOff', requiredFeature: ClimateEntityFeature.TURN_OFF },
    toggle: {
      fields: NO_FIELDS,
      method: 'toggle',
      requiredFeature: ClimateEntityFeature.TURN_ON | ClimateEntityFeature.TURN_OFF,
    },
  },
  queries: {},
  restoreState: false,
};
