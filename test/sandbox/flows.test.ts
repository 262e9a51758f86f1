import { describe, expect, test } from 'vitest';
import type { FlowStart } from '../../src/host/router.js';
import { field, form, toFormJson } from '../../src/sdk/index.js';
import { encodeJson } from '../../src/wire/json.js';
import { flowResultFromWire, flowStartToWire } from '../../src/wire/messages.js';
import { Msg } from '../../src/wire/protocol.js';
import { integration } from './fixtures.js';
import { configEntry, hostConfig, startSandbox } from './harness.js';

const userForm = form({ host: field.text(), port: field.number({ min: 1, max: 65535 }).int().default(80) });

const { definition } = integration(() => {}, {
  configFlow: {
    version: 2,
    steps: {
      user: (flow, input) => {
        if (input === undefined) return flow.showForm({ stepId: 'user', schema: userForm });
        flow.setUniqueId(String(input.host));
        return flow.createEntry({ title: String(input.host), data: input });
      },
    },
  },
  optionsFlow: {
    steps: {
      init: (flow) =>
        flow.showMenu({ stepId: 'init', options: { fast: 'Fast polling', slow: 'Slow polling' } }),
      fast: (flow) =>
        flow.createEntry({ title: '', data: { interval: 5, host: flow.context.entry?.data.host } }),
      slow: (flow) => flow.abort('not_today'),
    },
  },
});

function start(overrides: Partial<FlowStart> = {}) {
  return flowStartToWire({
    flowId: 'flow-1',
    domain: 'fixture',
    kind: 'config',
    source: 'user',
    context: {},
    data: null,
    entry: null,
    hostConfig,
    ...overrides,
  });
}

describe('flows in a sandbox', () => {
  test('a config flow goes form -> step -> create_entry over the wire', async () => {
    const harness = await startSandbox({ integrations: { fixture: definition } });
    const first = flowResultFromWire(await harness.host.call(Msg.FlowInit, start()));
    expect(first).toMatchObject({
      type: 'form',
      flowId: 'flow-1',
      stepId: 'user',
      schema: toFormJson(userForm),
    });

    const invalid = flowResultFromWire(
      await harness.host.call(Msg.FlowStep, {
        flowId: 'flow-1',
        stepId: 'user',
        userInput: encodeJson({ port: 0 }),
      }),
    );
    expect(invalid).toMatchObject({
      type: 'form',
      errors: { host: expect.any(String), port: expect.any(String) },
    });

    const created = flowResultFromWire(
      await harness.host.call(Msg.FlowStep, {
        flowId: 'flow-1',
        stepId: 'user',
        userInput: encodeJson({ host: 'lamp.local' }),
      }),
    );
    expect(created).toMatchObject({
      type: 'create_entry',
      title: 'lamp.local',
      data: { host: 'lamp.local', port: 80 },
      version: 2,
      uniqueId: 'lamp.local',
    });
    // Finished flows are forgotten.
    await expect(
      harness.host.call(Msg.FlowStep, { flowId: 'flow-1', userInput: encodeJson({}) }),
    ).rejects.toMatchObject({ type: 'unknown_flow' });
  });

  test('an options flow gets a copy of its entry and its menu keeps order and labels', async () => {
    const harness = await startSandbox({ integrations: { fixture: definition } });
    const menu = flowResultFromWire(
      await harness.host.call(Msg.FlowInit, start({ kind: 'options', source: 'user', entry: configEntry() })),
    );
    expect(menu).toMatchObject({
      type: 'menu',
      menuOptions: [
        { id: 'fast', label: 'Fast polling' },
        { id: 'slow', label: 'Slow polling' },
      ],
    });
    const created = flowResultFromWire(
      await harness.host.call(Msg.FlowStep, {
        flowId: 'flow-1',
        userInput: encodeJson({ next_step_id: 'fast' }),
      }),
    );
    expect(created).toMatchObject({ type: 'create_entry', data: { interval: 5, host: 'lamp.local' } });
  });

  test('an aborted flow is dropped: a later step is unknown_flow', async () => {
    const harness = await startSandbox({ integrations: { fixture: definition } });
    await harness.host.call(Msg.FlowInit, start());
    await harness.host.call(Msg.FlowAbort, { flowId: 'flow-1' });
    await expect(
      harness.host.call(Msg.FlowStep, { flowId: 'flow-1', userInput: encodeJson({ host: 'x' }) }),
    ).rejects.toMatchObject({ type: 'unknown_flow' });
  });

  test('a flow kind the integration does not have aborts with not_implemented', async () => {
    const harness = await startSandbox({ integrations: { fixture: definition } });
    const result = flowResultFromWire(
      await harness.host.call(Msg.FlowInit, start({ kind: 'subentry', context: { subentryType: 'zone' } })),
    );
    expect(result).toMatchObject({ type: 'abort', reason: 'not_implemented' });
  });

  test('a step that throws reaches the host as a flow error with its type', async () => {
    const { definition: broken } = integration(() => {}, {
      configFlow: {
        steps: {
          user: () => {
            throw new Error('cloud unreachable');
          },
        },
      },
    });
    const harness = await startSandbox({ integrations: { fixture: broken } });
    await expect(harness.host.call(Msg.FlowInit, start())).rejects.toMatchObject({
      type: 'flow_step_failed',
      message: expect.stringContaining('cloud unreachable'),
    });
  });
});
