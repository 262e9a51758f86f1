/**
 * Baseline child of `bench/sandbox.ts`: a bare `node` that does only what any
 * sandbox must do to say hello. It opens the inherited fd-3 frame pipe exactly
 * as the runtime does, writes one length-prefixed frame at once, then idles
 * until the host closes the pipe.
 */
import net from 'node:net';

const body = Buffer.from(JSON.stringify({ type: 'ready', pid: process.pid }));
const frame = Buffer.alloc(4 + body.length);
frame.writeUInt32BE(body.length, 0);
body.copy(frame, 4);

const socket = new net.Socket({ fd: 3, readable: true, writable: true });
socket.on('error', () => process.exit(1));
socket.on('close', () => process.exit(0));
socket.resume();
socket.write(frame);
