/**
 * `npm run bench:channel`: Corral's channel against real child processes,
 * next to the physical limit of its pipe (raw length-prefixed echo on the same
 * fd-3 pipe, no codec) and Node's built-in IPC (`fork` + `process.send`, json
 * and advanced serialization), all measured in one run.
 *
 * Prints a markdown table and writes the same numbers as JSON to
 * dist/bench-results/channel.json.
 */
import { type ChildProcess, fork, type Serializable, spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Channel } from '../src/wire/channel.js';
import { encodeJson } from '../src/wire/json.js';
import { ProtobufCodec } from '../src/wire/protobuf-codec.js';
import { childPipeTransport } from '../src/wire/transports/pipe.js';
import type { StreamTransport } from '../src/wire/transports/stream.js';
import { type IpcMessage, type PushCommand, rawControl } from './channel-shared.js';
import { payloads, type SizeKey, sizes } from './payloads.js';
import { machine, reap, trackIn } from './support.js';

const here = dirname(fileURLToPath(import.meta.url));
const packageRoot = join(here, '..', '..');
const resultsPath = join(packageRoot, 'dist', 'bench-results', 'channel.json');

/** Work per measurement, per payload size. */
const plan = {
  /** Rounds over every subject; each metric reports the median round. */
  rounds: Number(process.env.BENCH_ROUNDS ?? 3),
  warmupCalls: 1_000,
  /**
   * Sequential calls per subject, taken in blocks that alternate between the
   * subjects, so that all of them see the same machine: on a shared VM the
   * round-trip time shifts by tens of µs for seconds at a time.
   */
  sequentialCalls: 5_000,
  sequentialBlock: 250,
  inflight: 1_000,
  /** Pipelined calls stop at this many or after `pipelinedMaxMs`, whichever comes first. */
  pipelinedCalls: { small: 200_000, large: 30_000 } satisfies Record<SizeKey, number>,
  pipelinedMaxMs: 1_500,
  pushes: { small: 200_000, large: 10_000 } satisfies Record<SizeKey, number>,
  /** Any one measurement taking longer than this fails the run rather than hang it. */
  measurementTimeoutMs: 30_000,
};

/** For profiling: `BENCH_SUBJECTS=corral,raw` limits the subjects; `BENCH_CHILD_ARGS` goes to every child's node. */
const childExecArgv = (process.env.BENCH_CHILD_ARGS ?? '').split(' ').filter(Boolean);

// ---- Subjects ------------------------------------------------------------------

interface Subject {
  readonly name: string;
  /** The child's pid, for its CPU time. */
  readonly pid: number;
  /** One `call_service` round trip carrying the payload of `size`. */
  call(size: SizeKey): Promise<unknown>;
  /** Ask the child for `count` `state_changed` pushes; resolves when all have arrived. */
  receivePushes(size: SizeKey, count: number): Promise<void>;
  close(): Promise<void>;
}

const children = new Set<ChildProcess>();

/** A child on the dedicated frame pipe (fd 3), as Corral launches sandboxes. */
function spawnPiped(script: string): ChildProcess {
  return trackIn(
    children,
    spawn(process.execPath, [...childExecArgv, join(here, script)], {
      stdio: ['ignore', 'inherit', 'inherit', 'pipe'],
      env: { ...process.env, NODE_OPTIONS: '' },
    }),
  );
}

/** Counts pushes until a target, then resolves. */
class PushCounter {
  private received = 0;
  private target = 0;
  private done: (() => void) | null = null;

  expect(count: number): Promise<void> {
    this.received = 0;
    this.target = count;
    return new Promise((resolve) => {
      this.done = resolve;
    });
  }

  arrived(): void {
    if (++this.received === this.target) this.done?.();
  }
}

async function corralSubject(): Promise<Subject> {
  const child = spawnPiped('channel-child-corral.js');
  const channel = new Channel(childPipeTransport(child), { codec: new ProtobufCodec(), name: 'bench' });
  const pushes = new PushCounter();
  const ready = new Promise<void>((resolve) => channel.register('ready', () => resolve(), { inline: true }));
  channel.register('state_changed', () => pushes.arrived(), { inline: true });
  await ready;
  return {
    name: 'Corral (Channel + ProtobufCodec, fd 3)',
    pid: child.pid ?? -1,
    call: (size) => channel.call('call_service', payloads[size].callRequest),
    async receivePushes(size, count) {
      const arrived = pushes.expect(count);
      const command: PushCommand = { count, size };
      await channel.call('entity_query', { method: 'bench.push', args: encodeJson(command) });
      await arrived;
    },
    async close() {
      await channel.close();
      await reap(child);
    },
  };
}

