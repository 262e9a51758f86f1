/**
 * Every message of the wire: its type name, whether it is a call or a push,
 * who sends it, and the generated classes of its request and result. Both sides
 * import this module; the `.proto` is the source of the classes.
 */
import { corral } from './gen/corral.js';

export const PROTOCOL_VERSION = 2;

interface ProtoClass<P, D> {
  encode(message: P, writer?: import('protobufjs').Writer): import('protobufjs').Writer;
  decode(reader: import('protobufjs').Reader | Uint8Array, length?: number): D;
}

/** Host (main) to sandbox, or sandbox to host. */
export type Direction = 'toSandbox' | 'toHost';

// biome-ignore lint/suspicious/noExplicitAny: any generated message class
type AnyProtoClass = ProtoClass<any, any>;

interface CallSpec<Req extends AnyProtoClass, Res extends AnyProtoClass> {
  readonly kind: 'call';
  readonly direction: Direction;
  readonly request: Req;
  readonly result: Res;
}

interface PushSpec<Req extends AnyProtoClass> {
  readonly kind: 'push';
  readonly direction: Direction;
  readonly request: Req;
}

const call = <Req extends AnyProtoClass, Res extends AnyProtoClass>(
  direction: Direction,
  request: Req,
  result: Res,
) => ({ kind: 'call', direction, request, result }) as CallSpec<Req, Res>;
const push = <Req extends AnyProtoClass>(direction: Direction, request: Req) =>
  ({ kind: 'push', direction, request }) as PushSpec<Req>;

export const protocol = {
  ready: push('toHost', corral.Ready),
  ping: call('toSandbox', corral.PingRequest, corral.PingResult),
  shutdown: call('toSandbox', corral.ShutdownRequest, corral.ShutdownResult),
  entry_setup: call('toSandbox', corral.EntrySetupRequest, corral.EntrySetupResult),
  entry_unload: call('toSandbox', corral.EntryUnloadRequest, corral.EntryUnloadResult),
  entry_update: call('toSandbox', corral.EntryUpdateRequest, corral.Empty),
  flow_init: call('toSandbox', corral.FlowInitRequest, corral.FlowResult),
  flow_step: call('toSandbox', corral.FlowStepRequest, corral.FlowResult),
  flow_abort: call('toSandbox', corral.FlowAbortRequest, corral.Empty),
  register_entity: call('toHost', corral.RegisterEntityRequest, corral.RegisterEntityResult),
  register_entities: call('toHost', corral.RegisterEntitiesRequest, corral.RegisterEntitiesResult),
  unregister_entity: call('toHost', corral.UnregisterEntityRequest, corral.Empty),
  state_changed: push('toHost', corral.StateChanged),
  entity_query: call('toSandbox', corral.EntityQueryRequest, corral.EntityQueryResult),
  register_service: call('toHost', corral.RegisterServiceRequest, corral.Empty),
  unregister_service: call('toHost', corral.UnregisterServiceRequest, corral.Empty),
  call_service: call('toSandbox', corral.CallServiceRequest, corral.CallServiceResult),
  fire_event: push('toHost', corral.FireEvent),
  store_load: call('toHost', corral.StoreLoadRequest, corral.StoreLoadResult),
  store_save: call('toHost', corral.StoreSaveRequest, corral.Empty),
  store_remove: call('toHost', corral.StoreRemoveRequest, corral.Empty),
  get_translations: call('toSandbox', corral.GetTranslationsRequest, corral.GetTranslationsResult),
} as const;

export type Protocol = typeof protocol;
export type MessageType = keyof Protocol;
export type CallType = { [K in MessageType]: Protocol[K] extends { kind: 'call' } ? K : never }[MessageType];
export type PushType = Exclude<MessageType, CallType>;

type Decoded<C> = C extends { decode(reader: never, length?: number): infer R } ? R : never;
type Encodable<C> = C extends { encode(message: infer P, writer?: never): unknown } ? P : never;
type ResultSpec<T extends CallType> = Protocol[T] extends { result: infer C } ? C : never;

/** What a sender may pass: the message's fields, all optional (proto3 defaults fill the gaps). */
export type RequestOf<T extends MessageType> = Encodable<Protocol[T]['request']>;
/** What a handler returns for a call. */
export type ResultOf<T extends CallType> = Encodable<ResultSpec<T>>;
/** What a receiver gets: every scalar present (defaults applied), bytes as Uint8Array. */
export type Received<T extends MessageType> = Decoded<Protocol[T]['request']>;
/** What a caller gets back. */
export type Returned<T extends CallType> = Decoded<ResultSpec<T>>;

/** Named constants, so call sites read `Msg.EntrySetup` and typos fail to compile. */
export const Msg = {
  Ready: 'ready',
  Ping: 'ping',
  Shutdown: 'shutdown',
  EntrySetup: 'entry_setup',
  EntryUnload: 'entry_unload',
  EntryUpdate: 'entry_update',
  FlowInit: 'flow_init',
  FlowStep: 'flow_step',
  FlowAbort: 'flow_abort',
  RegisterEntity: 'register_entity',
  RegisterEntities: 'register_entities',
  UnregisterEntity: 'unregister_entity',
  StateChanged: 'state_changed',
  EntityQuery: 'entity_query',
  RegisterService: 'register_service',
  UnregisterService: 'unregister_service',
  CallService: 'call_service',
  FireEvent: 'fire_event',
  StoreLoad: 'store_load',
  StoreSave: 'store_save',
  StoreRemove: 'store_remove',
  GetTranslations: 'get_translations',
} as const satisfies Record<string, MessageType>;

export function isMessageType(type: string): type is MessageType {
  return Object.hasOwn(protocol, type);
}
