import { describe, expect, test } from 'vitest';
import { decodeJson } from '../../src/wire/json.js';
import { Msg } from '../../src/wire/protocol.js';
import { within } from '../support/async.js';
import { integration, Lamp } from './fixtures.js';
import { registrations, startSandbox } from './harness.js';

const kept = {
  'light:a@entry-1': { state: 'on', attributes: { brightness: 77, supported_color_modes: ['brightness'] } },
  'light:gone@entry-9': { state: 'off', attributes: {} },
};

describe('restore-state in a sandbox', () => {
  test('the restore cache is warm before ready, and a restoring entity gets its last state before registering', async () => {
    const lamp = new Lamp('a', { restoreState: true });
    const { definition } = integration((api) => api.addEntities([lamp]));
    const harness = await startSandbox({
      integrations: { fixture: definition },
      store: { 'core.restore_state': { version: 1, minorVersion: 1, data: kept } },
    });
    expect(harness.sent.map((frame) => frame.type)).toEqual(['store_load', 'ready']);
    await harness.setup();
    expect(lamp.restored).toEqual(kept['light:a@entry-1']);
    const [registration] = registrations(harness);
    expect(registration!.initialState!.state).toBe('on');
    expect(harness.states.get('light:a@entry-1')?.attributes).toMatchObject({ brightness: 77 });
  });

  test('an entity that does not restore state gets nothing back', async () => {
    const lamp = new Lamp('a');
    const { definition } = integration((api) => api.addEntities([lamp]));
    const harness = await startSandbox({
      integrations: { fixture: definition },
      store: { 'core.restore_state': { version: 1, minorVersion: 1, data: kept } },
    });
    await harness.setup();
    expect(lamp.restored).toBeNull();
    expect(harness.states.get('light:a@entry-1')?.state).toBe('off');
  });

  test('shutdown unloads every entry and replies with the restore-state of every restoring entity', async () => {
    const unloaded: string[] = [];
    const a = new Lamp('a', { restoreState: true });
    const b = new Lamp('b');
    const { definition } = integration((api) => api.addEntities([a, b]), {
      unloadEntry: (api) => void unloaded.push(api.entry.entryId),
    });
    const harness = await startSandbox({
      integrations: { fixture: definition },
      store: { 'core.restore_state': { version: 1, minorVersion: 1, data: kept } },
    });
    await harness.setup();
    await harness.callService('light', 'turn_on', {
      entityIds: ['light:a@entry-1'],
      data: { brightness: 10 },
    });
    const reply = await harness.host.call(Msg.Shutdown, { reason: 'stop' });
    expect(unloaded).toEqual(['entry-1']);
    expect(decodeJson(reply.restoreState)).toEqual({
      'light:a@entry-1': {
        state: 'on',
        attributes: expect.objectContaining({ brightness: 10, supported_color_modes: ['brightness'] }),
      },
      // Not set up this run: kept for when its entry comes back.
      'light:gone@entry-9': { state: 'off', attributes: {} },
    });
    expect(await within(2_000, harness.exited, 'exit')).toBe(0);
  });

  test('an entity that went unavailable keeps its last real state', async () => {
    const lamp = new Lamp('a', { restoreState: true });
    const { definition } = integration((api) => api.addEntities([lamp]));
    const harness = await startSandbox({
      integrations: { fixture: definition },
      store: { 'core.restore_state': { version: 1, minorVersion: 1, data: kept } },
    });
    await harness.setup();
    lamp.available = false;
    lamp.writeState();
    const reply = await harness.host.call(Msg.Shutdown, { reason: 'stop' });
    expect(decodeJson<Record<string, unknown>>(reply.restoreState)?.['light:a@entry-1']).toEqual(
      kept['light:a@entry-1'],
    );
  });

  test('an entity its integration removed is forgotten', async () => {
    const lamp = new Lamp('a', { restoreState: true });
    const { definition, captured } = integration((api) => api.addEntities([lamp]));
    const harness = await startSandbox({
      integrations: { fixture: definition },
      store: { 'core.restore_state': { version: 1, minorVersion: 1, data: kept } },
    });
    await harness.setup();
    await captured.api!.removeEntity('a', 'light');
    const reply = await harness.host.call(Msg.Shutdown, { reason: 'stop' });
    expect(decodeJson(reply.restoreState)).not.toHaveProperty(['light:a@entry-1']);
  });

  test('a malformed restore-state from the host is skipped entry by entry', async () => {
    const lamp = new Lamp('a', { restoreState: true });
    const { definition } = integration((api) => api.addEntities([lamp]));
    const harness = await startSandbox({
      integrations: { fixture: definition },
      store: {
        'core.restore_state': {
          version: 1,
          minorVersion: 1,
          data: { 'light:a@entry-1': { state: 5 }, 'light:b@entry-1': 'on' },
        },
      },
    });
    expect(await harness.setup()).toMatchObject({ loaded: true });
    expect(lamp.restored).toBeNull();
  });
});
