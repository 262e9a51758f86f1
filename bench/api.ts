/**
 * `npm run bench:api`: what the Home Assistant WebSocket API costs the hub and
 * delivers, with the hub's own figures measured in the same run as baselines:
 *
 * 1. State updates: `rounds` rounds in which every one of `entities` entities is
 *    written once (the event loop turns between rounds). Baseline: the hub's own
 *    rate with the API running and no subscriber. Then with 1 and 50
 *    `subscribe_entities` subscribers (in a child process, so their parsing is not
 *    on the hub's event loop): the effective rate is updates written / time until
 *    every subscriber holds the last round's state of every entity. Changes are
 *    folded per subscriber and flush, so a subscriber may receive fewer diffs than
 *    writes; the diffs it did receive are reported beside the rate.
 * 2. `call_service` round trip over the WebSocket (the child's one caller,
 *    sequential calls, `return_response`), against the same call made in-process,
 *    p50 and p99, in alternating blocks.
 * 3. Host memory (heap after `global.gc()`, and RSS) with 50 idle subscribers,
 *    against the same hub before they connected.
 *
 * Prints one markdown table and writes every sample to dist/bench-results/api.json.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startApiServer } from '../src/api/server.js';
import { createHub } from '../src/host/hub.js';
import { InspectorCollector } from '../src/inspector/collector.js';
import { summarize } from './sandboxed-support.js';
import { machine, reap, trackIn } from './support.js';

const here = dirname(fileURLToPath(import.meta.url));
const packageRoot = join(here, '..', '..');
const resultsPath = join(packageRoot, 'dist', 'bench-results', 'api.json');
const env = process.env;

const plan = {
  entities: Number(env.BENCH_API_ENTITIES ?? 1_000),
  rounds: Number(env.BENCH_API_ROUNDS ?? 60),
  samples: Number(env.BENCH_API_SAMPLES ?? 3),
  subscribers: [1, 50] as const,
  calls: { warmup: 300, block: 500, blocks: 6 },
  idleSubscribers: 50,
  stepTimeoutMs: 60_000,
  runTimeoutMs: 300_000,
};

const children = new Set<ChildProcess>();
const TOKEN = 'bench'.repeat(8);
const configDir = mkdtempSync(join(tmpdir(), 'corral-bench-api-'));

function cleanup(): void {
  for (const child of children) child.kill('SIGKILL');
  rmSync(configDir, { recursive: true, force: true });
}
process.on('exit', cleanup);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    cleanup();
    process.exit(130);
  });
}
setTimeout(() => {
  process.stderr.write(`bench:api did not finish within ${plan.runTimeoutMs} ms\n`);
  cleanup();
  process.exit(1);
}, plan.runTimeoutMs).unref();

const gc = (globalThis as { gc?: () => void }).gc;
function memory() {
  gc?.();
  gc?.();
  const usage = process.memoryUsage();
  return { heapUsed: usage.heapUsed, rss: usage.rss };
}

/** A child running `api-client.js`, with a typed `ask` for its replies. */
function startClient() {
  const child = trackIn(
    children,
    fork(join(here, 'api-client.js'), { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }),
  );
  /** Resolves with the child's next `reply` message. */
  const waitFor = <T>(reply: string): Promise<T> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`api-client: no ${reply} within ${plan.stepTimeoutMs} ms`)),
        plan.stepTimeoutMs,
      );
      const onMessage = (message: { type: string }) => {
        if (message.type !== reply) return;
        clearTimeout(timer);
        child.off('message', onMessage);
        resolve(message as T);
      };
      child.on('message', onMessage);
    });
  const ask = <T>(command: unknown, reply: string): Promise<T> => {
    const replied = waitFor<T>(reply);
    child.send(command as Parameters<ChildProcess['send']>[0]);
    return replied;
  };
  return { child, ask, waitFor };
}

