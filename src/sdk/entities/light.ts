/** Things that turn on and off; override the methods the device supports. */
import type { LightTurnOffData, LightTurnOnData } from '../domains/light.js';
import { entityClass } from '../entity.js';

export class SwitchEntity extends entityClass('switch') {
  async turnOn(): Promise<void> {
    throw this.notImplemented('turnOn');
  }
  async turnOff(): Promise<void> {
    throw this.notImplemented('turnOff');
  }
  async toggle(): Promise<void> {
    await (this.isOn ? this.turnOff() : this.turnOn());
  }
}

export class LightEntity extends entityClass('light') {
  /** `brightness_pct` has already become `brightness`. */
  async turnOn(_data: LightTurnOnData): Promise<void> {
    throw this.notImplemented('turnOn');
  }
  async turnOff(_data: LightTurnOffData): Promise<void> {
    throw this.notImplemented('turnOff');
  }
  async toggle(data: LightTurnOnData): Promise<void> {
    if (!this.isOn) return this.turnOn(data);
    const off: LightTurnOffData = {};
    if (data.transition !== undefined) off.transition = data.transition;
    if (data.flash !== undefined) off.flash = data.flash;
    return this.turnOff(off);
  }
}
