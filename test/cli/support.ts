/**
 * The built `corral` CLI as real processes: one-shot client commands, and a
 * long-running `corral run` whose output lines a test can wait for.
 * Run `npm run build` first: these use dist/.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXAMPLE_INTEGRATIONS } from '../support/example-hub.js';

export const CLI = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url));

export interface CliResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** `corral ...args`, with `input` piped to its stdin and `extraEnv` added; resolves when it exits. */
export function corral(
  args: readonly string[],
  input?: string,
  timeoutMs = 20_000,
  extraEnv: Record<string, string> = {},
): Promise<CliResult> {
  // The tests name the hub with --url and --config; a CORRAL_URL or CORRAL_TOKEN of the user's must not leak in.
  const { CORRAL_URL: _url, CORRAL_TOKEN: _token, ...env } = process.env;
  const child = spawn(process.execPath, [CLI, ...args], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...env, ...extraEnv },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  child.stdin.end(input ?? '');
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`corral ${args.join(' ')} did not exit within ${timeoutMs} ms\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.once('error', reject);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** A running `corral run`: its output so far, and a way to wait for a line. */
export class RunningCorral {
  stdout = '';
  stderr = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private readonly waiters = new Set<() => void>();

  constructor(readonly child: ChildProcess) {
    child.stdout?.on('data', (chunk: Buffer) => {
      this.stdout += chunk.toString();
      for (const wake of this.waiters) wake();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      this.stderr += chunk.toString();
    });
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** The first match of `pattern` in stdout, once it is there. */
  waitFor(pattern: RegExp, timeoutMs = 20_000): Promise<RegExpExecArray> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const match = pattern.exec(this.stdout);
        if (!match) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve(match);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(
          new Error(
            `no ${pattern} in corral run's output within ${timeoutMs} ms:\n${this.stdout}\n${this.stderr}`,
          ),
        );
      }, timeoutMs);
      this.waiters.add(check);
      check();
    });
  }
}

/** `corral run --config dir --port 0 ...extraArgs` */
export function startRun(dir: string, extraArgs: readonly string[] = []): RunningCorral {
  return new RunningCorral(
    spawn(process.execPath, [CLI, 'run', '--config', dir, '--port', '0', ...extraArgs], {
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
}

/** The API token the hub on `dir` made for itself on its first start. */
export function hubToken(dir: string): string {
  return readFileSync(join(dir, '.corral', 'auth_token'), 'utf8').trim();
}

/** A fresh config dir whose corral.yaml runs the built example integrations sandboxed per domain. */
export async function configDir(supervision: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'corral-cli-'));
  const yaml = `
integrations:
  builtIn:
    - ${JSON.stringify(EXAMPLE_INTEGRATIONS)}
isolation:
  mode: sandbox
  perDomain: true
supervision:
${supervision}
api:
  port: 0
setup:
  - domain: demo_light
    steps:
      - name: Desk
        count: 2
        area: Office
`;
  await writeFile(join(dir, 'corral.yaml'), yaml);
  return dir;
}

/** Gone, or a zombie nobody has reaped yet: either way it no longer runs. */
export function isGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return true;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true;
  }
}

/** SIGKILL whatever of `pids` still runs (a failed test must not leave processes behind). */
export function killAll(pids: Iterable<number>): void {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}
