import type { VacuumSendCommandData, VacuumSetFanSpeedData } from '../domains/vacuum.js';
import { entityClass } from '../entity.js';

export class VacuumEntity extends entityClass('vacuum') {
  async start(): Promise<void> {
    throw this.notImplemented('start');
  }
  async pause(): Promise<void> {
    throw this.notImplemented('pause');
  }
  async stop(): Promise<void> {
    throw this.notImplemented('stop');
  }
  async returnToBase(): Promise<void> {
    throw this.notImplemented('returnToBase');
  }
  async cleanSpot(): Promise<void> {
    throw this.notImplemented('cleanSpot');
  }
  async locate(): Promise<void> {
    throw this.notImplemented('locate');
  }
  async setFanSpeed(_data: VacuumSetFanSpeedData): Promise<void> {
    throw this.notImplemented('setFanSpeed');
  }
  async sendCommand(_data: VacuumSendCommandData): Promise<void> {
    throw this.notImplemented('sendCommand');
  }
}
