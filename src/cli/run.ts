/**
 * `corral run`: boot a hub from a loaded config — sandboxes, the config flows
 * of `setup`, the local API and the inspector — report progress as it goes,
 * and shut down gracefully on the first SIGINT/SIGTERM (forcefully on the second).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../actors/launch.js';
import { type ApiServer, startApiServer } from '../api/server.js';
import { loadOrCreateToken, warnIfExposed } from '../api/token-file.js';
import type { CorralConfig } from '../config/schema.js';
import { createHub, type Hub } from '../host/hub.js';
import { InspectorCollector } from '../inspector/collector.js';
import { knownMachineIds } from '../inspector/machines.js';
import { combineInspectors, statelyFeed, statelyWebSocketInspector } from '../inspector/stately.js';
import type { Logger } from '../logger.js';
import { type SandboxRouter, sandboxRouter } from '../sandboxing/sandbox-router.js';

export interface RunOptions {
  /** Overrides of the config's `api` section (CLI flags). */
  readonly host?: string;
  readonly port?: number;
  /** `false` (`--no-auth`) turns the API's authentication off, as `api.auth: false` does; loopback only. */
  readonly auth?: boolean;
  /** Also push inspection events to a Stately inspector server (`ws://...`). */
  readonly statelyUrl?: string;
  /** Progress lines for the user (stdout). */
  readonly say: (line: string) => void;
  readonly logger: Logger;
  /** Told as soon as the API listens (before sandboxes start). */
  readonly onApi?: (api: ApiServer) => void;
  /** Told as soon as the hub can be stopped, so a signal during start-up stops it gracefully. */
  readonly onStopper?: (running: RunningCorral) => void;
}

export interface RunningCorral {
  readonly hub: Hub;
  readonly router: SandboxRouter | undefined;
  readonly api: ApiServer;
  readonly collector: InspectorCollector;
  /** Graceful: API closed, sandboxes shut down (restore-state saved), stores flushed. */
  stop(): Promise<void>;
  /** SIGKILL every sandbox this hub started. */
  kill(): void;
}

export async function runCorral(config: CorralConfig, options: RunOptions): Promise<RunningCorral> {
  const { say, logger } = options;
  const collector = new InspectorCollector({ knownMachines: knownMachineIds });
  const stately = statelyFeed();
  const external = options.statelyUrl ? statelyWebSocketInspector(options.statelyUrl) : undefined;
  const inspect = combineInspectors(collector.inspect, stately.inspect, external?.inspect);
  reportProgress(collector, say);

  let router: SandboxRouter | undefined;
  const hub = await createHub({
    configDir: config.dataDir,
    hostConfig: config.host,
    integrationDirs: config.integrations.builtIn,
    customDirs: config.integrations.custom,
    ...(config.integrations.tarballs.length ? { tarballs: config.integrations.tarballs } : {}),
    logger,
    inspect,
    caps: config.caps,
    router:
      config.isolation.mode === 'sandbox'
        ? (local, ref) => {
            router = sandboxRouter({
              configDir: config.dataDir,
              isolation: { perDomain: config.isolation.perDomain, alwaysMain: config.isolation.alwaysMain },
              supervision: config.supervision,
              process: config.process,
              bridge: config.bridge,
              caps: config.caps,
              launcher: config.isolation.launcher,
              transport: config.isolation.transport,
              os: config.isolation.os,
              logger,
              inspect,
            })(local, ref);
            return router;
          }
        : undefined,
  });
  // Decided before anything starts: `isolation.os: bwrap` without bwrap refuses here.
  try {
    const os = await router?.supervisor.osSandbox();
    if (os?.reduced) logger('warn', `reduced isolation: ${os.reduced}`);
    else if (os) say('isolation: each sandbox runs under bubblewrap (OS namespaces) and its policy limits');
  } catch (error) {
    await hub.stop();
    throw error;
  }
  // The API comes up before the sandboxes, so the inspector watches them start.
  const staticDir = join(packageRoot, 'dist', 'inspector');
  let api: ApiServer;
  try {
    const auth = options.auth !== false && config.api.auth;
    api = await startApiServer({
      hub,
      router,
      collector,
      stately,
      host: options.host ?? config.api.host,
      port: options.port ?? config.api.port,
      auth,
      token: auth ? await apiToken(config, logger) : undefined,
      staticDir: existsSync(staticDir) ? staticDir : undefined,
      version: packageVersion(),
      logger,
    });
    if (!auth) {
      logger(
        'warn',
        'API AUTHENTICATION IS OFF (api.auth: false or --no-auth): every local process and user can read ' +
          'states, call services, start flows and kill sandboxes. Only for tests.',
      );
    }
  } catch (error) {
    await router?.stop();
    await hub.stop(); // releases the data directory
    throw error;
  }
  options.onApi?.(api);

  let stopping: Promise<void> | undefined;
  const running: RunningCorral = {
    hub,
    router,
    api,
    collector,
    stop() {
      stopping ??= (async () => {
        await api.close();
        await hub.stop();
        external?.stop();
      })();
      return stopping;
    },
    kill() {
      // Each sandbox ends its own way: a process by SIGKILL, a worker thread by terminate().
      for (const { sandbox } of router?.supervisor.connections.list() ?? []) sandbox.kill('SIGKILL');
    },
  };
  options.onStopper?.(running);
  await hub.start();
  await runSetupFlows(hub, config, say, () => stopping !== undefined);
  return running;
}

