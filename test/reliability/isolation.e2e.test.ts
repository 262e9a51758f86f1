/**
 * What a sandboxed integration can reach under Node's permission model
 * (`process: { permissionModel: true }`), read from the host's own view: the
 * `isolation_probe` fixture tries each operation during its setup and reports every
 * outcome as an attribute of its sensor. Each group runs alone (`perDomain`), so the
 * probe's neighbours are other groups. The same probe without the permission model
 * shows every denial is real: there, each operation succeeds.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/actors/launch.js';
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

/** A sandboxed hub with demo lights in their own group, then the probe in its own: its outcomes. */
async function probe(permissionModel: boolean): Promise<Outcomes> {
  const tempDir = mkdtempSync(join(tmpdir(), 'corral-probe-target-'));
  temps.push(tempDir);
  const example = await startExampleHub({
    isolation: 'process',
    customDirs: [FIXTURES],
    sandboxing: { isolation: { perDomain: true }, process: { permissionModel } },
  });
  hubs.push(example);
  const { hub, configDir } = example;
  const lights = await runFlow(hub, 'demo_light', [{ name: 'Desk', count: 1, area: 'Office' }]);
  expect(hub.entries.get(lights.entryId!)?.sandbox).toBe('built-in.demo_light');
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
    },
  ]);
  expect(answer.type).toBe('create_entry');
  expect(hub.entries.state(answer.entryId!)).toBe('loaded');
  const state = hub.states.get('sensor.isolation_probe');
  if (!state) throw new Error('the probe reported nothing');
  return state.attributes;
}

let denied: Outcomes;
let twin: Outcomes;
beforeAll(async () => {
  server = createServer((socket) => socket.end());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
  [denied, twin] = await Promise.all([probe(true), probe(false)]);
});
afterAll(async () => {
  server.close();
  await Promise.all(hubs.splice(0).map((example) => example.cleanup()));
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Each operation the probe tries, the sentence naming it, and how the permission model refuses it. */
const operations: [key: string, sentence: string, refusal: string][] = [
  ['read_host_storage', "read the host's .storage files", 'ERR_ACCESS_DENIED'],
  ['list_host_storage', "list the host's .storage directory", 'ERR_ACCESS_DENIED'],
  ['read_other_group_store', "read another group's store files", 'ERR_ACCESS_DENIED'],
  ['read_other_group_code', "read another group's integration directory", 'ERR_ACCESS_DENIED'],
  ['climb_out_of_own_dir', 'climb out of its own directory with ..', 'ERR_ACCESS_DENIED'],
  ['write_temp_dir', 'write to the temp directory', 'ERR_ACCESS_DENIED'],
  ['write_own_dir', 'write to its own directory', 'ERR_ACCESS_DENIED'],
  ['spawn_child_process', 'spawn a child process', 'ERR_ACCESS_DENIED'],
  ['start_worker_thread', 'start a worker thread', 'ERR_ACCESS_DENIED'],
  ['load_native_addon', 'load a native addon', 'ERR_DLOPEN_DISABLED'],
];
/** What the twin without the permission model gets: a real addon loads; the stand-in reaches the loader. */
const unrestricted = (key: string) =>
  key === 'load_native_addon' && addon === undefined ? 'ERR_DLOPEN_FAILED' : 'allowed';

describe('a sandboxed integration under the permission model', () => {
  it('runs in its own group, reads its own code and reports through its entity', () => {
    expect(denied).toMatchObject({ sandbox: 'custom.isolation_probe', read_own_code: 'allowed' });
  });

  for (const [key, sentence, refusal] of operations) {
    it(`cannot ${sentence} (${key}: ${refusal})`, () => {
      expect(denied[key]).toBe(refusal);
    });
  }
});

describe('what the permission model of Node 20 does not stop (known limits, docs/reliability.md)', () => {
  it('a sandbox can still signal its host process: it has no signal permission', () => {
    expect(denied.signal_host_process).toBe('allowed');
  });

  it('a sandbox can still open network connections: it has no network permission', () => {
    expect(denied.connect_network).toBe('allowed');
  });
});

describe('the same integration without the permission model (the denials above are not vacuous)', () => {
  for (const [key, sentence] of operations) {
    it(`can ${sentence} (${key})`, () => {
      expect(twin[key]).toBe(unrestricted(key));
    });
  }
});
