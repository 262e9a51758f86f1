/**
 * What a sandboxed integration can reach under each isolation layer, read from the
 * host's own view: the `isolation_probe` fixture tries each operation during its setup
 * and reports every outcome as an attribute of its sensor. Each group runs alone
 * (`perDomain`), so the probe's neighbours are other groups. The same probe runs under
 * the default (bubblewrap with Node's permission model inside), each layer alone, and
 * none, which shows what each layer buys and that every denial is real.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { connect, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/actors/launch.js';
import type { OsIsolation } from '../../src/actors/os-sandbox.js';
import { defaultProcessPolicy } from '../../src/policy.js';
import type { SandboxRouter } from '../../src/sandboxing/sandbox-router.js';
import { type ExampleHub, runFlow, startExampleHub } from '../support/example-hub.js';
import { eventually } from '../support/processes.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'reliability', 'integrations');

/** Some native addon among the installed packages (a compiled `.node` file), if there is one. */
function findAddon(): string | undefined {
  const modules = join(packageRoot, 'node_modules');
  const packages = readdirSync(modules).flatMap((name) =>
    name.startsWith('@') ? readdirSync(join(modules, name)).map((inner) => join(name, inner)) : [name],
  );
  for (const name of packages) {
    try {
      const addon = readdirSync(join(modules, name)).find((file) => file.endsWith('.node'));
      if (addon) return join(modules, name, addon);
    } catch {}
  }
  return undefined;
}
const addon = findAddon();
/**
 * With no addon installed, the node binary stands in: not loadable as an addon, but
 * loading it reaches the dynamic loader (ERR_DLOPEN_FAILED) unless the permission
 * model refuses first (ERR_DLOPEN_DISABLED) — which is the difference tested.
 */
const dlopenTarget = addon ?? process.execPath;

type Outcomes = Record<string, unknown>;
const hubs: ExampleHub[] = [];
const temps: string[] = [];
/** A local TCP listener for the probe to dial. */
let server: Server;
let port: number;

/** The isolation layers compared: the default (bwrap and the permission model), each alone, and none. */
type Layers = 'default' | 'bwrap' | 'permission' | 'none';
const LAYERS: Record<Layers, { os?: OsIsolation; permissionModel?: boolean }> = {
  default: {},
  bwrap: { os: 'bwrap', permissionModel: false },
  permission: { os: 'none', permissionModel: true },
  none: { os: 'none', permissionModel: false },
};

/** A sandboxed hub with demo lights in their own group, then the probe in its own: its outcomes. */
async function probe(layers: Layers): Promise<Outcomes> {
  const tempDir = mkdtempSync(join(tmpdir(), 'corral-probe-target-'));
  temps.push(tempDir);
  const { os, permissionModel } = LAYERS[layers];
  let router: SandboxRouter | undefined;
  const example = await startExampleHub({
    isolation: 'process',
    customDirs: [FIXTURES],
    onRouter: (made) => (router = made),
    sandboxing: {
      isolation: { perDomain: true },
      os,
      process: permissionModel === undefined ? {} : { permissionModel },
    },
  });
  hubs.push(example);
  const { hub, configDir } = example;
  writeFileSync(join(configDir, 'corral.yaml'), 'api:\n  token: the-hubs-own-secret-token-0123456789\n');
  const lights = await runFlow(hub, 'demo_light', [{ name: 'Desk', count: 1, area: 'Office' }]);
  expect(hub.entries.get(lights.entryId!)?.sandbox).toBe('built-in.demo_light');
  const siblingPid = router?.supervisor.connections.get('built-in.demo_light')?.pid;
  if (!siblingPid) throw new Error('the demo lights have no sandbox process');
  // Another group's stored data, where its store server keeps it.
  const otherGroupDir = join(configDir, '.storage', 'sandbox', 'built-in.demo_light');
  await mkdir(otherGroupDir, { recursive: true });
  const otherGroupFile = join(otherGroupDir, 'demo_light.private');
  writeFileSync(otherGroupFile, '{"token":"s3cret"}');
  await eventually(
    () => existsSync(join(configDir, '.storage', 'core.config_entries')),
    'the host to store its config entries',
  );

  const answer = await runFlow(hub, 'isolation_probe', [
    {
      configDir,
      tempDir,
      otherGroupFile,
      // Another custom integration: with per-domain isolation, another group's code.
      otherIntegrationFile: join(FIXTURES, 'memory_hog', 'index.js'),
      addon: dlopenTarget,
      port,
      hostPid: process.pid,
      siblingPid,
    },
  ]);
  expect(answer.type).toBe('create_entry');
  expect(hub.entries.state(answer.entryId!)).toBe('loaded');
  const state = hub.states.get('sensor.isolation_probe');
  if (!state) throw new Error('the probe reported nothing');
  // The neighbour kept its process and its entity through all of it.
  expect(router?.supervisor.connections.get('built-in.demo_light')?.pid).toBe(siblingPid);
  const lightsNow = hub.states.all('light');
  expect(lightsNow.length).toBeGreaterThan(0);
  expect(lightsNow.every((light) => light.state !== 'unavailable')).toBe(true);
  return state.attributes;
}

