export {
  type CallHandler,
  Channel,
  type ChannelOptions,
  type ChannelStats,
  type HandlerContext,
  type PushHandler,
} from './channel.js';
export type { Codec } from './codec.js';
export type { Frame, RequestFrame, ResponseFrame, WireError } from './frame.js';
export { decodeJson, encodeJson, type JsonValue, toJsonSafe } from './json.js';
export { JsonCodec } from './json-codec.js';
export { ProtobufCodec } from './protobuf-codec.js';
export * from './protocol.js';
export type { Transport, TransportSink } from './transport.js';
export { memoryTransportPair } from './transports/memory.js';
export { childPipeTransport, FRAME_FD, inheritedPipeTransport } from './transports/pipe.js';
export { StreamTransport } from './transports/stream.js';
export { dialUnix, listenUnix, type UnixListener } from './transports/unix.js';
