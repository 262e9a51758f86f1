import { afterEach, describe, expect, test, vi } from 'vitest';
import type { EntryRetryPolicy } from '../../../src/machines/config-entry.js';
import {
  createEntry,
  type ExampleHub,
  recordEvents,
  runFlow,
  startExampleHub,
  waitForEntryState,
} from '../../../test/support/example-hub.js';

const FAST_RETRIES: EntryRetryPolicy = { retryDelaysMs: [20], maxRetries: 5 };
const TICKS = 'sensor.flaky_ticks';

let example: ExampleHub;
afterEach(async () => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  await example?.cleanup();
});

async function withFlaky(): Promise<string> {
  example = await startExampleHub();
  return createEntry(example.hub, 'flaky', [{}]);
}

/**
 * For tests that observe the test process itself (its exit, event loop, memory,
 * every single state write): the integration runs in it at every isolation level.
 * What the same misbehaviour does to a sandbox is tested in test/sandboxing.
 */
async function withFlakyInProcess(): Promise<string> {
  example = await startExampleHub({ isolation: 'inline' });
  return createEntry(example.hub, 'flaky', [{}]);
}

const misbehave = (data: Record<string, unknown>) =>
  example.hub.services.call('flaky', 'misbehave', data, { returnResponse: true });

describe('flaky config flow and setup', () => {
  test('the flow is one form, and its entry loads with a ticks sensor at zero on its device', async () => {
    example = await startExampleHub();
    const form = await example.hub.flows.start('flaky');
    expect(form.type === 'form' && form.schema?.properties).toMatchObject({
      name: { default: 'Flaky' },
      fail_setup_times: { type: 'integer', minimum: 0, maximum: 10, default: 0 },
    });
    const done = await example.hub.flows.configure(form.flowId, {});
    expect(done).toMatchObject({
      type: 'create_entry',
      title: 'Flaky',
      data: { name: 'Flaky', fail_setup_times: 0 },
    });
    const entryId = done.entryId!;
    expect(example.hub.entries.state(entryId)).toBe('loaded');
    expect(example.hub.states.get(TICKS)).toMatchObject({
      state: '0',
      attributes: { state_class: 'total_increasing' },
    });
    const device = example.hub.devices.findByIdentifier(['flaky', entryId]);
    expect(example.hub.entities.get(TICKS)?.deviceId).toBe(device?.id);
  });

  test('setup that is not ready yet goes to setup_retry, then loads once the failing attempts are spent', async () => {
    example = await startExampleHub({ entryRetryPolicy: FAST_RETRIES });
    const states = recordEvents<{ state: string }>(example.hub, 'config_entry_state_changed');
    const answer = await runFlow(example.hub, 'flaky', [{ fail_setup_times: 2 }]);
    const entryId = answer.type === 'create_entry' ? answer.entryId! : '';
    expect(example.hub.entries.state(entryId)).toBe('setup_retry');
    expect(example.hub.entries.reason(entryId)).toBe('flaky is not ready (attempt 1 of 3)');
    expect(example.hub.states.get(TICKS)).toBeUndefined();
    await waitForEntryState(example.hub, entryId, 'loaded');
    expect(states.map((change) => change.state)).toEqual([
      'setup_in_progress',
      'setup_retry',
      'setup_in_progress',
      'setup_retry',
      'setup_in_progress',
      'loaded',
    ]);
    expect(example.hub.states.get(TICKS)?.state).toBe('0');
  });

  test('more failing attempts than the retry budget leave the entry in setup_error', async () => {
    example = await startExampleHub({ entryRetryPolicy: { retryDelaysMs: [10], maxRetries: 1 } });
    const answer = await runFlow(example.hub, 'flaky', [{ fail_setup_times: 3 }]);
    const entryId = answer.type === 'create_entry' ? answer.entryId! : '';
    await waitForEntryState(example.hub, entryId, 'setup_error');
    expect(example.hub.entries.reason(entryId)).toBe('flaky is not ready (attempt 2 of 4)');
  });
});

