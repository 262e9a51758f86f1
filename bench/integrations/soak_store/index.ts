/**
 * Soak Store: the integration `npm run soak` drives (bench only, never shipped).
 * One entry holds `lights` on/off lights and `sensors` sensors that tick every
 * `tick_ms` (state-update traffic). `<domain>.write { value }` appends `value` to
 * the list in its store, saves it, and answers `{ written: value, count }` only
 * once the save resolved: an answered call is an acknowledged write. On setup the
 * list is loaded back, so a restarted sandbox keeps appending to what is stored.
 *
 * `soakIntegration(domain)` builds it under another domain, so the soak can run
 * one copy per sandbox group; the default export is `soak_store`.
 */
import {
  dataSchema,
  defineIntegration,
  field,
  form,
  LightEntity,
  SensorEntity,
  SensorStateClass,
} from 'corral/sdk';

const userForm = form({
  lights: field.number({ min: 0, max: 10_000, step: 1 }).int().default(20),
  sensors: field.number({ min: 0, max: 10_000, step: 1 }).int().default(20),
  tick_ms: field.number({ min: 10, max: 60_000, step: 1 }).int().default(250),
});

const writeSchema = dataSchema(form({ value: field.number({ min: 0, max: 1e12, step: 1 }).int() }));

interface Written {
  values: number[];
}

class SoakLight extends LightEntity {
  override async turnOn(): Promise<void> {
    this.isOn = true;
  }

  override async turnOff(): Promise<void> {
    this.isOn = false;
  }
}

class SoakSensor extends SensorEntity {}

export function soakIntegration(domain: string) {
  return defineIntegration({
    domain,
    configFlow: {
      steps: {
        user: (flow, input) => {
          if (input === undefined) return flow.showForm({ stepId: 'user', schema: userForm });
          return flow.createEntry({ title: `Soak ${domain}`, data: userForm.parse(input) });
        },
      },
    },
    async setupEntry(api) {
      const { lights, sensors, tick_ms: tickMs } = userForm.parse(api.entry.data);
      const id = api.entry.entryId;
      const lightEntities = Array.from(
        { length: lights },
        (_, i) =>
          new SoakLight({
            uniqueId: `${id}_light_${i}`,
            suggestedObjectId: `${domain}_light_${i}`,
            name: `${domain} light ${i}`,
            isOn: false,
          }),
      );
      const sensorEntities = Array.from(
        { length: sensors },
        (_, i) =>
          new SoakSensor({
            uniqueId: `${id}_sensor_${i}`,
            suggestedObjectId: `${domain}_sensor_${i}`,
            name: `${domain} sensor ${i}`,
            stateClass: SensorStateClass.MEASUREMENT,
            nativeValue: 0,
          }),
      );
      await api.addEntities([...lightEntities, ...sensorEntities]);

      const store = api.store<Written>('written', { version: 1 });
      const written: number[] = [...((await store.load())?.values ?? [])];
      api.registerService(
        'write',
        async (call) => {
          const value = Number(call.data.value);
          written.push(value);
          await store.save({ values: [...written] });
          return { written: value, count: written.length };
        },
        { schema: writeSchema, supportsResponse: 'optional' },
      );

      let tick = 0;
      const timer = setInterval(() => {
        tick++;
        for (const sensor of sensorEntities) {
          sensor.nativeValue = tick;
          sensor.writeState();
        }
      }, tickMs);
      api.onUnload(() => clearInterval(timer));
    },
  });
}

export default soakIntegration('soak_store');
