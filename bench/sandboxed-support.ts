/**
 * Pieces of `npm run bench:sandboxed` that are not measurements: hubs over the
 * bench integration (sandboxed or in-process) in temporary config directories,
 * entries made through the integration's config flow, the channel baseline
 * child, cleanup of every child and directory, CPU-time readings and statistics.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { InspectionEvent } from 'xstate';
import { createHub, type Hub } from '../src/host/hub.js';
import type { IntegrationHandler } from '../src/host/router.js';
import type { ProcessPolicy } from '../src/policy.js';
import {
  type SandboxingOptions,
  type SandboxRouter,
  sandboxRouter,
} from '../src/sandboxing/sandbox-router.js';
import { Channel } from '../src/wire/channel.js';
import { encodeJson } from '../src/wire/json.js';
import { ProtobufCodec } from '../src/wire/protobuf-codec.js';
import { childPipeTransport } from '../src/wire/transports/pipe.js';
import type { PushCommand } from './channel-shared.js';
import { payloads } from './payloads.js';
import { reap, trackIn } from './support.js';

const here = dirname(fileURLToPath(import.meta.url));
export const packageRoot = join(here, '..', '..');
/** Where `npm run build` puts the compiled bench integration (copy-assets handles only the examples). */
export const BENCH_INTEGRATIONS = join(here, 'integrations');
export const DOMAIN = 'bench_lights';

/** tsc compiles index.ts but copies no manifest: put it beside the built module. */
export function installBenchIntegration(): void {
  const from = join(packageRoot, 'bench', 'integrations', DOMAIN, 'manifest.json');
  const to = join(BENCH_INTEGRATIONS, DOMAIN, 'manifest.json');
  mkdirSync(dirname(to), { recursive: true });
  copyFileSync(from, to);
}

// ---- Cleanup ------------------------------------------------------------------------

const routers = new Set<SandboxRouter>();
const children = new Set<ChildProcess>();
const tempDirs = new Set<string>();

/** SIGKILL every sandbox and child this bench started, by pid, and delete its temp dirs. */
export function killEverything(): void {
  for (const router of routers) {
    for (const pid of router.supervisor.connections.pids()) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {}
    }
  }
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  tempDirs.clear();
}

/** Sandbox pids still alive, for the end-of-run check. */
export function livePids(): number[] {
  const pids = [...routers].flatMap((router) => router.supervisor.connections.pids());
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) pids.push(child.pid ?? -1);
  return pids;
}

export function withTimeout<T>(promise: Promise<T>, what: string, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no result within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// ---- Hubs ---------------------------------------------------------------------------

export type Isolation = 'inline' | 'process';

export interface BenchHub {
  readonly hub: Hub;
  readonly isolation: Isolation;
  /** The sandbox router of a `process` hub. */
  readonly router: SandboxRouter | undefined;
  /** Stop the hub (its sandboxes shut down gracefully) and delete its config directory. */
  stop(): Promise<void>;
}

export interface BenchHubOptions {
  /** Inspection events of the sandbox supervisor (a `process` hub only). */
  readonly inspect?: (event: InspectionEvent) => void;
  /** An empty directory to use (and delete on stop) instead of a fresh temp dir. */
  readonly configDir?: string;
  /** Process policy of a `process` hub's sandboxes (e.g. `warmSpare`). */
  readonly process?: Partial<ProcessPolicy>;
  /** Caps of a `process` hub's sandbox groups (the memory run holds more entities than the default cap). */
  readonly caps?: SandboxingOptions['caps'];
  /** The OS sandbox of a `process` hub (default `auto`: bwrap where it works). */
  readonly os?: SandboxingOptions['os'];
}

/** A fresh temp dir, deleted by `killEverything` if nothing deletes it first. */
export function tempDir(what: string): string {
  const dir = mkdtempSync(join(os.tmpdir(), `corral-bench-${what}-`));
  tempDirs.add(dir);
  return dir;
}

/** A started hub over `dist/bench/integrations`, with the defaults `createHub` and `sandboxRouter` have. */
export async function startBenchHub(isolation: Isolation, options: BenchHubOptions = {}): Promise<BenchHub> {
  const configDir = options.configDir ?? tempDir(isolation);
  tempDirs.add(configDir);
  let router: SandboxRouter | undefined;
  const hub = await createHub({
    configDir,
    integrationDirs: [BENCH_INTEGRATIONS],
    router:
      isolation === 'process'
        ? (local: IntegrationHandler, hubRef: () => Hub) => {
            router = sandboxRouter({
              configDir,
              inspect: options.inspect,
              process: options.process,
              caps: options.caps,
              os: options.os,
            })(local, hubRef);
            routers.add(router);
            return router;
          }
        : undefined,
  });
  await hub.start();
  return {
    hub,
    isolation,
    router,
    async stop() {
      await withTimeout(hub.stop(), `stopping the ${isolation} hub`, 20_000).catch((error: Error) => {
        process.stderr.write(`warning: ${error.message}; killing its sandboxes\n`);
      });
      const spares = router?.supervisor.spares?.pids() ?? [];
      for (const pid of [...(router?.supervisor.connections.pids() ?? []), ...spares]) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {}
      }
      if (router) routers.delete(router);
      rmSync(configDir, { recursive: true, force: true });
      tempDirs.delete(configDir);
    },
  };
}

export interface BenchEntryData {
  readonly prefix: string;
  readonly sensors?: number;
  readonly lights?: number;
  readonly area?: string;
  readonly churn?: boolean;
}

