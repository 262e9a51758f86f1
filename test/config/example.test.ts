import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, test } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { createEntry, type ExampleHub, startExampleHub } from '../support/example-hub.js';

const EXAMPLE_CONFIG = fileURLToPath(new URL('../../examples/config', import.meta.url));
const EXAMPLE_INTEGRATIONS = fileURLToPath(new URL('../../dist/examples/integrations', import.meta.url));

let example: ExampleHub | undefined;
afterEach(async () => {
  await example?.cleanup();
  example = undefined;
});

describe('the shipped examples/config/corral.yaml', () => {
  test('loads, with the example integrations as built-ins and data kept beside it', async () => {
    const config = await loadConfig(EXAMPLE_CONFIG);
    expect(config.integrations.builtIn).toEqual([EXAMPLE_INTEGRATIONS]);
    expect(config.dataDir).toBe(EXAMPLE_CONFIG);
    expect(config.host.locationName).toBe('Demo Home');
  });

  test('runs each integration in its own sandbox, with the API on loopback port 8123', async () => {
    const config = await loadConfig(EXAMPLE_CONFIG);
    expect(config.isolation).toMatchObject({ mode: 'sandbox', perDomain: true });
    expect(config.api).toEqual({ host: '127.0.0.1', port: 8123, auth: true });
  });

  test('sets up demo_light, demo_sensor and demo_hub, and not flaky', async () => {
    const config = await loadConfig(EXAMPLE_CONFIG);
    expect(config.setup.map((flow) => flow.domain)).toEqual(['demo_light', 'demo_sensor', 'demo_hub']);
  });

  // The hub runs the built copies (dist/examples/integrations) of the integrations the config names.
  test('each setup flow runs to a loaded config entry with those steps as input', async () => {
    const config = await loadConfig(EXAMPLE_CONFIG);
    example = await startExampleHub({ hostConfig: config.host });
    for (const flow of config.setup) {
      const entryId = await createEntry(example.hub, flow.domain, flow.steps);
      expect(example.hub.entries.get(entryId)?.domain).toBe(flow.domain);
      expect(example.hub.entries.state(entryId)).toBe('loaded');
    }
  });
});
