/**
 * The event log's filter and buffer, as pure functions: which events a row
 * shows for, and how past events (`GET /api/inspector/events`, the `hello`
 * frame) and live ones merge without duplicates under a cap.
 */
import type { InspectorEvent } from '../../api/contract.js';
import { readableEventType } from './statechart-model.js';

export type EventKind = InspectorEvent['kind'];
export const EVENT_KINDS: readonly EventKind[] = ['transition', 'event', 'actor', 'stopped'];

export interface EventFilter {
  /** Words the actor id must contain; `-word` excludes. */
  readonly actor: string;
  /** Words the event type (raw or as shown) must contain; `-word` excludes (`-after` hides timers). */
  readonly eventType: string;
  readonly kinds: ReadonlySet<EventKind>;
  /** When set, only this actor's events. */
  readonly onlyActor?: string;
}

export const ALL_KINDS: ReadonlySet<EventKind> = new Set(EVENT_KINDS);

export function eventMatches(event: InspectorEvent, filter: EventFilter): boolean {
  if (!filter.kinds.has(event.kind)) return false;
  if (filter.onlyActor !== undefined && event.actorId !== filter.onlyActor) return false;
  return (
    textMatches(event.actorId, filter.actor) &&
    textMatches(`${event.eventType} ${readableEventType(event.eventType)}`, filter.eventType)
  );
}

/** Every plain word is contained and no `-word` is (case-insensitive); an empty query matches. */
export function textMatches(text: string, query: string): boolean {
  const haystack = text.toLowerCase();
  for (const word of query.toLowerCase().split(/\s+/)) {
    if (word === '' || word === '-') continue;
    if (word.startsWith('-')) {
      if (haystack.includes(word.slice(1))) return false;
    } else if (!haystack.includes(word)) return false;
  }
  return true;
}

export interface EventBuffer {
  /** Oldest first, at most `cap`. */
  readonly events: readonly InspectorEvent[];
  /** Highest seq seen. */
  readonly lastSeq: number;
}

export const emptyBuffer: EventBuffer = { events: [], lastSeq: 0 };

export interface Merged {
  readonly buffer: EventBuffer;
  /** Events that were not in the buffer, oldest first. */
  readonly added: readonly InspectorEvent[];
  /** The hub's sequence went backwards (it restarted): the buffer was started afresh. */
  readonly reset: boolean;
}

/**
 * Merges a batch by `seq`: events at or below the highest seq seen are already
 * shown. A snapshot batch (`hello`, the initial fetch) whose newest event is
 * older than what the page has seen comes from a restarted hub, so it replaces
 * the buffer instead.
 */
export function mergeEvents(
  buffer: EventBuffer,
  incoming: readonly InspectorEvent[],
  cap: number,
  snapshot = false,
): Merged {
  const sorted = [...incoming].sort((a, b) => a.seq - b.seq);
  const newest = sorted.at(-1)?.seq ?? 0;
  const reset = snapshot && buffer.lastSeq > 0 && newest < buffer.lastSeq;
  const base = reset ? emptyBuffer : buffer;
  const added = sorted.filter((e, i) => e.seq > base.lastSeq && sorted[i + 1]?.seq !== e.seq);
  if (added.length === 0 && !reset) return { buffer, added, reset };
  const events = [...base.events, ...added];
  return {
    buffer: {
      events: events.length > cap ? events.slice(events.length - cap) : events,
      lastSeq: Math.max(base.lastSeq, newest),
    },
    added,
    reset,
  };
}