/** `api.token` from the config, else the hub's token file (made on the first start). */
async function apiToken(config: CorralConfig, logger: Logger): Promise<string> {
  if (config.api.token) {
    warnIfExposed(config.file, 'the config file', logger);
    return config.api.token;
  }
  return (await loadOrCreateToken(config.dataDir, logger)).token;
}

function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string })
      .version;
  } catch {
    return 'unknown';
  }
}

/** Run each `setup` flow whose domain has no config entry yet, step by step. */
async function runSetupFlows(
  hub: Hub,
  config: CorralConfig,
  say: (line: string) => void,
  stopping: () => boolean,
): Promise<void> {
  for (const { domain, steps } of config.setup) {
    if (stopping()) return;
    if (hub.entries.list(domain).length > 0) continue;
    try {
      let answer = await hub.flows.start(domain);
      for (const input of steps) {
        if (answer.type !== 'form' && answer.type !== 'menu') break;
        answer = await hub.flows.configure(answer.flowId, { ...input });
      }
      if (answer.type === 'create_entry') {
        say(`setup: ${domain} -> entry "${answer.title}" created`);
      } else {
        say(`setup: ${domain} stopped at a ${answer.type}${'reason' in answer ? ` (${answer.reason})` : ''}`);
        if (answer.type === 'form' || answer.type === 'menu') await hub.flows.abort(answer.flowId);
      }
    } catch (error) {
      say(`setup: ${domain} failed: ${(error as Error).message}`);
    }
  }
}

/** Sandbox lifecycle lines: which group, spawn -> ready in ms, crashes and restarts. */
function reportProgress(collector: InspectorCollector, say: (line: string) => void): void {
  const spawnedAt = new Map<string, number>();
  const last = new Map<string, string>();
  collector.subscribe((change) => {
    if (change.type !== 'actor' || !/^sandbox:[^/]+$/.test(change.actor.id)) return;
    const group = change.actor.id.slice('sandbox:'.length);
    // Heartbeats move between running.waiting and running.pinging: one "running" for the user.
    const label = change.actor.stateLabel.replace(/^live\.running\..*/, 'live.running');
    if (last.get(group) === label) return;
    last.set(group, label);
    if (label === 'live.starting.spawning') {
      spawnedAt.set(group, performance.now());
      say(`sandbox ${group}: spawning`);
    } else if (label === 'live.running') {
      const since = spawnedAt.get(group);
      const took =
        since === undefined ? '' : ` in ${(performance.now() - since).toFixed(0)} ms (spawn -> ready)`;
      say(`sandbox ${group}: running${took}`);
    } else if (
      label &&
      label !== 'idle' &&
      label !== 'live.starting.awaitingReady' &&
      !label.startsWith('live.stopping')
    ) {
      say(`sandbox ${group}: ${label}`);
    }
  });
}
