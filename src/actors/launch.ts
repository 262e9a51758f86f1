import { type ChildProcess, type StdioOptions, spawn } from 'node:child_process';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { constants as osConstants } from 'node:os';
import { dirname, join, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { OsSandboxError, ProtocolError } from '../errors.js';
import { type Logger, silentLogger } from '../logger.js';
import { defaultProcessPolicy, type ProcessPolicy } from '../policy.js';
import { Channel, type ChannelOptions } from '../wire/channel.js';
import type { corral } from '../wire/gen/corral.js';
import { ProtobufCodec } from '../wire/protobuf-codec.js';
import { PROTOCOL_VERSION } from '../wire/protocol.js';
import type { Transport } from '../wire/transport.js';
import { childPipeTransport, frameStdio } from '../wire/transports/pipe.js';
import { listenUnix, type UnixListener } from '../wire/transports/unix.js';
import type { LaunchedWorker } from './launch-worker.js';
import { bwrapArgs, checkReadableByOthers, isRoot, type OsSandboxPlan } from './os-sandbox.js';
import { forwardLines } from './output-lines.js';

export type TransportKind = 'pipe' | 'unix';

/** Where a sandbox runs: a child process of its own, or a worker thread of the host process. */
export type SandboxLauncher = 'process' | 'worker';

export interface LaunchOptions {
  readonly group: string;
  readonly transport?: TransportKind;
  readonly policy?: ProcessPolicy;
  readonly logger?: Logger;
  /** Runtime entry script; defaults to the built `sandbox/main.js`. */
  readonly entry?: string;
  /** Extra directories the child may read under the permission model (integration code). */
  readonly readPaths?: readonly string[];
  /** Bound on the unix-socket dial-back. */
  readonly connectTimeoutMs?: number;
  readonly channel?: Omit<ChannelOptions, 'codec' | 'name'>;
  /** The OS sandbox to run the child in (`planOsSandbox`); none when absent or inactive. */
  readonly os?: OsSandboxPlan;
  /** Keep the host's network under the OS sandbox (default); false gives the group none. */
  readonly network?: boolean;
}

export interface ProcessExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** What every launcher hands the process actor: a started runtime and its channel. */
export interface LaunchedRuntime {
  readonly launcher: SandboxLauncher;
  /** The OS process of the sandbox; null for a worker, which has none of its own. */
  readonly pid: number | null;
  readonly channel: Channel;
  /** Resolves with the runtime's `ready` push. */
  readonly ready: Promise<corral.Ready>;
  /** Resolves when the process has exited (never rejects). */
  readonly exited: Promise<ProcessExit>;
  /** Signal this child, if it is still running; never anything else. */
  kill(signal?: NodeJS.Signals): void;
}

/** A spawned sandbox process and its channel. */
export interface LaunchedSandbox extends LaunchedRuntime {
  readonly launcher: 'process';
  readonly child: ChildProcess;
  readonly pid: number;
}

/** What launcher `L` hands back: a `LaunchedSandbox` for `process`, a `LaunchedWorker` for `worker`. */
export type LaunchedBy<L extends SandboxLauncher> = L extends 'worker' ? LaunchedWorker : LaunchedSandbox;

/** One launched generation of a sandbox at either isolation level; `launcher` tells which. */
export type SandboxInstance = LaunchedBy<SandboxLauncher>;

/** The nearest directory above this module holding a package.json: the package root, built or not. */
export const packageRoot = (() => {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
})();

/** The built runtime entry: one bundled JS file, so start-up pays no loader and no module graph. */
export function runtimeEntryPath(): string {
  const entry = join(packageRoot, 'dist', 'runtime', 'sandbox.mjs');
  if (!existsSync(entry))
    throw new Error(`sandbox runtime not built: ${entry} is missing (run "npm run build")`);
  return entry;
}

/** The `node` arguments that apply a process policy. */
export function nodeArgs(policy: ProcessPolicy, readPaths: readonly string[]): string[] {
  const args: string[] = [];
  if (policy.maxOldSpaceMiB > 0) args.push(`--max-old-space-size=${policy.maxOldSpaceMiB}`);
  if (policy.permissionModel) {
    // The feature's start-up warning would be logged at every spawn.
    args.push('--experimental-permission', '--disable-warning=ExperimentalWarning');
    for (const path of readPaths) args.push(`--allow-fs-read=${path}`);
  }
  return args;
}

/**
 * Why: the host's environment holds its secrets (API tokens, cloud credentials);
 * a sandbox gets only the variables the policy lets through.
 * CORRAL_SANDBOX tells integration code (and tests) that it runs in a sandbox.
 */
export function sandboxEnv(policy: ProcessPolicy, group: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const name of policy.passEnv) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  return { ...env, CORRAL_SANDBOX: group };
}

