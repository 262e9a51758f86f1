import type {
  FanOscillateData,
  FanSetDirectionData,
  FanSetPercentageData,
  FanSetPresetModeData,
  FanTurnOnData,
} from '../domains/fan.js';
import { entityClass } from '../entity.js';

export class FanEntity extends entityClass('fan') {
  async turnOn(_data: FanTurnOnData): Promise<void> {
    throw this.notImplemented('turnOn');
  }
  async turnOff(): Promise<void> {
    throw this.notImplemented('turnOff');
  }
  async toggle(): Promise<void> {
    await (this.isOn ? this.turnOff() : this.turnOn({}));
  }
  async setPercentage(_data: FanSetPercentageData): Promise<void> {
    throw this.notImplemented('setPercentage');
  }
  async setPresetMode(_data: FanSetPresetModeData): Promise<void> {
    throw this.notImplemented('setPresetMode');
  }
  async oscillate(_data: FanOscillateData): Promise<void> {
    throw this.notImplemented('oscillate');
  }
  async setDirection(_data: FanSetDirectionData): Promise<void> {
    throw this.notImplemented('setDirection');
  }
}
