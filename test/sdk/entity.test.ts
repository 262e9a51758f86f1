import { describe, expect, test, vi } from 'vitest';
import {
  ButtonEntity,
  CalendarEntity,
  type CalendarEvent,
  type CalendarRange,
  ClimateEntity,
  ClimateEntityFeature,
  CoverEntity,
  CoverEntityFeature,
  EntityDefinitionError,
  EntityServiceError,
  EventEntity,
  FeatureNotSupportedError,
  type Forecast,
  LightEntity,
  LightEntityFeature,
  type LightTurnOnData,
  LockEntity,
  SelectEntity,
  SensorEntity,
  SwitchEntity,
  UpdateEntity,
  ValidationError,
  WeatherEntity,
  WeatherEntityFeature,
} from '../../src/sdk/index.js';
import { MAX_JSON_DEPTH, TOO_DEEP } from '../../src/wire/json.js';

function sink() {
  return { stateChanged: vi.fn(), identityChanged: vi.fn() };
}

class Lamp extends LightEntity {
  calls: LightTurnOnData[] = [];
  override async turnOn(data: LightTurnOnData): Promise<void> {
    this.calls.push(data);
    this.isOn = true;
    if (data.brightness !== undefined) this.brightness = data.brightness;
  }
  override async turnOff(): Promise<void> {
    this.isOn = false;
  }
}

describe('identity', () => {
  test('identity comes from the entity fields', () => {
    const entity = new SensorEntity({
      uniqueId: 'temp-1',
      name: 'Temperature',
      icon: 'mdi:thermometer',
      deviceClass: 'temperature',
      unitOfMeasurement: '°C',
      entityCategory: 'diagnostic',
      hasEntityName: true,
      translationKey: 'temp',
      deviceInfo: { identifiers: [['demo', 'dev-1']], name: 'Station' },
    });
    expect(entity.identity()).toEqual({
      name: 'Temperature',
      icon: 'mdi:thermometer',
      entityCategory: 'diagnostic',
      deviceClass: 'temperature',
      supportedFeatures: 0,
      translationKey: 'temp',
      deviceInfo: { identifiers: [['demo', 'dev-1']], name: 'Station' },
      hasEntityName: true,
      unitOfMeasurement: '°C',
    });
  });

  test('setIdentity changes the fields and tells the sink to register the entity again', () => {
    const entity = new SwitchEntity({ uniqueId: 's', name: 'Old' });
    const events = sink();
    entity.attach(events);
    entity.setIdentity({ name: 'New', icon: 'mdi:power' });
    expect(entity.identity()).toMatchObject({ name: 'New', icon: 'mdi:power' });
    expect(events.identityChanged).toHaveBeenCalledWith(entity);
  });

  test('an entity without a uniqueId is refused', () => {
    expect(() => new SwitchEntity({ uniqueId: '' })).toThrow(EntityDefinitionError);
  });
});

describe('state reporting', () => {
  test('writeState reaches the sink only while attached', () => {
    const entity = new SwitchEntity({ uniqueId: 's' });
    const events = sink();
    entity.writeState();
    entity.attach(events);
    entity.writeState();
    entity.detach();
    entity.writeState();
    expect(events.stateChanged).toHaveBeenCalledTimes(1);
  });

  test('an unavailable entity reports unavailable without state attributes but keeps capabilities', () => {
    const entity = new SelectEntity({ uniqueId: 's', currentOption: 'a', options: ['a'], available: false });
    entity.extraStateAttributes = { extra: 1 };
    expect(entity.report()).toEqual({
      state: 'unavailable',
      attributes: {},
      capabilities: { options: ['a'] },
    });
  });

  test('extra state attributes are merged, dates made ISO, and the report shares no lists with the entity', () => {
    const entity = new SelectEntity({ uniqueId: 's', currentOption: 'a', options: ['a'] });
    entity.extraStateAttributes = { since: new Date('2024-01-01T00:00:00.000Z') };
    const report = entity.report();
    expect(report.attributes).toEqual({ since: '2024-01-01T00:00:00.000Z' });
    entity.options.push('b');
    expect(report.capabilities.options).toEqual(['a']);
  });

  test('a circular attribute is reported as the string [Circular], not a stack overflow', () => {
    const entity = new SelectEntity({ uniqueId: 's', currentOption: 'a', options: ['a'] });
    const node: Record<string, unknown> = { name: 'n' };
    node.self = node;
    node.list = [node, { up: node }];
    entity.extraStateAttributes = { node };
    expect(entity.report().attributes).toEqual({
      node: { name: 'n', self: '[Circular]', list: ['[Circular]', { up: '[Circular]' }] },
    });
  });

  test('an attribute nested deeper than MAX_JSON_DEPTH is cut there to [nested too deep]', () => {
    const entity = new SelectEntity({ uniqueId: 's', currentOption: 'a', options: ['a'] });
    let deep: Record<string, unknown> = { leaf: true };
    for (let i = 0; i < 200_000; i++) deep = { d: deep };
    entity.extraStateAttributes = { deep };
    let level: unknown = entity.report().attributes.deep;
    let objects = 0;
    while (typeof level === 'object' && level !== null) {
      level = (level as { d: unknown }).d;
      objects++;
    }
    expect(level).toBe(TOO_DEEP);
    // The attributes object itself is the first level.
    expect(objects).toBe(MAX_JSON_DEPTH - 1);
  });

  test('two entities of a domain never share a default list', () => {
    const a = new ClimateEntity({ uniqueId: 'a' });
    const b = new ClimateEntity({ uniqueId: 'b' });
    a.hvacModes.push('heat');
    expect(b.hvacModes).toEqual([]);
  });

  test('a button restores its last press from the kept state', () => {
    const button = new ButtonEntity({ uniqueId: 'b' });
    expect(button.restoreState).toBe(true);
    button.restore({ state: '2024-05-01T10:00:00.000Z', attributes: {} });
    expect(button.lastPressed?.toISOString()).toBe('2024-05-01T10:00:00.000Z');
    expect(button.restoredState?.state).toBe('2024-05-01T10:00:00.000Z');
  });
});

