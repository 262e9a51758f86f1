/** `corral watch`: state changes streamed from a running hub's HA WebSocket API. */

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type ApiServer, startApiServer } from '../../../src/api/server.js';
import { applyCompactEvent, formatChange, WatchAuthError, watchStates } from '../../../src/cli/watch.js';
import { createHub, type Hub } from '../../../src/host/hub.js';
import { InspectorCollector } from '../../../src/inspector/collector.js';

const TOKEN = '5eed'.repeat(16);
let dir: string;
let hub: Hub;
let api: ApiServer;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'corral-watch-'));
  hub = await createHub({ configDir: dir });
  await hub.start();
  hub.states.set('light.porch', 'off', {});
  hub.states.set('sensor.rain', '0', { unit: 'mm' });
  api = await startApiServer({ hub, collector: new InspectorCollector(), port: 0, token: TOKEN });
});

afterAll(async () => {
  await api?.close();
  await hub?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

function watching(domains: string[] = [], json = false) {
  const lines: string[] = [];
  const notes: string[] = [];
  const controller = new AbortController();
  const done = watchStates({
    url: api.url,
    token: async () => TOKEN,
    domains,
    json,
    print: (line) => lines.push(line),
    note: (line) => notes.push(line),
    signal: controller.signal,
    retryMs: 50,
  });
  return { lines, notes, done, stop: () => controller.abort() };
}

describe('corral watch', () => {
  test('prints every entity once connected, then each change as old -> new with the attributes that changed', async () => {
    const watch = watching();
    await expect.poll(() => watch.lines.length).toBe(2);
    expect(watch.lines.join('\n')).toMatch(/light\.porch {2}off/);
    hub.states.set('light.porch', 'on', { brightness: 90 });
    await expect.poll(() => watch.lines.at(-1)).toMatch(/light\.porch {2}off -> on {2}brightness=90$/);
    watch.stop();
    await watch.done;
  });

  test('--domain keeps only the entities of that domain', async () => {
    const watch = watching(['sensor'], true);
    await expect.poll(() => watch.lines.length).toBe(1);
    hub.states.set('light.porch', 'off', {});
    hub.states.set('sensor.rain', '2', { unit: 'mm' });
    await expect.poll(() => watch.lines.length).toBe(2);
    expect(watch.lines.map((l) => (JSON.parse(l) as { entity_id: string }).entity_id)).toEqual([
      'sensor.rain',
      'sensor.rain',
    ]);
    expect(JSON.parse(watch.lines[1]!)).toMatchObject({ state: '2', old_state: '0' });
    watch.stop();
    await watch.done;
  });

  test('a refused token ends the watch with an error naming what to pass', async () => {
    await expect(
      watchStates({ url: api.url, token: async () => 'wrong', print: () => {}, retryMs: 10 }),
    ).rejects.toBeInstanceOf(WatchAuthError);
  });

  test('removed attributes print as null and removed entities as removed', () => {
    const known = new Map();
    applyCompactEvent(known, { a: { 'light.x': { s: 'on', a: { b: 1, c: 2 }, c: 'C', lc: 1 } } });
    const [changed] = applyCompactEvent(known, {
      c: { 'light.x': { '+': { a: { b: 3 } }, '-': { a: ['c'] } } },
    });
    expect(formatChange(changed!, false)).toMatch(/light\.x {2}on {2}b=3 c=null$/);
    const [removed] = applyCompactEvent(known, { r: ['light.x'] });
    expect(removed).toMatchObject({ state: 'removed', old_state: 'on' });
    expect(known.size).toBe(0);
  });
});
