import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type {
  EntitiesResponse,
  EntriesResponse,
  GroupStatus,
  StatusResponse,
} from '../../src/api/contract.js';
import { eventually } from '../support/processes.js';
import { configDir, corral, hubToken, isGone, killAll, type RunningCorral, startRun } from './support.js';

const LIGHTS = 'built-in.demo_light';
const SENSORS = 'built-in.demo_sensor';

/** GET with the token of the hub whose config dir is `dir`. */
async function getJson<T>(url: string, dir: string): Promise<T> {
  const response = await fetch(url, { headers: { authorization: `Bearer ${hubToken(dir)}` } });
  return (await response.json()) as T;
}

/** A port nothing listens on (it was free a moment ago). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('corral run, driven by the corral client commands', () => {
  let dir: string;
  let run: RunningCorral;
  let url: string;
  /** Every sandbox pid seen, so none is left behind whatever fails. */
  const sandboxPids = new Set<number>();
  let entryId: string;

  const client = (args: readonly string[], input?: string) =>
    corral(['--url', url, '--config', dir, ...args], input);
  const status = async () => {
    const current = await getJson<StatusResponse>(`${url}/api/status`, dir);
    for (const g of current.groups) if (g.pid !== null) sandboxPids.add(g.pid);
    return current;
  };
  const group = async (name: string): Promise<GroupStatus> => {
    const found = (await status()).groups.find((g) => g.group === name);
    if (!found) throw new Error(`no group ${name}`);
    return found;
  };

  beforeAll(async () => {
    dir = await configDir('  heartbeatIntervalMs: 1000\n  heartbeatMisses: 3');
    run = startRun(dir);
    const [, found] = await run.waitFor(/inspector: (http:\/\/127\.0\.0\.1:\d+)\//);
    url = found!;
    await run.waitFor(/ms {2}ready$/m);
  });

  afterAll(async () => {
    if (run) killAll([run.pid]);
    killAll(sandboxPids);
    await rm(dir, { recursive: true, force: true });
  });

  test('run reports each sandbox start and the setup flow before it is ready, and serves the API', async () => {
    expect(run.stdout).toMatch(/sandbox built-in\.demo_light: spawning/);
    expect(run.stdout).toMatch(/sandbox built-in\.demo_light: running in \d+ ms \(spawn -> ready\)/);
    expect(run.stdout).toContain('setup: demo_light -> entry "Desk" created');
    expect(run.stdout.indexOf('setup: demo_light')).toBeLessThan(run.stdout.search(/ms {2}ready$/m));
    expect((await status()).entryCount).toBe(1);
  });

  // Each of these only reads or is refused, so they run side by side.
  describe.concurrent('reading the hub, and commands it refuses', () => {
    test('status prints a table with a row per sandbox group', async ({ expect }) => {
      const { pid } = await group(LIGHTS);
      const result = await client(['status']);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^hub pid \d+, up \d+ s, [\d.]+ MiB; 1 entries, 2 entities$/m);
      expect(result.stdout).toMatch(/^GROUP\s+STATE\s+PID\s+RESTARTS\s+TOTAL/m);
      const row = result.stdout.split('\n').find((line) => line.startsWith(LIGHTS));
      expect(row).toMatch(
        new RegExp(`^${LIGHTS.replace('.', '\\.')}\\s+live\\.running\\.waiting\\s+${pid}\\s+0/3 in 60s\\s+0`),
      );
    });

    test('--json status prints the API response as JSON', async ({ expect }) => {
      const result = await client(['--json', 'status']);
      expect(result.code).toBe(0);
      const printed = JSON.parse(result.stdout) as StatusResponse;
      expect(printed.groups.map((g) => g.group)).toEqual([LIGHTS]);
      expect(printed.groups[0]!.pid).toBe((await group(LIGHTS)).pid);
    });

    test('entities --domain light lists only the lights', async ({ expect }) => {
      const result = await client(['entities', '--domain', 'light']);
      expect(result.code).toBe(0);
      const rows = result.stdout.trim().split('\n');
      expect(rows[0]).toMatch(/^ENTITY\s+STATE\s+ATTRIBUTES$/);
      expect(rows.slice(1).map((r) => r.split(/\s+/)[0])).toEqual(['light.desk_1', 'light.desk_2']);
    });

    test('entries lists the entry the setup flow created', async ({ expect }) => {
      const result = await client(['entries']);
      expect(result.code).toBe(0);
      const row = result.stdout.split('\n').find((line) => line.includes('demo_light'));
      expect(row).toMatch(
        new RegExp(`^\\w+\\s+demo_light\\s+Desk\\s+loaded\\s+${LIGHTS.replace('.', '\\.')}$`),
      );
      entryId = row!.split(/\s+/)[0]!;
      const { entries } = await getJson<EntriesResponse>(`${url}/api/entries`, dir);
      expect(entries.map((e) => e.entryId)).toEqual([entryId]);
    });

    test('reload of an unknown entry exits 1 with the API error', async ({ expect }) => {
      const result = await client(['reload', 'no-such-entry']);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('corral: unknown_entry: no config entry "no-such-entry"');
    });

    test('a command against a port where no hub listens exits 1 saying so', async ({ expect }) => {
      const port = await closedPort();
      const result = await corral(['--url', `http://127.0.0.1:${port}`, 'status']);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`no hub answers at http://127.0.0.1:${port}`);
    });

    test('bad arguments exit 1 with a message saying what is wrong', async ({ expect }) => {
      const [nodot, notJson, badTarget] = await Promise.all([
        client(['call', 'nodot']),
        client(['call', 'light.turn_on', '--data', 'notjson']),
        client(['call', 'light.turn_on', '--target', 'kitchen']),
      ]);
      expect(nodot.code).toBe(1);
      expect(nodot.stderr).toContain('"nodot" is not DOMAIN.SERVICE');
      expect(notJson.code).toBe(1);
      expect(notJson.stderr).toContain('not JSON');
      expect(badTarget.code).toBe(1);
      expect(badTarget.stderr).toContain('use entity_id=..., device_id=... or area_id=...');
      // None of them reached the hub: the light is as the last call left it.
      const { entities } = await getJson<EntitiesResponse>(`${url}/api/entities?domain=light`, dir);
      expect(entities.find((e) => e.entityId === 'light.desk_2')?.state).toBe('off');
    });
  });

  describe('driving the hub, one step after another', () => {
    test('call light.turn_on with a target and data turns the light on at that brightness', async () => {
      const result = await client([
        'call',
        'light.turn_on',
        '--target',
        'entity_id=light.desk_1',
        '--data',
        '{"brightness":90}',
      ]);
      expect(result.code).toBe(0);
      expect(result.stdout.trim()).toBe('called light.turn_on');
      const { entities } = await getJson<EntitiesResponse>(`${url}/api/entities?domain=light`, dir);
      expect(entities.find((e) => e.entityId === 'light.desk_1')).toMatchObject({
        state: 'on',
        attributes: { brightness: 90 },
      });
      expect(entities.find((e) => e.entityId === 'light.desk_2')?.state).toBe('off');
    });

    test('reload sets the entry up again and prints its state', async () => {
      const result = await client(['reload', entryId]);
      expect(result.code).toBe(0);
      expect(result.stdout.trim()).toBe(`${entryId}: loaded`);
    });

    test('flow start walks a flow from piped answers, re-asking an invalid one, until the entry is created', async () => {
      const result = await client(['flow', 'start', 'demo_sensor'], 'soon\n0.5\n2\n');
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      const question = 'update_interval (number 0.01..3600) [30]: ';
      expect(result.stdout.split(question)).toHaveLength(3);
      expect(result.stdout).toContain('expected a number');
      expect(result.stdout).toContain('2) °F');
      expect(result.stdout).toMatch(/created entry "Demo Sensor" \(\w+\)/);
      const { entities } = await getJson<EntitiesResponse>(`${url}/api/entities?domain=sensor`, dir);
      expect(
        entities.find((e) => e.attributes.device_class === 'temperature')?.attributes.unit_of_measurement,
      ).toBe('°F');
      // The new integration runs in a sandbox of its own.
      expect((await group(SENSORS)).state).toMatch(/^live\.running/);
    });

    test('demo crash kills a sandbox; status then shows it restarted, once', async () => {
      const before = await group(LIGHTS);
      const result = await client(['demo', 'crash', LIGHTS]);
      expect(result.code).toBe(0);
      expect(result.stdout.trim()).toBe(`killed sandbox ${LIGHTS} (pid ${before.pid})`);
      await eventually(() => isGone(before.pid!), 'the killed sandbox to exit');
      let after = before;
      const deadline = Date.now() + 15_000;
      while (!(after.pid !== before.pid && after.pid !== null && after.state.startsWith('live.running'))) {
        if (Date.now() > deadline) throw new Error(`no restart: ${JSON.stringify(after)}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
        after = await group(LIGHTS);
      }
      const printed = await client(['status']);
      const row = printed.stdout.split('\n').find((line) => line.startsWith(LIGHTS));
      expect(row).toMatch(new RegExp(`\\s${after.pid}\\s+1/3 in 60s\\s+1\\s`));
      expect(row).toMatch(/(exit|channel_closed)/);
      // The light comes back as it was.
      let desk: { state: string; attributes: Record<string, unknown> } | undefined;
      const until = Date.now() + 10_000;
      do {
        const { entities } = await getJson<EntitiesResponse>(`${url}/api/entities?domain=light`, dir);
        desk = entities.find((e) => e.entityId === 'light.desk_1');
        if (desk?.state === 'on') break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      } while (Date.now() < until);
      expect(desk).toMatchObject({ state: 'on', attributes: { brightness: 90 } });
    });

    test('SIGINT stops gracefully: exit 0, every sandbox gone, their restore-state saved', async () => {
      const pids = (await status()).groups.map((g) => g.pid!);
      expect(pids).toHaveLength(2);
      run.child.kill('SIGINT');
      const { code } = await run.exited;
      expect(code).toBe(0);
      expect(run.stdout).toContain('SIGINT: stopping gracefully');
      expect(run.stdout).toMatch(/ stopped$/m);
      for (const pid of [...pids, ...sandboxPids]) expect(isGone(pid), `sandbox ${pid}`).toBe(true);
      const file = join(dir, '.storage', 'sandbox', LIGHTS, 'core.restore_state');
      expect(existsSync(file)).toBe(true);
      const saved = JSON.parse(readFileSync(file, 'utf8')) as {
        data: Record<string, { state: string; attributes: Record<string, unknown> }>;
      };
      const desk1 = Object.entries(saved.data).find(([key]) => key.includes(`${entryId}_1`))?.[1];
      expect(desk1).toMatchObject({ state: 'on', attributes: { brightness: 90 } });
    });
  });
});

describe('corral run with a config it cannot use', () => {
  test('invalid YAML exits 1, naming the file, line and column', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'corral-cli-bad-'));
    try {
      await writeFile(join(dir, 'corral.yaml'), 'api:\n  port: 0\n  host: [unclosed\n');
      const result = await corral(['run', '--config', dir, '--port', '0']);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/corral\.yaml:\d+:\d+: /);
      expect(result.stderr).toContain('corral: config_invalid:');
      expect(result.stdout).not.toContain('ready');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('a second SIGINT', () => {
  test('while a graceful stop waits on a frozen sandbox, kills the sandboxes and exits 130', async () => {
    // No heartbeat, so the frozen sandbox stays frozen, and a long grace, so the stop waits on it.
    const dir = await configDir('  heartbeatIntervalMs: 0\n  stopGraceMs: 30000');
    const run = startRun(dir);
    let frozen: number | undefined;
    try {
      const [, url] = await run.waitFor(/inspector: (http:\/\/127\.0\.0\.1:\d+)\//);
      await run.waitFor(/ms {2}ready$/m);
      const hang = await corral(['--url', url!, '--config', dir, 'demo', 'hang']);
      expect(hang.code).toBe(0);
      const [, pid] = /^froze sandbox built-in\.demo_light \(pid (\d+)\)$/.exec(hang.stdout.trim()) ?? [];
      frozen = Number(pid);
      expect(isGone(frozen)).toBe(false);

      run.child.kill('SIGINT');
      await run.waitFor(/SIGINT: stopping gracefully/);
      // The graceful stop is stuck on the frozen sandbox: still running a while later.
      const early = await Promise.race([
        run.exited,
        new Promise((resolve) => setTimeout(() => resolve('running'), 500)),
      ]);
      expect(early).toBe('running');

      run.child.kill('SIGINT');
      const { code } = await run.exited;
      expect(code).toBe(130);
      expect(run.stdout).toContain('SIGINT again: killing the sandboxes and exiting now');
      await eventually(() => isGone(frozen!), 'the frozen sandbox to be killed');
    } finally {
      killAll([run.pid, ...(frozen ? [frozen] : [])]);
      await rm(dir, { recursive: true, force: true });
    }
  });
});