/** Runs the bench integration's config flow; resolves with the entry id once the entry is set up. */
export async function addBenchEntry(hub: Hub, data: BenchEntryData): Promise<string> {
  const form = await hub.flows.start(DOMAIN);
  if (form.type !== 'form') throw new Error(`${DOMAIN} flow did not show its form: ${JSON.stringify(form)}`);
  const done = await hub.flows.configure(form.flowId, { sensors: 0, lights: 0, churn: false, ...data });
  if (done.type !== 'create_entry' || done.entryId === undefined)
    throw new Error(`${DOMAIN} flow did not create an entry: ${JSON.stringify(done)}`);
  const state = hub.entries.state(done.entryId);
  if (state !== 'loaded') throw new Error(`entry ${data.prefix} is ${state}, not loaded`);
  return done.entryId;
}

export const sensorIds = (prefix: string, count: number) =>
  Array.from({ length: count }, (_, index) => `sensor.${prefix}_sensor_${index}`);
export const lightIds = (prefix: string, count: number) =>
  Array.from({ length: count }, (_, index) => `light.${prefix}_light_${index}`);

/** The pid of the hub's one sandbox. */
export function sandboxPid(bench: BenchHub): number {
  const pids = bench.router?.supervisor.connections.pids() ?? [];
  if (pids.length !== 1) throw new Error(`expected one sandbox, found ${pids.length}`);
  return pids[0]!;
}

/** Calls the hub's sandbox made to it so far (`call_service`, but also pings and the like). */
export function callsOut(bench: BenchHub): number {
  return bench.router?.supervisor.connections.get('built-in')?.channel.stats.callsOut ?? 0;
}

// ---- Channel baseline ------------------------------------------------------------------

export interface PushBaseline {
  readonly pid: number;
  /** One ~100 B `call_service` round trip on the bare channel (the child echoes it). */
  call(): Promise<unknown>;
  /** Ask the child for `count` ~100 B `state_changed` pushes; resolves when all have arrived. */
  receive(count: number): Promise<void>;
  close(): Promise<void>;
}

/** The channel bench's Corral child (`dist/bench/channel-child-corral.js`): a bare Channel on fd 3. */
export async function startPushBaseline(): Promise<PushBaseline> {
  const child = trackIn(
    children,
    spawn(process.execPath, [join(here, 'channel-child-corral.js')], {
      stdio: ['ignore', 'inherit', 'inherit', 'pipe'],
      env: { ...process.env, NODE_OPTIONS: '' },
    }),
  );
  const channel = new Channel(childPipeTransport(child), { codec: new ProtobufCodec(), name: 'baseline' });
  let received = 0;
  let target = 0;
  let done: (() => void) | undefined;
  const ready = new Promise<void>((resolve) => channel.register('ready', () => resolve(), { inline: true }));
  channel.register(
    'state_changed',
    () => {
      if (++received === target) done?.();
    },
    { inline: true },
  );
  await withTimeout(ready, 'baseline child ready', 10_000);
  return {
    pid: child.pid ?? -1,
    call: () => channel.call('call_service', payloads.small.callRequest),
    async receive(count) {
      received = 0;
      target = count;
      const arrived = new Promise<void>((resolve) => {
        done = resolve;
      });
      const command: PushCommand = { count, size: 'small' };
      await channel.call('entity_query', { method: 'bench.push', args: encodeJson(command) });
      await arrived;
    },
    async close() {
      await channel.close();
      await reap(child);
    },
  };
}

// ---- CPU time ---------------------------------------------------------------------------

/** CPU time of every thread of `pid` so far, ns, from /proc/<pid>/task/<tid>/schedstat. */
export function cpuNs(pid: number | 'self'): number {
  let total = 0;
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      try {
        total += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
      } catch {}
    }
  } catch {
    return Number.NaN;
  }
  return total;
}

// ---- Statistics ---------------------------------------------------------------------------

export interface Summary {
  readonly median: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly min: number;
  readonly max: number;
  readonly n: number;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const n = sorted.length;
  const mid = Math.floor(n / 2);
  const median = n % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return {
    median,
    p50: percentile(sorted, 0.5),
    p90: percentile(sorted, 0.9),
    p99: percentile(sorted, 0.99),
    min: sorted[0]!,
    max: sorted[n - 1]!,
    n,
  };
}

export function median(samples: readonly number[]): number {
  return summarize(samples).median;
}

// ---- Module loading -------------------------------------------------------------------------

/**
 * Milliseconds a fresh `node` takes to import `file` (what an entry setup in a new
 * sandbox pays before the integration's code runs), timed inside the child.
 */
export function freshImportMs(file: string): Promise<number> {
  const script = `const t=performance.now();await import(${JSON.stringify(pathToFileURL(file).href)});process.stdout.write(String(performance.now()-t));`;
  const child = trackIn(
    children,
    spawn(process.execPath, ['--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, NODE_OPTIONS: '' },
    }),
  );
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve(Number(out)) : reject(new Error(`import of ${file} failed (${code})`)),
    );
  });
}

/** Runs `sandboxed-memory.js` in a fresh `node --expose-gc` and resolves with the JSON line it prints. */
export function memoryChild<T>(isolation: Isolation, count: number): Promise<T> {
  // The config dir is made (and, should the child die, deleted) here.
  const configDir = tempDir(`memory-${isolation}`);
  const args = ['--expose-gc', join(here, 'sandboxed-memory.js'), isolation, String(count), configDir];
  const child = trackIn(
    children,
    spawn(process.execPath, args, {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, NODE_OPTIONS: '' },
    }),
  );
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => {
      rmSync(configDir, { recursive: true, force: true });
      tempDirs.delete(configDir);
      if (code !== 0) return reject(new Error(`memory sample (${isolation}) exited with ${code}`));
      try {
        resolve(JSON.parse(out) as T);
      } catch (error) {
        reject(error);
      }
    });
  });
}
