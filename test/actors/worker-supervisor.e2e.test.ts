import { afterEach, describe, expect, it } from 'vitest';
import type { LaunchedWorker } from '../../src/actors/launch-worker.js';
import { WorkerPermissionModelError } from '../../src/actors/launch-worker.js';
import { Supervisor, type SupervisorOptions } from '../../src/actors/supervisor.js';
import { SandboxFailedError } from '../../src/errors.js';
import type { Logger } from '../../src/logger.js';
import { crashSandbox, hangSandbox } from '../../src/sandboxing/faults.js';
import { within } from '../support/async.js';
import { eventually } from '../support/processes.js';
import { fastSupervision, fixture, fixturePassEnv } from '../support/supervision.js';

const fast: SupervisorOptions['policy'] = { ...fastSupervision, readyTimeoutMs: 10_000 };

const started: Supervisor<'worker'>[] = [];
const workers: LaunchedWorker[] = [];
let lines: string[] = [];
const logger: Logger = (level, message) => lines.push(`${level}: ${message}`);

function supervisor(options: SupervisorOptions<'worker'> = {}): Supervisor<'worker'> {
  const s = new Supervisor({
    ...options,
    launcher: 'worker',
    logger,
    process: { passEnv: fixturePassEnv, ...options.process },
    policy: { ...fast, ...options.policy },
    onLaunched: (_group, _generation, sandbox) => workers.push(sandbox),
  });
  started.push(s);
  return s;
}

afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.stop()));
  // After stop, no worker the test started is running.
  await within(5_000, Promise.all(workers.splice(0).map((w) => w.exited)), 'every worker to exit');
  lines = [];
});

const failuresOf = (s: Supervisor<'worker'>) => s.persist().groups['built-in']?.failures ?? [];

