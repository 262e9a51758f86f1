/**
 * The local API's contract, shared by the server, the `corral` CLI client and
 * the inspector page: request bodies as zod schemas (the server validates every
 * request with them) and response shapes as types.
 */
import { z } from 'zod';
import type { Statechart } from '../machines/describe.js';

/** `POST /api/services/call` */
export const serviceCallRequest = z.strictObject({
  domain: z.string().min(1),
  service: z.string().min(1),
  target: z
    .strictObject({
      entity_id: z.union([z.string(), z.array(z.string())]).optional(),
      device_id: z.union([z.string(), z.array(z.string())]).optional(),
      area_id: z.union([z.string(), z.array(z.string())]).optional(),
    })
    .optional(),
  data: z.record(z.string(), z.unknown()).optional(),
  returnResponse: z.boolean().optional(),
});
export type ServiceCallRequest = z.infer<typeof serviceCallRequest>;

/** `POST /api/flows` */
export const flowStartRequest = z.strictObject({
  domain: z.string().min(1),
  source: z.string().min(1).optional(),
});
export type FlowStartRequest = z.infer<typeof flowStartRequest>;

/** `POST /api/flows/:flowId` */
export const flowStepRequest = z.strictObject({
  input: z.record(z.string(), z.unknown()).default({}),
});
export type FlowStepRequest = z.infer<typeof flowStepRequest>;

/** `POST /api/demo/crash` and `POST /api/demo/hang` */
export const demoFaultRequest = z.strictObject({
  group: z.string().min(1).optional(),
});
export type DemoFaultRequest = z.infer<typeof demoFaultRequest>;

/** Every error response: `{ error: { type, message } }` with a 4xx/5xx status. */
export interface ApiError {
  readonly error: { readonly type: string; readonly message: string };
}

export interface GroupStatus {
  readonly group: string;
  /** Dotted lifecycle state, e.g. `live.running`, `live.backoff`, `failed`. */
  readonly state: string;
  readonly pid: number | null;
  /** Restarts inside the current budget window, against the budget. */
  readonly restarts: { readonly recent: number; readonly intensity: number; readonly periodMs: number };
  readonly totalRestarts: number;
  /** Resident memory of the sandbox process, bytes (null when unknown or not running). */
  readonly rssBytes: number | null;
  /** Frames per second over the last sampling interval, both directions. */
  readonly rates: { readonly inPerSec: number; readonly outPerSec: number };
  readonly messages: {
    readonly callsIn: number;
    readonly callsOut: number;
    readonly pushesIn: number;
    readonly pushesOut: number;
  };
  readonly entries: readonly string[];
  readonly lastFailure: string | null;
}

/** `GET /api/status` */
export interface StatusResponse {
  readonly version: string;
  readonly pid: number;
  readonly uptimeMs: number;
  readonly hostRssBytes: number;
  readonly groups: readonly GroupStatus[];
  readonly entryCount: number;
  readonly entityCount: number;
  /**
   * The OS sandbox the hub's sandboxes run under (`bwrap`, `none`), or `inline` when they
   * run in the hub; `reduced` says why isolation is less than bwrap, null when it is not.
   */
  readonly isolation: { readonly os: 'bwrap' | 'none' | 'inline'; readonly reduced: string | null };
}

export interface EntityView {
  readonly entityId: string;
  readonly state: string;
  readonly attributes: Record<string, unknown>;
  readonly lastChanged: string;
  readonly lastUpdated: string;
}

/** `GET /api/entities[?domain=light]` */
export interface EntitiesResponse {
  readonly entities: readonly EntityView[];
}

export interface EntryView {
  readonly entryId: string;
  readonly domain: string;
  readonly title: string;
  /** Config entry lifecycle: `loaded`, `setup_retry`, `setup_error`, `not_loaded`, ... */
  readonly state: string;
  readonly sandbox: string;
}

/** `GET /api/entries` */
export interface EntriesResponse {
  readonly entries: readonly EntryView[];
}

/** One actor as the inspector sees it. */
export interface ActorView {
  /** Stable id: `supervisor`, `sandbox:<group>`, `channel:<group>`, `entry:<id>`, `flow:<id>`, ... */
  readonly id: string;
  /** Id of the tree parent (`hub` for roots). */
  readonly parentId: string;
  readonly kind: string;
  /** Key into `MachinesResponse.machines` when the actor runs a known machine. */
  readonly machine: string | null;
  /** Snapshot value: a string or nested object; dotted form in `stateLabel`. */
  readonly state: unknown;
  readonly stateLabel: string;
  readonly status: 'active' | 'done' | 'error' | 'stopped';
  readonly updatedAt: number;
}

export interface InspectorEvent {
  readonly seq: number;
  readonly at: number;
  readonly actorId: string;
  /** `transition` (state changed), `event` (an event was received), `actor` (created), `stopped`. */
  readonly kind: 'transition' | 'event' | 'actor' | 'stopped';
  readonly eventType: string;
  readonly stateLabel: string | null;
}

/** `GET /api/inspector/actors` */
export interface ActorsResponse {
  readonly actors: readonly ActorView[];
}

/** `GET /api/inspector/machines` */
export interface MachinesResponse {
  readonly machines: Record<string, Statechart>;
}

/** `GET /api/inspector/events?limit=N&actor=ID` (oldest first). */
export interface EventsResponse {
  readonly events: readonly InspectorEvent[];
}

/** Messages on `GET /api/ws` (WebSocket), server -> client, JSON text frames. */
export type WsMessage =
  | {
      readonly type: 'hello';
      readonly actors: readonly ActorView[];
      readonly events: readonly InspectorEvent[];
    }
  | { readonly type: 'actor'; readonly actor: ActorView }
  /** An actor that stopped a while ago left the tree. */
  | { readonly type: 'removed'; readonly actorId: string }
  | { readonly type: 'event'; readonly event: InspectorEvent }
  | { readonly type: 'status'; readonly status: StatusResponse };