const outcomes = {} as Record<Layers, Outcomes>;
beforeAll(async () => {
  server = createServer((socket) => socket.end());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
  const layers = Object.keys(LAYERS) as Layers[];
  const results = await Promise.all(layers.map((layer) => probe(layer)));
  layers.forEach((layer, index) => {
    outcomes[layer] = results[index] as Outcomes;
  });
}, 120_000);
afterAll(async () => {
  server.close();
  await Promise.all(hubs.splice(0).map((example) => example.cleanup()));
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A real addon loads wherever the permission model is off; the stand-in only reaches the loader. */
const addonLoads = addon === undefined ? 'ERR_DLOPEN_FAILED' : 'allowed';
const DENIED = 'ERR_ACCESS_DENIED';

/**
 * Each operation the probe tries, the sentence naming it, and what it gets under each
 * layer: [default (bwrap + permission model), bwrap alone, permission model alone, none].
 * docs/trust-boundary.md's threat-model table states the same.
 */
const operations: [key: string, sentence: string, outcome: [string, string, string, string]][] = [
  ['read_host_storage', "read the host's .storage files", [DENIED, 'ENOENT', DENIED, 'allowed']],
  ['list_host_storage', "list the host's .storage directory", [DENIED, 'ENOENT', DENIED, 'allowed']],
  ['read_config_file', "read the host's corral.yaml", [DENIED, 'ENOENT', DENIED, 'allowed']],
  ['read_other_group_store', "read another group's store files", [DENIED, 'ENOENT', DENIED, 'allowed']],
  ['read_other_group_code', "read another group's integration code", [DENIED, 'ENOENT', DENIED, 'allowed']],
  ['climb_out_of_own_dir', 'climb out of its own directory with ..', [DENIED, 'ENOENT', DENIED, 'allowed']],
  ['read_host_environ', "read the host's /proc/<pid>/environ", [DENIED, 'ENOENT', DENIED, 'allowed']],
  ['see_host_process', 'see the host in /proc', [DENIED, 'NOT_VISIBLE', DENIED, 'allowed']],
  ['write_temp_dir', "write to the host's temp directory", [DENIED, 'ENOENT', DENIED, 'allowed']],
  ['write_outside_tmp', "write into the host's config directory", [DENIED, 'ENOENT', DENIED, 'allowed']],
  ['write_own_dir', 'write to its own directory', [DENIED, 'EROFS', DENIED, 'allowed']],
  ['spawn_shell', 'spawn a shell', [DENIED, 'ENOENT', DENIED, 'allowed']],
  ['signal_host_process', 'signal the host process', ['ESRCH', 'ESRCH', 'allowed', 'allowed']],
  ['signal_host_usr1', 'send the host SIGUSR1', ['ESRCH', 'ESRCH', 'allowed', 'allowed']],
  ['signal_sibling_sandbox', 'signal a sibling sandbox', ['ESRCH', 'ESRCH', 'allowed', 'allowed']],
  // Contained by bwrap (its own PID namespace, only node inside), refused by the permission model.
  ['spawn_child_process', 'spawn a child process', [DENIED, 'allowed', DENIED, 'allowed']],
  ['start_worker_thread', 'start a worker thread', [DENIED, 'allowed', DENIED, 'allowed']],
  [
    'load_native_addon',
    'load a native addon',
    ['ERR_DLOPEN_DISABLED', addonLoads, 'ERR_DLOPEN_DISABLED', addonLoads],
  ],
  // The network is shared by default: integrations talk to devices on the LAN.
  ['connect_network', 'open a network connection', ['allowed', 'allowed', 'allowed', 'allowed']],
];

const layerNames: [Layers, string][] = [
  ['default', 'under the default isolation (bwrap and the permission model)'],
  ['bwrap', 'under bwrap alone'],
  ['permission', "under Node's permission model alone (isolation.os: none)"],
  ['none', 'with no isolation at all (isolation.os: none, permissionModel: false)'],
];

layerNames.forEach(([layer, title], index) => {
  describe(`a sandboxed integration ${title}`, () => {
    it('runs in its own group, reads its own code and reports through its entity', () => {
      expect(outcomes[layer]).toMatchObject({ sandbox: 'custom.isolation_probe', read_own_code: 'allowed' });
    });

    for (const [key, sentence, outcome] of operations) {
      const expected = outcome[index] as string;
      it(`${expected === 'allowed' ? 'can' : 'cannot'} ${sentence} (${key}: ${expected})`, () => {
        expect(outcomes[layer][key]).toBe(expected);
      });
    }
  });
});

describe('the OS sandbox', () => {
  it("runs a root host's sandbox as an unprivileged uid, any other host's as its own uid", () => {
    const expected = process.getuid?.() === 0 ? defaultProcessPolicy.sandboxUid : process.getuid?.();
    expect(outcomes.default.uid).toBe(expected);
    expect(outcomes.bwrap.uid).toBe(expected);
    expect(outcomes.none.uid).toBe(process.getuid?.());
  });

  it("gives the sandbox a PID namespace of its own, where the runtime is bwrap's reaper's child", () => {
    expect(outcomes.default.pid).toBe(2);
    expect(outcomes.bwrap.pid).toBe(2);
    expect(outcomes.none.pid).toBeGreaterThan(2);
  });
});

describe("the host's own guard", () => {
  it('opens no inspector when a sandbox without the OS sandbox sends it SIGUSR1', async () => {
    expect(outcomes.none.signal_host_usr1).toBe('allowed');
    const refused = await new Promise<boolean>((resolve) => {
      const socket = connect(9229, '127.0.0.1', () => {
        socket.end();
        resolve(false);
      });
      socket.on('error', () => resolve(true));
    });
    expect(refused).toBe(true);
  });
});
