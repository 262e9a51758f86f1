/**
 * The flow manager's caps: open flows per domain, and the idle timeout that
 * aborts a flow left waiting for input — for every flow, whatever handler
 * (in-process or a sandbox's) runs it. Time is a simulated clock.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SimulatedClock } from 'xstate';
import { createHub, type Hub } from '../../src/host/hub.js';
import type { IntegrationHandler } from '../../src/host/router.js';
import type { LogLevel } from '../../src/logger.js';
import type { SandboxCapsPolicy } from '../../src/policy.js';
import type { FlowResult } from '../../src/sdk/types.js';

const FIXTURES = new URL('../fixtures/integrations/builtin', import.meta.url).pathname;
const GROUP = 'custom';
const IDLE_MS = 60_000;

const form = (flowId: string, stepId: string): FlowResult => ({
  type: 'form',
  flowId,
  stepId,
  schema: null,
  errors: {},
  descriptionPlaceholders: {},
  lastStep: null,
  uniqueId: null,
});

/** A step waits for this while it is set. */
let slowStep: Promise<void> | undefined;

/** Every flow shows a form and shows it again on input; the handler records what it was asked. */
function formHandler(calls: string[]): IntegrationHandler {
  return {
    group: GROUP,
    setupEntry: async () => ({ status: 'loaded' }),
    unloadEntry: async () => ({ unloaded: true }),
    updateEntry: async () => {},
    flowInit: async (start) => {
      calls.push(`init ${start.domain}`);
      return form(start.flowId, 'user');
    },
    flowStep: async (flowId) => {
      calls.push(`step ${flowId}`);
      await slowStep;
      return form(flowId, 'again');
    },
    flowAbort: async (flowId) => {
      calls.push(`abort ${flowId}`);
    },
  };
}

let dir: string;
let hub: Hub;
let clock: SimulatedClock;
let calls: string[];
let warnings: { message: string; fields?: Record<string, unknown> }[];

async function start(caps: Partial<SandboxCapsPolicy>): Promise<Hub> {
  dir = await mkdtemp(join(tmpdir(), 'corral-flow-caps-'));
  clock = new SimulatedClock();
  clock.set(Date.now());
  calls = [];
  warnings = [];
  const handler = formHandler(calls);
  hub = await createHub({
    configDir: dir,
    integrationDirs: [FIXTURES],
    clock,
    caps,
    logger: (level: LogLevel, message, fields) => {
      if (level === 'warn') warnings.push({ message, fields });
    },
    router: () => ({ groupFor: () => GROUP, handler: () => handler }),
  });
  await hub.start();
  return hub;
}

afterEach(async () => {
  await hub.stop();
  await rm(dir, { recursive: true, force: true });
});

const openFlows = () => hub.flows.inProgress().map((flow) => flow.flowId);

describe('open flows per domain (flowCapReached)', () => {
  it('refuses a flow past the cap with cap_exceeded before its handler is asked, keeping exactly the cap open', async () => {
    await start({ maxOpenFlowsPerDomain: 2 });
    await hub.flows.start('weather_station');
    await hub.flows.start('weather_station');
    await expect(hub.flows.start('weather_station')).rejects.toMatchObject({
      type: 'cap_exceeded',
      message: expect.stringContaining('maxOpenFlowsPerDomain'),
    });
    expect(openFlows()).toHaveLength(2);
    expect(calls).toEqual(['init weather_station', 'init weather_station']);
    expect(warnings).toEqual([
      expect.objectContaining({ fields: { group: GROUP, domain: 'weather_station' } }),
    ]);
  });

  it('warns once per interval per domain, however often the cap is hit', async () => {
    await start({ maxOpenFlowsPerDomain: 1, logIntervalMs: 60_000, flowIdleTimeoutMs: 0 });
    await hub.flows.start('weather_station');
    await hub.flows.start('demo_light');
    for (let i = 0; i < 20; i++) {
      await hub.flows.start('weather_station').catch(() => {});
      await hub.flows.start('demo_light').catch(() => {});
    }
    expect(warnings.map((line) => line.fields?.domain)).toEqual(['weather_station', 'demo_light']);
    clock.increment(60_000);
    await hub.flows.start('weather_station').catch(() => {});
    expect(warnings).toHaveLength(3);
    expect(warnings[2]!.message).toContain('19 more like it');
  });

  it('leaves other domains alone, and frees a place when a flow is aborted', async () => {
    await start({ maxOpenFlowsPerDomain: 1 });
    const first = await hub.flows.start('weather_station');
    await expect(hub.flows.start('weather_station')).rejects.toMatchObject({ type: 'cap_exceeded' });
    await expect(hub.flows.start('demo_light')).resolves.toMatchObject({ type: 'form' });
    await hub.flows.abort(first.flowId);
    await expect(hub.flows.start('weather_station')).resolves.toMatchObject({ type: 'form' });
    expect(
      hub.flows
        .inProgress()
        .map((flow) => flow.domain)
        .sort(),
    ).toEqual(['demo_light', 'weather_station']);
  });
});

