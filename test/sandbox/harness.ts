/**
 * A sandbox runtime over an in-memory transport, facing a host-side test double: a
 * Channel whose handlers keep proxies, services, events and a store in plain maps and
 * log every frame the sandbox sends, in order.
 */

import { afterEach } from 'vitest';
import type { Logger } from '../../src/logger.js';
import { SandboxRuntime } from '../../src/sandbox/runtime.js';
import type { IntegrationDefinition } from '../../src/sdk/integration.js';
import type { ConfigEntryData } from '../../src/sdk/types.js';
import { Channel } from '../../src/wire/channel.js';
import { decodeJson, encodeJson } from '../../src/wire/json.js';
import {
  applyAttributes,
  entityTargetToWire,
  entryToWire,
  hostConfigToWire,
  reportFromWire,
} from '../../src/wire/messages.js';
import { ProtobufCodec } from '../../src/wire/protobuf-codec.js';
import type { Received, RequestOf } from '../../src/wire/protocol.js';
import { memoryTransportPair } from '../../src/wire/transports/memory.js';
import { hostConfig, configEntry as sdkConfigEntry } from '../sdk/fixtures.js';
import { until, within } from '../support/async.js';

export type Description = NonNullable<Received<'register_entity'>['description']>;
type SourceRequest = NonNullable<RequestOf<'entry_setup'>['source']>;

export interface HostView {
  readonly state: string;
  readonly attributes: Record<string, unknown>;
  readonly capabilities: Record<string, unknown>;
}

export interface StoredEnvelope {
  version: number;
  minorVersion: number;
  data: unknown;
}

/** One frame the sandbox sent: a call (with its request) or a push. */
export interface SentFrame {
  readonly type: string;
  readonly body: unknown;
}

export { hostConfig } from '../sdk/fixtures.js';

/** A config entry of the sandbox fixtures' integration. */
export function configEntry(overrides: Partial<ConfigEntryData> = {}): ConfigEntryData {
  return sdkConfigEntry({
    domain: 'fixture',
    title: 'Fixture',
    data: { host: 'lamp.local' },
    uniqueId: null,
    ...overrides,
  });
}

export interface SandboxHarness {
  /** The host's end of the channel; register handlers on it to change the double. */
  readonly host: Channel;
  readonly runtime: SandboxRuntime;
  /** Every frame the sandbox sent, in arrival order. */
  readonly sent: SentFrame[];
  readonly proxies: Map<string, Description>;
  /** Sandbox entity ids by the handle their registration gave them. */
  readonly handles: Map<number, string>;
  /** What the host shows per sandbox entity id, updates applied. */
  readonly states: Map<string, HostView>;
  readonly services: Set<string>;
  readonly store: Map<string, StoredEnvelope>;
  readonly logs: { level: string; message: string }[];
  /** Resolves with the exit code once the runtime has exited. */
  readonly exited: Promise<number>;
  readonly ready: Promise<Received<'ready'>>;
  setup(entry?: Partial<ConfigEntryData>, source?: SourceRequest): Promise<Received<'entry_setup'>>;
  callService(
    domain: string,
    service: string,
    options?: {
      entityIds?: string[];
      data?: Record<string, unknown>;
      returnResponse?: boolean;
      contextId?: string;
    },
  ): Promise<unknown>;
  /** The frames of one type, bodies only. */
  of<T = unknown>(type: string): T[];
}

const running: SandboxHarness[] = [];
afterEach(async () => {
  for (const harness of running.splice(0)) await harness.host.close();
});

export interface HarnessOptions {
  readonly integrations?: Record<string, IntegrationDefinition>;
  /** Store contents the host starts with. */
  readonly store?: Record<string, StoredEnvelope>;
  /** Runs before the runtime starts: replace a handler of the double here. */
  readonly configure?: (harness: SandboxHarness) => void;
  readonly delaySaveMs?: number;
  /** Runs inside the host's `ready` handler, the moment ready arrives. */
  readonly onReady?: (harness: SandboxHarness) => void;
}