describe('services', () => {
  test('service data is validated with errors at field paths, the method not called', async () => {
    const lamp = new Lamp({ uniqueId: 'l' });
    const error = await lamp
      .handleService('turn_on', { brightness: 300, hs_color: [10, 'x'] })
      .catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).invalid.map((field) => field.path)).toEqual([
      ['brightness'],
      ['hs_color', '1'],
    ]);
    expect(lamp.calls).toEqual([]);
  });

  test('a service needing a feature the entity lacks fails naming that feature', async () => {
    const cover = new CoverEntity({ uniqueId: 'c', supportedFeatures: CoverEntityFeature.OPEN });
    cover.setCoverPosition = vi.fn(async () => {});
    const error = await cover.handleService('set_cover_position', { position: 50 }).catch((e) => e);
    expect(error).toBeInstanceOf(FeatureNotSupportedError);
    expect(error).toMatchObject({ type: 'feature_not_supported', feature: 'SET_POSITION' });
    expect((error as Error).message).toContain('SET_POSITION');
    expect(cover.setCoverPosition).not.toHaveBeenCalled();
  });

  test('a field needing a feature fails when given, and passes when left out', async () => {
    const lamp = new Lamp({ uniqueId: 'l', effectList: ['rainbow'] });
    await expect(lamp.handleService('turn_on', { effect: 'rainbow' })).rejects.toMatchObject({
      feature: 'EFFECT',
    });
    await lamp.handleService('turn_on', {});
    lamp.setIdentity({ supportedFeatures: LightEntityFeature.EFFECT });
    await lamp.handleService('turn_on', { effect: 'rainbow' });
    expect(lamp.calls).toEqual([{}, { effect: 'rainbow' }]);
  });

  test('any one of several accepted features will do', async () => {
    const climate = new ClimateEntity({
      uniqueId: 'c',
      supportedFeatures: ClimateEntityFeature.TARGET_TEMPERATURE_RANGE,
    });
    climate.setTemperature = vi.fn(async () => {});
    await climate.handleService('set_temperature', { target_temp_low: 18, target_temp_high: 22 });
    expect(climate.setTemperature).toHaveBeenCalledOnce();
    await expect(climate.handleService('set_temperature', { temperature: 20 })).rejects.toMatchObject({
      feature: 'TARGET_TEMPERATURE',
    });
    const none = new ClimateEntity({ uniqueId: 'd' });
    await expect(none.handleService('set_temperature', { temperature: 20 })).rejects.toMatchObject({
      feature: 'TARGET_TEMPERATURE or TARGET_TEMPERATURE_RANGE',
    });
  });

  test('a value the entity does not offer is a validation error at its field', async () => {
    const select = new SelectEntity({ uniqueId: 's', options: ['eco'] });
    const error = await select.handleService('select_option', { option: 'boost' }).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).invalid).toEqual([
      { message: 'must be one of: eco', path: ['option'] },
    ]);
  });

  test('a lock code must match the code format of the lock in full', async () => {
    const lock = new LockEntity({ uniqueId: 'l', codeFormat: '\\d{4}' });
    lock.unlock = vi.fn(async () => {});
    await expect(lock.handleService('unlock', { code: '12345' })).rejects.toBeInstanceOf(ValidationError);
    await expect(lock.handleService('unlock', {})).rejects.toBeInstanceOf(ValidationError);
    const broken = new LockEntity({ uniqueId: 'b', codeFormat: '(' });
    await expect(broken.handleService('unlock', { code: '1' })).rejects.toBeInstanceOf(ValidationError);
    expect(lock.unlock).not.toHaveBeenCalled();
  });

  test('an unknown service and an unimplemented method are typed errors', async () => {
    const plug = new SwitchEntity({ uniqueId: 'p' });
    await expect(plug.handleService('explode', {})).rejects.toMatchObject({ type: 'unknown_service' });
    const error = await plug.handleService('turn_on', {}).catch((e) => e);
    expect(error).toBeInstanceOf(EntityServiceError);
    expect(error).toMatchObject({ type: 'service_not_implemented' });
  });

  test('toggle turns a lit light off and a dark one on', async () => {
    const lamp = new Lamp({ uniqueId: 'l', isOn: false });
    await lamp.handleService('toggle', { brightness: 10 });
    expect(lamp.report()).toMatchObject({ state: 'on', attributes: { brightness: 10 } });
    await lamp.handleService('toggle', {});
    expect(lamp.report().state).toBe('off');
  });

  test('pressing a button records the press as its state', async () => {
    const button = new ButtonEntity({ uniqueId: 'b' });
    button.press = vi.fn(async () => {});
    const before = Date.now();
    await button.handleService('press', {});
    expect(Date.parse(button.report().state)).toBeGreaterThanOrEqual(before);
  });

  test('skipping an update turns it off until a newer version appears', async () => {
    const update = new UpdateEntity({ uniqueId: 'u', installedVersion: '1', latestVersion: '2' });
    await update.handleService('skip', {});
    expect(update.report().state).toBe('off');
    update.latestVersion = '3';
    expect(update.report().state).toBe('on');
  });

  test('an event entity fires only its own event types', () => {
    const bell = new EventEntity({ uniqueId: 'bell', eventTypes: ['press'] });
    const events = sink();
    bell.attach(events);
    bell.triggerEvent('press', { count: 2 });
    expect(bell.report().attributes).toEqual({ event_type: 'press', count: 2 });
    expect(events.stateChanged).toHaveBeenCalledOnce();
    expect(() => bell.triggerEvent('ring')).toThrow(ValidationError);
  });
});

