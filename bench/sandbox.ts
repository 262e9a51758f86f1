/**
 * `npm run bench:sandbox`: the cost of a sandbox process, measured on real
 * children in one run and set against a bare `node` child doing the least any
 * sandbox must do (open the fd-3 frame pipe and write one length-prefixed frame):
 *
 * 1. spawn -> ready: `launchSandbox()` until its `ready` resolves, for the
 *    bundled runtime (`dist/runtime/sandbox.mjs`) and the unbundled entry
 *    (`dist/src/sandbox/main.js`), vs the bare child's spawn -> first frame.
 * 2. kill -9 -> running again: a `Supervisor`'s first restart (immediate by the
 *    default backoff) from SIGKILL until the next generation's `sandbox.ready`.
 * 3. idle memory: RSS and USS (Private_Clean + Private_Dirty of
 *    /proc/<pid>/smaps_rollup) of a runtime idle for `idleMs` after ready, vs
 *    the bare child idle the same way.
 *
 * Every child is waited for before the next sample starts, so samples never
 * compete with each other for the CPU; spawn and restart samples are
 * interleaved, so background load shifts both alike. Prints one markdown table
 * and writes the numbers as JSON to dist/bench-results/sandbox.json.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Duplex } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { type LaunchedSandbox, launchSandbox, nodeArgs, runtimeEntryPath } from '../src/actors/launch.js';
import { Supervisor } from '../src/actors/supervisor.js';
import type { Logger } from '../src/logger.js';
import { defaultProcessPolicy } from '../src/policy.js';
import { FRAME_FD, frameStdio } from '../src/wire/transports/pipe.js';
import { machine, reap, trackIn } from './support.js';

const here = dirname(fileURLToPath(import.meta.url));
const packageRoot = join(here, '..', '..');
const resultsPath = join(packageRoot, 'dist', 'bench-results', 'sandbox.json');
const bareScript = join(here, 'sandbox-bare.js');
const bundledEntry = runtimeEntryPath();
const unbundledEntry = join(packageRoot, 'dist', 'src', 'sandbox', 'main.js');

const plan = {
  /** Measured spawns per subject, interleaved round by round; each subject also gets `spawnWarmup` unmeasured. */
  spawnSamples: Number(process.env.BENCH_SPAWN_SAMPLES ?? 20),
  spawnWarmup: 2,
  restartSamples: Number(process.env.BENCH_RESTART_SAMPLES ?? 10),
  memorySamples: Number(process.env.BENCH_MEMORY_SAMPLES ?? 5),
  /** How long a child sits idle after its first frame before its memory is read. */
  idleMs: 1_000,
  /** Any single wait longer than this fails the run rather than hang it. */
  stepTimeoutMs: 10_000,
  /** The whole run is killed (children first) past this. */
  runTimeoutMs: 120_000,
};

const targets = { spawnVsBare: 1.5, restartVsSpawn: 1.5, ussVsBare: 2 };

// ---- Children ------------------------------------------------------------------

const children = new Set<ChildProcess>();

function killAll(): void {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

process.once('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    killAll();
    process.exit(130);
  });
}
const watchdog = setTimeout(() => {
  process.stderr.write(`bench:sandbox exceeded ${plan.runTimeoutMs} ms; killing every child\n`);
  killAll();
  process.exit(1);
}, plan.runTimeoutMs);
watchdog.unref();

/** Only a child's warnings and errors are worth a line here: they mean the run is off. */
const logger: Logger = (level, message, fields) => {
  if (level === 'warn' || level === 'error') process.stderr.write(`[${fields?.pid ?? '?'}] ${message}\n`);
};

function withTimeout<T>(promise: Promise<T>, what: string, ms = plan.stepTimeoutMs): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no result within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

interface Started {
  readonly pid: number;
  /** The child's first frame has arrived (the runtime's `ready`). */
  readonly ready: Promise<void>;
  /** Close the frame pipe, which ends either child, and wait for its exit. */
  close(): Promise<void>;
}

/** The bare baseline, spawned with the same node flags, env and stdio as `launchSandbox`. */
function startBare(): Started {
  const child = trackIn(
    children,
    spawn(process.execPath, [...nodeArgs(defaultProcessPolicy, [join(here, '*')]), bareScript], {
      stdio: [...frameStdio],
      env: { ...process.env, NODE_OPTIONS: '' },
    }),
  );
  child.stdout?.resume();
  child.stderr?.resume();
  const pipe = child.stdio[FRAME_FD] as Duplex;
  const ready = new Promise<void>((resolve, reject) => {
    pipe.once('data', () => resolve());
    child.once('error', reject);
    child.once('exit', (code, signal) => reject(new Error(`bare child exited (${code ?? signal})`)));
  });
  ready.catch(() => {});
  return {
    pid: child.pid ?? -1,
    ready,
    async close() {
      pipe.destroy();
      await reap(child);
    },
  };
}