async function main() {
  const info = machine();
  const hub = await createHub({ configDir });
  await hub.start();
  hub.services.register('bench', 'echo', (call) => ({ value: call.data.value ?? null }), {
    supportsResponse: 'optional',
  });
  const ids = Array.from({ length: plan.entities }, (_, i) => `sensor.bench_${i}`);
  for (const id of ids) hub.states.set(id, 'start', { unit: 'W', power: 0 });
  const api = await startApiServer({ hub, collector: new InspectorCollector(), port: 0, token: TOKEN });

  let tagSeq = 0;
  /** Writes every entity once per round; resolves with the ms taken and the last round's state. */
  async function drive(): Promise<{ ms: number; finalState: string }> {
    const tag = `t${tagSeq++}`;
    const started = performance.now();
    for (let round = 0; round < plan.rounds; round++) {
      const state = `${tag}:${round}`;
      for (let i = 0; i < ids.length; i++)
        hub.states.set(ids[i]!, state, { unit: 'W', power: (i * 7 + round) % 1000 });
      await new Promise((resolve) => setImmediate(resolve));
    }
    return { ms: performance.now() - started, finalState: `${tag}:${plan.rounds - 1}` };
  }
  const updates = plan.entities * plan.rounds;
  const rate = (ms: number) => (updates / ms) * 1000;

  // Warm up the hub's write path before any sample.
  await drive();

  const baseline: number[] = [];
  /** Hub CPU (user + system) per update written, µs: what the machine's other load cannot inflate. */
  const baselineCpu: number[] = [];
  const cpuPerUpdate = (since: NodeJS.CpuUsage) => {
    const used = process.cpuUsage(since);
    return (used.user + used.system) / updates;
  };
  for (let s = 0; s < plan.samples; s++) {
    const cpu = process.cpuUsage();
    baseline.push(rate((await drive()).ms));
    baselineCpu.push(cpuPerUpdate(cpu));
  }
  const memoryBefore = memory();

  const delivered: Record<number, { rate: number[]; hubRate: number[]; diffs: number[]; cpu: number[] }> = {};
  let idle: { heapUsed: number; rss: number } | undefined;
  let calls: { ws: number[]; inProcess: number[] } | undefined;
  for (const count of plan.subscribers) {
    const client = startClient();
    await client.ask({ type: 'subscribe', url: api.url, token: TOKEN, count }, 'subscribed');
    const result = {
      rate: [] as number[],
      hubRate: [] as number[],
      diffs: [] as number[],
      cpu: [] as number[],
    };
    // One unmeasured pass: the first messages to each subscriber warm its path.
    for (let s = 0; s <= plan.samples; s++) {
      const finalState = `t${tagSeq}:${plan.rounds - 1}`;
      const current = client.waitFor<{ diffsPerSubscriber: number }>('current');
      await client.ask({ type: 'expect', state: finalState, entities: plan.entities }, 'expecting');
      const startedAt = performance.now();
      const cpu = process.cpuUsage();
      const { ms } = await drive();
      const { diffsPerSubscriber } = await current;
      const totalMs = performance.now() - startedAt;
      const cpuUs = cpuPerUpdate(cpu);
      if (s === 0) continue;
      result.rate.push(rate(totalMs));
      result.hubRate.push(rate(ms));
      result.diffs.push(diffsPerSubscriber);
      result.cpu.push(cpuUs);
    }
    delivered[count] = result;
    if (count === plan.idleSubscribers) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      idle = memory();
    }
    if (count === 1) {
      const ws: number[] = [];
      const inProcess: number[] = [];
      await client.ask({ type: 'calls', warmup: plan.calls.warmup, measured: 0 }, 'calls');
      for (let b = 0; b < plan.calls.blocks; b++) {
        ws.push(
          ...(
            await client.ask<{ samplesUs: number[] }>(
              { type: 'calls', warmup: 0, measured: plan.calls.block },
              'calls',
            )
          ).samplesUs,
        );
        for (let i = 0; i < plan.calls.block + (b === 0 ? plan.calls.warmup : 0); i++) {
          const started = process.hrtime.bigint();
          await hub.services.call('bench', 'echo', { value: i }, { returnResponse: true });
          if (b > 0 || i >= plan.calls.warmup)
            inProcess.push(Number(process.hrtime.bigint() - started) / 1000);
        }
      }
      calls = { ws, inProcess };
    }
    client.child.send({ type: 'close' });
    await reap(client.child);
  }
  // Baseline again after the subscribers, so drift over the run shows.
  for (let s = 0; s < plan.samples; s++) {
    const cpu = process.cpuUsage();
    baseline.push(rate((await drive()).ms));
    baselineCpu.push(cpuPerUpdate(cpu));
  }

  await api.close();
  await hub.stop();

  const med = (xs: number[]) => summarize(xs).median;
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
  const baseRate = med(baseline);
  const rows: string[][] = [
    ['Measure', 'Result', 'Baseline (same run)', 'Ratio', 'Target'],
    [
      'State updates/s, hub alone (API up, no subscriber)',
      `${fmt(baseRate)}/s (hub CPU ${med(baselineCpu).toFixed(1)} µs/update)`,
      '–',
      '–',
      '–',
    ],
  ];
  for (const count of plan.subscribers) {
    const r = delivered[count]!;
    const ratio = med(r.rate) / baseRate;
    rows.push([
      `Delivered to ${count} subscribe_entities subscriber${count > 1 ? 's' : ''} (all current), updates/s`,
      `${fmt(med(r.rate))}/s (hub wrote at ${fmt(med(r.hubRate))}/s, CPU ${med(r.cpu).toFixed(1)} µs/update; ${fmt(med(r.diffs))} diffs of ${fmt(updates)} writes reached each)`,
      `${fmt(baseRate)}/s`,
      `${ratio.toFixed(2)}×`,
      count === 1 ? '≥ 0.5×' : '≥ 0.2×',
    ]);
  }
  if (calls) {
    const ws = summarize(calls.ws);
    const local = summarize(calls.inProcess);
    rows.push([
      'call_service round trip over WS, p50 / p99',
      `${ws.p50.toFixed(0)} / ${ws.p99.toFixed(0)} µs`,
      `in-process ${local.p50.toFixed(1)} / ${local.p99.toFixed(1)} µs`,
      `+${(ws.p50 - local.p50).toFixed(0)} µs at p50`,
      '–',
    ]);
  }
  if (idle) {
    const heap = idle.heapUsed - memoryBefore.heapUsed;
    const rss = idle.rss - memoryBefore.rss;
    rows.push([
      `Host memory with ${plan.idleSubscribers} idle subscribers`,
      `heap +${(heap / 2 ** 20).toFixed(1)} MiB (${fmt(heap / plan.idleSubscribers / 1024)} KiB each), RSS +${(rss / 2 ** 20).toFixed(1)} MiB`,
      `heap ${(memoryBefore.heapUsed / 2 ** 20).toFixed(1)} MiB, RSS ${(memoryBefore.rss / 2 ** 20).toFixed(1)} MiB`,
      '–',
      '–',
    ]);
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  const line = (r: string[]) => `| ${r.map((cell, c) => cell.padEnd(widths[c]!)).join(' | ')} |`;
  const table = [
    line(rows[0]!),
    `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`,
    ...rows.slice(1).map(line),
  ];
  process.stdout.write(`${JSON.stringify(info)}\n\n${table.join('\n')}\n`);
  if (!gc) process.stdout.write('\n(run with --expose-gc for memory figures after collection)\n');
  mkdirSync(dirname(resultsPath), { recursive: true });
  writeFileSync(
    resultsPath,
    JSON.stringify(
      { machine: info, plan, baseline, baselineCpu, delivered, calls, memoryBefore, idle },
      null,
      2,
    ),
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench:api failed: ${(error as Error).stack}\n`);
    cleanup();
    process.exit(1);
  },
);
