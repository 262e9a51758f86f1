/**
 * One listener on `state_changed` for every `subscribe_entities` subscription of a
 * hub. Changes collect in an open batch (entity id -> the state before the batch's
 * first change to it); a subscription taking its updates closes the batch and
 * reads the batches it has not seen. A subscription that kept up reads the one
 * new batch as it is; one that fell behind folds the batches into its own map. So
 * a write costs one map entry however many subscribers there are.
 */
import type { EventBus, Unsubscribe } from '../../host/event-bus.js';
import type { State } from '../../host/types.js';

/** Entity id -> the state a client held before the changes in the batch. */
export type Batch = ReadonlyMap<string, State | undefined>;

/** Closed batches kept for subscriptions that have not read them; past this the oldest is folded into theirs. */
const MAX_BATCHES = 32;
/** However busy the hub, an entity update waits at most this long for its slot. */
const MAX_SLOT_MS = 1_000;

export interface FeedReader {
  /** Batches closed since this reader last read. */
  lastSeq: number;
  /** Told when the open batch gets its first change. */
  readonly changed: () => void;
  /** Takes a batch this reader will not get to read from the feed: fold it into the reader's own. */
  readonly fold: (batch: Batch) => void;
}

export class EntityFeed {
  readonly #bus: EventBus;
  #open = new Map<string, State | undefined>();
  readonly #closed: { seq: number; batch: Batch }[] = [];
  #seq = 0;
  readonly #readers = new Set<FeedReader>();
  #stop: Unsubscribe | undefined;
  #windowStart = 0;
  #windowCost = 0;
  #lastWindowCost = 0;

  constructor(bus: EventBus) {
    this.#bus = bus;
  }

  /** Starts reading from now on: the reader has seen every change so far. */
  add(reader: Omit<FeedReader, 'lastSeq'>): FeedReader {
    this.#close();
    const added: FeedReader = { ...reader, lastSeq: this.#seq };
    this.#readers.add(added);
    this.#stop ??= this.#bus.listen('state_changed', (event) => {
      const { entityId, oldState } = event.data;
      if (this.#open.has(entityId)) return;
      this.#open.set(entityId, oldState);
      if (this.#open.size === 1) for (const r of this.#readers) r.changed();
    });
    return added;
  }

  remove(reader: FeedReader): void {
    this.#readers.delete(reader);
    if (this.#readers.size > 0) return;
    this.#stop?.();
    this.#stop = undefined;
    this.#open = new Map();
    this.#closed.length = 0;
  }

  /** The batches `reader` has not read (the open one closed first), oldest first; marks them read. */
  read(reader: FeedReader): Batch[] {
    this.#close();
    const unread = this.#closed.filter((c) => c.seq > reader.lastSeq).map((c) => c.batch);
    reader.lastSeq = this.#seq;
    let oldest = this.#seq;
    for (const r of this.#readers) oldest = Math.min(oldest, r.lastSeq);
    while (this.#closed.length > 0 && this.#closed[0]!.seq <= oldest) this.#closed.shift();
    return unread;
  }

  /**
   * How long entity updates wait for their slot: at least `batchMs`, and long enough
   * that sending them took at most `maxPercent` of the hub's time in the last slot.
   * Every connection reads the same value, so their slots stay aligned.
   */
  slotMs(batchMs: number, maxPercent: number): number {
    return Math.min(MAX_SLOT_MS, Math.max(batchMs, Math.ceil((this.#lastWindowCost * 100) / maxPercent)));
  }

  /** Time a connection spent taking and sending its entity updates (`now`: when it finished). */
  recordFlushCost(ms: number, now: number, slotMs: number): void {
    if (now - this.#windowStart >= slotMs) {
      this.#lastWindowCost = this.#windowCost;
      this.#windowCost = 0;
      this.#windowStart = now;
    }
    this.#windowCost += ms;
  }

  #close(): void {
    if (this.#open.size === 0) return;
    this.#closed.push({ seq: ++this.#seq, batch: this.#open });
    this.#open = new Map();
    // Why: a reader that stopped reading would otherwise keep every batch alive.
    while (this.#closed.length > MAX_BATCHES) {
      const { seq, batch } = this.#closed.shift()!;
      for (const r of this.#readers) {
        if (r.lastSeq < seq) {
          r.fold(batch);
          r.lastSeq = seq;
        }
      }
    }
  }
}

const feeds = new WeakMap<EventBus, EntityFeed>();

/** The feed of the hub whose bus is `bus`. */
export function entityFeedOf(bus: EventBus): EntityFeed {
  let feed = feeds.get(bus);
  if (!feed) {
    feed = new EntityFeed(bus);
    feeds.set(bus, feed);
  }
  return feed;
}
