/** `light` and `switch`: things that turn on and off, lights with brightness, colour and effects. */
import { z } from 'zod';
import { type DataOf, type DomainSpec, NO_FIELDS, oneOf, onOff } from './spec.js';

export const LightEntityFeature = { EFFECT: 4, FLASH: 8, TRANSITION: 32 } as const;

export const ColorMode = {
  UNKNOWN: 'unknown',
  ONOFF: 'onoff',
  BRIGHTNESS: 'brightness',
  COLOR_TEMP: 'color_temp',
  HS: 'hs',
  XY: 'xy',
  RGB: 'rgb',
  RGBW: 'rgbw',
  RGBWW: 'rgbww',
  WHITE: 'white',
} as const;
export type ColorMode = (typeof ColorMode)[keyof typeof ColorMode];

export interface LightFields {
  isOn: boolean | null;
  /** 0..255 */
  brightness: number | null;
  colorMode: ColorMode | null;
  colorTempKelvin: number | null;
  /** Hue 0..360, saturation 0..100. */
  hsColor: [number, number] | null;
  rgbColor: [number, number, number] | null;
  xyColor: [number, number] | null;
  effect: string | null;
  effectList: string[] | null;
  minColorTempKelvin: number | null;
  maxColorTempKelvin: number | null;
  supportedColorModes: ColorMode[] | null;
}

const byte = z.number().int().min(0).max(255);
const transition = z.number().min(0).max(6553);
const flash = z.enum(['short', 'long']);

export const lightTurnOnFields = {
  transition: transition.optional(),
  brightness: byte.optional(),
  /** 0..100; arrives as `brightness`. */
  brightness_pct: z.number().min(0).max(100).optional(),
  color_temp_kelvin: z.number().int().positive().optional(),
  hs_color: z.tuple([z.number().min(0).max(360), z.number().min(0).max(100)]).optional(),
  rgb_color: z.tuple([byte, byte, byte]).optional(),
  xy_color: z.tuple([z.number().min(0).max(1), z.number().min(0).max(1)]).optional(),
  effect: z.string().optional(),
  flash: flash.optional(),
};
export type LightTurnOnData = Omit<DataOf<typeof lightTurnOnFields>, 'brightness_pct'>;

export const lightTurnOffFields = { transition: transition.optional(), flash: flash.optional() };
export type LightTurnOffData = DataOf<typeof lightTurnOffFields>;

const lightFieldFeatures = {
  effect: LightEntityFeature.EFFECT,
  flash: LightEntityFeature.FLASH,
  transition: LightEntityFeature.TRANSITION,
};

/** `brightness_pct` is another way to say `brightness`; the entity only ever sees the latter. */
function brightnessFromPercent(data: Record<string, unknown>): Record<string, unknown> {
  const { brightness_pct: percent, ...rest } = data;
  if (typeof percent !== 'number') return rest;
  return { ...rest, brightness: Math.round((percent * 255) / 100) };
}

const lightTurnOn = {
  fields: lightTurnOnFields,
  fieldFeatures: lightFieldFeatures,
  check: (light: LightFields, data: Record<string, unknown>) => {
    if (data.brightness !== undefined && data.brightness_pct !== undefined) {
      return { message: 'give brightness or brightness_pct, not both', path: ['brightness_pct'] };
    }
    return oneOf<LightFields>('effect', 'effectList')(light, data);
  },
  normalize: brightnessFromPercent,
};

export const LIGHT: DomainSpec<LightFields> = {
  domain: 'light',
  defaults: {
    isOn: null,
    brightness: null,
    colorMode: null,
    colorTempKelvin: null,
    hsColor: null,
    rgbColor: null,
    xyColor: null,
    effect: null,
    effectList: null,
    minColorTempKelvin: null,
    maxColorTempKelvin: null,
    supportedColorModes: null,
  },
  state: onOff('isOn'),
  attributes: {
    brightness: 'brightness',
    color_mode: 'colorMode',
    color_temp_kelvin: 'colorTempKelvin',
    hs_color: 'hsColor',
    rgb_color: 'rgbColor',
    xy_color: 'xyColor',
    effect: 'effect',
  },
  capabilities: {
    min_color_temp_kelvin: 'minColorTempKelvin',
    max_color_temp_kelvin: 'maxColorTempKelvin',
    supported_color_modes: 'supportedColorModes',
    effect_list: 'effectList',
  },
  features: LightEntityFeature,
  services: {
    turn_on: { ...lightTurnOn, method: 'turnOn' },
    turn_off: { fields: lightTurnOffFields, method: 'turnOff', fieldFeatures: lightFieldFeatures },
    toggle: { ...lightTurnOn, method: 'toggle' },
  },
  queries: {},
  restoreState: false,
};

export interface SwitchFields {
  isOn: boolean | null;
}

export const SWITCH: DomainSpec<SwitchFields> = {
  domain: 'switch',
  defaults: { isOn: null },
  state: onOff('isOn'),
  attributes: {},
  capabilities: {},
  features: {},
  services: {
    turn_on: { fields: NO_FIELDS, method: 'turnOn' },
    turn_off: { fields: NO_FIELDS, method: 'turnOff' },
    toggle: { fields: NO_FIELDS, method: 'toggle' },
  },
  queries: {},
  restoreState: false,
};
