import { describe, expect, it } from 'vitest';
import type { InspectorEvent } from '../../src/api/contract.js';
import {
  ALL_KINDS,
  type EventFilter,
  emptyBuffer,
  eventMatches,
  mergeEvents,
  textMatches,
} from '../../src/inspector/web/event-filter.js';

function event(
  seq: number,
  actorId = 'sandbox:demo',
  kind: InspectorEvent['kind'] = 'transition',
  eventType = 'process.ready',
): InspectorEvent {
  return {
    seq,
    at: seq * 10,
    actorId,
    kind,
    eventType,
    stateLabel: kind === 'transition' ? 'live.running' : null,
  };
}

const seqs = (events: readonly InspectorEvent[]) => events.map((e) => e.seq);
const all: EventFilter = { actor: '', eventType: '', kinds: ALL_KINDS };

describe('eventMatches', () => {
  it('shows every event with an empty filter', () => {
    expect(eventMatches(event(1), all)).toBe(true);
  });

  it('hides kinds that are unchecked', () => {
    expect(eventMatches(event(1, 'a', 'event'), { ...all, kinds: new Set(['transition']) })).toBe(false);
  });

  it('matches the actor by a case-insensitive substring', () => {
    expect(eventMatches(event(1, 'sandbox:Hue'), { ...all, actor: 'hue' })).toBe(true);
    expect(eventMatches(event(1, 'sandbox:demo'), { ...all, actor: 'hue' })).toBe(false);
  });

  it('matches the event type as XState names it or as the page shows it', () => {
    const timer = event(
      1,
      'sandbox:demo',
      'event',
      'xstate.after.heartbeatInterval.sandbox.live.running.waiting',
    );
    expect(eventMatches(timer, { ...all, eventType: 'after heartbeat' })).toBe(true);
    expect(eventMatches(timer, { ...all, eventType: 'xstate.after' })).toBe(true);
    expect(eventMatches(timer, { ...all, eventType: '-after' })).toBe(false);
  });

  it('restricts to one actor when asked', () => {
    expect(eventMatches(event(1, 'sandbox:demo'), { ...all, onlyActor: 'sandbox:demo' })).toBe(true);
    expect(eventMatches(event(1, 'sandbox:demo2'), { ...all, onlyActor: 'sandbox:demo' })).toBe(false);
  });
});

describe('textMatches', () => {
  it('needs every plain word and none of the excluded ones', () => {
    expect(textMatches('proxy:light.kitchen', 'light kitchen')).toBe(true);
    expect(textMatches('proxy:light.kitchen', 'light -kitchen')).toBe(false);
    expect(textMatches('proxy:light.kitchen', '- ')).toBe(true);
  });
});

describe('mergeEvents', () => {
  it('appends only events newer than any seen', () => {
    const first = mergeEvents(emptyBuffer, [event(1), event(2)], 10);
    const second = mergeEvents(first.buffer, [event(2), event(3)], 10);
    expect(seqs(second.buffer.events)).toEqual([1, 2, 3]);
    expect(seqs(second.added)).toEqual([3]);
  });

  it('orders a batch by seq and drops duplicates inside it', () => {
    const merged = mergeEvents(emptyBuffer, [event(3), event(1), event(3), event(2)], 10);
    expect(seqs(merged.buffer.events)).toEqual([1, 2, 3]);
  });

  it('keeps at most cap events, the newest', () => {
    const merged = mergeEvents(
      emptyBuffer,
      [1, 2, 3, 4, 5].map((n) => event(n)),
      3,
    );
    expect(seqs(merged.buffer.events)).toEqual([3, 4, 5]);
    expect(merged.buffer.lastSeq).toBe(5);
  });

  it('starts afresh when a snapshot comes from a hub whose sequence restarted', () => {
    const before = mergeEvents(emptyBuffer, [event(40), event(41)], 10).buffer;
    const merged = mergeEvents(before, [event(1), event(2)], 10, true);
    expect(merged.reset).toBe(true);
    expect(seqs(merged.buffer.events)).toEqual([1, 2]);
    expect(merged.buffer.lastSeq).toBe(2);
  });

  it('treats a snapshot that overlaps what was seen as a continuation', () => {
    const before = mergeEvents(emptyBuffer, [event(1), event(2)], 10).buffer;
    const merged = mergeEvents(before, [event(2), event(3)], 10, true);
    expect(merged.reset).toBe(false);
    expect(seqs(merged.buffer.events)).toEqual([1, 2, 3]);
  });

  it('returns the same buffer when nothing is new', () => {
    const before = mergeEvents(emptyBuffer, [event(1)], 10).buffer;
    expect(mergeEvents(before, [event(1)], 10).buffer).toBe(before);
  });
});
