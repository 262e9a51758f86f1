/**
 * `npm run bench:os`: what the OS sandbox (bubblewrap) costs a sandbox process, measured
 * on real children in one run, each subject interleaved round by round:
 *
 * - bare node: `node sandbox-bare.js` (open fd 3, write one frame) — the floor;
 * - bare node under bwrap: the same child inside the same bwrap command line the runtime
 *   gets — bwrap's own cost;
 * - runtime: `launchSandbox()` without the OS sandbox, spawn -> `ready`;
 * - runtime under bwrap: the same with `isolation.os: bwrap` — what a hub's default pays.
 *
 * Plus idle USS (Private_Clean + Private_Dirty) of the runtime with and without bwrap
 * and of bare node. Prints a markdown table; writes JSON to dist/bench-results/os-sandbox.json.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Duplex } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { launchSandbox, nodeArgs } from '../src/actors/launch.js';
import { bwrapArgs, isRoot, type OsSandboxPlan, planOsSandbox } from '../src/actors/os-sandbox.js';
import { defaultProcessPolicy } from '../src/policy.js';
import { FRAME_FD, frameStdio } from '../src/wire/transports/pipe.js';
import { machine, reap, trackIn } from './support.js';

const here = dirname(fileURLToPath(import.meta.url));
const resultsPath = join(here, '..', '..', 'dist', 'bench-results', 'os-sandbox.json');
const bareScript = join(here, 'sandbox-bare.js');
const samples = Number(process.env.BENCH_SPAWN_SAMPLES ?? 20);
const memorySamples = Number(process.env.BENCH_MEMORY_SAMPLES ?? 5);
const children = new Set<ChildProcess>();
const policy = defaultProcessPolicy;

type Subject = 'bare' | 'bareBwrap' | 'runtime' | 'runtimeBwrap';
interface Started {
  readonly pid: number;
  readonly ready: Promise<unknown>;
  close(): Promise<void>;
}

function startBare(plan: OsSandboxPlan | undefined): Started {
  const node = [process.execPath, ...nodeArgs(policy, [join(here, '*')]), bareScript];
  const bwrap = plan?.bwrap;
  const drop =
    isRoot() && plan?.setpriv
      ? { uid: policy.sandboxUid, gid: policy.sandboxGid, setpriv: plan.setpriv }
      : undefined;
  const [file, ...args] = bwrap
    ? [
        bwrap,
        ...bwrapArgs({ bwrap, execPath: process.execPath, readOnly: [here], network: true, drop }, node),
      ]
    : node;
  const child = trackIn(
    children,
    spawn(file as string, args, { stdio: [...frameStdio], env: { PATH: process.env.PATH } }),
  );
  child.stdout?.resume();
  child.stderr?.resume();
  const pipe = child.stdio[FRAME_FD] as Duplex;
  const ready = new Promise<void>((resolve, reject) => {
    pipe.once('data', () => resolve());
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

async function startRuntime(plan: OsSandboxPlan | undefined): Promise<Started> {
  const sandbox = await launchSandbox({ group: 'bench', os: plan, readPaths: [] });
  trackIn(children, sandbox.child);
  return {
    pid: sandbox.pid,
    ready: sandbox.ready,
    async close() {
      await sandbox.channel.close().catch(() => {});
      await reap(sandbox.child);
    },
  };
}

function start(subject: Subject, plan: OsSandboxPlan): Promise<Started> {
  if (subject === 'bare') return Promise.resolve(startBare(undefined));
  if (subject === 'bareBwrap') return Promise.resolve(startBare(plan));
  return startRuntime(subject === 'runtimeBwrap' ? plan : undefined);
}

const median = (list: number[]) => {
  const sorted = [...list].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

function uss(pid: number): number {
  let bytes = 0;
  for (const line of readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8').split('\n')) {
    const match = /^Private_(Clean|Dirty):\s+(\d+) kB$/.exec(line);
    if (match) bytes += Number(match[2]) * 1024;
  }
  return bytes / 2 ** 20;
}

async function main(): Promise<void> {
  const plan = await planOsSandbox('bwrap', { uid: policy.sandboxUid, gid: policy.sandboxGid });
  const subjects: Subject[] = ['bare', 'bareBwrap', 'runtime', 'runtimeBwrap'];
  const spawnMs: Record<Subject, number[]> = { bare: [], bareBwrap: [], runtime: [], runtimeBwrap: [] };
  for (let round = -2; round < samples; round++) {
    const offset = (round + 2) % subjects.length;
    for (const subject of [...subjects.slice(offset), ...subjects.slice(0, offset)]) {
      const t0 = performance.now();
      const started = await start(subject, plan);
      await started.ready;
      const ms = performance.now() - t0;
      await started.close();
      if (round >= 0) spawnMs[subject].push(ms);
    }
  }
  const memory: Record<'bare' | 'runtime' | 'runtimeBwrap', number[]> = {
    bare: [],
    runtime: [],
    runtimeBwrap: [],
  };
  for (let i = 0; i < memorySamples; i++) {
    for (const subject of ['bare', 'runtime', 'runtimeBwrap'] as const) {
      const started = await start(subject, plan);
      await started.ready;
      await sleep(1_000);
      memory[subject].push(uss(started.pid));
      await started.close();
    }
  }
  const m = Object.fromEntries(subjects.map((s) => [s, median(spawnMs[s])])) as Record<Subject, number>;
  const u = {
    bare: median(memory.bare),
    runtime: median(memory.runtime),
    runtimeBwrap: median(memory.runtimeBwrap),
  };
  const fmt = (x: number) => `${x.toFixed(1)} ms`;
  const rows = [
    ['spawn -> first frame, bare node', fmt(m.bare), '1.00x bare'],
    [
      'spawn -> first frame, bare node under bwrap (bwrap itself)',
      fmt(m.bareBwrap),
      `${(m.bareBwrap / m.bare).toFixed(2)}x bare, +${fmt(m.bareBwrap - m.bare)}`,
    ],
    ['spawn -> ready, runtime', fmt(m.runtime), `${(m.runtime / m.bare).toFixed(2)}x bare`],
    [
      'spawn -> ready, runtime under bwrap',
      fmt(m.runtimeBwrap),
      `${(m.runtimeBwrap / m.bare).toFixed(2)}x bare, ${(m.runtimeBwrap / m.runtime).toFixed(2)}x runtime`,
    ],
    ['idle USS, bare node', `${u.bare.toFixed(1)} MiB`, '1.00x bare'],
    ['idle USS, runtime', `${u.runtime.toFixed(1)} MiB`, `${(u.runtime / u.bare).toFixed(2)}x bare`],
    [
      'idle USS, runtime under bwrap',
      `${u.runtimeBwrap.toFixed(1)} MiB`,
      `${(u.runtimeBwrap / u.bare).toFixed(2)}x bare`,
    ],
  ];
  console.log(
    `machine: ${JSON.stringify(machine())}; ${samples} spawn samples per subject (medians), root: ${isRoot()}`,
  );
  console.log('| measure | median | ratio |\n| --- | ---: | ---: |');
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
  mkdirSync(dirname(resultsPath), { recursive: true });
  writeFileSync(resultsPath, JSON.stringify({ spawnMs, memory, medians: m, uss: u }, null, 2));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    for (const child of children) child.kill('SIGKILL');
    process.exit(1);
  },
);