describe('Supervisor with worker threads', () => {
  it('starts a worker, hands it back once running, and its channel answers', async () => {
    const s = supervisor();
    const sandbox = await s.ensureStarted('built-in');
    expect(sandbox.launcher).toBe('worker');
    expect(s.stateOf('built-in')).toMatchObject({ live: { running: expect.any(String) } });
    // The statechart's id for a worker: minus its thread id, never the pid of a process.
    expect(s.contextOf('built-in')?.pid).toBe(-sandbox.threadId);
    expect(s.connections.pids()).toEqual([]);
    const pong = await sandbox.channel.call('ping', {});
    expect(Number(pong.heapUsedBytes)).toBeGreaterThan(0);
  });

  it('stops gracefully: the runtime answers shutdown and the worker exits 0', async () => {
    const s = supervisor();
    const sandbox = await s.ensureStarted('built-in');
    const stopped = new Promise<unknown>((resolve) =>
      s.on('sandbox.stopped', (e) => resolve(e.restoreState)),
    );
    await s.stop();
    expect(await stopped).toEqual({});
    expect(await sandbox.exited).toEqual({ code: 0, signal: null });
  });

  it('restarts a worker that exits on its own, and serves calls on the new one', async () => {
    process.env.CORRAL_CRASH_AFTER_MS = '100';
    const s = supervisor({ entry: fixture('crashes-after-ready.mjs'), policy: { restartIntensity: 1 } });
    const readies: number[] = [];
    s.on('sandbox.ready', (e) => readies.push(e.generation));
    const first = await s.ensureStarted('built-in');
    expect(await within(5_000, first.exited, 'the crash')).toEqual({ code: 3, signal: null });
    await eventually(() => readies.includes(2), 'the replacement to be ready');
    expect(failuresOf(s)[0]).toMatchObject({ generation: 1, code: 3 });
    expect(['exit', 'channel_closed']).toContain(failuresOf(s)[0]?.reason);
    expect(workers[1]?.threadId).not.toBe(first.threadId);
  });

  it('restarts a worker whose integration code throws an uncaught error; the host only logs it', async () => {
    process.env.CORRAL_CRASH_AFTER_MS = '100';
    const s = supervisor({ entry: fixture('throws-after-ready.mjs'), policy: { restartIntensity: 1 } });
    const readies: number[] = [];
    s.on('sandbox.ready', (e) => readies.push(e.generation));
    const first = await s.ensureStarted('built-in');
    expect(await within(5_000, first.exited, 'the crash')).toEqual({ code: 1, signal: null });
    await eventually(() => readies.includes(2), 'the replacement to be ready');
    expect(lines).toContainEqual(
      expect.stringMatching(/^error: worker failed: .*an integration bug nobody caught/),
    );
  });

  it('detects a busy-looping worker as hung through missed heartbeats, terminates it and starts another', async () => {
    process.env.CORRAL_HANG_AFTER_MS = '100';
    const s = supervisor({
      entry: fixture('hangs-after-ready.mjs'),
      policy: { heartbeatIntervalMs: 150, heartbeatMisses: 2, restartIntensity: 1 },
    });
    const first = await s.ensureStarted('built-in');
    await eventually(() => failuresOf(s).some((f) => f.reason === 'hung'), 'the hang to be detected');
    // terminate() interrupts the loop: the reap's SIGKILL is what ended it.
    expect(await within(5_000, first.exited, 'the hung worker to end')).toEqual({
      code: null,
      signal: 'SIGKILL',
    });
    await eventually(() => workers.length >= 2, 'a replacement worker');
  });

  it('a worker past its heap cap is a crash the supervisor restarts, and the host lives on', async () => {
    process.env.CORRAL_LEAK_AFTER_MS = '50';
    const s = supervisor({
      entry: fixture('leaks-after-ready.mjs'),
      process: { maxOldSpaceMiB: 32 },
      policy: { restartIntensity: 1 },
    });
    const readies: number[] = [];
    s.on('sandbox.ready', (e) => readies.push(e.generation));
    const first = await s.ensureStarted('built-in');
    expect(await within(20_000, first.exited, 'the out-of-memory death')).toEqual({ code: 1, signal: null });
    expect(lines).toContainEqual(expect.stringContaining('ERR_WORKER_OUT_OF_MEMORY'));
    await eventually(() => readies.includes(2), 'the replacement to be ready', 10_000);
  });

  it('goes to failed after crashing past the restart budget, and ensureStarted rejects', async () => {
    process.env.CORRAL_CRASH_AFTER_MS = '20';
    const s = supervisor({ entry: fixture('crashes-after-ready.mjs'), policy: { restartIntensity: 2 } });
    const failed = new Promise((resolve) => s.on('sandbox.failed', resolve));
    await s.ensureStarted('built-in').catch(() => {});
    await failed;
    await expect(s.ensureStarted('built-in')).rejects.toBeInstanceOf(SandboxFailedError);
    expect(s.stateOf('built-in')).toEqual({ failed: 'exhausted' });
    expect(failuresOf(s)).toHaveLength(3);
    expect(workers).toHaveLength(3);
  });

  it('terminates the worker when stop lands while it is still starting', async () => {
    process.env.CORRAL_SPAWN_DELAY_MS = '2000';
    const s = supervisor({ entry: fixture('slow-spawn.mjs') });
    const ensured = s.ensureStarted('built-in').catch((e: unknown) => e);
    await eventually(() => workers.length === 1, 'the worker to be launched');
    await s.stop();
    expect(await ensured).toBeInstanceOf(SandboxFailedError);
    expect(await within(2_000, workers[0]!.exited, 'the starting worker to end')).toEqual({
      code: null,
      // A stop while starting skips the graceful call: SIGTERM, then SIGKILL (both terminate()).
      signal: expect.stringMatching(/^SIG(TERM|KILL)$/),
    });
  });

  it('the crash fault terminates a worker and the supervisor restarts it; the hang fault is refused', async () => {
    const s = supervisor();
    const readies: number[] = [];
    s.on('sandbox.ready', (e) => readies.push(e.generation));
    const first = await s.ensureStarted('built-in');
    expect(() => hangSandbox(s, 'built-in')).toThrow(expect.objectContaining({ type: 'fault_unsupported' }));
    expect(crashSandbox(s, 'built-in')).toEqual({ group: 'built-in', pid: null });
    expect(await within(5_000, first.exited, 'the kill')).toEqual({ code: null, signal: 'SIGKILL' });
    await eventually(() => readies.includes(2), 'the replacement to be ready');
  });

  it('refuses the permission model at construction, with a typed error that says why', () => {
    expect(() => new Supervisor({ launcher: 'worker', process: { permissionModel: true } })).toThrow(
      WorkerPermissionModelError,
    );
    expect(() => new Supervisor({ launcher: 'worker', process: { permissionModel: true } })).toThrow(
      /process-wide|whole process/,
    );
  });
});
