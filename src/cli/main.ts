#!/usr/bin/env node
/**
 * `corral` — for now a guided demo: a hub runs the example `demo_light`
 * integration in a supervised sandbox process, sets it up through its config
 * flow, switches a light, survives a SIGKILL of the sandbox, and shuts down
 * gracefully keeping the lights' last state.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { InspectionEvent } from 'xstate';
import type { TransportKind } from '../actors/launch.js';
import { createHub, type Hub } from '../host/hub.js';
import type { State } from '../host/types.js';
import { consoleLogger } from '../logger.js';
import { type SandboxRouter, sandboxRouter } from '../sandboxing/sandbox-router.js';

const examples = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'examples', 'integrations');

function stateName(value: unknown): string {
  if (typeof value === 'string') return value;
  const [key, inner] = Object.entries((value ?? {}) as object)[0] ?? [];
  return key === undefined ? '' : `${key}.${stateName(inner)}`;
}

function until(hub: Hub, entityId: string, predicate: (state: State | undefined) => boolean): Promise<void> {
  return new Promise((resolve) => {
    if (predicate(hub.states.get(entityId))) return resolve();
    const stop = hub.bus.listen('state_changed', ({ data }) => {
      if (data.entityId === entityId && predicate(data.newState)) {
        stop();
        resolve();
      }
    });
  });
}

async function demo(transport: TransportKind): Promise<void> {
  const t0 = performance.now();
  const at = () => `${(performance.now() - t0).toFixed(0).padStart(5)} ms`;
  const say = (line: string) => console.log(`${at()}  ${line}`);
  const configDir = await mkdtemp(join(tmpdir(), 'corral-demo-'));
  let last = '';
  const inspect = (event: InspectionEvent) => {
    const id = (event.actorRef as { id?: string }).id ?? '';
    if (event.type !== '@xstate.snapshot' || !id.startsWith('sandbox:')) return;
    // Heartbeats (running.waiting <-> running.pinging) would drown the interesting changes.
    const state = stateName((event.snapshot as { value?: unknown }).value).replace(
      /^live\.running\..*/,
      'live.running',
    );
    if (state !== last) say(`sandbox "${id.slice('sandbox:'.length)}" -> ${state}`);
    last = state;
  };
  let router: SandboxRouter | undefined;
  const start = async () => {
    const hub = await createHub({
      configDir,
      integrationDirs: [examples],
      logger: consoleLogger,
      router: (local, ref) => {
        router = sandboxRouter({ configDir, transport, logger: consoleLogger, inspect })(local, ref);
        return router;
      },
    });
    await hub.start();
    return hub;
  };

  try {
    let hub = await start();
    const known = (await hub.catalog.list()).map((i) => i.domain);
    say(`hub started; integrations known: ${known.join(', ')}`);
    let answer = await hub.flows.start('demo_light');
    say(
      `config flow of demo_light shows a ${answer.type} (step "${'stepId' in answer ? answer.stepId : ''}")`,
    );
    answer = await hub.flows.configure(answer.flowId, { name: 'Living', count: 2, area: 'Living Room' });
    const entry = hub.entries.get(answer.entryId ?? '');
    say(
      `entry "${entry?.title}" created in group "${entry?.sandbox}", state ${hub.entries.state(entry!.entryId)}`,
    );
    for (const state of hub.states.all('light')) say(`  ${state.entityId} = ${state.state}`);

    const pid = router!.supervisor.connections.pids()[0]!;
    const turnedOn = performance.now();
    await hub.services.call('light', 'turn_on', { brightness: 180 }, { target: { area_id: 'living_room' } });
    say(
      `light.turn_on on the area took ${(performance.now() - turnedOn).toFixed(1)} ms through the sandbox:`,
    );
    for (const state of hub.states.all('light'))
      say(`  ${state.entityId} = ${state.state} (brightness ${state.attributes.brightness})`);

    say(`kill -9 ${pid} (the sandbox)`);
    process.kill(pid, 'SIGKILL');
    await until(hub, 'light.living_1', (s) => s?.state === 'unavailable');
    say("  light.living_1 = unavailable: the host never serves a dead sandbox's state");
    await until(hub, 'light.living_1', (s) => s?.state === 'on');
    say(`  light.living_1 = on again, same entity id, new pid ${router!.supervisor.connections.pids()[0]}`);

    say('stopping the hub: graceful sandbox shutdown, restore-state saved');
    await hub.stop();
    hub = await start();
    await until(hub, 'light.living_1', (s) => s?.state === 'on');
    const restored = hub.states.get('light.living_1');
    say(
      `restarted: light.living_1 = ${restored?.state} (brightness ${restored?.attributes.brightness}) restored`,
    );
    await hub.stop();
    say('done');
  } finally {
    await rm(configDir, { recursive: true, force: true });
  }
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
