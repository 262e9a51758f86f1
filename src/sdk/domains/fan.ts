/** `fan`: on/off with a speed percentage, preset modes, oscillation and direction. */
import { z } from 'zod';
import { type DataOf, type DomainSpec, oneOf, onOff } from './spec.js';

export const FanEntityFeature = {
  SET_SPEED: 1,
  OSCILLATE: 2,
  DIRECTION: 4,
  PRESET_MODE: 8,
  TURN_OFF: 16,
  TURN_ON: 32,
} as const;

export interface FanFields {
  isOn: boolean | null;
  /** 0..100 */
  percentage: number | null;
  /** How many discrete speeds the fan has; the percentage moves in steps of 100 / speedCount. */
  speedCount: number;
  presetMode: string | null;
  presetModes: string[] | null;
  oscillating: boolean | null;
  direction: 'forward' | 'reverse' | null;
}

const percentage = z.number().int().min(0).max(100);

export const fanTurnOnFields = { percentage: percentage.optional(), preset_mode: z.string().optional() };
export type FanTurnOnData = DataOf<typeof fanTurnOnFields>;
export const fanSetPercentageFields = { percentage };
export type FanSetPercentageData = DataOf<typeof fanSetPercentageFields>;
export const fanSetPresetModeFields = { preset_mode: z.string() };
export type FanSetPresetModeData = DataOf<typeof fanSetPresetModeFields>;
export const fanOscillateFields = { oscillating: z.boolean() };
export type FanOscillateData = DataOf<typeof fanOscillateFields>;
export const fanSetDirectionFields = { direction: z.enum(['forward', 'reverse']) };
export type FanSetDirectionData = DataOf<typeof fanSetDirectionFields>;

const presetModeIsKnown = oneOf<FanFields>('preset_mode', 'presetModes');

export const FAN: DomainSpec<FanFields> = {
  domain: 'fan',
  defaults: {
    isOn: null,
    percentage: null,
    speedCount: 100,
    presetMode: null,
    presetModes: null,
    oscillating: null,
    direction: null,
  },
  state: onOff('isOn'),
  attributes: {
    percentage: 'percentage',
    percentage_step: (fan) => 100 / Math.max(1, fan.speedCount),
    preset_mode: 'presetMode',
    oscillating: 'oscillating',
    direction: 'direction',
  },
  capabilities: { preset_modes: 'presetModes' },
  features: FanEntityFeature,
  services: {
    turn_on: {
      fields: fanTurnOnFields,
      method: 'turnOn',
      requiredFeature: FanEntityFeature.TURN_ON,
      fieldFeatures: { percentage: FanEntityFeature.SET_SPEED, preset_mode: FanEntityFeature.PRESET_MODE },
      check: presetModeIsKnown,
    },
    turn_off: { fields: {}, method: 'turnOff', requiredFeature: FanEntityFeature.TURN_OFF },
    toggle: {
      fields: {},
      method: 'toggle',
      requiredFeature: FanEntityFeature.TURN_ON | FanEntityFeature.TURN_OFF,
    },
    set_percentage: {
      fields: fanSetPercentageFields,
      method: 'setPercentage',
      requiredFeature: FanEntityFeature.SET_SPEED,
    },
    set_preset_mode: {
      fields: fanSetPresetModeFields,
      method: 'setPresetMode',
      requiredFeature: FanEntityFeature.PRESET_MODE,
      check: presetModeIsKnown,
    },
    oscillate: {
      fields: fanOscillateFields,
      method: 'oscillate',
      requiredFeature: FanEntityFeature.OSCILLATE,
    },
    set_direction: {
      fields: fanSetDirectionFields,
      method: 'setDirection',
      requiredFeature: FanEntityFeature.DIRECTION,
    },
  },
  queries: {},
  restoreState: false,
};