async function startRuntime(entry: string): Promise<Started> {
  const sandbox: LaunchedSandbox = await launchSandbox({ group: 'bench', entry, logger });
  trackIn(children, sandbox.child);
  return {
    pid: sandbox.pid,
    ready: sandbox.ready.then(() => undefined),
    async close() {
      await withTimeout(sandbox.channel.close(), 'closing the channel').catch(() => {});
      await reap(sandbox.child);
    },
  };
}

// ---- Statistics ----------------------------------------------------------------

interface Summary {
  readonly median: number;
  readonly p90: number;
  readonly min: number;
  readonly max: number;
  readonly samples: number[];
}

function summarize(samples: number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const n = sorted.length;
  const mid = Math.floor(n / 2);
  const median = n % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return {
    median,
    p90: sorted[Math.max(0, Math.ceil(0.9 * n) - 1)]!,
    min: sorted[0]!,
    max: sorted[n - 1]!,
    samples: samples.map((x) => Math.round(x * 100) / 100),
  };
}

// ---- 1. spawn -> ready -----------------------------------------------------------

type SpawnSubject = 'bare' | 'bundled' | 'unbundled';

function start(subject: SpawnSubject): Promise<Started> {
  if (subject === 'bare') return Promise.resolve(startBare());
  return startRuntime(subject === 'bundled' ? bundledEntry : unbundledEntry);
}

/** Spawn until the first frame has arrived; the clock starts before `spawn`/`launchSandbox` is called. */
async function spawnToReady(subject: SpawnSubject): Promise<number> {
  const t0 = performance.now();
  const started = await start(subject);
  try {
    await withTimeout(started.ready, `${subject} spawn -> ready`);
    return performance.now() - t0;
  } finally {
    await started.close();
  }
}

// ---- 2. kill -9 -> running again -------------------------------------------------

interface RestartSample {
  /** SIGKILL -> the next generation's `sandbox.ready`. */
  readonly totalMs: number;
  /** SIGKILL -> the host saw the exit. */
  readonly exitSeenMs: number;
  /** SIGKILL -> the next generation's process was spawned (`onLaunched`). */
  readonly respawnedMs: number;
}

async function restartOnce(): Promise<RestartSample> {
  const launchedAt = new Map<number, number>();
  const launched: LaunchedSandbox[] = [];
  // A fresh supervisor per sample: every kill is its first restart, which the default backoff makes immediate.
  const supervisor = new Supervisor({
    policy: { heartbeatIntervalMs: 0, restartIntensity: 1_000, backoff: { jitter: 0 } },
    logger,
    onLaunched: (_group, generation, sandbox) => {
      launchedAt.set(generation, performance.now());
      launched.push(sandbox);
      trackIn(children, sandbox.child);
    },
  });
  let readyGeneration = 0;
  const readySub = supervisor.on('sandbox.ready', (event) => {
    readyGeneration = event.generation;
  });
  try {
    const first = await withTimeout(supervisor.ensureStarted('bench'), 'first start');
    const generation = readyGeneration;
    const nextReady = new Promise<number>((resolve) => {
      const sub = supervisor.on('sandbox.ready', (event) => {
        if (event.generation > generation) {
          sub.unsubscribe();
          resolve(performance.now());
        }
      });
    });
    const exitSeen = first.exited.then(() => performance.now());
    const t0 = performance.now();
    process.kill(first.pid, 'SIGKILL');
    const readyAt = await withTimeout(nextReady, 'kill -9 -> running again');
    const exitAt = await exitSeen;
    return {
      totalMs: readyAt - t0,
      exitSeenMs: exitAt - t0,
      respawnedMs: (launchedAt.get(generation + 1) ?? Number.NaN) - t0,
    };
  } finally {
    readySub.unsubscribe();
    await withTimeout(supervisor.stop(), 'supervisor stop').catch(() => {});
    await Promise.all(launched.map((sandbox) => reap(sandbox.child)));
  }
}

interface StartupResults {
  readonly spawn: Record<SpawnSubject, Summary>;
  readonly restart: { total: Summary; exitSeen: Summary; respawned: Summary };
}

