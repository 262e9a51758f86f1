/** A sandbox runtime in a worker thread: start, calls, stop, heap cap and environment, one worker at a time. */
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  type LaunchedWorker,
  type LaunchWorkerOptions,
  launchWorkerSandbox,
} from '../../src/actors/launch-worker.js';
import type { Logger } from '../../src/logger.js';
import { defaultProcessPolicy } from '../../src/policy.js';
import { PROTOCOL_VERSION } from '../../src/wire/protocol.js';
import { within } from '../support/async.js';
import { eventually } from '../support/processes.js';

const fixture = (name: string) => join(import.meta.dirname, '..', 'fixtures', name);

interface LogLine {
  readonly level: string;
  readonly message: string;
  readonly fields: Record<string, unknown> | undefined;
}

const launched: LaunchedWorker[] = [];
afterEach(async () => {
  // No worker outlives its test.
  for (const worker of launched) worker.kill('SIGKILL');
  await within(5_000, Promise.all(launched.splice(0).map((worker) => worker.exited)), 'every worker to exit');
});

async function launch(options: Partial<LaunchWorkerOptions> = {}) {
  const lines: LogLine[] = [];
  const logger: Logger = (level, message, fields) => lines.push({ level, message, fields });
  const worker = await launchWorkerSandbox({ group: 'built-in', logger, ...options });
  launched.push(worker);
  return { worker, lines };
}

process.env.CORRAL_TEST_HOST_SECRET = 'hunter2';
afterAll(() => {
  delete process.env.CORRAL_TEST_HOST_SECRET;
});

describe('a sandbox runtime in a worker thread', () => {
  it('announces ready with its group and protocol version, and answers calls on its channel', async () => {
    const { worker } = await launch();
    const ready = await within(10_000, worker.ready, 'ready');
    expect(ready).toMatchObject({ group: 'built-in', protocolVersion: PROTOCOL_VERSION });
    // The thread lives in the host's process: that is the pid it reports.
    expect(ready.pid).toBe(process.pid);
    expect(worker.pid).toBeNull();
    expect(worker.threadId).toBe(worker.worker.threadId);
    const pong = await worker.channel.call('ping', { sentAtMs: Date.now() });
    expect(Number(pong.heapUsedBytes)).toBeGreaterThan(0);
  });

  it('shuts down gracefully: the shutdown call answers with the restore-state, then the worker exits 0', async () => {
    const { worker } = await launch();
    await worker.ready;
    const result = await worker.channel.call('shutdown', { reason: 'test' });
    expect(Buffer.from(result.restoreState).toString()).toBe('{}');
    expect(await within(5_000, worker.exited, 'the exit')).toEqual({ code: 0, signal: null });
    await worker.channel.closed;
  });

  it('exits when the host closes its end of the channel', async () => {
    const { worker } = await launch();
    await worker.ready;
    await worker.channel.close();
    expect(await within(5_000, worker.exited, 'the exit')).toEqual({ code: 0, signal: null });
  });

  it('kill ends even a busy-looping worker with terminate(), reported as the signal asked for', async () => {
    process.env.CORRAL_HANG_AFTER_MS = '100';
    const { worker } = await launch({
      entry: fixture('hangs-after-ready.mjs'),
      policy: { ...defaultProcessPolicy, passEnv: ['CORRAL_HANG_AFTER_MS'] },
    });
    await within(10_000, worker.ready, 'ready');
    await new Promise((resolve) => setTimeout(resolve, 150));
    await expect(worker.channel.call('ping', {}, { timeoutMs: 200 })).rejects.toMatchObject({
      type: 'timeout',
    });
    worker.kill('SIGKILL');
    expect(await within(5_000, worker.exited, 'the exit')).toEqual({ code: null, signal: 'SIGKILL' });
    await within(2_000, worker.channel.closed, 'the channel to close');
  });

  it('refuses signals a thread cannot take, such as SIGSTOP', async () => {
    const { worker } = await launch();
    await worker.ready;
    expect(() => worker.kill('SIGSTOP')).toThrow(/cannot receive SIGSTOP/);
  });

  it('forwards its stdout and stderr line by line to the logger, tagged with group and thread', async () => {
    const { worker, lines } = await launch({ entry: fixture('prints-env.mjs') });
    await worker.ready;
    await eventually(() => lines.some((l) => l.message.startsWith('env: ')), 'the env line');
    const line = lines.find((l) => l.message.startsWith('env: '));
    expect(line).toMatchObject({
      level: 'info',
      fields: { group: 'built-in', thread: worker.threadId, stream: 'stdout' },
    });
  });

  it('refuses a runtime announcing another protocol version and closes its channel', async () => {
    const { worker } = await launch({ entry: fixture('wrong-protocol-worker.mjs') });
    await expect(worker.ready).rejects.toMatchObject({ type: 'protocol_error' });
    await expect(worker.ready).rejects.toThrow(/protocol 99/);
    await within(2_000, worker.channel.closed, 'the channel to close');
    expect(await within(5_000, worker.exited, 'the exit')).toEqual({ code: 0, signal: null });
  });
});

