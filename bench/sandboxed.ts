/**
 * `npm run bench:sandboxed`: what sandboxing costs an embedding host, measured end
 * to end on real sandbox processes running the bench integration
 * (`bench/integrations/bench_lights`), with the in-process hub (and, for pushes, the
 * bare channel) measured in the same run as baselines:
 *
 * 1. State updates per second with 1,000 entities: `bench_lights.churn` updates
 *    every sensor `rounds` times (one batched frame per round); the host counts
 *    `state_changed` events for them until the last round has landed. Baseline:
 *    the channel bench's Corral child pushing ~100 B `state_changed` frames.
 * 2. `light.turn_on` on one light, 2,000 sequential calls: sandboxed vs in-process,
 *    with the bare channel's round trip timed in the same rotating blocks.
 * 3. Host heap per entity at 10,000 entities (after `global.gc()`), sandboxed
 *    proxies vs in-process entities, each sample in a fresh process
 *    (`sandboxed-memory.ts`).
 * 4. kill -9 -> all 1,000 entities available again (a first restart: a fresh hub
 *    per sample), with where the time goes: exit seen, spawn -> ready, the entry's
 *    setup (the integration reports its own marks), the registrations.
 * 5. `light.turn_on` on an area of 200 lights: time, and the calls that crossed
 *    the channel (`channel.stats.callsOut`) during it.
 *
 * Prints one markdown table and writes every sample as JSON to
 * dist/bench-results/sandboxed.json. Every hub is stopped, every child killed and
 * every temp dir deleted when the run ends, fails, is interrupted or times out.
 */

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { InspectionEvent } from 'xstate';
import type { Hub } from '../src/host/hub.js';
import type { MemoryResult } from './sandboxed-memory.js';
import {
  addBenchEntry,
  BENCH_INTEGRATIONS,
  type BenchHub,
  callsOut,
  cpuNs,
  DOMAIN,
  freshImportMs,
  installBenchIntegration,
  killEverything,
  lightIds,
  livePids,
  median,
  memoryChild,
  type PushBaseline,
  packageRoot,
  type Summary,
  sandboxPid,
  sensorIds,
  startBenchHub,
  startPushBaseline,
  summarize,
  withTimeout,
} from './sandboxed-support.js';
import { machine } from './support.js';

const resultsPath = join(packageRoot, 'dist', 'bench-results', 'sandboxed.json');
const env = process.env;

const plan = {
  churn: {
    entities: 1_000,
    /** Rounds per measured churn call: every entity updated this many times. */
    rounds: Number(env.BENCH_CHURN_ROUNDS ?? 200),
    warmupRounds: 20,
    samples: Number(env.BENCH_CHURN_SAMPLES ?? 3),
    /** ~100 B `state_changed` pushes per baseline sample, as bench/channel.ts sends them. */
    baselinePushes: 200_000,
  },
  calls: { warmup: 200, measured: 2_000, block: 250 },
  memory: { entities: Number(env.BENCH_MEMORY_ENTITIES ?? 10_000) },
  restart: { entities: 1_000, samples: Number(env.BENCH_RESTART_SAMPLES ?? 5) },
  area: { lights: 200, warmup: 2, samples: Number(env.BENCH_AREA_SAMPLES ?? 10), name: 'Bench Area' },
  /** Any single wait longer than this fails the run rather than hang it. */
  stepTimeoutMs: 30_000,
  /** The whole run is killed (children first) past this. */
  runTimeoutMs: 240_000,
};

const targets = { churnVsChannel: 0.5, bytesPerProxy: 10 * 1024, restartMs: 300 };

process.once('exit', killEverything);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    killEverything();
    process.exit(130);
  });
}
const watchdog = setTimeout(() => {
  process.stderr.write(`bench:sandboxed exceeded ${plan.runTimeoutMs} ms; killing every child\n`);
  killEverything();
  process.exit(1);
}, plan.runTimeoutMs);
watchdog.unref();

const step = <T>(promise: Promise<T>, what: string) => withTimeout(promise, what, plan.stepTimeoutMs);

// ---- 1. State updates per second ------------------------------------------------------------

interface ChurnResponse {
  readonly sent: number;
  readonly rounds: number;
  readonly entities: number;
  readonly last_value: number;
  readonly integration_ms: number;
}

interface ChurnSample {
  /** Updates the integration made (`writeState()` calls). */
  readonly sent: number;
  /** `state_changed` events for the churned entities on the host. */
  readonly applied: number;
  /** Call -> the last round's last update on the host. */
  readonly ms: number;
  readonly appliedPerS: number;
  readonly sentPerS: number;
  /** The integration's own loop time (sandbox side). */
  readonly integrationMs: number;
  /** CPU time per applied update, µs: the host process and the sandbox (0 in-process). */
  readonly hostCpuUsPerUpdate: number;
  readonly sandboxCpuUsPerUpdate: number;
}

