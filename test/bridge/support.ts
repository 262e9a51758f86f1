/**
 * A real hub in a temp config directory, one sandbox group (`built-in`) bridged
 * over an in-memory channel pair, and on the far end a hostile test sandbox: a
 * plain Channel the test drives frame by frame.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SandboxBridge } from '../../src/bridge/bridge.js';
import { StoreServer } from '../../src/bridge/store-server.js';
import type { ConfigEntryRecord } from '../../src/host/config-entries.js';
import { createHub, type Hub, type HubOptions } from '../../src/host/hub.js';
import type { IntegrationHandler, Router } from '../../src/host/router.js';
import type { HostClock } from '../../src/host/types.js';
import type { Logger } from '../../src/logger.js';
import type { BridgePolicy, SandboxCapsPolicy, StorePolicy } from '../../src/policy.js';
import type { EntityIdentity, EntityStateReport } from '../../src/sdk/types.js';
import { Channel } from '../../src/wire/channel.js';
import { identityToWire, reportToWire } from '../../src/wire/messages.js';
import { ProtobufCodec } from '../../src/wire/protobuf-codec.js';
import type { RequestOf } from '../../src/wire/protocol.js';
import { memoryTransportPair } from '../../src/wire/transports/memory.js';

export const GROUP = 'built-in';

/** Answers setup and unload without running anything: entries of the group just load. */
export const idleHandler: IntegrationHandler = {
  group: GROUP,
  setupEntry: async () => ({ status: 'loaded' }),
  unloadEntry: async () => ({ unloaded: true }),
  updateEntry: async () => {},
  flowInit: async () => {
    throw new Error('no flows here');
  },
  flowStep: async () => {
    throw new Error('no flows here');
  },
  flowAbort: async () => {},
};

export interface Link {
  readonly bridge: SandboxBridge;
  /** The hostile test sandbox's end of the channel. */
  readonly sandbox: Channel;
  readonly host: Channel;
}

export interface Harness extends Link {
  readonly hub: Hub;
  readonly configDir: string;
  readonly store: StoreServer;
  /** An entry of domain `acme` routed to the group. */
  readonly entry: ConfigEntryRecord;
  addEntry(domain: string, group?: string): Promise<ConfigEntryRecord>;
  /** A fresh channel pair and bridge for the group (a respawned sandbox). */
  link(): Link;
  cleanup(): Promise<void>;
}

export interface HarnessOptions {
  /** The group's handler, given the group's current link (the default loads every entry). */
  readonly handler?: (current: () => Link | undefined) => IntegrationHandler;
  /** Called with every new link before anything crosses it: the hostile sandbox's handlers go here. */
  readonly onLink?: (link: Link) => void;
  readonly bridgePolicy?: Partial<BridgePolicy>;
  readonly storePolicy?: Partial<StorePolicy>;
  readonly caps?: Partial<SandboxCapsPolicy>;
  /** The bridges' clock (event rate, log intervals); the hub keeps its own unless `hub.clock`. */
  readonly clock?: HostClock;
  /** The bridges' logger. */
  readonly logger?: Logger;
  readonly hub?: Partial<HubOptions>;
}

export async function harness(options: HarnessOptions = {}): Promise<Harness> {
  const configDir = await mkdtemp(join(tmpdir(), 'corral-bridge-'));
  let current: Link | undefined;
  const handler = options.handler?.(() => current) ?? idleHandler;
  const router = (local: IntegrationHandler): Router => ({
    groupFor: () => GROUP,
    handler: (group) => (group === GROUP ? handler : local),
  });
  const hub = await createHub({ configDir, router, ...options.hub });
  await hub.start();
  const store = new StoreServer({ configDir, group: GROUP, policy: options.storePolicy });
  const link = (): Link => {
    const [a, b] = memoryTransportPair();
    const host = new Channel(a, {
      codec: new ProtobufCodec(),
      name: 'host',
      policy: { callTimeoutMs: 5_000 },
    });
    const sandbox = new Channel(b, { codec: new ProtobufCodec(), name: 'hostile' });
    const bridge = new SandboxBridge(GROUP, host, {
      ...hub,
      store,
      policy: options.bridgePolicy,
      caps: options.caps,
      clock: options.clock,
      logger: options.logger,
    });
    current = { bridge, sandbox, host };
    options.onLink?.(current);
    return current;
  };
  const addEntry = (domain: string, group = GROUP) =>
    hub.entries.add({
      domain,
      title: domain,
      data: {},
      options: {},
      version: 1,
      minorVersion: 1,
      source: 'user',
      uniqueId: null,
      prefDisableNewEntities: false,
      prefDisablePolling: false,
      sandbox: group,
    });
  const first = link();
  const entry = await addEntry('acme');
  return {
    ...first,
    hub,
    configDir,
    store,
    entry,
    addEntry,
    link,
    async cleanup() {
      await hub.stop();
      await first.sandbox.close();
      await current?.sandbox.close();
      await rm(configDir, { recursive: true, force: true });
    },
  };
}

export const lampIdentity = (overrides: Partial<EntityIdentity> = {}): EntityIdentity => ({
  name: 'Kitchen lamp',
  icon: null,
  entityCategory: null,
  deviceClass: null,
  supportedFeatures: 0,
  translationKey: null,
  deviceInfo: null,
  hasEntityName: false,
  unitOfMeasurement: null,
  ...overrides,
});

export const lampReport = (overrides: Partial<EntityStateReport> = {}): EntityStateReport => ({
  state: 'on',
  attributes: { brightness: 128, color_mode: 'brightness' },
  capabilities: { supported_color_modes: ['brightness'] },
  ...overrides,
});

export interface DescribeOptions {
  readonly entryId: string;
  readonly sandboxEntityId?: string;
  readonly domain?: string;
  readonly uniqueId?: string;
  readonly identity?: Partial<EntityIdentity>;
  readonly report?: Partial<EntityStateReport>;
  readonly hash?: string;
  /** The number state updates may name the entity by. */
  readonly handle?: number;
}

/** A `register_entity` request as a sandbox would send it. */
export function describeEntity(o: DescribeOptions): RequestOf<'register_entity'> {
  const uniqueId = o.uniqueId ?? 'lamp-1';
  return {
    description: {
      entryId: o.entryId,
      domain: o.domain ?? 'light',
      sandboxEntityId: o.sandboxEntityId ?? `light:${uniqueId}@${o.entryId}`,
      uniqueId,
      identity: identityToWire(lampIdentity(o.identity)),
      initialState: reportToWire(lampReport(o.report)),
      descriptionHash: o.hash ?? '',
      handle: o.handle ?? 0,
    },
  };
}

/** Register through the hostile sandbox; resolves to the host's entity id. */
export async function register(sandbox: Channel, o: DescribeOptions): Promise<string> {
  const { entityId } = await sandbox.call('register_entity', describeEntity(o));
  return entityId;
}

/** Pushes travel a microtask; a store write takes a few turns. */
export const flush = () => new Promise<void>((resolve) => setImmediate(resolve));
