/**
 * The statechart as the page draws it: each state's outgoing transitions as
 * chips with readable events and targets named relative to the machine root
 * (`live.reaping`, as in docs/statecharts.md).
 */
import type { Statechart, StatechartState } from '../../machines/describe.js';

export interface TransitionChip {
  /** Readable event, with XState's generated invoke ids replaced by the invoked actor's name. */
  readonly event: string;
  /** The event exactly as `describeMachine` wrote it. */
  readonly rawEvent: string;
  readonly guard?: string;
  /** Targets as `{ id, name }`; empty for a transition that stays (actions only). */
  readonly targets: readonly { readonly id: string; readonly name: string }[];
}

export function statesById(chart: Statechart): Map<string, StatechartState> {
  const byId = new Map<string, StatechartState>();
  const visit = (state: StatechartState) => {
    byId.set(state.id, state);
    for (const child of state.states) visit(child);
  };
  visit(chart.root);
  return byId;
}

/** `sandbox.live.reaping` → `live.reaping`; the root keeps its own id. */
export function relativeName(chart: Statechart, id: string): string {
  const prefix = `${chart.id}.`;
  return id.startsWith(prefix) ? id.slice(prefix.length) : id;
}

/** Outgoing transitions grouped by source state id, in definition order. */
export function transitionChips(chart: Statechart): Map<string, TransitionChip[]> {
  const byId = statesById(chart);
  const chips = new Map<string, TransitionChip[]>();
  for (const t of chart.transitions) {
    const list = chips.get(t.source) ?? [];
    list.push({
      event: readableEvent(t.event, byId),
      rawEvent: t.event,
      ...(t.guard ? { guard: t.guard } : {}),
      targets: t.targets.map((id) => ({ id, name: relativeName(chart, id) })),
    });
    chips.set(t.source, list);
  }
  return chips;
}

/**
 * An unnamed invoke gets the id `<index>.<state id>`, so its completion reads
 * `done: 0.configEntry.setup_in_progress`; show the invoked actor's name instead.
 */
export function readableEvent(event: string, byId: ReadonlyMap<string, StatechartState>): string {
  const match = /^(done|error): (\d+)\.(.+)$/.exec(event);
  if (!match) return event;
  const [, kind, index, stateId] = match;
  const name = byId.get(stateId ?? '')?.invoke[Number(index)];
  return name ? `${kind}: ${name}` : event;
}

/**
 * An event type as the log shows it: XState's internal names in the same words
 * as the chart's chips (`xstate.after.heartbeatInterval.sandbox.live.running.waiting`
 * → `after heartbeatInterval`, `xstate.done.actor.heartbeat` → `done: heartbeat`).
 */
export function readableEventType(type: string): string {
  const after = /^xstate\.after\.([^.]+)\./.exec(type);
  if (after) return `after ${after[1]}`;
  const actor = /^xstate\.(done|error)\.actor\.(.+)$/.exec(type);
  if (actor) return `${actor[1]}: ${actor[2]}`;
  if (type === 'xstate.init') return 'init';
  if (type === 'xstate.stop') return 'stop';
  return type;
}

const statesCache = new WeakMap<Statechart, Map<string, StatechartState>>();

/** An event type as the page shows it, naming generated invoke ids by the actor they run when the chart is known. */
export function eventLabel(type: string, chart: Statechart | undefined): string {
  const readable = readableEventType(type);
  if (!chart) return readable;
  let byId = statesCache.get(chart);
  if (!byId) {
    byId = statesById(chart);
    statesCache.set(chart, byId);
  }
  return readableEvent(readable, byId);
}