async function churn(bench: BenchHub, rounds: number): Promise<ChurnSample> {
  const { hub } = bench;
  const prefix = 'sensor.churn_sensor_';
  let applied = 0;
  let lastAt = 0;
  const unlisten = hub.bus.listen('state_changed', ({ data }) => {
    if (!data.entityId.startsWith(prefix)) return;
    applied++;
    lastAt = performance.now();
  });
  const pid = bench.router ? sandboxPid(bench) : undefined;
  const host0 = cpuNs('self');
  const sandbox0 = pid === undefined ? 0 : cpuNs(pid);
  const t0 = performance.now();
  let response: ChurnResponse;
  try {
    response = (await step(
      hub.services.call(DOMAIN, 'churn', { rounds }, { returnResponse: true }),
      'churn',
    )) as unknown as ChurnResponse;
  } finally {
    unlisten();
  }
  const host1 = cpuNs('self');
  const sandbox1 = pid === undefined ? 0 : cpuNs(pid);
  const last = String(response.last_value);
  const behind = sensorIds('churn', plan.churn.entities).filter((id) => hub.states.get(id)?.state !== last);
  if (behind.length > 0)
    throw new Error(`${behind.length} sensors missed the last round (${bench.isolation})`);
  const ms = lastAt - t0;
  return {
    sent: response.sent,
    applied,
    ms,
    appliedPerS: (applied / ms) * 1000,
    sentPerS: (response.sent / ms) * 1000,
    integrationMs: response.integration_ms,
    hostCpuUsPerUpdate: (host1 - host0) / 1000 / applied,
    sandboxCpuUsPerUpdate: (sandbox1 - sandbox0) / 1000 / applied,
  };
}

interface BaselineSample {
  readonly pushes: number;
  readonly ms: number;
  readonly pushesPerS: number;
  readonly cpuUsPerPush: number;
}

async function baselinePushes(baseline: PushBaseline, count: number): Promise<BaselineSample> {
  const host0 = cpuNs('self');
  const child0 = cpuNs(baseline.pid);
  const t0 = performance.now();
  await step(baseline.receive(count), 'baseline pushes');
  const ms = performance.now() - t0;
  const cpu = cpuNs('self') - host0 + (cpuNs(baseline.pid) - child0);
  return { pushes: count, ms, pushesPerS: (count / ms) * 1000, cpuUsPerPush: cpu / 1000 / count };
}

interface ChurnResults {
  readonly sandboxed: ChurnSample[];
  readonly inline: ChurnSample[];
  readonly channel: BaselineSample[];
}

/** Rounds of sandboxed churn, in-process churn and channel pushes, the order rotated each round. */
async function measureChurn(sandboxed: BenchHub, inline: BenchHub, baseline: PushBaseline) {
  const results: ChurnResults = { sandboxed: [], inline: [], channel: [] };
  const subjects = [
    async (warm: boolean) => {
      const sample = await churn(sandboxed, warm ? plan.churn.warmupRounds : plan.churn.rounds);
      if (!warm) results.sandboxed.push(sample);
    },
    async (warm: boolean) => {
      const sample = await churn(inline, warm ? plan.churn.warmupRounds : plan.churn.rounds);
      if (!warm) results.inline.push(sample);
    },
    async (warm: boolean) => {
      const sample = await baselinePushes(baseline, warm ? 20_000 : plan.churn.baselinePushes);
      if (!warm) results.channel.push(sample);
    },
  ];
  for (let round = -1; round < plan.churn.samples; round++) {
    const offset = (round + 1) % subjects.length;
    for (const run of [...subjects.slice(offset), ...subjects.slice(0, offset)]) {
      await run(round < 0);
      await sleep(50);
    }
  }
  return results;
}

// ---- 2. Sequential service calls -----------------------------------------------------------------

type CallSubject = 'sandboxed' | 'inline' | 'channel';

interface CallResults {
  readonly ms: Record<CallSubject, Summary>;
  /** CPU per call, µs: this process plus the child (sandbox or channel child). */
  readonly cpuUs: Record<CallSubject, number>;
}

