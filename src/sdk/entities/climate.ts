import {
  type ClimateSetFanModeData,
  type ClimateSetHumidityData,
  type ClimateSetHvacModeData,
  type ClimateSetPresetModeData,
  type ClimateSetSwingModeData,
  type ClimateSetTemperatureData,
  HVACMode,
} from '../domains/climate.js';
import { entityClass } from '../entity.js';

export class ClimateEntity extends entityClass('climate') {
  async setTemperature(_data: ClimateSetTemperatureData): Promise<void> {
    throw this.notImplemented('setTemperature');
  }
  async setHvacMode(_data: ClimateSetHvacModeData): Promise<void> {
    throw this.notImplemented('setHvacMode');
  }
  async setFanMode(_data: ClimateSetFanModeData): Promise<void> {
    throw this.notImplemented('setFanMode');
  }
  async setPresetMode(_data: ClimateSetPresetModeData): Promise<void> {
    throw this.notImplemented('setPresetMode');
  }
  async setSwingMode(_data: ClimateSetSwingModeData): Promise<void> {
    throw this.notImplemented('setSwingMode');
  }
  async setHumidity(_data: ClimateSetHumidityData): Promise<void> {
    throw this.notImplemented('setHumidity');
  }
  async turnOn(): Promise<void> {
    throw this.notImplemented('turnOn');
  }
  async turnOff(): Promise<void> {
    throw this.notImplemented('turnOff');
  }
  async toggle(): Promise<void> {
    await (this.hvacMode === HVACMode.OFF ? this.turnOn() : this.turnOff());
  }
}