/** Why: a runtime of another protocol version would misread frames; refuse it at the handshake. */
export function checkProtocolVersion(ready: corral.Ready, group: string): void {
  if (ready.protocolVersion !== PROTOCOL_VERSION) {
    throw new ProtocolError(
      `sandbox "${group}" speaks protocol ${ready.protocolVersion}, this host speaks ${PROTOCOL_VERSION}`,
    );
  }
}

/** A sandbox child that has been spawned and not yet connected (a spare waits like this). */
export interface SpawnedChild {
  readonly child: ChildProcess;
  /**
   * The runtime's own pid: the child's, or under bwrap the node that bwrap started
   * (in a PID namespace of its own), which the child's pid only wraps.
   */
  readonly runtimePid: number;
  readonly exited: Promise<ProcessExit>;
  /** The unix listener the child dials back to, for the unix transport. */
  readonly listener?: UnixListener;
}

/** The command line of a sandbox: node flags of its policy, the runtime, its group and frame URL. */
export function sandboxArgs(options: LaunchOptions, url: string, extra: readonly string[] = []): string[] {
  const policy = options.policy ?? defaultProcessPolicy;
  const entry = options.entry ?? runtimeEntryPath();
  // Under the permission model the child reads only its own bundle and the integration's code.
  // The permission model checks real paths, so a linked directory is given as its target
  // too; and Node 20 aborts on a path given twice, so each once.
  const given = [
    join(dirname(entry), '*'),
    join(packageRoot, 'dist', '*'),
    join(packageRoot, 'node_modules', '*'),
    ...(options.readPaths ?? []),
  ];
  const readPaths = [...new Set(given.flatMap((path) => [path, realGlob(path)]))];
  return [...nodeArgs(policy, readPaths), entry, '--name', options.group, '--url', url, ...extra];
}

/** Where bwrap reports the pid of the runtime it started. */
const INFO_FD = 4;

/**
 * What the OS sandbox binds read-only: the runtime entry's directory, Corral's built code
 * and its dependencies, and the group's integration directories (permission-model globs
 * become their directory).
 */
export function sandboxReadOnlyPaths(options: LaunchOptions): string[] {
  const entry = options.entry ?? runtimeEntryPath();
  const own = [
    dirname(entry),
    join(packageRoot, 'dist'),
    join(packageRoot, 'node_modules'),
    join(packageRoot, 'package.json'),
  ];
  const integrations = (options.readPaths ?? []).map((path) => path.replace(/[/\\]\*$/, ''));
  return [...own, ...integrations].filter((path) => existsSync(path));
}

/** The program and arguments that start a sandbox: node itself, or node inside bwrap. */
function sandboxCommand(options: LaunchOptions, url: string, extra: readonly string[]) {
  const node = [process.execPath, ...sandboxArgs(options, url, extra)];
  const bwrap = options.os?.bwrap;
  if (!bwrap) return { file: process.execPath, args: node.slice(1), bwrap: false };
  if ((options.transport ?? 'pipe') !== 'pipe') {
    throw new OsSandboxError(
      'the unix transport cannot reach into the OS sandbox; use the pipe transport or isolation.os "none"',
    );
  }
  const policy = options.policy ?? defaultProcessPolicy;
  const readOnly = sandboxReadOnlyPaths(options);
  const setpriv = options.os?.setpriv;
  const drop = isRoot() && setpriv ? { uid: policy.sandboxUid, gid: policy.sandboxGid, setpriv } : undefined;
  if (drop) checkReadableByOthers(readOnly);
  const args = bwrapArgs(
    { bwrap, execPath: process.execPath, readOnly, network: options.network ?? true, drop, infoFd: INFO_FD },
    node,
  );
  return { file: bwrap, args, bwrap: true };
}

