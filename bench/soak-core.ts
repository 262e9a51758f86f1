/**
 * The soak (issue #7), importable without side effects: several sandbox groups,
 * each one copy of `soak_store` (many lights and ticking sensors), under
 * continuous service-call and store-write traffic while seeded random faults
 * (SIGKILL, SIGSTOP hangs, corrupt frames) hit them. `runSoak` returns the
 * figures and the end checks; `bench/soak.ts` is its command line.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { seededRandom } from '../src/testing/frame-faults.js';
import { createTestHub, type TestHub } from '../src/testing/index.js';

export type FaultKind = 'crash' | 'hang' | 'corrupt';

export interface SoakOptions {
  readonly durationMs: number;
  readonly groups: number;
  readonly seed: number;
  readonly lightsPerGroup?: number;
  readonly sensorsPerGroup?: number;
  /** Mean gap between faults (over all groups), ms; each gap is drawn from [0.5, 1.5) of it. */
  readonly faultEveryMs?: number;
  /** Heap samples (after gc) taken this often, ms. */
  readonly sampleEveryMs?: number;
  /** Print progress lines. */
  readonly log?: (line: string) => void;
}

export interface SoakCheck {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

export interface SoakResult {
  readonly options: Required<Omit<SoakOptions, 'log'>>;
  readonly startedAt: string;
  readonly elapsedMs: number;
  readonly groups: string[];
  readonly entities: number;
  readonly faults: Record<FaultKind, number>;
  readonly faultsSkipped: number;
  readonly serviceCalls: { ok: number; failed: number };
  readonly writes: { acknowledged: number; failed: number; checked: number; missing: number };
  readonly restarts: Record<string, number>;
  readonly maxRestartsInWindow: Record<string, number>;
  readonly policy: { restartIntensity: number; restartPeriodMs: number };
  readonly leaks: {
    fds: { before: number; after: number };
    listeners: Record<string, [number, number]>;
    pids: number[];
  };
  readonly heap: {
    gc: boolean;
    samples: number;
    slopeBytesPerMin: number;
    firstBytes: number;
    lastBytes: number;
  };
  readonly checks: SoakCheck[];
  readonly ok: boolean;
}

const here = dirname(fileURLToPath(import.meta.url));
/** The package root, whether this runs as `bench/soak-core.ts` or `dist/bench/soak-core.js`. */
const root = basename(dirname(here)) === 'dist' ? join(here, '..', '..') : join(here, '..');
const BUILT_INTEGRATION = join(root, 'dist', 'bench', 'integrations', 'soak_store', 'index.js');
const MANIFEST = join(root, 'bench', 'integrations', 'soak_store', 'manifest.json');

const PROCESS_EVENTS = ['exit', 'SIGINT', 'SIGTERM', 'uncaughtException', 'unhandledRejection'] as const;
const FD_SLACK = 8;
/** The heap may grow this much per minute before the memory check fails. */
const MAX_SLOPE_BYTES_PER_MIN = 4 * 1024 * 1024;
/** Shorter soaks report the slope without judging it: too few samples past warm-up. */
const MIN_JUDGED_MS = 60_000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function openFds(): number {
  try {
    return readdirSync('/proc/self/fd').length;
  } catch {
    return -1;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Least-squares slope of y over x. */
function slope(points: readonly { x: number; y: number }[]): number {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  let num = 0;
  let den = 0;
  for (const p of points) {
    num += (p.x - mx) * (p.y - my);
    den += (p.x - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

/** Most timestamps inside any window of `periodMs` (sliding, anchored at each one). */
function maxInWindow(times: readonly number[], periodMs: number): number {
  let best = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i]! - times[j]! >= periodMs) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

/** One integration directory per group (`soak_store_<i>`): a manifest and a module re-exporting the built one. */
function installIntegrations(dir: string, count: number): string[] {
  const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8')) as Record<string, unknown>;
  const builtUrl = pathToFileURL(BUILT_INTEGRATION).href;
  return Array.from({ length: count }, (_, i) => {
    const domain = `soak_store_${i}`;
    mkdirSync(join(dir, domain), { recursive: true });
    writeFileSync(
      join(dir, domain, 'manifest.json'),
      JSON.stringify({ ...manifest, domain, name: `Soak ${i}` }),
    );
    writeFileSync(
      join(dir, domain, 'index.js'),
      `import { soakIntegration } from ${JSON.stringify(builtUrl)};\nexport default soakIntegration(${JSON.stringify(domain)});\n`,
    );
    return domain;
  });
}

export async function runSoak(input: SoakOptions): Promise<SoakResult> {
  const options = {
    durationMs: input.durationMs,
    groups: input.groups,
    seed: input.seed,
    lightsPerGroup: input.lightsPerGroup ?? 25,
    sensorsPerGroup: input.sensorsPerGroup ?? 25,
    faultEveryMs: input.faultEveryMs ?? 3_000,
    sampleEveryMs: input.sampleEveryMs ?? Math.max(500, Math.min(5_000, input.durationMs / 20)),
  };
  const log = input.log ?? (() => {});
  const random = seededRandom(options.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const gc = (globalThis as { gc?: () => void }).gc;

  const fdsBefore = openFds();
  const listenersBefore = Object.fromEntries(PROCESS_EVENTS.map((e) => [e, process.listenerCount(e)]));
  const work = mkdtempSync(join(tmpdir(), 'corral-soak-'));
  const configDir = join(work, 'config');
  mkdirSync(configDir);
  const domains = installIntegrations(join(work, 'integrations'), options.groups);

  // Per group at most one restart per mean fault gap: the budget allows twice the
  // rate injected over the whole soak, so honouring it is checkable, not vacuous.
  const restartPeriodMs = 60_000;
  const restartIntensity = Math.max(5, Math.ceil((2 * restartPeriodMs) / options.faultEveryMs));
  const startedAt = new Date().toISOString();
  const started = performance.now();
  let t: TestHub | undefined;
  const checks: SoakCheck[] = [];
  const check = (name: string, ok: boolean, detail: string) => checks.push({ name, ok, detail });
  const faults: Record<FaultKind, number> = { crash: 0, hang: 0, corrupt: 0 };
  let faultsSkipped = 0;
  const calls = { ok: 0, failed: 0 };
  const writes = { acknowledged: 0, failed: 0, checked: 0, missing: 0 };
  const acked = new Map<string, number[]>();
  const restartTimes = new Map<string, number[]>();
  const seenStarts = new Map<string, number>();
  const pids = new Set<number>();
  const heap: { x: number; y: number }[] = [];
  let groups: string[] = [];
  let entityIds: string[] = [];

  try {
    t = await createTestHub({
      isolation: 'process',
      configDir,
      integrationDirs: [join(work, 'integrations')],
      faultIntegration: false,
      sandboxing: { isolation: { perDomain: true } },
      supervision: {
        restartIntensity,
        restartPeriodMs,
        heartbeatIntervalMs: 500,
        heartbeatMisses: 2,
        backoff: { initialMs: 50, maxMs: 500, jitter: 0.2, resetAfterMs: 10_000 },
        stopGraceMs: 2_000,
        killAfterMs: 1_000,
      },
    });
    const hub = t;
    for (const domain of domains) {
      await hub.setup(
        domain,
        [{ lights: options.lightsPerGroup, sensors: options.sensorsPerGroup, tick_ms: 250 }],
        { timeoutMs: 20_000 },
      );
    }
    groups = domains.map((d) => hub.groupOf(d));
    const lightsOf = (i: number) =>
      Array.from({ length: options.lightsPerGroup }, (_, j) => `light.soak_store_${i}_light_${j}`);
    entityIds = domains.flatMap((_, i) => [
      ...lightsOf(i),
      ...Array.from({ length: options.sensorsPerGroup }, (_, j) => `sensor.soak_store_${i}_sensor_${j}`),
    ]);
    for (const id of entityIds)
      await hub.waitForState(id, (s) => s.state !== 'unavailable', { timeoutMs: 20_000 });
    log(
      `soak: ${groups.length} groups, ${entityIds.length} entities, ${options.durationMs / 1000}s, seed ${options.seed}`,
    );

    // Restarts, timestamped as the lifecycle recorder reports them; and every pid seen.
    const observe = () => {
      const now = performance.now();
      for (const group of groups) {
        const starts = hub.transitions(group).filter((s) => s === 'starting').length;
        const known = seenStarts.get(group) ?? 1;
        const times = restartTimes.get(group) ?? [];
        for (let k = known; k < starts; k++) times.push(now);
        restartTimes.set(group, times);
        seenStarts.set(group, Math.max(known, starts));
        const pid = hub.router?.supervisor.contextOf(group)?.pid;
        if (typeof pid === 'number') pids.add(pid);
      }
    };
    const sampleHeap = () => {
      gc?.();
      heap.push({ x: (performance.now() - started) / 60_000, y: process.memoryUsage().heapUsed });
    };

    const deadline = performance.now() + options.durationMs;
    const running = () => performance.now() < deadline;
    const observer = setInterval(observe, 50);
    sampleHeap();
    const sampler = setInterval(sampleHeap, options.sampleEveryMs);

    const writer = async (i: number) => {
      const list: number[] = [];
      acked.set(domains[i]!, list);
      let value = 0;
      while (running()) {
        value++;
        try {
          const response = await hub.callService(domains[i]!, 'write', { value }, undefined, {
            returnResponse: true,
          });
          if ((response as { written?: number } | undefined)?.written !== value) throw new Error('bad ack');
          list.push(value);
          writes.acknowledged++;
        } catch {
          writes.failed++;
          await sleep(50);
        }
      }
    };
    const caller = async (i: number) => {
      const lights = lightsOf(i);
      while (running()) {
        try {
          await hub.callService(
            'light',
            pick(['turn_on', 'turn_off', 'toggle']),
            {},
            { entity_id: pick(lights) },
          );
          calls.ok++;
          await sleep(2);
        } catch {
          calls.failed++;
          await sleep(50);
        }
      }
    };
    const injector = async () => {
      while (running()) {
        await sleep(options.faultEveryMs * (0.5 + random()));
        if (!running()) break;
        const group = pick(groups);
        const kind = pick<FaultKind>(['crash', 'hang', 'corrupt']);
        const state = hub.transitions(group).at(-1);
        if (state !== 'running') {
          faultsSkipped++;
          continue;
        }
        try {
          const faultsOf = hub.faults(group);
          if (kind === 'crash') faultsOf.crash();
          else if (kind === 'hang') faultsOf.hang();
          else faultsOf.corruptNextFrame();
          faults[kind]++;
          log(`  ${((performance.now() - started) / 1000).toFixed(1)}s ${kind} ${group}`);
        } catch {
          faultsSkipped++;
        }
      }
    };
    await Promise.all([
      injector(),
      ...domains.map((_, i) => writer(i)),
      ...domains.flatMap((_, i) => [caller(i), caller(i)]),
    ]);

    // Let the last faults play out: every group running, every entity back.
    for (const group of groups)
      await hub.waitForSandbox(group, 'running', { timeoutMs: 20_000 }).catch(() => {});
    const unavailable: string[] = [];
    for (const id of entityIds) {
      try {
        await hub.waitForState(id, (s) => s.state !== 'unavailable', { timeoutMs: 20_000 });
      } catch {
        unavailable.push(id);
      }
    }
    check(
      'entities available',
      unavailable.length === 0,
      unavailable.length === 0
        ? `${entityIds.length}/${entityIds.length}`
        : `unavailable: ${unavailable.slice(0, 5).join(', ')}`,
    );
    observe();
    clearInterval(observer);
    sampleHeap();
    clearInterval(sampler);

    const failedGroups = groups.filter((g) => hub.transitions(g).includes('failed'));
    const over = groups.filter(
      (g) => maxInWindow(restartTimes.get(g) ?? [], restartPeriodMs) > restartIntensity,
    );
    check(
      'restart budget honoured',
      failedGroups.length === 0 && over.length === 0,
      `intensity ${restartIntensity}/${restartPeriodMs / 1000}s; max in window ${groups
        .map((g) => maxInWindow(restartTimes.get(g) ?? [], restartPeriodMs))
        .join(', ')}${failedGroups.length ? `; failed: ${failedGroups.join(', ')}` : ''}`,
    );
  } finally {
    let closeError: unknown;
    try {
      await t?.close();
    } catch (error) {
      closeError = error;
    }
    check(
      'no sandbox left alive (harness close)',
      closeError === undefined,
      closeError ? String(closeError) : 'ok',
    );
  }

  // Acknowledged writes, from the store files the groups left.
  const missingIn: string[] = [];
  for (const [i, domain] of domains.entries()) {
    const group = groups[i] ?? `built-in.${domain}`;
    const file = join(configDir, '.storage', 'sandbox', group, `${domain}.written`);
    let stored = new Set<number>();
    try {
      stored = new Set(
        (JSON.parse(readFileSync(file, 'utf8')) as { data: { values: number[] } }).data.values,
      );
    } catch {}
    for (const value of acked.get(domain) ?? []) {
      writes.checked++;
      if (!stored.has(value)) {
        writes.missing++;
        missingIn.push(`${domain}#${value}`);
      }
    }
  }
  check(
    'acknowledged writes present',
    writes.missing === 0 && writes.checked > 0,
    `${writes.checked - writes.missing}/${writes.checked}${missingIn.length ? `; missing ${missingIn.slice(0, 5).join(', ')}` : ''}`,
  );
  rmSync(work, { recursive: true, force: true });

  await sleep(200);
  const leftPids = [...pids].filter(alive);
  check(
    'no child process leaked',
    leftPids.length === 0,
    `${pids.size} pids seen, alive: ${leftPids.join(', ') || 'none'}`,
  );
  gc?.();
  const fdsAfter = openFds();
  check('no fd leaked', fdsAfter - fdsBefore <= FD_SLACK, `${fdsBefore} -> ${fdsAfter} (slack ${FD_SLACK})`);
  const listeners = Object.fromEntries(
    PROCESS_EVENTS.map((e) => [e, [listenersBefore[e]!, process.listenerCount(e)] as [number, number]]),
  );
  const grown = Object.entries(listeners).filter(([, [a, b]]) => b > a);
  check(
    'no process listener leaked',
    grown.length === 0,
    grown.map(([e, [a, b]]) => `${e} ${a}->${b}`).join(', ') || 'ok',
  );

  // The first quarter is warm-up (caches filling to their caps); the slope is over the rest.
  const steady = heap.slice(Math.floor(heap.length / 4));
  const slopeBytesPerMin = slope(steady);
  const judged = options.durationMs >= MIN_JUDGED_MS && gc !== undefined;
  check(
    'heap flat',
    !judged || slopeBytesPerMin <= MAX_SLOPE_BYTES_PER_MIN,
    `${(slopeBytesPerMin / 1024).toFixed(1)} KiB/min over ${steady.length} samples after gc (limit ${MAX_SLOPE_BYTES_PER_MIN / 1024} KiB/min)${judged ? '' : '; not judged: needs gc and >= 1 min'}`,
  );

  const restarts = Object.fromEntries(groups.map((g) => [g, restartTimes.get(g)?.length ?? 0]));
  return {
    options,
    startedAt,
    elapsedMs: performance.now() - started,
    groups,
    entities: entityIds.length,
    faults,
    faultsSkipped,
    serviceCalls: calls,
    writes,
    restarts,
    maxRestartsInWindow: Object.fromEntries(
      groups.map((g) => [g, maxInWindow(restartTimes.get(g) ?? [], restartPeriodMs)]),
    ),
    policy: { restartIntensity, restartPeriodMs },
    leaks: { fds: { before: fdsBefore, after: fdsAfter }, listeners, pids: leftPids },
    heap: {
      gc: gc !== undefined,
      samples: steady.length,
      slopeBytesPerMin,
      firstBytes: heap[0]?.y ?? 0,
      lastBytes: heap.at(-1)?.y ?? 0,
    },
    checks,
    ok: checks.every((c) => c.ok),
  };
}
