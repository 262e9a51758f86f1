import { describe, expect, test } from 'vitest';
import { EntryNotReadyError } from '../../src/errors.js';
import { entryToWire } from '../../src/wire/messages.js';
import { Msg } from '../../src/wire/protocol.js';
import { gate } from '../support/async.js';
import { integration, Lamp } from './fixtures.js';
import { configEntry, registrations, startSandbox } from './harness.js';

describe('entry setup in a sandbox', () => {
  test("setup registers the entry's entities and services on the host, then reports loaded", async () => {
    const { definition } = integration(async (api) => {
      api.registerService('refresh', () => undefined);
      await api.addEntities([new Lamp('a'), new Lamp('b')]);
    });
    const harness = await startSandbox({ integrations: { fixture: definition } });
    expect(await harness.setup()).toMatchObject({ loaded: true, retry: false });
    expect([...harness.proxies.keys()].sort()).toEqual(['light:a@entry-1', 'light:b@entry-1']);
    expect(harness.proxies.get('light:a@entry-1')).toMatchObject({
      entryId: 'entry-1',
      domain: 'light',
      uniqueId: 'a',
      identity: expect.objectContaining({ name: 'Lamp a' }),
      initialState: expect.objectContaining({ state: 'off' }),
    });
    expect([...harness.services]).toEqual(['fixture.refresh']);
  });

  test('the api gives the entry and host config the host sent', async () => {
    const { definition, captured } = integration(() => {});
    const harness = await startSandbox({ integrations: { fixture: definition } });
    await harness.setup({ title: 'Upstairs', data: { port: 8080 } });
    expect(captured.api?.entry).toMatchObject({
      entryId: 'entry-1',
      title: 'Upstairs',
      data: { port: 8080 },
    });
    expect(captured.api?.hostConfig).toMatchObject({ timeZone: 'Europe/Amsterdam', language: 'en' });
  });

  test('entry_update makes the api return the new copy of the entry', async () => {
    const { definition, captured } = integration(() => {});
    const harness = await startSandbox({ integrations: { fixture: definition } });
    await harness.setup();
    await harness.host.call(Msg.EntryUpdate, {
      entry: entryToWire(configEntry({ options: { fast: true } })),
    });
    expect(captured.api?.entry.options).toEqual({ fast: true });
  });

  test('a failed setup leaves nothing behind, so a second setup of the entry succeeds', async () => {
    const cleaned: string[] = [];
    let attempt = 0;
    const { definition } = integration(async (api) => {
      attempt++;
      api.onUnload(() => void cleaned.push(`cleanup ${attempt}`));
      api.registerService('refresh', () => undefined);
      await api.addEntities([new Lamp('a')]);
      if (attempt === 1) throw new Error('device answered garbage');
    });
    const harness = await startSandbox({ integrations: { fixture: definition } });
    expect(await harness.setup()).toMatchObject({
      loaded: false,
      retry: false,
      reason: 'device answered garbage',
    });
    expect(cleaned).toEqual(['cleanup 1']);
    expect(harness.proxies.size).toBe(0);
    expect(harness.services.size).toBe(0);

    expect(await harness.setup()).toMatchObject({ loaded: true });
    expect([...harness.proxies.keys()]).toEqual(['light:a@entry-1']);
    expect([...harness.services]).toEqual(['fixture.refresh']);
  });

  test('a setup that returns false fails the same way', async () => {
    const { definition } = integration(() => false);
    const harness = await startSandbox({ integrations: { fixture: definition } });
    expect(await harness.setup()).toMatchObject({
      loaded: false,
      retry: false,
      reason: 'fixture setup returned false',
    });
  });

  test('entry_not_ready from setup asks the host to retry', async () => {
    const { definition } = integration(() => {
      throw new EntryNotReadyError('the bridge is rebooting');
    });
    const harness = await startSandbox({ integrations: { fixture: definition } });
    expect(await harness.setup()).toEqual(
      expect.objectContaining({ loaded: false, retry: true, reason: 'the bridge is rebooting' }),
    );
  });

  test('an entry_not_ready of another SDK copy (same type, other class) also retries', async () => {
    const { definition } = integration(() => {
      throw Object.assign(new Error('later'), { type: 'entry_not_ready' });
    });
    const harness = await startSandbox({ integrations: { fixture: definition } });
    expect(await harness.setup()).toMatchObject({ loaded: false, retry: true });
  });

  test('setting up an entry that is already loaded is an error frame', async () => {
    const { definition } = integration(() => {});
    const harness = await startSandbox({ integrations: { fixture: definition } });
    await harness.setup();
    await expect(harness.setup()).rejects.toMatchObject({ type: 'entry_already_loaded' });
  });

  test('a second setup while the first is still running is refused too', async () => {
    const release = gate();
    const { definition } = integration(() => release.promise);
    const harness = await startSandbox({ integrations: { fixture: definition } });
    const first = harness.setup();
    await expect(harness.setup()).rejects.toMatchObject({ type: 'entry_already_loaded' });
    release.open();
    await expect(first).resolves.toMatchObject({ loaded: true });
  });

  test('a service the host refuses during setup fails the setup and is not left registered', async () => {
    const { definition } = integration((api) => {
      api.registerService('hijack', () => undefined);
    });
    const harness = await startSandbox({
      integrations: { fixture: definition },
      configure: (h) =>
        h.host.register('register_service', () => Promise.reject(new Error('domain not owned'))),
    });
    expect(await harness.setup()).toMatchObject({ loaded: false, reason: 'domain not owned' });
    expect(harness.of('unregister_service')).toEqual([]);
  });

  test('an integration that cannot be loaded fails setup with the reason', async () => {
    const harness = await startSandbox();
    expect(await harness.setup({ domain: 'missing' }, { domain: 'missing' })).toMatchObject({
      loaded: false,
      retry: false,
      reason: expect.stringContaining('no directory for integration "missing"'),
    });
  });
});

