/**
 * What the OS sandbox (and the host without it) does with what a sandbox leaves behind,
 * and how the host decides and reports the isolation it runs under.
 */
import { randomUUID } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { planOsSandbox, resetOsSandboxPlans } from '../../src/actors/os-sandbox.js';
import { Supervisor } from '../../src/actors/supervisor.js';
import { OsSandboxError } from '../../src/errors.js';
import { createHub } from '../../src/host/hub.js';
import type { SandboxRouter } from '../../src/sandboxing/sandbox-router.js';
import { type ExampleHub, runFlow, startExampleHub } from '../support/example-hub.js';
import { eventually } from '../support/processes.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'reliability', 'integrations');

/** Pids of live processes whose command line holds `marker`. */
function processesWith(marker: string): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(marker);
      } catch {
        return false;
      }
    })
    .map(Number);
}

let example: ExampleHub | undefined;
const temps: string[] = [];
afterEach(async () => {
  await example?.cleanup();
  example = undefined;
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function spawnerHub(os: 'auto' | 'none') {
  let router: SandboxRouter | undefined;
  example = await startExampleHub({
    isolation: 'process',
    customDirs: [FIXTURES],
    onRouter: (made) => (router = made),
    sandboxing: {
      isolation: { perDomain: true },
      os,
      // The spawner needs child_process, which the permission model refuses.
      process: { permissionModel: false },
      supervision: { heartbeatIntervalMs: 0 },
    },
  });
  return { hub: example.hub, router: () => router as SandboxRouter };
}

describe('what a sandbox spawned', () => {
  it('dies with it under the OS sandbox, even a child that left its session', async () => {
    const { hub, router } = await spawnerHub('auto');
    const marker = `corral-orphan-${randomUUID()}`;
    await runFlow(hub, 'child_spawner', [{ marker, detached: true }]);
    await eventually(() => processesWith(marker).length === 1, 'the child to start');
    router().supervisor.connections.get('custom.child_spawner')?.kill('SIGKILL');
    await eventually(() => processesWith(marker).length === 0, 'the child to die with its sandbox');
  });

  it('dies with it without the OS sandbox, through its process group', async () => {
    const { hub, router } = await spawnerHub('none');
    const marker = `corral-orphan-${randomUUID()}`;
    await runFlow(hub, 'child_spawner', [{ marker, detached: false }]);
    await eventually(() => processesWith(marker).length === 1, 'the child to start');
    router().supervisor.connections.get('custom.child_spawner')?.kill('SIGKILL');
    await eventually(() => processesWith(marker).length === 0, 'the child to die with its sandbox');
  });
});

describe('the network of a group', () => {
  async function dialFrom(os: 'auto' | 'none'): Promise<string | undefined> {
    const server = createServer((socket) => socket.end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      example = await startExampleHub({
        isolation: 'process',
        customDirs: [FIXTURES],
        sandboxing: { isolation: { perDomain: true }, os },
      });
      const port = (server.address() as { port: number }).port;
      await runFlow(example.hub, 'offline_probe', [{ port }]);
      return example.hub.states.get('sensor.offline_probe')?.state;
    } finally {
      server.close();
    }
  }

  it('is none under bwrap when its integrations say "network": false', async () => {
    expect(await dialFrom('auto')).toBe('ECONNREFUSED');
  });

  it("is the host's without the OS sandbox (the refusal above is not vacuous)", async () => {
    expect(await dialFrom('none')).toBe('allowed');
  });
});

describe('choosing the OS sandbox', () => {
  const path = process.env.PATH;
  afterEach(() => {
    process.env.PATH = path;
    resetOsSandboxPlans();
  });

  it('runs under bwrap by default where bwrap works', async () => {
    resetOsSandboxPlans();
    const supervisor = new Supervisor();
    await expect(supervisor.osSandbox()).resolves.toEqual({ requested: 'auto', active: 'bwrap' });
  });

  it('falls back loudly under auto when bwrap is missing, naming the package', async () => {
    process.env.PATH = '/nonexistent';
    resetOsSandboxPlans();
    const status = await new Supervisor().osSandbox();
    expect(status).toMatchObject({ requested: 'auto', active: 'none' });
    expect(status.reduced).toMatch(/apt-get install bubblewrap/);
    expect(status.reduced).toMatch(/permission model only/);
  });

  it('refuses to start when bwrap is required and missing', async () => {
    process.env.PATH = '/nonexistent';
    resetOsSandboxPlans();
    await expect(planOsSandbox('bwrap', { uid: 61000, gid: 61000 })).rejects.toBeInstanceOf(OsSandboxError);
    await expect(new Supervisor({ os: 'bwrap' }).osSandbox()).rejects.toThrow(/isolation.os is "bwrap" but/);
  });

  it('says why a worker sandbox has no OS sandbox, and refuses to require one', async () => {
    const status = await new Supervisor({ launcher: 'worker' }).osSandbox();
    expect(status.reduced).toMatch(/worker threads share the host process/);
    expect(() => new Supervisor({ launcher: 'worker', os: 'bwrap' })).toThrow(OsSandboxError);
  });
});

describe('links in a custom integration', () => {
  /** A copy of the memory_hog integration in a directory of its own, plus `extra` files. */
  function customCopy(extra: (dir: string) => void): string {
    const root = mkdtempSync(join(tmpdir(), 'corral-links-'));
    temps.push(root);
    cpSync(join(FIXTURES, 'memory_hog'), join(root, 'memory_hog'), { recursive: true });
    extra(join(root, 'memory_hog'));
    return root;
  }

  async function catalogErrors(root: string) {
    const configDir = mkdtempSync(join(tmpdir(), 'corral-links-config-'));
    temps.push(configDir);
    const hub = await createHub({ configDir, customDirs: [root] });
    const domains = (await hub.catalog.list()).map((entry) => entry.domain);
    return { domains, errors: hub.catalog.errors() };
  }

  it('refuses a symlink out of the integration, naming it', async () => {
    const secret = join(mkdtempSync(join(tmpdir(), 'corral-secret-')), 'corral.yaml');
    temps.push(join(secret, '..'));
    writeFileSync(secret, 'api:\n  token: secret\n');
    const root = customCopy((dir) => symlinkSync(secret, join(dir, 'config.yaml')));
    const { domains, errors } = await catalogErrors(root);
    expect(domains).not.toContain('memory_hog');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ type: 'integration_link' });
    expect(errors[0]?.message).toMatch(/config\.yaml is a symlink out of the integration/);
  });

  it('refuses a hard link, whose other name may be anywhere', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'corral-secret-'));
    temps.push(outside);
    writeFileSync(join(outside, 'token'), 'secret');
    const { linkSync } = await import('node:fs');
    const root = customCopy((dir) => linkSync(join(outside, 'token'), join(dir, 'token')));
    const { domains, errors } = await catalogErrors(root);
    expect(domains).not.toContain('memory_hog');
    expect(errors[0]?.message).toMatch(/token is a hard link/);
  });

  it('keeps a symlink that stays inside the integration', async () => {
    const root = customCopy((dir) => symlinkSync('manifest.json', join(dir, 'manifest-link.json')));
    const { domains, errors } = await catalogErrors(root);
    expect(errors).toEqual([]);
    expect(domains).toContain('memory_hog');
  });
});
