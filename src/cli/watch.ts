/**
 * `corral watch`: state changes streamed live over the hub's Home Assistant
 * WebSocket API (`subscribe_entities`), one line per change. Reconnects when the
 * hub goes away, until `signal` aborts.
 */
import { WebSocket } from 'ws';
import type { CompactDiff, CompactEvent, CompactState } from '../api/ha/compact-states.js';
import { CorralError } from '../errors.js';

export interface WatchOptions {
  /** The hub's API, `http://host:port`. */
  readonly url: string;
  /** The hub's API token, read when each connection authenticates. */
  readonly token: () => Promise<string | undefined>;
  /** Only entities of these domains; every entity when empty. */
  readonly domains?: readonly string[];
  /** One JSON object per line instead of text. */
  readonly json?: boolean;
  readonly print: (line: string) => void;
  /** Notes for the user: connected, lost, refused. */
  readonly note?: (line: string) => void;
  readonly signal?: AbortSignal;
  /** Wait between reconnection attempts. */
  readonly retryMs?: number;
}

/** One entity's change as `watch` prints it. */
export interface WatchedChange {
  readonly entity_id: string;
  readonly state: string;
  readonly old_state: string | null;
  /** Attributes added or changed (all of them for a new entity); removed ones are null. */
  readonly attributes: Record<string, unknown>;
  readonly time: string;
}

export class WatchAuthError extends CorralError {
  constructor() {
    super(
      'unauthorized',
      "the hub refused the token (auth_invalid): pass the hub's --config <dir> or set CORRAL_TOKEN",
    );
  }
}

/** Streams until `signal` aborts (resolves) or the hub refuses the token (rejects with `WatchAuthError`). */
export async function watchStates(options: WatchOptions): Promise<void> {
  const note = options.note ?? (() => {});
  const domains = new Set(options.domains ?? []);
  const wanted = (entityId: string) => domains.size === 0 || domains.has(entityId.split('.')[0] ?? '');
  let connectedBefore = false;
  while (!options.signal?.aborted) {
    const outcome = await watchOnce(options, wanted, () => {
      note(connectedBefore ? 'reconnected' : `watching ${options.url}`);
      connectedBefore = true;
    });
    if (outcome === 'refused') throw new WatchAuthError();
    if (options.signal?.aborted) return;
    if (outcome === 'lost') note('connection lost; reconnecting');
    await new Promise((resolve) => setTimeout(resolve, options.retryMs ?? 1_000));
  }
}

function watchOnce(
  options: WatchOptions,
  wanted: (entityId: string) => boolean,
  onReady: () => void,
): Promise<'refused' | 'lost' | 'unreachable'> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${options.url.replace(/^http/, 'ws')}/api/websocket`);
    const known = new Map<string, CompactState>();
    let ready = false;
    let refused = false;
    const abort = () => ws.close();
    options.signal?.addEventListener('abort', abort, { once: true });
    ws.on('open', async () => {
      ws.send(JSON.stringify({ type: 'auth', access_token: (await options.token()) ?? '' }));
    });
    ws.on('message', (data) => {
      const parsed = JSON.parse(String(data)) as unknown;
      for (const message of (Array.isArray(parsed) ? parsed : [parsed]) as Record<string, unknown>[]) {
        if (message.type === 'auth_invalid') refused = true;
        if (message.type === 'auth_ok') {
          ready = true;
          onReady();
          ws.send(JSON.stringify({ id: 1, type: 'subscribe_entities' }));
        }
        if (message.type === 'event' && message.id === 1) {
          for (const change of applyCompactEvent(known, message.event as CompactEvent)) {
            if (wanted(change.entity_id)) options.print(formatChange(change, options.json ?? false));
          }
        }
      }
    });
    ws.on('error', () => {});
    ws.on('close', () => {
      options.signal?.removeEventListener('abort', abort);
      resolve(refused ? 'refused' : ready ? 'lost' : 'unreachable');
    });
  });
}

/** Applies one `subscribe_entities` event to `known`; the changes it made, in order. */
export function applyCompactEvent(known: Map<string, CompactState>, event: CompactEvent): WatchedChange[] {
  const changes: WatchedChange[] = [];
  for (const [entityId, state] of Object.entries(event.a ?? {})) {
    const old = known.get(entityId);
    known.set(entityId, state);
    changes.push({
      entity_id: entityId,
      state: state.s,
      old_state: old?.s ?? null,
      attributes: { ...state.a },
      time: isoOf(state.lu ?? state.lc),
    });
  }
  for (const [entityId, diff] of Object.entries(event.c ?? {}) as [string, CompactDiff][]) {
    const old = known.get(entityId);
    if (!old) continue;
    const added = diff['+'] ?? {};
    const attributes: Record<string, unknown> = { ...old.a, ...added.a };
    const changed: Record<string, unknown> = { ...added.a };
    for (const key of diff['-']?.a ?? []) {
      delete attributes[key];
      changed[key] = null;
    }
    const lc = added.lc ?? old.lc;
    const next: CompactState = {
      s: added.s ?? old.s,
      a: attributes,
      c: old.c,
      lc,
      lu: added.lc ?? added.lu ?? old.lu,
    };
    known.set(entityId, next);
    changes.push({
      entity_id: entityId,
      state: next.s,
      old_state: old.s,
      attributes: changed,
      time: isoOf(next.lu ?? lc),
    });
  }
  for (const entityId of event.r ?? []) {
    const old = known.get(entityId);
    known.delete(entityId);
    changes.push({
      entity_id: entityId,
      state: 'removed',
      old_state: old?.s ?? null,
      attributes: {},
      time: new Date().toISOString(),
    });
  }
  return changes;
}

const isoOf = (seconds: number) => new Date(seconds * 1000).toISOString();

export function formatChange(change: WatchedChange, json: boolean): string {
  if (json) return JSON.stringify(change);
  const time = change.time.slice(11, 19);
  const transition =
    change.old_state === null || change.old_state === change.state
      ? change.state
      : `${change.old_state} -> ${change.state}`;
  const attributes = Object.entries(change.attributes)
    .map(([key, value]) => `${key}=${JSON.stringify(value)}`)
    .join(' ');
  const line = `${time}  ${change.entity_id}  ${transition}${attributes ? `  ${attributes}` : ''}`;
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}

/** The `corral watch` command: lines to stdout, notes to stderr, until Ctrl-C. */
export async function watchCommand(
  url: string,
  token: () => Promise<string | undefined>,
  domains: readonly string[],
  json: boolean,
): Promise<void> {
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    await watchStates({
      url,
      token,
      domains,
      json,
      print: (line) => process.stdout.write(`${line}\n`),
      note: (line) => process.stderr.write(`corral watch: ${line}\n`),
      signal: controller.signal,
    });
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}
