#!/usr/bin/env node
/**
 * `corral` — for now: start one real sandbox process, exchange ready / ping /
 * shutdown over its channel and report what happened.
 */
import { parseArgs } from 'node:util';
import { launchSandbox, type TransportKind } from '../actors/launch.js';
import { consoleLogger } from '../logger.js';
import { decodeJson } from '../wire/json.js';

async function demo(transport: TransportKind): Promise<void> {
  const t0 = performance.now();
  const ms = () => `${(performance.now() - t0).toFixed(1)} ms`;
  const sandbox = await launchSandbox({ group: 'built-in', transport, logger: consoleLogger });
  console.log(
    `spawned sandbox "built-in" (pid ${sandbox.pid}) over ${transport === 'pipe' ? 'fd://3' : 'a unix socket'}`,
  );
  const ready = await sandbox.ready;
  console.log(
    `ready after ${ms()}: protocol v${ready.protocolVersion}, runtime node ${ready.runtimeVersion}`,
  );
  const pings: number[] = [];
  let last = await sandbox.channel.call('ping', { sentAtMs: Date.now() });
  for (let i = 0; i < 5; i++) {
    const start = performance.now();
    last = await sandbox.channel.call('ping', { sentAtMs: Date.now() });
    pings.push(performance.now() - start);
  }
  const rssMiB = Number(last.rssBytes) / 1024 / 1024;
  console.log(
    `ping x${pings.length}: ${pings.map((p) => p.toFixed(3)).join(', ')} ms; sandbox rss ${rssMiB.toFixed(1)} MiB`,
  );
  const shutdown = await sandbox.channel.call('shutdown', { reason: 'demo finished' });
  const restoreState = decodeJson(shutdown.restoreState);
  const exit = await sandbox.exited;
  console.log(
    `shutdown acknowledged with restore-state ${JSON.stringify(restoreState)}; exited with code ${exit.code} after ${ms()}`,
  );
  if (exit.code !== 0) process.exitCode = 1;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { transport: { type: 'string', default: 'pipe' } },
    allowPositionals: true,
  });
  const transport = values.transport === 'unix' ? 'unix' : 'pipe';
  await demo(transport);
}

main().catch((error: unknown) => {
  console.error(`corral: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
