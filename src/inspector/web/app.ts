/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * Corral's inspector page: wires the hub's API to the four views. Frames from
 * the socket are queued and applied once per animation frame, so a burst of
 * hundreds of proxy updates costs one layout.
 */
import type { ActorView, InspectorEvent, StatusResponse, WsMessage } from '../../api/contract.js';
import type { Statechart } from '../../machines/describe.js';
import { expiredActors, HUB_ID } from './actor-tree.js';
import { HubApi, HubRequestError, LiveConnection } from './api.js';
import { type EventBuffer, emptyBuffer, mergeEvents } from './event-filter.js';
import { EventLogView } from './event-log-view.js';
import { formatDuration } from './format.js';
import { GroupsView } from './groups-view.js';
import { HeaderView } from './header-view.js';
import { actorFromHash, hashForActor } from './location-hash.js';
import { StatechartView } from './statechart-view.js';
import { ActorTreeView } from './tree-view.js';

const EVENT_CAP = 2000;
const PAST_EVENTS = 500;
const ACTOR_HISTORY = 50;
/** The hub's collector keeps a stopped actor this long (`keepStoppedMs`). */
const KEEP_STOPPED_MS = 30_000;

class InspectorPage {
  private readonly api = new HubApi(window.location);
  private readonly header: HeaderView;
  private readonly tree: ActorTreeView;
  private readonly chart: StatechartView;
  private readonly log: EventLogView;
  private readonly groups: GroupsView;
  private readonly live: LiveConnection;

  private actors = new Map<string, ActorView>();
  private machines: Readonly<Record<string, Statechart>> = {};
  private buffer: EventBuffer = emptyBuffer;
  private status: StatusResponse | undefined;
  private selected: string | undefined;
  /** The selected actor's own past events, fetched on selection: the shared buffer may have lost them. */
  private actorPast: { actorId: string; events: readonly InspectorEvent[] } | undefined;
  private queue: WsMessage[] = [];
  private flushQueued = false;
  private helloSeen = false;

  constructor() {
    const panel = (id: string) => document.getElementById(id) as HTMLElement;
    this.header = new HeaderView(panel('header'), () => this.live.retryNow());
    this.tree = new ActorTreeView(panel('tree-panel'), { onSelect: (id) => this.select(id) });
    this.chart = new StatechartView(panel('chart-panel'));
    this.log = new EventLogView(panel('log-panel'), {
      onSelect: (id) => this.select(id),
      cap: EVENT_CAP,
      chartOf: (id) => {
        const machine = this.actors.get(id)?.machine;
        return machine ? this.machines[machine] : undefined;
      },
    });
    this.groups = new GroupsView(panel('groups-panel'), {
      onSelect: (group) => this.select(this.sandboxOf(group)),
      onFault: (kind, group) => this.fault(kind, group),
    });
    this.live = new LiveConnection(this.api.socketUrl(), {
      message: (message) => this.enqueue(message),
      state: (state) => {
        this.header.setConnection(state);
        this.tree.setLive(state.phase === 'live');
      },
    });
    window.addEventListener('hashchange', () => this.select(actorFromHash(window.location.hash), false));
    setInterval(() => this.forgetExpired(), 5_000);
    this.selected = actorFromHash(window.location.hash);
  }

  async start(): Promise<void> {
    const [machines, status, events] = await Promise.allSettled([
      this.api.machines(),
      this.api.status(),
      this.api.events(PAST_EVENTS),
    ]);
    if (machines.status === 'fulfilled') this.machines = machines.value.machines;
    if (status.status === 'fulfilled') this.enqueue({ type: 'status', status: status.value });
    if (events.status === 'fulfilled') {
      this.buffer = mergeEvents(this.buffer, events.value.events, EVENT_CAP, true).buffer;
      this.log.reset(this.buffer.events);
    }
    const failed = [machines, status, events].find((r) => r.status === 'rejected');
    if (failed) this.header.note(describeError(failed.reason));
    this.live.open();
  }

  private enqueue(message: WsMessage): void {
    this.queue.push(message);
    if (this.flushQueued) return;
    this.flushQueued = true;
    const run = () => {
      if (!this.flushQueued) return;
      this.flushQueued = false;
      this.flush();
    };
    requestAnimationFrame(run);
    // Hidden tabs get no animation frames; keep state current for when they come back.
    setTimeout(run, 250);
  }