async function measureCalls(
  sandboxed: BenchHub,
  inline: BenchHub,
  baseline: PushBaseline,
  entityId: string,
): Promise<CallResults> {
  let brightness = 0;
  const turnOn = (hub: Hub) => {
    // A new brightness every call, so every call changes the state and a state update crosses.
    brightness = (brightness % 255) + 1;
    return hub.services.call('light', 'turn_on', { brightness }, { target: { entity_id: entityId } });
  };
  const subjects: Record<CallSubject, { call: () => Promise<unknown>; pid: number | undefined }> = {
    sandboxed: { call: () => turnOn(sandboxed.hub), pid: sandboxPid(sandboxed) },
    inline: { call: () => turnOn(inline.hub), pid: undefined },
    channel: { call: () => baseline.call(), pid: baseline.pid },
  };
  const names = Object.keys(subjects) as CallSubject[];
  const samples: Record<CallSubject, number[]> = { sandboxed: [], inline: [], channel: [] };
  const cpuNsTotal: Record<CallSubject, number> = { sandboxed: 0, inline: 0, channel: 0 };
  for (let i = 0; i < plan.calls.warmup; i++) for (const name of names) await subjects[name].call();
  // Blocks rotate between the subjects, so machine noise lands on all of them alike.
  for (let done = 0, block = 0; done < plan.calls.measured; done += plan.calls.block, block++) {
    const n = Math.min(plan.calls.block, plan.calls.measured - done);
    const offset = block % names.length;
    for (const name of [...names.slice(offset), ...names.slice(0, offset)]) {
      const { call, pid } = subjects[name];
      const cpu0 = cpuNs('self') + (pid === undefined ? 0 : cpuNs(pid));
      for (let i = 0; i < n; i++) {
        const t0 = performance.now();
        await call();
        samples[name].push(performance.now() - t0);
      }
      cpuNsTotal[name] += cpuNs('self') + (pid === undefined ? 0 : cpuNs(pid)) - cpu0;
    }
  }
  const state = sandboxed.hub.states.get(entityId);
  if (state?.state !== 'on') throw new Error(`${entityId} is ${state?.state} after the calls`);
  const perCall = (name: CallSubject) => cpuNsTotal[name] / 1000 / samples[name].length;
  return {
    ms: {
      sandboxed: summarize(samples.sandboxed),
      inline: summarize(samples.inline),
      channel: summarize(samples.channel),
    },
    cpuUs: { sandboxed: perCall('sandboxed'), inline: perCall('inline'), channel: perCall('channel') },
  };
}

// ---- 5. One call on an area ---------------------------------------------------------------------

interface AreaSample {
  /** Call -> resolved; every light's `on` state has landed by then. */
  readonly ms: number;
  /** Call -> the last light's `on` state on the host. */
  readonly lastOnMs: number;
  /** Calls the host made to the sandbox during the call (`call_service`; 0 in-process). */
  readonly rpcs: number;
}

async function areaCall(bench: BenchHub, areaId: string, ids: readonly string[]): Promise<AreaSample> {
  const { hub } = bench;
  const target = { area_id: areaId };
  await step(hub.services.call('light', 'turn_off', {}, { target }), 'area turn_off');
  const wanted = new Set(ids);
  let lastOnAt = 0;
  const unlisten = hub.bus.listen('state_changed', ({ data }) => {
    if (wanted.has(data.entityId) && data.newState?.state === 'on') lastOnAt = performance.now();
  });
  const calls0 = callsOut(bench);
  const t0 = performance.now();
  try {
    await step(hub.services.call('light', 'turn_on', { brightness: 200 }, { target }), 'area turn_on');
  } finally {
    unlisten();
  }
  const ms = performance.now() - t0;
  const rpcs = callsOut(bench) - calls0;
  const off = ids.filter((id) => hub.states.get(id)?.state !== 'on');
  if (off.length > 0) throw new Error(`${off.length} lights of the area are not on (${bench.isolation})`);
  return { ms, lastOnMs: lastOnAt - t0, rpcs };
}

async function measureArea(sandboxed: BenchHub, inline: BenchHub) {
  const ids = lightIds('area', plan.area.lights);
  const areaOf = (bench: BenchHub) => {
    const area = bench.hub.areas.getByName(plan.area.name);
    if (!area) throw new Error(`no area "${plan.area.name}"`);
    const resolved = ids.filter((id) => bench.hub.entities.get(id)?.deviceId);
    if (resolved.length !== ids.length) throw new Error('area lights without a device');
    return area.id;
  };
  const samples: Record<'sandboxed' | 'inline', AreaSample[]> = { sandboxed: [], inline: [] };
  for (let i = -plan.area.warmup; i < plan.area.samples; i++) {
    const pair = [
      ['sandboxed', sandboxed],
      ['inline', inline],
    ] as const;
    for (const [name, bench] of i % 2 ? [...pair].reverse() : pair) {
      const sample = await areaCall(bench, areaOf(bench), ids);
      if (i >= 0) samples[name].push(sample);
    }
  }
  const sum = (list: AreaSample[]) => ({
    ms: summarize(list.map((s) => s.ms)),
    lastOnMs: summarize(list.map((s) => s.lastOnMs)),
    rpcs: summarize(list.map((s) => s.rpcs)),
    samples: list,
  });
  return { sandboxed: sum(samples.sandboxed), inline: sum(samples.inline) };
}

