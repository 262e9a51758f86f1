/**
 * The flow manager's inspection chokepoint: every observer of a config flow's
 * actors (here Stately's feed, the collector and a raw observer) sees the
 * flow's secret fields redacted, while the integration gets the real values.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { InspectionEvent } from 'xstate';
import { createHub, type Hub } from '../../src/host/hub.js';
import type { FlowStart, IntegrationHandler } from '../../src/host/router.js';
import { InspectorCollector } from '../../src/inspector/collector.js';
import { combineInspectors, statelyFeed } from '../../src/inspector/stately.js';
import { type FlowDefinition, FlowRunner } from '../../src/sdk/flow.js';
import { field, form } from '../../src/sdk/schema.js';
import { REDACTED } from '../../src/secrets.js';
import { toJsonSafe } from '../../src/wire/json.js';

const FIXTURES = new URL('../fixtures/integrations/builtin', import.meta.url).pathname;
const DOMAIN = 'weather_station';

/** `code` is secret only by its schema (a password field), `apiKey` only by its name. */
const loginForm = form({ host: field.text(), code: field.password(), apiKey: field.text() });
const loginFlow: FlowDefinition = {
  steps: {
    user: (flow, input) =>
      input === undefined
        ? flow.showForm({ stepId: 'user', schema: loginForm })
        : flow.createEntry({ title: 'Station', data: loginForm.parse(input) }),
  },
};

const CODE = 'code-7f3a91';
const API_KEY = 'key-c0ffee42';
const HOST = 'station.local';

/** Runs flows on FlowRunners in the test process and records the input each step got. */
function runnerHandler(received: unknown[]): IntegrationHandler {
  const runners = new Map<string, FlowRunner>();
  return {
    group: 'main',
    setupEntry: async () => ({ status: 'loaded' }),
    unloadEntry: async () => ({ unloaded: true }),
    updateEntry: async () => {},
    async flowInit(start: FlowStart) {
      const runner = new FlowRunner(loginFlow, {
        flowId: start.flowId,
        kind: start.kind,
        source: start.source,
        entry: start.entry,
        hostConfig: start.hostConfig,
        initData: start.data,
      });
      runners.set(start.flowId, runner);
      return runner.init();
    },
    async flowStep(flowId, input) {
      received.push(input);
      return runners.get(flowId)!.step(input);
    },
    async flowAbort(flowId) {
      runners.delete(flowId);
    },
  };
}

let dir: string;
let hub: Hub;
let raw: InspectionEvent[];
let stately: string[];
let received: unknown[];
let collector: InspectorCollector;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'corral-flow-secrets-'));
  raw = [];
  stately = [];
  received = [];
  collector = new InspectorCollector();
  const feed = statelyFeed();
  feed.subscribe((json) => stately.push(json));
  const handler = runnerHandler(received);
  hub = await createHub({
    configDir: dir,
    integrationDirs: [FIXTURES],
    inspect: combineInspectors(collector.inspect, feed.inspect, (event) => raw.push(event)),
    router: () => ({ groupFor: () => 'main', handler: () => handler }),
  });
  await hub.start();
});

afterEach(async () => {
  await hub.stop();
  await rm(dir, { recursive: true, force: true });
});

/** Everything an observer was handed, as text: each event, and the live snapshot of its actor. */
function observed(): string {
  return JSON.stringify(
    raw.map(({ actorRef, ...event }) => {
      let live: unknown;
      try {
        live = (actorRef as { getSnapshot(): unknown }).getSnapshot();
      } catch {
        live = null;
      }
      return toJsonSafe({ event, live });
    }),
  );
}

/** Stately's feed converts events on a later tick. */
const settled = () => new Promise((resolve) => setTimeout(resolve, 20));

describe("a config flow's secret fields in inspection", () => {
  test('the integration gets the real values, and the entry keeps them', async () => {
    const form = await hub.flows.start(DOMAIN);
    const done = await hub.flows.configure(form.flowId, { host: HOST, code: CODE, apiKey: API_KEY });
    expect(received).toEqual([{ host: HOST, code: CODE, apiKey: API_KEY }]);
    expect(done.type).toBe('create_entry');
    expect(hub.entries.get(done.entryId!)?.data).toEqual({ host: HOST, code: CODE, apiKey: API_KEY });
  });

  test('observers see neither secret, in events, snapshots or live snapshots; the fields and host stay', async () => {
    const form = await hub.flows.start(DOMAIN);
    await hub.flows.configure(form.flowId, { host: HOST, code: CODE, apiKey: API_KEY });
    await settled();
    const text = observed();
    expect(text).not.toContain(CODE);
    expect(text).not.toContain(API_KEY);
    expect(text).toContain(`"code":"${REDACTED}"`);
    expect(text).toContain(`"apiKey":"${REDACTED}"`);
    expect(text).toContain(HOST);
  });

  test("Stately's feed carries no secret, though it carries the flow's input", async () => {
    const form = await hub.flows.start(DOMAIN);
    await hub.flows.configure(form.flowId, { host: HOST, code: CODE, apiKey: API_KEY });
    await settled();
    const text = stately.join('\n');
    expect(text).toContain(`flow:${form.flowId}`);
    expect(text).toContain(HOST);
    expect(text).not.toContain(CODE);
    expect(text).not.toContain(API_KEY);
  });

  test('the collector still follows the flow actor and its steps', async () => {
    const form = await hub.flows.start(DOMAIN);
    await hub.flows.configure(form.flowId, { host: HOST, code: CODE, apiKey: API_KEY });
    const id = `flow:${form.flowId}`;
    expect(collector.actor(id)?.status).toBe('done');
    const states = collector.recentEvents(500, id).map((e) => e.stateLabel);
    expect(states).toEqual(expect.arrayContaining(['waiting', 'stepping', 'finishing', 'done']));
  });
});