describe('the environment of a worker', () => {
  async function envOf(passEnv: readonly string[]): Promise<string[]> {
    const { worker, lines } = await launch({
      entry: fixture('prints-env.mjs'),
      policy: { ...defaultProcessPolicy, passEnv },
    });
    await worker.ready;
    await eventually(() => lines.some((l) => l.message.startsWith('env: ')), 'the env line');
    return JSON.parse(
      lines.find((l) => l.message.startsWith('env: '))?.message.slice('env: '.length) ?? '[]',
    );
  }

  it("holds only the policy's allow-list of the host's variables, and CORRAL_SANDBOX", async () => {
    const env = await envOf(defaultProcessPolicy.passEnv);
    expect(env).not.toContain('CORRAL_TEST_HOST_SECRET');
    expect(env).toContain('PATH');
    expect(env).toContain('CORRAL_SANDBOX');
    expect(
      env.every((name) => name === 'CORRAL_SANDBOX' || defaultProcessPolicy.passEnv.includes(name)),
    ).toBe(true);
    // The worker's process.env is its own copy: the host's is untouched.
    expect(process.env.CORRAL_TEST_HOST_SECRET).toBe('hunter2');
    expect(process.env.CORRAL_SANDBOX).toBeUndefined();
  });

  it('a variable named in passEnv does reach it (the check above is not vacuous)', async () => {
    const env = await envOf([...defaultProcessPolicy.passEnv, 'CORRAL_TEST_HOST_SECRET']);
    expect(env).toContain('CORRAL_TEST_HOST_SECRET');
  });
});

describe('the heap cap of a worker', () => {
  it('a worker filling its heap past maxOldSpaceMiB dies alone: the host and a second worker live on', async () => {
    process.env.CORRAL_LEAK_AFTER_MS = '50';
    const leaker = await launch({
      entry: fixture('leaks-after-ready.mjs'),
      policy: { ...defaultProcessPolicy, maxOldSpaceMiB: 32, passEnv: ['CORRAL_LEAK_AFTER_MS'] },
    });
    const bystander = await launch({ group: 'custom' });
    await Promise.all([leaker.worker.ready, bystander.worker.ready]);

    expect(await within(20_000, leaker.worker.exited, 'the leaking worker to die')).toEqual({
      code: 1,
      signal: null,
    });
    expect(leaker.lines).toContainEqual(
      expect.objectContaining({
        level: 'error',
        message: expect.stringContaining('ERR_WORKER_OUT_OF_MEMORY'),
      }),
    );
    await within(2_000, leaker.worker.channel.closed, 'its channel to close');
    // Still here, and so is the other sandbox.
    const pong = await bystander.worker.channel.call('ping', {}, { timeoutMs: 2_000 });
    expect(Number(pong.rssBytes)).toBeGreaterThan(0);
  });
});
