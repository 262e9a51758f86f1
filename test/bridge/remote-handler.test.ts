import { afterEach, describe, expect, it } from 'vitest';
import { type IntegrationSource, RemoteIntegrationHandler } from '../../src/bridge/remote-handler.js';
import { IntegrationNotRespondingError } from '../../src/errors.js';
import type { FlowStart } from '../../src/host/router.js';
import type { HostConfigData } from '../../src/sdk/types.js';
import { decodeJson } from '../../src/wire/json.js';
import { entryFromWire, flowResultToWire, hostConfigFromWire } from '../../src/wire/messages.js';
import type { Received, ResultOf } from '../../src/wire/protocol.js';
import { describeEntity, flush, GROUP, type Harness, harness, type Link } from './support.js';

const hostConfig: HostConfigData = {
  latitude: 52.1,
  longitude: 4.3,
  elevation: 2,
  timeZone: 'Europe/Amsterdam',
  unitSystem: 'metric',
  language: 'nl',
  country: 'NL',
  currency: 'EUR',
  locationName: 'Home',
};

const source = (domain: string): IntegrationSource => ({ kind: 0, domain });

interface Scenario {
  /** What the hostile sandbox answers to `entry_setup` (it may call back through `link`). */
  setup?: (request: Received<'entry_setup'>, link: Link) => Promise<ResultOf<'entry_setup'>>;
  unload?: () => ResultOf<'entry_unload'>;
  connectFails?: boolean;
  /** `connect` never settles: the sandbox never gets ready. */
  connectHangs?: boolean;
  setupTimeoutMs?: number;
  flowTimeoutMs?: number;
}

let h: Harness;
let handler: RemoteIntegrationHandler;
const setups: Received<'entry_setup'>[] = [];
const unloads: string[] = [];

async function start(scenario: Scenario): Promise<Harness> {
  setups.length = 0;
  unloads.length = 0;
  h = await harness({
    hub: { entryRetryPolicy: { retryDelaysMs: [60_000], maxRetries: 3 } },
    handler: (current) => {
      handler = new RemoteIntegrationHandler({
        group: GROUP,
        connect: async () => {
          if (scenario.connectHangs) await new Promise(() => undefined);
          const link = current();
          if (scenario.connectFails || !link) throw new Error('spawn failed');
          return { channel: link.host, bridge: link.bridge };
        },
        connection: () => {
          const link = current();
          return link && { channel: link.host, bridge: link.bridge };
        },
        source,
        hostConfig: () => hostConfig,
        setupTimeoutMs: scenario.setupTimeoutMs,
        flowTimeoutMs: scenario.flowTimeoutMs,
      });
      return handler;
    },
    onLink: (link) => {
      link.sandbox.register('entry_setup', async (request) => {
        setups.push(request);
        return scenario.setup ? scenario.setup(request, link) : { loaded: true };
      });
      link.sandbox.register('entry_unload', (request) => {
        unloads.push(request.entryId);
        return scenario.unload?.() ?? { unloaded: true };
      });
    },
  });
  return h;
}

afterEach(async () => {
  await h.cleanup();
});

const registerDuringSetup = async (link: Link, entryId: string) => {
  await link.sandbox.call('register_entity', describeEntity({ entryId }));
};

