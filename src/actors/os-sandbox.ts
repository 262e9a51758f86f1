/**
 * The OS boundary around a sandbox process: bubblewrap (`bwrap`) namespaces with an
 * empty root holding read-only binds of exactly what the runtime needs. Trust gates
 * check what a sandbox says; this limits what it can do — signal or read the host,
 * reach `.storage`, leave processes behind.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync, lstatSync, readlinkSync, statSync } from 'node:fs';
import { delimiter, dirname, join, resolve, sep } from 'node:path';
import { OsSandboxError } from '../errors.js';

/** `auto`: bwrap where it works, else the permission model with a loud warning; `bwrap`: required; `none`: off. */
export type OsIsolation = 'auto' | 'bwrap' | 'none';

/** What a host's sandboxes run under, as decided once per host process and shown to the operator. */
export interface OsSandboxStatus {
  readonly requested: OsIsolation;
  readonly active: 'bwrap' | 'none';
  /** Why a sandbox is less isolated than `bwrap` would make it; absent when bwrap is active. */
  readonly reduced?: string;
}

/** The ids a root host's sandboxes switch to, and the tool that switches before node starts. */
export interface DropPrivileges {
  readonly uid: number;
  readonly gid: number;
  readonly setpriv: string;
}

export interface BwrapSpec {
  readonly bwrap: string;
  readonly execPath: string;
  /** Paths the runtime reads (its bundle, the group's integrations), bound read-only at the same path. */
  readonly readOnly: readonly string[];
  /** Share the host's network (integrations talk to devices on the LAN); false unshares it. */
  readonly network: boolean;
  /** Set when the host is root: the sandbox runs as this unprivileged uid instead of in a user namespace. */
  readonly drop?: DropPrivileges;
  /** The fd bwrap writes `{"child-pid": …}` to. */
  readonly infoFd?: number;
}

/** Directories of the system's shared libraries; `/lib` and friends are often links into `/usr`. */
const LIBRARY_DIRS = ['/lib', '/lib64', '/lib32', '/libx32', '/usr/lib', '/usr/lib64', '/usr/lib32'];

/**
 * System files a Node runtime reads: the loader cache, name resolution (integrations talk
 * to devices by name), CA certificates for TLS, OpenSSL's config, time zones. Nothing else
 * of `/etc` (no passwd, no shadow, no host keys).
 */
const SYSTEM_FILES = [
  '/etc/ld.so.cache',
  '/etc/resolv.conf',
  '/etc/hosts',
  '/etc/host.conf',
  '/etc/gai.conf',
  '/etc/nsswitch.conf',
  '/etc/localtime',
  '/etc/ssl/certs',
  '/etc/ssl/openssl.cnf',
  '/etc/ca-certificates',
  '/usr/share/ca-certificates',
  '/usr/share/zoneinfo',
];

/** `dir` itself and every directory above it, root first, without `/`. */
function ancestors(path: string): string[] {
  const out: string[] = [];
  for (let dir = dirname(path); dir !== dirname(dir); dir = dirname(dir)) out.unshift(dir);
  return out;
}

function isInside(path: string, dir: string): boolean {
  return path === dir || path.startsWith(dir.endsWith(sep) ? dir : dir + sep);
}

/** The bind mounts of the system: library directories (links kept as links) and the files above. */
function systemMounts(): { args: string[]; covered: string[] } {
  const args: string[] = [];
  const covered: string[] = [];
  for (const dir of LIBRARY_DIRS) {
    let stat: ReturnType<typeof lstatSync>;
    try {
      stat = lstatSync(dir);
    } catch {
      continue;
    }
    if (stat.isSymbolicLink()) args.push('--symlink', readlinkSync(dir), dir);
    else if (stat.isDirectory()) {
      args.push('--ro-bind', dir, dir);
      covered.push(dir);
    }
  }
  for (const file of SYSTEM_FILES) {
    if (!existsSync(file) || covered.some((dir) => isInside(file, dir))) continue;
    args.push('--ro-bind', file, file);
    covered.push(file);
  }
  return { args, covered };
}