describe('idle flows (flowIdleTimeoutMs)', () => {
  it('aborts a flow left waiting past the timeout, in its handler too, and forgets it', async () => {
    await start({ flowIdleTimeoutMs: IDLE_MS });
    const { flowId } = await hub.flows.start('weather_station');
    clock.increment(IDLE_MS - 1);
    expect(openFlows()).toEqual([flowId]);
    clock.increment(1);
    await vi.waitFor(() => expect(openFlows()).toEqual([]));
    expect(calls).toContain(`abort ${flowId}`);
    await expect(hub.flows.configure(flowId, {})).rejects.toMatchObject({ type: 'unknown_flow' });
  });

  it('restarts the timeout on each input', async () => {
    await start({ flowIdleTimeoutMs: IDLE_MS });
    const { flowId } = await hub.flows.start('weather_station');
    clock.increment(IDLE_MS - 1);
    await hub.flows.configure(flowId, {});
    clock.increment(IDLE_MS - 1);
    await Promise.resolve();
    expect(openFlows()).toEqual([flowId]);
    clock.increment(1);
    await vi.waitFor(() => expect(openFlows()).toEqual([]));
  });

  it('never aborts a flow while its step runs, however long it takes', async () => {
    await start({ flowIdleTimeoutMs: IDLE_MS });
    const { flowId } = await hub.flows.start('weather_station');
    let finish = () => {};
    slowStep = new Promise((resolve) => {
      finish = resolve;
    });
    try {
      const step = hub.flows.configure(flowId, {});
      await vi.waitFor(() => expect(calls).toContain(`step ${flowId}`));
      clock.increment(IDLE_MS * 2);
      finish();
      await expect(step).resolves.toMatchObject({ type: 'form', stepId: 'again' });
      expect(calls).not.toContain(`abort ${flowId}`);
    } finally {
      slowStep = undefined;
    }
  });

  it('an idle flow aborted frees its place under the cap', async () => {
    await start({ flowIdleTimeoutMs: IDLE_MS, maxOpenFlowsPerDomain: 1 });
    await hub.flows.start('weather_station');
    await expect(hub.flows.start('weather_station')).rejects.toMatchObject({ type: 'cap_exceeded' });
    clock.increment(IDLE_MS);
    await vi.waitFor(() => expect(openFlows()).toEqual([]));
    await expect(hub.flows.start('weather_station')).resolves.toMatchObject({ type: 'form' });
  });

  it('keeps flows open however long they wait when the timeout is 0', async () => {
    await start({ flowIdleTimeoutMs: 0 });
    const { flowId } = await hub.flows.start('weather_station');
    clock.increment(365 * 24 * 60 * 60_000);
    await new Promise((resolve) => setImmediate(resolve));
    expect(openFlows()).toEqual([flowId]);
  });

  it('a flow that finishes or is aborted leaves no timer behind', async () => {
    await start({ flowIdleTimeoutMs: IDLE_MS });
    const { flowId } = await hub.flows.start('weather_station');
    await hub.flows.abort(flowId);
    clock.increment(IDLE_MS);
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls.filter((call) => call.startsWith('abort'))).toEqual([`abort ${flowId}`]);
  });
});
