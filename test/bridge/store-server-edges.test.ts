/**
 * The group store server at its edges: the errors a sandbox reads for each refusal,
 * the versions a save without one gets, what a group holds, and merging into a
 * restore-state the server has not kept yet (or that is not an object).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RESTORE_STATE_KEY, StoreServer } from '../../src/bridge/store-server.js';
import { decodeJson, encodeJson } from '../../src/wire/json.js';
import { type Harness, harness } from './support.js';

const dirs: string[] = [];
let h: Harness | undefined;

afterEach(async () => {
  await h?.cleanup();
  h = undefined;
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function server(): Promise<{ store: StoreServer; configDir: string }> {
  const configDir = await mkdtemp(join(tmpdir(), 'corral-store-'));
  dirs.push(configDir);
  return { store: new StoreServer({ configDir, group: 'built-in' }), configDir };
}

describe('the group store server at its edges', () => {
  it('merging into a restore-state never kept starts from the states given', async () => {
    const { store } = await server();
    await store.mergeRestoreState({ a: { state: 'on' } });
    expect((await store.load(RESTORE_STATE_KEY))?.data).toEqual({ a: { state: 'on' } });
  });

  it('merging into a restore-state only on disk keeps what the disk holds', async () => {
    const { store, configDir } = await server();
    await store.saveRestoreState({ a: 1 });
    const restarted = new StoreServer({ configDir, group: 'built-in' });
    await restarted.mergeRestoreState({ b: 2 });
    expect((await restarted.load(RESTORE_STATE_KEY))?.data).toEqual({ a: 1, b: 2 });
  });

  it('merging into a restore-state that is not an object replaces it', async () => {
    const { store } = await server();
    await store.saveRestoreState([1, 2]);
    await store.mergeRestoreState({ a: 1 });
    expect((await store.load(RESTORE_STATE_KEY))?.data).toEqual({ a: 1 });
    await store.saveRestoreState('text');
    await store.mergeRestoreState({ b: 1 });
    expect((await store.load(RESTORE_STATE_KEY))?.data).toEqual({ b: 1 });
  });

  it('the kept restore-state answers only loads of its own key', async () => {
    const { store } = await server();
    await store.saveRestoreState({ a: 1 });
    expect(await store.load('acme.devices')).toBeUndefined();
  });

  it('the usage is the count of keys and the sum of their file sizes', async () => {
    const { store } = await server();
    expect(await store.usage()).toEqual({ keys: 0, bytes: 0 });
    await store.save('acme.a', { version: 1, minor_version: 1, data: { x: 1 } });
    await store.save('acme.b', { version: 1, minor_version: 1, data: 'y' });
    const one = JSON.stringify({ version: 1, minor_version: 1, key: 'acme.a', data: { x: 1 } }).length;
    const two = JSON.stringify({ version: 1, minor_version: 1, key: 'acme.b', data: 'y' }).length;
    expect(await store.usage()).toEqual({ keys: 2, bytes: one + two });
  });
});

describe('the store over the wire', () => {
  it('a save with no version is kept as version 1.1', async () => {
    h = await harness();
    await h.sandbox.call('store_save', { key: 'acme.a', data: encodeJson({ x: 1 }) });
    const loaded = await h.sandbox.call('store_load', { key: 'acme.a' });
    expect([loaded.found, loaded.version, loaded.minorVersion]).toEqual([true, 1, 1]);
    expect(decodeJson(loaded.data)).toEqual({ x: 1 });
  });

  it('a save keeps the version and minor version it was given', async () => {
    h = await harness();
    await h.sandbox.call('store_save', { key: 'acme.a', version: 3, minorVersion: 2, data: encodeJson(1) });
    const loaded = await h.sandbox.call('store_load', { key: 'acme.a' });
    expect([loaded.version, loaded.minorVersion]).toEqual([3, 2]);
  });

  it('a value over the limit is refused with its size and the limit', async () => {
    h = await harness({ storePolicy: { maxValueBytes: 10 } });
    await expect(
      h.sandbox.call('store_save', { key: 'acme.a', version: 1, data: encodeJson('x'.repeat(20)) }),
    ).rejects.toMatchObject({
      type: 'store_quota',
      message: expect.stringContaining('the value is 22 bytes, more than the 10-byte limit per key'),
    });
  });

  it('data that is not JSON is refused naming the key', async () => {
    h = await harness();
    await expect(
      h.sandbox.call('store_save', { key: 'acme.bad', version: 1, data: new TextEncoder().encode('{') }),
    ).rejects.toMatchObject({
      type: 'store_error',
      message: expect.stringContaining('data for store key "acme.bad" is not JSON: '),
    });
  });

  it('a save with no data is refused', async () => {
    h = await harness();
    await expect(h.sandbox.call('store_save', { key: 'acme.empty', version: 1 })).rejects.toMatchObject({
      type: 'store_error',
      message: expect.stringContaining('cannot save no data under store key "acme.empty"'),
    });
    expect((await h.sandbox.call('store_load', { key: 'acme.empty' })).found).toBe(false);
  });

  it('a write under "core." is refused saying the host keeps those keys', async () => {
    h = await harness();
    await expect(h.sandbox.call('store_remove', { key: RESTORE_STATE_KEY })).rejects.toMatchObject({
      type: 'invalid_store_key',
      message: expect.stringContaining('keys under "core." are kept by the host'),
    });
  });
});
