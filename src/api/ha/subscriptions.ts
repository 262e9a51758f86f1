/**
 * The two kinds of subscription a connection holds. An event subscription
 * forwards every event it matches, in order. An entity subscription keeps the
 * client's copy of the states current: changes between two flushes of the
 * connection are folded into one diff per entity, from the state the client
 * holds to the latest, so its memory is bounded by the number of entities and a
 * burst of writes costs one message per flush, not one per write.
 */
import type { EventBus } from '../../host/event-bus.js';
import type { StateStore } from '../../host/state-store.js';
import type { HubEvent, State } from '../../host/types.js';
import { compactDiff, compactState } from './compact-states.js';
import { type Batch, entityFeedOf } from './entity-feed.js';
import { haEvent, hubEventType } from './shapes.js';

export interface Subscription {
  /** What the client has not been sent yet, as the JSON of one `event`; undefined when nothing. */
  take?(): string | undefined;
  stop(): void;
}

// One serialisation per event or state, shared by every connection that sends it.
const eventJson = new WeakMap<HubEvent, string>();
const stateJson = new WeakMap<State, string>();
// Keyed by `from`, then `to`: a cache entry must not hold the older state alive, or each
// state would keep its predecessor (and its JSON) alive, back to the first.
const diffJson = new WeakMap<State, WeakMap<State, string>>();

function jsonOfEvent(event: HubEvent): string {
  let json = eventJson.get(event);
  if (json === undefined) {
    json = JSON.stringify(haEvent(event));
    eventJson.set(event, json);
  }
  return json;
}

function jsonOfState(state: State): string {
  let json = stateJson.get(state);
  if (json === undefined) {
    json = JSON.stringify(compactState(state));
    stateJson.set(state, json);
  }
  return json;
}

function jsonOfDiff(from: State, to: State): string {
  let byTarget = diffJson.get(from);
  let json = byTarget?.get(to);
  if (json !== undefined) return json;
  json = JSON.stringify(compactDiff(from, to));
  if (!byTarget) {
    byTarget = new WeakMap();
    diffJson.set(from, byTarget);
  }
  byTarget.set(to, json);
  return json;
}

/** Every event of `type` (every event when undefined), passed to `send` as the JSON of an HA event. */
export function eventSubscription(
  bus: EventBus,
  type: string | undefined,
  send: (eventJson: string) => void,
): Subscription {
  const stop = bus.listen(type === undefined ? '*' : hubEventType(type), (event: HubEvent) =>
    send(jsonOfEvent(event)),
  );
  return { stop };
}

/**
 * The states of `entityIds` (every entity when undefined) as `subscribe_entities`
 * messages. `changed` is called when the subscription has something to send; the
 * first `take()` sends every current state, even none.
 */
export function entitySubscription(
  bus: EventBus,
  states: StateStore,
  entityIds: ReadonlySet<string> | undefined,
  changed: () => void,
): Subscription {
  const feed = entityFeedOf(bus);
  /** Entity id -> the state the client holds (undefined: it holds none), for batches folded here. */
  let own = new Map<string, State | undefined>();
  const fold = (batch: Batch) => {
    for (const [entityId, held] of batch) {
      if (entityIds && !entityIds.has(entityId)) continue;
      if (!own.has(entityId)) own.set(entityId, held);
    }
  };
  for (const state of states.all()) {
    if (!entityIds || entityIds.has(state.entityId)) own.set(state.entityId, undefined);
  }
  let initialSent = false;
  const reader = feed.add({ changed, fold });
  return {
    stop: () => feed.remove(reader),
    take() {
      const unread = feed.read(reader);
      let batch: Batch;
      if (own.size === 0 && unread.length === 1 && !entityIds) {
        // Kept up: the feed's batch as it is, the same object every such subscription reads.
        batch = unread[0]!;
      } else {
        for (const b of unread) fold(b);
        batch = own;
        own = new Map();
      }
      if (batch.size === 0) {
        if (initialSent) return undefined;
        initialSent = true;
        return '{"a":{}}';
      }
      initialSent = true;
      return batchJson(batch, states);
    },
  };
}

/**
 * The last batch serialised and its JSON. Subscriptions that flush together usually
 * hold the same batch (same entities, same held and current states): the first
 * serialises it, the others compare it entry by entry, which costs far less.
 */
let lastBatch: {
  readonly entries: readonly (State | string | undefined)[];
  readonly json: string | undefined;
} = {
  entries: [],
  json: undefined,
};

/** The `subscribe_entities` event for `batch` (entity id -> state the client holds), or undefined. */
function batchJson(batch: ReadonlyMap<string, State | undefined>, states: StateStore): string | undefined {
  const entries: (State | string | undefined)[] = new Array(batch.size * 3);
  let i = 0;
  for (const [entityId, held] of batch) {
    entries[i++] = entityId;
    entries[i++] = held;
    entries[i++] = states.get(entityId);
  }
  const last = lastBatch.entries;
  if (last.length === entries.length) {
    let same = true;
    for (let j = 0; j < entries.length && same; j++) same = last[j] === entries[j];
    if (same) return lastBatch.json;
  }
  const added: string[] = [];
  const diffs: string[] = [];
  const removed: string[] = [];
  for (let j = 0; j < entries.length; j += 3) {
    const key = JSON.stringify(entries[j]);
    const held = entries[j + 1] as State | undefined;
    const current = entries[j + 2] as State | undefined;
    if (current === undefined) {
      if (held !== undefined) removed.push(key);
    } else if (held === undefined) {
      added.push(`${key}:${jsonOfState(current)}`);
    } else if (held !== current) {
      diffs.push(`${key}:${jsonOfDiff(held, current)}`);
    }
  }
  const parts: string[] = [];
  if (added.length > 0) parts.push(`"a":{${added.join(',')}}`);
  if (diffs.length > 0) parts.push(`"c":{${diffs.join(',')}}`);
  if (removed.length > 0) parts.push(`"r":[${removed.join(',')}]`);
  const json = parts.length > 0 ? `{${parts.join(',')}}` : undefined;
  lastBatch = { entries, json };
  return json;
}
