import { describe, expect, test } from 'vitest';
import {
  BinarySensorEntity,
  ButtonEntity,
  CalendarEntity,
  ClimateEntity,
  CoverEntity,
  DOMAINS,
  ENTITY_DOMAINS,
  type Entity,
  type EntityDomain,
  EventEntity,
  FanEntity,
  LightEntity,
  LockEntity,
  MediaPlayerEntity,
  NumberEntity,
  SelectEntity,
  SensorEntity,
  SwitchEntity,
  TextEntity,
  UpdateEntity,
  VacuumEntity,
  WeatherEntity,
} from '../../src/sdk/index.js';

const hour = 3_600_000;

interface ReportCase {
  build: () => Entity;
  state: string;
  attributes: Record<string, unknown>;
  capabilities: Record<string, unknown>;
}

const reports: Record<EntityDomain, ReportCase> = {
  sensor: {
    build: () => new SensorEntity({ uniqueId: 't', nativeValue: 21.5, stateClass: 'measurement' }),
    state: '21.5',
    attributes: {},
    capabilities: { state_class: 'measurement' },
  },
  binary_sensor: {
    build: () => new BinarySensorEntity({ uniqueId: 'door', isOn: true }),
    state: 'on',
    attributes: {},
    capabilities: {},
  },
  switch: {
    build: () => new SwitchEntity({ uniqueId: 'plug', isOn: false }),
    state: 'off',
    attributes: {},
    capabilities: {},
  },
  light: {
    build: () =>
      new LightEntity({
        uniqueId: 'lamp',
        isOn: true,
        brightness: 128,
        colorMode: 'color_temp',
        colorTempKelvin: 2700,
        minColorTempKelvin: 2000,
        maxColorTempKelvin: 6500,
        supportedColorModes: ['color_temp', 'hs'],
        effectList: ['rainbow'],
      }),
    state: 'on',
    attributes: {
      brightness: 128,
      color_mode: 'color_temp',
      color_temp_kelvin: 2700,
      hs_color: null,
      rgb_color: null,
      xy_color: null,
      effect: null,
    },
    capabilities: {
      min_color_temp_kelvin: 2000,
      max_color_temp_kelvin: 6500,
      supported_color_modes: ['color_temp', 'hs'],
      effect_list: ['rainbow'],
    },
  },
  cover: {
    build: () =>
      new CoverEntity({ uniqueId: 'blind', isClosed: false, isClosing: true, currentPosition: 40 }),
    state: 'closing',
    attributes: { current_position: 40, current_tilt_position: null },
    capabilities: {},
  },
  climate: {
    build: () =>
      new ClimateEntity({
        uniqueId: 'thermostat',
        hvacMode: 'heat',
        hvacModes: ['off', 'heat'],
        hvacAction: 'heating',
        currentTemperature: 19,
        targetTemperature: 21,
      }),
    state: 'heat',
    attributes: {
      current_temperature: 19,
      temperature: 21,
      target_temp_high: null,
      target_temp_low: null,
      current_humidity: null,
      humidity: null,
      hvac_action: 'heating',
      fan_mode: null,
      preset_mode: null,
      swing_mode: null,
    },
    capabilities: {
      hvac_modes: ['off', 'heat'],
      min_temp: 7,
      max_temp: 35,
      min_humidity: 30,
      max_humidity: 99,
    },
  },
  lock: {
    build: () => new LockEntity({ uniqueId: 'front', isLocked: true, changedBy: 'keypad' }),
    state: 'locked',
    attributes: { changed_by: 'keypad' },
    capabilities: {},
  },
  fan: {
    build: () =>
      new FanEntity({ uniqueId: 'fan', isOn: true, percentage: 50, speedCount: 4, presetModes: ['eco'] }),
    state: 'on',
    attributes: {
      percentage: 50,
      percentage_step: 25,
      preset_mode: null,
      oscillating: null,
      direction: null,
    },
    capabilities: { preset_modes: ['eco'] },
  },
  button: {
    build: () => new ButtonEntity({ uniqueId: 'restart', lastPressed: new Date('2024-05-01T10:00:00.000Z') }),
    state: '2024-05-01T10:00:00.000Z',
    attributes: {},
    capabilities: {},
  },
  number: {
    build: () => new NumberEntity({ uniqueId: 'volume', nativeValue: 7, nativeMaxValue: 10, mode: 'slider' }),
    state: '7',
    attributes: {},
    capabilities: { min: 0, max: 10, step: 1, mode: 'slider' },
  },
  select: {
    build: () => new SelectEntity({ uniqueId: 'mode', currentOption: 'eco', options: ['eco', 'boost'] }),
    state: 'eco',
    attributes: {},
    capabilities: { options: ['eco', 'boost'] },
  },
  text: {
    build: () => new TextEntity({ uniqueId: 'greeting', nativeValue: 'hi', nativeMax: 20 }),
    state: 'hi',
    attributes: {},
    capabilities: { min: 0, max: 20, mode: 'text' },
  },
  event: {
    build: () =>
      new EventEntity({
        uniqueId: 'doorbell',
        eventTypes: ['press', 'long_press'],
        lastFired: new Date('2024-05-01T10:00:00.000Z'),
        eventType: 'press',
        eventAttributes: { button: 1 },
      }),
    state: '2024-05-01T10:00:00.000Z',
    attributes: { event_type: 'press', button: 1 },
    capabilities: { event_types: ['press', 'long_press'] },
  },
  media_player: {
    build: () =>
      new MediaPlayerEntity({
        uniqueId: 'tv',
        playerState: 'playing',
        volumeLevel: 0.4,
        mediaTitle: 'News',
        sourceList: ['HDMI 1'],
      }),
    state: 'playing',
    attributes: {
      volume_level: 0.4,
      is_volume_muted: null,
      media_content_id: null,
      media_content_type: null,
      media_title: 'News',
      media_artist: null,
      media_album_name: null,
      media_duration: null,
      media_position: null,
      source: null,
      sound_mode: null,
      shuffle: null,
      repeat: null,
    },
    capabilities: { source_list: ['HDMI 1'] },
  },
  weather: {
    build: () =>
      new WeatherEntity({ uniqueId: 'home', condition: 'sunny', temperature: 24, temperatureUnit: '°C' }),
    state: 'sunny',
    attributes: {
      temperature: 24,
      apparent_temperature: null,
      dew_point: null,
      humidity: null,
      pressure: null,
      wind_speed: null,
      wind_bearing: null,
      visibility: null,
      cloud_coverage: null,
      uv_index: null,
      temperature_unit: '°C',
      pressure_unit: null,
      wind_speed_unit: null,
      visibility_unit: null,
      precipitation_unit: null,
    },
    capabilities: {},
  },
  calendar: {
    build: () =>
      new CalendarEntity({
        uniqueId: 'family',
        event: {
          summary: 'Dentist',
          start: new Date(Date.now() - hour),
          end: new Date(Date.now() + hour),
          location: 'Town',
        },
      }),
    state: 'on',
    attributes: { message: 'Dentist', all_day: false, location: 'Town', description: null },
    capabilities: {},
  },
  update: {
    build: () =>
      new UpdateEntity({ uniqueId: 'fw', installedVersion: '1.0', latestVersion: '1.1', title: 'Firmware' }),
    state: 'on',
    attributes: {
      installed_version: '1.0',
      latest_version: '1.1',
      skipped_version: null,
      title: 'Firmware',
      release_summary: null,
      release_url: null,
      in_progress: false,
      update_percentage: null,
      auto_update: false,
    },
    capabilities: {},
  },
  vacuum: {
    build: () => new VacuumEntity({ uniqueId: 'robot', activity: 'docked', fanSpeedList: ['quiet', 'max'] }),
    state: 'docked',
    attributes: { fan_speed: null },
    capabilities: { fan_speed_list: ['quiet', 'max'] },
  },
};

