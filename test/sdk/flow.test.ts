import { describe, expect, test, vi } from 'vitest';
import { FlowError } from '../../src/errors.js';
import { type FlowDefinition, FlowRunner } from '../../src/sdk/flow.js';
import { field, form, toFormJson } from '../../src/sdk/schema.js';
import { configEntry, flowContext } from './fixtures.js';

const connection = form({
  host: field.text(),
  port: field.number({ min: 1, max: 65535 }).default(80),
});

describe('FlowRunner forms', () => {
  const userStep = vi.fn();
  const definition: FlowDefinition = {
    version: 2,
    minorVersion: 3,
    steps: {
      user: (flow, input) => {
        userStep(input);
        if (input === undefined) return flow.showForm({ stepId: 'user', schema: connection, lastStep: true });
        flow.setUniqueId(`host-${String(input.host)}`);
        return flow.createEntry({ title: String(input.host), data: input, options: { poll: 30 } });
      },
    },
  };

  test('a form, invalid input re-showing it with errors, then valid input creating the entry', async () => {
    userStep.mockClear();
    const runner = new FlowRunner(definition, flowContext());
    const first = await runner.init();
    expect(first).toEqual({
      type: 'form',
      flowId: 'flow-1',
      stepId: 'user',
      schema: toFormJson(connection),
      errors: {},
      descriptionPlaceholders: {},
      lastStep: true,
      uniqueId: null,
    });

    const again = await runner.step({ port: 0 });
    expect(again.type).toBe('form');
    if (again.type === 'form') {
      expect(Object.keys(again.errors)).toEqual(['host', 'port']);
      expect(again.schema).toEqual(first.type === 'form' ? first.schema : null);
    }
    expect(userStep).toHaveBeenCalledTimes(1);

    const done = await runner.step({ host: 'hub.local' });
    expect(done).toEqual({
      type: 'create_entry',
      flowId: 'flow-1',
      title: 'hub.local',
      data: { host: 'hub.local', port: 80 },
      options: { poll: 30 },
      version: 2,
      minorVersion: 3,
      uniqueId: 'host-hub.local',
      subentries: [],
    });
    expect(runner.done).toBe(true);
    await expect(runner.step({})).rejects.toMatchObject({ type: 'flow_finished' });
  });

  test('version and minor version default to 1, subentries carried with null unique ids', async () => {
    const runner = new FlowRunner(
      {
        steps: {
          user: (flow) =>
            flow.createEntry({
              title: 't',
              data: {},
              subentries: [{ subentryType: 'zone', title: 'Z', data: { a: 1 } }],
            }),
        },
      },
      flowContext(),
    );
    expect(await runner.init()).toMatchObject({
      version: 1,
      minorVersion: 1,
      options: {},
      subentries: [{ subentryType: 'zone', title: 'Z', uniqueId: null, data: { a: 1 } }],
    });
  });

  test('a form without a schema passes the submitted object through', async () => {
    const seen: unknown[] = [];
    const runner = new FlowRunner(
      {
        steps: {
          user: (flow, input) => {
            seen.push(input);
            return input === undefined ? flow.showForm({ stepId: 'user' }) : flow.abort('done');
          },
        },
      },
      flowContext(),
    );
    expect(await runner.init()).toMatchObject({ type: 'form', schema: null });
    await runner.step(undefined);
    expect(seen).toEqual([undefined, {}]);
  });
});

describe('FlowRunner menus', () => {
  const discoverInputs: unknown[] = [];
  const definition: FlowDefinition = {
    steps: {
      user: (flow) =>
        flow.showMenu({
          stepId: 'user',
          options: { manual: 'Enter manually', discover: 'Search the network' },
        }),
      manual: (flow) => flow.showForm({ stepId: 'manual', schema: connection }),
      discover: (flow, input) => {
        discoverInputs.push(input);
        return flow.abort('no_devices_found', { count: '0' });
      },
    },
  };

  test('a menu keeps its labels and their order', async () => {
    const result = await new FlowRunner(definition, flowContext()).init();
    expect(result).toEqual({
      type: 'menu',
      flowId: 'flow-1',
      stepId: 'user',
      menuOptions: [
        { id: 'manual', label: 'Enter manually' },
        { id: 'discover', label: 'Search the network' },
      ],
      sortMenu: false,
      descriptionPlaceholders: {},
      uniqueId: null,
    });
  });

  test('a plain list of options is labelled by id', async () => {
    const runner = new FlowRunner(
      {
        steps: {
          user: (flow) => flow.showMenu({ stepId: 'user', options: ['b', 'a'], sortMenu: true }),
          a: (f) => f.abort('a'),
          b: (f) => f.abort('b'),
        },
      },
      flowContext(),
    );
    expect(await runner.init()).toMatchObject({
      menuOptions: [
        { id: 'b', label: 'b' },
        { id: 'a', label: 'a' },
      ],
      sortMenu: true,
    });
  });

  test('next_step_id runs the chosen step with no input', async () => {
    const runner = new FlowRunner(definition, flowContext());
    await runner.init();
    expect(await runner.step({ next_step_id: 'discover' })).toEqual({
      type: 'abort',
      flowId: 'flow-1',
      reason: 'no_devices_found',
      descriptionPlaceholders: { count: '0' },
      uniqueId: null,
    });
    expect(discoverInputs).toEqual([undefined]);
    expect(runner.done).toBe(true);
  });

  test('an option not in the menu, or anything but next_step_id, is a FlowError', async () => {
    const runner = new FlowRunner(definition, flowContext());
    await runner.init();
    for (const input of [{ next_step_id: 'user' }, { next_step_id: 'nope' }, { host: 'x' }, undefined]) {
      await expect(runner.step(input)).rejects.toMatchObject({ type: 'flow_invalid_input', stepId: 'user' });
    }
    expect(await runner.step({ next_step_id: 'manual' })).toMatchObject({ type: 'form', stepId: 'manual' });
  });

  test('a menu offering a step that does not exist fails when shown', async () => {
    const runner = new FlowRunner(
      { steps: { user: (flow) => flow.showMenu({ stepId: 'user', options: ['ghost'] }) } },
      flowContext(),
    );
    await expect(runner.init()).rejects.toMatchObject({ type: 'flow_unknown_step' });
  });
});