/** bwrap's `{"child-pid": N}` on its info fd, or undefined when it exits without one. */
function readChildPid(stream: Readable | null | undefined): Promise<number | undefined> {
  if (!stream) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    let text = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      // The document is a few hundred bytes; more is not bwrap's.
      if (text.length < 4096) text += chunk;
      const match = /"child-pid"\s*:\s*(\d+)/.exec(text);
      // Read to the end: closing early would SIGPIPE bwrap while it writes the rest.
      if (match) resolve(Number(match[1]));
    });
    stream.once('close', () => resolve(undefined));
    stream.once('error', () => resolve(undefined));
  });
}

/**
 * The runtime's host pid: the one child of bwrap's pid-1 reaper (`reaper`), which forks
 * it right after reporting; undefined when it never appears (the sandbox failed to start).
 */
async function runtimeUnder(reaper: number | undefined): Promise<number | undefined> {
  if (reaper === undefined) return undefined;
  const deadline = Date.now() + RUNTIME_FORK_WAIT_MS;
  while (Date.now() < deadline) {
    try {
      const children = readFileSync(`/proc/${reaper}/task/${reaper}/children`, 'utf8').trim();
      if (children) return Number(children.split(' ')[0]);
    } catch {
      return undefined;
    }
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  return undefined;
}

const RUNTIME_FORK_WAIT_MS = 5_000;

/** `dir/*` with `dir`'s symlinks resolved (or the path itself, resolved, when it names a file). */
function realGlob(path: string): string {
  const glob = path.endsWith(`${sep}*`);
  const base = glob ? path.slice(0, -2) : path;
  try {
    const real = realpathSync(base);
    return glob ? join(real, '*') : real;
  } catch {
    return path;
  }
}

/** Spawn the runtime's process; `extra` arguments go to the runtime (e.g. `--spare`). */
export async function spawnSandboxChild(
  options: LaunchOptions,
  extra: readonly string[] = [],
): Promise<SpawnedChild> {
  const { group } = options;
  const logger = options.logger ?? silentLogger;
  const policy = options.policy ?? defaultProcessPolicy;
  const kind = options.transport ?? 'pipe';
  const framing = { maxFrameBytes: options.channel?.policy?.maxFrameBytes };
  const listener = kind === 'unix' ? await listenUnix(framing) : undefined;
  const url = listener ? `unix://${listener.path}` : 'fd://3';
  let command: ReturnType<typeof sandboxCommand>;
  try {
    command = sandboxCommand(options, url, extra);
  } catch (error) {
    listener?.close();
    throw error;
  }
  const stdio: StdioOptions = kind === 'pipe' ? [...frameStdio] : ['ignore', 'pipe', 'pipe'];
  const env = sandboxEnv(policy, group);
  const child = spawn(command.file, command.args, {
    stdio: command.bwrap ? ([...(stdio as string[]), 'pipe'] as StdioOptions) : stdio,
    // Inside the OS sandbox only its private /tmp exists.
    env: command.bwrap ? { ...env, TMPDIR: '/tmp' } : env,
    // Its own process group: a terminal's Ctrl-C (sent to the whole foreground group)
    // reaches only the host, which then stops every sandbox gracefully; and the host can
    // kill the whole group, whatever the runtime spawned, once it exits.
    detached: true,
  });
  const exited = new Promise<ProcessExit>((resolve) => {
    child.once('exit', (code, signal) => {
      killGroup(child);
      resolve(exitOf(code, signal, command.bwrap));
    });
    child.once('error', (error) => {
      logger('error', `spawn failed: ${error.message}`, { group });
      if (child.pid === undefined) resolve({ code: null, signal: null });
    });
  });
  forwardLines(child.stdout, policy, (line) =>
    logger('info', line, { group, pid: child.pid, stream: 'stdout' }),
  );
  forwardLines(child.stderr, policy, (line) =>
    logger('warn', line, { group, pid: child.pid, stream: 'stderr' }),
  );
  const runtimePid = command.bwrap
    ? await runtimeUnder(await readChildPid(child.stdio[INFO_FD] as Readable))
    : child.pid;
  return { child, runtimePid: runtimePid ?? child.pid ?? -1, exited, listener };
}

/**
 * Why: without the OS sandbox a runtime's children would outlive it (and the host);
 * they share its process group, so kill the group. Under bwrap the PID namespace
 * already took them down with the runtime.
 */
function killGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {}
}