/**
 * Spawn and restart samples interleaved in the same rounds, so a change in
 * background load shifts both sides of the restart -> spawn ratio alike.
 */
async function measureStartups(): Promise<StartupResults> {
  const subjects: SpawnSubject[] = ['bare', 'bundled', 'unbundled'];
  const spawns: Record<SpawnSubject, number[]> = { bare: [], bundled: [], unbundled: [] };
  const restarts: RestartSample[] = [];
  const rounds = Math.max(plan.spawnSamples, plan.restartSamples);
  for (let round = -plan.spawnWarmup; round < rounds; round++) {
    // Rotate the order each round so no subject always follows the same one.
    const offset = (round + plan.spawnWarmup) % subjects.length;
    for (const subject of [...subjects.slice(offset), ...subjects.slice(0, offset)]) {
      const ms = await spawnToReady(subject);
      if (round >= 0 && round < plan.spawnSamples) spawns[subject].push(ms);
    }
    // Restart samples spread evenly over the rounds (the first warm-up round warms the supervisor).
    const dueRestarts = round < 0 ? 0 : Math.floor(((round + 1) * plan.restartSamples) / rounds);
    if (round === -plan.spawnWarmup) await restartOnce();
    while (restarts.length < dueRestarts) restarts.push(await restartOnce());
  }
  return {
    spawn: {
      bare: summarize(spawns.bare),
      bundled: summarize(spawns.bundled),
      unbundled: summarize(spawns.unbundled),
    },
    restart: {
      total: summarize(restarts.map((s) => s.totalMs)),
      exitSeen: summarize(restarts.map((s) => s.exitSeenMs)),
      respawned: summarize(restarts.map((s) => s.respawnedMs)),
    },
  };
}

// ---- 3. idle memory -----------------------------------------------------------------

/** The fields of /proc/<pid>/smaps_rollup, in bytes. */
type Rollup = Record<string, number>;

function readRollup(pid: number): Rollup {
  const rollup: Rollup = {};
  for (const line of readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8').split('\n')) {
    const match = /^(\w+):\s+(\d+) kB$/.exec(line);
    if (match) rollup[match[1]!] = Number(match[2]) * 1024;
  }
  return rollup;
}

interface MemorySample {
  readonly rssBytes: number;
  /** Private_Clean + Private_Dirty: what the system gets back when this process exits. */
  readonly ussBytes: number;
  readonly rollup: Rollup;
}

async function idleMemory(subject: 'bare' | 'bundled'): Promise<MemorySample> {
  const started = await start(subject);
  try {
    await withTimeout(started.ready, `${subject} ready`);
    await sleep(plan.idleMs);
    const rollup = readRollup(started.pid);
    return {
      rssBytes: rollup.Rss ?? Number.NaN,
      ussBytes: (rollup.Private_Clean ?? Number.NaN) + (rollup.Private_Dirty ?? Number.NaN),
      rollup,
    };
  } finally {
    await started.close();
  }
}

async function measureMemory(): Promise<Record<'bare' | 'bundled', { rss: Summary; uss: Summary }>> {
  // One child at a time: pages two live children share would drop out of both USS figures.
  const samples: Record<'bare' | 'bundled', MemorySample[]> = { bare: [], bundled: [] };
  for (let i = 0; i < plan.memorySamples; i++) {
    for (const subject of i % 2 ? (['bundled', 'bare'] as const) : (['bare', 'bundled'] as const)) {
      samples[subject].push(await idleMemory(subject));
    }
  }
  const mib = (bytes: number) => bytes / 2 ** 20;
  const summarizeMemory = (list: MemorySample[]) => ({
    rss: summarize(list.map((s) => mib(s.rssBytes))),
    uss: summarize(list.map((s) => mib(s.ussBytes))),
  });
  return { bare: summarizeMemory(samples.bare), bundled: summarizeMemory(samples.bundled) };
}

// ---- Report ---------------------------------------------------------------------------

const ms = (x: number) => `${x.toFixed(1)} ms`;
const mib = (x: number) => `${x.toFixed(1)} MiB`;
const ratio = (x: number) => `${x.toFixed(2)}x`;
const verdict = (value: number, target: number) => (value <= target ? 'met' : 'MISSED');

