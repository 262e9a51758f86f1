/**
 * Demo Sensor: a weather station that samples a temperature and a humidity on a
 * timer. Readings follow a sine of the sample number, so they are the same on
 * every run; after a restart the sensors show their last reading until the next
 * sample, which continues the sequence where it stopped.
 */
import { defineIntegration, type EntryApi, field, form, SensorEntity, SensorStateClass } from 'corral/sdk';

const DOMAIN = 'demo_sensor';

const userForm = form({
  // Fractions of a second are allowed so tests can sample quickly.
  update_interval: field.number({ min: 0.01, max: 3600, step: 1, unit: 's' }).default(30),
  temperature_unit: field.select(['°C', '°F']).default('°C'),
});

/** One sample: temperature in °C and relative humidity in %, one decimal each. */
function reading(sample: number): { celsius: number; humidity: number } {
  const angle = (sample * Math.PI) / 6;
  return { celsius: 20 + 5 * Math.sin(angle), humidity: 50 + 10 * Math.cos(angle) };
}

const oneDecimal = (value: number) => Math.round(value * 10) / 10;

class DemoSensor extends SensorEntity {
  /** The sample number of the reading restore-state handed back, if it did. */
  restoredSample: number | null = null;

  /** Keeps the sample number beside the reading, so a restart can continue from it. */
  measure(value: number, sample: number): void {
    this.nativeValue = oneDecimal(value);
    this.extraStateAttributes = { sample };
  }

  override restore(last: { state: string; attributes: Record<string, unknown> }): void {
    super.restore(last);
    const value = Number(last.state);
    const { sample } = last.attributes;
    if (last.state === '' || !Number.isFinite(value) || typeof sample !== 'number') return;
    this.measure(value, sample);
    this.restoredSample = sample;
  }
}

async function startStation(api: EntryApi): Promise<void> {
  const { update_interval: interval, temperature_unit: unit } = userForm.parse(api.entry.data);
  const station = {
    identifiers: [[DOMAIN, api.entry.entryId]] as [string, string][],
    name: api.entry.title,
    manufacturer: 'Corral Demo',
    model: 'Sine Wave Station',
  };
  const common = { restoreState: true, hasEntityName: true, stateClass: SensorStateClass.MEASUREMENT };
  const temperature = new DemoSensor({
    ...common,
    uniqueId: `${api.entry.entryId}_temperature`,
    name: 'Temperature',
    deviceClass: 'temperature',
    unitOfMeasurement: unit,
    deviceInfo: station,
  });
  const humidity = new DemoSensor({
    ...common,
    uniqueId: `${api.entry.entryId}_humidity`,
    name: 'Humidity',
    deviceClass: 'humidity',
    unitOfMeasurement: '%',
    deviceInfo: station,
  });
  const take = (sample: number) => {
    const { celsius, humidity: percent } = reading(sample);
    const value = unit === '°F' ? (celsius * 9) / 5 + 32 : celsius;
    temperature.measure(value, sample);
    humidity.measure(percent, sample);
    return { sample, temperature: oneDecimal(value), humidity: oneDecimal(percent) };
  };

  // The first report is sample 0, unless restore-state hands back the last run's reading.
  const first = take(0);
  await api.addEntities([temperature, humidity]);
  const restored = temperature.restoredSample;
  if (restored === null) api.fireEvent('demo_sensor_sampled', first);
  let next = restored === null ? 1 : restored + 1;
  const tick = () => {
    const sampled = take(next++);
    temperature.writeState();
    humidity.writeState();
    api.fireEvent('demo_sensor_sampled', sampled);
  };
  const timer = setInterval(tick, interval * 1000);
  api.onUnload(() => clearInterval(timer));
}

export default defineIntegration({
  domain: DOMAIN,
  configFlow: {
    steps: {
      user: (flow, input) => {
        if (input === undefined) return flow.showForm({ stepId: 'user', schema: userForm });
        return flow.createEntry({ title: 'Demo Sensor', data: userForm.parse(input) });
      },
    },
  },
  setupEntry: startStation,
});