async function rawSubject(): Promise<Subject> {
  const child = spawnPiped('channel-child-raw.js');
  const transport: StreamTransport = childPipeTransport(child);
  // Echoes come back in order, so a FIFO of resolvers is all the bookkeeping there is.
  const waiting: Array<() => void> = [];
  let head = 0;
  let pushing = false;
  const pushes = new PushCounter();
  let readyResolve!: () => void;
  const ready = new Promise<void>((resolve) => {
    readyResolve = resolve;
  });
  transport.start({
    frame(bytes) {
      if (pushing) pushes.arrived();
      else if (bytes.length === 0) readyResolve();
      else {
        const resolve = waiting[head]!;
        waiting[head++] = undefined as never;
        if (head === waiting.length) {
          waiting.length = 0;
          head = 0;
        }
        resolve();
      }
    },
    end: () => {},
  });
  await ready;
  return {
    name: 'Raw framing echo (fd 3, no codec)',
    pid: child.pid ?? -1,
    call(size) {
      return new Promise<void>((resolve) => {
        waiting.push(resolve);
        transport.write(payloads[size].callFrame);
      });
    },
    async receivePushes(size, count) {
      pushing = true;
      const arrived = pushes.expect(count);
      transport.write(rawControl({ count, size }));
      await arrived;
      pushing = false;
    },
    async close() {
      await transport.close();
      await reap(child);
    },
  };
}

async function ipcSubject(serialization: 'json' | 'advanced'): Promise<Subject> {
  const child = trackIn(
    children,
    fork(join(here, 'channel-child-ipc.js'), [], {
      serialization,
      execArgv: childExecArgv,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      env: { ...process.env, NODE_OPTIONS: '' },
    }),
  );
  const pending = new Map<number, (payload: unknown) => void>();
  const pushes = new PushCounter();
  let nextId = 0;
  let readyResolve!: () => void;
  const ready = new Promise<void>((resolve) => {
    readyResolve = resolve;
  });
  child.on('message', (message: IpcMessage) => {
    if (message.id === 0) {
      if (message.type === 'state_changed') pushes.arrived();
      else if (message.type === 'ready') readyResolve();
      return;
    }
    const resolve = pending.get(message.id);
    pending.delete(message.id);
    resolve?.(message.payload);
  });
  const send = (message: IpcMessage) => child.send(message as unknown as Serializable);
  await ready;
  return {
    name: `Node IPC, serialization '${serialization}'`,
    pid: child.pid ?? -1,
    call(size) {
      return new Promise((resolve) => {
        nextId = nextId >= 0x7fff_ffff ? 1 : nextId + 1;
        pending.set(nextId, resolve);
        send({ id: nextId, type: 'call_service', payload: payloads[size].ipcCall });
      });
    },
    async receivePushes(size, count) {
      const arrived = pushes.expect(count);
      const command: PushCommand = { count, size };
      send({ id: 0, type: 'bench.push', payload: command });
      await arrived;
    },
    async close() {
      child.disconnect();
      await reap(child);
    },
  };
}

// ---- Measurements --------------------------------------------------------------

interface Sample {
  p50Us: number;
  p99Us: number;
  callsPerSec: number;
  pushesPerSec: number;
  /** CPU time of host plus child per sequential call, per pipelined call and per push (µs). */
  sequentialCpuUs: number;
  pipelinedCpuUs: number;
  pushCpuUs: number;
}

/**
 * CPU time (ns) a process has used so far, all its threads summed, from
 * /proc/<pid>/task/<tid>/schedstat (nanosecond resolution); NaN off Linux.
 */
function cpuNs(pid: number): number {
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return Number.NaN;
  }
  let total = 0;
  for (const task of tasks) {
    try {
      total += Number(readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      // The thread ended between listing and reading.
    }
  }
  return total;
}

/** Runs `work` and returns its result with the host + child CPU µs it cost per `units()`. */
async function withCpu<T>(
  subject: Subject,
  work: () => Promise<T>,
  units: (result: T) => number,
): Promise<[T, number]> {
  const before = cpuNs(process.pid) + cpuNs(subject.pid);
  const result = await work();
  const used = cpuNs(process.pid) + cpuNs(subject.pid) - before;
  return [result, used / 1_000 / units(result)];
}

