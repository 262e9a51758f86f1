import { describe, expect, test, vi } from 'vitest';
import {
  ButtonEntity,
  CalendarEntity,
  ClimateEntity,
  ClimateEntityFeature,
  CoverEntity,
  CoverEntityFeature,
  DOMAINS,
  ENTITY_DOMAINS,
  type Entity,
  type EntityDomain,
  FanEntity,
  FanEntityFeature,
  LightEntity,
  LightEntityFeature,
  LockEntity,
  MediaPlayerEntity,
  MediaPlayerEntityFeature,
  NumberEntity,
  SelectEntity,
  SwitchEntity,
  TextEntity,
  UpdateEntity,
  UpdateEntityFeature,
  VacuumEntity,
  VacuumEntityFeature,
} from '../../src/sdk/index.js';

interface ServiceCase {
  build: () => Entity;
  service: string;
  data: Record<string, unknown>;
  method: string;
  receives: unknown;
}

const services: Partial<Record<EntityDomain, ServiceCase>> = {
  switch: {
    build: () => new SwitchEntity({ uniqueId: 's' }),
    service: 'turn_on',
    data: {},
    method: 'turnOn',
    receives: {},
  },
  light: {
    build: () => new LightEntity({ uniqueId: 'l', supportedFeatures: LightEntityFeature.TRANSITION }),
    service: 'turn_on',
    data: { brightness_pct: 50, transition: 2 },
    method: 'turnOn',
    receives: { brightness: 128, transition: 2 },
  },
  cover: {
    build: () => new CoverEntity({ uniqueId: 'c', supportedFeatures: CoverEntityFeature.SET_POSITION }),
    service: 'set_cover_position',
    data: { position: 30 },
    method: 'setCoverPosition',
    receives: { position: 30 },
  },
  climate: {
    build: () =>
      new ClimateEntity({
        uniqueId: 'c',
        supportedFeatures: ClimateEntityFeature.TARGET_TEMPERATURE,
        hvacModes: ['heat'],
      }),
    service: 'set_temperature',
    data: { temperature: 21.5 },
    method: 'setTemperature',
    receives: { temperature: 21.5 },
  },
  lock: {
    build: () => new LockEntity({ uniqueId: 'l', codeFormat: '\\d{4}' }),
    service: 'unlock',
    data: { code: '1234' },
    method: 'unlock',
    receives: { code: '1234' },
  },
  fan: {
    build: () => new FanEntity({ uniqueId: 'f', supportedFeatures: FanEntityFeature.SET_SPEED }),
    service: 'set_percentage',
    data: { percentage: 75 },
    method: 'setPercentage',
    receives: { percentage: 75 },
  },
  button: {
    build: () => new ButtonEntity({ uniqueId: 'b' }),
    service: 'press',
    data: {},
    method: 'press',
    receives: {},
  },
  number: {
    build: () => new NumberEntity({ uniqueId: 'n', nativeMaxValue: 10 }),
    service: 'set_value',
    data: { value: 4 },
    method: 'setNativeValue',
    receives: { value: 4 },
  },
  select: {
    build: () => new SelectEntity({ uniqueId: 's', options: ['eco', 'boost'] }),
    service: 'select_option',
    data: { option: 'boost' },
    method: 'selectOption',
    receives: { option: 'boost' },
  },
  text: {
    build: () => new TextEntity({ uniqueId: 't' }),
    service: 'set_value',
    data: { value: 'hello' },
    method: 'setValue',
    receives: { value: 'hello' },
  },
  media_player: {
    build: () =>
      new MediaPlayerEntity({ uniqueId: 'm', supportedFeatures: MediaPlayerEntityFeature.VOLUME_SET }),
    service: 'volume_set',
    data: { volume_level: 0.3 },
    method: 'setVolumeLevel',
    receives: { volume_level: 0.3 },
  },
  calendar: {
    build: () => new CalendarEntity({ uniqueId: 'c', supportedFeatures: 1 }),
    service: 'create_event',
    data: {
      summary: 'Gym',
      start_date_time: '2024-05-01T18:00:00+02:00',
      end_date_time: '2024-05-01T19:00:00+02:00',
    },
    method: 'createEvent',
    receives: {
      summary: 'Gym',
      start: new Date('2024-05-01T16:00:00Z'),
      end: new Date('2024-05-01T17:00:00Z'),
    },
  },
  update: {
    build: () =>
      new UpdateEntity({
        uniqueId: 'u',
        supportedFeatures: UpdateEntityFeature.INSTALL | UpdateEntityFeature.SPECIFIC_VERSION,
      }),
    service: 'install',
    data: { version: '2.0' },
    method: 'install',
    receives: { version: '2.0' },
  },
  vacuum: {
    build: () => new VacuumEntity({ uniqueId: 'v', supportedFeatures: VacuumEntityFeature.RETURN_HOME }),
    service: 'return_to_base',
    data: {},
    method: 'returnToBase',
    receives: {},
  },
};

describe('domain services', () => {
  test('every domain that has services has a service case here', () => {
    const withServices = ENTITY_DOMAINS.filter((domain) => Object.keys(DOMAINS[domain].services).length > 0);
    expect(Object.keys(services).sort()).toEqual([...withServices].sort());
  });

  test.each(Object.entries(services))(
    '%s runs its service method with validated data, then writes state',
    async (_d, c) => {
      const entity = c!.build();
      const method = vi.fn(async () => {});
      (entity as unknown as Record<string, unknown>)[c!.method] = method;
      const sink = { stateChanged: vi.fn(), identityChanged: vi.fn() };
      entity.attach(sink);
      await entity.handleService(c!.service, c!.data);
      expect(method).toHaveBeenCalledWith(c!.receives);
      expect(sink.stateChanged).toHaveBeenCalledWith(entity);
    },
  );
});
