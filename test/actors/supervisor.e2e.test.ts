import { afterEach, describe, expect, it } from 'vitest';
import { Supervisor, type SupervisorOptions } from '../../src/actors/supervisor.js';
import { SandboxFailedError } from '../../src/errors.js';
import { eventually, isAlive } from '../support/processes.js';
import { fastSupervision, fixture, fixturePassEnv } from '../support/supervision.js';

const fast = fastSupervision;

const started: Supervisor[] = [];
const pids = new Set<number>();

function supervisor(options: SupervisorOptions = {}): Supervisor {
  const s = new Supervisor({
    ...options,
    // The fixtures take their timings from these variables.
    process: { passEnv: fixturePassEnv, ...options.process },
    policy: { ...fast, ...options.policy },
    onLaunched: (_group, _generation, sandbox) => pids.add(sandbox.pid),
  });
  started.push(s);
  return s;
}

afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.stop()));
  // After stop, no child the test started is alive.
  await eventually(() => [...pids].every((pid) => !isAlive(pid)), 'every sandbox process to be gone');
  pids.clear();
});

describe('Supervisor with real processes', () => {
  it('respawns a sandbox killed with SIGKILL and serves calls on the new process', async () => {
    const s = supervisor();
    const first = await s.ensureStarted('built-in');
    const readies: number[] = [];
    const closed: number[] = [];
    s.on('sandbox.ready', (e) => readies.push(e.generation));
    s.on('sandbox.channelClosed', (e) => closed.push(e.generation));

    process.kill(first.pid, 'SIGKILL');
    await eventually(() => readies.length === 1, 'the respawned sandbox to be ready');

    const second = await s.ensureStarted('built-in');
    expect(second.pid).not.toBe(first.pid);
    expect(isAlive(first.pid)).toBe(false);
    expect(closed).toEqual([1]);
    expect(readies).toEqual([2]);
    const pong = await second.channel.call('ping', {});
    expect(Number(pong.rssBytes)).toBeGreaterThan(0);
    // Whichever the host saw first — EOF on the pipe or the exit — is the one failure recorded.
    const failures = s.persist().groups['built-in']?.failures ?? [];
    expect(failures).toHaveLength(1);
    expect(['exit', 'channel_closed']).toContain(failures[0]?.reason);
  });

  it('kills a child that never sends ready once the ready timeout passes, and counts it', async () => {
    const s = supervisor({
      entry: fixture('never-ready.mjs'),
      policy: { readyTimeoutMs: 300, restartIntensity: 0 },
    });
    const error = await s.ensureStarted('built-in').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SandboxFailedError);
    expect((error as Error).message).toMatch(/ready_timeout/);
    const [failure] = s.persist().groups['built-in']?.failures ?? [];
    expect(failure?.reason).toBe('ready_timeout');
    await eventually(() => [...pids].every((pid) => !isAlive(pid)), 'the unready child to be killed');
  });

  it('detects a busy-looping sandbox as hung through missed heartbeats and restarts it', async () => {
    process.env.CORRAL_HANG_AFTER_MS = '100';
    const s = supervisor({
      entry: fixture('hangs-after-ready.mjs'),
      policy: { heartbeatIntervalMs: 150, heartbeatMisses: 2, restartIntensity: 1 },
    });
    const first = await s.ensureStarted('built-in');
    await eventually(
      () => (s.persist().groups['built-in']?.failures ?? []).some((f) => f.reason === 'hung'),
      'the hang to be detected',
    );
    await eventually(() => !isAlive(first.pid), 'the hung process to be killed');
    // The budget allowed one restart: a second process was started after the hang.
    await eventually(() => pids.size >= 2, 'a replacement process');
  });

  it('goes to failed after crashing past the restart budget, and ensureStarted rejects', async () => {
    process.env.CORRAL_CRASH_AFTER_MS = '20';
    const s = supervisor({ entry: fixture('crashes-after-ready.mjs'), policy: { restartIntensity: 2 } });
    const failed = new Promise((resolve) => s.on('sandbox.failed', resolve));
    await s.ensureStarted('built-in').catch(() => {});
    await failed;
    const error = await s.ensureStarted('built-in').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SandboxFailedError);
    expect(s.stateOf('built-in')).toEqual({ failed: 'exhausted' });
    const history = s.persist().groups['built-in'];
    expect(history?.restartTimes).toHaveLength(2);
    expect(history?.failures).toHaveLength(3);
    expect(pids.size).toBe(3);
  });

  it('kills the child when stop lands while it is still spawning', async () => {
    process.env.CORRAL_SPAWN_DELAY_MS = '2000';
    const s = supervisor({ entry: fixture('slow-spawn.mjs') });
    const ensured = s.ensureStarted('built-in').catch((e: unknown) => e);
    await eventually(() => pids.size === 1, 'the child to be spawned');
    const [pid] = [...pids];
    await s.stop();
    expect(await ensured).toBeInstanceOf(SandboxFailedError);
    await eventually(() => !isAlive(pid!), 'the spawning child to be killed', 2_000);
  });

  it('kills the child when stop lands before the unix-socket dial-back completes', async () => {
    process.env.CORRAL_SPAWN_DELAY_MS = '500';
    const s = supervisor({ entry: fixture('slow-spawn.mjs'), transport: 'unix' });
    const ensured = s.ensureStarted('built-in').catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 100));
    await s.stop();
    expect(await ensured).toBeInstanceOf(SandboxFailedError);
    // The launch resolved after the stop; its child must not survive.
    await new Promise((r) => setTimeout(r, 1_000));
    await eventually(() => [...pids].every((pid) => !isAlive(pid)), 'no surviving child');
  });

  it('stops gracefully: the runtime answers shutdown and exits 0', async () => {
    const s = supervisor();
    const sandbox = await s.ensureStarted('built-in');
    const stopped = new Promise<unknown>((resolve) =>
      s.on('sandbox.stopped', (e) => resolve(e.restoreState)),
    );
    await s.stop();
    expect(await stopped).toEqual({});
    expect(await sandbox.exited).toEqual({ code: 0, signal: null });
  });

  it('restores restart counters from a persisted snapshot', async () => {
    const s = supervisor();
    const first = await s.ensureStarted('built-in');
    process.kill(first.pid, 'SIGKILL');
    await eventually(() => (s.persist().groups['built-in']?.restartTimes.length ?? 0) === 1, 'one restart');
    await s.ensureStarted('built-in');
    const saved = s.persist();
    await s.stop();
    const again = supervisor({ restored: saved });
    expect(again.persist()).toEqual(saved);
    await again.ensureStarted('built-in');
    expect(again.persist().groups['built-in']?.restartTimes).toEqual(saved.groups['built-in']?.restartTimes);
  });
});