// ---- 4. kill -9 -> every entity available again -----------------------------------------------

interface RestartSample {
  /** SIGKILL -> every one of the entities has a state other than `unavailable` again. */
  readonly totalMs: number;
  /** The rest are ms after the SIGKILL (NaN if not seen). */
  readonly marks: {
    /** The host's end of the channel closed / the process exit was reported. */
    readonly channelClosed: number;
    readonly exited: number;
    /** All entities `unavailable` on the host. */
    readonly allUnavailable: number;
    /** The next process was spawned (`process.spawned`). */
    readonly spawned: number;
    /** Its runtime sent `ready`. */
    readonly ready: number;
    /** The entry went `setup_in_progress` again (after the reload's unload). */
    readonly setupStarted: number;
    /** Sandbox clock: the integration module (with corral/sdk) finished loading. */
    readonly moduleLoaded: number;
    /** Sandbox clock: setupEntry entered, its entities built, `addEntities` resolved. */
    readonly setupEntered: number;
    readonly entitiesBuilt: number;
    readonly entitiesAdded: number;
    /** The first entity available again. */
    readonly firstBack: number;
    readonly allBack: number;
    /** The entry `loaded` again. */
    readonly loaded: number;
  };
  /** Entry setup of the first start, for comparison: flow -> loaded. */
  readonly firstSetupMs: number;
}

/** One kill -9 of a fresh hub's sandbox; with `warmSpare`, once its spare has imported the integration. */
async function restartOnce(warmSpare: boolean, os?: 'none'): Promise<RestartSample> {
  const count = plan.restart.entities;
  const marks = new Map<string, number>();
  let t0 = Number.NaN;
  let armed = false;
  const mark = (name: string) => {
    if (armed && !marks.has(name)) marks.set(name, performance.now() - t0);
  };
  const inspect = (event: InspectionEvent) => {
    if (event.type !== '@xstate.event') return;
    const type = (event.event as { type?: string }).type;
    if (type === 'process.spawned' || type === 'process.exited' || type === 'process.ready') mark(type);
  };
  const bench = await startBenchHub('process', {
    inspect,
    process: warmSpare ? { warmSpare: true, spareDelayMs: 100 } : undefined,
    os,
  });
  try {
    const { hub, router } = bench;
    const setupStart = performance.now();
    const entryId = await step(addBenchEntry(hub, { prefix: 'crash', sensors: count }), 'crash entry');
    const firstSetupMs = performance.now() - setupStart;
    const ids = new Set(sensorIds('crash', count));
    const down = new Set<string>();
    let sawAllDown = false;
    let resolveBack!: () => void;
    const allBack = new Promise<void>((resolve) => {
      resolveBack = resolve;
    });
    const unlistenStates = hub.bus.listen('state_changed', ({ data }) => {
      if (!armed || !ids.has(data.entityId)) return;
      const state = data.newState?.state;
      if (state === undefined || state === 'unavailable') {
        down.add(data.entityId);
        if (down.size === count && !sawAllDown) {
          sawAllDown = true;
          mark('allUnavailable');
        }
        return;
      }
      down.delete(data.entityId);
      if (!sawAllDown) return;
      mark('firstBack');
      if (down.size === 0) {
        mark('allBack');
        resolveBack();
      }
    });
    const unlistenEntry = hub.bus.listen('config_entry_state_changed', ({ data }) => {
      if (data.entryId !== entryId) return;
      if (data.state === 'setup_in_progress') mark('setupStarted');
      if (data.state === 'loaded') mark('loaded');
    });
    // The integration's own marks, on the wall clock it shares with this process.
    const unlistenTiming = hub.bus.listen<string, Record<string, number>>(
      'bench_lights_setup_timing',
      ({ data }) => {
        const at = (epochMs: number | undefined) => (epochMs ?? Number.NaN) - performance.timeOrigin - t0;
        if (!armed) return;
        marks.set('moduleLoaded', at(data.module_loaded_at));
        marks.set('setupEntered', at(data.entered_at));
        marks.set('entitiesBuilt', at(data.built_at));
        marks.set('entitiesAdded', at(data.added_at));
      },
    );
    const closed = router?.supervisor.on('sandbox.channelClosed', () => mark('channelClosed'));
    const ready = router?.supervisor.on('sandbox.ready', () => mark('ready'));
    let loadedAgain: Promise<void> | undefined;
    try {
      const pid = sandboxPid(bench);
      await sleep(100);
      if (warmSpare) {
        const primed = () => router?.supervisor.spares?.list().some((s) => s.preload.length > 0) ?? false;
        const deadline = performance.now() + 10_000;
        while (!primed() && performance.now() < deadline) await sleep(20);
        if (!primed()) throw new Error('no warm spare with the integration imported within 10 s');
        // The pool lists a spare once spawned; give it the time to start and import (about
        // 0.4 s here), as a crash long after start-up finds it: what is measured is the takeover.
        await sleep(1_500);
      }
      loadedAgain = new Promise<void>((resolve) => {
        const unlisten = hub.bus.listen('config_entry_state_changed', ({ data }) => {
          if (data.entryId === entryId && data.state === 'loaded') {
            unlisten();
            resolve();
          }
        });
      });
      t0 = performance.now();
      armed = true;
      process.kill(pid, 'SIGKILL');
      await step(allBack, 'kill -9 -> all entities available');
      await step(loadedAgain, 'kill -9 -> entry loaded');
    } finally {
      unlistenStates();
      unlistenEntry();
      unlistenTiming();
      closed?.unsubscribe();
      ready?.unsubscribe();
    }
    const at = (name: string) => marks.get(name) ?? Number.NaN;
    return {
      totalMs: at('allBack'),
      marks: {
        channelClosed: at('channelClosed'),
        exited: at('process.exited'),
        allUnavailable: at('allUnavailable'),
        spawned: at('process.spawned'),
        ready: at('ready'),
        setupStarted: at('setupStarted'),
        moduleLoaded: at('moduleLoaded'),
        setupEntered: at('setupEntered'),
        entitiesBuilt: at('entitiesBuilt'),
        entitiesAdded: at('entitiesAdded'),
        firstBack: at('firstBack'),
        allBack: at('allBack'),
        loaded: at('loaded'),
      },
      firstSetupMs,
    };
  } finally {
    await bench.stop();
  }
}

