/**
 * One memory sample of `npm run bench:sandboxed`, in a process of its own so that
 * nothing else (another hub, a hub being torn down, garbage of an earlier phase)
 * shares its heap: `node --expose-gc dist/bench/sandboxed-memory.js <inline|process> <count> <configDir>`
 * starts a hub, sets up a one-sensor entry (sandbox started, integration loaded,
 * platform and services in place), takes the heap after `global.gc()`, sets up an
 * entry of `count` sensors, takes the heap again and prints the result as one
 * JSON line on stdout.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import {
  addBenchEntry,
  installBenchIntegration,
  killEverything,
  sensorIds,
  startBenchHub,
  withTimeout,
} from './sandboxed-support.js';

export interface MemoryResult {
  readonly isolation: 'inline' | 'process';
  readonly entities: number;
  readonly bytesPerEntity: number;
  readonly heapBeforeBytes: number;
  readonly heapAfterBytes: number;
  /** Flow start -> entry loaded with all its entities. */
  readonly setupMs: number;
}

async function heapAfterGc(): Promise<number> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc');
  for (let i = 0; i < 4; i++) {
    gc();
    await sleep(25);
  }
  return process.memoryUsage().heapUsed;
}

async function measure(
  isolation: 'inline' | 'process',
  count: number,
  configDir: string,
): Promise<MemoryResult> {
  // The warm-up entity and `count` more share one group: lift the entity cap to fit them.
  const bench = await startBenchHub(isolation, { configDir, caps: { maxEntitiesPerGroup: count + 1 } });
  try {
    const { hub } = bench;
    await withTimeout(addBenchEntry(hub, { prefix: 'warm', sensors: 1 }), 'warm-up entry', 30_000);
    await hub.stores.flush();
    const heapBeforeBytes = await heapAfterGc();
    const t0 = performance.now();
    await withTimeout(addBenchEntry(hub, { prefix: 'mem', sensors: count }), `entry of ${count}`, 60_000);
    const setupMs = performance.now() - t0;
    const missing = sensorIds('mem', count).filter((id) => hub.states.get(id)?.state !== '0');
    if (missing.length > 0) throw new Error(`${missing.length} of ${count} sensors have no state`);
    await hub.stores.flush();
    const heapAfterBytes = await heapAfterGc();
    return {
      isolation,
      entities: count,
      bytesPerEntity: (heapAfterBytes - heapBeforeBytes) / count,
      heapBeforeBytes,
      heapAfterBytes,
      setupMs,
    };
  } finally {
    await bench.stop();
  }
}

const [isolation, count, configDir] = [process.argv[2], Number(process.argv[3]), process.argv[4]];
if ((isolation !== 'inline' && isolation !== 'process') || !(count > 0) || !configDir) {
  process.stderr.write('usage: sandboxed-memory.js <inline|process> <count> <configDir>\n');
  process.exit(2);
}
process.once('exit', killEverything);
installBenchIntegration();
measure(isolation, count, configDir).then(
  (result) => {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    process.exit(0);
  },
  (error: unknown) => {
    process.stderr.write(`memory sample failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