async function main(): Promise<void> {
  const began = performance.now();
  const info = machine();
  const { spawn: spawnResult, restart } = await measureStartups();
  const memory = await measureMemory();
  const elapsedS = (performance.now() - began) / 1000;

  const bundledVsBare = spawnResult.bundled.median / spawnResult.bare.median;
  const unbundledVsBare = spawnResult.unbundled.median / spawnResult.bare.median;
  const restartVsSpawn = restart.total.median / spawnResult.bundled.median;
  const rssVsBare = memory.bundled.rss.median / memory.bare.rss.median;
  const ussVsBare = memory.bundled.uss.median / memory.bare.uss.median;
  const n = plan.spawnSamples;
  const spread = (s: Summary) => `${ms(s.median)} / ${ms(s.p90)}`;

  const rows: string[][] = [
    ['Measurement', 'Corral', 'Baseline', 'Ratio', 'Target', 'Result'],
    [
      `spawn -> ready, bundled runtime (median / p90 of ${n})`,
      spread(spawnResult.bundled),
      `bare node: ${spread(spawnResult.bare)}`,
      ratio(bundledVsBare),
      `<= ${targets.spawnVsBare}x`,
      verdict(bundledVsBare, targets.spawnVsBare),
    ],
    [
      `spawn -> ready, unbundled dist/src entry (median / p90 of ${n})`,
      spread(spawnResult.unbundled),
      `bare node: ${spread(spawnResult.bare)}`,
      ratio(unbundledVsBare),
      '(for comparison)',
      '-',
    ],
    [
      `kill -9 -> running again, first restart (median / p90 of ${plan.restartSamples})`,
      spread(restart.total),
      `bundled spawn -> ready: ${ms(spawnResult.bundled.median)}`,
      ratio(restartVsSpawn),
      `<= ${targets.restartVsSpawn}x`,
      verdict(restartVsSpawn, targets.restartVsSpawn),
    ],
    [
      `idle RSS, ${plan.idleMs / 1000} s after ready (median of ${plan.memorySamples})`,
      mib(memory.bundled.rss.median),
      `bare node: ${mib(memory.bare.rss.median)}`,
      ratio(rssVsBare),
      '(for comparison)',
      '-',
    ],
    [
      `idle USS = Private_Clean + Private_Dirty (median of ${plan.memorySamples})`,
      mib(memory.bundled.uss.median),
      `bare node: ${mib(memory.bare.uss.median)}`,
      ratio(ussVsBare),
      `<= ${targets.ussVsBare}x`,
      verdict(ussVsBare, targets.ussVsBare),
    ],
  ];
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((row) => row[col]!.length)));
  const line = (row: string[]) => `| ${row.map((cell, col) => cell.padEnd(widths[col]!)).join(' | ')} |`;
  const table = [
    line(rows[0]!),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...rows.slice(1).map(line),
  ];

  console.log(`\n## Sandbox start-up, restart and memory\n`);
  console.log(table.join('\n'));
  console.log(
    `\nRestart, medians from SIGKILL: host sees the exit at ${ms(restart.exitSeen.median)}, ` +
      `next process spawned at ${ms(restart.respawned.median)}, its sandbox.ready at ${ms(restart.total.median)}.`,
  );
  console.log(
    `Machine: ${info.cpu}, ${info.cores} cores, ${info.memoryGiB} GiB, ${info.platform}; ` +
      `node ${info.node}; ${info.date}; load average ${info.loadAverage} at start; bench ran ${elapsedS.toFixed(1)} s.`,
  );
  if (info.loadAverage >= info.cores / 2) {
    console.log(
      `Warning: the machine was busy (load ${info.loadAverage} on ${info.cores} cores); start-up times and ratios are noisier.`,
    );
  }

  const results = {
    machine: info,
    plan,
    targets,
    elapsedS,
    spawnToReadyMs: spawnResult,
    restartMs: restart,
    idleMemoryMiB: {
      definition: 'RSS = Rss, USS = Private_Clean + Private_Dirty, both from /proc/<pid>/smaps_rollup',
      ...memory,
    },
    ratios: { bundledVsBare, unbundledVsBare, restartVsSpawn, rssVsBare, ussVsBare },
    met: {
      spawnVsBare: bundledVsBare <= targets.spawnVsBare,
      restartVsSpawn: restartVsSpawn <= targets.restartVsSpawn,
      ussVsBare: ussVsBare <= targets.ussVsBare,
    },
  };
  mkdirSync(dirname(resultsPath), { recursive: true });
  writeFileSync(resultsPath, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`JSON: ${resultsPath}`);
}

main().then(
  () => {
    if (children.size > 0) process.stderr.write(`warning: ${children.size} children still tracked at exit\n`);
    process.exit(0);
  },
  (error: unknown) => {
    process.stderr.write(`bench:sandbox failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    killAll();
    process.exit(1);
  },
);
