/**
 * The hub's config entries: their persisted records and one lifecycle actor
 * each (`configEntryMachine`). Setup and unload go to the entry's group's
 * handler, read from the persisted `sandbox` field — never re-derived.
 */
import { type Actor, createActor, fromPromise, type InspectionEvent, type Observer, waitFor } from 'xstate';
import { CorralError } from '../errors.js';
import { timersOf } from '../machines/clock.js';
import {
  type ConfigEntryState,
  configEntryMachine,
  defaultEntryRetryPolicy,
  type EntryRetryPolicy,
} from '../machines/config-entry.js';
import type { ConfigEntryData } from '../sdk/types.js';
import { ulid } from './context.js';
import type { EventBus } from './event-bus.js';
import { type Persisted, readVersioned } from './persisted.js';
import type { Router } from './router.js';
import type { HostClock } from './types.js';

/** A config entry as the host keeps it: the integration's view plus where it runs. */
export interface ConfigEntryRecord extends ConfigEntryData {
  /** The group the entry runs in; decided once at flow creation. */
  readonly sandbox: string;
  readonly disabledBy: 'user' | null;
  readonly createdAt: number;
  readonly modifiedAt: number;
}

export type NewConfigEntry = Omit<
  ConfigEntryRecord,
  'entryId' | 'createdAt' | 'modifiedAt' | 'disabledBy' | 'subentries'
> & {
  readonly subentries?: ConfigEntryRecord['subentries'];
};

export type EntryChanges = Partial<
  Pick<
    ConfigEntryRecord,
    | 'title'
    | 'data'
    | 'options'
    | 'uniqueId'
    | 'prefDisableNewEntities'
    | 'prefDisablePolling'
    | 'version'
    | 'minorVersion'
  >
>;

interface EntriesData {
  version: 1;
  entries: ConfigEntryRecord[];
}

export class UnknownEntryError extends CorralError {
  constructor(entryId: string) {
    super('unknown_entry', `no config entry "${entryId}"`);
  }
}

const SETTLED = (value: unknown) => value !== 'setup_in_progress' && value !== 'unload_in_progress';

export interface ConfigEntriesOptions {
  readonly persisted: Persisted<EntriesData>;
  readonly router: Router;
  readonly bus: EventBus;
  readonly clock: HostClock;
  readonly retryPolicy?: EntryRetryPolicy;
  readonly inspect?: Observer<InspectionEvent> | ((event: InspectionEvent) => void);
  /** Release what an entry left in the host's registries when it is removed. */
  readonly onRemoved?: (entry: ConfigEntryRecord) => void;
}

export class ConfigEntries {
  private readonly records = new Map<string, ConfigEntryRecord>();
  private readonly actors = new Map<string, Actor<typeof configEntryMachine>>();

  constructor(private readonly options: ConfigEntriesOptions) {}

  async load(): Promise<void> {
    const raw = await this.options.persisted.load();
    if (raw === undefined) return;
    const read = readVersioned(raw, 'entries', 1);
    if (!read.ok) throw new CorralError('store_error', `config entries cannot be read: ${read.reason}`);
    for (const record of read.items as ConfigEntryRecord[]) {
      this.records.set(record.entryId, record);
      this.spawn(record.entryId);
    }
  }

  list(domain?: string): ConfigEntryRecord[] {
    const all = [...this.records.values()];
    return domain === undefined ? all : all.filter((entry) => entry.domain === domain);
  }

  get(entryId: string): ConfigEntryRecord | undefined {
    return this.records.get(entryId);
  }

  state(entryId: string): ConfigEntryState {
    return this.actor(entryId).getSnapshot().value as ConfigEntryState;
  }

  /** Why the entry is not loaded (setup error or retry reason), if it says. */
  reason(entryId: string): string | null {
    return this.actor(entryId).getSnapshot().context.reason;
  }

  /** The entry of `domain` with this unique id, if any. */
  findByUniqueId(domain: string, uniqueId: string): ConfigEntryRecord | undefined {
    return this.list(domain).find((entry) => entry.uniqueId === uniqueId);
  }

  /** Persist a new entry and set it up; resolves once setup has settled. */
  async add(entry: NewConfigEntry): Promise<ConfigEntryRecord> {
    const now = this.options.clock.now();
    const record: ConfigEntryRecord = {
      ...entry,
      subentries: (entry.subentries ?? []).map((s) => ({ ...s, subentryId: s.subentryId || ulid(now) })),
      entryId: ulid(now),
      disabledBy: null,
      createdAt: now,
      modifiedAt: now,
    };
    this.records.set(record.entryId, record);
    this.save();
    this.spawn(record.entryId);
    await this.setup(record.entryId);
    return record;
  }

