import type { ConfigEntryData, FlowContext, HostConfigData } from '../../src/sdk/types.js';

export const hostConfig: HostConfigData = {
  latitude: 52.37,
  longitude: 4.89,
  elevation: 0,
  timeZone: 'Europe/Amsterdam',
  unitSystem: 'metric',
  language: 'en',
  country: 'NL',
  currency: 'EUR',
  locationName: 'Home',
};

export function configEntry(overrides: Partial<ConfigEntryData> = {}): ConfigEntryData {
  return {
    entryId: 'entry-1',
    domain: 'demo',
    title: 'Demo',
    data: { host: 'old.local' },
    options: {},
    version: 1,
    minorVersion: 1,
    source: 'user',
    uniqueId: 'abc',
    prefDisableNewEntities: false,
    prefDisablePolling: false,
    subentries: [],
    ...overrides,
  };
}

export function flowContext(overrides: Partial<FlowContext> = {}): FlowContext {
  return {
    flowId: 'flow-1',
    kind: 'config',
    source: 'user',
    entry: null,
    hostConfig,
    initData: null,
    ...overrides,
  };
}
