/**
 * Bench Lights: the integration `npm run bench:sandboxed` drives (bench only, never
 * shipped). One config entry holds `sensors` sensor-like entities (a number each, no
 * device) and `lights` dimmable lights (one device each, in the area `area`). Entity
 * ids start with `prefix`, so several entries never collide.
 *
 * With `churn` set, the entry registers `bench_lights.churn { rounds }`: every round
 * gives each of the entry's sensors a new value and calls `writeState()`, then yields
 * to the event loop (as updates that arrive from I/O would), so each round leaves
 * the sandbox as one batched `state_changed` frame. It answers with how many updates
 * the integration sent and the last value, so the host can tell when the last round
 * has landed.
 *
 * Every setup fires `bench_lights_setup_timing` with wall-clock marks (module
 * loaded, setupEntry entered, entities built, entities added), so the host can
 * tell where an entry setup spends its time.
 */
import {
  ColorMode,
  type ConfigEntryData,
  dataSchema,
  defineIntegration,
  field,
  form,
  LightEntity,
  type LightTurnOnData,
  SensorEntity,
  SensorStateClass,
} from 'corral/sdk';

const DOMAIN = 'bench_lights';

/** Wall-clock ms (epoch, sub-ms) comparable across processes on one machine. */
const wallClock = () => performance.timeOrigin + performance.now();
/** When this module (and so corral/sdk, which it imports) finished loading in this process. */
const moduleLoadedAt = wallClock();

const userForm = form({
  prefix: field.text().default('bench'),
  sensors: field.number({ min: 0, max: 100_000, step: 1 }).int().default(0),
  lights: field.number({ min: 0, max: 10_000, step: 1 }).int().default(0),
  area: field.text().default('Bench'),
  churn: field.boolean().default(false),
});

const churnSchema = dataSchema(form({ rounds: field.number({ min: 1, max: 100_000, step: 1 }).int() }));

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

class BenchSensor extends SensorEntity {}

class BenchLight extends LightEntity {
  #level = 255;

  override async turnOn(data: LightTurnOnData): Promise<void> {
    if (data.brightness !== undefined) this.#level = data.brightness;
    this.#show(true);
  }

  override async turnOff(): Promise<void> {
    this.#show(false);
  }

  #show(on: boolean): void {
    this.isOn = on;
    this.brightness = on ? this.#level : null;
    this.colorMode = on ? ColorMode.BRIGHTNESS : null;
  }
}

function sensorsOf(entry: ConfigEntryData, prefix: string, count: number): BenchSensor[] {
  return Array.from(
    { length: count },
    (_, index) =>
      new BenchSensor({
        uniqueId: `${entry.entryId}_sensor_${index}`,
        suggestedObjectId: `${prefix}_sensor_${index}`,
        name: `${prefix} sensor ${index}`,
        stateClass: SensorStateClass.MEASUREMENT,
        unitOfMeasurement: 'W',
        nativeValue: 0,
      }),
  );
}

function lightsOf(entry: ConfigEntryData, prefix: string, count: number, area: string): BenchLight[] {
  return Array.from({ length: count }, (_, index) => {
    const id = `${entry.entryId}_light_${index}`;
    const title = `${prefix} light ${index}`;
    return new BenchLight({
      uniqueId: id,
      suggestedObjectId: `${prefix}_light_${index}`,
      name: title,
      isOn: false,
      supportedColorModes: [ColorMode.BRIGHTNESS],
      deviceInfo: {
        identifiers: [[DOMAIN, id]],
        name: title,
        manufacturer: 'Corral Bench',
        model: 'Dimmable Bulb',
        suggestedArea: area,
      },
    });
  });
}

export default defineIntegration({
  domain: DOMAIN,
  configFlow: {
    steps: {
      user: (flow, input) => {
        if (input === undefined) return flow.showForm({ stepId: 'user', schema: userForm });
        const data = userForm.parse(input);
        return flow.createEntry({ title: `Bench ${data.prefix}`, data });
      },
    },
  },
  async setupEntry(api) {
    const enteredAt = wallClock();
    const { prefix, sensors: sensorCount, lights, area, churn } = userForm.parse(api.entry.data);
    const sensors = sensorsOf(api.entry, prefix, sensorCount);
    const entities = [...sensors, ...lightsOf(api.entry, prefix, lights, area)];
    const builtAt = wallClock();
    await api.addEntities(entities);
    api.fireEvent('bench_lights_setup_timing', {
      prefix,
      module_loaded_at: moduleLoadedAt,
      entered_at: enteredAt,
      built_at: builtAt,
      added_at: wallClock(),
    });
    if (!churn) return;
    let value = 0;
    api.registerService(
      'churn',
      async (call) => {
        const rounds = Number(call.data.rounds);
        const started = performance.now();
        let sent = 0;
        for (let round = 0; round < rounds; round++) {
          value++;
          for (const sensor of sensors) {
            sensor.nativeValue = value;
            sensor.writeState();
            sent++;
          }
          await yieldToLoop();
        }
        return {
          sent,
          rounds,
          entities: sensors.length,
          last_value: value,
          integration_ms: performance.now() - started,
        };
      },
      { schema: churnSchema, supportsResponse: 'optional' },
    );
  },
});
