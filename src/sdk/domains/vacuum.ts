/** `vacuum`: robot cleaners; the state is what the robot is doing. */
import { z } from 'zod';
import { type DataOf, type DomainSpec, NO_FIELDS, oneOf, stateOf } from './spec.js';

export const VacuumEntityFeature = {
  PAUSE: 4,
  STOP: 8,
  RETURN_HOME: 16,
  FAN_SPEED: 32,
  BATTERY: 64,
  SEND_COMMAND: 256,
  LOCATE: 512,
  CLEAN_SPOT: 1024,
  MAP: 2048,
  STATE: 4096,
  START: 8192,
} as const;

export const VacuumActivity = {
  CLEANING: 'cleaning',
  DOCKED: 'docked',
  IDLE: 'idle',
  PAUSED: 'paused',
  RETURNING: 'returning',
  ERROR: 'error',
} as const;
export type VacuumActivity = (typeof VacuumActivity)[keyof typeof VacuumActivity];

export interface VacuumFields {
  activity: VacuumActivity | null;
  fanSpeed: string | null;
  fanSpeedList: string[] | null;
}

export const vacuumSetFanSpeedFields = { fan_speed: z.string() };
export type VacuumSetFanSpeedData = DataOf<typeof vacuumSetFanSpeedFields>;
export const vacuumSendCommandFields = {
  command: z.string().min(1),
  params: z.union([z.record(z.string(), z.unknown()), z.array(z.unknown())]).optional(),
};
export type VacuumSendCommandData = DataOf<typeof vacuumSendCommandFields>;

const V = VacuumEntityFeature;

export const VACUUM: DomainSpec<VacuumFields> = {
  domain: 'vacuum',
  defaults: { activity: null, fanSpeed: null, fanSpeedList: null },
  state: stateOf('activity'),
  attributes: { fan_speed: 'fanSpeed' },
  capabilities: { fan_speed_list: 'fanSpeedList' },
  features: VacuumEntityFeature,
  services: {
    start: { fields: NO_FIELDS, method: 'start', requiredFeature: V.START },
    pause: { fields: NO_FIELDS, method: 'pause', requiredFeature: V.PAUSE },
    stop: { fields: NO_FIELDS, method: 'stop', requiredFeature: V.STOP },
    return_to_base: { fields: NO_FIELDS, method: 'returnToBase', requiredFeature: V.RETURN_HOME },
    clean_spot: { fields: NO_FIELDS, method: 'cleanSpot', requiredFeature: V.CLEAN_SPOT },
    locate: { fields: NO_FIELDS, method: 'locate', requiredFeature: V.LOCATE },
    set_fan_speed: {
      fields: vacuumSetFanSpeedFields,
      method: 'setFanSpeed',
      requiredFeature: V.FAN_SPEED,
      check: oneOf('fan_speed', 'fanSpeedList'),
    },
    send_command: { fields: vacuumSendCommandFields, method: 'sendCommand', requiredFeature: V.SEND_COMMAND },
  },
  queries: {},
  restoreState: false,
};
