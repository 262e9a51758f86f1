/**
 * The inspector's model: an XState `inspect` observer that folds the inspection
 * events of every actor of a hub into a live actor tree and a bounded event
 * log, and tells subscribers about each change. Pass `collector.inspect` as the
 * hub's and the sandbox router's `inspect` option.
 */
import type { AnyActorRef, InspectionEvent } from 'xstate';
import type { ActorView, InspectorEvent } from '../api/contract.js';

export const HUB_ACTOR_ID = 'hub';

export interface CollectorOptions {
  /** Events kept for late subscribers and `GET /api/inspector/events`. */
  readonly maxEvents?: number;
  /** How long a stopped actor stays in the tree, so the user sees how it ended. */
  readonly keepStoppedMs?: number;
  /** Machine ids the inspector can draw (keys of `MachinesResponse.machines`). */
  readonly knownMachines?: ReadonlySet<string>;
  readonly now?: () => number;
}

export type CollectorChange =
  | { readonly type: 'actor'; readonly actor: ActorView }
  | { readonly type: 'removed'; readonly actorId: string }
  | { readonly type: 'event'; readonly event: InspectorEvent };

interface Node {
  view: ActorView;
  ref: AnyActorRef;
  stoppedAt?: number;
}

/** `{ live: { running: 'waiting' } }` -> `live.running.waiting`; parallel regions joined by `, `. */
export function stateLabel(value: unknown): string {
  return statePaths(value).join(', ');
}

/** One dotted path per active leaf, each from the root, so a nested region never reads as a root state. */
function statePaths(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (typeof value !== 'object') return [String(value)];
  return Object.entries(value as Record<string, unknown>).flatMap(([key, inner]) => {
    const rest = statePaths(inner);
    return rest.length > 0 ? rest.map((path) => `${key}.${path}`) : [key];
  });
}

/** The kind shown in the tree: the id's prefix (`sandbox:x` -> sandbox), else the machine or `actor`. */
function kindOf(localId: string, machine: string | null): string {
  const colon = localId.indexOf(':');
  if (colon > 0) return localId.slice(0, colon);
  // Invoked children get generated ids (`0.configFlow.stepping`): call them by what they are.
  if (machine) return machine;
  return /^[a-z][a-z_-]*$/i.test(localId) ? localId : 'invoked';
}

export class InspectorCollector {
  /** The observer to hand to `createActor` / `createHub` / `sandboxRouter`. */
  readonly inspect = (event: InspectionEvent): void => this.receive(event);

  private readonly nodes = new Map<string, Node>();
  /** sessionId -> tree id, so children find their parent and stale sessions are ignored. */
  private readonly sessions = new Map<string, string>();
  private readonly events: InspectorEvent[] = [];
  private readonly listeners = new Set<(change: CollectorChange) => void>();
  private readonly maxEvents: number;
  private readonly keepStoppedMs: number;
  private readonly knownMachines: ReadonlySet<string>;
  private readonly now: () => number;
  private seq = 0;

  constructor(options: CollectorOptions = {}) {
    this.maxEvents = options.maxEvents ?? 5_000;
    this.keepStoppedMs = options.keepStoppedMs ?? 30_000;
    this.knownMachines = options.knownMachines ?? new Set();
    this.now = options.now ?? Date.now;
  }

  /** Every actor in the tree, parents before children where they were created first. */
  actors(): ActorView[] {
    this.prune();
    return [...this.nodes.values()].map((node) => node.view);
  }

  actor(id: string): ActorView | undefined {
    return this.nodes.get(id)?.view;
  }

  /** The latest `limit` events (oldest first), optionally of one actor and its descendants. */
  recentEvents(limit = 500, actorId?: string): InspectorEvent[] {
    const matching = actorId
      ? this.events.filter((e) => e.actorId === actorId || e.actorId.startsWith(`${actorId}/`))
      : this.events;
    return matching.slice(Math.max(0, matching.length - limit));
  }