describe('entry unload in a sandbox', () => {
  test("unload runs the integration's unload, its onUnload callbacks newest first, and unregisters its services", async () => {
    const order: string[] = [];
    const { definition } = integration(
      async (api) => {
        api.onUnload(() => void order.push('first registered'));
        api.onUnload(() => void order.push('second registered'));
        api.registerService('refresh', () => undefined);
        await api.addEntities([new Lamp('a')]);
      },
      { unloadEntry: () => void order.push('unloadEntry') },
    );
    const harness = await startSandbox({ integrations: { fixture: definition } });
    await harness.setup();
    expect(await harness.host.call(Msg.EntryUnload, { entryId: 'entry-1' })).toMatchObject({
      unloaded: true,
    });
    expect(order).toEqual(['unloadEntry', 'second registered', 'first registered']);
    expect(harness.services.size).toBe(0);
    // The host releases its side of an unloaded entry itself; the sandbox only lets go.
    expect(harness.of('unregister_entity')).toEqual([]);
    // Unloaded means gone here: the same entry sets up again.
    expect(await harness.setup()).toMatchObject({ loaded: true });
  });

  test("an unloaded entry's api refuses further use, as in-process, and sends nothing", async () => {
    const { definition, captured } = integration(() => {});
    const harness = await startSandbox({ integrations: { fixture: definition } });
    await harness.setup();
    await harness.host.call(Msg.EntryUnload, { entryId: 'entry-1' });
    const api = captured.api!;
    expect(() => api.fireEvent('fixture_late')).toThrow(expect.objectContaining({ type: 'entry_unloaded' }));
    expect(() => api.registerService('late', () => undefined)).toThrow(
      expect.objectContaining({ type: 'entry_unloaded' }),
    );
    await expect(api.addEntities([new Lamp('late')])).rejects.toMatchObject({ type: 'entry_unloaded' });
    expect(harness.sent.map((frame) => frame.type)).not.toContain('fire_event');
    expect(harness.of('register_service')).toEqual([]);
    expect(registrations(harness)).toEqual([]);
  });

  test('an integration that refuses to unload stays loaded', async () => {
    const { definition } = integration(() => {}, { unloadEntry: () => false });
    const harness = await startSandbox({ integrations: { fixture: definition } });
    await harness.setup();
    expect(await harness.host.call(Msg.EntryUnload, { entryId: 'entry-1' })).toMatchObject({
      unloaded: false,
    });
    await expect(harness.setup()).rejects.toMatchObject({ type: 'entry_already_loaded' });
  });
});