/**
 * The bwrap command line that runs `command` (the node binary and its arguments) in a
 * sandbox: every namespace but the network (unless `network` is false), a fresh /proc of
 * its own PID namespace, a minimal /dev, a private /tmp, and read-only binds of the
 * system's libraries, the node binary and `readOnly`. Nothing else of the host's files:
 * no config directory, no `.storage`, no home.
 */
export function bwrapArgs(spec: BwrapSpec, command: readonly string[]): string[] {
  const args = spec.drop
    ? // A root host: no user namespace (whose root would still be uid 0 outside); setpriv
      // switches to the unprivileged ids before node starts, which empties every capability.
      ['--unshare-ipc', '--unshare-pid', '--unshare-uts', '--unshare-cgroup-try']
    : ['--unshare-user', '--unshare-ipc', '--unshare-pid', '--unshare-uts', '--unshare-cgroup-try'];
  if (!spec.network) args.push('--unshare-net');
  // bwrap's own reaper is pid 1 of the namespace and the runtime its child, so signals and
  // abort() act on the runtime as on any process; when it exits, bwrap ends the namespace
  // and the kernel kills all it spawned.
  args.push('--die-with-parent', '--new-session');
  if (spec.drop) args.push('--cap-add', 'CAP_SETUID', '--cap-add', 'CAP_SETGID');
  if (spec.infoFd !== undefined) args.push('--info-fd', String(spec.infoFd));
  const system = systemMounts();
  const files = [spec.execPath, ...(spec.drop ? [spec.drop.setpriv] : []), ...spec.readOnly].map((p) =>
    resolve(p),
  );
  // A path inside another bound path is already there; binding it again would need a
  // directory created inside a read-only mount.
  const binds = [...new Set(files)]
    .filter((path) => !system.covered.some((dir) => isInside(path, dir)))
    .filter((path, _, all) => !all.some((other) => other !== path && isInside(path, other)))
    .sort();
  // bwrap makes missing parents 0700 as root: make each one first, traversable by the sandbox's uid.
  const bound = [...system.covered, ...binds];
  const dirs = [...new Set(bound.flatMap(ancestors))]
    .filter((dir) => !bound.some((path) => isInside(dir, path)))
    .sort();
  const makeDirs = (list: string[]) => list.flatMap((dir) => ['--perms', '0755', '--dir', dir]);
  const inTmp = (path: string) => isInside(path, '/tmp');
  args.push(...makeDirs(dirs.filter((dir) => !inTmp(dir))));
  args.push(...system.args, '--proc', '/proc', '--dev', '/dev', '--tmpfs', '/tmp');
  args.push(...makeDirs(dirs.filter((dir) => inTmp(dir) && dir !== '/tmp')));
  for (const path of binds) args.push('--ro-bind', path, path);
  args.push('--chdir', '/tmp', '--');
  if (spec.drop) {
    args.push(
      spec.drop.setpriv,
      `--reuid=${spec.drop.uid}`,
      `--regid=${spec.drop.gid}`,
      '--clear-groups',
      '--inh-caps=-all',
      '--bounding-set=-all',
      // Changing the uid clears bwrap's parent-death signal: set it again, so the runtime
      // (and with it its whole PID namespace) dies whenever bwrap does.
      '--pdeathsig=SIGKILL',
    );
  }
  args.push(...command);
  return args;
}

/** The first executable `name` on PATH. */
export function findExecutable(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      if (statSync(candidate).isFile()) return candidate;
    } catch {}
  }
  return undefined;
}

/** A host running as root hands its sandboxes to an unprivileged uid; any other host keeps its own. */
export function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

export interface OsSandboxPlan {
  readonly status: OsSandboxStatus;
  /** Present when bwrap is active. */
  readonly bwrap?: string;
  readonly setpriv?: string;
}

const BWRAP_MISSING = 'bubblewrap (bwrap) is not installed; on Debian: apt-get install bubblewrap';