  /** Tell `listener` about every change from now on; returns the unsubscribe. */
  subscribe(listener: (change: CollectorChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private receive(event: InspectionEvent): void {
    switch (event.type) {
      case '@xstate.actor':
        this.register(event.actorRef as AnyActorRef);
        return;
      case '@xstate.snapshot':
        this.update(event.actorRef as AnyActorRef, event.snapshot, event.event.type);
        return;
      case '@xstate.event': {
        const id = this.sessions.get(event.actorRef.sessionId);
        // A replaced actor (an older generation) no longer speaks for its id.
        if (!id || this.nodes.get(id)?.ref !== event.actorRef) return;
        if (!event.event.type.startsWith('xstate.')) this.log(id, 'event', event.event.type, null);
        return;
      }
      default:
        return;
    }
  }

  private register(ref: AnyActorRef): void {
    const parentRef = (ref as { _parent?: AnyActorRef })._parent;
    const parentId = parentRef ? this.sessions.get(parentRef.sessionId) : undefined;
    const localId = ref.id;
    // Ids we name ourselves (`sandbox:<group>`) are unique hub-wide; generated ones are not.
    const id = localId.includes(':') || !parentId ? localId : `${parentId}/${localId}`;
    const machineId = (ref as { logic?: { id?: unknown } }).logic?.id;
    const machine = typeof machineId === 'string' && this.knownMachines.has(machineId) ? machineId : null;
    let snapshot: { value?: unknown; status?: string } | undefined;
    try {
      snapshot = ref.getSnapshot() as typeof snapshot;
    } catch {
      snapshot = undefined;
    }
    const view: ActorView = {
      id,
      parentId: parentId ?? rootParentOf(id),
      kind: kindOf(localId, machine),
      machine,
      state: snapshot?.value ?? null,
      stateLabel: stateLabel(snapshot?.value),
      status: statusOf(snapshot?.status),
      updatedAt: this.now(),
    };
    this.sessions.set(ref.sessionId, id);
    this.nodes.set(id, { view, ref });
    this.emit({ type: 'actor', actor: view });
    this.log(id, 'actor', view.kind, view.stateLabel || null);
  }

  private update(ref: AnyActorRef, snapshot: unknown, eventType: string): void {
    const id = this.sessions.get(ref.sessionId);
    const node = id ? this.nodes.get(id) : undefined;
    // A replaced actor (an older generation) no longer speaks for its id.
    if (!id || !node || node.ref !== ref) return;
    const { value, status } = snapshot as { value?: unknown; status?: string };
    this.apply(id, node, value, statusOf(status), eventType);
  }

  private apply(
    id: string,
    node: Node,
    value: unknown,
    status: ActorView['status'],
    eventType: string,
  ): void {
    const label = stateLabel(value);
    if (label === node.view.stateLabel && status === node.view.status) return;
    node.view = { ...node.view, state: value ?? null, stateLabel: label, status, updatedAt: this.now() };
    this.emit({ type: 'actor', actor: node.view });
    if (status !== 'active') {
      node.stoppedAt = this.now();
      this.sessions.delete(node.ref.sessionId);
      this.log(id, 'stopped', eventType, label || status);
    } else {
      this.log(id, 'transition', eventType, label);
    }
  }

  private log(actorId: string, kind: InspectorEvent['kind'], eventType: string, label: string | null): void {
    const event: InspectorEvent = {
      seq: ++this.seq,
      at: this.now(),
      actorId,
      kind,
      eventType,
      stateLabel: label,
    };
    this.events.push(event);
    if (this.events.length > this.maxEvents) this.events.splice(0, this.events.length - this.maxEvents);
    this.emit({ type: 'event', event });
  }

  /** Forget actors that stopped long enough ago, and their stopped descendants. */
  private prune(): void {
    const cutoff = this.now() - this.keepStoppedMs;
    for (const [id, node] of this.nodes) {
      // Stopping an actor from outside emits no snapshot: notice it here.
      if (node.stoppedAt === undefined && node.ref.getSnapshot().status !== 'active') {
        this.apply(id, node, node.view.state, statusOf(node.ref.getSnapshot().status), 'xstate.stop');
      }
      if (node.stoppedAt !== undefined && node.stoppedAt <= cutoff) {
        this.nodes.delete(id);
        this.emit({ type: 'removed', actorId: id });
      }
    }
  }

  private emit(change: CollectorChange): void {
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch {
        // A failing subscriber (a closed socket) must not break the actors being inspected.
      }
    }
  }
}

/** Where a root actor hangs in the tree: a group's channel under its sandbox, the rest under the hub. */
function rootParentOf(id: string): string {
  if (id.startsWith('channel:')) return `sandbox:${id.slice('channel:'.length)}`;
  return HUB_ACTOR_ID;
}

function statusOf(status: string | undefined): ActorView['status'] {
  return status === 'done' || status === 'error' || status === 'stopped' ? status : 'active';
}
