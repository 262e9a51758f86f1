/** Integrations and entities the sandbox tests run, written against the real SDK. */

import {
  ColorMode,
  type EntryApi,
  LightEntity,
  type LightTurnOnData,
  SensorEntity,
} from '../../src/sdk/index.js';
import { defineIntegration, type IntegrationDefinition } from '../../src/sdk/integration.js';

export class Lamp extends LightEntity {
  restored: { state: string; attributes: Record<string, unknown> } | null = null;

  constructor(uniqueId: string, init: Partial<ConstructorParameters<typeof LightEntity>[0]> = {}) {
    super({
      uniqueId,
      name: `Lamp ${uniqueId}`,
      isOn: false,
      supportedColorModes: [ColorMode.BRIGHTNESS],
      ...init,
    });
  }

  override async turnOn(data: LightTurnOnData): Promise<void> {
    this.isOn = true;
    this.colorMode = ColorMode.BRIGHTNESS;
    this.brightness = data.brightness ?? this.brightness ?? 255;
  }

  override async turnOff(): Promise<void> {
    this.isOn = false;
  }

  override restore(last: { state: string; attributes: Record<string, unknown> }): void {
    super.restore(last);
    this.restored = last;
    this.isOn = last.state === 'on';
    if (typeof last.attributes.brightness === 'number') this.brightness = last.attributes.brightness;
  }
}

export function sensor(uniqueId: string, value: number): SensorEntity {
  return new SensorEntity({ uniqueId, name: `Sensor ${uniqueId}`, nativeValue: value } as never);
}

/** What a test integration's setup got, for the test to drive it. */
export interface Captured {
  api?: EntryApi;
}

/** An integration `fixture` (or `domain`) whose setup is the test's. */
export function integration(
  setupEntry: (api: EntryApi, captured: Captured) => unknown,
  more: Partial<IntegrationDefinition> & { domain?: string } = {},
): { definition: IntegrationDefinition; captured: Captured } {
  const captured: Captured = {};
  const definition = defineIntegration({
    domain: 'fixture',
    ...more,
    setupEntry: async (api) => {
      captured.api = api;
      return (await setupEntry(api, captured)) as boolean | undefined;
    },
  });
  return { definition, captured };
}
