/**
 * Demo Hub: one hub device reached over the network, with a config flow
 * (connection check, menu, token), reauth and options flows; services that
 * answer with data and fire events; a press counter kept in the integration's
 * store; and weather and calendar entities that answer queries.
 */
import { dataSchema, defineIntegration, type EntryApi, field, form } from 'corral/sdk';
import { hubEntities } from './entities.js';
import { configFlow, DEFAULT_SCAN_INTERVAL, optionsFlow } from './flow.js';

const DOMAIN = 'demo_hub';

const pressSchema = dataSchema(form({ button: field.select(['main', 'left', 'right']).default('main') }));
const relaySchema = dataSchema(form({ event_type: field.text() }));

/** Presses per hub host, kept across restarts. */
type PressCounts = Record<string, number>;

async function setupHub(api: EntryApi): Promise<void> {
  const { entryId, data, options } = api.entry;
  const host = String(data.host);
  const port = Number(data.port);
  const platforms = Array.isArray(data.platforms) ? data.platforms.map(String) : [];
  const connectedAt = Date.now();

  const device = {
    identifiers: [[DOMAIN, host]] as [string, string][],
    name: 'Demo Hub',
    manufacturer: 'Corral Demo',
    model: 'Demo Hub',
    swVersion: '1.0.0',
    configurationUrl: `http://${host}:${port}`,
  };
  const entities = hubEntities(entryId, device, platforms);
  await api.addEntities(entities);

  const presses = api.store<PressCounts>('presses', { version: 1 });
  const counts: PressCounts = { ...(await presses.load()) };

  api.registerService(
    'get_status',
    () => ({
      host,
      uptime: Math.floor((Date.now() - connectedAt) / 1000),
      scan_interval: Number(options.scan_interval ?? DEFAULT_SCAN_INTERVAL),
    }),
    { supportsResponse: 'only' },
  );
  api.registerService(
    'press_button',
    async (call) => {
      counts[host] = (counts[host] ?? 0) + 1;
      const pressed = counts[host];
      await presses.save({ ...counts });
      api.fireEvent('demo_hub_button_pressed', { host, button: call.data.button, presses: pressed });
    },
    { schema: pressSchema },
  );
  // Relays an event the hub reported; the host refuses any outside `demo_hub_...`.
  api.registerService('relay_event', (call) => api.fireEvent(String(call.data.event_type), { host }), {
    schema: relaySchema,
  });

  const refresh = setInterval(() => {
    for (const entity of entities) {
      if ('refresh' in entity) {
        entity.refresh();
        entity.writeState();
      }
    }
  }, 60_000);
  api.onUnload(() => clearInterval(refresh));
}

export default defineIntegration({
  domain: DOMAIN,
  configFlow,
  optionsFlow,
  setupEntry: setupHub,
});