describe('entry setup through the sandbox', () => {
  it('sends the entry, its integration source and the host config, and loads', async () => {
    await start({});
    expect(h.hub.entries.state(h.entry.entryId)).toBe('loaded');
    const [request] = setups;
    expect(entryFromWire(request!.entry)).toMatchObject({ entryId: h.entry.entryId, domain: 'acme' });
    expect(request!.source).toMatchObject({ domain: 'acme' });
    expect(hostConfigFromWire(request!.hostConfig)).toEqual(hostConfig);
  });

  it('waits to retry when the sandbox asks for a retry', async () => {
    await start({ setup: async () => ({ loaded: false, retry: true, reason: 'hub not reachable' }) });
    expect(h.hub.entries.state(h.entry.entryId)).toBe('setup_retry');
    expect(h.hub.entries.reason(h.entry.entryId)).toBe('hub not reachable');
  });

  it('ends in setup_error with the reason and leaves nothing behind when the sandbox fails setup', async () => {
    await start({
      setup: async (request, link) => {
        await registerDuringSetup(link, request.entry?.entryId ?? '');
        return { loaded: false, reason: 'invalid credentials' };
      },
    });
    expect(h.hub.entries.state(h.entry.entryId)).toBe('setup_error');
    expect(h.hub.entries.reason(h.entry.entryId)).toBe('invalid credentials');
    const entityId = h.hub.entities.entityIdFor('light', 'acme', 'lamp-1')!;
    expect(h.hub.platform.get(entityId)).toBeUndefined();
    expect(h.hub.states.get(entityId)?.state).toBe('unavailable');
    expect(h.bridge.proxies).toEqual([]);
  });

  it('removes an entity the integration dropped during setup once the entry loads', async () => {
    await start({
      setup: async (request, link) => {
        const entryId = request.entry?.entryId ?? '';
        await link.sandbox.call('register_entity', describeEntity({ entryId, uniqueId: 'keep' }));
        await link.sandbox.call('register_entity', describeEntity({ entryId, uniqueId: 'gone' }));
        await link.sandbox.call('unregister_entity', { sandboxEntityId: `light:gone@${entryId}` });
        return { loaded: true };
      },
    });
    expect(h.hub.entities.entityIdFor('light', 'acme', 'gone')).toBeUndefined();
    const kept = h.hub.entities.entityIdFor('light', 'acme', 'keep')!;
    expect(h.hub.states.get(kept)?.state).toBe('on');
    expect(h.bridge.proxies.map((p) => p.uniqueId)).toEqual(['keep']);
  });

  it('keeps the registry entries of a failed setup that unregistered its entities', async () => {
    await start({
      setup: async (request, link) => {
        const entryId = request.entry?.entryId ?? '';
        await link.sandbox.call('register_entity', describeEntity({ entryId }));
        await link.sandbox.call('unregister_entity', { sandboxEntityId: `light:lamp-1@${entryId}` });
        return { loaded: false, reason: 'invalid credentials' };
      },
    });
    const entityId = h.hub.entities.entityIdFor('light', 'acme', 'lamp-1')!;
    expect(h.hub.entities.get(entityId)).toBeDefined();
    expect(h.hub.platform.get(entityId)).toBeUndefined();
    expect(h.bridge.proxies).toEqual([]);
  });

  it('waits to retry when the sandbox cannot be started', async () => {
    await start({ connectFails: true });
    expect(h.hub.entries.state(h.entry.entryId)).toBe('setup_retry');
    expect(h.hub.entries.reason(h.entry.entryId)).toMatch(/spawn failed/);
  });

  it('waits to retry when the sandbox goes away during setup', async () => {
    await start({
      setup: async (_request, link) => {
        void link.sandbox.close();
        return new Promise<never>(() => {});
      },
    });
    expect(h.hub.entries.state(h.entry.entryId)).toBe('setup_retry');
  });

  it('a setup past its timeout is unloaded in the sandbox and retried, and what it registers late is refused', async () => {
    let finishLate!: () => Promise<void>;
    await start({
      setupTimeoutMs: 100,
      setup: (request, link) => {
        finishLate = () => registerDuringSetup(link, entryFromWire(request.entry).entryId);
        return new Promise<never>(() => {});
      },
    });
    const { entryId } = h.entry;
    expect(h.hub.entries.state(entryId)).toBe('setup_retry');
    expect(h.hub.entries.reason(entryId)).toMatch(/did not finish setting up within 100 ms/);
    expect(unloads).toEqual([entryId]);
    // The sandbox finishes anyway: the host no longer takes entities for this entry (entryAcceptsEntities).
    await expect(finishLate()).rejects.toMatchObject({ type: 'gate_refused' });
    expect(h.hub.entities.entriesForConfigEntry(entryId)).toEqual([]);
    expect(h.bridge.proxies).toEqual([]);
  });
});

describe('entry unload through the sandbox', () => {
  it('releases host state even while the sandbox is down', async () => {
    await start({
      setup: async (request, link) => {
        await registerDuringSetup(link, request.entry?.entryId ?? '');
        await link.sandbox.call('register_service', { domain: 'acme', service: 'refresh' });
        return { loaded: true };
      },
    });
    const entityId = h.hub.entities.entityIdFor('light', 'acme', 'lamp-1')!;
    expect(h.hub.states.get(entityId)?.state).toBe('on');
    await h.sandbox.close();
    await flush();
    expect(h.hub.states.get(entityId)?.state).toBe('unavailable');

    expect(await h.hub.entries.unload(h.entry.entryId)).toBe('not_loaded');
    expect(h.hub.platform.get(entityId)).toBeUndefined();
    expect(h.bridge.proxies).toEqual([]);
    expect(h.hub.services.has('acme', 'refresh')).toBe(false);
    // The registry entry stays, so the entity keeps its id and settings.
    expect(h.hub.entities.get(entityId)).toBeDefined();
  });

  it('keeps the proxies when a live sandbox refuses to unload', async () => {
    await start({
      setup: async (request, link) => {
        await registerDuringSetup(link, request.entry?.entryId ?? '');
        return { loaded: true };
      },
      unload: () => ({ unloaded: false }),
    });
    expect(await h.hub.entries.unload(h.entry.entryId)).toBe('failed_unload');
    const entityId = h.hub.entities.entityIdFor('light', 'acme', 'lamp-1')!;
    expect(h.hub.platform.get(entityId)).toBeDefined();
    expect(h.bridge.proxies).toHaveLength(1);
  });
});

