/**
 * The compact state messages of `subscribe_entities`, as the Home Assistant
 * frontend and home-assistant-js-websocket read them: `a` adds whole states,
 * `c` changes them by a diff (`+` what is new, `-` the attributes removed),
 * `r` removes entities. Times are seconds since the epoch; `lu` is left out when
 * it equals `lc`, and a context with neither parent nor user is just its id.
 */
import { deepEqual } from '../../host/snapshot.js';
import type { Context, State } from '../../host/types.js';

export type CompactContext = string | { id?: string; parent_id?: string | null; user_id?: string | null };

export interface CompactState {
  /** The state. */
  readonly s: string;
  /** Every attribute. */
  readonly a: Readonly<Record<string, unknown>>;
  readonly c: CompactContext;
  /** `last_changed`, s. */
  readonly lc: number;
  /** `last_updated`, s; absent when it equals `lc`. */
  readonly lu?: number;
}

export interface CompactDiff {
  readonly '+'?: {
    s?: string;
    a?: Record<string, unknown>;
    c?: CompactContext;
    lc?: number;
    lu?: number;
  };
  readonly '-'?: { a: string[] };
}

/** One `subscribe_entities` event: any of added, changed, removed. */
export interface CompactEvent {
  a?: Record<string, CompactState>;
  c?: Record<string, CompactDiff>;
  r?: string[];
}

const seconds = (ms: number) => ms / 1000;

function compactContext(context: Context): CompactContext {
  if (context.parentId === null && context.userId === null) return context.id;
  return { id: context.id, parent_id: context.parentId, user_id: context.userId };
}

export function compactState(state: State): CompactState {
  const compact: CompactState = {
    s: state.state,
    a: state.attributes,
    c: compactContext(state.context),
    lc: seconds(state.lastChanged),
  };
  return state.lastUpdated === state.lastChanged ? compact : { ...compact, lu: seconds(state.lastUpdated) };
}

/**
 * What turns `from` into `to` for a client holding `from`: the state, times and
 * context when they differ, the attributes added or changed, the names of those removed.
 */
export function compactDiff(from: State, to: State): CompactDiff {
  const added: NonNullable<CompactDiff['+']> = {};
  if (from.state !== to.state) added.s = to.state;
  if (from.lastChanged !== to.lastChanged) added.lc = seconds(to.lastChanged);
  else if (from.lastUpdated !== to.lastUpdated) added.lu = seconds(to.lastUpdated);
  const context = contextDiff(from.context, to.context);
  if (context !== undefined) added.c = context;
  let removed: string[] | undefined;
  // States share the frozen attributes object while attributes are unchanged.
  if (from.attributes !== to.attributes) {
    for (const [key, value] of Object.entries(to.attributes)) {
      if (!(key in from.attributes) || !deepEqual(from.attributes[key], value)) {
        added.a ??= {};
        added.a[key] = value;
      }
    }
    for (const key of Object.keys(from.attributes)) {
      if (key in to.attributes) continue;
      removed ??= [];
      removed.push(key);
    }
  }
  return removed ? { '+': added, '-': { a: removed } } : { '+': added };
}

/** The context change as the client merges it: a bare id, or the fields that changed. */
function contextDiff(from: Context, to: Context): CompactContext | undefined {
  if (from.parentId === to.parentId && from.userId === to.userId) {
    return from.id === to.id ? undefined : to.id;
  }
  const diff: Exclude<CompactContext, string> = {};
  if (from.id !== to.id) diff.id = to.id;
  if (from.parentId !== to.parentId) diff.parent_id = to.parentId;
  if (from.userId !== to.userId) diff.user_id = to.userId;
  return diff;
}
