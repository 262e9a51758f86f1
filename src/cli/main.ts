#!/usr/bin/env node
/**
 * `corral` — for now a guided demo of supervision: start a real sandbox
 * process, talk to it over its channel, kill it with SIGKILL, watch the
 * supervisor bring it back, and stop it gracefully.
 */
import { parseArgs } from 'node:util';
import type { InspectionEvent } from 'xstate';
import type { TransportKind } from '../actors/launch.js';
import { Supervisor } from '../actors/supervisor.js';
import { consoleLogger } from '../logger.js';

const GROUP = 'built-in';

function stateName(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const [key, inner] = Object.entries(value)[0] ?? [];
    return key === undefined ? '' : `${key}.${stateName(inner)}`;
  }
  return String(value);
}

async function demo(transport: TransportKind): Promise<void> {
  const t0 = performance.now();
  const at = () => `${(performance.now() - t0).toFixed(0).padStart(5)} ms`;
  let last = '';
  const inspect = (event: InspectionEvent) => {
    if (event.type !== '@xstate.snapshot' || (event.actorRef as { id?: string }).id !== `sandbox:${GROUP}`)
      return;
    const state = stateName((event.snapshot as { value?: unknown }).value);
    if (state !== last) console.log(`${at()}  sandbox "${GROUP}" -> ${state}`);
    last = state;
  };
  const supervisor = new Supervisor({ transport, logger: consoleLogger, inspect });

  const first = await supervisor.ensureStarted(GROUP);
  console.log(
    `${at()}  running: pid ${first.pid}, frames over ${transport === 'pipe' ? 'fd://3' : 'a unix socket'}`,
  );
  const pings: number[] = [];
  let pong = await first.channel.call('ping', {});
  for (let i = 0; i < 5; i++) {
    const start = performance.now();
    pong = await first.channel.call('ping', {});
    pings.push(performance.now() - start);
  }
  console.log(
    `${at()}  ping x5: ${pings.map((p) => p.toFixed(2)).join(', ')} ms; sandbox rss ${(Number(pong.rssBytes) / 2 ** 20).toFixed(1)} MiB`,
  );

  console.log(`${at()}  kill -9 ${first.pid}`);
  const respawned = new Promise<void>((resolve) => supervisor.on('sandbox.ready', () => resolve()));
  process.kill(first.pid, 'SIGKILL');
  await respawned;
  const second = await supervisor.ensureStarted(GROUP);
  await second.channel.call('ping', {});
  const history = supervisor.persist().groups[GROUP];
  console.log(
    `${at()}  back: pid ${second.pid} answers ping; restarts in window ${history?.restartTimes.length}/${supervisor.policy.restartIntensity}, last failure: ${history?.failures.at(-1)?.reason}`,
  );

  const stopped = new Promise<unknown>((resolve) =>
    supervisor.on('sandbox.stopped', (e) => resolve(e.restoreState)),
  );
  await supervisor.stop();
  const exit = await second.exited;
  console.log(
    `${at()}  stopped gracefully: restore-state ${JSON.stringify(await stopped)}, exit code ${exit.code}`,
  );
  if (exit.code !== 0) process.exitCode = 1;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { transport: { type: 'string', default: 'pipe' } },
    allowPositionals: true,
  });
  await demo(values.transport === 'unix' ? 'unix' : 'pipe');
}

main().catch((error: unknown) => {
  console.error(`corral: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
