/** `weather`: current conditions as state and attributes; forecasts as a query. */
import { z } from 'zod';
import { type DataOf, type DomainSpec, stateOf } from './spec.js';

export const WeatherEntityFeature = {
  FORECAST_DAILY: 1,
  FORECAST_HOURLY: 2,
  FORECAST_TWICE_DAILY: 4,
} as const;

export type ForecastType = 'daily' | 'hourly' | 'twice_daily';

/** One forecast period, snake_case as on the wire. */
export interface Forecast {
  /** ISO start of the period. */
  datetime: string;
  condition?: string | null;
  temperature?: number | null;
  templow?: number | null;
  apparent_temperature?: number | null;
  humidity?: number | null;
  precipitation?: number | null;
  precipitation_probability?: number | null;
  pressure?: number | null;
  wind_speed?: number | null;
  wind_bearing?: number | string | null;
  uv_index?: number | null;
  /** For twice-daily forecasts: the day half rather than the night. */
  is_daytime?: boolean | null;
}

export interface WeatherFields {
  /** `sunny`, `cloudy`, `rainy`, ... (the state). */
  condition: string | null;
  temperature: number | null;
  apparentTemperature: number | null;
  dewPoint: number | null;
  humidity: number | null;
  pressure: number | null;
  windSpeed: number | null;
  windBearing: number | string | null;
  visibility: number | null;
  cloudCoverage: number | null;
  uvIndex: number | null;
  temperatureUnit: string | null;
  pressureUnit: string | null;
  windSpeedUnit: string | null;
  visibilityUnit: string | null;
  precipitationUnit: string | null;
}

export const weatherGetForecastsFields = { type: z.enum(['daily', 'hourly', 'twice_daily']) };
export type WeatherGetForecastsData = DataOf<typeof weatherGetForecastsFields>;

export const WEATHER: DomainSpec<WeatherFields> = {
  domain: 'weather',
  defaults: {
    condition: null,
    temperature: null,
    apparentTemperature: null,
    dewPoint: null,
    humidity: null,
    pressure: null,
    windSpeed: null,
    windBearing: null,
    visibility: null,
    cloudCoverage: null,
    uvIndex: null,
    temperatureUnit: null,
    pressureUnit: null,
    windSpeedUnit: null,
    visibilityUnit: null,
    precipitationUnit: null,
  },
  state: stateOf('condition'),
  attributes: {
    temperature: 'temperature',
    apparent_temperature: 'apparentTemperature',
    dew_point: 'dewPoint',
    humidity: 'humidity',
    pressure: 'pressure',
    wind_speed: 'windSpeed',
    wind_bearing: 'windBearing',
    visibility: 'visibility',
    cloud_coverage: 'cloudCoverage',
    uv_index: 'uvIndex',
    temperature_unit: 'temperatureUnit',
    pressure_unit: 'pressureUnit',
    wind_speed_unit: 'windSpeedUnit',
    visibility_unit: 'visibilityUnit',
    precipitation_unit: 'precipitationUnit',
  },
  capabilities: {},
  features: WeatherEntityFeature,
  services: {},
  queries: {
    get_forecasts: {
      fields: weatherGetForecastsFields,
      method: 'getForecasts',
      fieldFeatures: {
        type: {
          daily: WeatherEntityFeature.FORECAST_DAILY,
          hourly: WeatherEntityFeature.FORECAST_HOURLY,
          twice_daily: WeatherEntityFeature.FORECAST_TWICE_DAILY,
        },
      },
      response: (forecast) => ({ forecast: forecast ?? [] }),
    },
  },
  restoreState: false,
};
