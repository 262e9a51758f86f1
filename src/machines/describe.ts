/**
 * Reads a machine's real definition into plain data — states, initial states,
 * invoked actors, transitions with their events and guards — and renders it as
 * a Mermaid state diagram. Docs and the inspector draw from this, so a drawing
 * can never drift from the machine.
 */
import type { AnyStateMachine } from 'xstate';

export interface StatechartState {
  readonly id: string;
  readonly key: string;
  readonly type: 'atomic' | 'compound' | 'parallel' | 'final' | 'history';
  readonly initial?: string;
  readonly invoke: readonly string[];
  readonly states: readonly StatechartState[];
}

export interface StatechartTransition {
  readonly source: string;
  readonly targets: readonly string[];
  /** Readable event: `stop`, `after readyTimeout`, `always`, `done: heartbeat`. */
  readonly event: string;
  readonly guard?: string;
}

export interface Statechart {
  readonly id: string;
  readonly root: StatechartState;
  readonly transitions: readonly StatechartTransition[];
}

interface NodeLike {
  id: string;
  key: string;
  type: StatechartState['type'];
  states: Record<string, NodeLike>;
  initial?: { target: readonly NodeLike[] };
  invoke: readonly { src: unknown; id: string }[];
  transitions: Map<string, readonly TransitionLike[]>;
  always?: readonly TransitionLike[];
}

interface TransitionLike {
  eventType: string;
  target?: readonly NodeLike[];
  guard?: unknown;
}

export function describeMachine(machine: AnyStateMachine): Statechart {
  const transitions: StatechartTransition[] = [];
  const visit = (node: NodeLike): StatechartState => {
    for (const list of node.transitions.values()) {
      for (const t of list) transitions.push(transition(node, t, eventLabel(node, t.eventType)));
    }
    for (const t of node.always ?? []) transitions.push(transition(node, t, 'always'));
    return {
      id: node.id,
      key: node.key,
      type: node.type,
      initial: node.initial?.target[0]?.id,
      invoke: node.invoke.map((i) => (typeof i.src === 'string' ? i.src : i.id)),
      states: Object.values(node.states).map(visit),
    };
  };
  const root = visit(machine.root as unknown as NodeLike);
  return { id: machine.id, root, transitions };
}

function transition(source: NodeLike, t: TransitionLike, event: string): StatechartTransition {
  const guard = guardName(t.guard);
  return {
    source: source.id,
    targets: (t.target ?? []).map((n) => n.id),
    event,
    ...(guard ? { guard } : {}),
  };
}

function eventLabel(node: NodeLike, eventType: string): string {
  const after = `xstate.after.`;
  if (eventType.startsWith(after)) return `after ${eventType.slice(after.length, -(node.id.length + 1))}`;
  const done = /^xstate\.done\.actor\.(.+)$/.exec(eventType);
  if (done) return `done: ${done[1]}`;
  const error = /^xstate\.error\.actor\.(.+)$/.exec(eventType);
  if (error) return `error: ${error[1]}`;
  return eventType;
}

function guardName(guard: unknown): string | undefined {
  if (!guard) return undefined;
  if (typeof guard === 'string') return guard;
  if (typeof guard === 'object' && guard !== null && 'type' in guard) {
    const g = guard as { type: unknown; params?: unknown };
    return typeof g.type === 'string' ? g.type : 'guard';
  }
  if (typeof guard === 'function') {
    // Higher-order guards (stateIn, not, and, or) are functions carrying what they check, named after what they do.
    const f = guard as { check?: unknown; guards?: readonly unknown[]; stateValue?: unknown; name?: string };
    if (f.stateValue !== undefined) return `in ${String(f.stateValue)}`;
    if (f.guards) {
      const parts = f.guards.map((g) => {
        const name = guardName(g) ?? 'guard';
        return / (and|or) /.test(name) ? `(${name})` : name;
      });
      return f.name === 'not' ? `not ${parts.join(', ')}` : parts.join(` ${f.name || 'and'} `);
    }
    return f.name || 'guard';
  }
  return 'guard';
}

const mermaidId = (id: string) => id.replace(/[^A-Za-z0-9_]/g, '_');

/** A Mermaid `stateDiagram-v2` of the machine: nested states, initial arrows, every transition. */
export function toMermaid(chart: Statechart): string {
  const lines = ['stateDiagram-v2'];
  const byId = new Map<string, StatechartState>();
  const emit = (state: StatechartState, depth: number) => {
    const pad = '  '.repeat(depth);
    byId.set(state.id, state);
    if (state.initial) lines.push(`${pad}[*] --> ${mermaidId(state.initial)}`);
    for (const child of state.states) {
      lines.push(`${pad}state "${child.key}" as ${mermaidId(child.id)}`);
      if (child.states.length > 0) {
        lines.push(`${pad}state ${mermaidId(child.id)} {`);
        emit(child, depth + 1);
        lines.push(`${pad}}`);
      } else byId.set(child.id, child);
      if (child.type === 'final') lines.push(`${pad}${mermaidId(child.id)} --> [*]`);
    }
  };
  emit(chart.root, 1);
  for (const t of chart.transitions) {
    const label = t.guard ? `${t.event} [${t.guard}]` : t.event;
    for (const target of t.targets) {
      lines.push(`  ${mermaidId(t.source)} --> ${mermaidId(target)}: ${label.replace(/:/g, ' ')}`);
    }
  }
  return lines.join('\n');
}

/** One line per transition: `source --event [guard]--> target`, for plain-text docs and tests. */
export function listTransitions(chart: Statechart): string[] {
  const short = (id: string) => id.slice(chart.id.length + 1) || chart.id;
  return chart.transitions.flatMap((t) =>
    (t.targets.length ? t.targets : [t.source]).map(
      (target) =>
        `${short(t.source)} --${t.event}${t.guard ? ` [${t.guard}]` : ''}--> ${t.targets.length ? short(target) : '(stays)'}`,
    ),
  );
}
