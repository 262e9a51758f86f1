import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestHub, type TestHub } from 'corral/testing';
import { afterEach, describe, expect, test } from 'vitest';
import { DEMO_HUB_FLOW, EXAMPLES, KITCHEN, storedData } from './support.js';

let t: TestHub | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function inline(options: Parameters<typeof createTestHub>[0] = {}): Promise<TestHub> {
  t = await createTestHub({ integrationDirs: [EXAMPLES], ...options });
  return t;
}

describe('flows and entries', () => {
  test('runFlow submits each step and returns the final answer', async () => {
    const hub = await inline();
    const answer = await hub.runFlow('demo_light', [KITCHEN]);
    expect(answer).toMatchObject({ type: 'create_entry', title: 'Kitchen', data: KITCHEN });
    expect(hub.hub.entries.state(answer.entryId!)).toBe('loaded');
  });

  test('runFlow throws FlowFormError, with the field errors, when a step comes back with errors', async () => {
    const hub = await inline();
    const failed = hub.runFlow('demo_light', [{ ...KITCHEN, count: 11 }, KITCHEN]);
    await expect(failed).rejects.toMatchObject({ type: 'flow_form_errors', domain: 'demo_light' });
    await expect(failed).rejects.toThrow(/stopped at step "user" with errors: \{"count":/);
  });

  test('runFlow throws FlowOutcomeError when the flow ends with steps left', async () => {
    const hub = await inline();
    await expect(hub.runFlow('demo_light', [KITCHEN, KITCHEN])).rejects.toMatchObject({
      type: 'flow_outcome',
      message: expect.stringMatching(/ended \(create_entry\) with 1 step\(s\) left/),
    });
  });

  test('runFlow without steps returns the first form', async () => {
    const hub = await inline();
    expect(await hub.runFlow('demo_light')).toMatchObject({ type: 'form', stepId: 'user' });
  });

  test('setup returns the entry id once the entry is loaded', async () => {
    const hub = await inline();
    const entryId = await hub.setup('demo_light', [KITCHEN]);
    expect(hub.hub.entries.state(entryId)).toBe('loaded');
    expect(hub.hub.states.get('light.kitchen_2')?.state).toBe('off');
  });

  test('setup throws EntryNotLoadedError with the reason when the entry ends in setup_error', async () => {
    const hub = await inline({ entryRetryPolicy: { retryDelaysMs: [10], maxRetries: 0 } });
    await expect(hub.setup('flaky', [{ fail_setup_times: 1 }])).rejects.toMatchObject({
      type: 'entry_not_loaded',
      state: 'setup_error',
      reason: 'flaky is not ready (attempt 1 of 2)',
    });
  });

  test('waitForEntry resolves when the entry reaches the state', async () => {
    const hub = await inline({ entryRetryPolicy: { retryDelaysMs: [20], maxRetries: 5 } });
    const answer = await hub.runFlow('flaky', [{ fail_setup_times: 1 }]);
    expect(hub.hub.entries.state(answer.entryId!)).toBe('setup_retry');
    await hub.waitForEntry(answer.entryId!, 'loaded');
  });
});

describe('states and services', () => {
  test('waitForState takes a state or a predicate, and resolves with the state now or after a change', async () => {
    const hub = await inline();
    await hub.setup('demo_light', [KITCHEN]);
    expect((await hub.waitForState('light.kitchen_1', 'off')).state).toBe('off');
    const on = hub.waitForState('light.kitchen_1', (s) => s.attributes.brightness === 90);
    await hub.callService('light', 'turn_on', { brightness: 90 }, { entity_id: 'light.kitchen_1' });
    expect(await on).toMatchObject({ state: 'on', attributes: { brightness: 90 } });
  });

  test('waitForState gives up after its timeout with a WaitTimeoutError naming the last state', async () => {
    const hub = await inline();
    await hub.setup('demo_light', [KITCHEN]);
    await expect(hub.waitForState('light.kitchen_1', 'on', { timeoutMs: 30 })).rejects.toMatchObject({
      type: 'wait_timeout',
      message: 'light.kitchen_1 reaching "on" did not happen within 30 ms (last: "off")',
    });
  });

  test('callService aims at a target and returns the response when asked', async () => {
    const hub = await inline();
    await hub.setup('demo_light', [KITCHEN]);
    await hub.callService('light', 'turn_on', {}, { area_id: 'kitchen' });
    expect(hub.hub.states.all('light').map((s) => s.state)).toEqual(['on', 'on']);
    await hub.setup('flaky', [{}]);
    const response = await hub.callService('flaky', 'misbehave', { mode: 'flood', count: 2 }, undefined, {
      returnResponse: true,
    });
    expect(response).toEqual({ mode: 'flood', ticks: 2 });
  });
});

describe('an inline hub', () => {
  test('runs every integration in main, has no sandbox transitions, and refuses to advance a real clock', async () => {
    const hub = await inline();
    await hub.setup('demo_light', [KITCHEN]);
    expect(hub.groupOf('demo_light')).toBe('main');
    expect(hub.transitions()).toEqual([]);
    expect(hub.router).toBeUndefined();
    await expect(hub.advance(10)).rejects.toMatchObject({ type: 'clock_not_simulated' });
  });

  test('refuses every process and frame fault with FaultUnsupportedError', async () => {
    const hub = await inline();
    const faults = hub.faults();
    expect(faults.group).toBe('main');
    for (const inflict of [
      () => faults.crash(),
      () => faults.hang(),
      () => faults.slowReady(10),
      () => faults.delayFrames(10),
      () => faults.dropFrames(0.5),
      () => faults.corruptNextFrame(),
    ]) {
      expect(inflict).toThrow(expect.objectContaining({ type: 'fault_unsupported' }));
    }
    await expect(faults.exhaustMemory()).rejects.toMatchObject({
      type: 'fault_unsupported',
      message: expect.stringMatching(/inline, in the test process/),
    });
  });

  test("failNextStoreWrite makes the integration's next save reject with a store error and keeps the previous data", async () => {
    const hub = await inline();
    await hub.setup('demo_hub', DEMO_HUB_FLOW);
    const file = join(hub.configDir, '.storage', 'demo_hub.presses');
    await hub.callService('demo_hub', 'press_button', {});
    expect(await storedData(file)).toEqual({ 'hub.local': 1 });

    const fault = hub.faults().failNextStoreWrite();
    await expect(hub.callService('demo_hub', 'press_button', {})).rejects.toMatchObject({
      type: 'store_error',
    });
    expect(await fault.fired).toMatchObject({ key: 'demo_hub.presses', error: { type: 'store_error' } });
    expect(await storedData(file)).toEqual({ 'hub.local': 1 });

    await hub.callService('demo_hub', 'press_button', {}); // once only
    expect(await storedData(file)).toEqual({ 'hub.local': 3 });
  });
});

describe('close', () => {
  test('removes the temporary config dir it made', async () => {
    const hub = await inline();
    await hub.setup('demo_light', [KITCHEN]);
    await hub.close();
    expect(existsSync(hub.configDir)).toBe(false);
    await hub.close(); // idempotent
  });

  test('keeps a config dir it was given', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'corral-given-'));
    try {
      const hub = await inline({ configDir: dir });
      await hub.setup('demo_light', [KITCHEN]);
      await hub.close();
      expect(existsSync(join(dir, '.storage', 'core.config_entries'))).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