describe('flows through the sandbox', () => {
  const start_: FlowStart = {
    flowId: 'host-flow-1',
    domain: 'acme',
    kind: 'config',
    source: 'zeroconf',
    context: { source: 'zeroconf' },
    data: {
      host: '10.0.0.7',
      seenAt: new Date('2026-01-02T03:04:05Z') as unknown,
      names: new Set(['a', 'b']) as unknown,
    } as Record<string, unknown>,
    entry: null,
    hostConfig,
  };

  it('sends a JSON-safe discovery payload and keeps the host flow id on every result', async () => {
    await start({});
    const inits: Received<'flow_init'>[] = [];
    h.sandbox.register('flow_init', (request) => {
      inits.push(request);
      return flowResultToWire({
        type: 'form',
        flowId: 'sandbox-says-other',
        stepId: 'confirm',
        schema: null,
        errors: {},
        descriptionPlaceholders: { host: '10.0.0.7' },
        lastStep: true,
        uniqueId: 'acme-7',
      });
    });
    h.sandbox.register('flow_step', ({ flowId, userInput }) =>
      flowResultToWire({
        type: 'create_entry',
        flowId,
        title: 'Acme',
        data: decodeJson(userInput) as Record<string, unknown>,
        options: {},
        version: 2,
        minorVersion: 1,
        uniqueId: 'acme-7',
        subentries: [],
      }),
    );
    const form = await handler.flowInit(start_);
    expect(form).toMatchObject({
      type: 'form',
      flowId: 'host-flow-1',
      stepId: 'confirm',
      uniqueId: 'acme-7',
    });
    expect(decodeJson(inits[0]!.data)).toEqual({
      host: '10.0.0.7',
      seenAt: '2026-01-02T03:04:05.000Z',
      names: ['a', 'b'],
    });
    expect(inits[0]!.integration).toMatchObject({ domain: 'acme' });
    const done = await handler.flowStep('host-flow-1', { confirm: true });
    expect(done).toMatchObject({
      type: 'create_entry',
      flowId: 'host-flow-1',
      version: 2,
      data: { confirm: true },
    });
  });

  it('a flow_init the sandbox never answers is reported as not responding and aborted in the sandbox', async () => {
    await start({ flowTimeoutMs: 200 });
    const aborts: string[] = [];
    h.sandbox.register('flow_init', () => new Promise(() => undefined));
    h.sandbox.register('flow_abort', ({ flowId }) => {
      aborts.push(flowId);
      return {};
    });
    const error = await handler.flowInit(start_).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(IntegrationNotRespondingError);
    expect((error as Error).message).toBe(
      `the integration is not responding: sandbox "${GROUP}" gave no answer to flow_init within 200 ms`,
    );
    await flush();
    expect(aborts).toEqual(['host-flow-1']);
  });

  it('a flow_step the sandbox never answers is reported as not responding', async () => {
    await start({ flowTimeoutMs: 200 });
    h.sandbox.register('flow_step', () => new Promise(() => undefined));
    await expect(handler.flowStep('host-flow-1', {})).rejects.toMatchObject({
      type: 'not_responding',
      message: expect.stringContaining('flow_step within 200 ms'),
    });
  });

  it('a sandbox that never gets ready counts against the same bound as one that never answers', async () => {
    const scenario: Scenario = { flowTimeoutMs: 200 };
    await start(scenario);
    scenario.connectHangs = true;
    await expect(handler.flowInit(start_)).rejects.toMatchObject({ type: 'not_responding' });
  });

  it('aborting a flow while the sandbox is down does not fail', async () => {
    await start({});
    await h.sandbox.close();
    await flush();
    await expect(handler.flowAbort('host-flow-1')).resolves.toBeUndefined();
  });
});
