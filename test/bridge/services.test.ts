import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { field, form, toFormJson } from '../../src/sdk/schema.js';
import { decodeJson, encodeJson } from '../../src/wire/json.js';
import type { Received } from '../../src/wire/protocol.js';
import { type Harness, harness } from './support.js';

let h: Harness;
let calls: Received<'call_service'>[];
beforeEach(async () => {
  h = await harness();
  calls = [];
  h.sandbox.register('call_service', (request) => {
    calls.push(request);
    return { response: encodeJson({ ok: true }) };
  });
});
afterEach(async () => {
  await h.cleanup();
});

describe('services a sandbox registers', () => {
  it('enforces a schema the host can rebuild exactly, before the sandbox is asked', async () => {
    const schema = toFormJson(form({ level: field.number({ min: 1, max: 10 }) }));
    await h.sandbox.call('register_service', { domain: 'acme', service: 'dim', schema: encodeJson(schema) });
    await expect(h.hub.services.call('acme', 'dim', { level: 99 })).rejects.toMatchObject({
      type: 'validation_error',
    });
    expect(calls).toEqual([]);
    await h.hub.services.call('acme', 'dim', { level: 3 });
    expect(decodeJson(calls[0]!.data)).toEqual({ level: 3 });
  });

  it('keeps a service with an exotic schema, leaving validation to the sandbox', async () => {
    const exotic = { type: 'object', not: { required: ['forbidden'] }, 'x-vendor': true };
    await h.sandbox.call('register_service', { domain: 'acme', service: 'tune', schema: encodeJson(exotic) });
    expect(h.hub.services.has('acme', 'tune')).toBe(true);
    expect(h.hub.services.services('acme')).toEqual([
      { domain: 'acme', service: 'tune', supportsResponse: 'none', schema: exotic },
    ]);
    await h.hub.services.call('acme', 'tune', { anything: [1, 2] });
    expect(decodeJson(calls[0]!.data)).toEqual({ anything: [1, 2] });
  });

  it('keeps a service whose schema is not even JSON', async () => {
    const schema = new TextEncoder().encode('{not json');
    await h.sandbox.call('register_service', { domain: 'acme', service: 'odd', schema });
    await h.hub.services.call('acme', 'odd', { x: 1 });
    expect(calls).toHaveLength(1);
  });

  it('lets the sandbox re-register and unregister its own services', async () => {
    await h.sandbox.call('register_service', { domain: 'acme', service: 'refresh' });
    await h.sandbox.call('register_service', { domain: 'acme', service: 'refresh', supportsResponse: 2 });
    expect(h.hub.services.services('acme')).toMatchObject([{ service: 'refresh', supportsResponse: 'only' }]);
    await h.sandbox.call('unregister_service', { domain: 'acme', service: 'refresh' });
    expect(h.hub.services.has('acme', 'refresh')).toBe(false);
    expect(h.bridge.serviceNames).toEqual([]);
  });

  it('the host work per registration does not grow with the services the group already holds', async () => {
    const n = 900;
    const add = vi.spyOn(Set.prototype, 'add');
    let adds: number;
    try {
      for (let i = 0; i < n; i++)
        await h.sandbox.call('register_service', { domain: 'acme', service: `s${i}` });
      adds = add.mock.calls.length;
    } finally {
      add.mockRestore();
    }
    // A set of the group's services rebuilt per registration would add n²/2 (405,000) members.
    expect(adds).toBeGreaterThanOrEqual(n);
    expect(adds).toBeLessThan(20 * n);
    expect(h.bridge.serviceNames).toHaveLength(n);
    await h.sandbox.call('unregister_service', { domain: 'acme', service: 's0' });
    expect(h.hub.services.has('acme', 's0')).toBe(false);
  });

  it('passes a sandbox error back to the caller', async () => {
    h.sandbox.register('call_service', () => {
      throw new Error('device offline');
    });
    await h.sandbox.call('register_service', { domain: 'acme', service: 'refresh' });
    await expect(h.hub.services.call('acme', 'refresh')).rejects.toThrow('device offline');
  });
});

describe('translations from the sandbox', () => {
  it('asks once per language and serves the cache until the domain is invalidated', async () => {
    const asked: string[][] = [];
    h.sandbox.register('get_translations', ({ language, domains }) => {
      asked.push([language, ...domains]);
      return { strings: encodeJson({ acme: { title: `Acme ${asked.length}` } }) };
    });
    expect(await h.bridge.translations.get('en', ['acme', 'hue'])).toEqual({ acme: { title: 'Acme 1' } });
    expect(await h.bridge.translations.get('en', ['acme'])).toEqual({ acme: { title: 'Acme 1' } });
    expect(await h.bridge.translations.get('de', ['acme'])).toEqual({ acme: { title: 'Acme 2' } });
    h.bridge.translations.invalidate('acme');
    expect(await h.bridge.translations.get('en', ['acme'])).toEqual({ acme: { title: 'Acme 3' } });
    // Only the domains this group runs are asked for.
    expect(asked).toEqual([
      ['en', 'acme'],
      ['de', 'acme'],
      ['en', 'acme'],
    ]);
  });

  it('asks again for a domain the sandbox left out (not loaded there yet)', async () => {
    let loaded = false;
    h.sandbox.register('get_translations', () => ({
      strings: encodeJson(loaded ? { acme: { title: 'Acme' } } : {}),
    }));
    expect(await h.bridge.translations.get('en', ['acme'])).toEqual({});
    loaded = true;
    expect(await h.bridge.translations.get('en', ['acme'])).toEqual({ acme: { title: 'Acme' } });
  });

  it('degrades to no strings when the sandbox does not answer in time, and asks again next time', async () => {
    await h.cleanup();
    h = await harness({ bridgePolicy: { translationTimeoutMs: 50 } });
    let answer = false;
    h.sandbox.register('get_translations', () =>
      answer ? { strings: encodeJson({ acme: { title: 'Acme' } }) } : new Promise<never>(() => {}),
    );
    const started = Date.now();
    expect(await h.bridge.translations.get('en', ['acme'])).toEqual({});
    expect(Date.now() - started).toBeLessThan(2_000);
    answer = true;
    expect(await h.bridge.translations.get('en', ['acme'])).toEqual({ acme: { title: 'Acme' } });
  });
});