describe('queries', () => {
  class Station extends WeatherEntity {
    override async getForecasts(data: { type: string }): Promise<Forecast[]> {
      return [{ datetime: '2024-05-02T00:00:00Z', temperature: data.type === 'daily' ? 20 : 15 }];
    }
  }

  test('weather forecasts answer get_forecasts for a supported type', async () => {
    const station = new Station({ uniqueId: 'w', supportedFeatures: WeatherEntityFeature.FORECAST_DAILY });
    expect(await station.query('get_forecasts', { type: 'daily' })).toEqual({
      forecast: [{ datetime: '2024-05-02T00:00:00Z', temperature: 20 }],
    });
  });

  test('a forecast type the entity does not support fails naming its feature', async () => {
    const station = new Station({ uniqueId: 'w', supportedFeatures: WeatherEntityFeature.FORECAST_DAILY });
    await expect(station.query('get_forecasts', { type: 'hourly' })).rejects.toMatchObject({
      type: 'feature_not_supported',
      feature: 'FORECAST_HOURLY',
    });
  });

  test('calendar events come for a range given as Dates and go out as ISO strings', async () => {
    const seen: CalendarRange[] = [];
    class Family extends CalendarEntity {
      override async getEvents(range: CalendarRange): Promise<CalendarEvent[]> {
        seen.push(range);
        return [
          {
            summary: 'Dentist',
            start: new Date('2024-05-01T09:00:00Z'),
            end: new Date('2024-05-01T10:00:00Z'),
          },
        ];
      }
    }
    const calendar = new Family({ uniqueId: 'c' });
    const answer = await calendar.query('get_events', {
      start_date_time: '2024-05-01T00:00:00+00:00',
      end_date_time: '2024-05-02T00:00:00+00:00',
    });
    expect(seen).toEqual([
      { start: new Date('2024-05-01T00:00:00Z'), end: new Date('2024-05-02T00:00:00Z') },
    ]);
    expect(answer).toEqual({
      events: [
        {
          summary: 'Dentist',
          start: '2024-05-01T09:00:00.000Z',
          end: '2024-05-01T10:00:00.000Z',
          all_day: false,
          description: null,
          location: null,
          uid: null,
        },
      ],
    });
  });

  test('a calendar range that ends before it starts is invalid at end_date_time', async () => {
    const calendar = new CalendarEntity({ uniqueId: 'c' });
    const error = await calendar
      .query('get_events', { start_date_time: '2024-05-02T00:00:00Z', end_date_time: '2024-05-01T00:00:00Z' })
      .catch((e) => e);
    expect((error as ValidationError).invalid?.[0]?.path).toEqual(['end_date_time']);
  });

  test('an unknown query is a typed error', async () => {
    await expect(new SensorEntity({ uniqueId: 's' }).query('get_forecasts', {})).rejects.toMatchObject({
      type: 'unknown_query',
    });
  });
});
