import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RESTORE_STATE_KEY, StoreServer } from '../../src/bridge/store-server.js';
import { decodeJson, encodeJson } from '../../src/wire/json.js';
import { type Harness, type HarnessOptions, harness } from './support.js';

let h: Harness;
const start = async (options?: HarnessOptions) => {
  h = await harness(options);
  return h;
};
afterEach(async () => {
  await h.cleanup();
});

const save = (key: string, data: unknown) =>
  h.sandbox.call('store_save', { key, version: 1, minorVersion: 1, data: encodeJson(data) });

describe('the group store server', () => {
  it('keeps what a sandbox saves in the group directory and hands it back', async () => {
    await start();
    await save('acme.tokens', { token: 'abc', expires: 3600, ratio: 0.5 });
    const loaded = await h.sandbox.call('store_load', { key: 'acme.tokens' });
    expect(loaded).toMatchObject({ found: true, version: 1, minorVersion: 1 });
    expect(decodeJson(loaded.data)).toEqual({ token: 'abc', expires: 3600, ratio: 0.5 });
    expect(await readdir(join(h.configDir, '.storage', 'sandbox', 'built-in'))).toContain('acme.tokens');
    await h.sandbox.call('store_remove', { key: 'acme.tokens' });
    expect((await h.sandbox.call('store_load', { key: 'acme.tokens' })).found).toBe(false);
  });

  it('refuses a key that could leave the group directory before touching the disk (validateStoreKey)', async () => {
    await start();
    for (const key of ['../x', '../../.storage/core.config_entries', 'a/b', '.hidden']) {
      await expect(save(key, { pwned: true })).rejects.toMatchObject({ type: 'invalid_store_key' });
      await expect(h.sandbox.call('store_load', { key })).rejects.toMatchObject({
        type: 'invalid_store_key',
      });
    }
    expect(existsSync(h.store.dir)).toBe(false);
    expect(existsSync(join(h.configDir, '.storage', 'sandbox', 'x'))).toBe(false);
  });

  it('refuses a key longer than the policy allows (validateStoreKey)', async () => {
    await start({ storePolicy: { maxKeyLength: 32 } });
    await expect(save(`acme.${'k'.repeat(40)}`, 1)).rejects.toMatchObject({ type: 'invalid_store_key' });
    expect(existsSync(h.store.dir)).toBe(false);
  });

  it('refuses an oversized value and writes nothing (exceedsValueLimit)', async () => {
    await start();
    const big = 'x'.repeat(4 * 1024 * 1024);
    await expect(save('acme.big', big)).rejects.toMatchObject({ type: 'store_quota' });
    expect(await h.store.usage()).toEqual({ keys: 0, bytes: 0 });
    expect(existsSync(join(h.store.dir, 'acme.big'))).toBe(false);
  });

  it('refuses a new key past the group key quota, still letting existing keys change (storeQuotaProblem)', async () => {
    await start({ storePolicy: { maxGroupKeys: 3 } });
    for (const key of ['acme.a', 'acme.b', 'acme.c']) await save(key, { n: 1 });
    const refused = save('acme.d', { n: 1 });
    await expect(refused).rejects.toMatchObject({ type: 'store_quota' });
    await expect(refused).rejects.toThrow(/nothing was written/);
    expect(existsSync(join(h.store.dir, 'acme.d'))).toBe(false);
    await save('acme.a', { n: 2 });
    expect((await h.store.usage()).keys).toBe(3);
  });

  it('refuses a write past the group byte quota and keeps the previous value (storeQuotaProblem)', async () => {
    await start({ storePolicy: { maxGroupBytes: 2_000 } });
    await save('acme.one', 'a'.repeat(900));
    await save('acme.two', 'b'.repeat(900));
    await expect(save('acme.three', 'c'.repeat(300))).rejects.toMatchObject({ type: 'store_quota' });
    await expect(save('acme.one', 'a'.repeat(1_200))).rejects.toMatchObject({ type: 'store_quota' });
    expect(existsSync(join(h.store.dir, 'acme.three'))).toBe(false);
    expect(decodeJson((await h.sandbox.call('store_load', { key: 'acme.one' })).data)).toBe('a'.repeat(900));
    expect((await h.store.usage()).bytes).toBeLessThanOrEqual(2_000);
  });

  it('counts what is already on disk against the quota after a restart', async () => {
    await start({ storePolicy: { maxGroupKeys: 2 } });
    await save('acme.a', 1);
    await save('acme.b', 2);
    const again = new StoreServer({ configDir: h.configDir, group: 'built-in', policy: { maxGroupKeys: 2 } });
    await expect(again.save('acme.c', { version: 1, minor_version: 1, data: 3 })).rejects.toMatchObject({
      type: 'store_quota',
    });
  });

  it('lets the sandbox read its restore-state but never write it (sandboxMayWriteKey)', async () => {
    await start();
    await h.store.saveRestoreState({ 'light.kitchen': { state: 'on' } });
    await expect(save(RESTORE_STATE_KEY, { forged: true })).rejects.toMatchObject({
      type: 'invalid_store_key',
    });
    await expect(h.sandbox.call('store_remove', { key: RESTORE_STATE_KEY })).rejects.toMatchObject({
      type: 'invalid_store_key',
    });
    const loaded = await h.sandbox.call('store_load', { key: RESTORE_STATE_KEY });
    expect(decodeJson(loaded.data)).toEqual({ 'light.kitchen': { state: 'on' } });
  });

  it('refuses data that is not JSON with a clear error', async () => {
    await start();
    const bad = h.sandbox.call('store_save', {
      key: 'acme.bad',
      version: 1,
      data: new TextEncoder().encode('{'),
    });
    await expect(bad).rejects.toMatchObject({ type: 'store_error' });
  });
});

