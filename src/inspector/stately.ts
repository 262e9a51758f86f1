/**
 * Adapters for Stately's inspector (`@statelyai/inspect`, the XState v5
 * successor of `@xstate/inspect`), for users who want Stately's UI:
 * - `statelyFeed()` turns the hub's inspection events into Stately's event
 *   format for the hub's own `/api/stately` WebSocket, which Stately's
 *   `createWebSocketReceiver({ server })` consumes directly;
 * - `statelyWebSocketInspector(url)` pushes them to a Stately inspector server
 *   (`createInspectorServer` from `@statelyai/inspect/server`).
 */
import { createInspector, createWebSocketInspector, type StatelyInspectionEvent } from '@statelyai/inspect';
import type { InspectionEvent, Observer } from 'xstate';
import { toJsonSafe } from '../wire/json.js';

export interface StatelyFeed {
  /** The observer to combine into the hub's `inspect`. */
  readonly inspect: Observer<InspectionEvent>;
  /** Receive every Stately event from now on (already JSON text); returns the unsubscribe. */
  subscribe(send: (json: string) => void): () => void;
}

/** Live actors remembered for late receivers, at most this many. */
const MAX_REPLAYED_ACTORS = 10_000;

export function statelyFeed(): StatelyFeed {
  const subscribers = new Set<(json: string) => void>();
  // A receiver that connects late still sees every live actor: its registration and latest snapshot.
  const live = new Map<string, { actor: string; snapshot?: string }>();
  const inspector = createInspector({
    send(event: StatelyInspectionEvent) {
      // Snapshots carry contexts with processes and channels in them: keep only what JSON can say.
      const json = JSON.stringify(toJsonSafe(event));
      remember(event, json);
      for (const send of subscribers) send(json);
    },
  });
  function remember(event: StatelyInspectionEvent, json: string): void {
    if (event.type === '@xstate.actor') {
      if (live.size < MAX_REPLAYED_ACTORS) live.set(event.sessionId, { actor: json });
    } else if (event.type === '@xstate.snapshot') {
      const known = live.get(event.sessionId);
      const status = (event.snapshot as { status?: string } | undefined)?.status;
      if (status !== undefined && status !== 'active') live.delete(event.sessionId);
      else if (known) known.snapshot = json;
    }
  }
  return {
    inspect: inspector.inspect,
    subscribe(send) {
      for (const { actor, snapshot } of live.values()) {
        send(actor);
        if (snapshot) send(snapshot);
      }
      subscribers.add(send);
      return () => subscribers.delete(send);
    },
  };
}

/** Push every inspection event to a Stately inspector server at `url` (e.g. `ws://localhost:8080`). */
export function statelyWebSocketInspector(url: string): { inspect: Observer<InspectionEvent>; stop(): void } {
  const inspector = createWebSocketInspector({ url });
  return { inspect: inspector.inspect, stop: () => inspector.stop() };
}

/** One observer that tells each of `observers`; a failing one does not starve the others. */
export function combineInspectors(
  ...observers: readonly (Observer<InspectionEvent> | ((event: InspectionEvent) => void) | undefined)[]
): (event: InspectionEvent) => void {
  const targets = observers.filter((o) => o !== undefined);
  return (event) => {
    for (const target of targets) {
      try {
        if (typeof target === 'function') target(event);
        else target.next?.(event);
      } catch {
        // An inspector's failure must never reach the actor being inspected.
      }
    }
  };
}