  setup(entryId: string): Promise<ConfigEntryState> {
    return this.send(entryId, 'setup');
  }

  unload(entryId: string): Promise<ConfigEntryState> {
    return this.send(entryId, 'unload');
  }

  reload(entryId: string): Promise<ConfigEntryState> {
    return this.send(entryId, 'reload');
  }

  /** Retry a waiting entry now (its sandbox came back). */
  retryNow(entryId: string): void {
    this.actor(entryId).send({ type: 'retryNow' });
  }

  /** Set up every entry that is not disabled; resolves when all have settled. */
  async setupAll(): Promise<void> {
    await Promise.all(
      this.list()
        .filter((e) => e.disabledBy === null)
        .map((e) => this.setup(e.entryId)),
    );
  }

  /** Unload every loaded entry (hub stop); failures are reported in the entry's state. */
  async unloadAll(): Promise<void> {
    await Promise.all(this.list().map((e) => this.unload(e.entryId)));
  }

  /** Change an entry's data, options or title; a loaded entry is told through its handler. */
  async update(entryId: string, changes: EntryChanges): Promise<ConfigEntryRecord> {
    const record = this.require(entryId);
    const next: ConfigEntryRecord = { ...record, ...changes, modifiedAt: this.options.clock.now() };
    this.records.set(entryId, next);
    this.save();
    if (this.state(entryId) === 'loaded') await this.options.router.handler(next.sandbox).updateEntry(next);
    return next;
  }

  /** A child entry with a stable id, created by a subentry flow. */
  async addSubentry(entryId: string, subentry: Omit<ConfigEntryRecord['subentries'][number], 'subentryId'>) {
    const record = this.require(entryId);
    const created = { ...subentry, subentryId: ulid(this.options.clock.now()) };
    const next = {
      ...record,
      subentries: [...record.subentries, created],
      modifiedAt: this.options.clock.now(),
    };
    this.records.set(entryId, next);
    this.save();
    if (this.state(entryId) === 'loaded') await this.options.router.handler(next.sandbox).updateEntry(next);
    return created;
  }

  /** Unload (always releasing host-side state) and forget the entry. */
  async remove(entryId: string): Promise<void> {
    const record = this.require(entryId);
    await this.unload(entryId);
    this.actor(entryId).stop();
    this.actors.delete(entryId);
    this.records.delete(entryId);
    this.save();
    this.options.onRemoved?.(record);
  }

  stop(): void {
    for (const actor of this.actors.values()) actor.stop();
  }

  private require(entryId: string): ConfigEntryRecord {
    const record = this.records.get(entryId);
    if (!record) throw new UnknownEntryError(entryId);
    return record;
  }

  private actor(entryId: string): Actor<typeof configEntryMachine> {
    const actor = this.actors.get(entryId);
    if (!actor) throw new UnknownEntryError(entryId);
    return actor;
  }

  private async send(entryId: string, type: 'setup' | 'unload' | 'reload'): Promise<ConfigEntryState> {
    const actor = this.actor(entryId);
    actor.send({ type });
    const snapshot = await waitFor(actor, (s) => SETTLED(s.value));
    return snapshot.value as ConfigEntryState;
  }

  private spawn(entryId: string): void {
    const { router, bus, inspect } = this.options;
    const handlerOf = () => {
      const record = this.require(entryId);
      return { record, handler: router.handler(record.sandbox) };
    };
    const machine = configEntryMachine.provide({
      actors: {
        setup: fromPromise(async () => {
          const { record, handler } = handlerOf();
          return handler.setupEntry(record);
        }),
        unload: fromPromise(async () => {
          const { record, handler } = handlerOf();
          return handler.unloadEntry(record);
        }),
      },
    });
    const actor = createActor(machine, {
      id: `entry:${entryId}`,
      input: { entryId, policy: this.options.retryPolicy ?? defaultEntryRetryPolicy },
      // A clock that runs timers (a SimulatedClock in tests) also times the retries.
      clock: timersOf(this.options.clock),
      inspect,
    });
    let last: unknown = 'not_loaded';
    actor.subscribe((snapshot) => {
      if (snapshot.value === last) return;
      last = snapshot.value;
      const record = this.records.get(entryId);
      if (record) {
        bus.fire('config_entry_state_changed', {
          entryId,
          domain: record.domain,
          state: String(snapshot.value),
        });
      }
    });
    this.actors.set(entryId, actor.start());
  }

  private save(): void {
    this.options.persisted.saveWith(() => ({ version: 1, entries: [...this.records.values()] }));
  }
}
