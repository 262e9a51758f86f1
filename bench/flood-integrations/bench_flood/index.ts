/**
 * Bench Flood: the hostile neighbour `npm run bench:flood` runs (bench only, never
 * shipped). `bench_flood.flood { entities, services, events, rounds }` sends, as fast as
 * its sandbox can: `entities` sensor registrations (in batches of 1,000), `services`
 * service registrations, `events` fired events, then `rounds` rounds of a new state for
 * every sensor it holds. It answers with what it sent and what the host refused.
 */
import { defineIntegration, SensorEntity } from 'corral/sdk';

const DOMAIN = 'bench_flood';
const BATCH = 1_000;

export default defineIntegration({
  domain: DOMAIN,
  configFlow: {
    steps: {
      user: (flow, input) =>
        input === undefined
          ? flow.showForm({ stepId: 'user' })
          : flow.createEntry({ title: 'Bench flood', data: {} }),
    },
  },
  async setupEntry(api) {
    const sensors: SensorEntity[] = [];
    api.registerService(
      'flood',
      async (call) => {
        const { entities = 0, services = 0, events = 0, rounds = 0 } = call.data as Record<string, number>;
        let refused = 0;
        for (let from = 0; from < entities; from += BATCH) {
          const batch = Array.from(
            { length: Math.min(BATCH, entities - from) },
            (_, i) =>
              new SensorEntity({
                uniqueId: `flood_${from + i}`,
                suggestedObjectId: 'flood',
                name: 'Flood',
                nativeValue: 0,
              }),
          );
          try {
            await api.addEntities(batch);
            sensors.push(...batch);
          } catch {
            refused += batch.length;
          }
        }
        // Past the host's caps these are refused host-side; the flood is the point.
        for (let i = 0; i < services; i++) api.registerService(`flood_${i}`, () => undefined);
        for (let i = 0; i < events; i++) api.fireEvent('bench_flood_tick', { i });
        for (let round = 0; round < rounds; round++) {
          for (const sensor of sensors) {
            (sensor as unknown as { nativeValue: number }).nativeValue = round + 1;
            sensor.writeState();
          }
          await new Promise((resolve) => setImmediate(resolve));
        }
        return {
          sent: entities + services + events + rounds * sensors.length,
          refused,
          held: sensors.length,
        };
      },
      { supportsResponse: 'only' },
    );
  },
});
