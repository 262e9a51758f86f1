import { describe, expect, test } from 'vitest';
import { CorralError } from '../../src/errors.js';
import { Msg } from '../../src/wire/protocol.js';
import { integration } from './fixtures.js';
import { startSandbox } from './harness.js';

describe('integration storage through the host', () => {
  test('save, load and remove go to the host under <domain>.<key> with the store version', async () => {
    const { definition, captured } = integration(() => {});
    const harness = await startSandbox({ integrations: { fixture: definition } });
    await harness.setup();
    const store = captured.api!.store<{ count: number }>('counts', { version: 2, minorVersion: 3 });
    await store.save({ count: 1 });
    expect(harness.store.get('fixture.counts')).toEqual({ version: 2, minorVersion: 3, data: { count: 1 } });
    expect(await store.load()).toEqual({ count: 1 });
    await store.remove();
    expect(harness.store.has('fixture.counts')).toBe(false);
    expect(await store.load()).toBeUndefined();
  });

  test('a load during setup is answered (a nested call from inside the setup handler)', async () => {
    let loaded: unknown;
    const { definition } = integration(async (api) => {
      loaded = await api.store('counts', { version: 1 }).load();
    });
    const harness = await startSandbox({
      integrations: { fixture: definition },
      store: { 'fixture.counts': { version: 1, minorVersion: 1, data: { count: 7 } } },
    });
    expect(await harness.setup()).toMatchObject({ loaded: true });
    expect(loaded).toEqual({ count: 7 });
  });

  test('data of an older version is migrated on load and written back at the current version', async () => {
    const migrations: unknown[] = [];
    const { definition, captured } = integration(() => {});
    const harness = await startSandbox({
      integrations: { fixture: definition },
      store: { 'fixture.counts': { version: 1, minorVersion: 1, data: { n: 4 } } },
    });
    await harness.setup();
    const store = captured.api!.store<{ count: number }>('counts', {
      version: 2,
      migrate: (version, minor, data) => {
        migrations.push([version, minor, data]);
        return { count: (data as { n: number }).n };
      },
    });
    expect(await store.load()).toEqual({ count: 4 });
    expect(migrations).toEqual([[1, 1, { n: 4 }]]);
    expect(harness.store.get('fixture.counts')).toEqual({ version: 2, minorVersion: 1, data: { count: 4 } });
  });

  test('data of a newer major version is refused, not overwritten', async () => {
    const { definition, captured } = integration(() => {});
    const harness = await startSandbox({
      integrations: { fixture: definition },
      store: { 'fixture.counts': { version: 3, minorVersion: 1, data: { future: true } } },
    });
    await harness.setup();
    const store = captured.api!.store('counts', { version: 2 });
    await expect(store.load()).rejects.toMatchObject({ type: 'store_version' });
    await expect(store.save({ past: true })).rejects.toMatchObject({ type: 'store_version' });
    expect(harness.store.get('fixture.counts')?.data).toEqual({ future: true });
  });

  test('a save the host refuses rejects with the host error type; the stored data stays', async () => {
    const { definition, captured } = integration(() => {});
    const harness = await startSandbox({
      integrations: { fixture: definition },
      store: { 'fixture.counts': { version: 1, minorVersion: 1, data: { count: 1 } } },
      configure: (h) =>
        h.host.register('store_save', () => {
          throw new CorralError('store_quota', 'group store is over its 32 MiB quota');
        }),
    });
    await harness.setup();
    const store = captured.api!.store<{ count: number }>('counts', { version: 1 });
    await expect(store.save({ count: 2 })).rejects.toMatchObject({
      type: 'store_quota',
      message: 'group store is over its 32 MiB quota',
    });
    expect(await store.load()).toEqual({ count: 1 });
  });

  test('a delayed save is written once, with the latest data, after its delay', async () => {
    const { definition, captured } = integration(() => {});
    const harness = await startSandbox({ integrations: { fixture: definition }, delaySaveMs: 20 });
    await harness.setup();
    const store = captured.api!.store<{ count: number }>('counts', { version: 1 });
    store.delaySave(() => ({ count: 1 }));
    store.delaySave(() => ({ count: 2 }));
    expect(await store.load()).toEqual({ count: 2 });
    expect(harness.store.has('fixture.counts')).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(harness.of('store_save')).toHaveLength(1);
    expect(harness.store.get('fixture.counts')?.data).toEqual({ count: 2 });
  });

  test('a pending delayed save is flushed to the host before the shutdown reply', async () => {
    const { definition, captured } = integration(() => {});
    const harness = await startSandbox({ integrations: { fixture: definition }, delaySaveMs: 60_000 });
    await harness.setup();
    captured.api!.store('counts', { version: 1 }).delaySave(() => ({ count: 9 }));
    expect(harness.store.has('fixture.counts')).toBe(false);
    await harness.host.call(Msg.Shutdown, { reason: 'stop' });
    expect(harness.store.get('fixture.counts')?.data).toEqual({ count: 9 });
  });

  test('a pending delayed save is flushed before an unload reply', async () => {
    const { definition, captured } = integration(() => {});
    const harness = await startSandbox({ integrations: { fixture: definition }, delaySaveMs: 60_000 });
    await harness.setup();
    captured.api!.store('counts', { version: 1 }).delaySave(() => ({ count: 3 }));
    await harness.host.call(Msg.EntryUnload, { entryId: 'entry-1' });
    expect(harness.store.get('fixture.counts')?.data).toEqual({ count: 3 });
  });

  test('a store key that could escape the store directory is refused before anything is sent', async () => {
    const { definition, captured } = integration(() => {});
    const harness = await startSandbox({ integrations: { fixture: definition } });
    await harness.setup();
    expect(() => captured.api!.store('../escape', { version: 1 })).toThrow(
      expect.objectContaining({ type: 'invalid_store_key' }),
    );
    expect(harness.of('store_save')).toEqual([]);
  });
});
