/**
 * Which statechart nodes an actor is in, from its snapshot value. The value is
 * walked by state *key* from the chart's root (`{ live: { running: 'waiting' } }`
 * → `sandbox`, `sandbox.live`, `sandbox.live.running`, `sandbox.live.running.waiting`)
 * rather than by building ids, so custom state ids still map. Every region of a
 * parallel state is active; a value that stops short of a leaf (or names an
 * unknown key) makes the deepest known node the leaf — never a guess at an
 * initial state.
 */
import type { Statechart, StatechartState } from '../../machines/describe.js';

export interface ActiveStates {
  /** Every active node: the leaves and all their ancestors, the root included. */
  readonly active: ReadonlySet<string>;
  /** The deepest active node of each active branch. */
  readonly leaves: ReadonlySet<string>;
}

export function activeStates(chart: Statechart, value: unknown): ActiveStates {
  const active = new Set<string>();
  const leaves = new Set<string>();

  const visit = (node: StatechartState, sub: unknown): void => {
    active.add(node.id);
    if (node.states.length === 0) {
      leaves.add(node.id);
      return;
    }
    if (node.type === 'parallel') {
      for (const region of node.states) visit(region, isRecord(sub) ? sub[region.key] : undefined);
      return;
    }
    const step = childStep(node, sub);
    if (step) visit(step.child, step.rest);
    else leaves.add(node.id);
  };

  visit(chart.root, value);
  return { active, leaves };
}

/** The active child of a compound state and the value below it, if the value names one. */
function childStep(
  node: StatechartState,
  sub: unknown,
): { child: StatechartState; rest: unknown } | undefined {
  if (typeof sub === 'string') {
    const child = childByKey(node, sub);
    if (child) return { child, rest: undefined };
    // A dotted label in place of a value: `live.running.waiting`.
    const dot = sub.indexOf('.');
    if (dot > 0) {
      const head = childByKey(node, sub.slice(0, dot));
      if (head) return { child: head, rest: sub.slice(dot + 1) };
    }
    return undefined;
  }
  if (isRecord(sub)) {
    for (const [key, rest] of Object.entries(sub)) {
      const child = childByKey(node, key);
      if (child) return { child, rest };
    }
  }
  return undefined;
}

function childByKey(node: StatechartState, key: string): StatechartState | undefined {
  return node.states.find((s) => s.key === key);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The ids that became active between two snapshots: what the page flashes. */
export function newlyActive(before: ActiveStates | undefined, after: ActiveStates): string[] {
  if (!before) return [];
  return [...after.active].filter((id) => !before.active.has(id));
}

/**
 * Every node entered along a run of snapshots that arrived together (crashed →
 * backoff → live in one frame), so states passed through still flash.
 */
export function enteredAlong(before: ActiveStates | undefined, steps: readonly ActiveStates[]): Set<string> {
  const entered = new Set<string>();
  let previous = before;
  for (const step of steps) {
    for (const id of newlyActive(previous, step)) entered.add(id);
    previous = step;
  }
  return entered;
}
