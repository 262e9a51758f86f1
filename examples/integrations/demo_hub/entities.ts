/**
 * What Demo Hub puts on the hub: a lamp and a temperature sensor (as chosen in
 * the flow), a weather entity that answers forecast queries, and a calendar of
 * daily maintenance slots. All hang off the one hub device.
 */
import {
  CalendarEntity,
  type CalendarEvent,
  type CalendarRange,
  ColorMode,
  type DeviceInfo,
  type Forecast,
  LightEntity,
  SensorEntity,
  SensorStateClass,
  WeatherEntity,
  WeatherEntityFeature,
} from 'corral/sdk';

const DAY_MS = 24 * 60 * 60 * 1000;
const CONDITIONS = ['sunny', 'partlycloudy', 'rainy', 'cloudy', 'sunny'];

export class HubLamp extends LightEntity {
  override async turnOn(): Promise<void> {
    this.isOn = true;
  }
  override async turnOff(): Promise<void> {
    this.isOn = false;
  }
}

export class HubWeather extends WeatherEntity {
  /** Five days from today (UTC), the same every run. */
  override async getForecasts(): Promise<Forecast[]> {
    const today = Math.floor(Date.now() / DAY_MS) * DAY_MS;
    return CONDITIONS.map((condition, day) => ({
      datetime: new Date(today + day * DAY_MS).toISOString(),
      condition,
      temperature: 20 + day,
      templow: 12 + day,
      precipitation_probability: condition === 'rainy' ? 80 : 10,
    }));
  }
}

/** Half an hour of maintenance at 09:00 UTC every day. */
function maintenanceOn(dayStart: number): CalendarEvent {
  const start = new Date(dayStart + 9 * 60 * 60 * 1000);
  return {
    summary: 'Filter check',
    start,
    end: new Date(start.getTime() + 30 * 60 * 1000),
    location: 'Utility room',
    uid: `filter-check-${start.toISOString().slice(0, 10)}`,
  };
}

export class HubCalendar extends CalendarEntity {
  override async getEvents(range: CalendarRange): Promise<CalendarEvent[]> {
    const events: CalendarEvent[] = [];
    for (
      let day = Math.floor(range.start.getTime() / DAY_MS) * DAY_MS;
      day < range.end.getTime();
      day += DAY_MS
    ) {
      const event = maintenanceOn(day);
      if (event.start < range.end && event.end > range.start) events.push(event);
    }
    return events;
  }

  /** Keeps `event` on the slot in progress or the next one. */
  refresh(now = Date.now()): void {
    const today = maintenanceOn(Math.floor(now / DAY_MS) * DAY_MS);
    this.event =
      today.end.getTime() > now ? today : maintenanceOn(Math.floor(now / DAY_MS) * DAY_MS + DAY_MS);
  }
}

export function hubEntities(entryId: string, device: DeviceInfo, platforms: readonly string[]) {
  const common = { hasEntityName: true, deviceInfo: device };
  const weather = new HubWeather({
    ...common,
    uniqueId: `${entryId}_weather`,
    name: 'Weather',
    supportedFeatures: WeatherEntityFeature.FORECAST_DAILY,
    condition: 'sunny',
    temperature: 21.5,
    humidity: 45,
    windSpeed: 12,
    temperatureUnit: '°C',
    windSpeedUnit: 'km/h',
  });
  const calendar = new HubCalendar({ ...common, uniqueId: `${entryId}_maintenance`, name: 'Maintenance' });
  calendar.refresh();
  const entities: (HubLamp | SensorEntity | HubWeather | HubCalendar)[] = [weather, calendar];
  if (platforms.includes('light')) {
    entities.push(
      new HubLamp({
        ...common,
        uniqueId: `${entryId}_lamp`,
        name: 'Lamp',
        isOn: false,
        supportedColorModes: [ColorMode.ONOFF],
      }),
    );
  }
  if (platforms.includes('sensor')) {
    entities.push(
      new SensorEntity({
        ...common,
        uniqueId: `${entryId}_temperature`,
        name: 'Temperature',
        deviceClass: 'temperature',
        unitOfMeasurement: '°C',
        stateClass: SensorStateClass.MEASUREMENT,
        nativeValue: 21.5,
      }),
    );
  }
  return entities;
}
