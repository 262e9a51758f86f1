import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxRouter } from '../../src/sandboxing/sandbox-router.js';
import { type PackedTarball, packFixture } from '../fixtures/tarball/pack.js';
import { type ExampleHub, runFlow, startExampleHub, waitForState } from '../support/example-hub.js';

let base: string;
let packed: PackedTarball;
let example: ExampleHub | undefined;

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'corral-tarball-e2e-'));
  await mkdir(join(base, 'tarballs'));
  packed = await packFixture(join(base, 'tarballs'));
});

afterEach(async () => {
  await example?.cleanup();
  example = undefined;
});

afterAll(() => rm(base, { recursive: true, force: true }));

async function sandboxedHub(
  permissionModel: boolean,
): Promise<{ example: ExampleHub; router: SandboxRouter }> {
  let router: SandboxRouter | undefined;
  example = await startExampleHub({
    isolation: 'process',
    tarballs: [{ file: packed.file, integrity: packed.integrity }],
    sandboxing: { process: { permissionModel } },
    onRouter: (made) => (router = made),
  });
  return { example, router: router! };
}

describe('a tarball integration in a sandbox process', () => {
  it('is set up in the custom group from the directory the host unpacked, and its entity is mirrored', async () => {
    const { example, router } = await sandboxedHub(false);
    const { hub } = example;
    const answer = await runFlow(hub, 'packed_meter', [{}]);
    expect(answer.type).toBe('create_entry');
    expect(hub.entries.get(answer.entryId!)?.sandbox).toBe('custom');
    expect(hub.entries.state(answer.entryId!)).toBe('loaded');
    await waitForState(hub, 'sensor.packed_meter_reading', (state) => state.state === '42', 10_000);
    expect(router.supervisor.connections.pids()).toHaveLength(1);
  });

  it('under the permission model loads with read access to its own private directory, not every source', async () => {
    const { example, router } = await sandboxedHub(true);
    const { hub, configDir } = example;
    const root = hub.catalog.get('packed_meter')!.tarball!.root;
    expect(router.readPaths()).toContain(join(root, '*'));
    expect(router.readPaths()).not.toContain(join(configDir, '.corral', 'sources', '*'));
    expect(router.readPaths().filter((path) => path.startsWith(join(configDir, '.corral')))).toEqual([
      join(root, '*'),
    ]);

    const answer = await runFlow(hub, 'packed_meter', [{}]);
    expect(hub.entries.state(answer.entryId!)).toBe('loaded');
    await waitForState(hub, 'sensor.packed_meter_reading', (state) => state.state === '42', 10_000);
    // The built-in group beside it still loads its own code under the same model.
    const lights = await runFlow(hub, 'demo_light', [{ name: 'Desk', count: 1, area: 'Office' }]);
    expect(hub.entries.state(lights.entryId!)).toBe('loaded');
  });
});