function withTimeout<T>(what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what} took over ${plan.measurementTimeoutMs} ms`)),
      plan.measurementTimeoutMs,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function percentile(sorted: readonly number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

/** Round-trip times (µs) of `calls` one-at-a-time calls, written into `into` from `offset`. */
async function sequential(
  subject: Subject,
  size: SizeKey,
  calls: number,
  into = new Float64Array(calls),
  offset = 0,
): Promise<Float64Array> {
  for (let i = 0; i < calls; i++) {
    const start = performance.now();
    await subject.call(size);
    into[offset + i] = (performance.now() - start) * 1_000;
  }
  return into;
}

interface LatencySample {
  p50Us: number;
  p99Us: number;
  sequentialCpuUs: number;
}

/** Sequential latency of every subject, in alternating blocks (see `plan.sequentialBlock`). */
async function interleavedSequential(
  subjects: readonly (readonly [SubjectKey, Subject])[],
  size: SizeKey,
): Promise<Map<SubjectKey, LatencySample>> {
  const { sequentialCalls: calls, sequentialBlock: block } = plan;
  const latencies = new Map(subjects.map(([key]) => [key, new Float64Array(calls)]));
  const cpuUs = new Map(subjects.map(([key]) => [key, 0]));
  for (let offset = 0, turn = 0; offset < calls; offset += block, turn++) {
    const n = Math.min(block, calls - offset);
    for (let i = 0; i < subjects.length; i++) {
      const [key, subject] = subjects[(i + turn) % subjects.length]!;
      const [, used] = await withCpu(
        subject,
        () =>
          withTimeout(
            `${subject.name} ${size} sequential`,
            sequential(subject, size, n, latencies.get(key), offset),
          ),
        () => 1,
      );
      cpuUs.set(key, cpuUs.get(key)! + used);
    }
  }
  const out = new Map<SubjectKey, LatencySample>();
  for (const [key] of subjects) {
    const sorted = Array.from(latencies.get(key)!).sort((a, b) => a - b);
    out.set(key, {
      p50Us: percentile(sorted, 50),
      p99Us: percentile(sorted, 99),
      sequentialCpuUs: cpuUs.get(key)! / calls,
    });
  }
  return out;
}

/**
 * Calls per second with `inflight` calls kept outstanding until `total` have
 * been issued or `maxMs` has passed; the clock stops when the last one returns.
 */
async function pipelined(
  subject: Subject,
  size: SizeKey,
  total: number,
  inflight: number,
  maxMs = Number.POSITIVE_INFINITY,
): Promise<{ callsPerSec: number; calls: number }> {
  let issued = 0;
  const start = performance.now();
  const deadline = start + maxMs;
  const lane = async () => {
    while (issued < total) {
      // Checking the clock every 256 calls keeps it off the hot path.
      if ((issued & 255) === 0 && performance.now() > deadline) break;
      issued++;
      await subject.call(size);
    }
  };
  await Promise.all(Array.from({ length: inflight }, lane));
  return { callsPerSec: issued / ((performance.now() - start) / 1_000), calls: issued };
}

async function pushRate(subject: Subject, size: SizeKey, count: number): Promise<number> {
  const start = performance.now();
  await subject.receivePushes(size, count);
  return count / ((performance.now() - start) / 1_000);
}

async function warmUp(subject: Subject, size: SizeKey): Promise<void> {
  const label = `${subject.name} ${size} warm-up`;
  await withTimeout(label, pipelined(subject, size, plan.warmupCalls * 4, plan.inflight));
  await withTimeout(label, sequential(subject, size, plan.warmupCalls));
}

interface ThroughputSample {
  callsPerSec: number;
  pushesPerSec: number;
  pipelinedCpuUs: number;
  pushCpuUs: number;
}

async function throughput(subject: Subject, size: SizeKey): Promise<ThroughputSample> {
  const label = `${subject.name} ${size}`;
  const [{ callsPerSec }, pipelinedCpuUs] = await withCpu(
    subject,
    () =>
      withTimeout(
        `${label} pipelined`,
        pipelined(subject, size, plan.pipelinedCalls[size], plan.inflight, plan.pipelinedMaxMs),
      ),
    (result) => result.calls,
  );
  const [pushesPerSec, pushCpuUs] = await withCpu(
    subject,
    () => withTimeout(`${label} push`, pushRate(subject, size, plan.pushes[size])),
    () => plan.pushes[size],
  );
  return { callsPerSec, pushesPerSec, pipelinedCpuUs, pushCpuUs };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[(sorted.length - 1) >> 1]!;
}

// ---- Report --------------------------------------------------------------------

const allSubjectKeys = ['corral', 'raw', 'ipcJson', 'ipcAdvanced'] as const;
type SubjectKey = (typeof allSubjectKeys)[number];
const subjectKeys = allSubjectKeys.filter(
  (key) => !process.env.BENCH_SUBJECTS || process.env.BENCH_SUBJECTS.split(',').includes(key),
);
const subjectFactories: Record<SubjectKey, () => Promise<Subject>> = {
  corral: corralSubject,
  raw: rawSubject,
  ipcJson: () => ipcSubject('json'),
  ipcAdvanced: () => ipcSubject('advanced'),
};
const columnTitles: Record<SubjectKey, string> = {
  corral: 'Corral',
  raw: 'Raw fd-3 framing',
  ipcJson: 'Node IPC json',
  ipcAdvanced: 'Node IPC advanced',
};

type Metric = keyof Sample;
const metrics: { key: Metric; title: string }[] = [
  { key: 'p50Us', title: 'sequential call p50 (µs)' },
  { key: 'p99Us', title: 'sequential call p99 (µs)' },
  { key: 'callsPerSec', title: `pipelined calls/s (${plan.inflight} in flight)` },
  { key: 'pushesPerSec', title: 'push/s child -> host' },
  { key: 'sequentialCpuUs', title: 'CPU per sequential call, host + child (µs)' },
  { key: 'pipelinedCpuUs', title: 'CPU per pipelined call, host + child (µs)' },
  { key: 'pushCpuUs', title: 'CPU per push, host + child (µs)' },
];

interface Target {
  readonly size: SizeKey;
  readonly metric: Metric;
  readonly label: string;
  /** Corral / Node IPC json must be at least (`min`) or at most (`max`) this. */
  readonly min?: number;
  readonly max?: number;
}

const targets: Target[] = [
  { size: 'small', metric: 'callsPerSec', label: 'pipelined calls, ~100 B', min: 1.5 },
  { size: 'small', metric: 'pushesPerSec', label: 'push, ~100 B', min: 1.5 },
  { size: 'small', metric: 'p50Us', label: 'sequential p50, ~100 B', max: 1.0 },
  { size: 'large', metric: 'callsPerSec', label: 'pipelined calls, 4 KiB', min: 1.0 },
  { size: 'large', metric: 'pushesPerSec', label: 'push, 4 KiB', min: 1.0 },
  { size: 'large', metric: 'p50Us', label: 'sequential p50, 4 KiB', max: 1.0 },
];

function format(value: number, metric: Metric): string {
  const rate = metric === 'callsPerSec' || metric === 'pushesPerSec';
  const digits = rate ? 0 : value < 10 ? 2 : value < 100 ? 1 : 0;
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

/** Subjects left out with BENCH_SUBJECTS are missing. */
type Results = Record<SizeKey, Partial<Record<SubjectKey, Sample>>>;

/** Corral / Node IPC json for one cell; NaN when either was not measured. */
function vsIpcJson(results: Results, size: SizeKey, metric: Metric): number {
  const corral = results[size].corral?.[metric];
  const ipc = results[size].ipcJson?.[metric];
  return corral !== undefined && ipc !== undefined ? corral / ipc : Number.NaN;
}

/** Bytes on the wire per message: the Corral frame and the Node IPC json line (plus its newline). */
function messageBytes(size: SizeKey) {
  const payload = payloads[size];
  const ipcLine = (message: IpcMessage) => Buffer.byteLength(JSON.stringify(message)) + 1;
  return {
    corralCall: payload.callFrame.length,
    corralPush: payload.pushFrame.length,
    ipcJsonCall: ipcLine({ id: 1000, type: 'call_service', payload: payload.ipcCall }),
    ipcJsonPush: ipcLine({ id: 0, type: 'state_changed', payload: payload.ipcPush }),
  };
}

function table(results: Results): string {
  const lines = [
    `| Payload | Metric | ${subjectKeys.map((k) => columnTitles[k]).join(' | ')} | Corral / IPC json |`,
    `|---|---|${subjectKeys.map(() => '---:').join('|')}|---:|`,
  ];
  for (const size of ['small', 'large'] as const) {
    for (const metric of metrics) {
      const row = results[size];
      const ratio = vsIpcJson(results, size, metric.key);
      lines.push(
        `| ${sizes[size].label} | ${metric.title} | ${subjectKeys
          .map((k) => format(row[k]?.[metric.key] ?? Number.NaN, metric.key))
          .join(' | ')} | ${ratio.toFixed(2)}x |`,
      );
    }
  }
  return lines.join('\n');
}

function ratioReport(results: Results) {
  return targets.map((target) => {
    const ratio = vsIpcJson(results, target.size, target.metric);
    const met =
      target.min !== undefined ? ratio >= target.min : ratio <= (target.max ?? Number.POSITIVE_INFINITY);
    const goal = target.min !== undefined ? `>= ${target.min.toFixed(1)}x` : `<= ${target.max?.toFixed(1)}x`;
    return { ...target, ratio, goal, met };
  });
}

// ---- Main ----------------------------------------------------------------------

async function main(): Promise<void> {
  const started = performance.now();
  const info = machine();
  const samples: Record<SizeKey, Record<SubjectKey, Sample[]>> = {
    small: { corral: [], raw: [], ipcJson: [], ipcAdvanced: [] },
    large: { corral: [], raw: [], ipcJson: [], ipcAdvanced: [] },
  };
  const subjects: Partial<Record<SubjectKey, Subject>> = {};
  for (const key of subjectKeys) subjects[key] = await subjectFactories[key]();
  try {
    for (let round = 1; round <= plan.rounds; round++) {
      // Rotate the order each round so no subject always runs first (or last) on a warm machine.
      const order = subjectKeys.map((_, i) => subjectKeys[(i + round - 1) % subjectKeys.length]!);
      for (const size of ['small', 'large'] as const) {
        const present = order.map((key) => [key, subjects[key]!] as const);
        for (const [, subject] of present) await warmUp(subject, size);
        const latency = await interleavedSequential(present, size);
        for (const [key, subject] of present) {
          const sample = { ...latency.get(key)!, ...(await throughput(subject, size)) };
          samples[size][key].push(sample);
          process.stderr.write(
            `round ${round} ${size} ${key}: p50 ${sample.p50Us.toFixed(1)} µs, p99 ${sample.p99Us.toFixed(1)} µs, ` +
              `${Math.round(sample.callsPerSec)} calls/s, ${Math.round(sample.pushesPerSec)} push/s, ` +
              `cpu µs seq ${sample.sequentialCpuUs.toFixed(2)} pipe ${sample.pipelinedCpuUs.toFixed(2)} push ${sample.pushCpuUs.toFixed(2)}\n`,
          );
        }
      }
    }
  } finally {
    await Promise.all(Object.values(subjects).map((subject) => subject?.close()));
  }

  const results = {} as Results;
  for (const size of ['small', 'large'] as const) {
    results[size] = {};
    for (const key of subjectKeys) {
      const list = samples[size][key];
      const sample = {} as Sample;
      for (const { key: metric } of metrics) sample[metric] = median(list.map((s) => s[metric]));
      results[size][key] = sample;
    }
  }
  const ratios = ratioReport(results);
  const runtimeSec = (performance.now() - started) / 1_000;

  const bytes = { small: messageBytes('small'), large: messageBytes('large') };
  const bytesNote = (size: SizeKey) =>
    `${sizes[size].label}: Corral frame ${bytes[size].corralCall} B call / ${bytes[size].corralPush} B push; ` +
    `IPC json line ${bytes[size].ipcJsonCall} B call / ${bytes[size].ipcJsonPush} B push`;
  const out = [
    `Machine: ${info.cpu}, ${info.cores} cores, Node ${info.node}, ${info.platform}`,
    `Date: ${info.date}; bench runtime ${runtimeSec.toFixed(1)} s; each cell is the median of ${plan.rounds} rounds`,
    `Messages: ${bytesNote('small')}. ${bytesNote('large')}.`,
    '',
    table(results),
    '',
    '| Target (Corral / Node IPC json) | Goal | Ratio | |',
    '|---|---:|---:|---|',
    ...ratios.map((r) => `| ${r.label} | ${r.goal} | ${r.ratio.toFixed(2)}x | ${r.met ? 'met' : 'missed'} |`),
  ];
  process.stdout.write(`${out.join('\n')}\n`);

  mkdirSync(dirname(resultsPath), { recursive: true });
  writeFileSync(
    resultsPath,
    `${JSON.stringify(
      {
        machine: info,
        runtimeSec,
        plan,
        messageBytes: bytes,
        results,
        rounds: samples,
        ratios,
      },
      null,
      2,
    )}\n`,
  );
  process.stderr.write(`wrote ${resultsPath}\n`);
}

// Whatever happens, no child outlives the bench.
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => process.exit(130));
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1); // the exit handler kills the children
});
