#!/usr/bin/env node
/**
 * `corral`: `run` boots a hub from a config dir; every other command talks to
 * a running hub over its local API (`--url`, default http://127.0.0.1:8123).
 */
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Command, InvalidArgumentError } from 'commander';
import { packageRoot } from '../actors/launch.js';
import type { ServiceCallRequest } from '../api/contract.js';
import { readTokenFile, tokenFileOf } from '../api/token-file.js';
import { CorralError } from '../errors.js';
import type { Logger } from '../logger.js';
import { ApiClient } from './client.js';
import { type Prompter, walkFlow } from './flow-prompt.js';
import type { RunningCorral } from './run.js';
import { watchCommand } from './watch.js';

const defaultConfigDir = join(packageRoot, 'examples', 'config');

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('a port is 0-65535');
  return n;
}

function json(value: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch (error) {
    throw new InvalidArgumentError(`not JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new InvalidArgumentError('expected a JSON object, e.g. \'{"brightness": 120}\'');
  return parsed as Record<string, unknown>;
}

/** `entity_id=light.a,light.b` or `area_id=kitchen`; repeatable. */
function target(value: string, previous: Record<string, string[]> = {}): Record<string, string[]> {
  const match = /^(entity_id|device_id|area_id)=(.+)$/.exec(value);
  if (!match) throw new InvalidArgumentError('use entity_id=..., device_id=... or area_id=...');
  const [, key, ids] = match as unknown as [string, string, string];
  return { ...previous, [key]: [...(previous[key] ?? []), ...ids.split(',').filter(Boolean)] };
}

const stderrLogger =
  (verbose: boolean): Logger =>
  (level, message, fields) => {
    if (level === 'debug' && !verbose) return;
    const tag = fields?.group ? `[${String(fields.group)}] ` : '';
    process.stderr.write(`${level === 'info' ? '' : `${level}: `}${tag}${message}\n`);
  };

function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows
    .map((r) =>
      r
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

const mib = (bytes: number | null) => (bytes === null ? '-' : `${(bytes / 1024 / 1024).toFixed(1)} MiB`);

/**
 * The token of the hub a client command talks to: that of `--config`'s hub when given,
 * else `$CORRAL_TOKEN`, else that of the default config's hub. Never a flag: a command
 * line is visible to every user in `/proc/<pid>/cmdline`.
 */
async function clientToken(configDir: string | undefined): Promise<string | undefined> {
  const fromEnv = process.env.CORRAL_TOKEN;
  if (configDir === undefined && fromEnv) return fromEnv;
  const dir = configDir ?? defaultConfigDir;
  try {
    const { loadConfig } = await import('../config/load.js');
    const config = await loadConfig(dir);
    return config.api.token ?? readTokenFile(config.dataDir);
  } catch {
    // A config that does not load still has its token file next to it, as a hub with dataDir unset keeps it.
    return readTokenFile(dir);
  }
}

async function run(options: {
  config: string;
  auth: boolean;
  host?: string;
  port?: number;
  stately?: string;
  verbose?: boolean;
}): Promise<void> {
  const t0 = performance.now();
  const say = (line: string) =>
    process.stdout.write(`${(performance.now() - t0).toFixed(0).padStart(6)} ms  ${line}\n`);
  // Loaded here, not at the top: client commands stay quick without the hub's modules.
  const [{ loadConfig }, { runCorral }] = await Promise.all([
    import('../config/load.js'),
    import('./run.js'),
  ]);
  const config = await loadConfig(options.config);
  say(`config ${config.file}`);

  // Signals are handled from the start: a Ctrl-C while sandboxes start still stops them gracefully.
  let stopper: RunningCorral | undefined;
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    signals += 1;
    if (signals > 1 || !stopper) {
      say(`${signal}${stopper ? ' again' : ''}: killing the sandboxes and exiting now`);
      stopper?.kill();
      process.exit(130);
    }
    say(`${signal}: stopping gracefully (sandboxes hand over their restore-state)`);
    stopper.stop().then(
      () => {
        say('stopped');
        process.exit(0);
      },
      (error: unknown) => {
        process.stderr.write(`corral: stop failed: ${(error as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const corral = await runCorral(config, {
    host: options.host,
    port: options.port,
    auth: options.auth,
    statelyUrl: options.stately,
    say,
    logger: stderrLogger(options.verbose ?? false),
    onApi: (api) => {
      // A one-time link: the token itself never appears in output, URLs or browser history.
      say(
        `inspector: ${api.auth.enabled ? `${api.loginUrl()}  (login link: works once, for 5 minutes)` : `${api.url}/`}`,
      );
      say(`api: ${api.url}/api  (stately receiver: ${api.url.replace(/^http/, 'ws')}/api/stately)`);
      if (api.auth.enabled) {
        say(`token: ${config.api.token ? `api.token in ${config.file}` : tokenFileOf(config.dataDir)}`);
      }
    },
    onStopper: (running) => {
      stopper = running;
    },
  });
  if (signals > 0) return; // stopping already: not ready for anything
  const configFlag = options.config === defaultConfigDir ? '' : ` --config ${options.config}`;
  const cli = `corral --url ${corral.api.url}${configFlag}`;
  process.stdout.write(
    [
      '',
      'Try, in another terminal:',
      `  ${cli} status`,
      `  ${cli} entities --domain light`,
      `  ${cli} call light.turn_on --target area_id=living_room --data '{"brightness": 200}'`,
      `  ${cli} demo crash      # kill -9 a sandbox; watch it restart in the inspector`,
      `  ${cli} demo hang       # freeze one; the heartbeat notices`,
      `  ${cli} flow start demo_light`,
      'Ctrl-C stops gracefully (a second Ctrl-C forces).',
      '',
    ].join('\n'),
  );
  say('ready');
}

function linePrompter(): Prompter & { close(): void } {
  const rl = createInterface({ input: process.stdin, terminal: false });
  const lines = rl[Symbol.asyncIterator]();
  return {
    async ask(question) {
      process.stdout.write(question);
      const next = await lines.next();
      if (next.done) return undefined;
      if (!process.stdin.isTTY) process.stdout.write(`${next.value}\n`);
      return next.value;
    },
    say: (line) => process.stdout.write(`${line}\n`),
    close: () => rl.close(),
  };
}

export function program(): Command {
  const cli = new Command('corral')
    .description('Run integrations in supervised sandboxes, and drive a running hub')
    .option('--url <url>', 'API of the hub to talk to', process.env.CORRAL_URL ?? 'http://127.0.0.1:8123')
    .option(
      '-c, --config <dir>',
      'config directory of the hub: `run` boots it, the other commands read its API token from it ' +
        '(default: $CORRAL_TOKEN, else the default config directory)',
    )
    .option('--json', 'print raw JSON instead of tables')
    .showHelpAfterError();
  const client = () => {
    const { url, config } = cli.opts<{ url: string; config?: string }>();
    return new ApiClient(url, () => clientToken(config));
  };
  const asJson = () => cli.opts<{ json?: boolean }>().json === true;
  const print = (value: unknown, human: () => string) =>
    process.stdout.write(`${asJson() ? JSON.stringify(value, null, 2) : human()}\n`);

  cli
    .command('run')
    .description('boot a hub from a config dir (corral.yaml, corral.yml or corral.json)')
    .option('-c, --config <dir>', 'config directory (default: the examples/config of the package)')
    .option('--host <host>', 'API bind address (overrides api.host)')
    .option('-p, --port <port>', 'API port, 0 = any free port (overrides api.port)', port)
    .option(
      '--stately <url>',
      'also send inspection events to a Stately inspector server, e.g. ws://localhost:8080',
    )
    .option('--no-auth', 'serve the API without authentication: tests only, loopback only (loud)')
    .option('-v, --verbose', 'debug logs')
    .action((options: Omit<Parameters<typeof run>[0], 'config'> & { config?: string }) =>
      run({
        ...options,
        config: options.config ?? cli.opts<{ config?: string }>().config ?? defaultConfigDir,
      }),
    );

  cli
    .command('status')
    .description('sandbox groups: state, pid, restarts against the budget, memory, message rates')
    .action(async () => {
      const status = await client().status();
      print(status, () => {
        const head = `hub pid ${status.pid}, up ${(status.uptimeMs / 1000).toFixed(0)} s, ${mib(status.hostRssBytes)}; ${status.entryCount} entries, ${status.entityCount} entities`;
        const rows = [
          ['GROUP', 'STATE', 'PID', 'RESTARTS', 'TOTAL', 'MEMORY', 'IN/s', 'OUT/s', 'LAST FAILURE'],
          ...status.groups.map((g) => [
            g.group,
            g.state,
            String(g.pid ?? '-'),
            `${g.restarts.recent}/${g.restarts.intensity} in ${g.restarts.periodMs / 1000}s`,
            String(g.totalRestarts),
            mib(g.rssBytes),
            String(g.rates.inPerSec),
            String(g.rates.outPerSec),
            g.lastFailure ?? '',
          ]),
        ];
        const isolation = status.isolation.reduced
          ? `REDUCED ISOLATION (${status.isolation.os}): ${status.isolation.reduced}`
          : `isolation: ${status.isolation.os}`;
        return `${head}\n${isolation}\n${table(rows)}`;
      });
    });

  cli
    .command('entities')
    .description('entity states')
    .option('-d, --domain <domain>', 'only this domain (e.g. light)')
    .action(async (options: { domain?: string }) => {
      const { entities } = await client().entities(options.domain);
      print(entities, () =>
        table([
          ['ENTITY', 'STATE', 'ATTRIBUTES'],
          ...entities.map((e) => [e.entityId, e.state, JSON.stringify(e.attributes).slice(0, 80)]),
        ]),
      );
    });

  cli
    .command('watch')
    .description('stream state changes live (the Home Assistant WebSocket API), until Ctrl-C')
    .option(
      '-d, --domain <domain>',
      'only this domain (repeatable)',
      (d: string, all: string[]) => [...all, d],
      [],
    )
    .action(async (options: { domain: string[] }) => {
      const { url, config } = cli.opts<{ url: string; config?: string }>();
      await watchCommand(url, () => clientToken(config), options.domain, asJson());
    });

  cli
    .command('call')
    .description(
      'call a service, e.g. corral call light.turn_on --target area_id=kitchen --data \'{"brightness":90}\'',
    )
    .argument('<service>', 'DOMAIN.SERVICE')
    .option('-t, --target <key=ids>', 'entity_id=..., device_id=... or area_id=... (repeatable)', target)
    .option('-d, --data <json>', 'service data as a JSON object', json)
    .option('-r, --response', 'ask for the service response')
    .action(
      async (
        service: string,
        options: { target?: Record<string, string[]>; data?: Record<string, unknown>; response?: boolean },
      ) => {
        const match = /^([a-z0-9_]+)\.([a-z0-9_]+)$/.exec(service);
        if (!match) throw new InvalidArgumentError(`"${service}" is not DOMAIN.SERVICE`);
        const request: ServiceCallRequest = {
          domain: match[1] ?? '',
          service: match[2] ?? '',
          target: options.target,
          data: options.data,
          returnResponse: options.response,
        };
        const { response } = await client().call(request);
        print({ response }, () =>
          response === null ? `called ${service}` : JSON.stringify(response, null, 2),
        );
      },
    );

  cli
    .command('entries')
    .description('config entries and their states')
    .action(async () => {
      const { entries } = await client().entries();
      print(entries, () =>
        table([
          ['ENTRY', 'DOMAIN', 'TITLE', 'STATE', 'SANDBOX'],
          ...entries.map((e) => [e.entryId, e.domain, e.title, e.state, e.sandbox]),
        ]),
      );
    });

  cli
    .command('reload')
    .description('reload a config entry (unload, then set up again)')
    .argument('<entry>', 'entry id (see corral entries)')
    .action(async (entryId: string) => {
      const result = await client().reload(entryId);
      print(result, () => `${result.entryId}: ${result.state}`);
    });

  const flow = cli.command('flow').description('config flows');
  flow
    .command('start')
    .description('walk a config flow interactively: forms, menus, errors')
    .argument('<domain>', 'integration domain')
    .action(async (domain: string) => {
      const api = client();
      const prompter = linePrompter();
      try {
        const answer = await walkFlow(
          {
            start: () => api.startFlow({ domain }),
            step: (flowId, input) => api.stepFlow(flowId, input),
            abort: (flowId) => api.abortFlow(flowId),
          },
          prompter,
        );
        if (answer.type === 'create_entry')
          prompter.say(`created entry "${answer.title}" (${answer.entryId ?? ''})`);
        else prompter.say(`flow ended: ${answer.type}${'reason' in answer ? ` (${answer.reason})` : ''}`);
      } finally {
        prompter.close();
      }
    });

  const demo = cli.command('demo').description('make a sandbox fail, to watch the supervisor recover it');
  for (const [fault, what] of [
    ['crash', 'SIGKILL the sandbox of GROUP (default: the first running)'],
    ['hang', 'freeze the sandbox of GROUP (SIGSTOP) until the heartbeat declares it hung'],
  ] as const) {
    demo
      .command(fault)
      .description(what)
      .argument('[group]', 'sandbox group (see corral status)')
      .action(async (group?: string) => {
        const result = await client().demo(fault, group);
        print(
          result,
          () =>
            `${fault === 'crash' ? 'killed' : 'froze'} sandbox ${result.group} (${result.pid === null ? 'worker thread' : `pid ${result.pid}`})`,
        );
      });
  }
  return cli;
}

program()
  .parseAsync()
  .catch((error: unknown) => {
    const type = error instanceof CorralError ? `${error.type}: ` : '';
    process.stderr.write(`corral: ${type}${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
