/**
 * The actor tree as data: children per parent in a stable, readable order,
 * which big child lists start collapsed, and what a tree filter keeps visible.
 * An actor whose parent is unknown (not yet sent, or already gone) hangs off
 * the hub so it is never lost from view.
 */
import type { ActorView } from '../../api/contract.js';

export const HUB_ID = 'hub';

/** Child lists longer than this start collapsed (a bridge's hundreds of proxies). */
export const COLLAPSE_OVER = 12;

const KIND_ORDER = ['supervisor', 'sandbox', 'process', 'channel', 'entry', 'flow', 'bridge', 'proxy'];

export interface ActorTree {
  /** Child ids per parent id, sorted; the hub is `HUB_ID`. */
  readonly children: ReadonlyMap<string, readonly string[]>;
  /** Effective parent of every actor (after re-homing orphans and cycles). */
  readonly parentOf: ReadonlyMap<string, string>;
}

export function buildTree(actors: ReadonlyMap<string, ActorView>): ActorTree {
  const parentOf = new Map<string, string>();
  for (const actor of actors.values()) {
    // The hub may report itself as an actor: it is the root node, not a child of it.
    if (actor.id === HUB_ID) continue;
    const declared = actor.parentId;
    parentOf.set(actor.id, declared !== actor.id && actors.has(declared) ? declared : HUB_ID);
  }
  // A cycle would hide its members from the hub; cut it at the first repeat.
  for (const id of parentOf.keys()) {
    const seen = new Set<string>([id]);
    let at = parentOf.get(id);
    while (at !== undefined && at !== HUB_ID) {
      if (seen.has(at)) {
        parentOf.set(id, HUB_ID);
        break;
      }
      seen.add(at);
      at = parentOf.get(at);
    }
  }
  const children = new Map<string, string[]>();
  for (const [id, parent] of parentOf) {
    const list = children.get(parent) ?? [];
    list.push(id);
    children.set(parent, list);
  }
  for (const list of children.values()) list.sort((a, b) => compareActors(actors.get(a), actors.get(b)));
  return { children, parentOf };
}

function kindRank(kind: string): number {
  const i = KIND_ORDER.indexOf(kind);
  return i === -1 ? KIND_ORDER.length : i;
}

/** One collator for every comparison: `localeCompare` with options builds a new one per call. */
const collator = new Intl.Collator(undefined, { numeric: true });

export function compareActors(a: ActorView | undefined, b: ActorView | undefined): number {
  if (!a || !b) return a ? -1 : b ? 1 : 0;
  return (
    kindRank(a.kind) - kindRank(b.kind) || collator.compare(a.kind, b.kind) || collator.compare(a.id, b.id)
  );
}

/** Ids from the actor up to (not including) the hub, nearest first. */
export function ancestorsOf(tree: ActorTree, id: string): string[] {
  const out: string[] = [];
  let at = tree.parentOf.get(id);
  while (at !== undefined && at !== HUB_ID && !out.includes(at)) {
    out.push(at);
    at = tree.parentOf.get(at);
  }
  return out;
}

/** Number of actors below a node, at any depth. */
export function descendantCount(tree: ActorTree, id: string): number {
  let n = 0;
  const stack = [...(tree.children.get(id) ?? [])];
  while (stack.length > 0) {
    const next = stack.pop()!;
    n++;
    stack.push(...(tree.children.get(next) ?? []));
  }
  return n;
}

/** `[{ kind: 'proxy', count: 312 }]` for a node's direct children, in tree order. */
export function kindCounts(
  tree: ActorTree,
  actors: ReadonlyMap<string, ActorView>,
  id: string,
): { kind: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const child of tree.children.get(id) ?? []) {
    const kind = actors.get(child)?.kind ?? '?';
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  return [...counts].map(([kind, count]) => ({ kind, count }));
}

/**
 * What a tree filter keeps: actors whose id, kind or state label contains every
 * word of the query (case-insensitive), plus their ancestors so they stay
 * reachable. `undefined` for an empty query (show everything).
 */
export function filterTree(
  tree: ActorTree,
  actors: ReadonlyMap<string, ActorView>,
  query: string,
): ReadonlySet<string> | undefined {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return undefined;
  const keep = new Set<string>();
  for (const actor of actors.values()) {
    const text = `${actor.id} ${actor.kind} ${actor.stateLabel} ${actor.status}`.toLowerCase();
    if (!words.every((w) => text.includes(w))) continue;
    keep.add(actor.id);
    for (const up of ancestorsOf(tree, actor.id)) keep.add(up);
  }
  return keep;
}

export interface DisplayId {
  /** Shown dimmed: the `kind:` prefix, or `…/` for the parent's part of a child's id. */
  readonly prefix: string;
  readonly name: string;
  /** The kind is not readable from the id, so it needs a tag of its own. */
  readonly tagKind: boolean;
}

/**
 * How a tree row writes an id: `sandbox:built-in.demo_light` with its kind
 * prefix dimmed; `sandbox:x/process` under `sandbox:x` as `…/process`.
 */
export function displayId(id: string, kind: string, parentId: string): DisplayId {
  if (parentId && parentId !== HUB_ID && id.startsWith(`${parentId}/`)) {
    return { prefix: '…/', name: id.slice(parentId.length + 1), tagKind: false };
  }
  const colon = id.indexOf(':');
  if (colon > 0 && id.slice(0, colon) === kind) {
    return { prefix: id.slice(0, colon + 1), name: id.slice(colon + 1), tagKind: false };
  }
  return { prefix: '', name: id, tagKind: id !== kind };
}

/**
 * Actors that ended more than `keepMs` ago. The hub drops them from its tree
 * without a message, so the page forgets them on the same schedule.
 */
export function expiredActors(actors: ReadonlyMap<string, ActorView>, now: number, keepMs: number): string[] {
  const out: string[] = [];
  for (const actor of actors.values()) {
    if (actor.status !== 'active' && now - actor.updatedAt > keepMs) out.push(actor.id);
  }
  return out;
}