describe('settled', () => {
  it('resolves only once every write accepted before it has reached the disk', async () => {
    await start();
    const keys = Array.from({ length: 20 }, (_, i) => `acme.key_${i}`);
    const writes = keys.map((key, i) => h.store.save(key, { version: 1, minor_version: 1, data: { i } }));
    await h.store.settled();
    const dir = join(h.configDir, '.storage', 'sandbox', 'built-in');
    expect((await readdir(dir)).filter((f) => f.startsWith('acme.key_')).sort()).toEqual([...keys].sort());
    await Promise.all(writes);
  });

  it('resolves after a failed write too, without rethrowing it', async () => {
    await start();
    const refused = h.store.save('core.config_entries', { version: 1, minor_version: 1, data: {} });
    await expect(refused).rejects.toMatchObject({ type: 'invalid_store_key' });
    await expect(h.store.settled()).resolves.toBeUndefined();
  });

  it('folds merged states into the kept restore-state and serves them before the write reaches the disk', async () => {
    await start();
    await h.store.saveRestoreState({ a: { state: 'on' } });
    const merging = h.store.mergeRestoreState({ b: { state: 'off' } });
    // Asked at once, as a warm spare claimed right after a crash asks: both states, nothing lost.
    const loaded = await h.sandbox.call('store_load', { key: RESTORE_STATE_KEY });
    expect(decodeJson(loaded.data)).toEqual({ a: { state: 'on' }, b: { state: 'off' } });
    await merging;
    const fresh = new StoreServer({ configDir: h.configDir, group: 'built-in' });
    expect((await fresh.load(RESTORE_STATE_KEY))?.data).toEqual({ a: { state: 'on' }, b: { state: 'off' } });
  });

  it('forgets a kept restore-state whose write was refused, and serves what is on disk', async () => {
    await start({ storePolicy: { maxValueBytes: 64 } });
    await h.store.saveRestoreState({ a: 1 });
    await expect(h.store.mergeRestoreState({ big: 'x'.repeat(200) })).rejects.toMatchObject({
      type: 'store_quota',
    });
    expect((await h.store.load(RESTORE_STATE_KEY))?.data).toEqual({ a: 1 });
  });
});