// ---- Report ----------------------------------------------------------------------------------------

const fmt = (x: number, digits = 0) =>
  Number.isFinite(x)
    ? x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })
    : 'n/a';
const us = (ms: number) => `${fmt(ms * 1000, 1)} µs`;
const msFmt = (ms: number) => `${fmt(ms, 1)} ms`;
const kib = (bytes: number) => `${fmt(bytes / 1024, 2)} KiB`;
const ratio = (x: number) => `${fmt(x, 2)}x`;
const atLeast = (value: number, target: number) => (value >= target ? 'met' : 'MISSED');
const atMost = (value: number, target: number) => (value <= target ? 'met' : 'MISSED');

function markdownTable(rows: string[][]): string {
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((row) => row[col]!.length)));
  const line = (row: string[]) => `| ${row.map((cell, col) => cell.padEnd(widths[col]!)).join(' | ')} |`;
  return [
    line(rows[0]!),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...rows.slice(1).map(line),
  ].join('\n');
}

async function main(): Promise<void> {
  const began = performance.now();
  const info = machine();
  installBenchIntegration();
  const timings: Record<string, number> = {};
  const lap = (name: string, since: number) => {
    timings[name] = (performance.now() - since) / 1000;
  };

  // 3: each sample in a fresh process of its own, so no other hub shares its heap.
  let t = performance.now();
  const memory = {
    sandboxed: await step(memoryChild<MemoryResult>('process', plan.memory.entities), 'memory, sandboxed'),
    inline: await step(memoryChild<MemoryResult>('inline', plan.memory.entities), 'memory, in-process'),
  };
  lap('memoryS', t);

  // 1, 2 and 5 on one sandboxed and one in-process hub holding the same entries.
  t = performance.now();
  const hubs: BenchHub[] = [];
  let baseline: PushBaseline | undefined;
  let churnResults: ChurnResults;
  let calls: CallResults;
  let area: Awaited<ReturnType<typeof measureArea>>;
  try {
    const sandboxed = await startBenchHub('process');
    hubs.push(sandboxed);
    const inline = await startBenchHub('inline');
    hubs.push(inline);
    for (const bench of [sandboxed, inline]) {
      await step(
        addBenchEntry(bench.hub, { prefix: 'churn', sensors: plan.churn.entities, churn: true }),
        'churn entry',
      );
      await step(addBenchEntry(bench.hub, { prefix: 'solo', lights: 1, area: 'Solo' }), 'solo entry');
      await step(
        addBenchEntry(bench.hub, { prefix: 'area', lights: plan.area.lights, area: plan.area.name }),
        'area entry',
      );
    }
    baseline = await startPushBaseline();
    lap('setupS', t);
    t = performance.now();
    churnResults = await measureChurn(sandboxed, inline, baseline);
    lap('churnS', t);
    t = performance.now();
    calls = await measureCalls(sandboxed, inline, baseline, 'light.solo_light_0');
    lap('callsS', t);
    t = performance.now();
    area = await measureArea(sandboxed, inline);
    lap('areaS', t);
  } finally {
    t = performance.now();
    await baseline?.close();
    for (const bench of hubs) await bench.stop();
    lap('stopS', t);
  }

  // 4: a fresh sandboxed hub per sample, so every kill is a first restart (no backoff).
  t = performance.now();
  const restarts: RestartSample[] = [];
  const spareRestarts: RestartSample[] = [];
  // The same cold restart without the OS sandbox: what bwrap adds to recovery.
  const bareRestarts: RestartSample[] = [];
  // What a fresh sandbox pays to import the integration and its corral/sdk before setupEntry runs.
  const importMs: number[] = [];
  const integrationFile = join(BENCH_INTEGRATIONS, DOMAIN, 'index.js');
  for (let i = 0; i < plan.restart.samples; i++) {
    restarts.push(await restartOnce(false));
    bareRestarts.push(await restartOnce(false, 'none'));
    spareRestarts.push(await restartOnce(true));
    importMs.push(await step(freshImportMs(integrationFile), 'fresh import of the integration'));
  }
  lap('restartS', t);
  const elapsedS = (performance.now() - began) / 1000;

  // ---- Figures
  const churnApplied = median(churnResults.sandboxed.map((s) => s.appliedPerS));
  const churnSent = median(churnResults.sandboxed.map((s) => s.sentPerS));
  const churnInline = median(churnResults.inline.map((s) => s.appliedPerS));
  const channelPush = median(churnResults.channel.map((s) => s.pushesPerS));
  // Each round's sandboxed rate against the channel rate of the same round (adjacent in time, same load).
  const churnRatios = churnResults.sandboxed.map(
    (s, i) => s.appliedPerS / churnResults.channel[i]!.pushesPerS,
  );
  const churnRatio = median(churnRatios);
  const appliedShare =
    churnResults.sandboxed.reduce((sum, s) => sum + s.applied, 0) /
    churnResults.sandboxed.reduce((sum, s) => sum + s.sent, 0);
  const restartTotal = summarize(restarts.map((s) => s.totalMs));
  const spareTotal = summarize(spareRestarts.map((s) => s.totalMs));
  const bareRestartTotal = summarize(bareRestarts.map((s) => s.totalMs));
  const markOf = (samples: RestartSample[]) => (name: keyof RestartSample['marks']) =>
    median(samples.map((s) => s.marks[name]));
  const restartMark = markOf(restarts);
  const spareMark = markOf(spareRestarts);
  const perProxy = memory.sandboxed.bytesPerEntity;

  const rows: string[][] = [
    ['#', 'Measurement', 'Sandboxed', 'Baseline (same run)', 'Ratio', 'Target', 'Result'],
    [
      '1',
      `state updates/s applied on the host, ${plan.churn.entities} entities x ${plan.churn.rounds} rounds (medians of ${plan.churn.samples} rounds)`,
      `${fmt(churnApplied)}/s (integration sent ${fmt(churnSent)}/s)`,
      `channel push/s, ~100 B state_changed: ${fmt(channelPush)}/s`,
      ratio(churnRatio),
      `>= ${targets.churnVsChannel}x`,
      atLeast(churnRatio, targets.churnVsChannel),
    ],
    [
      '1',
      'same, in-process hub',
      '-',
      `in-process: ${fmt(churnInline)}/s`,
      ratio(churnApplied / churnInline),
      '(for comparison)',
      '-',
    ],
    [
      '1',
      'CPU per applied update, host + sandbox (median)',
      `${fmt(median(churnResults.sandboxed.map((s) => s.hostCpuUsPerUpdate)), 2)} + ${fmt(median(churnResults.sandboxed.map((s) => s.sandboxCpuUsPerUpdate)), 2)} µs`,
      `push: ${fmt(median(churnResults.channel.map((s) => s.cpuUsPerPush)), 2)} µs; in-process: ${fmt(median(churnResults.inline.map((s) => s.hostCpuUsPerUpdate)), 2)} µs`,
      '-',
      '(for comparison)',
      '-',
    ],
    [
      '2',
      `light.turn_on on one light, p50 (${plan.calls.measured} sequential calls)`,
      us(calls.ms.sandboxed.p50),
      `in-process: ${us(calls.ms.inline.p50)}`,
      ratio(calls.ms.sandboxed.p50 / calls.ms.inline.p50),
      '(for comparison)',
      '-',
    ],
    [
      '2',
      'light.turn_on on one light, p99',
      us(calls.ms.sandboxed.p99),
      `in-process: ${us(calls.ms.inline.p99)}`,
      ratio(calls.ms.sandboxed.p99 / calls.ms.inline.p99),
      '(for comparison)',
      '-',
    ],
    [
      '2',
      'CPU per light.turn_on call, host + sandbox',
      us(calls.cpuUs.sandboxed / 1000),
      `in-process: ${us(calls.cpuUs.inline / 1000)}`,
      ratio(calls.cpuUs.sandboxed / calls.cpuUs.inline),
      '(for comparison)',
      '-',
    ],
    [
      '3',
      `host heap per entity at ${fmt(plan.memory.entities)} entities (after gc)`,
      `${kib(perProxy)} per proxy`,
      `in-process: ${kib(memory.inline.bytesPerEntity)} per entity`,
      ratio(perProxy / memory.inline.bytesPerEntity),
      `<= ${targets.bytesPerProxy / 1024} KiB`,
      atMost(perProxy, targets.bytesPerProxy),
    ],
    [
      '4',
      `kill -9 -> all ${plan.restart.entities} entities available, first restart, warm spare (median / max of ${plan.restart.samples})`,
      `${msFmt(spareTotal.median)} / ${msFmt(spareTotal.max)}`,
      `cold restart (no spare): ${msFmt(restartTotal.median)}`,
      ratio(spareTotal.median / restartTotal.median),
      `<= ${targets.restartMs} ms`,
      atMost(spareTotal.median, targets.restartMs),
    ],
    [
      '4',
      `kill -9 -> all ${plan.restart.entities} entities available, first restart, cold: no spare (median / max of ${plan.restart.samples})`,
      `${msFmt(restartTotal.median)} / ${msFmt(restartTotal.max)}`,
      `first setup of the entry: ${msFmt(median(restarts.map((s) => s.firstSetupMs)))}`,
      ratio(restartTotal.median / median(restarts.map((s) => s.firstSetupMs))),
      '(for comparison)',
      '-',
    ],
    [
      '4',
      `kill -9 -> all ${plan.restart.entities} entities available, cold, under bwrap (the default) vs isolation.os: none`,
      msFmt(restartTotal.median),
      `os none: ${msFmt(bareRestartTotal.median)}`,
      ratio(restartTotal.median / bareRestartTotal.median),
      '<= 1.15x',
      restartTotal.median / bareRestartTotal.median <= 1.15 ? 'met' : 'MISSED',
    ],
    [
      '5',
      `light.turn_on on an area of ${plan.area.lights} lights, call -> all on (median of ${plan.area.samples})`,
      msFmt(area.sandboxed.ms.median),
      `in-process: ${msFmt(area.inline.ms.median)}`,
      ratio(area.sandboxed.ms.median / area.inline.ms.median),
      '(for comparison)',
      '-',
    ],
    [
      '5',
      'call_service RPCs that crossed per area call',
      fmt(area.sandboxed.rpcs.median),
      '1 if calls coalesced per group',
      '-',
      '(measured)',
      area.sandboxed.rpcs.median <= 1 ? 'coalesced' : 'one per entity',
    ],
  ];

  console.log(`\n## Sandboxed hub: updates, calls, memory, restart, area calls\n`);
  console.log(markdownTable(rows));
  console.log(
    `\n1: the host applied ${fmt(appliedShare * 100, 1)}% of the updates the integration sent ` +
      `(the sandbox sends only each entity's latest value per tick). Sandbox churn samples (updates/s): ` +
      churnResults.sandboxed.map((s) => fmt(s.appliedPerS)).join(', ') +
      `; channel push/s: ${churnResults.channel.map((s) => fmt(s.pushesPerS)).join(', ')}; ` +
      `ratio per round (reported: their median): ${churnRatios.map((r) => ratio(r)).join(', ')}.`,
  );
  console.log(
    `2: the bare channel's ~100 B call_service round trip in the same blocks: p50 ${us(calls.ms.channel.p50)}, ` +
      `p99 ${us(calls.ms.channel.p99)}, CPU ${us(calls.cpuUs.channel / 1000)} per call (host + child).`,
  );
  console.log(
    `3: ${fmt(plan.memory.entities)} entities set up in ${msFmt(memory.sandboxed.setupMs)} sandboxed, ` +
      `${msFmt(memory.inline.setupMs)} in-process.`,
  );
  console.log(
    `4: medians after SIGKILL: channel closed ${msFmt(restartMark('channelClosed'))}, exit reported ${msFmt(restartMark('exited'))}, ` +
      `next process spawned ${msFmt(restartMark('spawned'))}, ready ${msFmt(restartMark('ready'))}, ` +
      `entry setup started ${msFmt(restartMark('setupStarted'))}, integration + corral/sdk loaded ${msFmt(restartMark('moduleLoaded'))}, ` +
      `setupEntry entered ${msFmt(restartMark('setupEntered'))}, ${plan.restart.entities} entities built ${msFmt(restartMark('entitiesBuilt'))}, ` +
      `first entity back ${msFmt(restartMark('firstBack'))}, ` +
      `all back ${msFmt(restartMark('allBack'))}, addEntities resolved ${msFmt(restartMark('entitiesAdded'))}, entry loaded ${msFmt(restartMark('loaded'))}. ` +
      `A fresh node imports the integration (and its corral/sdk, zod included) in ${msFmt(median(importMs))}.`,
  );
  console.log(
    `4, warm spare: channel closed ${msFmt(spareMark('channelClosed'))}, exit reported ${msFmt(spareMark('exited'))}, ` +
      `spare claimed ${msFmt(spareMark('spawned'))}, ready ${msFmt(spareMark('ready'))}, ` +
      `entry setup started ${msFmt(spareMark('setupStarted'))}, setupEntry entered ${msFmt(spareMark('setupEntered'))}, ` +
      `${plan.restart.entities} entities built ${msFmt(spareMark('entitiesBuilt'))}, first entity back ${msFmt(spareMark('firstBack'))}, ` +
      `all back ${msFmt(spareMark('allBack'))}, entry loaded ${msFmt(spareMark('loaded'))}.`,
  );
  console.log(
    `5: last light on after ${msFmt(area.sandboxed.lastOnMs.median)} (sandboxed) / ${msFmt(area.inline.lastOnMs.median)} (in-process); ` +
      `RPCs per call: min ${area.sandboxed.rpcs.min}, max ${area.sandboxed.rpcs.max}.`,
  );
  console.log(
    `Machine: ${info.cpu}, ${info.cores} cores, ${info.memoryGiB} GiB, ${info.platform}; node ${info.node}; ` +
      `${info.date}; load average ${info.loadAverage} at start; bench ran ${elapsedS.toFixed(1)} s ` +
      `(${Object.entries(timings)
        .map(([k, v]) => `${k.replace(/S$/, '')} ${v.toFixed(1)} s`)
        .join(', ')}).`,
  );
  if (info.loadAverage >= info.cores / 2) {
    console.log(
      `Warning: the machine was busy (load ${info.loadAverage} on ${info.cores} cores); rates and times are noisier.`,
    );
  }

  const results = {
    machine: info,
    plan,
    targets,
    elapsedS,
    phaseSeconds: timings,
    churn: {
      definition:
        'appliedPerS = host state_changed events for the churned entities / (call -> last of them); sentPerS = writeState() calls in the integration over the same time',
      ...churnResults,
      medians: {
        appliedPerS: churnApplied,
        sentPerS: churnSent,
        inlinePerS: churnInline,
        channelPushPerS: channelPush,
      },
      appliedShare,
      ratioVsChannel: churnRatio,
      ratiosPerRound: churnRatios,
    },
    callsMs: calls,
    memory: {
      definition: 'heapUsed after global.gc(), before/after one entry with the entities, / count',
      ...memory,
    },
    restart: {
      samples: restarts,
      totalMs: restartTotal,
      freshIntegrationImportMs: importMs,
      warmSpare: { samples: spareRestarts, totalMs: spareTotal },
      withoutOsSandbox: { samples: bareRestarts, totalMs: bareRestartTotal },
    },
    area,
    met: {
      churnVsChannel: churnRatio >= targets.churnVsChannel,
      bytesPerProxy: perProxy <= targets.bytesPerProxy,
      restartMs: spareTotal.median <= targets.restartMs,
    },
  };
  mkdirSync(dirname(resultsPath), { recursive: true });
  writeFileSync(resultsPath, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`JSON: ${resultsPath}`);
}

main().then(
  () => {
    const left = livePids();
    if (left.length > 0) process.stderr.write(`warning: children still alive at exit: ${left.join(', ')}\n`);
    process.exit(0);
  },
  (error: unknown) => {
    process.stderr.write(`bench:sandboxed failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    killEverything();
    process.exit(1);
  },
);