export async function startSandbox(options: HarnessOptions = {}): Promise<SandboxHarness> {
  const [hostEnd, sandboxEnd] = memoryTransportPair();
  const host = new Channel(hostEnd, { codec: new ProtobufCodec(), name: 'host' });
  const logs: { level: string; message: string }[] = [];
  const logger: Logger = (level, message) => logs.push({ level, message });
  let exit!: (code: number) => void;
  const exited = new Promise<number>((resolve) => {
    exit = resolve;
  });
  const runtime = new SandboxRuntime({
    group: 'test',
    transport: sandboxEnd,
    onExit: exit,
    integrations: options.integrations,
    logger,
    delaySaveMs: options.delaySaveMs,
  });
  let readyReceived!: (ready: Received<'ready'>) => void;
  const ready = new Promise<Received<'ready'>>((resolve) => {
    readyReceived = resolve;
  });
  const sent: SentFrame[] = [];
  const proxies = new Map<string, Description>();
  const handles = new Map<number, string>();
  const states = new Map<string, HostView>();
  const services = new Set<string>();
  const store = new Map(Object.entries(options.store ?? {}));
  const log = (type: string, body: unknown) => sent.push({ type, body });

  host.register('ready', (body) => {
    log('ready', body);
    options.onReady?.(harness);
    readyReceived(body);
  });
  host.register('register_entity', (request) => {
    log('register_entity', request);
    return acceptRegistration(harness, request);
  });
  host.register('register_entities', (request) => {
    log('register_entities', request);
    return acceptRegistrations(harness, request);
  });
  host.register('unregister_entity', (request) => {
    log('unregister_entity', request);
    proxies.delete(request.sandboxEntityId);
    states.delete(request.sandboxEntityId);
    return {};
  });
  host.register(
    'state_changed',
    (request) => {
      log('state_changed', request);
      for (const update of request.updates) {
        const id = idOf(harness, update);
        const before = states.get(id);
        if (!before) throw new Error(`state for unregistered entity ${id}`);
        states.set(id, {
          ...before,
          state: update.state ?? '',
          attributes: applyAttributes(before.attributes, update),
        });
      }
    },
    { inline: true },
  );
  host.register('register_service', (request) => {
    log('register_service', request);
    services.add(`${request.domain}.${request.service}`);
    return {};
  });
  host.register('unregister_service', (request) => {
    log('unregister_service', request);
    services.delete(`${request.domain}.${request.service}`);
    return {};
  });
  host.register(
    'fire_event',
    (request) => {
      log('fire_event', request);
    },
    { inline: true },
  );
  host.register('store_load', (request) => {
    log('store_load', request);
    const found = store.get(request.key);
    if (!found) return { found: false };
    return {
      found: true,
      version: found.version,
      minorVersion: found.minorVersion,
      data: encodeJson(found.data),
    };
  });
  host.register('store_save', (request) => {
    log('store_save', request);
    store.set(request.key, {
      version: request.version,
      minorVersion: request.minorVersion,
      data: decodeJson(request.data),
    });
    return {};
  });
  host.register('store_remove', (request) => {
    log('store_remove', request);
    store.delete(request.key);
    return {};
  });

  const harness: SandboxHarness = {
    host,
    runtime,
    sent,
    proxies,
    handles,
    states,
    services,
    store,
    logs,
    exited,
    ready,
    setup: (entry = {}, source) =>
      host.call('entry_setup', {
        entry: entryToWire(configEntry(entry)),
        hostConfig: hostConfigToWire(hostConfig),
        source: source ?? { domain: entry.domain ?? 'fixture' },
      }),
    async callService(
      domain,
      service,
      { entityIds, data = {}, returnResponse = false, contextId = '' } = {},
    ) {
      const result = await host.call('call_service', {
        domain,
        service,
        target: entityIds ? entityTargetToWire(entityIds) : new Uint8Array(),
        data: encodeJson(data),
        returnResponse,
        contextId,
      });
      return decodeJson(result.response);
    },
    of: <T>(type: string) => sent.filter((frame) => frame.type === type).map((frame) => frame.body as T),
  };
  options.configure?.(harness);
  running.push(harness);
  void runtime.start();
  await within(2_000, ready, 'ready');
  return harness;
}

/** What the double's `register_entity` does: keep the proxy and its initial state. */
export function acceptRegistration(
  harness: Pick<SandboxHarness, 'proxies' | 'handles' | 'states'>,
  request: Pick<Received<'register_entity'>, 'description'>,
): { entityId: string } {
  const description = request.description!;
  const id = description.sandboxEntityId ?? '';
  harness.proxies.set(id, description);
  if (description.handle) harness.handles.set(description.handle, id);
  const initial = reportFromWire(description.initialState);
  harness.states.set(id, {
    state: initial.state,
    attributes: initial.attributes,
    capabilities: initial.capabilities,
  });
  return { entityId: `${description.domain}.${description.uniqueId}` };
}

/** What the double's `register_entities` does: accept every description, in order. */
export function acceptRegistrations(
  harness: Pick<SandboxHarness, 'proxies' | 'handles' | 'states'>,
  request: Received<'register_entities'>,
): { outcomes: { entityId: string }[] } {
  return {
    outcomes: request.descriptions.map((description) => acceptRegistration(harness, { description })),
  };
}

/** The sandbox entity id a state update names, by its handle or by id. */
export function idOf(
  harness: Pick<SandboxHarness, 'handles'>,
  update: { handle?: number | null; sandboxEntityId?: string | null },
): string {
  return update.handle
    ? (harness.handles.get(update.handle) ?? `#${update.handle}`)
    : (update.sandboxEntityId ?? '');
}

/** Every description the sandbox asked to register, batched or alone, in the order sent. */
export function registrations(harness: Pick<SandboxHarness, 'sent'>): Description[] {
  return harness.sent.flatMap((frame) => {
    if (frame.type === 'register_entity') return [(frame.body as Received<'register_entity'>).description!];
    if (frame.type === 'register_entities') return (frame.body as Received<'register_entities'>).descriptions;
    return [];
  });
}

/** Wait until the sandbox has asked to register `count` descriptions. */
export function registrationsOf(harness: SandboxHarness, count: number): Promise<void> {
  return until(() => registrations(harness).length >= count, 2_000, `${count} registration(s)`);
}

/** Wait until the host has seen `count` frames of `type`. */
export function framesOf(harness: SandboxHarness, type: string, count = 1): Promise<void> {
  return until(() => harness.of(type).length >= count, 2_000, `${count} "${type}" frame(s)`);
}