  private flush(): void {
    const messages = this.queue;
    this.queue = [];
    let changed: Set<string> | 'all' = new Set();
    let live: InspectorEvent[] = [];
    const removed: string[] = [];
    let added: InspectorEvent[] = [];
    let reset = false;
    let hello = false;
    let status: StatusResponse | undefined;
    /** Views of the selected actor that were superseded within this batch. */
    const passed: ActorView[] = [];

    const mergeLive = () => {
      if (live.length === 0) return;
      const merged = mergeEvents(this.buffer, live, EVENT_CAP);
      this.buffer = merged.buffer;
      added.push(...merged.added);
      live = [];
    };

    for (const message of messages) {
      switch (message.type) {
        case 'hello': {
          mergeLive();
          this.actors = new Map(message.actors.map((a) => [a.id, a]));
          changed = 'all';
          hello = true;
          const merged = mergeEvents(this.buffer, message.events, EVENT_CAP, true);
          this.buffer = merged.buffer;
          if (merged.reset) {
            reset = true;
            added = [];
          } else added.push(...merged.added);
          break;
        }
        case 'actor': {
          const previous = this.actors.get(message.actor.id);
          if (previous && message.actor.id === this.selected) passed.push(previous);
          this.actors.set(message.actor.id, message.actor);
          if (changed !== 'all') changed.add(message.actor.id);
          break;
        }
        case 'removed':
          removed.push(message.actorId);
          break;
        case 'event':
          live.push(message.event);
          break;
        case 'status':
          status = message.status;
          break;
      }
    }
    mergeLive();
    for (const id of removed) this.actors.delete(id);
    if (removed.length > 0 && changed !== 'all') changed = 'all';

    if (changed === 'all' || changed.size > 0) this.tree.update(this.actors, changed);
    if (reset) this.log.reset(this.buffer.events);
    else if (added.length > 0) this.log.append(this.buffer.events, added);
    if (status) {
      this.status = status;
      this.groups.update(status);
      this.header.setStatus(status);
    }
    this.header.setCounts(this.actors.size, this.buffer.lastSeq);

    const selected = this.selected;
    const touchesSelection =
      hello ||
      reset ||
      (selected !== undefined &&
        ((changed !== 'all' && changed.has(selected)) || added.some((e) => e.actorId === selected))) ||
      (selected === HUB_ID && status !== undefined);
    // The first superseded view was already shown; the rest were passed through unseen.
    if (touchesSelection) this.renderSelection(passed.slice(1));

    if (hello && !this.helloSeen) {
      this.helloSeen = true;
      this.select(this.selected, false);
      document.body.dataset.ready = 'true';
    }
  }

  private forgetExpired(): void {
    const expired = expiredActors(this.actors, Date.now(), KEEP_STOPPED_MS);
    if (expired.length === 0) return;
    for (const id of expired) this.actors.delete(id);
    this.tree.update(this.actors, new Set());
    this.header.setCounts(this.actors.size, this.buffer.lastSeq);
    if (this.selected !== undefined && expired.includes(this.selected)) this.renderSelection();
  }

  /** Selects an actor (or the hub); `updateHash` is false when the hash is what changed. */
  private select(id: string | undefined, updateHash = true): void {
    const changed = this.selected !== id;
    this.selected = id;
    this.tree.select(id);
    this.log.select(id);
    this.renderSelection();
    if (changed || !this.actorPast) void this.loadHistory(id);
    if (updateHash && id !== undefined && window.location.hash !== hashForActor(id)) {
      history.replaceState(null, '', hashForActor(id));
    }
  }

  private renderSelection(passed: readonly ActorView[] = []): void {
    const id = this.selected;
    if (id === undefined) {
      this.chart.show(undefined, undefined, []);
      return;
    }
    if (id === HUB_ID) {
      this.chart.showNote(HUB_ID, this.hubSummary());
      return;
    }
    const actor = this.actors.get(id);
    if (!actor) {
      this.chart.showNote(
        id,
        this.helloSeen ? 'This actor is not in the tree (it may have stopped).' : 'Loading…',
      );
      return;
    }
    const chart = actor.machine ? this.machines[actor.machine] : undefined;
    const past = this.actorPast?.actorId === id ? this.actorPast.events : [];
    const events = past.length > 0 ? [...past, ...this.buffer.events] : this.buffer.events;
    this.chart.show(actor, chart, events, passed);
  }

  private async loadHistory(id: string | undefined): Promise<void> {
    this.actorPast = undefined;
    if (id === undefined || id === HUB_ID) return;
    try {
      const { events } = await this.api.events(ACTOR_HISTORY, id);
      if (this.selected !== id) return;
      this.actorPast = { actorId: id, events: events.filter((e) => e.actorId === id) };
      this.renderSelection();
    } catch {
      // The strip then shows what the live buffer has.
    }
  }

  private hubSummary(): string {
    const kinds = new Map<string, number>();
    for (const a of this.actors.values())
      if (a.id !== HUB_ID) kinds.set(a.kind, (kinds.get(a.kind) ?? 0) + 1);
    const list = [...kinds].map(([k, n]) => `${n} ${k}`).join(', ');
    const s = this.status;
    const vitals = s ? `Hub pid ${s.pid}, up ${formatDuration(s.uptimeMs)}, ${s.entityCount} entities. ` : '';
    const count = [...kinds.values()].reduce((a, b) => a + b, 0);
    return `${vitals}${count} actors: ${list || 'none yet'}.`;
  }

  private sandboxOf(group: string): string {
    const direct = `sandbox:${group}`;
    if (this.actors.has(direct)) return direct;
    for (const a of this.actors.values()) if (a.kind === 'sandbox' && a.id.endsWith(group)) return a.id;
    return direct;
  }

  private async fault(kind: 'crash' | 'hang', group: string): Promise<void> {
    try {
      await this.api.fault(kind, group);
      this.header.note(`${kind} sent to ${group}`, 'ok');
    } catch (error) {
      this.header.note(describeError(error));
    }
  }
}

function describeError(error: unknown): string {
  if (error instanceof HubRequestError && error.status === 401) {
    return 'The hub refused the request: open the page with ?token=<token>.';
  }
  return error instanceof Error ? error.message : String(error);
}

void new InspectorPage().start();