describe('flaky.misbehave', () => {
  test('throw rejects the call with the given message and leaves the entry loaded', async () => {
    const entryId = await withFlaky();
    await expect(misbehave({ mode: 'throw', message: 'boom' })).rejects.toThrow('boom');
    expect(example.hub.entries.state(entryId)).toBe('loaded');
    await expect(misbehave({ mode: 'flood', count: 1 })).resolves.toEqual({ mode: 'flood', ticks: 1 });
  });

  test('crash refuses to exit a process that is not a sandbox, unless forced', async () => {
    await withFlakyInProcess();
    const exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    await expect(misbehave({ mode: 'crash' })).rejects.toThrow(/CORRAL_SANDBOX/);
    expect(exit).not.toHaveBeenCalled();
    await misbehave({ mode: 'crash', force: true });
    expect(exit).toHaveBeenCalledWith(13);
  });

  test('crash exits with code 13 inside a sandbox', async () => {
    await withFlakyInProcess();
    const exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    vi.stubEnv('CORRAL_SANDBOX', '1');
    await misbehave({ mode: 'crash' });
    expect(exit).toHaveBeenCalledExactlyOnceWith(13);
  });

  test('hang blocks the event loop for the requested time', async () => {
    await withFlakyInProcess();
    let timerRan = false;
    setTimeout(() => {
      timerRan = true;
    }, 0);
    const started = performance.now();
    await expect(misbehave({ mode: 'hang', ms: 60 })).resolves.toEqual({ mode: 'hang', ms: 60 });
    expect(performance.now() - started).toBeGreaterThanOrEqual(60);
    expect(timerRan).toBe(false);
  });

  test('hang is bounded: more than a minute is refused before anything blocks', async () => {
    await withFlaky();
    await expect(misbehave({ mode: 'hang', ms: 60_001 })).rejects.toMatchObject({ type: 'validation_error' });
  });

  test('flood fires one flaky_tick event and one state write per tick', async () => {
    await withFlakyInProcess();
    const ticks = recordEvents<{ tick: number }>(example.hub, 'flaky_tick');
    let writes = 0;
    example.hub.bus.listen('state_changed', ({ data }) => {
      if (data.entityId === TICKS) writes += 1;
    });
    await expect(misbehave({ mode: 'flood', count: 500 })).resolves.toEqual({ mode: 'flood', ticks: 500 });
    expect(ticks).toHaveLength(500);
    expect(ticks.at(-1)).toEqual({ tick: 500 });
    expect(writes).toBe(500);
    expect(example.hub.states.get(TICKS)?.state).toBe('500');
  });

  test('leak allocates the requested memory and keeps holding it', async () => {
    await withFlakyInProcess();
    const before = process.memoryUsage().arrayBuffers;
    await expect(misbehave({ mode: 'leak', mb: 16 })).resolves.toEqual({ mode: 'leak', leaked_mb: 16 });
    await expect(misbehave({ mode: 'leak', mb: 16 })).resolves.toEqual({ mode: 'leak', leaked_mb: 32 });
    expect(process.memoryUsage().arrayBuffers - before).toBeGreaterThanOrEqual(32 * 1024 * 1024);
  });
});

describe('flaky across restarts', () => {
  test('a restart brings back the entry, its device and the ticks sensor', async () => {
    const entryId = await withFlaky();
    await misbehave({ mode: 'flood', count: 3 });
    const deviceId = example.hub.entities.get(TICKS)?.deviceId;
    example = await example.restart();
    expect(example.hub.entries.state(entryId)).toBe('loaded');
    expect(example.hub.entities.get(TICKS)).toMatchObject({ configEntryId: entryId, deviceId });
    expect(example.hub.devices.findByIdentifier(['flaky', entryId])?.id).toBe(deviceId);
    expect(example.hub.states.get(TICKS)?.state).toBe('0');
  });
});
