import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { IntegrationLoader } from '../../src/sandbox/integration-loader.js';
import { corral } from '../../src/wire/gen/corral.js';
import { decodeJson, encodeJson } from '../../src/wire/json.js';
import { flowResultFromWire, flowStartToWire } from '../../src/wire/messages.js';
import { Msg } from '../../src/wire/protocol.js';
import { framesOf, hostConfig, registrations, startSandbox } from './harness.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/sandbox-integrations', import.meta.url));
const Kind = corral.IntegrationSource.Kind;
const counterSource = (kind = Kind.DIRECTORY) => ({
  kind,
  domain: 'plain_counter',
  path: `${FIXTURES}/plain_counter`,
});

describe('loading integration code from disk', () => {
  test('a directory integration is imported from <path>/index.js and set up', async () => {
    const harness = await startSandbox();
    expect(await harness.setup({ domain: 'plain_counter' }, counterSource())).toMatchObject({ loaded: true });
    expect([...harness.proxies.keys()]).toEqual(['sensor:entry-1-presses@entry-1']);
    expect([...harness.services]).toEqual(['plain_counter.press']);

    await harness.callService('plain_counter', 'press');
    await framesOf(harness, 'state_changed');
    expect(harness.states.get('sensor:entry-1-presses@entry-1')).toMatchObject({
      state: '1',
      attributes: { parity: 'odd' },
    });
    const peek = await harness.host.call(Msg.EntityQuery, {
      sandboxEntityId: 'sensor:entry-1-presses@entry-1',
      method: 'peek',
    });
    expect(decodeJson(peek.value)).toBe(1);
  });

  test('a built-in integration is imported from the directory the host names', async () => {
    const harness = await startSandbox({
      store: {
        'core.restore_state': {
          version: 1,
          minorVersion: 1,
          data: { 'sensor:entry-1-presses@entry-1': { state: '41', attributes: {} } },
        },
      },
    });
    expect(await harness.setup({ domain: 'plain_counter' }, counterSource(Kind.BUILT_IN))).toMatchObject({
      loaded: true,
    });
    expect(harness.states.get('sensor:entry-1-presses@entry-1')?.state).toBe('41');
  });

  test("a flow runs from the imported integration's code", async () => {
    const harness = await startSandbox();
    const init = await harness.host.call(Msg.FlowInit, {
      ...flowStartToWire({
        flowId: 'f1',
        domain: 'plain_counter',
        kind: 'config',
        source: 'user',
        context: {},
        data: null,
        entry: null,
        hostConfig,
      }),
      integration: counterSource(),
    });
    expect(flowResultFromWire(init)).toMatchObject({ type: 'form', stepId: 'user', schema: null });
    const done = await harness.host.call(Msg.FlowStep, {
      flowId: 'f1',
      userInput: encodeJson({ name: 'door' }),
    });
    expect(flowResultFromWire(done)).toMatchObject({ type: 'create_entry', title: 'Counter door' });
  });

  test('a module exporting another domain is refused with integration_invalid', async () => {
    const loader = new IntegrationLoader();
    await expect(
      loader.load('wrong_domain', { kind: Kind.DIRECTORY, path: `${FIXTURES}/wrong_domain` }),
    ).rejects.toMatchObject({ type: 'integration_invalid' });
  });

  test('a directory without index.js fails to import, and a later load tries again', async () => {
    const loader = new IntegrationLoader();
    await expect(
      loader.load('plain_counter', { kind: Kind.DIRECTORY, path: `${FIXTURES}/missing` }),
    ).rejects.toMatchObject({ type: 'integration_import_failed' });
    await expect(loader.load('plain_counter', counterSource())).resolves.toMatchObject({
      domain: 'plain_counter',
    });
  });

  test('a tarball source is refused, never silently resolved elsewhere', async () => {
    const loader = new IntegrationLoader();
    await expect(
      loader.load('plain_counter', { kind: Kind.TARBALL, path: '/tmp/x.tgz' }),
    ).rejects.toMatchObject({ type: 'unsupported_source' });
  });

  test('each domain is imported once per process', async () => {
    const loader = new IntegrationLoader();
    const first = await loader.load('plain_counter', counterSource());
    const again = await loader.load('plain_counter', { kind: Kind.DIRECTORY, path: '/elsewhere' });
    expect(again).toBe(first);
  });
});

describe('what setup sends for a real module', () => {
  test('the registration carries identity, initial state and the description hash', async () => {
    const harness = await startSandbox();
    await harness.setup({ domain: 'plain_counter' }, counterSource());
    const [registration] = registrations(harness);
    expect(registration).toMatchObject({
      entryId: 'entry-1',
      domain: 'sensor',
      uniqueId: 'entry-1-presses',
      sandboxEntityId: 'sensor:entry-1-presses@entry-1',
      identity: expect.objectContaining({ name: 'Presses', icon: 'mdi:counter' }),
      descriptionHash: expect.stringMatching(/^[0-9a-f]+$/),
    });
  });
});