describe('the domain table', () => {
  test('holds every entity domain, each keyed by its own name', () => {
    expect(Object.keys(DOMAINS).sort()).toEqual([...ENTITY_DOMAINS].sort());
    for (const domain of ENTITY_DOMAINS) expect(DOMAINS[domain].domain).toBe(domain);
  });

  test('every service and query names a method its helper class has', () => {
    const classes = reports;
    for (const domain of ENTITY_DOMAINS) {
      const entity = classes[domain].build() as unknown as Record<string, unknown>;
      const spec = DOMAINS[domain];
      for (const op of [...Object.values(spec.services), ...Object.values(spec.queries)]) {
        expect(typeof entity[op.method], `${domain}.${op.method}`).toBe('function');
      }
    }
  });

  test.each(ENTITY_DOMAINS)('%s derives state, attributes and capabilities from its fields', (domain) => {
    const expected = reports[domain];
    const entity = expected.build();
    expect(entity.platform).toBe(domain);
    const report = entity.report();
    expect(report.state).toBe(expected.state);
    expect(report.capabilities).toEqual(expected.capabilities);
    if (domain === 'calendar') {
      expect(report.attributes).toMatchObject(expected.attributes);
      expect(report.attributes.start_time).toMatch(/^\d{4}-\d\d-\d\dT/);
    } else {
      expect(report.attributes).toEqual(expected.attributes);
    }
  });

  test.each(ENTITY_DOMAINS)('%s reads unknown before its state field is set', (domain) => {
    const entity = new (reports[domain].build().constructor as new (init: { uniqueId: string }) => Entity)({
      uniqueId: 'blank',
    });
    const expected = domain === 'calendar' ? 'off' : 'unknown';
    expect(entity.report().state).toBe(expected);
  });
});