/**
 * Run a trivial node under the same kind of sandbox the runtime gets, so a kernel without
 * user namespaces (or a container that forbids them) is found at start, not at the first crash.
 */
async function probe(bwrap: string, drop: DropPrivileges | undefined): Promise<string | undefined> {
  const args = bwrapArgs({ bwrap, execPath: process.execPath, readOnly: [], network: true, drop }, [
    process.execPath,
    '-e',
    'process.exit(process.getuid() === 0 ? 9 : 0)',
  ]);
  return new Promise((resolvePromise) => {
    const child = spawn(bwrap, args, { stdio: ['ignore', 'ignore', 'pipe'], env: {} });
    let stderr = '';
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      if (stderr.length < 4096) stderr += chunk;
    });
    child.once('error', (error) => resolvePromise(`bwrap could not start: ${error.message}`));
    child.once('exit', (code, signal) => {
      if (code === 0) resolvePromise(undefined);
      else if (code === 9) resolvePromise('a sandbox under bwrap still ran as uid 0');
      else {
        const why = stderr.trim().split('\n')[0] || `exit ${code ?? signal}`;
        resolvePromise(`bwrap cannot create its namespaces here (${why})`);
      }
    });
  });
}

const plans = new Map<string, Promise<OsSandboxPlan>>();

/**
 * Decide once per host process (and per request) what sandboxes run under. `bwrap` refuses
 * with an `OsSandboxError` when bubblewrap cannot run; `auto` then falls back and says why.
 */
export function planOsSandbox(
  requested: OsIsolation,
  ids: { uid: number; gid: number },
): Promise<OsSandboxPlan> {
  const key = `${requested} ${ids.uid} ${ids.gid}`;
  let plan = plans.get(key);
  if (!plan) {
    plan = decide(requested, ids);
    plans.set(key, plan);
  }
  return plan;
}

async function decide(requested: OsIsolation, ids: { uid: number; gid: number }): Promise<OsSandboxPlan> {
  if (requested === 'none') {
    return { status: { requested, active: 'none', reduced: 'isolation.os is "none"' } };
  }
  let reason: string | undefined;
  const bwrap = findExecutable('bwrap');
  const setpriv = isRoot() ? findExecutable('setpriv') : undefined;
  if (process.platform !== 'linux')
    reason = `no OS sandbox on ${process.platform} (bubblewrap is Linux only)`;
  else if (!bwrap) reason = BWRAP_MISSING;
  else if (isRoot() && !setpriv)
    reason = 'setpriv (util-linux) is missing, so a root host cannot drop privileges';
  else reason = await probe(bwrap, setpriv ? { ...ids, setpriv } : undefined);
  if (reason === undefined) return { status: { requested, active: 'bwrap' }, bwrap, setpriv };
  if (requested === 'bwrap') throw new OsSandboxError(`isolation.os is "bwrap" but ${reason}`);
  return {
    status: {
      requested,
      active: 'none',
      reduced: `${reason}; sandboxes run under Node's permission model only`,
    },
  };
}

/** Forget every decision (tests that change PATH). */
export function resetOsSandboxPlans(): void {
  plans.clear();
}

/**
 * Why: a root host's sandbox runs as an unprivileged uid, which reads the runtime and the
 * integrations only where "others" may; say which path and how to fix it instead of letting
 * the runtime die with a bare EACCES.
 */
export function checkReadableByOthers(paths: readonly string[]): void {
  for (const path of paths) {
    let stat: ReturnType<typeof statSync>;
    try {
      stat = statSync(path);
    } catch {
      continue;
    }
    const needed = stat.isDirectory() ? 0o005 : 0o004;
    if ((stat.mode & needed) !== needed) {
      throw new OsSandboxError(
        `the sandbox runs as an unprivileged user that cannot read ${path} (mode ${(stat.mode & 0o777).toString(8)}): ` +
          'make it readable by others (chmod -R o+rX), or set process.sandboxUid to a user that can read it',
      );
    }
  }
}
