import type { Forecast, WeatherGetForecastsData } from '../domains/weather.js';
import { entityClass } from '../entity.js';

/** Current conditions in fields; forecasts on request through the `get_forecasts` query. */
export class WeatherEntity extends entityClass('weather') {
  /** Only called for a `type` whose FORECAST_* feature the entity declares. */
  async getForecasts(_data: WeatherGetForecastsData): Promise<Forecast[] | null> {
    throw this.notImplemented('getForecasts');
  }
}