/**
 * Under bwrap every signal goes to the runtime itself (bwrap would not pass it on);
 * bwrap reaps it and exits with it. Killing bwrap first would leave the runtime to be
 * reaped by whatever is pid 1 on the host.
 */
export function signalSandbox(spawned: SpawnedChild, signal: NodeJS.Signals): void {
  const { child, runtimePid } = spawned;
  if (child.exitCode !== null || child.signalCode !== null) return;
  if (runtimePid === child.pid || runtimePid <= 0) {
    child.kill(signal);
    return;
  }
  try {
    process.kill(runtimePid, signal);
  } catch {}
  if (signal !== 'SIGKILL') return;
  // bwrap itself hung (or the runtime was gone already): take it down too.
  const fallback = setTimeout(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }, BWRAP_EXIT_GRACE_MS);
  fallback.unref();
  child.once('exit', () => clearTimeout(fallback));
}

const BWRAP_EXIT_GRACE_MS = 1_000;

/** bwrap exits with 128 + N when its child died of signal N: report the signal, as a bare child would. */
function exitOf(code: number | null, signal: NodeJS.Signals | null, viaBwrap: boolean): ProcessExit {
  if (!viaBwrap || code === null || code <= 128) return { code, signal };
  const name = Object.entries(osConstants.signals).find(([, number]) => number === code - 128)?.[0];
  return name ? { code: null, signal: name as NodeJS.Signals } : { code, signal };
}

/**
 * Open the channel to a spawned child: over its fd-3 pipe, or once it has dialled
 * back the unix socket. Frames the child wrote before this wait in the pipe.
 */
export async function connectSandbox(
  options: LaunchOptions,
  spawned: SpawnedChild,
): Promise<LaunchedSandbox> {
  const { group } = options;
  const { child, exited, listener, runtimePid } = spawned;
  const logger = options.logger ?? silentLogger;
  const framing = { maxFrameBytes: options.channel?.policy?.maxFrameBytes };
  let transport: Transport;
  try {
    if (listener) {
      const accepted = listener.accept(options.connectTimeoutMs ?? 10_000);
      const early = exited.then((exit) => {
        throw new Error(`sandbox exited before connecting (code ${exit.code}, signal ${exit.signal})`);
      });
      transport = await Promise.race([accepted, early]);
    } else {
      transport = childPipeTransport(child, framing);
    }
  } catch (error) {
    listener?.close();
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    throw error;
  }
  const channel = new Channel(transport, { ...options.channel, codec: new ProtobufCodec(), name: group });
  const ready = readyOf(channel, exited, group, logger);
  // The process is gone: its end of the pipe is too, so release ours.
  void exited.then(() => channel.close());
  return {
    launcher: 'process',
    child,
    pid: runtimePid,
    channel,
    ready,
    exited,
    kill(signal: NodeJS.Signals = 'SIGTERM') {
      signalSandbox(spawned, signal);
    },
  };
}

/**
 * Spawn `node <entry> --name <group> --url fd://3|unix://...`, connect its
 * channel, and forward its stdout/stderr line by line to the logger.
 */
export async function launchSandbox(options: LaunchOptions): Promise<LaunchedSandbox> {
  return connectSandbox(options, await spawnSandboxChild(options));
}

/**
 * The runtime's `ready` push, checked: rejects when the channel closes or the
 * sandbox exits first, or when it speaks another protocol version (its channel
 * is then closed). Never an unhandled rejection.
 */
export function readyOf(
  channel: Channel,
  exited: Promise<ProcessExit>,
  group: string,
  logger: Logger,
): Promise<corral.Ready> {
  const ready = new Promise<corral.Ready>((resolve, reject) => {
    channel.register(
      'ready',
      (message) => {
        try {
          checkProtocolVersion(message, group);
          resolve(message);
        } catch (error) {
          reject(error);
          logger('error', (error as Error).message, { group });
          void channel.close(error as Error);
        }
      },
      { inline: true },
    );
    void channel.closed.then(() => reject(new Error(`sandbox "${group}" closed its channel before ready`)));
    void exited.then((exit) =>
      reject(new Error(`sandbox "${group}" exited before ready (code ${exit.code})`)),
    );
  });
  ready.catch(() => {});
  return ready;
}