describe('FlowRunner sources, unique ids and failures', () => {
  test('the unique id rides every result after it is set', async () => {
    const runner = new FlowRunner(
      {
        steps: {
          user: (flow) => {
            flow.setUniqueId('serial-42');
            return flow.showForm({ stepId: 'confirm', schema: form({ ok: field.boolean() }) });
          },
          confirm: (flow) => flow.abort(flow.uniqueId ?? 'none'),
        },
      },
      flowContext(),
    );
    expect(await runner.init()).toMatchObject({ type: 'form', uniqueId: 'serial-42' });
    expect(await runner.step({ ok: 'yes' })).toMatchObject({
      type: 'form',
      uniqueId: 'serial-42',
      errors: { ok: expect.any(String) },
    });
    expect(await runner.step({ ok: true })).toMatchObject({
      type: 'abort',
      reason: 'serial-42',
      uniqueId: 'serial-42',
    });
  });

  test('a reauth flow starts at its reauth step and sees its entry', async () => {
    const entry = configEntry({ data: { host: 'old.local', token: 'expired' } });
    const runner = new FlowRunner(
      {
        steps: {
          user: (flow) => flow.abort('wrong_step'),
          reauth: (flow) =>
            flow.showForm({
              stepId: 'reauth',
              schema: form({ token: field.password() }),
              descriptionPlaceholders: { host: String(flow.context.entry?.data.host) },
            }),
        },
      },
      flowContext({ source: 'reauth', entry }),
    );
    expect(await runner.init()).toMatchObject({
      stepId: 'reauth',
      descriptionPlaceholders: { host: 'old.local' },
    });
  });

  test('a discovery source runs the step of that name with the discovery data', async () => {
    const runner = new FlowRunner(
      { steps: { zeroconf: (flow, input) => flow.abort('seen', { name: String(input?.name) }) } },
      flowContext({ source: 'zeroconf', initData: { name: 'hub' } }),
    );
    expect(await runner.init()).toMatchObject({ reason: 'seen', descriptionPlaceholders: { name: 'hub' } });
  });

  test('an options flow starts at init', async () => {
    const runner = new FlowRunner(
      { steps: { init: (flow) => flow.createEntry({ title: '', data: { poll: 10 } }) } },
      flowContext({ kind: 'options', entry: configEntry() }),
    );
    expect(await runner.init()).toMatchObject({ type: 'create_entry', data: { poll: 10 } });
  });

  test('a source without a step aborts with not_implemented', async () => {
    const runner = new FlowRunner(
      { steps: { user: (flow) => flow.abort('x') } },
      flowContext({ source: 'dhcp' }),
    );
    expect(await runner.init()).toMatchObject({ type: 'abort', reason: 'not_implemented' });
    expect(runner.done).toBe(true);
  });

  test('a throwing step is a FlowError carrying the step id and the cause', async () => {
    const boom = new Error('device refused');
    const runner = new FlowRunner(
      {
        steps: {
          user: (flow, input) => {
            if (input === undefined) return flow.showForm({ stepId: 'user', schema: connection });
            throw boom;
          },
        },
      },
      flowContext(),
    );
    await runner.init();
    const error = await runner.step({ host: 'h' }).catch((e) => e);
    expect(error).toBeInstanceOf(FlowError);
    expect(error).toMatchObject({ type: 'flow_step_failed', stepId: 'user', flowId: 'flow-1', cause: boom });
    expect(runner.done).toBe(false);
    expect(runner.stepId).toBe('user');
  });

  test('a step returning something other than an outcome is a FlowError', async () => {
    const runner = new FlowRunner(
      { steps: { user: () => ({ type: 'create_entry' }) as never } },
      flowContext(),
    );
    await expect(runner.init()).rejects.toMatchObject({ type: 'flow_invalid_outcome', stepId: 'user' });
  });

  test('an aborted runner takes no more input', async () => {
    const runner = new FlowRunner(
      { steps: { user: (flow) => flow.showForm({ stepId: 'user', schema: connection }) } },
      flowContext(),
    );
    await runner.init();
    runner.abort();
    expect(runner.done).toBe(true);
    await expect(runner.step({ host: 'h' })).rejects.toMatchObject({ type: 'flow_finished' });
  });
});
